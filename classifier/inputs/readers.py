"""Read whole files: sentence rows, tagged output, CSV, text and Parquet files, with clear errors
naming the file and line (articles, one at a time: ``streaming``; all of them: ``articles``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
from pyarrow import json as pa_json

from ..errors import InputError
from ..schema import (
    DOC_ID,
    SENT_INDEX,
    SENTENCE_COLUMNS,
    SOURCE,
    SOURCES_FILE,
    TEXT,
)

STDIN = "-"
_BINARY_PROBE_BYTES = 8192


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


def sources_beside(folder: Path) -> dict[str, str]:
    """``sources.csv`` (``doc_id, source``) beside the text files, if there is one."""
    path = folder / SOURCES_FILE
    if not path.is_file():
        return {}
    table = read_csv_file(path)
    hint = f"{SOURCES_FILE} maps each file's doc_id (its name without .txt) to a source"
    require_columns(table, (DOC_ID, SOURCE), path, hint)
    return dict(zip(table[DOC_ID], table[SOURCE], strict=True))


def read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: not a readable Parquet file ({e})") from e


# Arrow reads JSON Lines in blocks; a line longer than a block makes it refuse the file.
JSON_BLOCK = 16 << 20


def _read_jsonl_table(path: Path) -> pd.DataFrame:
    """A JSON Lines file as a table: by Arrow's JSON reader (ten times faster than a line at a
    time), or, when Arrow refuses the file (a line that is not JSON, a column whose type changes
    between lines, a line longer than its block), line by line, which names the bad line."""
    _check_text_file(path, InputError)
    try:
        table = pa_json.read_json(path, read_options=pa_json.ReadOptions(block_size=JSON_BLOCK))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return _read_jsonl_lines(path)
    return table.to_pandas()


def _read_jsonl_lines(path: Path) -> pd.DataFrame:
    """Line by line; the caller has checked that the file is UTF-8 text."""
    records = []
    with open(path, encoding="utf-8") as handle:
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
