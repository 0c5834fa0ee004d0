"""Explainable cue features of sentences: lexicons and surface shape (the lexicons and patterns
themselves are in ``cue_patterns``).

Each cue is a named number, so a user can ask why a sentence got its label. The lexicons are
deliberately small and general: they carry across outlets where word n-grams do not.

``cue_matrix`` computes the cues of a whole batch at once with Arrow's RE2 kernels and numpy, and
keeps the meaning they had as Python ``re`` patterns run sentence by sentence:

- Characters other than ASCII and some common punctuation are first replaced by ASCII stand-ins
  of the same Python classes (letter, upper-case letter, digit, space, symbol), so that every
  pattern uses ASCII classes only: RE2 runs them many times faster than with Unicode tables.
- RE2 has no lookaround: Python's ``\\b`` before or after a word character becomes a consumed
  non-word character or the edge of the text (the patterns are only searched, never counted, so
  consuming it changes nothing), and the speech patterns, once tested before and after each speech
  verb, are whole-sentence patterns around a speech verb that is a whole word.
- Words, lexicon hits, letter, digit and quote counts and URLs lie inside one space-separated
  chunk of a sentence; each distinct chunk is counted once and the counts summed per sentence.
- The other patterns search only the sentences that can match (a date needs a digit, a speech
  pattern a speech verb).
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..text.arrow_text import arrow_strings
from . import sparse_rows
from .cue_patterns import (
    ATTRIBUTION,
    BETWEEN_WORDS,
    BYLINE,
    CLOSING_SPEAKER_THEN_VERB,
    CLOSING_VERB_THEN_SPEAKER,
    COLON_QUOTE,
    COUNT_THEN_WORD,
    DATE,
    DIGIT,
    DIGITS,
    EMAIL,
    EMAIL_SIGNS,
    ENDS_CLOSED,
    ENDS_QUESTION,
    ENDS_TERMINAL,
    ENDS_WITH_ELLIPSIS,
    ENDS_WITH_QUOTE,
    LETTER,
    LETTERS,
    LEXICONS,
    NOT_PLAIN,
    QUOTE_THEN_SPEECH,
    QUOTED_SPAN,
    SEPARATOR,
    SEPARATOR_CHARS,
    SPACE,
    SPEAKER_COLON,
    SPEAKER_THEN_SPEECH_VERB,
    SPEECH_VERB_THAT,
    STARTS_WITH_QUOTE,
    SYMBOL,
    TIME_STAMP,
    UPPER,
    UPPER_LETTER,
    UPPER_SYMBOL,
    URL,
)

CUE_NAMES = (
    "log_chars",
    "log_words",
    "is_short",
    "ends_terminal",
    "ends_question",
    "ends_colon_or_none",
    "starts_with_quote",
    "ends_with_quote",
    "quote_marks",
    "quote_balance",
    "odd_straight_quotes",
    "share_in_quotes",
    "speech_verbs",
    "quote_then_speech_verb",
    "attribution_phrase",
    "speaker_colon",
    "first_person",
    "second_person",
    "evaluative",
    "hedges",
    "intensifiers",
    "modals",
    "boilerplate_words",
    "url",
    "email",
    "date",
    "digit_share",
    "upper_share",
    "title_case_share",
    "speaker_then_speech_verb",
    "closing_attribution",
    "speech_verb_that",
    "colon_then_quote",
    "separator",
    "time_stamp",
    "count_then_word",
    "byline",
    "copyright_sign",
    "ends_with_ellipsis",
    "starts_lowercase",
)


def _byte_table(*char_classes: str) -> np.ndarray:
    """A ``(256, len(char_classes))`` table: whether each byte is an ASCII character of each
    class (the bytes of a multi-byte character are in none)."""
    return np.array(
        [
            [
                byte < 0x80 and re.fullmatch(f"[{char_class}]", chr(byte)) is not None
                for char_class in char_classes
            ]
            for byte in range(256)
        ],
        dtype=np.float64,
    )


# Letters, decimal digits and upper case of text with stand-ins, by UTF-8 byte: every character
# outside ASCII is plain punctuation by then, none of the three.
_BYTE_CLASSES = _byte_table(LETTERS, DIGITS, UPPER)
_LEXICON_WORDS = sorted(set().union(*LEXICONS.values()))
# Row i: the lexicons word i of _LEXICON_WORDS is in; the last row, all zero, for other words.
_LEXICON_MEMBERSHIP = np.array(
    [[word in lexicon for lexicon in LEXICONS.values()] for word in _LEXICON_WORDS]
    + [[False] * len(LEXICONS)],
    dtype=np.float64,
)
# Counted in each distinct chunk of a sentence, and summed per sentence.
_CHUNK_COUNTS = (
    "words",
    *LEXICONS,
    "capitalised_words",
    "letters",
    "digits",
    "upper",
    "straight_quotes",
    "opening_quotes",
    "closing_quotes",
    "urls",
    "email_signs",
    "copyright_signs",
    "separator_chars",
)


def sentence_cues(text: str) -> list[float]:
    """The cue vector of one sentence, in the order of ``CUE_NAMES``: one row of ``cue_matrix``
    (which has a fixed cost per call, so give it many sentences at once where you can)."""
    return cue_matrix([text])[0].tolist()


def cue_matrix(texts) -> np.ndarray:
    """The cue vectors of many sentences, an ``(n, len(CUE_NAMES))`` float64 array.

    A sentence's cues depend on it alone: its row is the same in any batch."""
    stripped = _stripped_strings(texts)
    if len(stripped) == 0:
        return np.zeros((0, len(CUE_NAMES)))
    plain = _with_stand_ins(stripped)
    counts = _chunk_counts_per_sentence(plain)
    counts["chars"] = _to_numpy(pc.utf8_length(plain))
    columns = {
        **_shape_cues(plain, counts),
        **_quote_cues(plain, counts),
        **_lexicon_cues(counts),
        **_speech_cues(plain, counts),
        **_chrome_cues(plain, counts),
        "starts_lowercase": _starts_lowercase(stripped),
    }
    return np.column_stack([columns[name] for name in CUE_NAMES]).astype(np.float64)


