"""Read articles and sentence rows from files, whole: the input edge of the pipeline (WARC:
``warc``; one article at a time: ``streaming``).

Whole-file problems (a CSV missing a column, a file that does not exist) raise an error. Problems
with one article (an empty or binary text file, a JSONL line that is not JSON) are collected as
failures so that the rest of a batch can still be tagged.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..schema import (
    ARTICLE_ID,
    DOC_ID,
    OPTIONAL_ARTICLE_COLUMNS,
    SENT_INDEX,
    SENTENCE_COLUMNS,
    SOURCE,
    SOURCES_FILE,
    TEXT,
    UNKNOWN_SOURCE,
)
from .records import ROW_SUFFIXES, TEXT_SUFFIXES, WARC_SUFFIXES, article_from_record
from .warc import check_warc, iter_warc_articles

STDIN = "-"
_BINARY_PROBE_BYTES = 8192


@dataclass
class Articles:
    """Articles read so far (``id, source, text`` and any optional columns) and the failures."""

    rows: list[dict] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        columns = [ARTICLE_ID, SOURCE, TEXT]
        columns += [c for c in OPTIONAL_ARTICLE_COLUMNS if any(c in row for row in self.rows)]
        return pd.DataFrame(self.rows, columns=columns)


def read_articles(inputs: Iterable[str], *, source: str | None = None) -> Articles:
    """Read articles from text files, folders of them, JSONL, CSV, Parquet or ``-`` (stdin)."""
    articles = Articles()
    for name in inputs:
        if name == STDIN:
            _read_jsonl_lines(sys.stdin, "<stdin>", articles, source)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in TEXT_SUFFIXES)
            if not files:
                raise InputError(f"{path}: no .txt files in this folder")
            _read_text_files(files, articles, source)
        elif not path.exists():
            raise InputError(f"{path}: no such file or folder")
        elif path.suffix.lower() in TEXT_SUFFIXES:
            _read_text_files([path], articles, source)
        elif path.suffix.lower() == ".jsonl":
            with _open_text(path) as handle:
                _read_jsonl_lines(handle, str(path), articles, source)
        elif path.suffix.lower() in (".csv", ".parquet"):
            _read_article_table(path, articles, source)
        elif path.name.lower().endswith(WARC_SUFFIXES):
            _read_warc(path, articles, source)
        else:
            raise InputError(
                f"{path}: unsupported input; give .txt files or folders, "
                f"{', '.join(ROW_SUFFIXES)} with one article per row, "
                f"{' or '.join(WARC_SUFFIXES)} crawls, or - for JSONL on stdin"
            )
    return articles


def read_sentence_rows(inputs: Iterable[str]) -> pd.DataFrame:
    """Read rows that are already sentences (label schema; any ``label`` column is dropped)."""
    frames = []
    for name in inputs:
        path = Path(name)
        if path.suffix.lower() == ".csv":
            frame = read_csv_file(path)
        elif path.suffix.lower() == ".parquet":
            frame = read_parquet(path)
        elif path.suffix.lower() == ".jsonl":
            frame = _read_jsonl_table(path)
        else:
            raise InputError(f"{path}: --sentences takes .csv, .jsonl or .parquet files")
        require_columns(
            frame, SENTENCE_COLUMNS, path, f"--sentences needs {', '.join(SENTENCE_COLUMNS)}"
        )
        frame = frame.drop(columns=[c for c in ("label",) if c in frame.columns])
        for column in (DOC_ID, SOURCE, TEXT):
            frame[column] = frame[column].fillna("").astype(str)
        numeric = pd.to_numeric(frame[SENT_INDEX], errors="coerce")
        bad = numeric.isna() | (numeric % 1 != 0)
        if bad.any():
            row = int(bad.to_numpy().argmax())
            raise InputError(
                f"{path} row {row + 2}: sent_index {frame[SENT_INDEX].iloc[row]!r} is not a "
                "whole number"
            )
        frame[SENT_INDEX] = numeric.astype(int)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def require_columns(
    table: pd.DataFrame, columns, path, hint: str, *, error: type[Exception] = InputError
) -> None:
    """Raise ``error`` naming the file, the missing and the found columns, and ``hint``."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise error(
            f"{path}: missing column {', '.join(repr(c) for c in missing)} "
            f"(found: {', '.join(map(str, table.columns))}); {hint}"
        )


