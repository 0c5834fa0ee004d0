"""The character block: ``WordwiseCharHasher`` gives exactly ``HashingVectorizer``'s counts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.feature_extraction.text import HashingVectorizer

from classifier.features import WordwiseCharHasher

TEXTS = [
    "The minister said the plan was 'unacceptable'.",
    "Advertisement",
    "",
    "   ",
    "a",
    "Ünïcode\u00a0no-break\ttab\nnew line  DOUBLE  spaces, the the THE",
    "x\u2028y\x1cz",
]


def _reference(texts, ngram_range=(2, 5), n_features=2**10):
    hasher = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=ngram_range,
        n_features=n_features,
        alternate_sign=False,
        norm=None,
    )
    return hasher.transform(texts).toarray()


@pytest.mark.parametrize("ngram_range", [(2, 5), (3, 5), (1, 1)], ids=["2-5", "3-5", "1-1"])
def test_same_counts_as_hashing_vectorizer(ngram_range):
    counts = WordwiseCharHasher(ngram_range=ngram_range, n_features=2**10).transform(TEXTS)

    np.testing.assert_array_equal(counts.toarray(), _reference(TEXTS, ngram_range))


@pytest.mark.parametrize("texts", [[], ["", " \n "]], ids=["no-texts", "no-words"])
def test_no_words(texts):
    counts = WordwiseCharHasher(n_features=2**10).transform(texts)

    assert counts.shape == (len(texts), 2**10)
    assert counts.nnz == 0


@given(st.lists(st.text(max_size=40), min_size=1, max_size=8))
def test_same_counts_on_any_text(texts):
    counts = WordwiseCharHasher(n_features=2**10).transform(texts)

    np.testing.assert_array_equal(counts.toarray(), _reference(texts))


def test_analyzer_is_hashing_vectorizers():
    text = TEXTS[0]
    hasher = WordwiseCharHasher(ngram_range=(3, 5))
    reference = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5))

    assert hasher.build_analyzer()(text) == reference.build_analyzer()(text)
