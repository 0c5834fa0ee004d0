"""Hashed word and character n-grams of a whole batch of sentences at once.

Sentences are lower-cased and split on whitespace (Arrow kernels); every later step works on the
batch's distinct tokens, each handled once, and on integer arrays of where they occur:

- word n-grams: the words of a token are its runs of two or more letters, digits, marks or
  underscores (scikit-learn's default tokens, ``\\b\\w\\w+\\b``, with combining marks kept inside a
  word), each hashed over its UTF-8 bytes (``word_hash``; the batch version reads Arrow's buffers
  with numpy); an n-gram's hash mixes its words' hashes (``combine_hashes``), so no n-gram string
  is ever built;
- character n-grams: each token padded with one space on each side, as scikit-learn's
  ``char_wb`` analyzer pads it, cut into n-grams that never leave the padded token, each hashed
  with a 64-bit FNV-1a over its code points (``char_ngram_hash`` spells it out one n-gram at a
  time; the batch version computes the same numbers with numpy).

Everything here is a pure function of its inputs: the same text always gives the same columns.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..text.arrow_text import arrow_strings
from . import sparse_rows
from .sparse_rows import SparseRows

NOT_WORD = r"[^\pL\pN\pM_]+"  # RE2: what separates words
CHAR_BATCH = 2**16  # characters of padded words whose character n-grams are counted at once
_WORD_BASE = np.uint64(0x100000001B3)
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_MIX_1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX_2 = np.uint64(0xC4CEB9FE1A85EC53)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MASK_64 = (1 << 64) - 1


class Tokens(NamedTuple):
    """The lower-cased whitespace tokens of a batch of texts.

    ``distinct`` holds each token once; occurrence ``i`` is token ``distinct[token[i]]`` of text
    ``row[i]``. Occurrences are in text order, so ``row`` never decreases.
    """

    distinct: list[str]
    row: np.ndarray
    token: np.ndarray
    n_rows: int


def tokenize(texts) -> Tokens:
    """Lower-case and whitespace-split every text of ``texts`` (strings)."""
    array = pc.fill_null(arrow_strings(texts), "")
    # utf8_split_whitespace may read a byte past the last string, which after utf8_lower is
    # uninitialised memory, and split that string's trailing whitespace differently from run to
    # run (apache/arrow#37757); a sentinel string at the end takes that place.
    with_sentinel = pa.concat_arrays([array, pa.array([" "], type=array.type)])
    lists = pc.utf8_split_whitespace(pc.utf8_lower(with_sentinel)).slice(0, len(array))
    values = lists.flatten()
    row = pc.list_parent_indices(lists).to_numpy().astype(np.int64)
    if len(values) == 0:
        return Tokens([], np.zeros(0, np.int64), np.zeros(0, np.int64), len(array))
    encoded = pc.dictionary_encode(values)
    # Splitting on whitespace can leave an empty string at either end of a text.
    distinct = encoded.dictionary.to_pylist()
    token = encoded.indices.to_numpy().astype(np.int64)
    if "" in distinct:
        empty = distinct.index("")
        keep = token != empty
        row, token = row[keep], token[keep]
        token -= token > empty
        del distinct[empty]
    return Tokens(distinct, row, token, len(array))


def token_sequence(text: str) -> list[str]:
    """The tokens of one text in order, as ``tokenize`` splits it."""
    tokens = tokenize([text])
    return [tokens.distinct[i] for i in tokens.token]


def token_counts(tokens: Tokens) -> SparseRows:
    """Texts x distinct tokens: how often each token occurs in each text."""
    shape = (tokens.n_rows, len(tokens.distinct))
    return sparse_rows.merged(sparse_rows.from_entries(tokens.row, tokens.token, shape))


# ---------------------------------------------------------------------------------------------
# Word n-grams


def word_hash(word: str) -> int:
    """The hash of one word: a polynomial over its UTF-8 bytes (Horner, modulo 2**64), then
    ``finalise``. ``hash_words`` computes the same for every word of a batch."""
    value = 0
    for byte in word.encode("utf-8"):
        value = (value * int(_WORD_BASE) + byte) & _MASK_64
    return int(finalise(np.asarray([value], dtype=np.uint64))[0])


def words_of(tokens: list[str]) -> tuple[np.ndarray, pa.Array]:
    """The words of each token (``NOT_WORD`` splits them; a word has two characters or more):
    how many each token holds, and all of them, token after token."""
    pieces = pc.split_pattern_regex(pa.array(tokens, type=pa.large_string()), NOT_WORD)
    words = pieces.flatten()
    keep = pc.greater_equal(pc.utf8_length(words), 2)
    owner = pc.list_parent_indices(pieces).filter(keep).to_numpy()
    return np.bincount(owner, minlength=len(tokens)), words.filter(keep)


def hash_words(words: pa.Array) -> np.ndarray:
    """``word_hash`` of every word of a ``large_string`` array, from its bytes in place."""
    if len(words) == 0:
        return np.zeros(0, dtype=np.uint64)
    _validity, offsets_buffer, data_buffer = words.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[
        words.offset : words.offset + len(words) + 1
    ]
    data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]].astype(np.uint64)
    starts, lengths = offsets[:-1] - offsets[0], np.diff(offsets)
    # Horner's sum of byte i of a word of length L is byte_i * base**(L - 1 - i).
    exponent = np.repeat(starts + lengths - 1, lengths) - np.arange(len(data))
    with np.errstate(over="ignore"):
        powers = np.cumprod(np.full(int(lengths.max()), _WORD_BASE, dtype=np.uint64))
        powers = np.concatenate([[np.uint64(1)], powers[:-1]])
        return finalise(np.add.reduceat(data * powers[exponent], starts))


def combine_hashes(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The hash of an n-gram from the hash of its first n-1 words and of its last word."""
    with np.errstate(over="ignore"):
        return finalise(first * _GOLDEN + second)


