"""The spreadsheet route: export sentences to label as a CSV, import the filled-in CSV.

The export numbers its rows (``row``, with ``rows`` the total) so that the import can tell a
deleted row from one left blank; ``suggestion`` and ``confidence`` are the model's. The import
checks every row before it writes anything: unknown labels, changed text, sentences not in the
inputs, rows missing, and labels that contradict the labels file are each reported by row (as a
spreadsheet numbers it: the header is row 1).
"""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import LabelFileError
from ..inputs.labels import FIRST_DATA_ROW
from ..inputs.readers import read_csv_file, require_columns
from ..outputs.writers import write_text_atomic
from ..schema import DOC_ID, END, LABEL, LABELS, SENT_INDEX, SOURCE, START, TEXT
from .order import count_labels, next_batch, sentence_keys, unlabelled_positions
from .store import NOTE, LabelStore

ROW = "row"
ROWS = "rows"
SHEET_COLUMNS = (
    ROW,
    ROWS,
    DOC_ID,
    SENT_INDEX,
    SOURCE,
    TEXT,
    START,
    END,
    "suggestion",
    "confidence",
    LABEL,
    NOTE,
)
REQUIRED_ON_IMPORT = (DOC_ID, SENT_INDEX, TEXT, LABEL)


def export_sheet(session, path: str | Path, *, limit: int | None = None) -> int:
    """Write the unlabelled sentences, in the session's order, with the model's suggestion."""
    sentences_df = session.sentences_df
    candidates = unlabelled_positions(sentences_df, session.store.labels_df)
    size = len(candidates) if limit is None else min(limit, len(candidates))
    order = next_batch(
        candidates,
        order=session.order,
        texts=sentences_df[TEXT],
        probabilities=session.probabilities,
        classes=session.classes,
        label_counts=count_labels(session.store.labels_df),
        size=size,
        seed=session.seed,
    )
    sheet = numbered_rows(sentences_df, order)
    if session.probabilities is not None:
        chosen = session.probabilities[order]
        sheet["suggestion"] = np.asarray(session.classes, dtype=object)[chosen.argmax(axis=1)]
        sheet["confidence"] = chosen.max(axis=1).round(3)
    write_sheet(path, sheet.reindex(columns=SHEET_COLUMNS))
    return len(order)


def numbered_rows(sentences_df: pd.DataFrame, positions) -> pd.DataFrame:
    """The sentences at ``positions`` as sheet rows, numbered (``row`` of ``rows``) so that the
    import can tell a deleted row from one left blank."""
    sheet = sentences_df.iloc[positions].reindex(
        columns=[DOC_ID, SENT_INDEX, SOURCE, TEXT, START, END]
    )
    sheet.insert(0, ROW, np.arange(1, len(positions) + 1))
    sheet.insert(1, ROWS, len(positions))
    return sheet


def write_sheet(path: str | Path, sheet: pd.DataFrame) -> None:
    """The sheet as CSV, replacing ``path`` in one step."""
    buffer = io.StringIO()
    sheet.to_csv(buffer, index=False)
    write_text_atomic(path, buffer.getvalue())


def import_sheet(path: str | Path, sentences_df: pd.DataFrame, store: LabelStore) -> str:
    """Merge the labelled rows of a filled-in sheet into ``store``; return a one-line summary.

    Nothing is written unless every row passes; the error lists every problem by row.
    """
    path = Path(path)
    sheet = read_csv_file(path, error=LabelFileError)
    require_columns(
        sheet, REQUIRED_ON_IMPORT, path, "import the CSV that --export wrote", error=LabelFileError
    )
    sheet = sheet.fillna("")
    pool = sentences_df.assign(_key=sentence_keys(sentences_df)).set_index("_key")
    problems = _missing_rows(sheet)
    to_add, blank, already = [], 0, 0
    for position, row in enumerate(sheet.to_dict("records")):
        where = f"row {position + FIRST_DATA_ROW}"
        label = str(row[LABEL]).strip().lower()
        if not label:
            blank += 1
            continue
        if label not in LABELS:
            close = difflib.get_close_matches(label, LABELS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(
                f"{where}: unknown label {label!r}; expected one of: {', '.join(LABELS)}{hint}"
            )
            continue
        try:
            key = f"{row[DOC_ID]}\x1f{int(float(row[SENT_INDEX]))}"
        except ValueError:
            problems.append(f"{where}: sent_index {row[SENT_INDEX]!r} is not a whole number")
            continue
        if key not in pool.index:
            problems.append(
                f"{where}: doc_id {row[DOC_ID]!r} sentence {row[SENT_INDEX]} is not in the "
                "inputs; import with the same INPUT as the export"
            )
            continue
        sentence = pool.loc[key]
        if " ".join(str(row[TEXT]).split()) != " ".join(str(sentence[TEXT]).split()):
            problems.append(f"{where}: the text was changed; restore the exported sentence")
            continue
        existing = store.label_of(key)
        if existing == label:
            already += 1
            continue
        if existing is not None:
            problems.append(
                f"{where}: already labelled {existing!r} in {store.path}, here {label!r}; "
                "change one of them"
            )
            continue
        record = sentence.to_dict()
        to_add.append((record, label, str(row.get(NOTE, "")).strip()))
    problems += _contradicting_rows(sheet)
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  ...and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise LabelFileError(
            f"{path}: {len(problems)} problem(s), nothing was merged:\n  {shown}{more}"
        )
    for record, label, note in to_add:
        store.add(record, label, note=note)
    return (
        f"merged {len(to_add)} labels from {path} into {store.path}; {already} were there "
        f"already; {blank} rows without a label were left for later"
    )


def _contradicting_rows(sheet: pd.DataFrame) -> list[str]:
    """Rows that give one sentence two different labels."""
    labelled = sheet[sheet[LABEL].astype(str).str.strip() != ""]
    key = labelled[DOC_ID].astype(str) + "\x1f" + labelled[SENT_INDEX].astype(str)
    label = labelled[LABEL].astype(str).str.strip().str.lower()
    problems = []
    for _, group in label.groupby(key, sort=False):
        if group.nunique() > 1:
            where = ", ".join(str(i + FIRST_DATA_ROW) for i in group.index)
            problems.append(f"rows {where}: one sentence with different labels; keep one")
    return problems


def _missing_rows(sheet: pd.DataFrame) -> list[str]:
    """Rows of the export that are no longer in the sheet (the import cannot check them)."""
    if ROW not in sheet.columns or ROWS not in sheet.columns:
        return []
    numbers = pd.to_numeric(sheet[ROW], errors="coerce").dropna().astype(int)
    totals = pd.to_numeric(sheet[ROWS], errors="coerce").dropna()
    if totals.empty:
        return []
    missing = sorted(set(range(1, int(totals.max()) + 1)) - set(numbers))
    if not missing:
        return []
    listed = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
    return [
        f"{len(missing)} exported row(s) missing from the sheet (numbers {listed} of its "
        "'row' column); "
        "leave a row's label blank rather than deleting it"
    ]
