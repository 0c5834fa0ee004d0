"""Read articles from WARC files of crawled pages (``.warc``, ``.warc.gz``): an input edge.

``iter_warc_articles`` streams the records with warcio, one at a time, and turns every HTML page
(a ``response`` record with status 200 and Content-Type ``text/html`` or ``application/xhtml+xml``)
into an article: ``id`` = WARC-Record-ID (without its angle brackets; without one, ``url-`` and a
hash of the URI), ``url`` = WARC-Target-URI, ``source`` = the URI's host without ``www.``,
``title`` = ``<title>``, ``date`` = WARC-Date, ``text`` = the visible text blocks, one per line,
and ``markup`` = their markup tokens (``html_pages``). Other records (requests, metadata, images,
redirects, 404s) are skipped silently: they are not articles. A page with no visible text is a row
without text (``no_text`` says where: counted, not tagged); a page that cannot be used (binary,
too large) is a failure naming the file, the record id and its offset; a record warcio cannot
read ends that file with a failure, as nothing after it can be found reliably.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..schema import ARTICLE_ID
from .html_pages import MAX_PAGE_BYTES, page_article
from .records import WARC_SUFFIXES

HTML_TYPES = ("text/html", "application/xhtml+xml")
_MESSAGE_CHARS = 120


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def check_warc(path: Path) -> None:
    """Raise ``InputError`` unless ``path`` opens as a WARC file with at least one record."""
    # warcio (and fsspec under it) load here, not at start-up: most runs read no WARC.
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with open(path, "rb") as handle:
            next(iter(ArchiveIterator(handle)), None)
    except (ArchiveLoadFailed, OSError, EOFError) as e:
        raise InputError(
            f"{path}: not a readable WARC file ({_short(e)}); give .warc or .warc.gz crawl files"
        ) from e


def iter_warc_articles(path: Path, source: str | None = None) -> Iterator[dict | str]:
    """Every HTML page of the WARC file in order: its article row, or why it failed."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with open(path, "rb") as handle:
        records = ArchiveIterator(handle)
        offset = None  # of the last record read; warcio knows it once the record is read
        try:
            for record in records:
                content = _read_page(record) if _is_html_page(record) else None
                offset = records.get_record_offset()
                if content is not None:
                    record_id = _record_id(record) or "without WARC-Record-ID"
                    where = f"{path} record {record_id} at offset {offset}"
                    yield _article_of(record, content, where, source)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as e:
            place = "at its start" if offset is None else f"after the record at offset {offset}"
            yield (
                f"{path} {place}: cannot read a WARC record ({_short(e)}); "
                "the rest of this file is skipped"
            )


def _is_html_page(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    content_type = record.http_headers.get_header("Content-Type") or ""
    return content_type.split(";")[0].strip().lower() in HTML_TYPES


def _read_page(record) -> bytes | str:
    """The page's bytes (decompressed), or why they cannot be read."""
    try:
        raw = record.content_stream().read(MAX_PAGE_BYTES + 1)
    except (OSError, EOFError, ValueError, zlib.error) as e:
        return f"cannot read the page ({_short(e)}); not tagged"
    if len(raw) > MAX_PAGE_BYTES:
        return f"page larger than {MAX_PAGE_BYTES // 2**20} MB; not tagged"
    return raw


def _article_of(record, raw: bytes | str, where: str, source: str | None) -> dict | str:
    url = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{where} ({url})" if url else where
    if isinstance(raw, str):
        return f"{where}: {raw}"
    article_id = _record_id(record) or _id_from_url(url)
    if article_id is None:
        return f"{where}: no WARC-Record-ID and no WARC-Target-URI; cannot name the article"
    fields = {
        ARTICLE_ID: article_id,
        "url": url,
        "date": record.rec_headers.get_header("WARC-Date"),
    }
    content_type = record.http_headers.get_header("Content-Type")
    return page_article(raw, where, fields, source, content_type=content_type)


def _record_id(record) -> str | None:
    value = record.rec_headers.get_header("WARC-Record-ID")
    value = value.strip().removeprefix("<").removesuffix(">") if value else ""
    return value or None


def _id_from_url(url: str | None) -> str | None:
    if not url:
        return None
    return "url-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def _short(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= _MESSAGE_CHARS else text[: _MESSAGE_CHARS - 1] + "…"