def read_csv_file(path: str | Path, *, error: type[Exception] = InputError) -> pd.DataFrame:
    """A CSV with every column as text; a clear error for empty, binary or non-UTF-8 files."""
    path = Path(path)
    _check_text_file(path, error)
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except pd.errors.EmptyDataError as e:
        raise error(f"{path}: empty file; a CSV needs a header row") from e
    except pd.errors.ParserError as e:
        raise error(f"{path}: not valid CSV ({e}); check quoting on that line") from e


def read_text_file(path: str | Path) -> str:
    path = Path(path)
    _check_text_file(path, InputError)
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        raise InputError(f"{path}: empty file; nothing to tag")
    return text


def _check_text_file(path: Path, error: type[Exception]) -> None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as e:
        raise error(f"{path}: no such file") from e
    except IsADirectoryError as e:
        raise error(f"{path}: is a folder, expected a file") from e
    if not raw.strip():
        raise error(f"{path}: empty file")
    if b"\0" in raw[:_BINARY_PROBE_BYTES]:
        raise error(f"{path}: binary file, not text; give UTF-8 text")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise error(
            f"{path} line {line}: not UTF-8 text (byte {raw[e.start]:#04x}); "
            "re-save the file as UTF-8"
        ) from e


def _open_text(path: Path):
    _check_text_file(path, InputError)
    return open(path, encoding="utf-8")


def _read_text_files(paths: list[Path], articles: Articles, source: str | None) -> None:
    sources = sources_beside(paths[0].parent)
    for path in paths:
        try:
            text = read_text_file(path)
        except InputError as e:
            articles.failures.append(str(e))
            continue
        name = source or sources.get(path.stem) or path.resolve().parent.name or UNKNOWN_SOURCE
        articles.rows.append({ARTICLE_ID: path.stem, SOURCE: name, TEXT: text})


def _read_warc(path: Path, articles: Articles, source: str | None) -> None:
    check_warc(path)
    for item in iter_warc_articles(path, source):
        if isinstance(item, str):
            articles.failures.append(item)
        else:
            articles.rows.append(item)


def sources_beside(folder: Path) -> dict[str, str]:
    """``sources.csv`` (``doc_id, source``) beside the text files, if there is one."""
    path = folder / SOURCES_FILE
    if not path.is_file():
        return {}
    table = read_csv_file(path)
    hint = f"{SOURCES_FILE} maps each file's doc_id (its name without .txt) to a source"
    require_columns(table, (DOC_ID, SOURCE), path, hint)
    return dict(zip(table[DOC_ID], table[SOURCE], strict=True))


def _read_jsonl_lines(handle, name: str, articles: Articles, source: str | None) -> None:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            articles.failures.append(f"{where}: not JSON ({e.msg}); each line must be one object")
            continue
        if not isinstance(record, dict):
            articles.failures.append(f"{where}: not a JSON object; each line must be one object")
            continue
        _add_article_record(record, where, articles, source)


def _read_article_table(path: Path, articles: Articles, source: str | None) -> None:
    table = read_csv_file(path) if path.suffix.lower() == ".csv" else read_parquet(path)
    hint = "articles need id, text and optionally source, url, title, date"
    require_columns(table, (ARTICLE_ID, TEXT), path, hint)
    for number, record in enumerate(table.to_dict("records"), start=2):
        _add_article_record(record, f"{path} row {number}", articles, source)


def _add_article_record(record: dict, where: str, articles: Articles, source: str | None) -> None:
    row = article_from_record(record, where, source)
    if isinstance(row, str):
        articles.failures.append(row)
    else:
        articles.rows.append(row)


def read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: not a readable Parquet file ({e})") from e


def _read_jsonl_table(path: Path) -> pd.DataFrame:
    records = []
    with _open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise InputError(f"{path} line {number}: not JSON ({e.msg})") from e
    return pd.DataFrame.from_records(records)


def read_tagged(path: str | Path) -> pd.DataFrame:
    """Tagged sentences written by ``classifier tag`` (.jsonl, .csv or .parquet)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file; make one with: classifier tag INPUT -o {path}")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table = read_csv_file(path)
    elif suffix == ".parquet":
        table = read_parquet(path)
    elif suffix == ".jsonl":
        table = _read_jsonl_table(path)
    else:
        raise InputError(f"{path}: unsupported tagged file; use .jsonl, .csv or .parquet")
    require_columns(table, (DOC_ID, SOURCE, "label"), path, "give the output of classifier tag")
    table[DOC_ID] = table[DOC_ID].astype(str)
    table[SOURCE] = table[SOURCE].astype(str)
    return table
