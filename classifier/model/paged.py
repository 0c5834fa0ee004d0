"""A page stage beside the content model: on HTML pages, a page-aware model decides boilerplate.

The content model (trained on the user's labels) tells reporting, quotation and opinion apart,
and boilerplate in plain text. On sentences that carry HTML markup, the page model (trained on
pages whose main text people marked, with the markup block on) gives the probability that a
sentence is boilerplate; the content model's other probabilities share the rest in their own
proportions. Text without markup is tagged by the content model alone, as before.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import MARKUP
from .store import load_model

BOILERPLATE = "boilerplate"


class PageAwareTagger:
    """``content`` for the labels, ``page`` for boilerplate on sentences with markup."""

    def __init__(self, content, page):
        self.content = content
        self.page = page
        self.classes_ = content.classes_

    def predict_proba(self, sentences_df: pd.DataFrame) -> np.ndarray:
        probabilities = self.content.predict_proba(sentences_df)
        on_page = has_markup(sentences_df)
        if not on_page.any() or BOILERPLATE not in self.classes_:
            return probabilities
        page_rows = sentences_df[on_page]
        boilerplate = self.page.predict_proba(page_rows)[:, _index(self.page, BOILERPLATE)]
        probabilities[on_page] = with_boilerplate(
            probabilities[on_page], _index(self.content, BOILERPLATE), boilerplate
        )
        return probabilities

    def predict(self, sentences_df: pd.DataFrame) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(sentences_df), axis=1)]


def with_boilerplate(probabilities: np.ndarray, column: int, boilerplate: np.ndarray) -> np.ndarray:
    """``probabilities`` with column ``column`` replaced by ``boilerplate`` and the other columns
    rescaled to share ``1 - boilerplate`` as they shared what they had (equally when they had
    nothing)."""
    others = probabilities.copy()
    others[:, column] = 0.0
    totals = others.sum(axis=1, keepdims=True)
    n_others = probabilities.shape[1] - 1
    others = np.where(totals > 0, others / np.where(totals > 0, totals, 1.0), 1.0 / n_others)
    others[:, column] = 0.0
    others *= (1.0 - boilerplate)[:, None]
    others[:, column] = boilerplate
    return others


def has_markup(sentences_df: pd.DataFrame) -> np.ndarray:
    """Which sentences carry HTML markup tokens."""
    if MARKUP not in sentences_df.columns:
        return np.zeros(len(sentences_df), dtype=bool)
    return sentences_df[MARKUP].fillna("").astype(str).str.len().to_numpy() > 0


def is_page_aware(model) -> bool:
    """True for a model with its own markup block (trained on a user's labelled pages)."""
    return model.features_.markup_bits is not None


def load_tagger(model_path, page_model_path=None):
    """The content model of ``model_path``, with the page model of ``page_model_path`` beside it
    unless that is None or the content model is page-aware itself."""
    model, _card = load_model(model_path)
    if page_model_path is None or is_page_aware(model):
        return model
    page, _page_card = load_model(page_model_path)
    return PageAwareTagger(model, page)


def _index(model, label: str) -> int:
    return int(np.flatnonzero(np.asarray(model.classes_) == label)[0])
