"""Sentence features: hashed word and character n-grams, cues and document context.

The input is a sentences DataFrame (``doc_id, sent_index, source, text``), not a list of strings,
so that document context travels with each sentence. Three blocks, side by side:

- words: hashed word 1-2 grams (``ngrams.word_ngram_counts``), sublinear tf-idf, scaled to unit
  length;
- characters: each distinct token's hashed character 2-5 grams, tf-idf and scaled to unit length
  per token; a sentence's vector is the sum of its tokens' vectors divided by the
  square root of its token count. Summing per-token vectors (as fastText averages subword
  vectors) is what makes tagging cheap: a linear model's score of the block is then the sum of
  per-token scores (``SentenceFeatures.scores``), and the sentence-by-n-gram matrix, hundreds of
  entries per sentence, is never built to tag;
- markup (HTML pages only, when the settings ask for it): the sentence's ``markup`` tokens (its
  block's tag, ancestors, class and id words, link density, depth, position; see
  ``inputs.html_text``), each hashed once per batch, scaled to unit length; all zero for text
  without markup;
- cues and document context (``cues.cue_matrix``, ``context.context_matrix``), standardised.

A character n-gram that occurs twice in a token is two entries weighted by its idf, and the
length a token's row is scaled by counts each entry on its own: merging repeats would mean sorting
every row, for the rare repeated n-gram. Word n-grams do repeat within sentences ("the"), and
their sublinear weighting needs them merged; that costs a sort of each sentence's few entries.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from ..schema import MARKUP, SENTENCE_COLUMNS, TEXT
from . import ngrams, sparse_rows
from .context import CONTEXT_NAMES, DocumentLayout, context_matrix
from .cues import CUE_NAMES, cue_matrix
from .params import TransformerParams
from .sparse_rows import SparseRows

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
HASH_BITS = 18
MARKUP_BITS = 14  # the markup block of a page-aware model: 16,384 hashed markup tokens
CUE_COLUMNS = (*CUE_NAMES, *CONTEXT_NAMES)


# Training builds the matrix of every labelled sentence; it does so this many rows at a time
# (numpy's temporaries of 100,000 rows at once made it 4x slower and 5x the matrix in memory).
CHUNK_ROWS = 10_000


class _Blocks:
    """The raw counts of one batch, before weighting: what every block is computed from.

    ``cues`` (the batch's rows of ``cue_rows``) is given when the batch is a slice of a larger
    one, whose documents the context features read whole."""

    def __init__(self, features: SentenceFeatures, sentences_df: pd.DataFrame, layout, cues=None):
        _check_columns(sentences_df)
        texts = sentences_df[TEXT].astype(str)
        tokens = ngrams.tokenize(texts.tolist())
        n_features = features.n_hashed
        self.words = ngrams.word_ngram_counts(tokens, features.word_ngrams, n_features)
        self.token_counts = ngrams.token_counts(tokens)
        self.token_char_batches = None  # each distinct token's character n-grams, in runs
        if features.char_ngrams is not None:
            self.token_char_batches = ngrams.char_ngram_batches(
                tokens.distinct, features.char_ngrams, n_features
            )
        self.markup = None
        if features.markup_bits is not None:
            self.markup = markup_counts(sentences_df, 2**features.markup_bits)
        self.cues = cue_rows(sentences_df, layout, texts) if cues is None else cues

    def token_chars(self) -> SparseRows:
        """Distinct tokens x character n-grams, all runs at once (to train and to explain)."""
        return sparse_rows.stacked(self.token_char_batches)


def cue_rows(sentences_df: pd.DataFrame, layout, texts=None, *, rows=None) -> np.ndarray:
    """The cue and document-context columns (``CUE_COLUMNS``) of every row: the cues, which read
    each row alone, ``rows`` rows at a time (all at once by default), the context of the whole
    batch."""
    texts = sentences_df[TEXT].astype(str) if texts is None else texts
    rows = rows or max(len(texts), 1)
    starts = range(0, max(len(texts), 1), rows)
    cues = np.vstack([cue_matrix(texts.iloc[start : start + rows]) for start in starts])
    return np.hstack([cues, context_matrix(sentences_df, cues, layout=layout)])


def _chunks(features: SentenceFeatures, sentences_df: pd.DataFrame, layout) -> list[_Blocks]:
    """``_Blocks`` of ``CHUNK_ROWS`` rows at a time; the context columns of the whole batch."""
    _check_columns(sentences_df)
    cues = cue_rows(sentences_df, layout, rows=CHUNK_ROWS)
    return [
        _Blocks(
            features,
            sentences_df.iloc[start : start + CHUNK_ROWS],
            None,
            cues=cues[start : start + CHUNK_ROWS],
        )
        for start in range(0, max(len(sentences_df), 1), CHUNK_ROWS)
    ]


class SentenceFeatures(TransformerParams):
    """Words, characters, cues: fitted idf weights and cue scaling, and the matrix or the scores.

    ``transform`` gives the feature matrix (to train and to explain); ``scores`` gives
    ``transform(df) @ coef.T + intercept`` without building the character block's matrix. Each
    takes the batch's ``DocumentLayout`` as ``layout=`` when the caller already has it.
    Fitted state: ``word_idf_``, ``char_idf_`` (empty without a character block), ``cue_mean_``
    and ``cue_scale_``, all plain arrays.
    """

    def __init__(
        self,
        *,
        word_ngrams=WORD_NGRAMS,
        char_ngrams=CHAR_NGRAMS,
        hash_bits=HASH_BITS,
        markup_bits=None,
    ):
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.hash_bits = hash_bits
        self.markup_bits = markup_bits

    @property
    def n_hashed(self) -> int:
        return 2**self.hash_bits

    @property
    def n_features(self) -> int:
        n_char = self.n_hashed if self.char_ngrams is not None else 0
        return self.n_hashed + n_char + self.n_markup + len(CUE_COLUMNS)

    @property
    def n_markup(self) -> int:
        return 0 if self.markup_bits is None else 2**self.markup_bits

    def fit(self, X, y=None):
        self.fit_transform(X)
        return self

    def fit_transform(self, X, y=None, *, layout: DocumentLayout | None = None):
        chunks = _chunks(self, X, layout)
        n = len(X)
        self.word_idf_ = _idf(
            sum(_document_frequency(sparse_rows.merged(chunk.words)) for chunk in chunks), n
        )
        self.char_idf_ = np.zeros(0)
        if self.char_ngrams is not None:
            # A product's rows hold each column once.
            occurring = (
                _binary(chunk.token_counts).to_scipy() @ _binary(chunk.token_chars()).to_scipy()
                for chunk in chunks
            )
            self.char_idf_ = _idf(sum(_document_frequency(product) for product in occurring), n)
        cues = np.vstack([chunk.cues for chunk in chunks])
        self.cue_mean_ = cues.mean(axis=0)
        scale = cues.std(axis=0)
        self.cue_scale_ = np.where(scale > 0, scale, 1.0)
        return self._stacked(chunks)

    def transform(self, X, *, layout: DocumentLayout | None = None):
        return self._stacked(_chunks(self, X, layout))

    def _stacked(self, chunks: list[_Blocks]):
        """The matrix of every chunk's rows, built a chunk at a time into arrays allocated for
        an upper bound of their entries (``_max_entries``), whose pages are only touched as they
        fill; each chunk's counts and rows are freed once copied. Memory peaks near one matrix
        and the raw counts, not two matrices."""
        if len(chunks) == 1:
            return self._matrix(chunks.pop())
        n_rows = sum(chunk.cues.shape[0] for chunk in chunks)
        bound = sum(self._max_entries(chunk) for chunk in chunks)
        index_type = np.int32 if bound < np.iinfo(np.int32).max else np.int64
        data, indices = np.empty(bound), np.empty(bound, dtype=index_type)
        indptr = np.empty(n_rows + 1, dtype=index_type)
        indptr[0] = row = start = 0
        while chunks:
            matrix = self._matrix(chunks.pop(0))
            end = start + matrix.nnz
            data[start:end], indices[start:end] = matrix.data, matrix.indices
            indptr[row + 1 : row + 1 + matrix.shape[0]] = matrix.indptr[1:] + start
            row, start = row + matrix.shape[0], end
        stacked = SparseRows(data[:start], indices[:start], indptr, (n_rows, self.n_features))
        return stacked.to_scipy()

    def _max_entries(self, chunk: _Blocks) -> int:
        """At least the number of entries of the chunk's rows: its word counts (repeats not yet
        merged), each of its tokens' character n-grams, its markup tokens and every cue."""
        bound = chunk.words.nnz + chunk.cues.size
        if chunk.token_char_batches is not None:
            per_token = np.concatenate([np.diff(b.indptr) for b in chunk.token_char_batches])
            bound += int(per_token[chunk.token_counts.indices].sum())
        if chunk.markup is not None:
            bound += chunk.markup.nnz
        return bound

    def counts(self, X, *, layout: DocumentLayout | None = None) -> _Blocks:
        """The raw counts of a batch, before any fitted weighting: what ``scores`` starts from,
        and can be given (``counts=``) by another model that ``shares_counts_with`` this one."""
        return _Blocks(self, X, layout)

    def shares_counts_with(self, other: SentenceFeatures) -> bool:
        """Whether ``other.scores`` can start from this one's ``counts``: the same n-grams, and
        the markup block if ``other`` has one."""
        same = ("word_ngrams", "char_ngrams", "hash_bits")
        return all(_setting(self, name) == _setting(other, name) for name in same) and (
            other.markup_bits is None or other.markup_bits == self.markup_bits
        )

    def scores(
        self,
        X,
        weights: np.ndarray,
        intercept: np.ndarray,
        *,
        layout: DocumentLayout | None = None,
        counts: _Blocks | None = None,
    ) -> np.ndarray:
        """``transform(X) @ weights + intercept``, computed block by block; ``weights`` has one
        column per label (``coef.T``; as ``linear.column_weights`` lays it out, no block is
        copied). ``counts``: ``counts(X)`` of a model that ``shares_counts_with`` this one."""
        blocks = _Blocks(self, X, layout) if counts is None else counts
        n_hashed = self.n_hashed
        scores = sparse_rows.dot(self._word_block(blocks), weights[:n_hashed])
        offset = n_hashed
        if blocks.token_char_batches is not None:
            # Each token's score, a run of tokens at a time: their vectors are never all built.
            char_weights = weights[offset : offset + n_hashed]
            per_token = np.vstack(
                [
                    sparse_rows.dot(self._char_vectors(counts), char_weights)
                    for counts in blocks.token_char_batches
                ]
            )
            scores += sparse_rows.dot(_token_weights(blocks.token_counts), per_token)
            offset += n_hashed
        if self.markup_bits is not None:  # shared counts may hold markup this model lacks
            scores += sparse_rows.dot(blocks.markup, weights[offset : offset + self.n_markup])
            offset += self.n_markup
        scores += self._cue_block(blocks) @ weights[offset:]
        return scores + intercept

    def feature_names(self, text: str, markup: str = "") -> dict[int, str]:
        """Column -> readable name for the n-grams of ``text``, the tokens of its ``markup`` and
        every cue column."""
        names = {
            column: f'word "{gram}"'
            for column, gram in ngrams.word_ngrams_of(text, self.word_ngrams, self.n_hashed).items()
        }
        offset = self.n_hashed
        if self.char_ngrams is not None:
            for token in ngrams.token_sequence(text):
                for gram in ngrams.char_ngrams_of(token, self.char_ngrams):
                    column = ngrams.char_ngram_hash(gram) % self.n_hashed
                    names.setdefault(offset + column, f'chars "{gram}"')
            offset += self.n_hashed
        if self.markup_bits is not None:
            for token in markup_tokens(markup):
                names.setdefault(offset + _markup_hash(token) % self.n_markup, f"markup {token}")
            offset += self.n_markup
        for i, name in enumerate(CUE_COLUMNS):
            names[offset + i] = f"cue {name}" if i < len(CUE_NAMES) else f"context {name}"
        return names

    def _matrix(self, blocks: _Blocks):
        """scipy's CSR matrix of one chunk's rows (to train and to explain)."""
        from scipy import sparse

        parts = [self._word_block(blocks).to_scipy()]
        if blocks.token_char_batches is not None:
            token_weights = _token_weights(blocks.token_counts).to_scipy()
            parts.append(token_weights @ self._char_vectors(blocks.token_chars()).to_scipy())
        if blocks.markup is not None:
            parts.append(blocks.markup.to_scipy())
        parts.append(sparse.csr_matrix(self._cue_block(blocks)))
        return sparse.hstack(parts, format="csr")

    def _word_block(self, blocks: _Blocks) -> SparseRows:
        return sparse_rows.normalised_rows(_sublinear_tfidf(blocks.words, self.word_idf_))

    def _char_vectors(self, token_chars: SparseRows) -> SparseRows:
        """Tokens' character n-gram counts -> their tf-idf vectors of unit length."""
        return sparse_rows.normalised_rows(_tfidf(token_chars, self.char_idf_))

    def _cue_block(self, blocks: _Blocks) -> np.ndarray:
        return (blocks.cues - self.cue_mean_) / self.cue_scale_


