"""The sentences to label: the inputs read and segmented, with the articles' titles, and the
model predictions that order them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputError, TrainingError
from ..inputs.articles import read_articles
from ..inputs.readers import read_sentence_rows
from ..model.train import train
from ..schema import ARTICLE_ID
from ..text.segment import segment_articles

Predictor = Callable[[pd.DataFrame], tuple[list[str], np.ndarray]]
# Folds of the cross-validation a refit during labelling runs for the macro-F1 in the header.
REFIT_FOLDS = 3


@dataclass
class Pool:
    """Sentences in the label schema, titles by doc_id, the articles that could not be read and
    the pages with no visible text (nothing to label on them)."""

    sentences_df: pd.DataFrame
    titles: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    no_text: list[str] = field(default_factory=list)


def read_pool(inputs: list[str], *, sentences: bool = False, source: str | None = None) -> Pool:
    """Articles segmented into sentences, or sentence rows as they are when ``sentences``."""
    if sentences:
        return Pool(read_sentence_rows(inputs))
    articles = read_articles(inputs, source=source)
    if not articles.rows:
        raise InputError(
            "no article could be read: " + "; ".join(articles.failures or ["the inputs are empty"])
        )
    frame = articles.to_frame()
    titles = {}
    if "title" in frame.columns:
        titles = dict(
            zip(frame[ARTICLE_ID].astype(str), frame["title"].fillna("").astype(str), strict=True)
        )
    return Pool(segment_articles(frame), titles, articles.failures, articles.no_text)


class ModelPredictor:
    """Sentences -> (label names, probabilities) with a fitted model, and the model's
    cross-validated macro-F1 when it was measured (None otherwise)."""

    def __init__(self, model, macro_f1: float | None = None):
        self.model = model
        self.macro_f1 = macro_f1

    def __call__(self, sentences_df: pd.DataFrame) -> tuple[list[str], np.ndarray]:
        return [str(c) for c in self.model.classes_], self.model.predict_proba(sentences_df)


def predictor_of(model) -> Predictor:
    """Sentences -> (label names, probabilities) with a fitted model."""
    return ModelPredictor(model)


def refit_predictor(labels_df: pd.DataFrame) -> Predictor:
    """A predictor from a model trained on the labels so far, with its macro-F1 from a
    cross-validation grouped by article (``REFIT_FOLDS`` folds), so that the labeller sees the
    labels pay off; without one when there are too few articles for it."""
    try:
        model, card = train(labels_df, cv=REFIT_FOLDS)
    except TrainingError:  # fewer than two articles, or a fold with one label: train without
        model, card = train(labels_df, cv=0)
    scores = card.get("cross_validation")
    return ModelPredictor(model, None if not scores else float(scores["macro_f1"]))
