"""A page stage beside the content model: on HTML pages, a page-aware model decides boilerplate.

The content model (trained on the user's labels) tells reporting, quotation and opinion apart,
and boilerplate in plain text. On sentences that carry HTML markup, the page model (trained on
pages whose main text people marked, with the markup block on) decides first: a sentence is
boilerplate when its probability of being boilerplate is at least ``BOILERPLATE_THRESHOLD``;
otherwise it gets the content model's best other label. The probabilities say the same: the
page model's for boilerplate, the content model's other probabilities sharing the rest in their
own proportions. Text without markup is tagged by the content model alone, as before.

The decision is the page model's alone, so where only boilerplate matters (``classifier
extract`` on pages) the content model is not run on sentences with markup (``boilerplate_of``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import MARKUP
from .store import load_model

BOILERPLATE = "boilerplate"
# The page model's own decision, chosen on a development fold (a fifth of the training side's
# domains; never the held-out split of benchmarks/pages.py). Word-F1 on article pages / on all
# page types: 0.931 / 0.856 at 0.4, 0.926 / 0.862 at 0.45, 0.918 / 0.863 at 0.5. The argmax of
# the combined probabilities, whose boilerplate threshold moves with the content model's
# spread, gave 0.794 on all types there.
BOILERPLATE_THRESHOLD = 0.45


class PageAwareTagger:
    """``content`` for the labels, ``page`` for boilerplate on sentences with markup."""

    def __init__(self, content, page):
        self.content = content
        self.page = page
        self.classes_ = content.classes_

    def predict_proba(self, sentences_df: pd.DataFrame) -> np.ndarray:
        on_page = has_markup(sentences_df)
        if on_page.all() and len(on_page) and self._shares_counts():
            # Every sentence is on a page (a crawl): both models read the same batch, and the
            # n-grams and cues they share are counted once.
            counts = self.page.features_.counts(sentences_df)
            probabilities = self.content.predict_proba(sentences_df, counts=counts)
            page = self.page.predict_proba(sentences_df, counts=counts)
            boilerplate = page[:, _index(self.page, BOILERPLATE)]
            return with_boilerplate(probabilities, _index(self.content, BOILERPLATE), boilerplate)
        probabilities = self.content.predict_proba(sentences_df)
        if not on_page.any() or BOILERPLATE not in self.classes_:
            return probabilities
        boilerplate = self._page_boilerplate(sentences_df[on_page])
        probabilities[on_page] = with_boilerplate(
            probabilities[on_page], _index(self.content, BOILERPLATE), boilerplate
        )
        return probabilities

    def predict(self, sentences_df: pd.DataFrame) -> np.ndarray:
        return labels_of(self, self.predict_proba(sentences_df), sentences_df)

    def boilerplate(self, sentences_df: pd.DataFrame) -> np.ndarray:
        """Which sentences are boilerplate; the content model runs only if some lack markup."""
        on_page = has_markup(sentences_df)
        if on_page.all() and len(on_page) and BOILERPLATE in self.classes_:
            return self._page_boilerplate(sentences_df) >= BOILERPLATE_THRESHOLD
        return self.predict(sentences_df) == BOILERPLATE

    def _shares_counts(self) -> bool:
        page, content = (getattr(m, "features_", None) for m in (self.page, self.content))
        return (
            BOILERPLATE in self.classes_
            and page is not None
            and content is not None
            and page.shares_counts_with(content)
        )

    def _page_boilerplate(self, page_rows: pd.DataFrame) -> np.ndarray:
        return self.page.predict_proba(page_rows)[:, _index(self.page, BOILERPLATE)]


def labels_of(model, probabilities: np.ndarray, sentences_df: pd.DataFrame) -> np.ndarray:
    """The label of each sentence from ``model``'s probabilities (``label_columns``)."""
    classes = np.asarray(model.classes_, dtype=object)
    return classes[label_columns(model, probabilities, sentences_df)]


def label_columns(model, probabilities: np.ndarray, sentences_df: pd.DataFrame) -> np.ndarray:
    """The column of each sentence's label: the most probable one, except that on sentences with
    markup a ``PageAwareTagger`` decides boilerplate first."""
    best = np.argmax(probabilities, axis=1)
    if not isinstance(model, PageAwareTagger) or BOILERPLATE not in model.classes_:
        return best
    column = _index(model, BOILERPLATE)
    others = probabilities.copy()
    others[:, column] = -1.0
    page_best = np.where(
        probabilities[:, column] >= BOILERPLATE_THRESHOLD, column, np.argmax(others, axis=1)
    )
    return np.where(has_markup(sentences_df), page_best, best)


def share_probabilities(model, probabilities: np.ndarray, sentences_df: pd.DataFrame):
    """The probabilities written beside each label: the content model's recalibrated for counting
    (``share_calibration``); on sentences with markup the page model's boilerplate stays."""
    content = model.content if isinstance(model, PageAwareTagger) else model
    calibration = getattr(content, "share_calibration_", None)
    calibrated = probabilities if calibration is None else calibration.apply(probabilities)
    if not isinstance(model, PageAwareTagger) or BOILERPLATE not in model.classes_:
        return calibrated
    on_page = has_markup(sentences_df)
    if on_page.any():
        column = _index(model, BOILERPLATE)
        calibrated = calibrated.copy() if calibrated is probabilities else calibrated
        calibrated[on_page] = with_boilerplate(
            calibrated[on_page], column, probabilities[on_page, column]
        )
    return calibrated


def boilerplate_of(model, sentences_df: pd.DataFrame) -> np.ndarray:
    """Which sentences ``model`` tags boilerplate (what ``labels_of`` says, perhaps cheaper)."""
    if isinstance(model, PageAwareTagger):
        return model.boilerplate(sentences_df)
    return model.predict(sentences_df) == BOILERPLATE


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


def speaker_model_of(model):
    """The learned speaker reader that came with the content model; None: read by the rules."""
    return getattr(getattr(model, "content", model), "speaker_model_", None)


def _index(model, label: str) -> int:
    return int(np.flatnonzero(np.asarray(model.classes_) == label)[0])
