"""The main text of pages, from their tagged sentences (``classifier extract``).

An article's main text is its sentences not tagged ``boilerplate``, in order, with its paragraphs
kept: sentences that start on the same line of the article's text are joined by a space, lines
(an HTML page's blocks) by a newline. One row per article: ``id, url, source, title, date, text``
(url, title and date None when the input does not say); a page with no visible text has text "".
"""

from __future__ import annotations

import re
from bisect import bisect_right

import pandas as pd

from ..schema import ARTICLE_ID, DOC_ID, END, LABEL, SENT_INDEX, SOURCE, START, TEXT

BOILERPLATE = "boilerplate"
PAGE_COLUMNS = (ARTICLE_ID, "url", SOURCE, "title", "date", TEXT)
_NEWLINE = re.compile("\n")


def page_rows(articles: list[dict], tagged_df: pd.DataFrame) -> pd.DataFrame:
    """One row per article of ``articles`` (in order) with its main text, from ``tagged_df``:
    the tagged sentences of those articles, in the same order, each article's numbered from 0
    (pages with no visible text have none)."""
    doc_ids = tagged_df[DOC_ID].tolist()
    indexes = tagged_df[SENT_INDEX].tolist()
    kept = (tagged_df[LABEL] != BOILERPLATE).tolist()
    spans = list(zip(tagged_df[START].tolist(), tagged_df[END].tolist(), strict=True))
    texts = []
    cursor = 0
    for article in articles:
        first = cursor
        # An article's sentences: the run from the cursor with its id, numbered 0, 1, 2...
        while (
            cursor < len(doc_ids)
            and doc_ids[cursor] == article[ARTICLE_ID]
            and indexes[cursor] == cursor - first
        ):
            cursor += 1
        ranges = [spans[i] for i in range(first, cursor) if kept[i]]
        texts.append(main_text(article.get(TEXT) or "", ranges))
    if cursor != len(doc_ids):
        raise ValueError("tagged sentences do not follow the articles they were tagged from")
    columns = {name: [article.get(name) for article in articles] for name in PAGE_COLUMNS}
    return pd.DataFrame(columns | {TEXT: texts}, columns=list(PAGE_COLUMNS), dtype=object)


def main_text(text: str, spans: list[tuple[int, int]]) -> str:
    """The sentences ``text[start:end]`` of ``spans`` (in order): a space between sentences that
    start on the same line of ``text``, a newline between lines."""
    breaks = [match.start() for match in _NEWLINE.finditer(text)] if spans else []
    lines: list[list[str]] = []
    last_line = None
    for start, end in spans:
        line = bisect_right(breaks, start)
        if line != last_line:
            lines.append([])
            last_line = line
        lines[-1].append(text[start:end])
    return "\n".join(" ".join(sentences) for sentences in lines)
