"""The speaker reader the report used before ``classifier.attribution``: pattern rules over one
sentence, "he added" taking the article's last named speaker, and unattributed quotes taking the
nearest attribution in their run of quotes. Kept here, out of the package, as the baseline that
``benchmarks/speakers.py`` measures the new reader against in the same run.
"""

from __future__ import annotations

import re

import pandas as pd

SPEAKER_VERBS = (
    "said says say saying told tells added adds stated states noted notes stressed stresses "
    "explained explains insisted insists claimed claims argued argues warned warns declared "
    "declares announced announces wrote writes asked asks replied replies responded responds "
    "commented comments remarked remarks acknowledged acknowledges admitted admits confirmed "
    "confirms denied denies reiterated reiterates emphasized emphasised urged urges tweeted "
    "expressed hinted vowed slammed blasted conceded alleged boasted recalled predicted "
    "pointed threatened threatens blamed blames demanded demands accused accuses called "
    "condemned condemns criticised criticized"
).split()
# Organisations named by their kind ("according to the ministry"): identified, so not anonymous.
INSTITUTIONS = (
    "ministry government police army military agency company council court department office "
    "embassy commission committee authorities prosecutors prosecutor union university hospital "
    "report statement study survey"
).split()
PRONOUNS = ("he", "she", "they", "it", "we", "i")
ANONYMOUS_SOURCE = (
    r"\b(?:an?|one|two|three|several|some|other|many)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:officials?|sources?|diplomats?|insiders?|aides?|people|persons?|spokes(?:man|woman|person)"
    r"|residents?|witness(?:es)?|observers?|analysts?|experts?|officers?|members?)\b"
    r"|\b(?:sources|officials|insiders|diplomats)\s+(?:\w+\s+)?(?:said|say|says|told|close)\b"
    r"|condition of anonymity|not (?:to )?be (?:named|identified)|\bunnamed\b|\banonymous\b"
    r"|familiar with the"
)
_FLAGS = re.IGNORECASE
_VERBS = "|".join(SPEAKER_VERBS)
_CAPITALISED = r"[A-Z][\w’'.-]*"
_NAME = rf"{_CAPITALISED}(?:\s+(?:(?:al|bin|de|van|von|of|the)\s+)?{_CAPITALISED})*"
_ADVERB = r"(?:(?:also|later|then|has|have|had|was|were|is|had|once|again|repeatedly)\s+)*"
_NAME_THEN_VERB = re.compile(rf"({_NAME})\s+{_ADVERB}(?:{_VERBS})\b")
_QUOTE_THEN_VERB_NAME = re.compile(rf"[,.?!][”\"’]\s+(?:{_VERBS})\s+({_NAME})")
_ACCORDING_TO = re.compile(
    rf"\b[Aa]ccording to\s+(?:the\s+)?({_NAME}|(?:{'|'.join(INSTITUTIONS)})\b)"
)
_AS_NAME_VERB = re.compile(rf"\bAs\s+({_NAME})\s+(?:{_VERBS})\b")
_PRONOUN_SPEAKER = re.compile(
    rf"\b(?:{'|'.join(PRONOUNS)})\s+{_ADVERB}(?:{_VERBS})\b"
    rf"|\b(?:{_VERBS})\s+(?:{'|'.join(PRONOUNS)})\b",
    _FLAGS,
)
_TRAILING_STOP = re.compile(r"(?<=\w{3})[.,]$")
_ANONYMOUS = re.compile(ANONYMOUS_SOURCE, _FLAGS)
_NOT_A_NAME = frozenset(
    "the a an this that these those it he she they we i his her their its our as but and or "
    "in on at after before when while if then also however meanwhile earlier later last "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)

NAMED, ANONYMOUS, UNATTRIBUTED = "named", "anonymous", "unattributed"


def read_speaker(text: str) -> tuple[str, str]:
    """``(attribution, speaker)`` of one quotation sentence.

    attribution is ``named`` (speaker is the name as written), ``anonymous`` ("a senior official
    said"), ``pronoun`` ("he added": the speaker is named elsewhere) or ``unattributed``.
    """
    if _ANONYMOUS.search(text):
        return ANONYMOUS, ""
    for pattern in (_AS_NAME_VERB, _QUOTE_THEN_VERB_NAME, _ACCORDING_TO, _NAME_THEN_VERB):
        for match in pattern.finditer(text):
            name = _clean_name(match.group(1))
            if name:
                return NAMED, name
    if _PRONOUN_SPEAKER.search(text):
        return "pronoun", ""
    return UNATTRIBUTED, ""


def _clean_name(name: str) -> str:
    """Drop leading words that cannot start a name ("The", "But", weekday names)."""
    words = name.split()
    while words and words[0].lower().strip(".,") in _NOT_A_NAME:
        words = words[1:]
    while words and words[-1].lower() in _NOT_A_NAME:
        words = words[:-1]
    return _TRAILING_STOP.sub("", " ".join(words))


def attribute_quotes(texts: pd.Series, articles: pd.Series) -> pd.DataFrame:
    """``attribution`` and ``speaker`` for each quotation sentence, in article order
    (``articles`` tells which sentences share an article): "he added" takes the article's last
    named speaker."""
    attributions, speakers = [], []
    last_article, last_named = None, ""
    for article, text in zip(articles, texts, strict=True):
        if article != last_article:
            last_article, last_named = article, ""
        attribution, speaker = read_speaker(str(text))
        if attribution == NAMED:
            last_named = speaker
        elif attribution == "pronoun":
            attribution, speaker = (NAMED, last_named) if last_named else (UNATTRIBUTED, "")
        attributions.append(attribution)
        speakers.append(speaker)
    return pd.DataFrame({"attribution": attributions, "speaker": speakers}, index=texts.index)


def fill_quote_runs(attribution: pd.Series, speaker: pd.Series, run_ids: pd.Series):
    """Unattributed sentences take the attribution of the nearest attributed one in their run."""
    known = attribution.where(attribution != UNATTRIBUTED)
    grouped = known.groupby(run_ids)
    filled = grouped.ffill().fillna(grouped.bfill()).fillna(UNATTRIBUTED)
    known_speaker = speaker.where(attribution != UNATTRIBUTED)
    grouped_speaker = known_speaker.groupby(run_ids)
    filled_speaker = grouped_speaker.ffill().fillna(grouped_speaker.bfill()).fillna("")
    return filled, filled_speaker
