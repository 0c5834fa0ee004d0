"""A table as JSON Lines, built column by column with Arrow kernels.

Each column is turned into the JSON text of its values at once (numbers by Arrow's casts), and
the lines are joined element-wise: no Python work per row. Missing values (None, NaN, NA) are
``null``; floats keep 10 decimals, as pandas' ``to_json`` writes them; strings are escaped exactly
as the standard library's encoder escapes them (``_quoted``). Columns of other objects go through
``json.dumps`` one value at a time.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..text.arrow_text import arrow_strings

FLOAT_DECIMALS = 10


def to_jsonl(table: pd.DataFrame) -> str:
    """One JSON object per row, keys in column order, each line ending in a newline."""
    return jsonl_bytes(table).decode("utf-8")


def jsonl_bytes(table: pd.DataFrame) -> bytes:
    """``to_jsonl`` encoded as UTF-8, as it is written to a file."""
    if table.empty:
        return b""
    parts: list = []
    for i, column in enumerate(table.columns):
        key = json.dumps(str(column), ensure_ascii=False)
        parts += [_text(("{" if i == 0 else ",") + key + ":"), json_values(table[column])]
    parts.append(_text("}\n"))
    lines = pc.binary_join_element_wise(*parts, _text(""))
    # The lines lie one after the other in the array's data buffer: that is the file.
    _validity, offsets, data = lines.buffers()
    first, end = np.frombuffer(offsets, dtype=np.int64)[[lines.offset, lines.offset + len(lines)]]
    return data.to_pybytes()[first:end]


def json_values(values: pd.Series) -> pa.Array:
    """The JSON text of every value of ``values``, as an Arrow string array."""
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype) and not values.isna().any():
        literal = np.where(values.to_numpy(dtype=bool), "true", "false")
        return pa.array(literal, type=pa.large_string())
    if pd.api.types.is_float_dtype(dtype):
        numbers = values.to_numpy(dtype=np.float64, na_value=np.nan)
        finite = np.isfinite(numbers)
        with np.errstate(over="ignore", invalid="ignore"):  # huge numbers keep every digit
            rounded = np.where(np.abs(numbers) < 1e15, np.round(numbers, FLOAT_DECIMALS), numbers)
        rounded = pa.array(rounded, mask=~finite)
        return _null_as_literal(pc.cast(rounded, pa.large_string()))
    if pd.api.types.is_integer_dtype(dtype):
        return _null_as_literal(pc.cast(pa.array(values, from_pandas=True), pa.large_string()))
    if _all_strings(values):
        return _null_as_literal(_quoted(arrow_strings(values)))
    return pa.array(
        [json.dumps(_plain(value), ensure_ascii=False, default=str) for value in values],
        type=pa.large_string(),
    )


def _all_strings(values: pd.Series) -> bool:
    if pd.api.types.is_string_dtype(values.dtype) and not pd.api.types.is_object_dtype(
        values.dtype
    ):
        return True
    present = values.dropna()
    return bool(present.map(type).eq(str).all()) if len(present) else True


def _quoted(strings: pa.Array) -> pa.Array:
    """JSON string literals, as ``json.encoder.encode_basestring`` writes them (nulls stay null).

    A column of few distinct values (ids, sources, labels) is encoded once per value; a column of
    sentences by Arrow's substring replacement, with the rare row holding a control character
    (which JSON spells as an escape) left to the standard library's encoder."""
    encoded = pc.dictionary_encode(strings)
    if len(encoded.dictionary) <= len(strings) // 2:
        literals = [encode_basestring(value) for value in encoded.dictionary.to_pylist()]
        return pa.array(literals, type=pa.large_string()).take(encoded.indices)
    escaped = pc.replace_substring(pc.replace_substring(strings, "\\", "\\\\"), '"', '\\"')
    quoted = pc.binary_join_element_wise(_text('"'), escaped, _text('"'), _text(""))
    control = pc.match_substring_regex(strings, r"[\x00-\x1f]")
    rows = np.flatnonzero(pc.fill_null(control, False).to_numpy(zero_copy_only=False))
    if len(rows) == 0:
        return quoted
    literals = [encode_basestring(text) for text in strings.take(pa.array(rows)).to_pylist()]
    mask = np.zeros(len(strings), dtype=bool)
    mask[rows] = True
    return pc.replace_with_mask(quoted, pa.array(mask), pa.array(literals, quoted.type))


def _text(value: str) -> pa.Scalar:
    return pa.scalar(value, type=pa.large_string())


def _null_as_literal(strings: pa.Array) -> pa.Array:
    return pc.fill_null(strings, "null")


def _plain(value):
    """A value json.dumps can write: numpy scalars as Python ones, missing values as None."""
    if value is None or (
        not isinstance(value, str | bytes) and pd.api.types.is_scalar(value) and pd.isna(value)
    ):
        return None
    return value.item() if isinstance(value, np.generic) else value
