"""What to label next: the pool of unlabelled sentences and the order of ``next_batch``."""

import numpy as np
import pandas as pd
import pytest

from classifier.labelling.order import (
    RARE_EVERY,
    margins,
    next_batch,
    sentence_keys,
    unlabelled_positions,
)

# Eight sentences with no words in common, so the near-duplicate guard never fires among them.
DISTINCT = pd.Series(
    [
        "Ministers met on Tuesday.",
        "Prices rose sharply overnight.",
        "“We will not retreat,” she said.",
        "Subscribe to our newsletter",
        "This policy is a disgrace.",
        "Rain flooded three villages.",
        "Read more",
        "Analysts expect growth next year.",
    ]
)


def two_class(margin_of_each: list[float]) -> np.ndarray:
    """Probabilities over two classes whose margin (top minus runner-up) is as given."""
    top = (1 + np.asarray(margin_of_each)) / 2
    return np.column_stack([top, 1 - top])


@pytest.mark.parametrize(
    ("probabilities", "expected"),
    [
        ([[0.5, 0.5]], [0.0]),
        ([[0.7, 0.2, 0.1]], [0.5]),
        ([[0.1, 0.3, 0.6]], [0.3]),
        ([[0.25, 0.25, 0.25, 0.25]], [0.0]),
        ([[1.0, 0.0], [0.4, 0.6]], [1.0, 0.2]),
    ],
    ids=["tie", "first-best", "last-best", "uniform", "two-rows"],
)
def test_margins_are_top_minus_runner_up(probabilities, expected):
    np.testing.assert_allclose(margins(np.array(probabilities)), expected)


def test_margins_with_one_class_are_all_certain():
    np.testing.assert_array_equal(margins(np.array([[1.0], [1.0]])), [1.0, 1.0])


def test_sentence_keys_combine_doc_and_sentence():
    frame = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_index": [0, "1", 0.0]})
    assert list(sentence_keys(frame)) == ["a\x1f0", "a\x1f1", "b\x1f0"]


SENTENCES = pd.DataFrame(
    {
        "doc_id": ["a", "a", "a", "b", "b"],
        "sent_index": [0, 1, 2, 0, 1],
        "text": ["A0.", "A1.", "A2.", "B0.", "B1."],
    }
)


@pytest.mark.parametrize(
    ("labels_df", "expected"),
    [
        (None, [0, 1, 2, 3, 4]),
        (pd.DataFrame(columns=["doc_id", "sent_index", "label"]), [0, 1, 2, 3, 4]),
        (pd.DataFrame({"doc_id": ["a", "b"], "sent_index": [1, 0]}), [0, 2, 4]),
        # Sentence 2 of another article is not sentence 2 of "a"; "b" 1 as text still matches.
        (pd.DataFrame({"doc_id": ["c", "b"], "sent_index": [2, "1"]}), [0, 1, 2, 3]),
        (SENTENCES, []),
    ],
    ids=["no-labels", "empty-labels", "some", "keys-not-positions", "all"],
)
def test_unlabelled_positions(labels_df, expected):
    assert list(unlabelled_positions(SENTENCES, labels_df)) == expected


def test_sequential_is_sorted_positions():
    assert next_batch(np.array([6, 2, 0, 5, 3]), order="sequential", texts=DISTINCT) == [
        0,
        2,
        3,
        5,
        6,
    ]


def test_random_is_a_permutation_deterministic_per_seed():
    candidates = np.arange(len(DISTINCT))
    first = next_batch(candidates, order="random", texts=DISTINCT, seed=7)
    assert sorted(first) == list(candidates)
    assert next_batch(candidates, order="random", texts=DISTINCT, seed=7) == first
    others = {tuple(next_batch(candidates, order="random", texts=DISTINCT, seed=s)) for s in (1, 2)}
    assert tuple(first) not in others


def test_uncertain_is_smallest_margin_first():
    # Margins by position:   0     1     2     3     4     5     6     7
    probabilities = two_class([0.9, 0.1, 0.5, 0.0, 0.7, 0.3, 0.2, 0.8])
    order = next_batch(np.arange(8), order="uncertain", texts=DISTINCT, probabilities=probabilities)
    assert order == [3, 1, 6, 5, 2, 4, 7, 0]


def test_uncertain_ranks_only_the_candidates():
    probabilities = two_class([0.9, 0.1, 0.5, 0.0, 0.7, 0.3, 0.2, 0.8])
    order = next_batch(
        np.array([0, 2, 4, 7]), order="uncertain", texts=DISTINCT, probabilities=probabilities
    )
    assert order == [2, 4, 7, 0]


NEAR = pd.Series(
    [
        "The minister met the unions on Tuesday in Paris.",
        "The minister met the unions on Tuesday in Paris again.",  # Jaccard 8/9 with 0
        "Prices rose sharply overnight.",
        "Rain flooded three villages.",
    ]
)


