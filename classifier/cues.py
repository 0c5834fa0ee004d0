"""Explainable cue features of one sentence: lexicons and surface shape.

Each cue is a named number, so a user can ask why a sentence got its label. The lexicons are
deliberately small and general: they carry across outlets where word n-grams do not.
"""

from __future__ import annotations

import math
import re

import numpy as np


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SPEECH_VERBS = _words(
    "say says said saying tell tells told telling state states stated stating stress stresses "
    "stressed add adds added note notes noted urge urges urged demand demands demanded demanding "
    "blame blames blamed threaten threatens threatened declare declares declared announce "
    "announces announced reiterate reiterated warn warns warned insist insists insisted argue "
    "argues argued claim claims claimed explain explained ask asks asked reply replied "
    "acknowledge acknowledged admit admitted deny denies denied confirm confirms confirmed "
    "accuse accused criticise criticised criticize criticized slam slammed blast blasted "
    "condemn condemned hint hinted suggest suggested tweet tweeted write wrote "
    "call called calling describe described vow vowed pledge pledged promise promised "
    "recall recalled concede conceded predict predicted quip quipped remark remarked"
)
ATTRIBUTION_PHRASES = (
    r"according to|in a statement|in an interview|told reporters|said in|quoted as|"
    r"reported|reports|cited|citing|spokesman|spokeswoman|spokesperson|sources? (?:say|said)|"
    r"expressed (?:his|her|their|its) (?:condolences|hope|concern)|pointed out"
)
EVALUATIVE_WORDS = _words(
    "good bad best worst great terrible important crucial critical dangerous remarkable "
    "shameful disgraceful outrageous absurd ridiculous unacceptable disastrous tragic "
    "welcome troubling worrying alarming significant clear obvious wrong right fair unfair "
    "underscores underscore highlights reflects shows reveals proves signals marks "
    "rising clout failure success victory defeat crisis hypocrisy cynical naive "
    "should must ought deserve deserves needs"
)
HEDGES = _words(
    "may might could perhaps possibly probably likely unlikely apparently seemingly seems "
    "seem appears appear suggests allegedly reportedly presumably arguably"
)
INTENSIFIERS = _words(
    "very extremely highly truly really deeply clearly certainly undoubtedly surely "
    "absolutely totally completely utterly increasingly so too even only"
)
MODALS = _words("will would shall should can could may might must")
FIRST_PERSON = _words("i me my mine we us our ours myself ourselves")
SECOND_PERSON = _words("you your yours yourself yourselves")
BOILERPLATE_WORDS = _words(
    "advertisement advertising sponsored subscribe subscription newsletter sign login log "
    "share tweet facebook twitter whatsapp telegram instagram linkedin email reply comment "
    "comments commentaire donate donation support contact terms privacy cookie cookies "
    "copyright rights reserved photo photos image credit credits caption logo follow click "
    "read related previous next home menu search skip print download app standards policy "
    "editor editors staff newsroom published updated"
)
MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)

