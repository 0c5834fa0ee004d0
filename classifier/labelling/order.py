"""What to label next: the pool of unlabelled sentences and the order to show them in.

Pure functions over DataFrames and probability arrays; the terminal interface, the spreadsheet
route and the active-learning benchmark all order sentences with ``next_batch``.

Order ``mixed`` (the default): every ``MIX_EVERY``-th sentence drawn at random, the others as
``uncertain`` picks them; with no model yet (a new user's first labels) all are drawn at random.
An early model is a poor judge of its own uncertainty and picks outliers, and random picks keep
the labels typical of the pool, while uncertain ones pay off once the model is decent. Measured
(``benchmarks/active_learning.py``, 5 seeds, macro-F1 on held-out articles at 100 / 200 / 400
labels), against ``random``: NewsDiscourse +0.050 / +0.002 / -0.008 (``uncertain``: -0.009 /
-0.019 / -0.014), PolNeAR +0.034 / +0.032 / +0.018 (``uncertain``: +0.039 / +0.036 / +0.027).

Order ``uncertain`` (a teach loop in the manner of Prodigy's): the sentence the model is least
sure of first, measured by the margin between its two most probable labels, with two guards:

- no near-duplicates in a row: a sentence whose words overlap one of the last ``RECENT`` picks by
  ``NEAR_DUPLICATE`` or more (Jaccard) waits until the rest of the batch is chosen;
- rare labels stay in view: every ``RARE_EVERY``-th pick is the sentence the model finds most
  likely to belong to the label with the fewest hand labels so far (a label nobody has used yet
  counts as none), if the model gives it at least ``RARE_MIN_PROBABILITY``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..schema import DOC_ID, LABEL, SENT_INDEX

ORDERS = ("uncertain", "mixed", "sequential", "random")
# Order ``mixed``: every MIX_EVERY-th pick is drawn at random, the others as ``uncertain`` picks.
MIX_EVERY = 2
BATCH = 200
RECENT = 20
NEAR_DUPLICATE = 0.8
RARE_EVERY = 4
# A sentence the model gives less than this for the rare label is not worth showing for it.
RARE_MIN_PROBABILITY = 0.1
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
    if order == "mixed":
        return _mixed_batch(
            candidates,
            size=size,
            seed=seed,
            texts=texts,
            probabilities=probabilities,
            classes=classes,
            label_counts=label_counts,
            recent_texts=recent_texts,
        )
    if order != "uncertain":
        raise ValueError(f"unknown order {order!r}; expected one of {', '.join(ORDERS)}")
    if probabilities is None:
        raise ValueError("order 'uncertain' needs the model's probabilities")
    # Only the first few thousand of each ranking matter for one batch: this bounds the work.
    horizon = size * 20
    by_margin = candidates[np.argsort(margins(probabilities[candidates]), kind="stable")][:horizon]
    rare = _rarest_label(classes, label_counts)
    by_rare = np.zeros(0, dtype=np.int64)
    if rare is not None:
        column = list(classes or []).index(rare)
        rare_probability = probabilities[candidates, column]
        likeliest = np.argsort(-rare_probability, kind="stable")
        likeliest = likeliest[rare_probability[likeliest] >= RARE_MIN_PROBABILITY]
        by_rare = candidates[likeliest][:horizon]
    recent = [word_set(text) for text in (recent_texts or [])][-RECENT:]
    chosen: list[int] = []
    used: set[int] = set()
    waiting: list[int] = []
    cursors = {"margin": 0, "rare": 0}

    def take(ranking: np.ndarray, name: str, *, defer: bool) -> int | None:
        while cursors[name] < len(ranking):
            position = int(ranking[cursors[name]])
            cursors[name] += 1
            if position in used:
                continue
            if is_near_duplicate(word_set(str(texts.iloc[position])), recent):
                if defer:  # shown later, once it is no longer right after its near-twin
                    used.add(position)
                    waiting.append(position)
                continue
            return position
        return None

    while len(chosen) < size:
        pick = None
        if len(chosen) % RARE_EVERY == 0:
            pick = take(by_rare, "rare", defer=False)
        if pick is None:
            pick = take(by_margin, "margin", defer=True)
        if pick is None:
            break
        used.add(pick)
        chosen.append(pick)
        recent = (recent + [word_set(str(texts.iloc[pick]))])[-RECENT:]
    chosen += waiting[: size - len(chosen)]
    return chosen


def _mixed_batch(candidates, *, size, seed, **uncertain) -> list[int]:
    """Random and uncertain picks interleaved: every ``MIX_EVERY``-th one drawn at random; all at
    random while there are no probabilities (no model yet)."""
    if uncertain["probabilities"] is None:
        return [int(i) for i in np.random.default_rng(seed).permutation(candidates)[:size]]
    size = min(size, len(candidates))
    drawn = [
        int(i) for i in np.random.default_rng(seed).permutation(candidates)[: size // MIX_EVERY]
    ]
    rest = np.setdiff1d(candidates, drawn)
    sure = next_batch(rest, order="uncertain", size=size - len(drawn), **uncertain)
    chosen, drawn_iter, sure_iter = [], iter(drawn), iter(sure)
    for i in range(size):
        source = drawn_iter if i % MIX_EVERY == MIX_EVERY - 1 else sure_iter
        pick = next(source, None)
        if pick is None:
            pick = next(sure_iter if source is drawn_iter else drawn_iter, None)
        if pick is None:
            break
        chosen.append(pick)
    return chosen


def _rarest_label(classes: list[str] | None, label_counts: dict[str, int] | None) -> str | None:
    if not classes or label_counts is None:
        return None
    return min(classes, key=lambda label: (label_counts.get(label, 0), label))


def count_labels(labels_df: pd.DataFrame | None) -> dict[str, int]:
    if labels_df is None or labels_df.empty:
        return {}
    return {str(k): int(v) for k, v in labels_df[LABEL].value_counts().items()}
