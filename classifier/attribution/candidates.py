"""Cue and speaker candidates of one sentence, found by cheap rules over its tokens.

A cue candidate is a reporting verb ("said"), "according to" or an early colon ("Smith: ...").
Around each cue the rules propose the phrases that could be its speaker: the phrase ending just
before it ("Smith said", "a senior official has said"), the one before a comma-bounded apposition
("Mr. Smith, the consultant, said"), the one just after it ("..., said Smith") and the one after
"according to". A candidate is a tuple ``(start, end, cue, cue_end, side, skipped)`` of token
indexes (ends exclusive); which candidate is the speaker is decided elsewhere (``features``,
``read``).
"""

from __future__ import annotations

import re

from .lexicon import (
    DETERMINERS,
    NAME_CONNECTORS,
    OPENERS,
    PRONOUNS,
    RIGHT_STOPS,
    SKIPPED,
    TITLES,
)

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|Rev|St|Jr|Sr)\."
    r"|\w+(?:[’'.-]\w+)*|[^\w\s]"
)
MAX_SKIPPED = 3  # words between a speaker and its verb ("has also repeatedly said")
MAX_APPOSITION = 14  # tokens of "Mr. Smith, the consultant who ..., said"
MAX_PHRASE = 7  # words of a lower-case speaker phrase ("a senior administration official")
MAX_COLON_AT = 8  # a colon further in than this does not introduce a speaker
MAX_OPENING = 4  # quote marks and openers ("But", "Meanwhile,") skipped to a sentence's subject
MAX_SUBJECT = 5  # words of a lower-case opening phrase tried as the subject
SIDES = ("left", "apposed", "apposition", "right", "according", "colon", "subject")
_EXTENDERS = (("familiar", "with"), ("close", "to"), ("briefed", "on"), ("aware", "of"))


def split_tokens(text: str) -> list[str]:
    """Words (keeping "Mr.", "U.S." and "Trump’s" whole) and single punctuation marks."""
    return _TOKEN.findall(text)


def _is_word(token: str) -> bool:
    return token[0].isalnum()


def _is_capitalised(token: str) -> bool:
    return token[0].isupper()


def find_cues(tokens: list[str], lower: list[str], cue_words: frozenset[str]) -> list[tuple]:
    """``(cue, cue_end)`` token spans of the cue candidates, in sentence order."""
    cues = []
    last = len(tokens) - 1
    for i, low in enumerate(lower):
        if low in cue_words and (i == 0 or not tokens[i][:1].isupper()):  # not "UNITED STATES"
            if low == "according":
                if i < last and lower[i + 1] == "to":
                    cues.append((i, i + 2))
            elif i < last and lower[i + 1] == "reporters":
                cues.append((i, i + 2))
            else:
                cues.append((i, i + 1))
        elif low == ":" and 0 < i <= MAX_COLON_AT:
            cues.append((i, i + 1))
    return cues


def find_candidates(
    tokens: list[str], lower: list[str], cues: list[tuple], *, subjects: bool = True
) -> list[tuple]:
    """The speaker candidates around each cue (see the module docstring); with ``subjects`` the
    sentence's opening phrase too (only the learned scorer weighs it: the rules never pick it)."""
    found = []
    for cue, cue_end in cues:
        low = lower[cue]
        if low == "according":
            end = _phrase_end(tokens, lower, cue_end)
            if end > cue_end:
                found.append((cue_end, end, cue, cue_end, "according", 0))
            continue
        if low == ":":
            start = phrase_start(tokens, lower, cue - 1)
            if start >= 0:
                found.append((start, cue, cue, cue_end, "colon", 0))
            continue
        _add_left(found, tokens, lower, cue, cue_end)
        end = _phrase_end(tokens, lower, cue_end)
        if end > cue_end:
            found.append((cue_end, end, cue, cue_end, "right", 0))
    if subjects:
        _add_subjects(found, tokens, lower, {cue for cue, _ in cues})
    return found