_FLAGS = re.IGNORECASE
_ATTRIBUTION = re.compile(rf"\b(?:{ATTRIBUTION_PHRASES})\b", _FLAGS)
_QUOTE_THEN_SPEECH = re.compile(
    r"[,.?!][\"”’']\s+(?:\w+\s+){0,4}(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\b", _FLAGS
)
_SPEAKER = (
    r"(?:he|she|they|(?:the|a|an|its|his|her|their)(?:\s+[\w'’-]+){1,3}"
    r"|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
)
# Tested on the text before and after each speech verb: "X said ..." (reported speech, at most
# two words such as "also" between); "..., X said." and "..., said X." closing the sentence;
# "said ... that".
_SPEAKER_BEFORE_VERB = re.compile(
    rf"(?:^|[,;—–-]\s*|\b(?:that|and|but|as)\s+){_SPEAKER}\s+(?:\w+\s+){{0,2}}$"
)
_CLOSING_SPEAKER_BEFORE_VERB = re.compile(rf",[\"”’']?\s+{_SPEAKER}\s+(?:\w+\s+)?$")
_COMMA_BEFORE_VERB = re.compile(r",[\"”’']?\s+$")
_SENTENCE_END_AFTER_VERB = re.compile(r"[.!?]?$")
_CLOSING_SPEAKER_AFTER_VERB = re.compile(rf"\s+{_SPEAKER}\b[^.!?]*[.!?]?$")
_THAT_AFTER_VERB = re.compile(r"\s+(?:\w+\s+){0,3}?that\b", _FLAGS)
_COLON_QUOTE = re.compile(r":\s*[\"“«]")
# Page chrome shapes: menu separators and bullets, timestamps, "12 comments", teasers cut short.
_SEPARATOR = re.compile(r"(?:^|\s)[|•·»›«‹/→▸►]\s|^\s*[-–—*]\s")
_SEPARATOR_CHARS = frozenset("|•·»›«‹/→▸►-–—*")  # a separator match holds one of these
_TIME_STAMP = re.compile(
    r"\b\d{1,2}:\d\d\b|\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
    r"\s+ago\b",
    _FLAGS,
)
_COUNT_THEN_WORD = re.compile(r"^\(?\d[\d,.]*\)?\s*[^\W\d_]*$")
_BYLINE = re.compile(r"^(?:by|written by|posted by|from)\s+[A-Z]", _FLAGS)
# Word lexicons counted per sentence, in the order their cues appear in CUE_NAMES.
LEXICONS = {
    "speech_verbs": SPEECH_VERBS,
    "first_person": FIRST_PERSON,
    "second_person": SECOND_PERSON,
    "evaluative": EVALUATIVE_WORDS,
    "hedges": HEDGES,
    "intensifiers": INTENSIFIERS,
    "modals": MODALS,
    "boilerplate_words": BOILERPLATE_WORDS,
}
_LEXICONS_OF_WORD: dict[str, tuple[int, ...]] = {
    word: tuple(i for i, lexicon in enumerate(LEXICONS.values()) if word in lexicon)
    for word in set().union(*LEXICONS.values())
}
_URL = re.compile(r"https?://|www\.|(?<![@.\w])[\w-]+\.(?:com|org|net|co\.uk|io)\b", _FLAGS)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.\w+|\[email\s*protected\]", _FLAGS)
_DATE = re.compile(
    rf"\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b|\b\d{{4}}-\d\d-\d\d\b", _FLAGS
)
_SPEAKER_COLON = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}:\s")
_WORD = re.compile(r"[^\W_][\w'’-]*")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_STRAIGHT_QUOTE = '"'
_QUOTED_SPAN = re.compile(r"“[^”]*”?|\"[^\"]*\"?|«[^»]*»?")

CUE_NAMES = (
    "log_chars",
    "log_words",
    "is_short",
    "ends_terminal",
    "ends_question",
    "ends_colon_or_none",
    "starts_with_quote",
    "ends_with_quote",
    "quote_marks",
    "quote_balance",
    "odd_straight_quotes",
    "share_in_quotes",
    "speech_verbs",
    "quote_then_speech_verb",
    "attribution_phrase",
    "speaker_colon",
    "first_person",
    "second_person",
    "evaluative",
    "hedges",
    "intensifiers",
    "modals",
    "boilerplate_words",
    "url",
    "email",
    "date",
    "digit_share",
    "upper_share",
    "title_case_share",
    "speaker_then_speech_verb",
    "closing_attribution",
    "speech_verb_that",
    "colon_then_quote",
    "separator",
    "time_stamp",
    "count_then_word",
    "byline",
    "copyright_sign",
    "ends_with_ellipsis",
    "starts_lowercase",
)


