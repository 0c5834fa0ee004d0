"""How far the label mix that ``classifier report`` shows is from the truth, per held-out source.

The shares are those of the report itself (``profile_sources``): boilerplate of all sentences,
reporting, quotation and opinion of the non-boilerplate ones. A model's tagged rows give its
shares (from its recalibrated probabilities when it writes them, as ``classifier tag`` does,
else from its labels); the same rows with their hand labels give the truth. The error of a source
is, per share of a label the set has, estimate minus truth in percentage points; sources with
fewer than ``MIN_ARTICLES`` articles (the report flags them and does not rank them) are left out.
Per page (``page_errors``): the boilerplate share of each document, what the report shows for a
source of one page.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from classifier.profile.profiles import MIN_ARTICLES, profile_sources
from classifier.schema import DOC_ID, LABEL, LABELS, SENT_INDEX, SOURCE, TEXT, probability_column

SHARES = {label: f"share_{label}" for label in LABELS}
WITHIN_POINTS = 3.0


class ShareErrors(NamedTuple):
    """Estimate minus truth, in points, one row per source and one column per share."""

    errors: pd.DataFrame

    @property
    def mean(self) -> float:
        return float(np.nanmean(np.abs(self.errors.to_numpy()))) if self.errors.size else np.nan

    @property
    def worst(self) -> tuple[float, str]:
        """The largest absolute error and where: "source (share)"."""
        if not self.errors.size:
            return np.nan, ""
        stacked = self.errors.abs().stack()
        source, share = stacked.idxmax()
        return float(stacked.max()), f"{source} ({share})"


def tagged_rows(
    test: pd.DataFrame,
    labels: np.ndarray,
    classes=None,
    probabilities: np.ndarray | None = None,
) -> pd.DataFrame:
    """``test``'s sentences as ``classifier tag`` writes them: a label each, and a probability per
    label when the model gives them (0 for a label the model does not know)."""
    tagged = test[[DOC_ID, SOURCE, SENT_INDEX, TEXT]].reset_index(drop=True).copy()
    tagged[LABEL] = np.asarray(labels, dtype=object)
    if probabilities is not None:
        classes = list(classes)
        for label in LABELS:
            column = probabilities[:, classes.index(label)] if label in classes else 0.0
            tagged[probability_column(label)] = column
    return tagged


def source_errors(tagged: pd.DataFrame, truth: pd.DataFrame, set_labels) -> ShareErrors:
    """Per source with enough articles, the report's share of each of ``set_labels`` minus the
    truth's, in points."""
    shares = [SHARES[label] for label in LABELS if label in set_labels]
    estimated = _report_shares(tagged)
    true = _report_shares(truth)
    ranked = true.index[~true["too_few_articles"]]
    errors = (estimated.loc[ranked, shares] - true.loc[ranked, shares]) * 100
    return ShareErrors(errors.rename(columns=lambda name: name.removeprefix("share_")))


def page_errors(tagged: pd.DataFrame, truth: pd.DataFrame) -> ShareErrors:
    """Per document, the boilerplate share (of all its rows) minus the truth's, in points."""
    keys = [tagged[SOURCE].astype(str), tagged[DOC_ID].astype(str)]
    column = probability_column("boilerplate")
    if column in tagged.columns:
        estimated = tagged[column].groupby(keys).mean()
    else:
        estimated = (tagged[LABEL] == "boilerplate").groupby(keys).mean()
    true = (truth[LABEL] == "boilerplate").groupby(keys).mean()
    errors = ((estimated - true) * 100).to_frame("boilerplate")
    errors.index = [f"{source}/{doc}" for source, doc in errors.index]
    return ShareErrors(errors)


def share_within(errors: ShareErrors, points: float = WITHIN_POINTS) -> float:
    """The fraction of rows whose every error is within ``points``."""
    return float((errors.errors.abs() <= points).all(axis=1).mean())


def _report_shares(tagged: pd.DataFrame) -> pd.DataFrame:
    profile = profile_sources(tagged, resamples=0, min_articles=MIN_ARTICLES)
    return profile.set_index(SOURCE)
