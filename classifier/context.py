"""Document-context features: where a sentence sits and what surrounds it.

Works on a sentences DataFrame (``doc_id, sent_index, source, text``) and the cue matrix of its
rows; returns one row per input row, in input order. A document is ``(source, doc_id)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .cues import CUE_NAMES
from .schema import DOC_ID, SENT_INDEX, SOURCE, TEXT

NEIGHBOUR_CUES = (
    "is_short",
    "ends_colon_or_none",
    "starts_with_quote",
    "ends_with_quote",
    "quote_balance",
    "speech_verbs",
    "quote_then_speech_verb",
    "boilerplate_words",
    "url",
)
# A quote left open keeps the next sentences "inside" it for at most this many sentences.
MAX_OPEN_QUOTE_CARRY = 3
BOILERPLATE_WINDOW = 2

CONTEXT_NAMES = (
    "relative_position",
    "is_first",
    "is_last",
    "log_doc_sentences",
    "inside_open_quote",
    "repeated_in_article",
    "log_source_repeats",
    "short_lines_nearby",
    *(f"prev_{name}" for name in NEIGHBOUR_CUES),
    *(f"next_{name}" for name in NEIGHBOUR_CUES),
)

_NEIGHBOUR_COLUMNS = [CUE_NAMES.index(name) for name in NEIGHBOUR_CUES]
_BALANCE = CUE_NAMES.index("quote_balance")
_ODD_STRAIGHT = CUE_NAMES.index("odd_straight_quotes")
_SHORT = CUE_NAMES.index("is_short")
_NO_CLOSE = CUE_NAMES.index("ends_colon_or_none")


def context_matrix(sentences_df: pd.DataFrame, cues: np.ndarray) -> np.ndarray:
    """Context features for every row of ``sentences_df``, aligned with its rows."""
    n = len(sentences_df)
    if n == 0:
        return np.zeros((0, len(CONTEXT_NAMES)))
    source = sentences_df[SOURCE].astype(str).to_numpy()
    doc_key = source + "\x1f" + sentences_df[DOC_ID].astype(str).to_numpy()
    normalized = _normalize(sentences_df[TEXT])
    order = np.lexsort((pd.to_numeric(sentences_df[SENT_INDEX]).to_numpy(), doc_key))
    key = doc_key[order]
    sorted_cues = cues[order]

    new_doc = np.ones(n, dtype=bool)
    new_doc[1:] = key[1:] != key[:-1]
    doc_number = np.cumsum(new_doc) - 1
    doc_start = np.flatnonzero(new_doc)
    doc_size = np.diff(np.append(doc_start, n))
    position = np.arange(n) - doc_start[doc_number]
    size = doc_size[doc_number]
    has_prev = ~new_doc
    has_next = np.append(~new_doc[1:], False)

    neighbours = sorted_cues[:, _NEIGHBOUR_COLUMNS]
    prev = np.zeros_like(neighbours)
    prev[1:] = neighbours[:-1]
    prev[~has_prev] = 0
    nxt = np.zeros_like(neighbours)
    nxt[:-1] = neighbours[1:]
    nxt[~has_next] = 0

    frame = pd.DataFrame({"key": key, "text": normalized[order], "source": source[order]})
    repeated = frame.duplicated(["key", "text"]).to_numpy()
    docs_with_text = frame.groupby(["source", "text"])["key"].transform("nunique").to_numpy()
    short_line = np.maximum(sorted_cues[:, _SHORT], sorted_cues[:, _NO_CLOSE])

    features = np.column_stack(
        [
            position / np.maximum(size - 1, 1),
            position == 0,
            position == size - 1,
            np.log1p(size),
            _inside_open_quote(sorted_cues, new_doc),
            repeated,
            np.log1p(docs_with_text - 1),
            _window_mean(short_line, doc_number, BOILERPLATE_WINDOW),
            prev,
            nxt,
        ]
    ).astype(np.float64)
    result = np.empty_like(features)
    result[order] = features
    return result


def _normalize(texts: pd.Series) -> np.ndarray:
    return texts.astype(str).str.lower().str.replace(r"\s+", " ", regex=True).str.strip().to_numpy()


def _inside_open_quote(sorted_cues: np.ndarray, new_doc: np.ndarray) -> np.ndarray:
    """1 where an earlier sentence opened a quote that is still open when this one starts."""
    inside = np.zeros(len(sorted_cues))
    carry = 0
    for i, (balance, odd_straight) in enumerate(sorted_cues[:, [_BALANCE, _ODD_STRAIGHT]]):
        if new_doc[i]:
            carry = 0
        inside[i] = carry > 0
        # A lone straight quote closes an open quote and opens one otherwise.
        if balance > 0 or (odd_straight and not carry):
            carry = MAX_OPEN_QUOTE_CARRY
        elif balance < 0 or odd_straight:
            carry = 0
        elif carry:
            carry -= 1
    return inside


def _window_mean(values: np.ndarray, doc_number: np.ndarray, radius: int) -> np.ndarray:
    """Mean of ``values`` over the sentences within ``radius`` in the same document."""
    total = np.zeros(len(values))
    count = np.zeros(len(values))
    for shift in range(-radius, radius + 1):
        shifted = np.roll(values, shift)
        same_doc = np.roll(doc_number, shift) == doc_number
        if shift > 0:
            same_doc[:shift] = False
        elif shift < 0:
            same_doc[shift:] = False
        total += np.where(same_doc, shifted, 0)
        count += same_doc
    return total / count
