"""Read articles one at a time, in input order, without loading an input whole.

``iter_articles`` yields, for every article of every input, either the article row (``id, source,
text`` and any optional columns) or the failure message for an article that cannot be used (an
empty text file, a JSONL line that is not JSON). Whole-input problems (a missing file, a CSV without
a ``text`` column) raise ``InputError``; ``check_inputs`` finds most of them before any work.

JSONL (also ``.jsonl.gz``) and stdin are read line by line, CSV in pandas chunks, Parquet in record
batches, ``.txt`` and HTML files (``.html``, ``.htm``, ``.html.gz``, ``html_pages``) and folders of
them file by file in name order, WARC (``.warc``, ``.warc.gz``) record by record, each HTML page
becoming an article (``warc``). A page with no visible text is a row with ``no_text`` set.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa

from ..errors import InputError
from ..schema import ARTICLE_ID, MARKUP, SOURCE, TEXT, UNKNOWN_SOURCE
from .html_pages import html_file_article, html_files, is_html_file
from .readers import STDIN, read_text_file, require_columns, sources_beside
from .records import TEXT_SUFFIXES, article_from_record
from .warc import check_warc, is_warc, iter_warc_articles

if TYPE_CHECKING:
    import pyarrow.parquet as pq

DEFAULT_CHUNK_SIZE = 1000
# About 14,000 news sentences. Smaller chunks cost time: each chunk runs every cue pattern once,
# and a pattern's matcher warms up anew on each call (on 300,000 NewsDiscourse sentences, 1,000,000
# characters took 16.5 s, 2,000,000 13-15 s, no cap 13.4 s); larger ones memory (on real-size
# pages, peak RSS 390 MB at 2,000,000, 540 MB at 4,000,000).
DEFAULT_CHUNK_CHARS = 2_000_000
TABLE_BATCH_ROWS = 1000
_PROBE_BYTES = 8192
_COUNT_BLOCK = 1 << 20
ARTICLE_HINT = "articles need id, text and optionally source, url, title, date"
INPUT_KINDS = (
    ".txt or .html files or folders of them, .jsonl, .jsonl.gz, .csv, .parquet, .warc or "
    ".warc.gz, or - for JSONL on stdin"
)


def is_plain_text(inputs: Iterable[str]) -> bool:
    """True when every input is a text file or a folder without HTML files: no article of
    theirs carries page markup, so a page model would never be used. False for anything else,
    stdin and inputs that do not exist (``check_inputs`` says what is wrong with those)."""
    for name in inputs:
        if name == STDIN:
            return False
        try:
            kind = kind_of(Path(name))
        except InputError:
            return False
        if kind not in ("txt", "folder") or (kind == "folder" and html_files(Path(name))):
            return False
    return True


def check_inputs(inputs: Iterable[str]) -> None:
    """Raise ``InputError`` for an input that cannot be read at all, before anything is tagged."""
    for name in inputs:
        if name == STDIN:
            continue
        path = Path(name)
        kind = kind_of(path)
        if kind == "folder" and not _folder_files(path):
            raise InputError(f"{path}: no .txt or .html files in this folder")
        if kind in ("jsonl", "jsonl.gz"):
            probe_file(path, kind)
        elif kind == "warc":
            check_warc(path)
        elif kind == "csv":
            probe_file(path, kind)
            require_columns(_csv_header(path), (ARTICLE_ID, TEXT), path, ARTICLE_HINT)
        elif kind == "parquet":
            schema = _parquet_file(path).schema_arrow
            require_columns(
                pd.DataFrame(columns=schema.names), (ARTICLE_ID, TEXT), path, ARTICLE_HINT
            )


def iter_articles(inputs: Iterable[str], *, source: str | None = None) -> Iterator[dict | str]:
    """Every article of ``inputs`` in order: its row, or the message saying why it failed."""
    for name in inputs:
        if name == STDIN:
            yield from iter_jsonl(_stdin_lines(), "<stdin>", source)
            continue
        path = Path(name)
        kind = kind_of(path)
        if kind == "folder":
            yield from _iter_files(_folder_files(path), source)
        elif kind in ("txt", "html"):
            yield from _iter_files([path], source)
        elif kind in ("jsonl", "jsonl.gz"):
            probe_file(path, kind)
            with _open_binary(path, kind) as handle:
                yield from iter_jsonl(handle, str(path), source)
        elif kind == "csv":
            yield from _iter_csv(path, source)
        elif kind == "warc":
            yield from iter_warc_articles(path, source)
        else:
            yield from _iter_parquet(path, source)


def iter_chunks(items: Iterable, size: int, max_chars: int | None = None) -> Iterator[list]:
    """Lists of consecutive items: ``size`` of them, or fewer once their text and markup reach
    ``max_chars`` characters (an article is never split, so one longer article is a chunk of its
    own; None: no cap). A failure message (a string) counts as an item without text.

    An HTML page's markup tokens (one line per text line) travel with its text through tagging
    and are about as long: counted too, they keep a chunk of pages as small in memory as one of
    plain articles (on WCXB pages in a WARC, one process's peak fell from 572-613 MB to 344-407
    MB: README, Batch tagging)."""
    max_chars = float("inf") if max_chars is None else max_chars
    chunk, chars = [], 0
    for item in items:
        chunk.append(item)
        if isinstance(item, dict):
            chars += len(item.get(TEXT) or "") + len(item.get(MARKUP) or "")
        if len(chunk) >= size or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def count_articles(inputs: Iterable[str]) -> int | None:
    """The number of articles when it is cheap to know (text files, JSONL lines, Parquet rows);
    None when any input is stdin, gzip, CSV (whose quoted newlines need a full parse) or WARC
    (whose HTML pages are known only by reading every record)."""
    total = 0
    for name in inputs:
        if name == STDIN:
            return None
        path = Path(name)
        kind = kind_of(path)
        if kind == "folder":
            total += len(_folder_files(path))
        elif kind in ("txt", "html"):
            total += 1
        elif kind == "jsonl":
            total += _count_lines(path)
        elif kind == "parquet":
            total += _parquet_file(path).metadata.num_rows
        else:
            return None
    return total


def kind_of(path: Path) -> str:
    """What kind of input ``path`` is: folder, txt, html, jsonl, jsonl.gz, csv, parquet, warc."""
    if path.is_dir():
        return "folder"
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    name = path.name.lower()
    if name.endswith(".jsonl.gz"):
        return "jsonl.gz"
    if is_warc(path):
        return "warc"
    if is_html_file(path):
        return "html"
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "txt"
    if suffix in (".jsonl", ".csv", ".parquet"):
        return suffix[1:]
    raise InputError(f"{path}: unsupported input; give {INPUT_KINDS}")


def _folder_files(folder: Path) -> list[Path]:
    """The folder's ``.txt`` and HTML files, in name order."""
    text_files = [p for p in folder.iterdir() if p.suffix.lower() in TEXT_SUFFIXES]
    return sorted([*text_files, *html_files(folder)])


