"""HTML pages as articles: one page's bytes to its article row, and ``.html`` files as inputs.

A page becomes an article row with ``text`` = its visible text blocks, one per line, and
``markup`` = the markup tokens of each block, one line per text line (``html_text``), which a
page-aware model reads. A page with no visible text (a single-page app, an empty body) is not a
failure: its row has ``text`` "" and ``no_text`` saying where, and it is counted apart, not tagged.

``.html``, ``.htm`` (and gzip-compressed ``.html.gz``, ``.htm.gz``) files and folders of them are
inputs like ``.txt`` files: ``id`` = the file name without its suffix, ``url`` = the page's
canonical URL (``<link rel="canonical">`` or ``og:url``) when it gives one, and ``source`` =
``--source``, else the file's row in ``sources.csv`` beside it, else the canonical URL's host,
else the folder's name.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from ..schema import ARTICLE_ID, MARKUP, NO_TEXT, SOURCE, TEXT
from .records import article_from_record

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
MAX_PAGE_BYTES = 10 * 1024 * 1024
_BINARY_PROBE_BYTES = 8192


def is_html_file(path: Path) -> bool:
    return path.name.lower().endswith(HTML_SUFFIXES)


def html_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and is_html_file(p))


def page_id(path: Path) -> str:
    """The file name without its HTML suffix (``0001.html.gz`` -> ``0001``)."""
    name = path.name
    suffix = next(s for s in HTML_SUFFIXES if name.lower().endswith(s))
    return name[: -len(suffix)]


def page_article(
    raw: bytes,
    where: str,
    fields: dict,
    source: str | None,
    *,
    content_type: str | None = None,
) -> dict | str:
    """The article row of a page's bytes (``fields``: ``id`` and any of ``url, title, date``;
    the page's own title and canonical URL fill those it lacks), or why it cannot be one."""
    from .html_text import blocks_to_text, decode_html, parse_page  # pages only: selectolax

    if b"\0" in raw[:_BINARY_PROBE_BYTES]:
        return f"{where}: binary content, not HTML text; not tagged"
    page = parse_page(decode_html(raw, content_type=content_type))
    row = {key: value for key, value in fields.items() if value}
    for key, value in (("title", page.title), ("url", page.url)):
        if value and key not in row:
            row[key] = value
    if not page.blocks:
        return _no_text_row(row, where, source)
    row |= {TEXT: blocks_to_text(page.blocks), MARKUP: "\n".join(page.markup)}
    return article_from_record(row, where, source)


def _no_text_row(row: dict, where: str, source: str | None) -> dict:
    """A page with no visible text: kept as a row (text "") so a run can count and list it."""
    stand_in = article_from_record({**row, TEXT: "-"}, where, source)
    if isinstance(stand_in, str):  # no id: the failure says so
        return stand_in
    return stand_in | {TEXT: "", NO_TEXT: f"{where}: no visible text in the page; nothing to tag"}


def html_file_article(
    path: Path, source: str | None, sources: dict[str, str], folder_name: str
) -> dict | str:
    """The article row (or failure) of an HTML file; ``sources``: ``sources.csv`` beside it."""
    raw = _read_bytes(path)
    if isinstance(raw, str):
        return raw
    doc_id = page_id(path)
    fields = {ARTICLE_ID: doc_id, SOURCE: source or sources.get(doc_id)}
    return page_article(raw, str(path), fields, folder_name or None)


def _read_bytes(path: Path) -> bytes | str:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            raw = handle.read(MAX_PAGE_BYTES + 1)
    except (OSError, EOFError, zlib.error) as e:
        return f"{path}: cannot be read ({e}); not tagged"
    if len(raw) > MAX_PAGE_BYTES:
        return f"{path}: page larger than {MAX_PAGE_BYTES // 2**20} MB; not tagged"
    if not raw.strip():
        return f"{path}: empty file; nothing to tag"
    return raw
