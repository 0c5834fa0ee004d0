"""Split article text into sentences with exact character offsets.

The splitter is a small pipeline of rules over one line at a time:

1. Lines are units. A line never joins the next one, so chrome such as "Logo", "Advertisement",
   a subheading or a URL is its own sentence even without closing punctuation.
2. Inside a line, a candidate boundary is terminal punctuation (``. ! ? …``), any closing quote
   marks or brackets right after it, then whitespace. A sentence that ends inside a quote ends
   after the closing mark.
3. A candidate is rejected when the next word starts in lower case, after an ellipsis, after a
   title or date abbreviation (``Mr.``, ``Maj. Gen.``, ``Sept.``, ``Wed.``), after ``No.`` before
   a number, and when a closing quote is followed by its attribution (``"Why?" Putin asked.``).
   Initials, acronyms (``U.S.``) and company suffixes (``Inc.``) end a sentence only when a
   common sentence opener follows (``The``, ``He``, ``How``, ``Did``...). An ellipsis (``...``,
   ``…``, ``. . .``) goes on; four dots (``....``, ``. . . .``) end a sentence.
4. A line that is an inline numbered or lettered list (``1. The first item 2. The second``)
   splits before each item, and a marker's own period does not split (``list_items``).

``text[span.start:span.end]`` is always the sentence, and only whitespace lies between spans.

For speed, the regex engine does the scanning: one pass over the text finds the lines, one pass
per terminal mark present finds the candidates, and Python code runs only per candidate (a few
per hundred sentences), not per line or character.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import chain, repeat
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..schema import ARTICLE_ID, DOC_ID, END, MARKUP, SENT_INDEX, SOURCE, START, TEXT
from .list_items import list_items, may_have_list_items

_ROW_COLUMNS = [DOC_ID, SOURCE, SENT_INDEX, START, END, TEXT]
_NEWLINE = re.compile("\n")


class Span(NamedTuple):
    start: int
    end: int


# Never end a sentence: they introduce a name, a number or a date.
TITLE_ABBREVIATIONS = frozenset(
    "mr mrs ms messrs dr prof gen maj col lt sgt capt cmdr adm brig cpl pvt rep sen gov pres "
    "supt insp rev hon fr st mt ft ave blvd dept univ approx".split()
)
DATE_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "mon tue tues wed thu thur thurs fri sat sun".split()
)
# Abbreviations that are followed by a number when they do not end a sentence.
NUMBER_ABBREVIATIONS = frozenset("no nos n° vol art p pp fig ch sec para".split())
# Abbreviations that often end a sentence too: they split only before a sentence opener.
AMBIGUOUS_ABBREVIATIONS = frozenset("inc ltd co corp plc llc jr sr etc al bros".split())
SENTENCE_OPENERS = frozenset(
    "The A An He She It They We I You His Her Its Their Our My This That These Those There But "
    "And In On At For As After Before When While If Some Many Most However Meanwhile Also Still "
    "Yet So Now Then Earlier Later How What Why Who Where Which Did Do Does Is Are Was Were Can "
    "Could Will Would Should".split()
)
SPEECH_VERBS_AFTER_QUOTE = (
    "said|says|asked|asks|told|added|adds|stressed|noted|replied|continued|insisted|warned|"
    "declared|explained|wrote|writes|tweeted|recalled|concluded|argued|urged|demanded"
)

_NEXT_WORD = re.compile(r"[\"'“‘(\[]*([^\W\d_][\w'’-]*)")
_DOTTED_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_ATTRIBUTION_AFTER_QUOTE = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+){1,4}(?:" + SPEECH_VERBS_AFTER_QUOTE + r")\b"
)
TERMINAL_PUNCTUATION = ".!?…"
CLOSING_MARKS = "\"'”’»)]"
# A line without the white space around it (once "\r" is "\n"): the run to the line's end steps
# back to its last character that is not white space.
_LINE = re.compile(r"[^\s][^\n]*(?<=[^\s])")
# A candidate starts where a run of terminal punctuation starts (the lookbehind: no mark right
# before it) and ends at white space with more text after it on the line; group 1 is where that
# text starts. One pattern per first mark, so that each starts with a literal, which the regex
# engine finds much faster than a class.
_CANDIDATES = tuple(
    (mark, re.compile(re.escape(mark) + r"(?<![.!?…].)[.!?…]*[\"'”’»)\]]*(?=[^\S\n]+(\S))"))
    for mark in TERMINAL_PUNCTUATION
)
# The word before a period is what follows the last white space or opening mark before it.
_THROUGH_LAST_SEPARATOR = re.compile(r"(?s:.*)[\s\"'“‘(\[]")
# A spaced ellipsis (". . .") before a period: group 1 is the character before its first dot.
_SPACED_DOTS_BEFORE = re.compile(r"(\S?)((?:\.[^\S\n])+)\Z")
# After a period glued to a word, a spaced ellipsis that opens the next sentence.
_ELLIPSIS_OPENS_NEXT = re.compile(r"\.(?:[^\S\n]\.)+[^\S\n]+[\"'“‘(\[]*[A-Z]")
_LOOKBEHIND = 40  # characters before a period that may be its word
_LOOKAHEAD = 80  # characters after a candidate that are looked at


def split_sentences(text: str) -> list[Span]:
    """Return the sentence spans of ``text`` in order."""
    return list(map(Span._make, _sentence_bounds(text)))


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence of ``text``."""
    text = text.replace("\r", "\n")  # both end a line; the offsets stay the same
    lines = [line.span() for line in _LINE.finditer(text)]
    boundaries = _boundaries(text, lines)
    if may_have_list_items(text):
        boundaries = with_list_items(text, boundaries)
    if not boundaries:
        return lines
    # Each boundary ends a sentence inside a line and starts the next one there.
    starts = sorted([start for start, _ in lines] + [resume for _, resume in boundaries])
    ends = sorted([end for _, end in lines] + [cut for cut, _ in boundaries])
    return list(zip(starts, ends, strict=True))


