"""The sentences to label: the inputs read and segmented, with the articles' titles, and the
model predictions that order them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputError
from ..inputs.articles import read_articles
from ..inputs.readers import read_sentence_rows
from ..model.train import train
from ..schema import ARTICLE_ID
from ..text.segment import segment_articles

Predictor = Callable[[pd.DataFrame], tuple[list[str], np.ndarray]]


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


def predictor_of(model) -> Predictor:
    """Sentences -> (label names, probabilities) with a fitted model."""

    def predict(sentences_df):
        return [str(c) for c in model.classes_], model.predict_proba(sentences_df)

    return predict


def refit_predictor(labels_df: pd.DataFrame) -> Predictor:
    """A predictor from a model trained on the labels so far (no cross-validation)."""
    model, _card = train(labels_df, cv=0)
    return predictor_of(model)