def finalise(hashes: np.ndarray) -> np.ndarray:
    """A 64-bit mixer (MurmurHash3's finaliser): every input bit moves every output bit."""
    with np.errstate(over="ignore"):
        hashes = hashes ^ (hashes >> np.uint64(33))
        hashes = hashes * _MIX_1
        hashes = hashes ^ (hashes >> np.uint64(33))
        hashes = hashes * _MIX_2
        return hashes ^ (hashes >> np.uint64(33))


def word_ngram_counts(tokens: Tokens, ngram_range, n_features: int) -> SparseRows:
    """Texts x hashed word n-grams (``ngram_range`` inclusive), one entry per occurrence."""
    per_token, words = words_of(tokens.distinct)
    flat_hashes = hash_words(words)
    # Occurrence i of a token stands for its words: expand each occurrence into their hashes.
    first = np.cumsum(per_token) - per_token
    repeats = per_token[tokens.token]
    starts = np.repeat(first[tokens.token], repeats)
    within = np.arange(repeats.sum()) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    word_hashes = flat_hashes[starts + within]
    word_rows = np.repeat(tokens.row, repeats)

    low, high = ngram_range
    rows, columns = [], []
    gram = word_hashes
    for n in range(1, high + 1):
        if n > 1:
            gram = combine_hashes(gram[:-1], word_hashes[n - 1 :])
        # An n-gram is kept when its first and last words are in the same text.
        same_text = word_rows[: len(word_rows) - n + 1] == word_rows[n - 1 :]
        if n >= low:
            rows.append(word_rows[: len(same_text)][same_text])
            columns.append(gram[same_text] % np.uint64(n_features))
    return _count_matrix(rows, columns, (tokens.n_rows, n_features))


def word_ngrams_of(text: str, ngram_range, n_features: int) -> dict[int, str]:
    """Column -> n-gram for the word n-grams of one text (to name features; same columns as
    ``word_ngram_counts``)."""
    words = words_of(token_sequence(text))[1].to_pylist()
    low, high = ngram_range
    names: dict[int, str] = {}
    for n in range(low, high + 1):
        for start in range(len(words) - n + 1):
            gram = words[start : start + n]
            value = np.asarray([word_hash(gram[0])], dtype=np.uint64)
            for word in gram[1:]:
                value = combine_hashes(value, np.asarray([word_hash(word)], dtype=np.uint64))
            names.setdefault(int(value[0] % np.uint64(n_features)), " ".join(gram))
    return names


