"""Python strings into one Arrow string array, for the kernels that featurise a batch."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa


def arrow_strings(texts) -> pa.Array:
    """``texts`` (strings, None or NaN) as one ``large_string`` array, missing values as nulls.

    A lone surrogate, which a JSON file can carry ("\\ud800") but UTF-8 cannot, becomes "?": one
    character for one, so character offsets still hold."""
    if not isinstance(texts, pd.Series | np.ndarray):
        texts = list(texts)
    try:
        strings = pa.array(texts, type=pa.large_string(), from_pandas=True)
    except UnicodeEncodeError:
        strings = pa.array(
            [utf8_safe(text) for text in texts], type=pa.large_string(), from_pandas=True
        )
    if isinstance(strings, pa.ChunkedArray):
        strings = strings.combine_chunks()
    return strings


def utf8_safe(text):
    """``text`` with any lone surrogate replaced by "?"; anything but a string unchanged."""
    if not isinstance(text, str):
        return text
    return text.encode("utf-8", "replace").decode("utf-8")
