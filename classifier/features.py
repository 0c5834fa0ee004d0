"""Sentence features: hashed word and character n-grams, cues and document context.

The input is a sentences DataFrame (``doc_id, sent_index, source, text``), not a list of strings,
so that document context travels with each sentence.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

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


class WordwiseCharHasher(TransformerMixin, BaseEstimator):
    """The counts of ``HashingVectorizer(analyzer="char_wb")``, computed once per distinct word.

    A char_wb n-gram never crosses a word boundary (each lower-cased, whitespace-split word is
    padded with spaces and cut into n-grams on its own), so a text's counts are the sum of its
    words' counts: ``text-by-word counts @ word-by-feature counts``. Hashing each distinct word of
    a batch once, instead of every occurrence of every word, gives the same matrix for a fraction
    of the Python work.
    """

    def __init__(self, *, ngram_range=CHAR_NGRAMS, n_features=2**HASH_BITS):
        self.ngram_range = ngram_range
        self.n_features = n_features

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        words_of = [text.lower().split() for text in X]
        vocabulary: dict[str, int] = {}
        columns = [vocabulary.setdefault(word, len(vocabulary)) for w in words_of for word in w]
        indptr = np.zeros(len(words_of) + 1, dtype=np.int64)
        np.cumsum([len(w) for w in words_of], out=indptr[1:])
        text_words = sparse.csr_matrix(
            (np.ones(len(columns)), np.asarray(columns, dtype=np.int64), indptr),
            shape=(len(words_of), len(vocabulary)),
        )
        if vocabulary:
            word_ngrams = self._hasher().transform(list(vocabulary))
        else:  # HashingVectorizer cannot transform an empty list
            word_ngrams = sparse.csr_matrix((0, self.n_features))
        return (text_words @ word_ngrams).tocsr()

    def build_analyzer(self):
        """The char_wb analyzer whose n-grams are counted (as ``HashingVectorizer``'s)."""
        return self._hasher().build_analyzer()

    def _hasher(self) -> HashingVectorizer:
        return HashingVectorizer(
            analyzer="char_wb",
            ngram_range=tuple(self.ngram_range),
            n_features=self.n_features,
            alternate_sign=False,
            norm=None,
        )


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
    # Sparse like the n-gram blocks, so that the union stacks CSR blocks (scipy's fast path)
    # instead of converting everything through COO.
    to_csr = FunctionTransformer(sparse.csr_matrix, feature_names_out="one-to-one")
    cues = Pipeline([("cues", SentenceCues()), ("scale", StandardScaler()), ("sparse", to_csr)])
    if settings["char_wb_ngrams"] is None:  # no character block
        return FeatureUnion([("words", words), ("cues", cues)])
    chars = Pipeline(
        [
            ("text", TextColumn()),
            (
                "hash",
                WordwiseCharHasher(
                    ngram_range=tuple(settings["char_wb_ngrams"]),
                    n_features=2 ** settings["hash_bits"],
                ),
            ),
            ("tfidf", TfidfTransformer(sublinear_tf=True)),
        ]
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