# --- the cues -----------------------------------------------------------------------------------


def _shape_cues(strings: pa.Array, counts: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    n_words = counts["words"]
    return {
        "log_chars": np.log1p(counts["chars"]),
        "log_words": np.log1p(n_words),
        "is_short": n_words <= 4,
        "ends_terminal": _search(strings, ENDS_TERMINAL),
        "ends_question": _search(strings, ENDS_QUESTION),
        "ends_colon_or_none": ~_search(strings, ENDS_CLOSED),
        "digit_share": counts["digits"] / np.maximum(counts["chars"], 1),
        "upper_share": counts["upper"] / np.maximum(counts["letters"], 1),
        "title_case_share": counts["capitalised_words"] * _per_word(n_words) / 10,
    }


def _quote_cues(strings: pa.Array, counts: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    opening, closing = counts["opening_quotes"], counts["closing_quotes"]
    quote_marks = counts["straight_quotes"] + opening + closing
    quoted = quote_marks > 0
    return {
        "starts_with_quote": _search(strings, STARTS_WITH_QUOTE),
        "ends_with_quote": _search(strings, ENDS_WITH_QUOTE),
        "quote_marks": quote_marks,
        "quote_balance": opening - closing,
        "odd_straight_quotes": counts["straight_quotes"] % 2,
        "share_in_quotes": _quoted_chars(strings, quoted) / np.maximum(counts["chars"], 1),
        "quote_then_speech_verb": _search(strings, QUOTE_THEN_SPEECH, quoted),
        "colon_then_quote": _search(strings, COLON_QUOTE, quoted),
    }


def _lexicon_cues(counts: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    per_word = _per_word(counts["words"])
    return {lexicon: counts[lexicon] * per_word for lexicon in LEXICONS}


def _speech_cues(strings: pa.Array, counts: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Attribution phrases, and where a speech verb sits: after a named or pronoun speaker,
    closing the sentence, before "that"."""
    has_verb = counts["speech_verbs"] > 0
    return {
        "attribution_phrase": _search(strings, ATTRIBUTION),
        "speaker_colon": _search(strings, SPEAKER_COLON),
        "speaker_then_speech_verb": _search(strings, SPEAKER_THEN_SPEECH_VERB, has_verb),
        "closing_attribution": _search(strings, CLOSING_SPEAKER_THEN_VERB, has_verb)
        | _search(strings, CLOSING_VERB_THEN_SPEAKER, has_verb),
        "speech_verb_that": _search(strings, SPEECH_VERB_THAT, has_verb),
    }


def _chrome_cues(strings: pa.Array, counts: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    has_digit = counts["digits"] > 0
    return {
        "url": counts["urls"] > 0,
        "email": _search(strings, EMAIL, counts["email_signs"] > 0),
        "date": _search(strings, DATE, has_digit),
        "separator": _search(strings, SEPARATOR, counts["separator_chars"] > 0),
        "time_stamp": _search(strings, TIME_STAMP, has_digit),
        "count_then_word": _search(strings, COUNT_THEN_WORD, has_digit),
        "byline": _search(strings, BYLINE),
        "copyright_sign": counts["copyright_signs"] > 0,
        "ends_with_ellipsis": _search(strings, ENDS_WITH_ELLIPSIS),
    }


def _per_word(n_words: np.ndarray) -> np.ndarray:
    return 10.0 / np.maximum(n_words, 1)


def _quoted_chars(strings: pa.Array, rows: np.ndarray) -> np.ndarray:
    """Characters inside quote marks (an unclosed quote runs to the end), in ``rows``."""
    quoted = np.zeros(len(strings))
    if rows.any():
        some = strings.filter(pa.array(rows))
        unquoted = pc.replace_substring_regex(some, QUOTED_SPAN, "")
        quoted[rows] = _to_numpy(pc.utf8_length(some)) - _to_numpy(pc.utf8_length(unquoted))
    return quoted


def _starts_lowercase(strings: pa.Array) -> np.ndarray:
    """``str.islower`` of the first character, asked once per distinct first character."""
    first = pc.dictionary_encode(pc.utf8_slice_codeunits(strings, 0, 1))
    lower = np.array([char.islower() for char in first.dictionary.to_pylist()], dtype=bool)
    return lower[_to_numpy(first.indices)]


# --- counts per distinct chunk ------------------------------------------------------------------


def _chunk_counts_per_sentence(strings: pa.Array) -> dict[str, np.ndarray]:
    """``_CHUNK_COUNTS`` of each sentence, as sums over its space-separated chunks.

    Words, quote marks, URLs and the other things counted hold no space, so each lies inside one
    chunk; a chunk is mostly a word with its punctuation, and most recur, so each distinct chunk
    is counted once."""
    chunks = pc.split_pattern(strings, " ")
    encoded = pc.dictionary_encode(chunks.flatten())
    codes = _to_numpy(encoded.indices)
    offsets = _to_numpy(chunks.offsets)
    chunks_of_sentence = sparse_rows.SparseRows(
        np.ones(len(codes)), codes, offsets - offsets[0], (len(strings), len(encoded.dictionary))
    )
    per_sentence = sparse_rows.dot(chunks_of_sentence, _counts_of_chunks(encoded.dictionary))
    return {name: per_sentence[:, i] for i, name in enumerate(_CHUNK_COUNTS)}


def _counts_of_chunks(chunks: pa.Array) -> np.ndarray:
    """An ``(len(chunks), len(_CHUNK_COUNTS))`` array of counts."""
    words = pc.split_pattern_regex(chunks, BETWEEN_WORDS)
    chunk_of_word = _to_numpy(pc.list_parent_indices(words))
    per_chunk = [
        np.bincount(chunk_of_word, weights=column, minlength=len(chunks))
        for column in _word_counts(words.flatten()).T
    ]
    return np.column_stack(
        [
            *per_chunk,
            _count_bytes(chunks, _BYTE_CLASSES),
            _to_numpy(pc.count_substring(chunks, '"')),
            _to_numpy(pc.count_substring_regex(chunks, "[“«]")),
            _to_numpy(pc.count_substring_regex(chunks, "[”»]")),
            _search(chunks, URL),
            _search(chunks, EMAIL_SIGNS),
            _search(chunks, "©"),
            _search(chunks, SEPARATOR_CHARS),
        ]
    ).astype(np.float64)


def _word_counts(words: pa.Array) -> np.ndarray:
    """Per word: whether it is one (not empty), its lexicons, whether it is capitalised.

    Words hold no letters but ASCII ones and stand-ins, so ``ascii_lower`` is ``str.lower``."""
    lexicon_row = pc.index_in(pc.ascii_lower(words), value_set=pa.array(_LEXICON_WORDS))
    lexicon_row = _to_numpy(pc.fill_null(lexicon_row, len(_LEXICON_WORDS)))
    capitalised = _to_numpy(pc.match_substring_regex(words, rf"^[{UPPER}]"))
    return np.column_stack(
        [_to_numpy(pc.binary_length(words)) > 0, _LEXICON_MEMBERSHIP[lexicon_row], capitalised]
    )


def _count_bytes(strings: pa.Array, byte_classes: np.ndarray) -> np.ndarray:
    """Per string, how many of its UTF-8 bytes fall in each column of ``byte_classes``, a
    ``(256, k)`` table: Arrow has no kernel that counts characters of a class in one pass."""
    offset_type = np.int64 if pa.types.is_large_string(strings.type) else np.int32
    _validity, offsets, data = strings.buffers()
    offsets = np.frombuffer(offsets, dtype=offset_type)[
        strings.offset : strings.offset + len(strings) + 1
    ]
    data = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    per_byte = byte_classes[data[offsets[0] : offsets[-1]]]
    running = np.concatenate([np.zeros((1, byte_classes.shape[1])), np.cumsum(per_byte, axis=0)])
    starts = offsets - offsets[0]
    return running[starts[1:]] - running[starts[:-1]]


# --- Arrow plumbing -----------------------------------------------------------------------------


def _stripped_strings(texts) -> pa.Array:
    """The texts as an Arrow string array, surrounding whitespace removed (as ``str.strip``)."""
    return pc.utf8_trim_whitespace(pc.fill_null(arrow_strings(texts), ""))


def _with_stand_ins(strings: pa.Array) -> pa.Array:
    """``strings`` with every character that is not plain replaced by its stand-in."""
    rows = _search(strings, NOT_PLAIN, ~_to_numpy(pc.ascii_is_printable(strings)))
    if not rows.any():
        return strings
    texts = strings.filter(pa.array(rows)).to_pylist()
    used = "".join(set().union(*map(set, texts)))
    rare = re.findall(NOT_PLAIN, used)
    table = str.maketrans({char: _stand_in(char) for char in rare})
    replaced = pa.array([text.translate(table) for text in texts], type=strings.type)
    return pc.replace_with_mask(strings, pa.array(rows), replaced)


def _stand_in(char: str) -> str:
    """The ASCII character that takes the place of ``char``: one of the same Python classes
    (``\\w``, ``\\d``, ``\\s``, ``str.isupper``) that no pattern spells out."""
    if char.isdecimal():
        return DIGIT
    if char.isspace():
        return SPACE
    if char.isalnum():
        return UPPER_LETTER if char.isupper() else LETTER
    return UPPER_SYMBOL if char.isupper() else SYMBOL


def _search(strings: pa.Array, pattern: str, rows: np.ndarray | None = None) -> np.ndarray:
    """Whether the RE2 ``pattern`` matches somewhere in each string; with ``rows``, only those
    strings are searched and the others are False."""
    if rows is None:
        return _to_numpy(pc.match_substring_regex(strings, pattern))
    found = np.zeros(len(strings), dtype=bool)
    if rows.any():
        found[rows] = _to_numpy(pc.match_substring_regex(strings.filter(pa.array(rows)), pattern))
    return found


def _to_numpy(array: pa.Array) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False)
