"""What kind of speaker a phrase names, and how it reads as written."""

from __future__ import annotations

import re

from .lexicon import (
    ANONYMOUS_HEADS,
    ANONYMOUS_MARKS,
    ANONYMOUS_STARTS,
    PRONOUNS,
    TITLES,
)

_NO_SPACE_BEFORE = frozenset(",.;:!?)’”'")
_ANONYMOUS_MARK = re.compile("|".join(map(re.escape, ANONYMOUS_MARKS)))


def classify_speaker(words: list[str], lower: list[str]) -> str:
    """``named``, ``role``, ``anonymous`` or ``pronoun`` for the speaker phrase ``words``.

    A phrase whose last word is capitalised and not a title is a name ("Russian President Vladimir
    Putin", "The New York Times"); one that starts like "a", "one", "several" or speaks of
    sources or people is anonymous; any other phrase is a role ("the Turkish army", "police").
    """
    if len(words) == 1 and lower[0] in PRONOUNS:
        return "pronoun"
    if lower[0] in ANONYMOUS_STARTS or lower[-1] in ANONYMOUS_HEADS - {"official", "officials"}:
        return "anonymous"
    if _ANONYMOUS_MARK.search(" ".join(lower)):
        return "anonymous"
    if words[-1][0].isupper() and lower[-1] not in TITLES:
        return "named"
    return "role"


def join_words(words: list[str]) -> str:
    """The phrase as text: words joined by spaces, none before closing punctuation."""
    text = ""
    for word in words:
        text += word if not text or word in _NO_SPACE_BEFORE else " " + word
    return text


def kind_of_phrase(phrase: str) -> str:
    """``classify_speaker`` for a phrase given as text (a resolved pronoun's speaker); "" for an
    empty phrase."""
    words = [word.strip(",.;:!?\"'“”‘’()") for word in phrase.split()]
    words = [word for word in words if word]
    if not words:
        return ""
    return classify_speaker(words, [word.lower() for word in words])
