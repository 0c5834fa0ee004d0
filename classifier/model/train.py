"""Train a model from hand labels and describe it in a card."""

from __future__ import annotations

import platform
from datetime import datetime, timezone

import numpy as np
import pandas as pd

from ..attribution import fit_speaker_model
from ..errors import TrainingError
from ..schema import CUE, DOC_ID, LABEL, MARKUP, SENT_INDEX, SPEAKER, TEXT
from ..version import __version__
from .context import CONTEXT_NAMES, neighbour_names
from .cues import CUE_NAMES
from .evaluate import check_groups, group_keys, score_out_of_fold
from .features import MARKUP_BITS
from .share_calibration import fit_share_calibration
from .tagger import STACK_FOLDS, build_pipeline

MIN_EXAMPLES_PER_LABEL = 2
# The card's scores come from the folds the context stage is stacked on (``fit_model``).
TRAIN_FOLDS = STACK_FOLDS
SCORING_METHOD = (
    "out-of-fold predictions of the folds the context stage is stacked on: sentence-stage "
    "weights and a context stage fitted without each sentence's group (idf weights fitted on "
    "all sentences)"
)


def train(
    labels_df: pd.DataFrame,
    *,
    cv: int = TRAIN_FOLDS,
    group_by: str = "doc",
    training_files: list[dict] | None = None,
    jobs: int = 1,
):
    """Fit the pipeline on all of ``labels_df``; return ``(model, card)``.

    ``cv`` folds (grouped by ``group_by``) estimate the scores recorded in the card; ``cv < 2``
    skips them. ``jobs`` fits run at a time (threads); the model is the same for any ``jobs``.
    """
    warnings = check_trainable(labels_df)
    model, scores = fit_model(
        labels_df, settings=settings_for(labels_df), cv=cv, group_by=group_by, jobs=jobs
    )
    card = build_card(labels_df, model, scores=scores, training_files=training_files or [])
    if warnings:
        card["warnings"] = warnings
    return model, card


def fit_model(
    labels_df: pd.DataFrame,
    *,
    settings: dict | None,
    cv: int,
    group_by: str = "doc",
    jobs: int = 1,
):
    """``(model, scores)``: the pipeline fitted on all of ``labels_df``; with ``cv >= 2`` folds,
    the scores of its out-of-fold predictions and the share calibration fitted on its
    out-of-fold probabilities (None and the identity otherwise).

    The folds are those the context stage is stacked on (``SentenceTagger.fit``), so scoring the
    model costs no fits of its own: each row is tagged by sentence-stage weights and a context
    stage that never saw its document (or source). The features' idf weights are fitted on all
    rows, labels unseen; ``classifier evaluate --cv K`` refits everything per fold instead."""
    y = labels_df[LABEL].to_numpy()
    if cv >= 2:
        check_groups(group_keys(labels_df, group_by), group_by)
    model = build_pipeline(settings).fit(
        labels_df,
        y,
        folds=cv if cv >= 2 else None,
        group_by=group_by if cv >= 2 else "doc",
        jobs=jobs,
    )
    held_out, model.out_of_fold_ = model.out_of_fold_, None
    if cv < 2 or held_out is None:
        return model, None
    scores = {"method": SCORING_METHOD, **score_out_of_fold(held_out, y)}
    model.share_calibration_ = fit_share_calibration(
        held_out.probabilities, np.searchsorted(held_out.classes, y)
    )
    return model, scores


def settings_for(labels_df: pd.DataFrame) -> dict | None:
    """Settings that differ from ``PIPELINE_SETTINGS`` for these labels: the markup block when
    the labelled sentences come from HTML pages (a ``markup`` column that is not all empty)."""
    if MARKUP in labels_df.columns and labels_df[MARKUP].fillna("").astype(str).str.len().any():
        return {"markup_bits": MARKUP_BITS}
    return None


