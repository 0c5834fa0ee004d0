"""Document-context features: where a sentence sits and what surrounds it.

Works on a sentences DataFrame (``doc_id, sent_index, source, text``) and the cue matrix of its
rows; returns one row per input row, in input order. A document is ``(source, doc_id)``.

Both ``context_matrix`` and ``neighbour_matrix`` need the ``DocumentLayout`` of their rows; a
caller that computes both for one batch can build it once and pass it as ``layout=``.
"""

from __future__ import annotations

import re
from functools import cached_property

import numpy as np
import pandas as pd

from ..schema import DOC_ID, SENT_INDEX, SOURCE, TEXT
from .cues import CUE_NAMES

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

_KEY_SEPARATOR = "\x1f"
# In a source name, a character that sorts before or at the separator would make the order of the
# keys differ from the order of (source, doc_id) pairs.
_SORTS_BEFORE_SEPARATOR = re.compile("[\x00-\x1f]")
# Python's white space (what its regex \s matches), spelled out: pandas runs regular expressions
# on Arrow strings with RE2, whose \s is ASCII only. Unicode has none above U+3000 (tested).
_WHITE_SPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
# Runs that collapsing white space to one space changes: two or more characters, or one that
# is not a space. Matching single spaces too gives the same text, only much more slowly.
_WHITE_SPACE_TO_COLLAPSE = f"[{_WHITE_SPACE}]{{2,}}|[{_WHITE_SPACE.replace(' ', '')}]"


class DocumentLayout:
    """Where each row of a sentences DataFrame sits in its document (sorted by ``sent_index``).

    ``order`` sorts the rows by document, in the order of their keys (``source + "\\x1f" +
    doc_id``, ``key``), then by ``sent_index``; the other arrays are in that sorted order, except
    ``source``, which is in input order. Documents are compared as integer codes; the key strings
    are built only when ``key`` is read.
    """

    def __init__(self, sentences_df: pd.DataFrame):
        n = len(sentences_df)
        self._sources = sentences_df[SOURCE].astype(str)
        self._doc_ids = sentences_df[DOC_ID].astype(str)
        source_code, doc_code = _document_codes(self._sources, self._doc_ids)
        sent_index = pd.to_numeric(sentences_df[SENT_INDEX]).to_numpy()
        self.order = _document_order(doc_code, sent_index)
        self.source_code = source_code[self.order]
        doc_code = doc_code[self.order]
        self.new_doc = np.ones(n, dtype=bool)
        self.new_doc[1:] = doc_code[1:] != doc_code[:-1]
        self.doc_number = np.cumsum(self.new_doc) - 1
        doc_start = np.flatnonzero(self.new_doc)
        doc_end = np.append(doc_start[1:], n)[: len(doc_start)] - 1  # none when there are no rows
        # Positions come from sent_index, not from the rows present: a labels file may hold a
        # few scattered sentences of an article, and the sentence two rows away is then not the
        # sentence two places away. For whole articles both are the same.
        self.sent_index = sent_index[self.order]
        first = self.sent_index[doc_start][self.doc_number]
        self.position = self.sent_index - first
        self.size = (self.sent_index[doc_end] - self.sent_index[doc_start] + 1)[self.doc_number]
        self.count = (doc_end - doc_start + 1)[self.doc_number]
        self.rank = np.arange(n) - doc_start[self.doc_number]  # row within the document
        self._neighbours: dict[int, np.ndarray] = {}

    @cached_property
    def source(self) -> np.ndarray:
        """Each row's source as a string, in input order."""
        return self._sources.to_numpy()

    @cached_property
    def key(self) -> np.ndarray:
        """Each sorted row's document key, ``source + "\\x1f" + doc_id``."""
        return (self.source + _KEY_SEPARATOR + self._doc_ids.to_numpy())[self.order]

    def shifted(self, values: np.ndarray, offset: int) -> tuple[np.ndarray, np.ndarray]:
        """Sorted ``values`` of the sentence ``offset`` rows away, and where that one exists: in
        the same article, and at most ``NEIGHBOUR_GAP`` times ``offset`` sentences away (public
        sets drop a sentence here and there; a few scattered labels of an article are not
        neighbours)."""
        here, there = _rows_and_rows_away(len(values), offset)
        exists = np.zeros(len(values), dtype=bool)
        exists[here] = self.neighbour_exists(offset)
        result = np.zeros(values.shape, dtype=np.result_type(values.dtype, 0.0))
        np.copyto(result[here], values[there], where=exists[here, None])
        return result, exists

    def neighbour_exists(self, offset: int) -> np.ndarray:
        """``shifted``'s ``exists``, only over the rows that have a row ``offset`` away
        (remembered: the context features ask for the same offsets many times)."""
        if offset not in self._neighbours:
            here, there = _rows_and_rows_away(len(self.order), offset)
            distance = np.abs(self.sent_index[there] - self.sent_index[here])
            self._neighbours[offset] = (
                (self.doc_number[there] == self.doc_number[here])
                & (distance >= abs(offset))
                & (distance <= abs(offset) * NEIGHBOUR_GAP)
            )
        return self._neighbours[offset]

    def unsort(self, sorted_features: np.ndarray) -> np.ndarray:
        result = np.empty_like(sorted_features)
        result[self.order] = sorted_features
        return result

    def relative_position(self) -> np.ndarray:
        return self.position / np.maximum(self.size - 1, 1)


