"""Explainable cue features of one sentence: lexicons and surface shape.

Each cue is a named number, so a user can ask why a sentence got its label. The lexicons are
deliberately small and general: they carry across outlets where word n-grams do not.
"""

from __future__ import annotations

import math
import re

import numpy as np


def _words(text: str) -> str:
    return "|".join(sorted(set(text.split()), key=len, reverse=True))


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
_SPEECH = re.compile(rf"\b(?:{SPEECH_VERBS})\b", _FLAGS)
_ATTRIBUTION = re.compile(rf"\b(?:{ATTRIBUTION_PHRASES})\b", _FLAGS)
_QUOTE_THEN_SPEECH = re.compile(rf"[,.?!][\"”’']\s+(?:\w+\s+){{0,4}}(?:{SPEECH_VERBS})\b", _FLAGS)
_EVALUATIVE = re.compile(rf"\b(?:{EVALUATIVE_WORDS})\b", _FLAGS)
_HEDGE = re.compile(rf"\b(?:{HEDGES})\b", _FLAGS)
_INTENSIFIER = re.compile(rf"\b(?:{INTENSIFIERS})\b", _FLAGS)
_MODAL = re.compile(rf"\b(?:{MODALS})\b", _FLAGS)
_FIRST = re.compile(rf"\b(?:{FIRST_PERSON})\b", _FLAGS)
_SECOND = re.compile(rf"\b(?:{SECOND_PERSON})\b", _FLAGS)
_BOILERPLATE = re.compile(rf"\b(?:{BOILERPLATE_WORDS})\b", _FLAGS)
_URL = re.compile(r"https?://|www\.|(?<![@.\w])[\w-]+\.(?:com|org|net|co\.uk|io)\b", _FLAGS)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.\w+|\[email\s*protected\]", _FLAGS)
_DATE = re.compile(
    rf"\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b|\b\d{{4}}-\d\d-\d\d\b", _FLAGS
)
_SPEAKER_COLON = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}:\s")
_WORD = re.compile(r"[^\W_][\w'’-]*")
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
)


def sentence_cues(text: str) -> list[float]:
    """The cue vector of one sentence, in the order of ``CUE_NAMES``."""
    stripped = text.strip()
    words = _WORD.findall(stripped)
    n_words = len(words)
    n_chars = len(stripped)
    per_word = 1.0 / max(n_words, 1)
    last = stripped[-1:]
    first = stripped[:1]
    closes = stripped.count("”") + stripped.count("»")
    straight = stripped.count(_STRAIGHT_QUOTE)
    curly_open = stripped.count("“") + stripped.count("«")
    quoted_chars = sum(len(m) for m in _QUOTED_SPAN.findall(stripped))
    letters = [c for c in stripped if c.isalpha()]
    n_letters = max(len(letters), 1)
    return [
        math.log1p(n_chars),
        math.log1p(n_words),
        float(n_words <= 4),
        float(bool(last) and (last in ".!?" or (last in '”"’»' and stripped[-2:-1] in ".!?,"))),
        float("?" in stripped[-3:]),
        float(not last or last not in '.!?”"’»)'),
        float(bool(first) and first in '“"«‘'),
        float(bool(last) and (last in '”"»' or stripped.endswith("’”"))),
        float(curly_open + closes + straight),
        float(curly_open - closes),
        float(straight % 2),
        quoted_chars / max(n_chars, 1),
        len(_SPEECH.findall(stripped)) * per_word * 10,
        float(bool(_QUOTE_THEN_SPEECH.search(stripped))),
        float(bool(_ATTRIBUTION.search(stripped))),
        float(bool(_SPEAKER_COLON.match(stripped))),
        len(_FIRST.findall(stripped)) * per_word * 10,
        len(_SECOND.findall(stripped)) * per_word * 10,
        len(_EVALUATIVE.findall(stripped)) * per_word * 10,
        len(_HEDGE.findall(stripped)) * per_word * 10,
        len(_INTENSIFIER.findall(stripped)) * per_word * 10,
        len(_MODAL.findall(stripped)) * per_word * 10,
        len(_BOILERPLATE.findall(stripped)) * per_word * 10,
        float(bool(_URL.search(stripped))),
        float(bool(_EMAIL.search(stripped))),
        float(bool(_DATE.search(stripped))),
        sum(c.isdigit() for c in stripped) / max(n_chars, 1),
        sum(c.isupper() for c in letters) / n_letters,
        sum(w[0].isupper() for w in words) * per_word,
    ]


def cue_matrix(texts) -> np.ndarray:
    """Stack the cue vectors of many sentences into an ``(n, len(CUE_NAMES))`` array."""
    rows = [sentence_cues(text) for text in texts]
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(CUE_NAMES))
