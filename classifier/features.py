"""Sentence features: hashed word and character n-grams, cues and document context.

The input is a sentences DataFrame (``doc_id, sent_index, source, text``), not a list of strings,
so that document context travels with each sentence.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler

from .context import CONTEXT_NAMES, context_matrix
from .cues import CUE_NAMES, cue_matrix
from .schema import SENTENCE_COLUMNS, TEXT

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
HASH_BITS = 18


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


def build_features(settings: dict) -> FeatureUnion:
    """Hashed word and char_wb n-grams (tf-idf weighted) and the scaled cue and context features;
    ``settings["char_wb_ngrams"]`` None leaves the character block out."""
    words = _hashed_tfidf(
        ngram_range=tuple(settings["word_ngrams"]), n_features=2 ** settings["hash_bits"]
    )
    cues = Pipeline([("cues", SentenceCues()), ("scale", StandardScaler())])
    if settings["char_wb_ngrams"] is None:  # no character block
        return FeatureUnion([("words", words), ("cues", cues)])
    chars = _hashed_tfidf(
        analyzer="char_wb",
        ngram_range=tuple(settings["char_wb_ngrams"]),
        n_features=2 ** settings["hash_bits"],
    )
    return FeatureUnion([("words", words), ("chars", chars), ("cues", cues)])


def _hashed_tfidf(**hashing) -> Pipeline:
    return Pipeline(
        [
            ("text", TextColumn()),
            ("hash", HashingVectorizer(alternate_sign=False, norm=None, **hashing)),
            ("tfidf", TfidfTransformer(sublinear_tf=True)),
        ]
    )
