"""``jsonl.to_jsonl`` writes the same records as pandas' ``to_json(lines=True)``, faster."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.outputs.jsonl import to_jsonl


def _records(text: str) -> list[dict]:
    assert text == "" or text.endswith("}\n")
    return [json.loads(line) for line in text.split("\n")[:-1]]


def _pandas(table: pd.DataFrame) -> list[dict]:
    return _records(table.to_json(orient="records", lines=True, force_ascii=False))


def _same(ours: list[dict], theirs: list[dict]) -> None:
    assert len(ours) == len(theirs)
    for mine, reference in zip(ours, theirs, strict=True):
        assert list(mine) == list(reference)  # keys in column order
        for key, value in reference.items():
            if isinstance(value, float):
                assert mine[key] == pytest.approx(value, rel=1e-9, abs=1e-10)
            else:
                assert mine[key] == value, key


TRICKY = pd.DataFrame(
    {
        "doc_id": ["a", "a", "b", "c"],
        "text": ['He said "no" \\ yes', "tab\there\nline\x01", None, "ünï 中文 \u2028 😀"],
        "sent_index": [0, 1, 0, 0],
        "start": pd.array([0, 20, pd.NA, 3], dtype="Int64"),
        "confidence": [0.5, np.nan, 1.0, 0.1234567890123],
        "flag": [True, False, True, False],
        "extra": [1, "two", None, 3.5],
    }
)


def test_tricky_values_as_pandas_writes_them():
    _same(_records(to_jsonl(TRICKY)), _pandas(TRICKY))


def test_empty_table_is_empty_text():
    assert to_jsonl(TRICKY.iloc[:0]) == ""


def test_a_slice_keeps_its_own_rows():
    """Arrow arrays made from a slice start at an offset into their buffers."""
    _same(_records(to_jsonl(TRICKY.iloc[1:3])), _pandas(TRICKY.iloc[1:3]))


def test_few_distinct_and_all_distinct_strings():
    table = pd.DataFrame({"label": ['x"y'] * 6, "text": [f'{i} "q" \\' for i in range(6)]})

    _same(_records(to_jsonl(table)), _pandas(table))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
            # pandas rounds 10 significant digits past the largest float: no such floats here.
            st.one_of(st.none(), st.floats(-1e12, 1e12) | st.just(float("nan"))),
            st.integers(-(2**53), 2**53),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_any_rows(rows):
    table = pd.DataFrame(rows, columns=["text", "p", "n"])

    _same(_records(to_jsonl(table)), _pandas(table))