def test_near_duplicate_of_a_pick_waits_but_still_comes():
    probabilities = two_class([0.0, 0.1, 0.2, 0.3])  # without the guard: 0, 1, 2, 3
    order = next_batch(np.arange(4), order="uncertain", texts=NEAR, probabilities=probabilities)
    assert order == [0, 2, 3, 1]


def test_near_duplicate_of_a_recently_shown_sentence_waits():
    probabilities = two_class([0.0, 0.1, 0.2, 0.3])
    order = next_batch(
        np.array([1, 2, 3]),
        order="uncertain",
        texts=NEAR,
        probabilities=probabilities,
        recent_texts=[NEAR[0]],
    )
    assert order == [2, 3, 1]


RARE_TEXTS = pd.Series([f"word{i}a word{i}b word{i}c" for i in range(10)])


def test_every_fourth_pick_is_from_the_rarest_label():
    classes = ["opinion", "reporting"]
    # 0-7 look like reporting, most uncertain first; 8 and 9 look like opinion, 9 the most.
    probabilities = np.array(
        [[0.45 - 0.05 * i, 0.55 + 0.05 * i] for i in range(8)] + [[0.8, 0.2], [0.9, 0.1]]
    )
    order = next_batch(
        np.arange(10),
        order="uncertain",
        texts=RARE_TEXTS,
        probabilities=probabilities,
        classes=classes,
        label_counts={"reporting": 12, "opinion": 1},
    )
    assert RARE_EVERY == 4
    # Picks 0 and 4 are the sentences likeliest to be opinion (9, then 8); the rest by margin.
    assert order == [9, 0, 1, 2, 8, 3, 4, 5, 6, 7]


def test_a_label_never_given_is_the_rarest():
    classes = ["opinion", "reporting"]
    probabilities = np.array([[0.45, 0.55], [0.4, 0.6], [0.9, 0.1]])
    order = next_batch(
        np.arange(3),
        order="uncertain",
        texts=RARE_TEXTS,
        probabilities=probabilities,
        classes=classes,
        label_counts={"reporting": 3},
    )
    assert order == [2, 0, 1]


def test_without_candidates_of_the_rarest_label_order_is_by_margin():
    classes = ["opinion", "reporting"]
    probabilities = np.array([[0.3, 0.7], [0.45, 0.55], [0.1, 0.9], [0.4, 0.6]])
    order = next_batch(
        np.arange(4),
        order="uncertain",
        texts=RARE_TEXTS,
        probabilities=probabilities,
        classes=classes,
        label_counts={"reporting": 9, "opinion": 0},
    )
    assert order == [1, 3, 0, 2]


@pytest.mark.parametrize(
    ("order", "expected"),
    [("sequential", [0, 1, 2]), ("uncertain", [3, 1, 6]), ("random", None)],
    ids=["sequential", "uncertain", "random"],
)
def test_size_is_respected(order, expected):
    probabilities = two_class([0.9, 0.1, 0.5, 0.0, 0.7, 0.3, 0.2, 0.8])
    batch = next_batch(
        np.arange(8), order=order, texts=DISTINCT, probabilities=probabilities, size=3
    )
    assert len(batch) == 3
    if expected is not None:
        assert batch == expected


def test_mixed_alternates_uncertain_and_random_picks():
    # Margins by position:   0     1     2     3     4     5     6     7
    probabilities = two_class([0.9, 0.1, 0.5, 0.0, 0.7, 0.3, 0.2, 0.8])
    batch = next_batch(
        np.arange(8), order="mixed", texts=DISTINCT, probabilities=probabilities, seed=3
    )
    assert sorted(batch) == list(range(8))  # every candidate once
    drawn = next_batch(np.arange(8), order="random", texts=DISTINCT, seed=3)[: len(batch) // 2]
    assert batch[1::2] == drawn  # every second pick is the seeded random draw
    rest = [p for p in [3, 1, 6, 5, 2, 4, 7, 0] if p not in drawn]
    assert batch[0::2] == rest  # the others by smallest margin, as ``uncertain`` ranks them


def test_mixed_without_a_model_is_random():
    assert next_batch(np.arange(8), order="mixed", texts=DISTINCT, seed=5) == next_batch(
        np.arange(8), order="random", texts=DISTINCT, seed=5
    )


@pytest.mark.parametrize("order", ["sequential", "uncertain", "mixed", "random"])
def test_no_candidates_give_an_empty_batch(order):
    empty = np.array([], dtype=np.int64)
    assert next_batch(empty, order=order, texts=DISTINCT, probabilities=two_class([])) == []


def test_unknown_order_is_refused():
    with pytest.raises(ValueError, match=r"^unknown order 'hardest'; expected one of "):
        next_batch(np.arange(2), order="hardest", texts=DISTINCT)


def test_uncertain_without_probabilities_is_refused():
    with pytest.raises(ValueError, match=r"^order 'uncertain' needs the model's probabilities$"):
        next_batch(np.arange(2), order="uncertain", texts=DISTINCT)
