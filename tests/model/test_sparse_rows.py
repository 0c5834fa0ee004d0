"""Sparse rows in numpy (``sparse_rows``): the same numbers as scipy's CSR matrices, to the bit,
whichever of the two computes them."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
import scipy.sparse  # noqa: F401  (loaded, as once a run has had enough work)
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.model import sparse_rows
from classifier.model.paged import load_tagger
from classifier.schema import MARKUP, TEXT
from classifier.text.segment import segment_articles

from ..conftest import REPO, SEEDS, SHIPPED_MODEL

SHIPPED_PAGE_MODEL = REPO / "models" / "pages"


@st.composite
def matrices(draw, *, counts: bool):
    """A matrix of up to 12 x 9 with repeated columns in rows and rows in any order of entry;
    whole-number values when ``counts``."""
    n_rows, n_columns = draw(st.integers(0, 12)), draw(st.integers(1, 9))
    n = draw(st.integers(0, 60)) if n_rows else 0
    rows = draw(st.lists(st.integers(0, max(n_rows - 1, 0)), min_size=n, max_size=n))
    columns = draw(st.lists(st.integers(0, n_columns - 1), min_size=n, max_size=n))
    values = st.integers(1, 4) if counts else st.floats(-10, 10, allow_nan=False, width=32)
    data = draw(st.lists(values, min_size=n, max_size=n))
    return sparse_rows.from_entries(rows, columns, (n_rows, n_columns), np.asarray(data, float))


def _in_numpy(monkeypatch):
    monkeypatch.setattr(sparse_rows, "_scipy_pays", lambda work: False)


@settings(max_examples=200, deadline=None)
@given(matrices(counts=False), st.integers(0, 4), st.randoms(use_true_random=False))
def test_a_product_adds_each_row_in_scipys_order(matrix, n_labels, random):
    dense = np.asarray([[random.uniform(-3, 3) for _ in range(n_labels)]] * matrix.shape[1])
    with pytest.MonkeyPatch.context() as patch:
        _in_numpy(patch)
        product = sparse_rows.dot(matrix, dense)

    assert product.shape == (matrix.shape[0], n_labels)
    np.testing.assert_array_equal(product, np.asarray(matrix.to_scipy() @ dense))


@settings(max_examples=200, deadline=None)
@given(matrices(counts=True))
def test_merging_counts_is_scipys_sum_duplicates(matrix):
    expected = matrix.to_scipy().copy()
    expected.sum_duplicates()
    with pytest.MonkeyPatch.context() as patch:
        _in_numpy(patch)
        merged = sparse_rows.merged(matrix)

    np.testing.assert_array_equal(merged.indptr, expected.indptr)
    np.testing.assert_array_equal(merged.indices, expected.indices)
    np.testing.assert_array_equal(merged.data, expected.data)
    np.testing.assert_array_equal(sparse_rows.merged(matrix).data, expected.data)  # by scipy


@settings(max_examples=100, deadline=None)
@given(matrices(counts=False), st.data())
def test_taking_rows_is_indexing_them(matrix, data):
    which = data.draw(st.lists(st.integers(0, max(matrix.shape[0] - 1, 0)), max_size=20))
    which = which if matrix.shape[0] else []
    taken = sparse_rows.take_rows(matrix, np.asarray(which, dtype=np.int64))

    assert taken.shape == (len(which), matrix.shape[1])
    np.testing.assert_array_equal(taken.toarray(), matrix.toarray()[which])


@settings(max_examples=100, deadline=None)
@given(matrices(counts=False))
def test_rows_are_scaled_to_unit_length(matrix):
    dense = matrix.toarray()
    lengths = np.linalg.norm(dense, axis=1)
    normalised = sparse_rows.normalised_rows(sparse_rows.merged(matrix)).toarray()

    np.testing.assert_allclose(np.linalg.norm(normalised, axis=1), (lengths > 0).astype(float))
    np.testing.assert_allclose(normalised * lengths[:, None], dense, atol=1e-9)


def test_entries_keep_their_order_within_a_row():
    matrix = sparse_rows.from_entries([2, 0, 2, 0], [5, 1, 3, 1], (3, 6), [1.0, 2.0, 3.0, 4.0])

    assert matrix.indptr.tolist() == [0, 2, 2, 4]
    assert matrix.indices.tolist() == [1, 1, 5, 3]
    assert matrix.data.tolist() == [2.0, 4.0, 1.0, 3.0]
    assert sparse_rows.empty((4, 7)).toarray().shape == (4, 7)


@pytest.mark.parametrize("model_path", [SHIPPED_MODEL, SHIPPED_PAGE_MODEL], ids=["text", "page"])
def test_tagging_gives_the_same_probabilities_in_numpy_and_in_scipy(monkeypatch, model_path):
    """A whole model on the seeds, every product and merge in numpy, then every one in scipy (the
    page model with markup made up for each line)."""
    articles = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    sentences_df = segment_articles(
        pd.DataFrame({"id": range(len(articles)), "source": "seeds", TEXT: articles})
    )
    tags = ["t:p in:article c:body", "t:a in:nav link:100", "", "t:li in:footer c:menu"]
    sentences_df[MARKUP] = [tags[i % len(tags)] for i in range(len(sentences_df))]
    model = load_tagger(str(model_path))
    probabilities = {}
    for in_scipy in (False, True):
        monkeypatch.setattr(sparse_rows, "_scipy_pays", lambda work, answer=in_scipy: answer)
        probabilities[in_scipy] = model.predict_proba(sentences_df)

    assert len(sentences_df) > 50
    np.testing.assert_array_equal(probabilities[False], probabilities[True])


def test_scipy_takes_over_once_a_run_has_had_enough_work(monkeypatch):
    monkeypatch.delitem(sys.modules, "scipy.sparse")
    monkeypatch.setattr(sparse_rows, "_entries_in_numpy", 0)
    half = sparse_rows.SCIPY_ENTRIES // 2

    assert [sparse_rows._scipy_pays(half) for _ in range(3)] == [False, False, True]
    monkeypatch.undo()
    assert sparse_rows._scipy_pays(1)  # scipy loaded: always
