"""A labels file that is written the moment a label is given.

Each new label is appended as one CSV row, flushed and fsynced, so a crash, a killed terminal or
Ctrl-C loses nothing. Changing or removing a label (undo, relabel) rewrites the file to a
temporary file and moves it into place, so the file is always either the old or the new version.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
from pathlib import Path

import pandas as pd

from ..errors import LabelFileError
from ..inputs.labels import read_label_file
from ..outputs.writers import write_text_atomic
from ..schema import DOC_ID, END, LABEL, LABEL_COLUMNS, SENT_INDEX, SOURCE, START, TEXT
from .order import sentence_keys

NOTE = "note"
# Seconds the sentence was on screen before it got its label (empty for labels from a sheet).
SECONDS = "seconds"
STORE_COLUMNS = (*LABEL_COLUMNS, START, END, NOTE, SECONDS)


class LabelStore:
    """The rows of one labels file, kept in step with the file on disk."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.parent.exists():
            raise LabelFileError(
                f"{self.path}: folder {self.path.parent} does not exist; create it first"
            )
        # Nothing is written until the first label: opening a file to export from it, or an
        # import that is refused, leaves it byte for byte as it was.
        if self.path.exists() and not _is_header_only(self.path):
            self.labels_df = read_label_file(self.path)
            self.columns = list(self.labels_df.columns)
            missing = [c for c in STORE_COLUMNS if c not in self.columns]
            self.columns += missing
            self.labels_df = self.labels_df.reindex(columns=self.columns)
            self._must_rewrite = bool(missing)
        else:
            self.columns = list(STORE_COLUMNS)
            self.labels_df = pd.DataFrame(columns=self.columns)
            self._must_rewrite = True

    def __len__(self) -> int:
        return len(self.labels_df)

    def label_of(self, key: str) -> str | None:
        hits = self.labels_df[sentence_keys(self.labels_df) == key] if len(self) else None
        return None if hits is None or hits.empty else str(hits[LABEL].iloc[0])

    def add(
        self, sentence: dict, label: str, *, note: str = "", seconds: float | None = None
    ) -> None:
        """Label a sentence: appended at once, or the file rewritten if it had a label already."""
        row = {
            DOC_ID: sentence[DOC_ID],
            SENT_INDEX: int(sentence[SENT_INDEX]),
            SOURCE: sentence[SOURCE],
            TEXT: sentence[TEXT],
            LABEL: label,
            START: _blank_if_missing(sentence.get(START)),
            END: _blank_if_missing(sentence.get(END)),
            NOTE: note,
            SECONDS: "" if seconds is None else round(float(seconds), 1),
        }
        key = sentence_keys(pd.DataFrame([row]))[0]
        relabel = self.label_of(key) is not None
        if relabel:  # the old label goes and the new one comes in the same atomic rewrite
            self.labels_df = self.labels_df[sentence_keys(self.labels_df) != key]
        self.labels_df = pd.concat(
            [self.labels_df, pd.DataFrame([row]).reindex(columns=self.columns)], ignore_index=True
        )
        if relabel or self._must_rewrite:  # or a new file, or one lacking a column of the store
            self._rewrite()
            return
        line = _csv_line([row.get(column, "") for column in self.columns])
        if not _ends_with_newline(self.path):  # saved by an editor without a final newline
            line = "\n" + line
        with open(self.path, "a", encoding="utf-8", newline="") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    def remove(self, key: str) -> None:
        """Take a sentence's label back out of the file."""
        if not len(self):
            return
        self.labels_df = self.labels_df[sentence_keys(self.labels_df) != key].reset_index(drop=True)
        self._rewrite()

    def _rewrite(self) -> None:
        buffer = io.StringIO()
        self.labels_df.to_csv(buffer, index=False, columns=self.columns)
        write_text_atomic(self.path, buffer.getvalue())
        self._must_rewrite = False


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as handle:
        if handle.seek(0, os.SEEK_END) == 0:
            return True
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def _is_header_only(path: Path) -> bool:
    """An empty file, or one with a header and no rows (a session that labelled nothing)."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        lines = [line for line in itertools.islice(handle, 2) if line.strip()]
    return len(lines) <= 1


def _csv_line(values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def _blank_if_missing(value):
    return "" if value is None or pd.isna(value) else int(value)
