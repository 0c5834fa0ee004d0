"""One article from one input record (a JSONL line, a table row, a WARC page): the columns every
reader yields, and the failure message when a record cannot be an article."""

from __future__ import annotations

from urllib.parse import urlparse

import pandas as pd

from ..schema import ARTICLE_ID, MARKUP, OPTIONAL_ARTICLE_COLUMNS, SOURCE, TEXT, UNKNOWN_SOURCE
from ..text.arrow_text import utf8_safe

TEXT_SUFFIXES = (".txt",)
ROW_SUFFIXES = (".jsonl", ".csv", ".parquet")
WARC_SUFFIXES = (".warc", ".warc.gz")


def article_from_record(record: dict, where: str, source: str | None) -> dict | str:
    """The article row (``id, source, text`` and optional columns) or, if unusable, the failure.
    ``source`` is the default when the record has neither a source nor a URL with a host; an HTML
    page's ``markup`` is kept as it is."""
    text = record.get(TEXT)
    article_id = record.get(ARTICLE_ID)
    if not isinstance(text, str) or not text.strip():
        return f"{where}: missing or empty 'text'"
    if article_id is None or str(article_id).strip() == "" or pd.isna(article_id):
        return f"{where}: missing 'id'; give every article an id"
    row = {
        ARTICLE_ID: str(article_id),
        SOURCE: _source_of(record, source),
        TEXT: text,
    }
    for column in OPTIONAL_ARTICLE_COLUMNS:
        if column in record and not _is_missing(record[column]):
            row[column] = str(record[column])
    if isinstance(record.get(MARKUP), str):
        row[MARKUP] = record[MARKUP]
    # JSON can spell a lone surrogate ("\ud800"); UTF-8 outputs and Arrow cannot hold one.
    return {column: utf8_safe(value) for column, value in row.items()}


def _source_of(record: dict, default: str | None) -> str:
    given = record.get(SOURCE)
    if not _is_missing(given) and str(given).strip():
        return str(given)
    return host_of(record.get("url")) or default or UNKNOWN_SOURCE


def host_of(url) -> str | None:
    """The host of a URL without ``www.`` (None when there is none)."""
    if not isinstance(url, str) or not url.strip():
        return None
    try:
        host = urlparse(url.strip()).hostname
    except ValueError:  # e.g. an invalid IPv6 literal
        return None
    return host.removeprefix("www.") if host else None


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))
