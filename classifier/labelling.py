"""What to label next: the pool of unlabelled sentences and the order to show them in.

Pure functions over DataFrames and probability arrays; the terminal interface, the spreadsheet
route and the active-learning benchmark all order sentences with ``next_batch``.

Order ``uncertain`` (a teach loop in the manner of Prodigy's): the sentence the model is least
sure of first, measured by the margin between its two most probable labels, with two guards:

- no near-duplicates in a row: a sentence whose words overlap one of the last ``RECENT`` picks by
  ``NEAR_DUPLICATE`` or more (Jaccard) waits until the rest of the batch is chosen;
- rare labels stay in view: every ``RARE_EVERY``-th pick is the least certain sentence that the
  model thinks belongs to the label with the fewest hand labels so far.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .schema import DOC_ID, LABEL, SENT_INDEX

ORDERS = ("uncertain", "sequential", "random")
BATCH = 200
RECENT = 20
NEAR_DUPLICATE = 0.8
RARE_EVERY = 4
_WORD = re.compile(r"\w+")


def sentence_keys(frame: pd.DataFrame) -> pd.Series:
    """``doc_id`` and ``sent_index`` as one hashable key per row: how a sentence is identified."""
    return frame[DOC_ID].astype(str) + "\x1f" + frame[SENT_INDEX].astype(int).astype(str)


def unlabelled_positions(sentences_df: pd.DataFrame, labels_df: pd.DataFrame | None) -> np.ndarray:
    """Positions (row numbers) of ``sentences_df`` that have no label yet."""
    if labels_df is None or labels_df.empty:
        return np.arange(len(sentences_df))
    done = set(sentence_keys(labels_df))
    return np.flatnonzero(~sentence_keys(sentences_df).isin(done).to_numpy())


def margins(probabilities: np.ndarray) -> np.ndarray:
    """Top probability minus the runner-up: small means the model is unsure."""
    if probabilities.shape[1] < 2:
        return np.ones(len(probabilities))
    top_two = np.sort(probabilities, axis=1)[:, -2:]
    return top_two[:, 1] - top_two[:, 0]


def word_set(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def is_near_duplicate(words: frozenset[str], recent: list[frozenset[str]]) -> bool:
    for other in recent:
        union = len(words | other)
        if union and len(words & other) / union >= NEAR_DUPLICATE:
            return True
    return False


def next_batch(
    candidates: np.ndarray,
    *,
    order: str,
    texts: pd.Series,
    probabilities: np.ndarray | None = None,
    classes: list[str] | None = None,
    label_counts: dict[str, int] | None = None,
    recent_texts: list[str] | None = None,
    size: int = BATCH,
    seed: int = 0,
) -> list[int]:
    """Up to ``size`` positions from ``candidates`` (positions into ``texts`` and the rows of
    ``probabilities``), in the order they should be shown."""
    candidates = np.asarray(candidates, dtype=np.int64)
    if order == "sequential" or len(candidates) == 0:
        return [int(i) for i in np.sort(candidates)[:size]]
    if order == "random":
        rng = np.random.default_rng(seed)
        return [int(i) for i in rng.permutation(candidates)[:size]]
    if order != "uncertain":
        raise ValueError(f"unknown order {order!r}; expected one of {', '.join(ORDERS)}")
    if probabilities is None:
        raise ValueError("order 'uncertain' needs the model's probabilities")
    margin = margins(probabilities[candidates])
    ranked = candidates[np.argsort(margin, kind="stable")]
    predicted = (
        np.asarray(classes, dtype=object)[probabilities[ranked].argmax(axis=1)]
        if classes is not None
        else None
    )
    rare = _rarest_label(classes, label_counts)
    recent = [word_set(text) for text in (recent_texts or [])][-RECENT:]
    chosen: list[int] = []
    waiting: list[int] = []
    taken = np.zeros(len(ranked), dtype=bool)
    cursor = 0
    # Only the most uncertain few thousand matter for one batch; this bounds the work on big pools.
    horizon = min(len(ranked), size * 20)
    while len(chosen) < size:
        pick = None
        if rare is not None and predicted is not None and len(chosen) % RARE_EVERY == 0:
            for j in np.flatnonzero((predicted[:horizon] == rare) & ~taken[:horizon]):
                words = word_set(str(texts.iloc[ranked[j]]))
                if not is_near_duplicate(words, recent):
                    pick = int(j)
                    break
        while pick is None and cursor < horizon:
            if not taken[cursor]:
                words = word_set(str(texts.iloc[ranked[cursor]]))
                if is_near_duplicate(words, recent):
                    taken[cursor] = True
                    waiting.append(int(ranked[cursor]))
                else:
                    pick = cursor
            cursor += 1
        if pick is None:
            break
        taken[pick] = True
        chosen.append(int(ranked[pick]))
        recent = (recent + [word_set(str(texts.iloc[ranked[pick]]))])[-RECENT:]
    chosen += waiting[: size - len(chosen)]
    return chosen


def _rarest_label(classes: list[str] | None, label_counts: dict[str, int] | None) -> str | None:
    if not classes or label_counts is None:
        return None
    return min(classes, key=lambda label: (label_counts.get(label, 0), label))


def count_labels(labels_df: pd.DataFrame | None) -> dict[str, int]:
    if labels_df is None or labels_df.empty:
        return {}
    return {str(k): int(v) for k, v in labels_df[LABEL].value_counts().items()}
