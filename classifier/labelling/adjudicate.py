"""Adjudication, spreadsheet form: several annotators' labels of the same articles into one gold
labels file.

Each annotator's file is matched to the inputs' sentences by ``doc_id``, ``sent_index`` and text
(whitespace aside); a row that matches no sentence (the annotator's file was segmented another
way) is counted and reported, never guessed. A sentence that two or more annotators labelled, all
alike, is an agreement and goes straight into the gold file. Every other labelled sentence (a
disagreement, or one only a single annotator labelled) goes to a sheet with each annotator's
label and note beside it and an empty ``label`` to fill in; ``classifier label --import`` merges
the filled-in sheet into the gold file, checking every row as for any sheet.

In the terminal (no ``--export``) the same open sentences are shown one at a time in their
article, with every annotator's label and note; the annotators' majority is the suggestion.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..inputs.labels import read_label_file
from ..schema import LABEL, LABELS, TEXT
from .order import sentence_keys, unlabelled_positions
from .sheet import SHEET_COLUMNS, numbered_rows, write_sheet
from .store import NOTE, LabelStore


class Annotations(NamedTuple):
    """Per sentence of the inputs (rows in ``sentences_df`` order), each annotator's label and
    note ("" where they gave none), and how many of each file's rows matched no sentence."""

    names: list[str]
    labels: pd.DataFrame
    notes: pd.DataFrame
    unmatched: dict[str, int]


def read_annotations(files: list[str], sentences_df: pd.DataFrame) -> Annotations:
    """Each annotator's labels of the inputs' sentences; annotators are named by file stem."""
    keys = sentence_keys(sentences_df)
    texts = pd.Series(_normalise(sentences_df[TEXT]).to_numpy(), index=keys.to_numpy())
    names = _names(files)
    labels = pd.DataFrame("", index=range(len(sentences_df)), columns=names)
    notes = labels.copy()
    position = pd.Series(np.arange(len(sentences_df)), index=keys.to_numpy())
    unmatched = {}
    for name, file in zip(names, files, strict=True):
        rows = read_label_file(file)
        row_keys = sentence_keys(rows)
        known = row_keys.isin(texts.index).to_numpy()
        same_text = np.zeros(len(rows), dtype=bool)
        same_text[known] = (
            texts.loc[row_keys[known]].to_numpy() == _normalise(rows[TEXT][known]).to_numpy()
        )
        unmatched[name] = int((~same_text).sum())
        matched = rows[same_text]
        at = position.loc[row_keys[same_text]].to_numpy()
        labels.loc[at, name] = matched[LABEL].to_numpy()
        if NOTE in matched.columns:
            notes.loc[at, name] = matched[NOTE].fillna("").astype(str).to_numpy()
    return Annotations(names, labels, notes, unmatched)


class Outcome(NamedTuple):
    agreed: int  # sentences written to the gold file
    already: int  # agreements the gold file had already
    to_adjudicate: int  # rows of the sheet


def write_agreements(
    annotations: Annotations, sentences_df: pd.DataFrame, store: LabelStore
) -> tuple[Outcome, np.ndarray]:
    """Agreements into ``store``; and the positions still to adjudicate (a disagreement, or one
    annotator's label only, not yet in ``store``)."""
    given = (annotations.labels != "").sum(axis=1)
    distinct = annotations.labels.apply(lambda row: len(set(row) - {""}), axis=1)
    agreed = ((given >= 2) & (distinct == 1)).to_numpy()
    in_gold = np.ones(len(sentences_df), dtype=bool)
    in_gold[unlabelled_positions(sentences_df, store.labels_df)] = False
    added = 0
    for position in np.flatnonzero(agreed & ~in_gold):
        label = next(label for label in annotations.labels.iloc[position] if label)
        store.add(sentences_df.iloc[position].to_dict(), label)
        added += 1
    open_rows = np.flatnonzero((given >= 1).to_numpy() & ~agreed & ~in_gold)
    return Outcome(added, int((agreed & in_gold).sum()), len(open_rows)), open_rows


def adjudicate_by_sheet(
    annotations: Annotations, sentences_df: pd.DataFrame, store: LabelStore, sheet: str | Path
) -> Outcome:
    """Agreements into ``store``; the rest (not yet in ``store``) to the ``sheet`` CSV."""
    outcome, open_rows = write_agreements(annotations, sentences_df, store)
    _write_sheet(sheet, sentences_df, annotations, open_rows)
    return outcome


def votes_of(annotations: Annotations, position: int) -> list[tuple[str, str, str]]:
    """``(annotator, label, note)`` of each annotator who labelled the sentence at ``position``."""
    labels, notes = annotations.labels.iloc[position], annotations.notes.iloc[position]
    return [(name, labels[name], notes[name]) for name in annotations.names if labels[name]]


def majority_predictor(annotations: Annotations):
    """A ``predict`` for the session whose suggestion is the annotators' majority: each label's
    share of the annotators who labelled the sentence (a tie goes to the label listed first)."""

    def predict(_sentences_df):
        counts = np.stack(
            [(annotations.labels == label).sum(axis=1).to_numpy() for label in LABELS], axis=1
        ).astype(float)
        given = np.maximum(counts.sum(axis=1, keepdims=True), 1)
        return list(LABELS), counts / given

    return predict


def _write_sheet(path, sentences_df, annotations: Annotations, positions: np.ndarray) -> None:
    sheet = numbered_rows(sentences_df, positions)
    for name in annotations.names:
        sheet[f"{LABEL}_{name}"] = annotations.labels[name].iloc[positions].to_numpy()
        sheet[f"{NOTE}_{name}"] = annotations.notes[name].iloc[positions].to_numpy()
    columns = [c for c in SHEET_COLUMNS if c not in ("suggestion", "confidence", LABEL, NOTE)]
    voted = [c for c in sheet.columns if c.startswith((f"{LABEL}_", f"{NOTE}_"))]
    write_sheet(path, sheet.reindex(columns=[*columns, *voted, LABEL, NOTE]))


def _names(files: list[str]) -> list[str]:
    """Each file's stem, made unique (``a``, ``a-2``) when two files share one."""
    names: list[str] = []
    for file in files:
        stem, name, copy = Path(file).stem, Path(file).stem, 1
        while name in names:
            copy += 1
            name = f"{stem}-{copy}"
        names.append(name)
    return names


def _normalise(texts: pd.Series) -> pd.Series:
    return texts.astype(str).str.split().str.join(" ")
