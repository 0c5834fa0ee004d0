"""Hashed n-grams of a whole batch (``ngrams``) and the feature blocks built on them."""

from __future__ import annotations

import unicodedata
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.model import features as features_module
from classifier.model import ngrams, sparse_rows
from classifier.model.features import CUE_COLUMNS, SentenceFeatures
from classifier.model.linear import linear_scores

N_FEATURES = 2**10
TEXTS = [
    "The minister said the plan was 'unacceptable'.",
    "Advertisement",
    "",
    "   ",
    "a",
    "Ünïcode\u00a0no-break\ttab  DOUBLE  spaces, the the THE",
    "“We will not back down,” she said. “Never.”",
    "naïve cafe\u0301 hyphen-ated under_score x2 7",
]


def _sequences(texts):
    tokens = ngrams.tokenize(texts)
    sequences = [[] for _ in texts]
    for row, token in zip(tokens.row, tokens.token, strict=True):
        sequences[row].append(tokens.distinct[token])
    return sequences


def _char_reference(texts, ngram_range=(2, 5)):
    """Counts from the one-n-gram-at-a-time definition: ``char_ngrams_of`` + ``char_ngram_hash``."""
    counts = np.zeros((len(texts), N_FEATURES))
    for row, sequence in enumerate(_sequences(texts)):
        for token in sequence:
            for gram in ngrams.char_ngrams_of(token, ngram_range):
                counts[row, ngrams.char_ngram_hash(gram) % N_FEATURES] += 1
    return counts


def _words(token: str) -> list[str]:
    """Runs of two or more letters, digits, marks or underscores (as ``ngrams.NOT_WORD`` splits)."""
    runs = "".join(c if _in_word(c) else " " for c in token).split(" ")
    return [run for run in runs if len(run) >= 2]


def _in_word(char: str) -> bool:
    return char == "_" or unicodedata.category(char)[0] in "LNM"


def _word_reference(texts, ngram_range=(1, 2)):
    counts = np.zeros((len(texts), N_FEATURES))
    for row, sequence in enumerate(_sequences(texts)):
        words = [word for token in sequence for word in _words(token)]
        hashes = [np.asarray([ngrams.word_hash(word)], dtype=np.uint64) for word in words]
        for n in range(ngram_range[0], ngram_range[1] + 1):
            for start in range(len(words) - n + 1):
                value = hashes[start]
                for following in hashes[start + 1 : start + n]:
                    value = ngrams.combine_hashes(value, following)
                counts[row, int(value[0] % np.uint64(N_FEATURES))] += 1
    return counts


def _char_counts(texts, ngram_range=(2, 5)):
    tokens = ngrams.tokenize(texts)
    per_token = ngrams.char_ngram_counts(tokens.distinct, ngram_range, N_FEATURES)
    return (ngrams.token_counts(tokens).to_scipy() @ per_token.to_scipy()).toarray()


def test_tokens_are_lower_cased_whitespace_tokens_in_order():
    assert _sequences(["Hello,  World\tthe\u00a0end ", "", "b A"]) == [
        ["hello,", "world", "the", "end"],
        [],
        ["b", "a"],
    ]


def test_the_last_text_keeps_its_trailing_whitespace_out_of_its_tokens():
    """Arrow's whitespace split may read past the last string (apache/arrow#37757): the last
    text must split as every other one, whatever memory follows it."""
    batch = ["Ça va\x1f", "d\x90\té\x1f", "Ça va\x1f", "d\x90\té\x1f\xa0"]
    for size in range(1, 200):
        texts = batch * (size % 7 + 1) + ["x" * size + " é\x1f"]
        assert _sequences(texts) == [text.lower().split() for text in texts]


def test_char_ngrams_of_a_word_stay_inside_its_padding():
    assert ngrams.char_ngrams_of("ab", (2, 3)) == [" a", "ab", "b ", " ab", "ab "]
    assert ngrams.char_ngrams_of("a", (4, 5)) == []


@pytest.mark.parametrize("ngram_range", [(2, 5), (3, 5), (1, 1)], ids=["2-5", "3-5", "1-1"])
def test_char_counts_follow_the_one_gram_definition(ngram_range):
    np.testing.assert_array_equal(
        _char_counts(TEXTS, ngram_range), _char_reference(TEXTS, ngram_range)
    )


@pytest.mark.parametrize("ngram_range", [(1, 2), (1, 1), (2, 3)], ids=["1-2", "1-1", "2-3"])
def test_word_counts_follow_the_one_gram_definition(ngram_range):
    counts = ngrams.word_ngram_counts(ngrams.tokenize(TEXTS), ngram_range, N_FEATURES)

    np.testing.assert_array_equal(counts.toarray(), _word_reference(TEXTS, ngram_range))


