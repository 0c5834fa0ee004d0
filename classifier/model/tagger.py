"""The model: a sentence stage and a context stage, both linear.

1. The sentence stage scores each sentence from its own features (``features.build_features``:
   n-grams, cues, context cues) with a class-balanced logistic regression.
2. The context stage re-tags each sentence from the sentence-stage probabilities of itself, of
   the ``window`` sentences on each side and of the whole article, and its position
   (``context.neighbour_matrix``): a quote continues, chrome comes in runs, an article's opinion
   clusters. It is trained on out-of-fold sentence-stage probabilities, with folds grouped by
   article, so it learns how far to trust them, and its probabilities are temperature-scaled.
   With labels from fewer than ``MIN_ARTICLES_FOR_CONTEXT`` articles, or isolated sentences
   (articles of one sentence), there is nothing to learn that from, and the temperature-scaled
   sentence stage is the model; its document-context features then get no weight either.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ..schema import DOC_ID, SENT_INDEX, SOURCE
from .context import CONTEXT_NAMES, DocumentLayout, neighbour_matrix
from .features import CHAR_NGRAMS, HASH_BITS, WORD_NGRAMS, build_features
from .linear import (
    CALIBRATION_FOLDS,
    EPOCHS,
    REGULARISATION_C,
    CalibratedLinear,
    alpha_for,
    column_weights,
    fit_temperature,
    fit_with_out_of_fold,
    linear_scores,
    softmax,
)
from .params import ClassifierParams
from .share_calibration import identity

WINDOW = 3
STACK_FOLDS = 3
# The out-of-fold fits take as many epochs as the final fit: their probabilities also fit the
# recalibration for counting shares (train.fit_model), which must see probabilities like the
# model's own. With 5 epochs, which served the context stage as well (held out: newsdiscourse
# 0.752 against 0.748, polnear 0.916 against 0.914), the report's shares per held-out source
# were off by 1.65 / 4.99 points (mean / worst) on newsdiscourse and 3.01 / 6.21 on polnear; with
# 10, 1.63 / 5.12 and 2.72 / 5.47; with 30, 1.24 / 4.48 and 2.32 / 5.00 (benchmarks/accuracy.py).
OUT_OF_FOLD_EPOCHS = EPOCHS
MIN_ARTICLES_FOR_CONTEXT = 20
MIN_COVERAGE_FOR_CONTEXT = 0.5

PIPELINE_SETTINGS = {
    "word_ngrams": list(WORD_NGRAMS),
    "char_wb_ngrams": list(CHAR_NGRAMS),
    "hash_bits": HASH_BITS,
    "c": REGULARISATION_C,
    "calibration_folds": CALIBRATION_FOLDS,
    "window": WINDOW,
    "stack_folds": STACK_FOLDS,
    "epochs": EPOCHS,
    "stack_epochs": OUT_OF_FOLD_EPOCHS,
    "context_epochs": EPOCHS,
    # None: no markup block. A page-aware model (trained on HTML pages' sentences) sets it.
    "markup_bits": None,
}


class OutOfFold(NamedTuple):
    """Each labelled sentence's probabilities from a model that did not see its document."""

    classes: np.ndarray
    probabilities: np.ndarray  # (sentences, classes)
    folds: int
    group_by: str


