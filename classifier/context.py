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
    "log_chars",
    "ends_terminal",
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
# Main text is a run of prose: sentences (or web-page text blocks) of at least this many words
# that end like a sentence. Menus, bylines and footers sit outside or between such runs.
PROSE_MIN_WORDS = 10
PROSE_WINDOW = 6
# The context stage also sees the mean probabilities of this many sentences on each side: main
# text and page chrome come in runs longer than its neighbour window.
NEARBY_RADIUS = 10

CONTEXT_NAMES = (
    "relative_position",
    "is_first",
    "is_last",
    "log_doc_sentences",
    "inside_open_quote",
    "repeated_in_article",
    "log_source_repeats",
    "short_lines_nearby",
    "prose_nearby",
    "inside_prose_span",
    "log_distance_to_prose",
    "text_share_before",
    *(f"prev_{name}" for name in NEIGHBOUR_CUES),
    *(f"next_{name}" for name in NEIGHBOUR_CUES),
)

_NEIGHBOUR_COLUMNS = [CUE_NAMES.index(name) for name in NEIGHBOUR_CUES]
_BALANCE = CUE_NAMES.index("quote_balance")
_ODD_STRAIGHT = CUE_NAMES.index("odd_straight_quotes")
_SHORT = CUE_NAMES.index("is_short")
_NO_CLOSE = CUE_NAMES.index("ends_colon_or_none")
_LOG_CHARS = CUE_NAMES.index("log_chars")
_LOG_WORDS = CUE_NAMES.index("log_words")
_TERMINAL = CUE_NAMES.index("ends_terminal")


NEIGHBOUR_GAP = 3


class DocumentLayout:
    """Where each row of a sentences DataFrame sits in its document (sorted by ``sent_index``)."""

    def __init__(self, sentences_df: pd.DataFrame):
        n = len(sentences_df)
        self.source = sentences_df[SOURCE].astype(str).to_numpy()
        doc_key = self.source + "\x1f" + sentences_df[DOC_ID].astype(str).to_numpy()
        sent_index = pd.to_numeric(sentences_df[SENT_INDEX]).to_numpy()
        self.order = np.lexsort((sent_index, doc_key))
        self.key = doc_key[self.order]
        self.new_doc = np.ones(n, dtype=bool)
        self.new_doc[1:] = self.key[1:] != self.key[:-1]
        self.doc_number = np.cumsum(self.new_doc) - 1
        doc_start = np.flatnonzero(self.new_doc)
        doc_end = np.append(doc_start[1:], n) - 1
        # Positions come from sent_index, not from the rows present: a labels file may hold a
        # few scattered sentences of an article, and the sentence two rows away is then not the
        # sentence two places away. For whole articles both are the same.
        self.sent_index = sent_index[self.order]
        first = self.sent_index[doc_start][self.doc_number]
        self.position = self.sent_index - first
        self.size = (self.sent_index[doc_end] - self.sent_index[doc_start] + 1)[self.doc_number]
        self.count = (doc_end - doc_start + 1)[self.doc_number]
        self.rank = np.arange(n) - doc_start[self.doc_number]  # row within the document

    def shifted(self, values: np.ndarray, offset: int) -> tuple[np.ndarray, np.ndarray]:
        """Sorted ``values`` of the sentence ``offset`` rows away, and where that one exists: in
        the same article, and at most ``NEIGHBOUR_GAP`` times ``offset`` sentences away (public
        sets drop a sentence here and there; a few scattered labels of an article are not
        neighbours)."""
        n = len(values)
        rows = np.arange(n) + offset
        inside = (rows >= 0) & (rows < n)
        rows = np.clip(rows, 0, max(n - 1, 0))
        distance = np.abs(self.sent_index[rows] - self.sent_index)
        exists = (
            inside
            & (self.key[rows] == self.key)
            & (distance >= abs(offset))
            & (distance <= abs(offset) * NEIGHBOUR_GAP)
        )
        result = np.where(exists[:, None], values[rows], 0.0)
        return result, exists

    def unsort(self, sorted_features: np.ndarray) -> np.ndarray:
        result = np.empty_like(sorted_features)
        result[self.order] = sorted_features
        return result

    def relative_position(self) -> np.ndarray:
        return self.position / np.maximum(self.size - 1, 1)