# ---------------------------------------------------------------------------------------------
# Character n-grams


def char_ngram_hash(gram: str) -> int:
    """The hash of one character n-gram: FNV-1a (64 bits) over its code points, then
    ``finalise``. ``char_ngram_counts`` computes the same for every n-gram of a batch."""
    value = int(_FNV_OFFSET)
    for char in gram:
        value = ((value ^ ord(char)) * int(_FNV_PRIME)) & _MASK_64
    return int(finalise(np.asarray([value], dtype=np.uint64))[0])


def char_ngram_counts(words: list[str], ngram_range, n_features: int) -> SparseRows:
    """Words x hashed character n-grams, one entry per occurrence: the n-grams of each word
    padded with one space on each side (``ngram_range`` inclusive), as scikit-learn's ``char_wb``
    analyzer cuts them."""
    return sparse_rows.stacked(char_ngram_batches(words, ngram_range, n_features))


def char_ngram_batches(words: list[str], ngram_range, n_features: int) -> list[SparseRows]:
    """``char_ngram_counts`` of runs of words of about ``CHAR_BATCH`` characters, one matrix
    each (at least one): their temporaries take some 100 bytes per character, and a page's script
    or data dumped as text can make a chunk's distinct words millions of characters long."""
    if not words:
        return [sparse_rows.empty((0, n_features))]
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 2
    batch = np.cumsum(lengths) // CHAR_BATCH
    bounds = [0, *(np.flatnonzero(np.diff(batch)) + 1).tolist(), len(words)]
    return [
        _char_ngram_batch(words[start:end], lengths[start:end], ngram_range, n_features)
        for start, end in zip(bounds[:-1], bounds[1:], strict=True)
    ]


def _char_ngram_batch(
    words: list[str], lengths: np.ndarray, ngram_range, n_features: int
) -> SparseRows:
    low, high = ngram_range
    padded = "".join(f" {word} " for word in words)
    code_points = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    owner = np.repeat(np.arange(len(words)), lengths)
    end = np.cumsum(lengths)[owner]  # one past the last character of each one's word
    position = np.arange(len(code_points))
    value = np.full(len(code_points), _FNV_OFFSET, dtype=np.uint64)
    rows, columns = [], []
    with np.errstate(over="ignore"):
        for n in range(1, high + 1):
            # value[i] becomes the hash of the n characters from i on.
            following = np.zeros(len(code_points), dtype=np.uint64)
            available = max(len(code_points) - n + 1, 0)
            following[:available] = code_points[n - 1 : n - 1 + available]
            value = (value ^ following) * _FNV_PRIME
            if n >= low:
                inside = position + n <= end
                rows.append(owner[inside])
                columns.append(finalise(value[inside]) % np.uint64(n_features))
    return _count_matrix(rows, columns, (len(words), n_features))


def char_ngrams_of(word: str, ngram_range) -> list[str]:
    """The character n-grams of one word, as ``char_ngram_counts`` cuts them."""
    padded = f" {word} "
    low, high = ngram_range
    return [
        padded[start : start + n]
        for n in range(low, high + 1)
        for start in range(len(padded) - n + 1)
    ]


def _count_matrix(rows: list[np.ndarray], columns: list[np.ndarray], shape) -> SparseRows:
    """A matrix with a 1 for each (row, column) pair. ``rows`` are runs of non-decreasing row
    numbers; an n-gram that occurs twice in a row is two entries (sums and products count both),
    which saves sorting every row to merge them."""
    row = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    column = np.concatenate(columns).astype(np.int64) if columns else np.zeros(0, np.int64)
    return sparse_rows.from_entries(row, column, shape)  # a stable sort merges the runs