def test_bigrams_do_not_cross_texts():
    one_by_one = [
        ngrams.word_ngram_counts(ngrams.tokenize([text]), (2, 2), N_FEATURES).toarray()[0]
        for text in ("alpha beta", "gamma delta")
    ]
    together = ngrams.word_ngram_counts(
        ngrams.tokenize(["alpha beta", "gamma delta"]), (2, 2), N_FEATURES
    )

    np.testing.assert_array_equal(together.toarray(), np.vstack(one_by_one))
    assert together.data.sum() == 2


# Unassigned code points are left out: Python's Unicode tables and Arrow's may be of different
# Unicode versions, and a character new in one is a letter there and unassigned here.
ASSIGNED = st.characters(exclude_categories=("Cn", "Cs"))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(ASSIGNED, max_size=40), min_size=1, max_size=6))
def test_counts_on_any_text(texts):
    np.testing.assert_array_equal(_char_counts(texts), _char_reference(texts))
    words = ngrams.word_ngram_counts(ngrams.tokenize(texts), (1, 2), N_FEATURES)
    np.testing.assert_array_equal(words.toarray(), _word_reference(texts))


def test_character_ngrams_counted_in_runs_are_those_counted_at_once(monkeypatch):
    """A chunk's distinct tokens are counted ``CHAR_BATCH`` characters at a time (a run ends
    after the token that crosses it); stacked, the runs are the matrix counted at once."""
    words = ngrams.tokenize(TEXTS * 2 + ["x" * 40]).distinct
    whole = ngrams.char_ngram_counts(words, (2, 5), N_FEATURES)
    monkeypatch.setattr(ngrams, "CHAR_BATCH", 10)
    runs = ngrams.char_ngram_batches(words, (2, 5), N_FEATURES)
    stacked = sparse_rows.stacked(runs)

    assert len(runs) > 5 and sum(run.shape[0] for run in runs) == len(words)
    for got, expected in zip(stacked[:3], whole[:3], strict=True):
        np.testing.assert_array_equal(got, expected)
    assert stacked.shape == whole.shape


@pytest.mark.parametrize("texts", [[], ["", " \n "]], ids=["no-texts", "no-words"])
def test_no_words(texts):
    tokens = ngrams.tokenize(texts)

    assert ngrams.word_ngram_counts(tokens, (1, 2), N_FEATURES).shape == (len(texts), N_FEATURES)
    assert ngrams.token_counts(tokens).nnz == 0
    assert ngrams.char_ngram_counts(tokens.distinct, (2, 5), N_FEATURES).nnz == 0


def _sentences(texts) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["d"] * len(texts),
            "source": ["s"] * len(texts),
            "sent_index": range(len(texts)),
            "text": texts,
        }
    )


@pytest.mark.parametrize(
    ("char_ngrams", "char_batch"),
    [((2, 5), ngrams.CHAR_BATCH), ((2, 5), 16), (None, ngrams.CHAR_BATCH)],
    ids=["with-chars", "with-chars-in-runs", "no-chars"],
)
def test_scores_are_the_matrix_times_the_weights(monkeypatch, char_ngrams, char_batch):
    monkeypatch.setattr(ngrams, "CHAR_BATCH", char_batch)
    train = _sentences(TEXTS * 3)
    features = SentenceFeatures(char_ngrams=char_ngrams, hash_bits=12)
    X = features.fit_transform(train)
    rng = np.random.default_rng(0)
    coef = rng.normal(size=(4, features.n_features)).astype(np.float32)
    intercept = rng.normal(size=4)
    batch = _sentences(["He said the plan was fine.", "Share this", "", *TEXTS])

    assert X.shape == (len(train), features.n_features)
    np.testing.assert_allclose(
        features.scores(batch, coef.T, intercept),
        linear_scores(features.transform(batch), coef, intercept),
        rtol=1e-9,
        atol=1e-9,
    )


def test_blocks_are_unit_length_and_cues_standardised():
    # No n-gram repeats within these (a repeat is a second entry: see the features docstring).
    texts = ["A minister said no.", "Advertisement", "She will not back down, he said.", ""]
    features = SentenceFeatures(hash_bits=12)
    X = features.fit_transform(_sentences(texts)).toarray()
    words, cues = X[:, : 2**12], X[:, -len(CUE_COLUMNS) :]

    np.testing.assert_allclose(np.linalg.norm(words, axis=1), [1.0, 1.0, 1.0, 0.0])
    np.testing.assert_allclose(cues.mean(axis=0), 0.0, atol=1e-9)


