"""Agreement between annotators' label files: align their sentences, then Cohen's or Fleiss' kappa.

Sentences are first aligned into items (``alignment``: the characters of an article that one
sentence of each file covers).

**Measures.** Two files: Cohen's kappa (scikit-learn) over the items both label. Three or more:
Fleiss' kappa over the items every file labels; items labelled by only some files are counted as
excluded. Per label, the kappa of the binary task "this label or another". Agreement is the share
of those items on which every file gives the same label. Confusion: one label x label table per
pair of files (rows = the earlier file), over the items both label. Kappa is undefined (None, with
a note) when there is no item or only one label occurs: there is nothing to disagree on.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..schema import DOC_ID, LABEL, LABELS, SENT_INDEX, SOURCE, TEXT
from .alignment import (
    NOTE,
    Item,
    Sentence,
    align_sentences,
    check_common_documents,
    fill_blank_sources,
    group_sentences,
)


def measure_agreement(labels_dfs: Sequence[pd.DataFrame], names: Sequence[str]) -> dict:
    """Align the label tables (one per annotator, named for messages) and measure agreement."""
    if len(labels_dfs) < 2 or len(labels_dfs) != len(names):
        raise ValueError("give two or more label tables and one name for each")
    labels_dfs, notes = fill_blank_sources(labels_dfs, names)
    docs = [group_sentences(f, labels_df) for f, labels_df in enumerate(labels_dfs)]
    check_common_documents(docs, names)
    items: list[Item] = []
    documents = []
    for doc_id, source in sorted(set().union(*docs)):
        per_file = [by_doc.get((doc_id, source), []) for by_doc in docs]
        aligned_by = None
        if sum(map(bool, per_file)) >= 2:
            doc_items, aligned_by = align_sentences(per_file)
            items += doc_items
        present = [names[f] for f, sentences in enumerate(per_file) if sentences]
        documents.append(
            {DOC_ID: doc_id, SOURCE: source, "files": present, "aligned_by": aligned_by}
        )
    sentences = [s for by_doc in docs for doc in by_doc.values() for s in doc]
    return {**_summarise(items, sentences, documents, list(names)), "notes": notes}


def fleiss_kappa(counts) -> float | None:
    """Fleiss' kappa of an items x categories table of how many raters chose each category.

    Every item needs the same number (two or more) of ratings. None when it is undefined: no items,
    or every rating in one category.
    """
    counts = np.asarray(counts, dtype=float)
    if counts.size == 0:
        return None
    raters = counts.sum(axis=1)
    if raters.min() != raters.max() or raters[0] < 2:
        raise ValueError("every item needs the same number (two or more) of ratings")
    n = raters[0]
    expected = float(np.sum((counts.sum(axis=0) / counts.sum()) ** 2))
    if np.isclose(expected, 1.0):
        return None
    observed = float(np.mean((np.sum(counts**2, axis=1) - n) / (n * (n - 1))))
    return (observed - expected) / (1 - expected)


def _summarise(items: list[Item], sentences: list[Sentence], documents: list, names: list) -> dict:
    rated = [item for item in items if None not in item.sentences]
    ratings = [[s.label for s in item.sentences if s] for item in rated]
    used = {s.label for item in items for s in item.sentences if s}
    labels = [label for label in LABELS if label in used]
    kappa = _kappa(ratings)
    agreement = float(np.mean([len(set(row)) == 1 for row in ratings])) if ratings else None
    pairs = itertools.combinations(range(len(names)), 2)
    compared = {s for item in items for s in item.sentences if s}
    only = sorted(
        (s for s in sentences if s not in compared),
        key=lambda s: (s.file, s.doc_id, s.source, s.sent_index),
    )
    return {
        "method": "cohen" if len(names) == 2 else "fleiss",
        "files": [
            {
                "path": name,
                "sentences": sum(s.file == f for s in sentences),
                "only_in": sum(s.file == f for s in only),
            }
            for f, name in enumerate(names)
        ],
        "items": len(rated),
        "items_excluded": len(items) - len(rated),
        "agreement": _round(agreement),
        "kappa": _round(kappa),
        "note": None if kappa is not None else _undefined_note(ratings),
        "labels": labels,
        "per_label": {label: _per_label(ratings, label, len(names)) for label in labels},
        "confusion": [_confusion(items, f, g, labels, names) for f, g in pairs],
        "documents": documents,
        "disagreements": [
            {
                DOC_ID: _first(item).doc_id,
                SOURCE: _first(item).source,
                "annotations": [_annotation(s, names) if s else None for s in item.sentences],
            }
            for item in items
            if len({s.label for s in item.sentences if s}) > 1
        ],
        "only_in": [_annotation(s, names, doc=True) for s in only],
    }


def _kappa(ratings: list[list]) -> float | None:
    """Cohen's kappa for two ratings per item, Fleiss' for more; None when it is undefined."""
    if not ratings or len({rating for row in ratings for rating in row}) < 2:
        return None
    if len(ratings[0]) == 2:
        from sklearn.metrics import cohen_kappa_score  # scikit-learn loads only when asked

        first, second = zip(*ratings, strict=True)
        return float(cohen_kappa_score(first, second))
    categories = sorted({rating for row in ratings for rating in row})
    return fleiss_kappa([[row.count(c) for c in categories] for row in ratings])


def _per_label(ratings: list[list[str]], label: str, n_files: int) -> dict:
    """The kappa of "this label or another", and how many items each file gave the label."""
    kappa = _kappa([[rating == label for rating in row] for row in ratings])
    return {
        "kappa": _round(kappa),
        "note": None if kappa is not None else _undefined_note(ratings, label),
        "labelled": [sum(row[f] == label for row in ratings) for f in range(n_files)],
    }


def _undefined_note(ratings: list[list[str]], label: str | None = None) -> str:
    if not ratings:
        return "no item is labelled by every file, so there is nothing to compare"
    if label is None:
        label = ratings[0][0]
    elif ratings[0][0] != label:
        return f"no item is labelled {label} in any file, so its kappa is undefined"
    return (
        f"every item is labelled {label} in every file: with nothing to disagree on, "
        "kappa is undefined (agreement is 100%)"
    )


def _confusion(items: list[Item], f: int, g: int, labels: list[str], names: list) -> dict:
    pairs: Counter[tuple[str, str]] = Counter()
    for item in items:
        row, column = item.sentences[f], item.sentences[g]
        if row and column:
            pairs[row.label, column.label] += 1
    return {
        "rows": names[f],
        "columns": names[g],
        "items": sum(pairs.values()),
        "labels": labels,
        "matrix": [[pairs[row, column] for column in labels] for row in labels],
    }


def _annotation(sentence: Sentence, names: list, *, doc: bool = False) -> dict:
    where = {DOC_ID: sentence.doc_id, SOURCE: sentence.source} if doc else {}
    return {
        "file": names[sentence.file],
        **where,
        SENT_INDEX: sentence.sent_index,
        TEXT: sentence.text,
        LABEL: sentence.label,
        NOTE: sentence.note,
    }


def _first(item: Item) -> Sentence:
    return next(s for s in item.sentences if s)


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)
