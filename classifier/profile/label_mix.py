"""What a profile's label mix counts: each sentence's probability of each label, or its label.

``classifier tag`` writes, beside each label, a probability per label recalibrated for counting
(``model/share_calibration.py``), so a source's share of a label is estimated as the sum of its
sentences' probabilities; each probability p also brings a variance p(1 - p), the tagger's own
uncertainty, which the intervals carry (``intervals.bootstrap_interval``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import LABEL, LABELS, probability_column


def expected_label_counts(annotated: pd.DataFrame) -> pd.DataFrame:
    """Per sentence, what the label-mix shares count: ``e_<label>`` (its probability of the
    label, recalibrated for counting by ``classifier tag``) and ``v_<label>`` (the variance of
    that count, p(1 - p)), plus ``e_content`` (not boilerplate, a denominator). A tagged file
    without a full set of ``p_<label>`` columns counts its labels: probability 1 or 0,
    variance 0."""
    probabilities = _probabilities(annotated)
    from_probabilities = probabilities is not None
    if from_probabilities:
        p = probabilities / probabilities.sum(axis=1, keepdims=True)
    else:
        p = (annotated[LABEL].astype(str).to_numpy()[:, None] == np.array(LABELS)).astype(float)
    # One float array for all the columns: a frame built from one array per column is copied
    # into one block, which for millions of sentences took seconds.
    names = [f"{kind}_{label}" for label in LABELS for kind in ("e", "v")] + ["e_content"]
    expected = np.empty((len(p), len(names)))
    expected[:, 0 : 2 * len(LABELS) : 2] = p
    expected[:, 1 : 2 * len(LABELS) : 2] = p * (1.0 - p)
    expected[:, -1] = 1.0 - p[:, LABELS.index("boilerplate")]
    frame = pd.DataFrame(expected, columns=names, index=annotated.index)
    frame["labels_counted"] = int(not from_probabilities)
    return frame


def _probabilities(tagged_df: pd.DataFrame) -> np.ndarray | None:
    """The ``p_<label>`` columns as one array when every sentence has a probability for every
    label (and so the label-mix shares are estimated from them), else None: a file of labels
    alone, or of another label set, counts labels."""
    columns = [probability_column(label) for label in LABELS]
    if len(tagged_df) == 0 or not set(columns) <= set(tagged_df.columns):
        return None
    values = tagged_df[columns]
    if not all(pd.api.types.is_numeric_dtype(dtype) for dtype in values.dtypes):
        values = values.apply(pd.to_numeric, errors="coerce")
    p = values.to_numpy(np.float64, na_value=np.nan)
    return p if not np.isnan(p).any() and (p.sum(axis=1) > 0).all() else None


def tagging_variances(articles: pd.DataFrame, numerators: list[str]) -> np.ndarray:
    """Per article and signal (named by its numerator), the variance of the numerator that comes
    from the tagger: the sum of p(1 - p) over its sentences for a label-mix share (``e_<label>``),
    0 for the counted signals."""
    variances = np.zeros((len(articles), len(numerators)))
    for i, numerator in enumerate(numerators):
        if numerator.startswith("e_"):
            variances[:, i] = articles["v_" + numerator[2:]].to_numpy(np.float64)
    return variances
