"""The key under which two sentences count as the same: lower case, the runs of characters that
are not letters or digits made one space, trimmed ("Share this!" and "share   THIS" -> "share
this").

A report keys every distinct sentence of a crawl (a million at 100,000 articles). Arrow's RE2
replaces matches at about 30 MB/s, a sixth of the report's time; most sentences are ASCII, and
there the key is a byte-for-byte mapping that numpy computes on the array's buffers at about
three times that. The other sentences take the regex, whose letters and digits are any script's
(``\\pL``, ``\\pN``: what Python's ``[^\\W_]`` matches).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

NOT_LETTER_OR_DIGIT = r"[^\pL\pN]+"
# ASCII bytes to their key byte: letters lower-cased, digits kept, 0 for the rest (a separator).
_KEY_BYTE = np.zeros(256, dtype=np.uint8)
for _byte in b"abcdefghijklmnopqrstuvwxyz0123456789":
    _KEY_BYTE[_byte] = _byte
for _byte in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _KEY_BYTE[_byte] = _byte + 32
_SPACE = ord(" ")
# Bytes of text keyed at a time (the temporaries take about 12 bytes per byte).
BLOCK_BYTES = 4 << 20


def repeat_keys(strings: pa.Array) -> pa.Array:
    """The key of every string of ``strings`` (an Arrow string array, chunked or not), as a
    ``large_string`` array; nulls stay null."""
    strings = strings.combine_chunks() if isinstance(strings, pa.ChunkedArray) else strings
    strings = strings.cast(pa.large_string())
    if strings.null_count:
        return _regex_keys(strings)
    keys = _ascii_keys(strings)
    other = pc.invert(pc.string_is_ascii(strings))
    if pc.any(other).as_py():
        keys = pc.replace_with_mask(keys, other, _regex_keys(strings.filter(other)))
    return keys


def _regex_keys(strings: pa.Array) -> pa.Array:
    lowered = pc.utf8_lower(strings)
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(lowered, NOT_LETTER_OR_DIGIT, " "))


def _ascii_keys(strings: pa.Array) -> pa.Array:
    """The keys as if every string were ASCII (those that are not get a key of no use)."""
    _, offset_buffer, data_buffer = strings.buffers()
    offsets = np.frombuffer(offset_buffer, dtype=np.int64)[
        strings.offset : strings.offset + len(strings) + 1
    ]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer else np.zeros(0, np.uint8)
    pieces, lengths = [], []
    first = 0
    while first < len(strings):
        last = int(np.searchsorted(offsets, offsets[first] + BLOCK_BYTES, side="right")) - 1
        last = min(max(last, first + 1), len(strings))  # at least one string per block
        block_offsets = offsets[first : last + 1]
        piece, piece_lengths = _block_keys(
            data[block_offsets[0] : block_offsets[-1]], block_offsets - block_offsets[0]
        )
        pieces.append(piece)
        lengths.append(piece_lengths)
        first = last
    key_offsets = np.zeros(len(strings) + 1, dtype=np.int64)
    if lengths:
        np.cumsum(np.concatenate(lengths), out=key_offsets[1:])
    key_data = np.concatenate(pieces) if pieces else np.zeros(0, np.uint8)
    return pa.LargeStringArray.from_buffers(
        len(strings), pa.py_buffer(key_offsets), pa.py_buffer(key_data)
    )


def _block_keys(data: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The key bytes of the strings at ``offsets`` into ``data``, and each key's length."""
    mapped = _KEY_BYTE[data]
    kept = mapped != 0
    # A space at the first byte of each run of other bytes that follows a kept byte of the same
    # string (none for a leading run); a trailing run's space is taken off below.
    space = np.zeros_like(kept)
    space[1:] = kept[:-1]
    space[offsets[:-1][offsets[:-1] < len(kept)]] = False
    space &= ~kept
    emitted = kept | space
    mapped[space] = _SPACE
    emitted_through = np.zeros(len(emitted) + 1, dtype=np.int64)
    np.cumsum(emitted, out=emitted_through[1:])
    key_ends = emitted_through[offsets[1:]]
    lengths = key_ends - emitted_through[offsets[:-1]]
    key_bytes = mapped[emitted]
    trailing = lengths > 0
    trailing[trailing] = key_bytes[key_ends[trailing] - 1] == _SPACE
    if trailing.any():
        keep = np.ones(len(key_bytes), dtype=bool)
        keep[key_ends[trailing] - 1] = False
        key_bytes = key_bytes[keep]
        lengths = lengths - trailing
    return key_bytes, lengths