def context_matrix(sentences_df: pd.DataFrame, cues: np.ndarray) -> np.ndarray:
    """Context features for every row of ``sentences_df``, aligned with its rows."""
    if len(sentences_df) == 0:
        return np.zeros((0, len(CONTEXT_NAMES)))
    layout = DocumentLayout(sentences_df)
    normalized = _normalize(sentences_df[TEXT])
    key, new_doc, position, size = layout.key, layout.new_doc, layout.position, layout.size
    sorted_cues = cues[layout.order]
    neighbours = sorted_cues[:, _NEIGHBOUR_COLUMNS]
    prev, _ = layout.shifted(neighbours, -1)
    nxt, _ = layout.shifted(neighbours, +1)

    source = layout.source[layout.order]
    frame = pd.DataFrame({"key": key, "text": normalized[layout.order], "source": source})
    repeated = frame.duplicated(["key", "text"]).to_numpy()
    docs_with_text = frame.groupby(["source", "text"])["key"].transform("nunique").to_numpy()
    short_line = np.maximum(sorted_cues[:, _SHORT], sorted_cues[:, _NO_CLOSE])
    prose = (np.expm1(sorted_cues[:, _LOG_WORDS]) >= PROSE_MIN_WORDS) & (
        sorted_cues[:, _TERMINAL] > 0
    )
    chars = np.expm1(sorted_cues[:, _LOG_CHARS])
    before, after = _distance_to_prose(layout, prose)

    features = np.column_stack(
        [
            layout.relative_position(),
            position == 0,
            position == size - 1,
            np.log1p(size),
            _inside_open_quote(sorted_cues, new_doc),
            repeated,
            np.log1p(docs_with_text - 1),
            _window_mean(layout, short_line[:, None], BOILERPLATE_WINDOW)[:, 0],
            _window_mean(layout, prose[:, None].astype(np.float64), PROSE_WINDOW)[:, 0],
            (before <= size) & (after <= size),
            np.log1p(np.minimum(np.minimum(before, after), size)),
            _text_share_before(layout, chars),
            prev,
            nxt,
        ]
    ).astype(np.float64)
    return layout.unsort(features)


def _offsets(window: int) -> list[int]:
    """-1, +1, -2, +2, ... up to ``window``: the neighbours the context stage looks at."""
    return [offset for k in range(1, window + 1) for offset in (-k, k)]


def neighbour_names(classes, window: int) -> list[str]:
    """Names of the columns of ``neighbour_matrix``."""
    names = [f"own_p_{label}" for label in classes]
    for offset in _offsets(window):
        where = f"prev{-offset}" if offset < 0 else f"next{offset}"
        names += [f"{where}_p_{label}" for label in classes] + [f"{where}_missing"]
    names += [f"nearby_mean_p_{label}" for label in classes]
    names += [f"article_mean_p_{label}" for label in classes]
    names += ["relative_position"]
    return names


def neighbour_matrix(
    sentences_df: pd.DataFrame, probabilities: np.ndarray, window: int
) -> np.ndarray:
    """A sentence's label probabilities, its neighbours' (``window`` each side), the article's mean.

    This is the input of the context stage: it sees how the sentences around one were tagged.
    """
    if len(sentences_df) == 0:
        return np.zeros((0, len(neighbour_names(range(probabilities.shape[1]), window))))
    layout = DocumentLayout(sentences_df)
    ordered = probabilities[layout.order]
    columns = [np.log(np.clip(ordered, 1e-4, 1.0))]
    for offset in _offsets(window):
        shifted, exists = layout.shifted(ordered, offset)
        columns += [shifted, (~exists)[:, None]]
    columns.append(_window_mean(layout, ordered, NEARBY_RADIUS))
    totals = np.add.reduceat(ordered, np.flatnonzero(layout.new_doc), axis=0)
    columns.append(totals[layout.doc_number] / layout.count[:, None])
    columns.append(layout.relative_position()[:, None])
    return layout.unsort(np.hstack(columns).astype(np.float64))


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


def _window_mean(layout: DocumentLayout, values: np.ndarray, radius: int) -> np.ndarray:
    """Mean of the sorted rows of ``values`` over the sentences within ``radius`` in the same
    document."""
    total = np.zeros(values.shape)
    count = np.zeros(len(values))
    for offset in range(-radius, radius + 1):
        shifted, exists = layout.shifted(values, offset)
        total += shifted
        count += exists
    return total / count[:, None]


def _distance_to_prose(layout: DocumentLayout, prose: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sentences back to the nearest prose at or before each one, and forward to the nearest at
    or after it; ``size + 1`` where the document has none on that side."""
    index = np.arange(len(prose))
    doc_start = index - layout.rank
    doc_end = doc_start + layout.count - 1
    last_prose = np.maximum.accumulate(np.where(prose, index, -1))
    next_prose = np.minimum.accumulate(np.where(prose, index, len(prose))[::-1])[::-1]
    missing = layout.size + 1
    before = np.where(last_prose >= doc_start, index - last_prose, missing)
    after = np.where(next_prose <= doc_end, next_prose - index, missing)
    return before, after


def _text_share_before(layout: DocumentLayout, chars: np.ndarray) -> np.ndarray:
    """Share of the document's characters that come before each sentence."""
    cumulative = np.cumsum(chars)
    doc_start = np.arange(len(chars)) - layout.rank
    before = cumulative - chars - (cumulative[doc_start] - chars[doc_start])
    totals = np.add.reduceat(chars, np.flatnonzero(layout.new_doc)) if len(chars) else chars
    return before / np.maximum(totals[layout.doc_number], 1.0)
