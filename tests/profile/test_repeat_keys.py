"""Repeat keys: the byte-level ASCII path gives the keys the regex gives, on any text."""

import re

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.profile import repeat_keys as keys_module
from classifier.profile.repeat_keys import repeat_keys

ASCII_TEXT = st.text(alphabet=st.characters(max_codepoint=127), max_size=40)
ANY_TEXT = st.text(max_size=40)


def python_key(text: str) -> str:
    """The key as Python's ``re`` spells it: letters and digits of any script, lower case."""
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


@settings(max_examples=300, deadline=None)
@given(st.lists(ASCII_TEXT, max_size=30))
def test_ascii_keys_are_lower_case_words_joined_by_one_space(texts):
    found = repeat_keys(pa.array(texts, type=pa.large_string())).to_pylist()
    assert found == [python_key(text) for text in texts]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(ASCII_TEXT, ANY_TEXT), max_size=30))
def test_mixed_texts_get_the_keys_the_regex_gives_each(texts):
    """Texts beyond ASCII take Arrow's regex (its Unicode tables, not Python's); among ASCII
    ones they keep their place."""
    strings = pa.array(texts, type=pa.large_string())
    assert repeat_keys(strings).to_pylist() == keys_module._regex_keys(strings).to_pylist()


@pytest.mark.parametrize(
    "text, key",
    [
        ("Share this!", "share this"),
        ("  --Hello,   World--  ", "hello world"),
        ("!!!", ""),
        ("", ""),
        ("tab\tand\nnew line", "tab and new line"),
        ("snake_case", "snake case"),
        ("Straße 12, ÉTÉ", "straße 12 été"),
    ],
    ids=[
        "punctuation",
        "runs-and-ends",
        "no-word",
        "empty",
        "white-space",
        "underscore",
        "accents",
    ],
)
def test_known_keys(text, key):
    assert repeat_keys(pa.array([text])).to_pylist() == [key]


def test_keys_are_the_same_in_blocks_of_any_size(monkeypatch):
    """The ASCII path keys a few bytes at a time (``BLOCK_BYTES``); where a block ends does not
    change a key."""
    texts = [f"Line {i}: Read MORE -- at www.example.com/{i} ..." for i in range(200)] + ["", "é!"]
    whole = repeat_keys(pa.array(texts)).to_pylist()
    monkeypatch.setattr(keys_module, "BLOCK_BYTES", 7)
    assert repeat_keys(pa.array(texts)).to_pylist() == whole == [python_key(t) for t in texts]


def test_nulls_stay_null_and_chunked_arrays_are_read_whole():
    chunked = pa.chunked_array([["A b!", None], ["C-d"]])
    assert repeat_keys(chunked).to_pylist() == ["a b", None, "c d"]