def _boundaries(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``(end of a sentence, start of the next)`` at every accepted candidate, in no order."""
    line_ends = None
    boundaries = []
    for mark, candidates in _CANDIDATES:
        if mark not in text:
            continue
        for candidate in candidates.finditer(text):
            punct_start, end = candidate.span()
            next_start = candidate.start(1)
            if "a" <= text[next_start] <= "z":  # the next word is in lower case (rule 3)
                continue
            if line_ends is None:
                line_ends = [line_end for _, line_end in lines]
            line = bisect_left(line_ends, end)
            line_end = line_ends[line]
            marks = text[punct_start:end]
            punct = marks.rstrip(CLOSING_MARKS)
            if _is_boundary(
                punct=punct,
                closers=marks[len(punct) :],
                following=text[next_start : min(line_end, next_start + _LOOKAHEAD)],
                word=_word_before(text, punct_start),
                before=text[max(lines[line][0], punct_start - _LOOKBEHIND) : punct_start],
            ):
                boundaries.append((end, next_start))
    return boundaries


def with_list_items(text: str, boundaries: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``boundaries`` with a boundary before every later item of an inline list and none right
    after a list marker (``list_items``)."""
    item_starts, markers = list_items(text)
    inside_marker = {cut for start, end in markers for cut in range(start + 1, end + 1)}
    kept = {(cut, resume) for cut, resume in boundaries if cut not in inside_marker}
    taken = {cut for cut, _ in kept}
    return list(kept | {(cut, resume) for cut, resume in item_starts if cut not in taken})


def _word_before(text: str, punct_start: int) -> str:
    head = text[max(0, punct_start - _LOOKBEHIND) : punct_start]
    through_separator = _THROUGH_LAST_SEPARATOR.match(head)
    return head[through_separator.end() :] if through_separator else head


def _is_boundary(punct: str, closers: str, following: str, word: str, before: str = "") -> bool:
    """Decide a candidate from its punctuation and closing marks, the text that follows on its
    line, the word before it and the text before it on its line (up to ``_LOOKBEHIND``)."""
    if following[0].islower():
        return False
    if punct == "." and not closers:
        dots = _SPACED_DOTS_BEFORE.search(before) if before[-1:].isspace() else None
        if following[0] == "." or dots is not None:
            return _ends_sentence_in_spaced_dots(following, word, dots)
    next_word_match = _NEXT_WORD.match(following)
    next_word = next_word_match.group(1) if next_word_match else ""
    if next_word[:1].islower():
        return False
    if closers and _ATTRIBUTION_AFTER_QUOTE.match(following):
        return False
    if punct == "…" or (punct.startswith("..") and len(punct) < 4):
        return False  # an ellipsis goes on; four dots are an ellipsis and a period
    if punct != "." or closers:
        return True
    return _ends_sentence_after(word, following, next_word)


def _ends_sentence_in_spaced_dots(following: str, word: str, dots: re.Match | None) -> bool:
    """Decide a single period that is part of a spaced ellipsis (". . ." or ". . . ."):
    ``dots`` are the ellipsis's dots before it, if any."""
    if following[0] == ".":
        # A period glued to a word, then an ellipsis that opens the next sentence.
        return bool(word) and dots is None and _ELLIPSIS_OPENS_NEXT.match(following) is not None
    if dots.group(1):  # the ellipsis after a glued period: the sentence ended at that period
        return False
    return dots.group(2).count(".") + 1 >= 4  # ". . . ." ends a sentence, ". . ." goes on


def _ends_sentence_after(word: str, following: str, next_word: str) -> bool:
    """Decide a single period after ``word``."""
    lower = word.lower()
    if lower in TITLE_ABBREVIATIONS:
        return False
    if lower in DATE_ABBREVIATIONS and word[:1].isupper():
        return False
    if lower in NUMBER_ABBREVIATIONS and following[:1].isdigit():
        return False
    is_initial = len(word) == 1 and word.isalpha()
    if is_initial or lower in AMBIGUOUS_ABBREVIATIONS or _DOTTED_ACRONYM.fullmatch(word):
        return next_word in SENTENCE_OPENERS
    return True


def sentences_of(text: str) -> list[str]:
    """The sentences of ``text`` as strings (a convenience for notebooks and tests)."""
    return [text[start:end] for start, end in split_sentences(text)]


def segment_articles(articles_df: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of every article: ``doc_id, source, sent_index, start, end, text``,
    and ``markup`` when the articles have it (HTML pages: the markup tokens of each sentence's
    line; "" for an article without markup)."""
    texts = articles_df[TEXT].tolist()
    bounds = [_sentence_bounds(text) for text in texts]
    counts = np.array([len(spans) for spans in bounds], dtype=np.int64)
    if counts.sum() == 0:
        columns = _ROW_COLUMNS + ([MARKUP] if MARKUP in articles_df.columns else [])
        return pd.DataFrame([], columns=columns)
    flat = chain.from_iterable(chain.from_iterable(bounds))
    offsets = np.fromiter(flat, dtype=np.int64, count=2 * counts.sum()).reshape(-1, 2)
    sentences_df = _sentence_rows(articles_df, texts, bounds, counts, offsets)
    if MARKUP in articles_df.columns:
        sentences_df[MARKUP] = sentence_markup(texts, articles_df[MARKUP].tolist(), bounds)
    return sentences_df


def sentence_markup(texts: list[str], markups: list, bounds: list[list[tuple[int, int]]]) -> list:
    """The markup line of the text line that each sentence starts on ("" without markup)."""
    rows = []
    for text, markup, spans in zip(texts, markups, bounds, strict=True):
        if not isinstance(markup, str) or not markup:
            rows += [""] * len(spans)
            continue
        lines = markup.split("\n")
        breaks = [match.start() for match in _NEWLINE.finditer(text)]
        for start, _end in spans:
            line = bisect_left(breaks, start)
            rows.append(lines[line] if line < len(lines) else "")
    return rows


def _sentence_rows(articles_df, texts, bounds, counts, offsets) -> pd.DataFrame:
    return pd.DataFrame(
        {
            DOC_ID: _repeat_each(articles_df[ARTICLE_ID].tolist(), counts),
            SOURCE: _repeat_each(articles_df[SOURCE].tolist(), counts),
            SENT_INDEX: np.arange(len(offsets)) - np.repeat(np.cumsum(counts) - counts, counts),
            START: offsets[:, 0],
            END: offsets[:, 1],
            TEXT: [
                text[start:end]
                for text, spans in zip(texts, bounds, strict=True)
                for start, end in spans
            ],
        }
    )


def _repeat_each(values: list, counts: np.ndarray) -> list:
    """Each value ``count`` times, as Python objects: pandas infers the column's type from them
    as it would from rows."""
    return list(chain.from_iterable(map(repeat, values, counts.tolist())))