def sentence_cues(text: str) -> list[float]:
    """The cue vector of one sentence, in the order of ``CUE_NAMES``.

    Patterns that need a digit (dates, time stamps, counts) or a separator character are only
    searched in sentences that have one: the same values, fewer regex scans."""
    stripped = text.strip()
    words = _WORD.findall(stripped)
    n_words = len(words)
    n_chars = max(len(stripped), 1)
    per_word = 10.0 / max(n_words, 1)
    last = stripped[-1:]
    first = stripped[:1]
    closes = stripped.count("”") + stripped.count("»")
    straight = stripped.count(_STRAIGHT_QUOTE)
    curly_open = stripped.count("“") + stripped.count("«")
    quote_marks = curly_open + closes + straight
    quoted_chars = sum(map(len, _QUOTED_SPAN.findall(stripped))) if quote_marks else 0
    n_letters = max(len(_LETTER.findall(stripped)), 1)
    n_digits = len(_DIGIT.findall(stripped))
    lexicon_hits = [0] * len(LEXICONS)
    for word in words:
        for index in _LEXICONS_OF_WORD.get(word.lower(), ()):
            lexicon_hits[index] += 1
    speech, first_p, second_p, evaluative, hedges, intensifiers, modals, chrome = lexicon_hits
    return [
        math.log1p(len(stripped)),
        math.log1p(n_words),
        float(n_words <= 4),
        float(bool(last) and (last in ".!?" or (last in '”"’»' and stripped[-2:-1] in ".!?,"))),
        float("?" in stripped[-3:]),
        float(not last or last not in '.!?”"’»)'),
        float(bool(first) and first in '“"«‘'),
        float(bool(last) and (last in '”"»' or stripped.endswith("’”"))),
        float(quote_marks),
        float(curly_open - closes),
        float(straight % 2),
        quoted_chars / n_chars,
        speech * per_word,
        float(bool(quote_marks and _QUOTE_THEN_SPEECH.search(stripped))),
        float(bool(_ATTRIBUTION.search(stripped))),
        float(bool(_SPEAKER_COLON.match(stripped))),
        first_p * per_word,
        second_p * per_word,
        evaluative * per_word,
        hedges * per_word,
        intensifiers * per_word,
        modals * per_word,
        chrome * per_word,
        float(bool(_URL.search(stripped))),
        float(("@" in stripped or "[email" in stripped) and bool(_EMAIL.search(stripped))),
        float(bool(n_digits and _DATE.search(stripped))),
        n_digits / n_chars,
        sum(map(str.isupper, stripped)) / n_letters,
        sum(1 for w in words if w[0].isupper()) * per_word / 10,
        *_speech_patterns(stripped, speech),
        float(bool(not _SEPARATOR_CHARS.isdisjoint(stripped) and _SEPARATOR.search(stripped))),
        float(bool(n_digits and _TIME_STAMP.search(stripped))),
        float(bool(n_digits and _COUNT_THEN_WORD.match(stripped))),
        float(bool(_BYLINE.match(stripped))),
        float("©" in stripped),
        float(stripped.endswith(("...", "…"))),
        float(first.islower()),
    ]


def _speech_patterns(stripped: str, speech_verbs: int) -> list[float]:
    """Where a speech verb sits: after a named or pronoun speaker, closing the sentence, before
    "that"; and a colon opening a quote."""
    found = [False, False, False]
    if speech_verbs:
        for match in _WORD.finditer(stripped):
            if match.group().lower() in SPEECH_VERBS:
                before, after = stripped[: match.start()], stripped[match.end() :]
                found[0] = found[0] or bool(_SPEAKER_BEFORE_VERB.search(before))
                found[1] = found[1] or _closes_with_attribution(before, after)
                found[2] = found[2] or bool(_THAT_AFTER_VERB.match(after))
    return [*map(float, found), float(bool(_COLON_QUOTE.search(stripped)))]


def _closes_with_attribution(before: str, after: str) -> bool:
    if _SENTENCE_END_AFTER_VERB.match(after) and _CLOSING_SPEAKER_BEFORE_VERB.search(before):
        return True
    return bool(_COMMA_BEFORE_VERB.search(before) and _CLOSING_SPEAKER_AFTER_VERB.match(after))


def cue_matrix(texts) -> np.ndarray:
    """Stack the cue vectors of many sentences into an ``(n, len(CUE_NAMES))`` array."""
    rows = [sentence_cues(text) for text in texts]
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(CUE_NAMES))