def test_every_ngram_column_of_a_sentence_has_a_name():
    text = "“We will not back down,” she said."
    features = SentenceFeatures(hash_bits=12)
    features.fit(_sentences(TEXTS))
    row = features.transform(_sentences([text]))
    names = features.feature_names(text)
    hashed = [column for column in row.indices if column < 2 * 2**12]

    assert all(column in names for column in hashed)
    assert any(name == 'word "she said"' for name in names.values())
    assert any(name == 'chars "said"' for name in names.values())
    assert names[2 * 2**12] == f"cue {CUE_COLUMNS[0]}"


def test_same_row_in_any_batch():
    """A sentence's features do not depend on which other sentences share its batch (context
    aside): the n-gram blocks of a row are the same alone and in a batch."""
    features = SentenceFeatures(hash_bits=12)
    features.fit(_sentences(TEXTS))
    n_text = 2 * 2**12
    alone = features.transform(_sentences([TEXTS[0]])).toarray()[0, :n_text]
    in_batch = features.transform(_sentences(TEXTS)).toarray()[0, :n_text]

    np.testing.assert_allclose(alone, in_batch)
    assert Counter(np.round(alone, 12)).most_common(1)[0][0] == 0.0


MARKUP_ROWS = ["t:a in:nav link:100", "t:p in:article c:post c:body", "", "t:p in:article c:post"]


def _page_sentences(markups) -> pd.DataFrame:
    sentences_df = _sentences(["Home", "He said the plan was fine.", "Plain text", "It rained."])
    sentences_df["markup"] = markups
    return sentences_df


def test_markup_block_scores_are_the_matrix_times_the_weights():
    features = SentenceFeatures(hash_bits=10, markup_bits=8)
    X = features.fit_transform(_page_sentences(MARKUP_ROWS))
    rng = np.random.default_rng(0)
    coef = rng.normal(size=(2, features.n_features))
    intercept = rng.normal(size=2)
    batch = _page_sentences(MARKUP_ROWS[::-1])

    assert X.shape[1] == features.n_features == 2 * 2**10 + 2**8 + len(CUE_COLUMNS)
    np.testing.assert_allclose(
        features.scores(batch, coef.T, intercept),
        linear_scores(features.transform(batch), coef, intercept),
        atol=1e-9,
    )


def test_markup_tokens_are_unit_length_and_absent_without_markup():
    features = SentenceFeatures(hash_bits=10, markup_bits=8)
    X = features.fit_transform(_page_sentences(MARKUP_ROWS)).toarray()
    markup = X[:, 2 * 2**10 : 2 * 2**10 + 2**8]
    text_only = features.transform(_sentences(["Home", "Plain text"])).toarray()

    np.testing.assert_allclose(np.linalg.norm(markup, axis=1), [1.0, 1.0, 0.0, 1.0])
    assert (markup[0] > 0).sum() == 3 and (markup[1] > 0).sum() == 4
    assert not text_only[:, 2 * 2**10 : 2 * 2**10 + 2**8].any()


def test_markup_tokens_have_names():
    features = SentenceFeatures(hash_bits=10, markup_bits=8)
    features.fit(_page_sentences(MARKUP_ROWS))
    names = features.feature_names("Home", "t:a in:nav link:100")

    assert {"markup t:a", "markup in:nav", "markup link:100"} <= set(names.values())


@pytest.mark.parametrize("markup", [False, True], ids=["text", "markup"])
def test_training_in_chunks_of_rows_builds_the_same_matrix_and_weights(monkeypatch, markup):
    """Training builds the matrix ``CHUNK_ROWS`` rows at a time; the idf weights, the cue
    scaling and every entry are those of building it at once, whatever the chunk size."""
    texts = [f"{text} row {i}" for i in range(5) for text in TEXTS]
    sentences_df = _sentences(texts)
    if markup:
        sentences_df["markup"] = (MARKUP_ROWS * len(texts))[: len(texts)]
    built = {}
    for rows in (3, 7, 10_000):
        monkeypatch.setattr(features_module, "CHUNK_ROWS", rows)
        features = SentenceFeatures(hash_bits=12, markup_bits=8 if markup else None)
        built[rows] = (features.fit_transform(sentences_df), features)
    whole, whole_features = built[10_000]
    for rows in (3, 7):
        matrix, features = built[rows]
        assert matrix.shape == whole.shape and matrix.nnz == whole.nnz
        np.testing.assert_allclose(matrix.toarray(), whole.toarray(), atol=1e-12)
        np.testing.assert_allclose(features.char_idf_, whole_features.char_idf_)
        np.testing.assert_allclose(features.word_idf_, whole_features.word_idf_)
        np.testing.assert_allclose(features.cue_scale_, whole_features.cue_scale_)
        np.testing.assert_allclose(
            features.transform(sentences_df).toarray(), whole.toarray(), atol=1e-12
        )