def _setting(features: SentenceFeatures, name: str):
    value = getattr(features, name)
    return tuple(value) if isinstance(value, list) else value


def markup_tokens(markup: str) -> list[str]:
    return markup.split()


def markup_counts(sentences_df: pd.DataFrame, n_features: int) -> SparseRows:
    """Sentences x hashed markup tokens, each token once, rows of unit length (all zero for a
    sentence without markup, and for every row when there is no ``markup`` column)."""
    if MARKUP not in sentences_df.columns:
        return sparse_rows.empty((len(sentences_df), n_features))
    # The sentences of a block, and the blocks of a list or menu, share their markup: each
    # distinct markup string is hashed once.
    codes, distinct = pd.factorize(sentences_df[MARKUP].fillna("").astype(str))
    tokens = ngrams.tokenize(distinct.tolist())
    columns = np.array([_markup_hash(token) % n_features for token in tokens.distinct], np.int64)
    counts = sparse_rows.merged(
        sparse_rows.from_entries(
            tokens.row, columns[tokens.token] if len(columns) else [], (tokens.n_rows, n_features)
        )
    )
    present = sparse_rows.normalised_rows(counts.with_data(np.ones(counts.nnz)))
    return sparse_rows.take_rows(present, codes)


def _markup_hash(token: str) -> int:
    return zlib.crc32(token.encode("utf-8"))


