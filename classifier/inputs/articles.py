"""All the articles of some inputs at once, for the commands that need them whole (``label``,
``train --pages``, tagging ``--sentences``-free runs in memory): ``streaming`` read to the end.

Whole-input problems (a CSV missing a column, a file that does not exist) raise ``InputError``;
an article that cannot be used (an empty text file, a JSONL line that is not JSON) is a failure,
and a page with no visible text is listed apart, so that the rest can still be used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from ..schema import ARTICLE_ID, MARKUP, NO_TEXT, OPTIONAL_ARTICLE_COLUMNS, SOURCE, TEXT
from .streaming import check_inputs, iter_articles


@dataclass
class Articles:
    """Articles read (``id, source, text`` and any optional columns), the failures, and the
    messages of the pages with no visible text (not in ``rows``)."""

    rows: list[dict] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    no_text: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """The rows as a table; ``markup`` is a column when some row is an HTML page."""
        columns = [ARTICLE_ID, SOURCE, TEXT]
        columns += [c for c in OPTIONAL_ARTICLE_COLUMNS if any(c in row for row in self.rows)]
        if any(MARKUP in row for row in self.rows):
            columns.append(MARKUP)
        frame = pd.DataFrame(self.rows, columns=columns)
        if MARKUP in frame.columns:
            frame[MARKUP] = frame[MARKUP].fillna("")
        return frame


def read_articles(inputs: Iterable[str], *, source: str | None = None) -> Articles:
    """Read articles from text or HTML files, folders of them, JSONL, CSV, Parquet, WARC or ``-``
    (JSONL on stdin)."""
    inputs = list(inputs)
    check_inputs(inputs)
    articles = Articles()
    for item in iter_articles(inputs, source=source):
        if isinstance(item, str):
            articles.failures.append(item)
        elif item.get(NO_TEXT):
            articles.no_text.append(item[NO_TEXT])
        else:
            articles.rows.append(item)
    return articles