def _add_subjects(found: list, tokens: list[str], lower: list[str], cues: set[int]) -> None:
    """The sentence's opening phrase with the word after it as its cue, when that word is no
    known cue: PolNeAR's speakers often "testified", "touted" or "was upfront about" things."""
    count = len(tokens)
    first = 0
    while first < min(count, MAX_OPENING) and (
        not _is_word(tokens[first]) or lower[first] in OPENERS
    ):
        first += 1
    if first >= count or not _is_word(tokens[first]):
        return
    if _is_capitalised(tokens[first]) and lower[first] not in DETERMINERS:
        ends = [_phrase_end(tokens, lower, first)]
    elif lower[first] in PRONOUNS:
        ends = [first + 1]
    else:
        ends = range(first + 1, min(first + MAX_SUBJECT, count))
    for end in ends:
        verb = end
        if verb < count and tokens[verb] == ",":
            closing = verb + 1
            while closing < count and closing - verb < MAX_APPOSITION and tokens[closing] != ",":
                closing += 1
            verb = closing + 1
        skipped = 0
        while verb < count and skipped < MAX_SKIPPED and lower[verb] in SKIPPED:
            verb += 1
            skipped += 1
        if verb >= count or verb in cues or not tokens[verb][0].islower():
            continue
        if not _is_word(tokens[verb]) or lower[verb] in RIGHT_STOPS:
            continue
        found.append((first, end, verb, verb + 1, "subject", skipped))


def _add_left(found: list, tokens: list[str], lower: list[str], cue: int, cue_end: int) -> None:
    last = cue - 1
    skipped = 0
    while (
        last >= 0
        and skipped < MAX_SKIPPED
        and (lower[last] in SKIPPED or lower[last].endswith("ly"))
    ):
        last -= 1
        skipped += 1
    if last < 0:
        return
    if tokens[last] == ",":
        opening = last - 1
        while opening > 0 and last - opening < MAX_APPOSITION and tokens[opening] != ",":
            opening -= 1
        if opening > 0 and tokens[opening] == ",":
            inner = phrase_start(tokens, lower, last - 1)
            if inner > opening:
                found.append((inner, last, cue, cue_end, "apposition", skipped))
            start = phrase_start(tokens, lower, opening - 1)
            if start >= 0:
                found.append((start, opening, cue, cue_end, "apposed", skipped))
        return
    start = phrase_start(tokens, lower, last)
    if start >= 0:
        found.append((start, last + 1, cue, cue_end, "left", skipped))


def phrase_start(tokens: list[str], lower: list[str], last: int) -> int:
    """Where the speaker phrase whose last token is ``last`` starts, or -1 when none ends there."""
    if last < 0 or not _is_word(tokens[last]) or lower[last] in RIGHT_STOPS - {"who"}:
        return -1
    if lower[last] in PRONOUNS:
        return last
    start = last
    if _is_capitalised(tokens[last]):
        while start > 0:
            prev, low = tokens[start - 1], lower[start - 1]
            if _is_word(prev) and _is_capitalised(prev) and low not in OPENERS:
                start -= 1
            elif low in TITLES or (
                low in NAME_CONNECTORS and start > 1 and _is_capitalised(tokens[start - 2])
            ):
                start -= 1
            else:
                break
        if start > 0 and lower[start - 1] == "the":
            start -= 1
        while start < last and lower[start] in NAME_CONNECTORS:
            start += 1
        return start
    while start > 0 and last - start < MAX_PHRASE:
        low = lower[start]
        if low in DETERMINERS:
            break
        prev = tokens[start - 1]
        low_prev = lower[start - 1]
        if not _is_word(prev) or low_prev in RIGHT_STOPS or low_prev in SKIPPED:
            break
        if low_prev in PRONOUNS:
            break
        if _is_capitalised(prev) and low_prev in OPENERS:
            break
        start -= 1
    if start >= 2 and (lower[start - 2], lower[start - 1]) in _EXTENDERS:
        outer = phrase_start(tokens, lower, start - 3)
        if outer >= 0:
            return outer
    return start


def _phrase_end(tokens: list[str], lower: list[str], first: int) -> int:
    """Where the speaker phrase that starts at ``first`` ends (exclusive); ``first`` when none."""
    count = len(tokens)
    if first >= count or not _is_word(tokens[first]):
        return first
    if lower[first] in PRONOUNS:
        return first + 1
    end = first
    if _is_capitalised(tokens[first]) or lower[first] in TITLES:
        while end < count:
            token, low = tokens[end], lower[end]
            if _is_word(token) and (_is_capitalised(token) or low in TITLES):
                end += 1
            elif low in NAME_CONNECTORS and end + 1 < count and _is_capitalised(tokens[end + 1]):
                end += 1
            else:
                break
        return end
    while end < count and end - first < MAX_PHRASE:
        token, low = tokens[end], lower[end]
        if not _is_word(token) or (end > first and low in RIGHT_STOPS):
            break
        end += 1
    return end