class SentenceTagger(ClassifierParams):
    """Features -> sentence-stage weights -> context-stage calibrated weights.

    Fitted state: ``features_`` (a ``SentenceFeatures``), ``sentence_coef_``,
    ``sentence_intercept_``, ``sentence_temperature_`` and ``context_`` (a ``CalibratedLinear``,
    or None when there were too few articles to train it), all plain arrays, and
    ``share_calibration_`` (``share_calibration``: the identity until ``train`` fits it).
    """

    def __init__(self, *, settings: dict | None = None):
        self.settings = settings

    def _settings(self) -> dict:
        return {**PIPELINE_SETTINGS, **(self.settings or {})}

    def fit(
        self,
        sentences_df: pd.DataFrame,
        y,
        *,
        folds: int | None = None,
        group_by="doc",
        jobs: int = 1,
    ):
        """Fit both stages. The context stage learns from out-of-fold sentence-stage scores:
        ``folds`` folds (default ``stack_folds``), each keeping whole documents (``group_by``
        "doc") or sources ("source") out. ``out_of_fold_`` then holds every row's final
        probabilities from those folds (``OutOfFold``; never saved): a model that saw none of
        a row's group gave its sentence-stage scores, and a context stage fitted without the
        group re-tagged it, which is what ``train`` scores the model by. Each stage's fits (on
        every row, and one per fold) run ``jobs`` at a time, with the same result for any
        ``jobs``."""
        settings = self._settings()
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError("need at least two labels to train")
        self.features_ = build_features(settings)
        layout = DocumentLayout(sentences_df)
        X = self.features_.fit_transform(sentences_df, layout=layout)
        context_to_learn = _has_context_to_learn(sentences_df)
        if not context_to_learn:
            X = _without_document_context(X)
        alpha = alpha_for(len(y), settings["c"])
        splits = grouped_splits(_groups(layout, group_by), folds or settings["stack_folds"])
        (self.sentence_coef_, self.sentence_intercept_), held_out_scores = fit_with_out_of_fold(
            X,
            y,
            self.classes_,
            alpha=alpha,
            splits=splits,
            epochs=settings["epochs"],
            fold_epochs=settings["stack_epochs"],
            jobs=jobs,
        )
        if not splits:  # a single group: in-sample scores are all there is
            held_out_scores = linear_scores(X, self.sentence_coef_, self.sentence_intercept_)
        y_index = np.searchsorted(self.classes_, y)
        self.sentence_temperature_ = fit_temperature(held_out_scores, y_index)
        probabilities = softmax(held_out_scores / self.sentence_temperature_)
        # Fitted by train() on the out-of-fold probabilities, when it scores the model.
        self.share_calibration_ = identity(len(self.classes_))
        self.context_ = None
        if context_to_learn:
            context = neighbour_matrix(
                sentences_df, probabilities, settings["window"], layout=layout
            )
            self.context_ = CalibratedLinear(
                c=settings["c"],
                calibration_folds=settings["calibration_folds"],
                epochs=settings["context_epochs"],
                jobs=jobs,
            ).fit(context, y, splits=splits or None)
            if splits:
                held_out_context = self.context_.held_out_scores_ / self.context_.temperature_
                probabilities = softmax(held_out_context)
            del self.context_.held_out_scores_
        self.out_of_fold_ = None
        if splits:
            self.out_of_fold_ = OutOfFold(self.classes_, probabilities, len(splits), group_by)
        return self

    def stage_inputs(self, sentences_df: pd.DataFrame):
        """What each stage sees: ``(features, sentence-stage probabilities, context matrix)``;
        the context matrix is None without a context stage."""
        layout = DocumentLayout(sentences_df)
        X = self.features_.transform(sentences_df, layout=layout)
        scores = linear_scores(X, self.sentence_coef_, self.sentence_intercept_)
        probabilities = softmax(scores / self.sentence_temperature_)
        if self.context_ is None:
            return X, probabilities, None
        window = self._settings()["window"]
        context = neighbour_matrix(sentences_df, probabilities, window, layout=layout)
        return X, probabilities, context

    def predict_proba(self, sentences_df: pd.DataFrame, *, counts=None) -> np.ndarray:
        """The same as ``stage_inputs`` and then the context stage, without building the
        feature matrix (``SentenceFeatures.scores``; ``counts``: the batch's raw counts, when
        another model with the same n-grams has counted them already)."""
        layout = DocumentLayout(sentences_df)
        scores = self.features_.scores(
            sentences_df,
            self.sentence_weights(),
            self.sentence_intercept_,
            layout=layout,
            counts=counts,
        )
        probabilities = softmax(scores / self.sentence_temperature_)
        if self.context_ is None:
            return probabilities
        window = self._settings()["window"]
        context = neighbour_matrix(sentences_df, probabilities, window, layout=layout)
        return self.context_.predict_proba(context)

    def predict(self, sentences_df: pd.DataFrame) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(sentences_df), axis=1)]

    def __getstate__(self) -> dict:
        # The laid-out weights are a copy, remade on first use: a pickled model (sent to Dask
        # workers) leaves it out.
        return {key: value for key, value in self.__dict__.items() if key != "_sentence_weights"}

    def sentence_weights(self) -> np.ndarray:
        """``sentence_coef_`` as ``linear.column_weights`` lays it out, made once for each fitted
        ``sentence_coef_`` (``store.load_model`` makes it, so forked workers share its pages)."""
        made = getattr(self, "_sentence_weights", None)
        if made is None or made[0] is not self.sentence_coef_:
            made = self._sentence_weights = (
                self.sentence_coef_,
                column_weights(self.sentence_coef_),
            )
        return made[1]


def grouped_splits(groups: np.ndarray, folds: int) -> list:
    """``(train_rows, test_rows)`` of ``folds`` folds (fewer when there are fewer groups), each
    keeping whole groups out; none for a single group."""
    from sklearn.model_selection import GroupKFold  # training only

    folds = min(folds, len(np.unique(groups)))
    if folds < 2:
        return []
    return list(GroupKFold(n_splits=folds).split(groups, groups=groups))


def _groups(layout: DocumentLayout, group_by: str) -> np.ndarray:
    """Each row's document (or source) number, in input order."""
    if group_by == "source":
        return layout.unsort(layout.source_code)
    if group_by == "doc":
        return layout.unsort(layout.doc_number)
    raise ValueError(f"group_by must be 'doc' or 'source', not {group_by!r}")


def _has_context_to_learn(sentences_df: pd.DataFrame) -> bool:
    """Enough articles, and labels that cover their articles rather than a few scattered
    sentences of each (as an uncertainty-ordered labelling session gives): the context stage
    learns from neighbours' labels, and scattered labels have none."""
    spans = sentences_df.groupby([SOURCE, DOC_ID])[SENT_INDEX].agg(["min", "max", "size"])
    articles = len(spans)
    covered = spans["size"].sum() / (spans["max"] - spans["min"] + 1).sum()
    return (
        articles >= MIN_ARTICLES_FOR_CONTEXT
        and len(sentences_df) > articles
        and covered >= MIN_COVERAGE_FOR_CONTEXT
    )


def _without_document_context(X):
    """``X`` with its document-context columns (the last ones) zeroed, so that they get no weight:
    where a sentence sits cannot be learned from a handful of articles, or from isolated sentences.
    """
    from scipy import sparse  # training only

    keep = np.ones(X.shape[1])
    keep[X.shape[1] - len(CONTEXT_NAMES) :] = 0.0
    return sparse.csr_matrix(X) @ sparse.diags(keep)


def build_pipeline(settings: dict | None = None) -> SentenceTagger:
    """An unfitted model. ``settings`` overrides ``PIPELINE_SETTINGS``; a model card stores the
    settings a model was built with, so a saved model is rebuilt exactly."""
    return SentenceTagger(settings=settings)
