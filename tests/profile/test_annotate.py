"""Column-wise steps of annotating sentences, against the pandas and numpy they replace."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.profile.annotate import _factorize_strings, _varies_within
from classifier.profile.intervals import nan_quantiles


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(-3, 3)), max_size=60))
def test_a_group_varies_when_its_values_differ(rows):
    groups = np.array([group for group, _ in rows], dtype=np.int64)
    values = np.array([value for _, value in rows], dtype=np.int64)
    grouped = pd.Series(values).groupby(groups)
    expected = (grouped.transform("min") != grouped.transform("max")).to_numpy(dtype=bool)
    assert _varies_within(groups, values).tolist() == expected.tolist()


@pytest.mark.parametrize("quantiles", [(0.025, 0.975), (0.0, 0.5, 1.0)], ids=["tails", "edges"])
def test_quantiles_of_one_sort_are_numpys(quantiles):
    samples = np.random.default_rng(0).normal(size=(101, 5))
    samples[::3, 1] = np.nan
    samples[:, 2] = np.nan
    samples[1:, 3] = np.nan
    found = nan_quantiles(samples, quantiles)
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        expected = [np.nanquantile(samples, q, axis=0) for q in quantiles]
    for column, reference in zip(found, expected, strict=True):
        np.testing.assert_allclose(column, reference, equal_nan=True)


@pytest.mark.parametrize("chunks", [1, 3], ids=["one-chunk", "chunked"])
def test_strings_factorize_as_pandas_does(chunks):
    texts = ["b", "a", "b", "", "c", "a", "", "d"]
    parts = np.array_split(np.array(texts, dtype=object), chunks)
    series = pd.Series(
        pd.arrays.ArrowStringArray(pa.chunked_array([pa.array(list(p)) for p in parts]))
    )
    codes, distinct = _factorize_strings(series)
    expected_codes, expected_distinct = pd.factorize(pd.Series(texts))
    assert codes.tolist() == expected_codes.tolist()
    assert distinct.to_pylist() == list(expected_distinct)
