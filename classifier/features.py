"""The scikit-learn pipeline: text and context features into a calibrated linear classifier.

The input of the pipeline is a sentences DataFrame (``doc_id, sent_index, source, text``), not a
list of strings, so that document context travels with each sentence.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler

from .context import CONTEXT_NAMES, context_matrix
from .cues import CUE_NAMES, cue_matrix
from .schema import SENTENCE_COLUMNS, TEXT

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
HASH_BITS = 18
# Regularisation: alpha = 1 / (C * n_sentences), so it weakens as labelled data grows, as C
# does for a logistic regression; alpha is never below MIN_ALPHA.
REGULARISATION_C = 10.0
MIN_ALPHA = 1e-6
CALIBRATION_FOLDS = 3
EPOCHS = 30
RANDOM_STATE = 0


class TextColumn(TransformerMixin, BaseEstimator):
    """Select the sentence texts of a sentences DataFrame."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return X[TEXT].astype(str).tolist()


class SentenceCues(TransformerMixin, BaseEstimator):
    """Cue features of each sentence plus its document context, as a dense matrix."""

    def fit(self, X, y=None):
        _check_columns(X)
        return self

    def transform(self, X):
        _check_columns(X)
        cues = cue_matrix(X[TEXT].astype(str))
        return np.hstack([cues, context_matrix(X, cues)])

    def get_feature_names_out(self, input_features=None):
        return np.asarray([*CUE_NAMES, *CONTEXT_NAMES], dtype=object)


def _check_columns(X) -> None:
    if not isinstance(X, pd.DataFrame):
        raise TypeError("the pipeline takes a sentences DataFrame, not " + type(X).__name__)
    missing = [column for column in SENTENCE_COLUMNS if column not in X.columns]
    if missing:
        raise ValueError(f"sentences DataFrame is missing columns: {', '.join(missing)}")


class CalibratedLinear(ClassifierMixin, BaseEstimator):
    """A class-balanced logistic regression (trained by SGD) with temperature-scaled probabilities.

    The label is the argmax of the class-balanced model, so rare labels are not swamped. Its scores
    are then divided by one temperature, fitted to minimise the log-loss of out-of-fold scores
    (``calibration_folds`` stratified folds, fewer when the rarest label has fewer examples, none
    when it has one). Scaling by a single number calibrates the confidence without changing any
    label. Only the weights are kept: ``coef_`` (one row per class, float32) and ``intercept_``
    of the model fitted on all the data, which also explain each prediction.
    """

    def __init__(self, *, c: float = REGULARISATION_C, calibration_folds: int = CALIBRATION_FOLDS):
        self.c = c
        self.calibration_folds = calibration_folds

    def fit(self, X, y):
        y = np.asarray(y)
        self.classes_, counts = np.unique(y, return_counts=True)
        if len(self.classes_) < 2:
            raise ValueError("need at least two labels to train")
        self.alpha_ = max(MIN_ALPHA, 1.0 / (self.c * len(y)))
        self.coef_, self.intercept_ = _class_weights(self._new_linear().fit(X, y))
        folds = min(self.calibration_folds, int(counts.min()))
        self.temperature_ = 1.0
        if folds >= 2:
            scores = np.zeros((len(y), len(self.classes_)))
            splitter = StratifiedKFold(folds, shuffle=True, random_state=RANDOM_STATE)
            for train_rows, test_rows in splitter.split(X, y):
                fold_model = self._new_linear().fit(X[train_rows], y[train_rows])
                scores[test_rows] = _scores(X[test_rows], *_class_weights(fold_model))
            self.temperature_ = _fit_temperature(scores, np.searchsorted(self.classes_, y))
        return self

    def _new_linear(self) -> SGDClassifier:
        return SGDClassifier(
            loss="log_loss",
            alpha=self.alpha_,
            class_weight="balanced",
            max_iter=EPOCHS,
            tol=None,
            average=True,
            random_state=RANDOM_STATE,
        )

    def decision_function(self, X):
        return _scores(X, self.coef_, self.intercept_)

    def predict_proba(self, X):
        return _softmax(self.decision_function(X) / self.temperature_)

    def predict(self, X):
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]


def _class_weights(linear: SGDClassifier) -> tuple[np.ndarray, np.ndarray]:
    """One weight row per class, also for a binary model (whose weights are for classes_[1])."""
    coef, intercept = linear.coef_, linear.intercept_
    if coef.shape[0] == 1:
        coef, intercept = (
            np.vstack([-coef / 2, coef / 2]),
            np.array([-intercept[0], intercept[0]]) / 2,
        )
    return coef.astype(np.float32), intercept.astype(np.float64)


def _scores(X, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    return np.asarray(X @ coef.T) + intercept


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def _fit_temperature(scores: np.ndarray, y_index: np.ndarray) -> float:
    def log_loss(log_t: float) -> float:
        probabilities = _softmax(scores / np.exp(log_t))
        return -np.mean(np.log(probabilities[np.arange(len(y_index)), y_index] + 1e-12))

    result = minimize_scalar(log_loss, bounds=(-4.0, 4.0), method="bounded")
    return float(np.exp(result.x))


PIPELINE_SETTINGS = {
    "word_ngrams": list(WORD_NGRAMS),
    "char_wb_ngrams": list(CHAR_NGRAMS),
    "hash_bits": HASH_BITS,
    "c": REGULARISATION_C,
    "calibration_folds": CALIBRATION_FOLDS,
}


def build_pipeline(settings: dict | None = None) -> Pipeline:
    """An unfitted pipeline: features, then a calibrated linear classifier.

    ``settings`` overrides ``PIPELINE_SETTINGS``; a model card stores the settings it was built
    with, so a saved model is rebuilt exactly.
    """
    settings = {**PIPELINE_SETTINGS, **(settings or {})}
    words = _hashed_tfidf(
        ngram_range=tuple(settings["word_ngrams"]), n_features=2 ** settings["hash_bits"]
    )
    chars = _hashed_tfidf(
        analyzer="char_wb",
        ngram_range=tuple(settings["char_wb_ngrams"]),
        n_features=2 ** settings["hash_bits"],
    )
    cues = Pipeline([("cues", SentenceCues()), ("scale", StandardScaler())])
    features = FeatureUnion([("words", words), ("chars", chars), ("cues", cues)])
    classifier = CalibratedLinear(c=settings["c"], calibration_folds=settings["calibration_folds"])
    return Pipeline([("features", features), ("classifier", classifier)])


def _hashed_tfidf(**hashing) -> Pipeline:
    return Pipeline(
        [
            ("text", TextColumn()),
            ("hash", HashingVectorizer(alternate_sign=False, norm=None, **hashing)),
            ("tfidf", TfidfTransformer(sublinear_tf=True)),
        ]
    )