def _document_codes(sources: pd.Series, doc_ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's source code, and its document's code; document codes follow key order."""
    source_code, source_names = pd.factorize(sources, sort=True)
    if any(_SORTS_BEFORE_SEPARATOR.search(name) for name in source_names):
        keys = sources.to_numpy() + _KEY_SEPARATOR + doc_ids.to_numpy()
        return source_code, pd.factorize(keys, sort=True)[0]
    doc_code, doc_names = pd.factorize(doc_ids, sort=True)
    return source_code, source_code * len(doc_names) + doc_code


def _document_order(doc_code: np.ndarray, sent_index: np.ndarray) -> np.ndarray:
    """The stable sort of the rows by document, then ``sent_index``; rows that come in that order
    (one document after another, as a segmenter gives them) need no sort."""
    same_doc = doc_code[1:] == doc_code[:-1]
    if np.all((doc_code[1:] > doc_code[:-1]) | (same_doc & (sent_index[1:] >= sent_index[:-1]))):
        return np.arange(len(doc_code))
    return np.lexsort((sent_index, doc_code))


def _rows_and_rows_away(n: int, offset: int) -> tuple[slice, slice]:
    """Slices of the rows ``i`` and ``i + offset`` for every ``i`` where both are rows."""
    if offset >= 0:
        return slice(0, max(n - offset, 0)), slice(offset, n)
    return slice(-offset, n), slice(0, max(n + offset, 0))


def context_matrix(
    sentences_df: pd.DataFrame, cues: np.ndarray, *, layout: DocumentLayout | None = None
) -> np.ndarray:
    """Context features for every row of ``sentences_df``, aligned with its rows.

    ``layout`` is the ``DocumentLayout`` of ``sentences_df``, when the caller already has it."""
    if len(sentences_df) == 0:
        return np.zeros((0, len(CONTEXT_NAMES)))
    layout = _layout_of(sentences_df, layout)
    new_doc, position, size = layout.new_doc, layout.position, layout.size
    sorted_cues = cues[layout.order]
    neighbours = sorted_cues[:, _NEIGHBOUR_COLUMNS]
    prev, _ = layout.shifted(neighbours, -1)
    nxt, _ = layout.shifted(neighbours, +1)

    text_code = _normalized_text_codes(sentences_df[TEXT])[layout.order]
    repeated = _repeated_in_document(layout.doc_number, text_code)
    docs_with_text = _documents_with_text(layout.source_code, text_code, layout.doc_number)
    short_line = np.maximum(sorted_cues[:, _SHORT], sorted_cues[:, _NO_CLOSE])
    prose = (np.expm1(sorted_cues[:, _LOG_WORDS]) >= PROSE_MIN_WORDS) & (
        sorted_cues[:, _TERMINAL] > 0
    )
    chars = np.expm1(sorted_cues[:, _LOG_CHARS])
    before, after = _distance_to_prose(layout, prose)

    features = _side_by_side(
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
    )
    return layout.unsort(features)


def _layout_of(sentences_df: pd.DataFrame, layout: DocumentLayout | None) -> DocumentLayout:
    if layout is None:
        return DocumentLayout(sentences_df)
    if len(layout.order) != len(sentences_df):
        raise ValueError(
            f"the layout has {len(layout.order)} rows and the sentences {len(sentences_df)}"
        )
    return layout


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
    sentences_df: pd.DataFrame,
    probabilities: np.ndarray,
    window: int,
    *,
    layout: DocumentLayout | None = None,
) -> np.ndarray:
    """A sentence's label probabilities, its neighbours' (``window`` each side), the article's mean.

    This is the input of the context stage: it sees how the sentences around one were tagged.
    ``layout`` is the ``DocumentLayout`` of ``sentences_df``, when the caller already has it.
    """
    if len(sentences_df) == 0:
        return np.zeros((0, len(neighbour_names(range(probabilities.shape[1]), window))))
    layout = _layout_of(sentences_df, layout)
    ordered = probabilities[layout.order]
    columns = [np.log(np.clip(ordered, 1e-4, 1.0))]
    for offset in _offsets(window):
        shifted, exists = layout.shifted(ordered, offset)
        columns += [shifted, (~exists)[:, None]]
    columns.append(_window_mean(layout, ordered, NEARBY_RADIUS))
    totals = np.add.reduceat(ordered, np.flatnonzero(layout.new_doc), axis=0)
    columns.append(totals[layout.doc_number] / layout.count[:, None])
    columns.append(layout.relative_position()[:, None])
    return layout.unsort(_side_by_side(columns))


def _side_by_side(columns: list[np.ndarray]) -> np.ndarray:
    """The columns (1-D) and blocks of columns (2-D) as one float64 matrix, written once."""
    blocks = [column.reshape(len(column), -1) for column in columns]
    matrix = np.empty((len(blocks[0]), sum(block.shape[1] for block in blocks)))
    start = 0
    for block in blocks:
        matrix[:, start : start + block.shape[1]] = block
        start += block.shape[1]
    return matrix


def _normalized_text_codes(texts: pd.Series) -> np.ndarray:
    """Equal codes for texts that are equal once lower-cased, with white space collapsed to one
    space and stripped; -1 for a missing text."""
    lowered = texts.astype(str).str.lower()
    collapsed = lowered.str.replace(_WHITE_SPACE_TO_COLLAPSE, " ", regex=True)
    return pd.factorize(collapsed.str.strip())[0]


def _repeated_in_document(doc_number: np.ndarray, text_code: np.ndarray) -> np.ndarray:
    """Whether an earlier sorted row of the same document has the same text."""
    pair = doc_number * (text_code.max() + 2) + (text_code + 1)
    _, first = np.unique(pair, return_index=True)
    repeated = np.ones(len(pair), dtype=bool)
    repeated[first] = False
    return repeated


def _documents_with_text(
    source_code: np.ndarray, text_code: np.ndarray, doc_number: np.ndarray
) -> np.ndarray:
    """How many documents of the row's source have its text; NaN for a missing text."""
    _, group = np.unique(source_code * (text_code.max() + 2) + (text_code + 1), return_inverse=True)
    documents = doc_number.max() + 1
    group_and_document = np.unique(group * documents + doc_number)
    per_group = np.bincount(group_and_document // documents, minlength=group.max() + 1)
    counts = per_group[group]
    if (text_code < 0).any():
        return np.where(text_code < 0, np.nan, counts)
    return counts


def _inside_open_quote(sorted_cues: np.ndarray, new_doc: np.ndarray) -> np.ndarray:
    """1 where an earlier sentence opened a quote that is still open when this one starts."""
    inside = []
    carry = 0
    for balance, odd_straight, starts_document in zip(
        sorted_cues[:, _BALANCE].tolist(),
        sorted_cues[:, _ODD_STRAIGHT].tolist(),
        new_doc.tolist(),
        strict=True,
    ):
        if starts_document:
            carry = 0
        inside.append(carry > 0)
        # A lone straight quote closes an open quote and opens one otherwise.
        if balance > 0 or (odd_straight and not carry):
            carry = MAX_OPEN_QUOTE_CARRY
        elif balance < 0 or odd_straight:
            carry = 0
        elif carry:
            carry -= 1
    return np.array(inside, dtype=np.float64)


def _window_mean(layout: DocumentLayout, values: np.ndarray, radius: int) -> np.ndarray:
    """Mean of the sorted rows of ``values`` over the sentences within ``radius`` in the same
    document."""
    total = np.zeros(values.shape)
    count = np.zeros(len(values))
    for offset in range(-radius, radius + 1):
        # What adding ``shifted`` gives, in place: a total starts at +0.0 and so is never -0.0,
        # and adding no zero where no neighbour exists changes no bit.
        here, there = _rows_and_rows_away(len(values), offset)
        exists = layout.neighbour_exists(offset)
        np.add(total[here], values[there], out=total[here], where=exists[:, None])
        count[here] += exists
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
