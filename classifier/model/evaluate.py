"""Score predictions against hand labels, and cross-validate with folds grouped by document."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import TrainingError
from ..schema import DOC_ID, LABEL, SOURCE
from .tagger import OutOfFold, build_pipeline

DEFAULT_FOLDS = 5
GROUP_BY = ("doc", "source")


def score_labels(y_true, y_pred, *, labels=None) -> dict:
    """Per-label precision, recall, F1 and support, macro-F1, accuracy and the confusion matrix."""
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    labels = sorted(set(y_true) | set(y_pred)) if labels is None else list(labels)
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0
    )
    present = [i for i, label in enumerate(labels) if support[i] > 0]
    return {
        "sentences": int(len(y_true)),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "macro_f1": round(float(np.mean(f1[present])) if present else 0.0, 4),
        "per_label": {
            label: {
                "precision": round(float(precision[i]), 4),
                "recall": round(float(recall[i]), 4),
                "f1": round(float(f1[i]), 4),
                "support": int(support[i]),
            }
            for i, label in enumerate(labels)
        },
        "confusion": {
            "labels": labels,
            "matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        },
    }


def group_keys(labels_df: pd.DataFrame, group_by: str) -> np.ndarray:
    if group_by == "source":
        return labels_df[SOURCE].astype(str).to_numpy()
    if group_by == "doc":
        return (labels_df[SOURCE].astype(str) + "\x1f" + labels_df[DOC_ID].astype(str)).to_numpy()
    raise ValueError(f"group_by must be one of {GROUP_BY}, not {group_by!r}")


def check_groups(groups: np.ndarray, group_by: str) -> int:
    """The number of groups (``group_keys``) to cross-validate over; raise when there are fewer
    than 2."""
    n_groups = len(set(groups))
    if n_groups < 2:
        raise TrainingError(
            f"cross-validation grouped by {group_by} needs at least 2 groups, found {n_groups}; "
            "label more articles or use --group-by doc"
        )
    return n_groups


def out_of_fold(
    labels_df: pd.DataFrame,
    *,
    folds: int = DEFAULT_FOLDS,
    group_by: str = "doc",
    settings: dict | None = None,
) -> OutOfFold:
    """Probabilities of every labelled sentence from ``folds`` models, each trained without the
    sentence's group (document or source)."""
    from sklearn.model_selection import GroupKFold  # imported to train, never to tag

    groups = group_keys(labels_df, group_by)
    n_groups = check_groups(groups, group_by)
    folds = min(folds, n_groups)
    y = labels_df[LABEL].to_numpy()
    classes = np.unique(y)
    probabilities = np.zeros((len(y), len(classes)))
    for train_rows, test_rows in GroupKFold(n_splits=folds).split(labels_df, y, groups):
        train_labels = set(y[train_rows])
        if len(train_labels) < 2:
            raise TrainingError(
                f"a cross-validation fold has only the label {train_labels.pop()!r} to train on; "
                "use fewer folds or label more varied articles"
            )
        model = build_pipeline(settings).fit(labels_df.iloc[train_rows], y[train_rows])
        # A fold that never saw a label gives it probability 0.
        columns = np.searchsorted(classes, model.classes_)
        probabilities[np.ix_(test_rows, columns)] = model.predict_proba(labels_df.iloc[test_rows])
    return OutOfFold(classes, probabilities, folds, group_by)


def cross_validate(
    labels_df: pd.DataFrame,
    *,
    folds: int = DEFAULT_FOLDS,
    group_by: str = "doc",
    settings: dict | None = None,
) -> dict:
    """Out-of-fold scores; no document (or source) is ever in both the training and test part."""
    return score_out_of_fold(
        out_of_fold(labels_df, folds=folds, group_by=group_by, settings=settings),
        labels_df[LABEL].to_numpy(),
    )


def score_out_of_fold(held_out: OutOfFold, y) -> dict:
    """The card's ``cross_validation`` entry: scores of the out-of-fold labels."""
    predicted = held_out.classes[np.argmax(held_out.probabilities, axis=1)]
    scores = score_labels(y, predicted, labels=list(held_out.classes))
    return {"folds": held_out.folds, "group_by": held_out.group_by, **scores}