def _check_columns(X) -> None:
    if not isinstance(X, pd.DataFrame):
        raise TypeError("the pipeline takes a sentences DataFrame, not " + type(X).__name__)
    missing = [column for column in SENTENCE_COLUMNS if column not in X.columns]
    if missing:
        raise ValueError(f"sentences DataFrame is missing columns: {', '.join(missing)}")


def _binary(matrix: SparseRows) -> SparseRows:
    return matrix.with_data(np.ones_like(matrix.data))


def _document_frequency(counts) -> np.ndarray:
    """How many rows hold each column, of a matrix (SparseRows or scipy's) whose rows hold each
    column once."""
    return np.bincount(counts.indices, minlength=counts.shape[1])


def _idf(document_frequency: np.ndarray, n_rows: int) -> np.ndarray:
    """Smoothed inverse document frequency, as scikit-learn's ``TfidfTransformer`` computes it."""
    return np.log((1 + n_rows) / (1 + document_frequency)) + 1.0


def _sublinear_tfidf(counts: SparseRows, idf: np.ndarray) -> SparseRows:
    """(1 + log tf) * idf, repeats merged first: a word said three times weighs 2.1, not 3."""
    merged = sparse_rows.merged(counts)
    return merged.with_data((1.0 + np.log(merged.data)) * idf[merged.indices])


def _tfidf(counts: SparseRows, idf: np.ndarray) -> SparseRows:
    return counts.with_data(counts.data * idf[counts.indices])


def _token_weights(token_counts: SparseRows) -> SparseRows:
    """Each text's token counts divided by the square root of its number of tokens."""
    totals = np.bincount(
        token_counts.entry_rows(), weights=token_counts.data, minlength=token_counts.shape[0]
    )
    scale = 1.0 / np.sqrt(np.maximum(totals, 1.0))
    return token_counts.with_data(token_counts.data * np.repeat(scale, token_counts.row_lengths()))


def build_features(settings: dict) -> SentenceFeatures:
    """The features of ``settings``; ``settings["char_wb_ngrams"]`` None leaves the character
    block out."""
    char_ngrams = settings["char_wb_ngrams"]
    return SentenceFeatures(
        word_ngrams=tuple(settings["word_ngrams"]),
        char_ngrams=None if char_ngrams is None else tuple(char_ngrams),
        hash_bits=settings["hash_bits"],
        markup_bits=settings.get("markup_bits"),
    )
