"""How far a profile's label mix can be trusted: the model's measured precision and recall.

The model card records per-label scores from a cross-validation grouped by document
(``classifier train``). Beside the shares, the report shows them, so that a reader knows that
a 12% opinion share rests on a label found with, say, 55% precision and 48% recall.
"""

from __future__ import annotations

import pandas as pd

from ..schema import LABELS

MEASURES = ("precision", "recall", "f1", "support")


def label_scores(card: dict) -> dict[str, dict] | None:
    """Per label, the card's cross-validated precision, recall, F1 and support; None when the
    model was trained without cross-validation."""
    validation = card.get("cross_validation")
    if not validation or "per_label" not in validation:
        return None
    return {
        label: {measure: scores[measure] for measure in MEASURES}
        for label, scores in validation["per_label"].items()
        if label in LABELS
    }


def scores_source(card: dict, model_path: str) -> str:
    """Where the scores come from, for a reader: the model and how it was measured."""
    validation = card["cross_validation"]
    return (
        f"{model_path}: {validation['folds']}-fold cross-validation grouped by "
        f"{validation['group_by']} on {validation['sentences']:,} labelled sentences"
    )


def with_label_scores(profile: pd.DataFrame, scores: dict[str, dict], source: str) -> pd.DataFrame:
    """``profile`` with ``precision_<label>``, ``recall_<label>``, ``f1_<label>`` and
    ``support_<label>`` (the same on every row: they belong to the model) and
    ``label_scores_from``."""
    profile = profile.copy()
    for label in LABELS:
        for measure in MEASURES:
            profile[f"{measure}_{label}"] = scores.get(label, {}).get(measure)
    profile["label_scores_from"] = source
    return profile


def scores_of(profile: pd.DataFrame) -> tuple[str, dict[str, dict]] | None:
    """What ``with_label_scores`` added, read back: ``(source, {label: scores})`` for the labels
    the model has; None when the profile has no model scores."""
    if profile.empty or "label_scores_from" not in profile.columns:
        return None
    row = profile.iloc[0]
    scores = {
        label: {measure: row[f"{measure}_{label}"] for measure in MEASURES}
        for label in LABELS
        if not pd.isna(row[f"precision_{label}"])
    }
    return str(row["label_scores_from"]), scores
