"""Read and validate hand-label files (CSV in the label schema)."""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path

import pandas as pd

from ..errors import LabelFileError
from ..schema import (
    CUE,
    DOC_ID,
    END,
    LABEL,
    LABEL_COLUMNS,
    LABELS,
    SENT_INDEX,
    SOURCE,
    SPEAKER,
    START,
    TEXT,
)
from .readers import read_csv_file, require_columns

# Rows are numbered as a spreadsheet shows them: the header is row 1.
FIRST_DATA_ROW = 2


def find_label_files(paths) -> list[Path]:
    """Expand folders into the CSV files inside them, sorted; keep files as given."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(path.glob("*.csv"))
            if not found:
                raise LabelFileError(f"{path}: no .csv label files in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise LabelFileError(f"{path}: no such file or folder")
    return files


def read_labels(paths) -> tuple[pd.DataFrame, list[dict]]:
    """Read every label file under ``paths``; return the rows and a record of each file read."""
    frames, records = [], []
    for path in find_label_files(paths):
        labels_df = read_label_file(path)
        frames.append(labels_df)
        records.append({"path": str(path), "sha256": _sha256(path), "rows": len(labels_df)})
    return pd.concat(frames, ignore_index=True), records


def read_label_file(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    labels_df = read_csv_file(path, error=LabelFileError)
    hint = f"the label schema is {', '.join(LABEL_COLUMNS)}[, {START}, {END}]"
    require_columns(labels_df, LABEL_COLUMNS, path, hint, error=LabelFileError)
    if labels_df.empty:
        raise LabelFileError(f"{path}: has a header but no rows; add labelled sentences")
    labels_df = labels_df.copy()
    for column in (DOC_ID, SOURCE, TEXT, LABEL):
        labels_df[column] = labels_df[column].fillna("").astype(str)
    labels_df[LABEL] = labels_df[LABEL].str.strip().str.lower()
    _check_rows(path, labels_df)
    labels_df[SENT_INDEX] = labels_df[SENT_INDEX].astype(int)
    return _drop_exact_duplicates(path, labels_df)


def read_speaker_files(paths) -> tuple[pd.DataFrame, list[dict]]:
    """Quotation sentences with their speaker and cue as written (``text, speaker[, cue]``, one
    row each; other columns such as ``doc_id`` are kept), from CSV files or folders of them, and
    a record of each file read. A blank speaker says the sentence names none."""
    frames, records = [], []
    for path in find_label_files(paths):
        speakers_df = read_csv_file(path, error=LabelFileError)
        hint = f"a speakers file has the columns {TEXT}, {SPEAKER} and optionally {CUE}"
        require_columns(speakers_df, (TEXT, SPEAKER), path, hint, error=LabelFileError)
        if speakers_df.empty:
            raise LabelFileError(f"{path}: has a header but no rows; add quotation sentences")
        blank = speakers_df[TEXT].str.strip() == ""
        if blank.any():
            row = int(blank.to_numpy().argmax()) + FIRST_DATA_ROW
            raise LabelFileError(f"{path} row {row}: empty text; give the quotation sentence")
        if CUE not in speakers_df.columns:
            speakers_df = speakers_df.assign(**{CUE: ""})
        frames.append(speakers_df)
        records.append({"path": str(path), "sha256": _sha256(path), "rows": len(speakers_df)})
    return pd.concat(frames, ignore_index=True), records


def _check_rows(path: Path, labels_df: pd.DataFrame) -> None:
    for position, row in enumerate(labels_df.itertuples(index=False)):
        where = f"{path} row {position + FIRST_DATA_ROW}"
        label = getattr(row, LABEL)
        if label not in LABELS:
            raise LabelFileError(f"{where}: {_unknown_label_message(label)}")
        if not getattr(row, TEXT).strip():
            raise LabelFileError(f"{where}: empty text; fill it in or delete the row")
        if not getattr(row, DOC_ID).strip():
            raise LabelFileError(f"{where}: empty doc_id; give every row its article's id")
        if not _is_whole_number(getattr(row, SENT_INDEX)):
            raise LabelFileError(
                f"{where}: sent_index {getattr(row, SENT_INDEX)!r} is not a whole number; "
                "number the sentences of each article 0, 1, 2, ..."
            )


def _unknown_label_message(label: str) -> str:
    message = f"unknown label {label!r}; expected one of: {', '.join(LABELS)}"
    close = difflib.get_close_matches(label, LABELS, n=1)
    return message + (f" (did you mean {close[0]!r}?)" if close else "")


def _is_whole_number(value) -> bool:
    try:
        return float(value) == int(float(value))
    except (TypeError, ValueError):
        return False


def _drop_exact_duplicates(path: Path, labels_df: pd.DataFrame) -> pd.DataFrame:
    """Drop repeated identical rows; refuse rows that give one sentence two labels or texts."""
    key = [DOC_ID, SENT_INDEX]
    labels_df = labels_df.drop_duplicates(subset=[*key, TEXT, LABEL])
    clashes = labels_df[labels_df.duplicated(subset=key, keep=False)]
    if not clashes.empty:
        first = clashes.iloc[0]
        same = (clashes[DOC_ID] == first[DOC_ID]) & (clashes[SENT_INDEX] == first[SENT_INDEX])
        rows = [str(i + FIRST_DATA_ROW) for i in clashes.index[same]]
        raise LabelFileError(
            f"{path} rows {', '.join(rows)}: doc_id {first[DOC_ID]!r} sentence "
            f"{first[SENT_INDEX]} appears with different labels or texts; keep one row per "
            "sentence"
        )
    return labels_df.reset_index(drop=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