def add_speaker_model(model, card: dict, speakers_df: pd.DataFrame, files: list[dict]) -> None:
    """Fit the learned speaker reader on quotation sentences with their speaker and cue
    (``inputs.labels.read_speaker_files``) into ``model``, and record it in ``card``."""
    model.speaker_model_ = fit_speaker_model(
        speakers_df[TEXT].tolist(), speakers_df[SPEAKER].tolist(), speakers_df[CUE].tolist()
    )
    card["speaker_model"] = {
        "kind": "linear scorer of speaker candidates around reporting cues (attribution)",
        "sentences": int(len(speakers_df)),
        "with_speaker": int((speakers_df[SPEAKER].str.strip() != "").sum()),
        "training_files": files,
    }


def with_page_markup(labels_df: pd.DataFrame, pages_df: pd.DataFrame) -> pd.DataFrame:
    """The labelled sentences with the ``markup`` of the same sentence of the pages they were
    labelled on (``pages_df``: the pages segmented, as ``classifier label`` segments them),
    matched by ``doc_id`` and ``sent_index`` and checked by text. Raise when no labelled
    sentence is found on the pages."""
    keys = [DOC_ID, SENT_INDEX]
    pages = pages_df[[*keys, TEXT, MARKUP]].rename(columns={TEXT: "_page_text"})
    pages = pages.astype({DOC_ID: str})
    merged = labels_df.drop(columns=[MARKUP], errors="ignore").astype({DOC_ID: str})
    merged = merged.merge(pages, on=keys, how="left", validate="many_to_one")
    same = merged["_page_text"].fillna("").str.strip() == merged[TEXT].astype(str).str.strip()
    if not same.any():
        raise TrainingError(
            "none of the labelled sentences is a sentence of the pages given with --pages "
            "(matched by doc_id, sent_index and text); give the pages the labels were made on "
            "(classifier label PAGES --labels FILE)"
        )
    merged[MARKUP] = merged[MARKUP].where(same, "").fillna("")
    return merged.drop(columns="_page_text")


def check_trainable(labels_df: pd.DataFrame) -> list[str]:
    """Raise unless there are two labels to tell apart; return a warning for each label with
    fewer than ``MIN_EXAMPLES_PER_LABEL`` examples (a new label file, one article left out):
    such a label is trained, but the model knows it from one sentence."""
    counts = labels_df[LABEL].value_counts()
    if len(counts) < 2:
        found = ", ".join(counts.index) or "none"
        raise TrainingError(f"training needs at least two different labels; found: {found}")
    return [
        f"label {label!r} has {int(count)} example: it is trained, but the model knows it from "
        "that one sentence, so its probabilities and cross-validated scores for it are "
        "unreliable; label more of it (classifier label ... --labels FILE)"
        for label, count in counts.items()
        if count < MIN_EXAMPLES_PER_LABEL
    ]


def build_card(labels_df, model, *, scores, training_files) -> dict:
    import joblib
    import numpy
    import scipy
    import sklearn

    return {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "classifier_version": __version__,
        "labels": [str(label) for label in model.classes_],
        "label_counts": {str(k): int(v) for k, v in labels_df[LABEL].value_counts().items()},
        "sentences": int(len(labels_df)),
        "training_files": training_files,
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "numpy": numpy.__version__,
            "scipy": scipy.__version__,
            "pandas": pd.__version__,
            "joblib": joblib.__version__,
        },
        "settings": model._settings(),
        "features": {
            "text": "tf-idf over hashed word n-grams; per-token tf-idf character n-grams summed "
            "over each sentence's tokens (see settings)",
            "cues": list(CUE_NAMES),
            "context": list(CONTEXT_NAMES),
            "context_stage": neighbour_names(model.classes_, model._settings()["window"]),
        },
        "classifier": {
            "kind": "sentence stage: class-balanced logistic regression (SGD) on the features; "
            "context stage: the same on out-of-fold sentence-stage probabilities of the "
            "sentence, its neighbours and its article, temperature-scaled",
            "sentence_temperature": round(float(model.sentence_temperature_), 4),
            "context_temperature": (
                None if model.context_ is None else round(float(model.context_.temperature_), 4)
            ),
        },
        "context_stage": model.context_ is not None,
        "share_calibration": model.share_calibration_.to_card(model.classes_),
        "cross_validation": scores,
    }
