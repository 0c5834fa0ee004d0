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
   common sentence opener follows.

``text[span.start:span.end]`` is always the sentence, and only whitespace lies between spans.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

from .schema import ARTICLE_ID, DOC_ID, END, SENT_INDEX, SOURCE, START, TEXT


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
NUMBER_ABBREVIATIONS = frozenset("no nos vol art p pp fig ch sec para".split())
# Abbreviations that often end a sentence too: they split only before a sentence opener.
AMBIGUOUS_ABBREVIATIONS = frozenset("inc ltd co corp plc llc jr sr etc al bros".split())
SENTENCE_OPENERS = frozenset(
    "The A An He She It They We I You His Her Its Their Our My This That These Those There But "
    "And In On At For As After Before When While If Some Many Most However Meanwhile Also Still "
    "Yet So Now Then Earlier Later".split()
)
SPEECH_VERBS_AFTER_QUOTE = (
    "said|says|asked|asks|told|added|adds|stressed|noted|replied|continued|insisted|warned|"
    "declared|explained|wrote|writes|tweeted|recalled|concluded|argued|urged|demanded"
)

_LINE = re.compile(r"[^\r\n]+")
_CANDIDATE = re.compile(r"([.!?…]+)([\"'”’»)\]]*)(?=\s)")
_TOKEN_BEFORE = re.compile(r"[\"'“‘(\[]*([^\s\"'“‘(\[]*)\Z")
_NEXT_WORD = re.compile(r"[\"'“‘(\[]*([^\W\d_][\w'’-]*)")
_DOTTED_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_ATTRIBUTION_AFTER_QUOTE = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+){1,4}(?:" + SPEECH_VERBS_AFTER_QUOTE + r")\b"
)
_NOT_SPACE = re.compile(r"\S")
_LOOKBEHIND = 40


def split_sentences(text: str) -> list[Span]:
    """Return the sentence spans of ``text`` in order."""
    spans: list[Span] = []
    for line in _LINE.finditer(text):
        spans.extend(_split_line(text, line.start(), line.end()))
    return spans


def _split_line(text: str, line_start: int, line_end: int) -> list[Span]:
    first = _NOT_SPACE.search(text, line_start, line_end)
    if first is None:
        return []
    start = first.start()
    end = line_end
    while text[end - 1].isspace():
        end -= 1
    spans = []
    for candidate in _CANDIDATE.finditer(text, start, end):
        next_char = _NOT_SPACE.search(text, candidate.end(), end)
        if next_char is None:
            break
        if _is_boundary(text, candidate, next_char.start(), end):
            spans.append(Span(start, candidate.end()))
            start = next_char.start()
    spans.append(Span(start, end))
    return spans


def _is_boundary(text: str, candidate: re.Match[str], next_pos: int, line_end: int) -> bool:
    punct, closers = candidate.group(1), candidate.group(2)
    following = text[next_pos : min(line_end, next_pos + 80)]
    if following[0].islower():
        return False
    next_word_match = _NEXT_WORD.match(following)
    next_word = next_word_match.group(1) if next_word_match else ""
    if next_word[:1].islower():
        return False
    if closers and _ATTRIBUTION_AFTER_QUOTE.match(following):
        return False
    if punct.startswith("..") or punct == "…":
        return False
    if punct != "." or closers:
        return True
    token = _TOKEN_BEFORE.search(text, max(0, candidate.start() - _LOOKBEHIND), candidate.start())
    word = token.group(1) if token else ""
    return _ends_sentence_after(word, following, next_word)


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
    """One row per sentence of every article: ``doc_id, source, sent_index, start, end, text``."""
    rows = []
    for article_id, source, text in zip(
        articles_df[ARTICLE_ID], articles_df[SOURCE], articles_df[TEXT], strict=True
    ):
        for index, (start, end) in enumerate(split_sentences(text)):
            rows.append((article_id, source, index, start, end, text[start:end]))
    return pd.DataFrame(rows, columns=[DOC_ID, SOURCE, SENT_INDEX, START, END, TEXT])