def _iter_files(paths: list[Path], source: str | None) -> Iterator[dict | str]:
    """The articles of ``.txt`` and HTML files of one folder, in the order given."""
    if not paths:
        return
    sources = sources_beside(paths[0].parent)
    folder_name = paths[0].resolve().parent.name
    for path in paths:
        if is_html_file(path):
            yield html_file_article(path, source, sources, folder_name)
            continue
        try:
            text = read_text_file(path)
        except InputError as e:
            yield str(e)
            continue
        name = source or sources.get(path.stem) or folder_name or UNKNOWN_SOURCE
        yield {ARTICLE_ID: path.stem, SOURCE: name, TEXT: text}


def _stdin_lines():
    return getattr(sys.stdin, "buffer", sys.stdin)


def _open_binary(path: Path, kind: str):
    return gzip.open(path, "rb") if kind == "jsonl.gz" else open(path, "rb")


def probe_file(path: Path, kind: str) -> None:
    """Refuse an empty or binary file (a gzip file is probed after decompression)."""
    try:
        with _open_binary(path, kind) as handle:
            head = handle.read(_PROBE_BYTES)
            more = bool(handle.read(1))
    except (OSError, EOFError) as e:
        raise InputError(f"{path}: cannot be read ({e}); is it really {kind}?") from e
    if not head.strip() and not more:
        raise InputError(f"{path}: empty file")
    if b"\0" in head:
        raise InputError(f"{path}: binary file, not text; give UTF-8 text")


def iter_jsonl(
    lines, name: str, source: str | None, *, first_line: int = 1
) -> Iterator[dict | str]:
    """The article of each non-blank line, numbered from ``first_line`` in failure messages."""
    for number, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as e:
                yield (
                    f"{where}: not UTF-8 text (byte {line[e.start]:#04x}); "
                    "re-save the file as UTF-8"
                )
                continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield f"{where}: not JSON ({e.msg}); each line must be one object"
            continue
        if not isinstance(record, dict):
            yield f"{where}: not a JSON object; each line must be one object"
            continue
        yield article_from_record(record, where, source)


def _csv_header(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, nrows=0, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise InputError(f"{path}: not a readable CSV ({e}); give UTF-8 CSV with a header") from e


def _iter_csv(path: Path, source: str | None) -> Iterator[dict | str]:
    probe_file(path, "csv")
    require_columns(_csv_header(path), (ARTICLE_ID, TEXT), path, ARTICLE_HINT)
    number = 2
    reader = pd.read_csv(
        path, dtype=str, keep_default_na=False, encoding="utf-8", chunksize=TABLE_BATCH_ROWS
    )
    try:
        for table in reader:
            for record in table.to_dict("records"):
                yield article_from_record(record, f"{path} row {number}", source)
                number += 1
    except UnicodeDecodeError as e:
        raise InputError(
            f"{path} after row {number - 1}: not UTF-8 text; re-save the file as UTF-8"
        ) from e
    except pd.errors.ParserError as e:
        raise InputError(f"{path}: not valid CSV ({e}); check quoting on that line") from e


def _parquet_file(path: Path) -> pq.ParquetFile:
    import pyarrow.parquet as pq  # only for Parquet inputs: it costs start-up

    try:
        return pq.ParquetFile(path)
    except (OSError, ValueError, pa.ArrowException) as e:
        raise InputError(f"{path}: not a readable Parquet file ({e})") from e


def _iter_parquet(path: Path, source: str | None) -> Iterator[dict | str]:
    parquet = _parquet_file(path)
    names = parquet.schema_arrow.names
    require_columns(pd.DataFrame(columns=names), (ARTICLE_ID, TEXT), path, ARTICLE_HINT)
    number = 2
    for batch in parquet.iter_batches(batch_size=TABLE_BATCH_ROWS):
        for record in batch.to_pylist():
            yield article_from_record(record, f"{path} row {number}", source)
            number += 1


def _count_lines(path: Path) -> int:
    count = 0
    last = b"\n"
    with open(path, "rb") as handle:
        while block := handle.read(_COUNT_BLOCK):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")
