"""Document layout: scattered labels, input order, a shared layout and the order of documents."""

import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.model.context import (
    CONTEXT_NAMES,
    NEIGHBOUR_GAP,
    DocumentLayout,
    context_matrix,
    neighbour_matrix,
)
from classifier.model.cues import cue_matrix
from classifier.model.tagger import build_pipeline


def sentences(indices, doc_id="a"):
    return pd.DataFrame(
        {
            "doc_id": doc_id,
            "source": "s",
            "sent_index": indices,
            "text": [f"Sentence {i} says something." for i in indices],
        }
    )


def test_neighbour_is_absent_when_the_rows_skip_far():
    gap = NEIGHBOUR_GAP + 1
    layout = DocumentLayout(sentences([0, 1, 1 + gap]))
    values = np.array([[10.0], [11.0], [12.0]])
    after, exists = layout.shifted(values, 1)
    # 0 -> 1 is adjacent; 1 -> 1 + gap is too far to be its neighbour; the last has none.
    assert exists.tolist() == [True, False, False]
    assert after[:, 0].tolist() == [11.0, 0.0, 0.0]


def test_a_dropped_sentence_or_two_still_leaves_a_neighbour():
    layout = DocumentLayout(sentences([0, NEIGHBOUR_GAP, NEIGHBOUR_GAP + 1]))
    _, exists = layout.shifted(np.zeros((3, 1)), 1)
    assert exists.tolist() == [True, True, False]


def test_positions_come_from_sent_index():
    layout = DocumentLayout(sentences([2, 10, 20]))
    assert layout.position.tolist() == [0, 8, 18]
    assert layout.size.tolist() == [19, 19, 19]
    assert layout.count.tolist() == [3, 3, 3]


def test_scattered_labels_train_no_context_stage():
    labels = ["reporting", "quotation"]
    whole, scattered = [], []
    for article in range(24):
        whole.append(sentences(list(range(4)), doc_id=f"w{article}"))
        scattered.append(sentences([0, 9, 18, 27], doc_id=f"s{article}"))
    for frames, expect_context in ((whole, True), (scattered, False)):
        sentences_df = pd.concat(frames, ignore_index=True)
        y = [labels[i % 2] for i in range(len(sentences_df))]
        model = build_pipeline().fit(sentences_df, y)
        assert (model.context_ is not None) is expect_context


# --- input order, a layout built once, and the order of documents ------------------------------

TEXTS = [
    '"We must talk about the border," Putin said on Thursday.',
    '"The talks will go on for as long as they have to.',
    "Both sides want a ceasefire before the winter comes.",
    "Share this story",
    "share\u2003this\u00a0story ",
    "Advertisement",
    "The ministers met in Ankara for three hours and agreed to meet again in May.",
    "Read more",
]


def articles(seed, documents=6):
    """Sentences of a few articles in order, some with a sentence or two dropped."""
    rng = np.random.default_rng(seed)
    frames = []
    for number in range(documents):
        indices = sorted(rng.choice(12, size=int(rng.integers(1, 10)), replace=False).tolist())
        frame = sentences(indices, doc_id=f"d{number}")
        frame["source"] = ["s", "t"][number % 2]
        frame["text"] = rng.choice(TEXTS, size=len(indices))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


@settings(deadline=None, max_examples=40)
@given(st.integers(0, 10_000))
def test_context_rows_follow_the_input_order_whatever_it_is(seed):
    frame = articles(seed)
    cues = cue_matrix(frame["text"])
    probabilities = np.random.default_rng(seed).dirichlet(np.ones(4), len(frame))
    in_order = context_matrix(frame, cues)
    neighbours = neighbour_matrix(frame, probabilities, window=2)
    shuffle = np.random.default_rng(seed + 1).permutation(len(frame))
    shuffled = frame.iloc[shuffle].reset_index(drop=True)
    np.testing.assert_array_equal(context_matrix(shuffled, cues[shuffle]), in_order[shuffle])
    np.testing.assert_array_equal(
        neighbour_matrix(shuffled, probabilities[shuffle], window=2), neighbours[shuffle]
    )


def test_a_layout_passed_in_gives_what_one_built_inside_gives():
    frame = articles(seed=3).sample(frac=1.0, random_state=0).reset_index(drop=True)
    cues = cue_matrix(frame["text"])
    probabilities = np.random.default_rng(0).dirichlet(np.ones(4), len(frame))
    layout = DocumentLayout(frame)
    np.testing.assert_array_equal(
        context_matrix(frame, cues, layout=layout), context_matrix(frame, cues)
    )
    np.testing.assert_array_equal(
        neighbour_matrix(frame, probabilities, 3, layout=layout),
        neighbour_matrix(frame, probabilities, 3),
    )


def test_a_layout_of_other_rows_is_refused():
    frame = articles(seed=4)
    with pytest.raises(ValueError, match="rows"):
        context_matrix(frame, cue_matrix(frame["text"]), layout=DocumentLayout(frame.iloc[1:]))


@pytest.mark.parametrize(
    ("sources", "doc_ids"),
    [
        (["s"] * 6, [2, 10, 1, 2, 10, 1]),  # numbers sort as text: "10" before "2"
        (["a", "ab", "a b", "a", "ab", "a b"], ["x"] * 6),
        (["a", "a\x01", "a", "a\x01", "b", "a"], ["y", "x", "x", "y", "x", "z"]),
        (["a\x1fb", "a", "a", "a\x1fb", "a", "a"], ["c", "b\x1fc", "b", "c", "b\x1fc", "b"]),
    ],
    ids=["numeric-doc-ids", "source-prefixes", "control-character", "separator-inside"],
)
def test_documents_are_ordered_and_told_apart_by_their_key(sources, doc_ids):
    frame = pd.DataFrame(
        {"doc_id": doc_ids, "source": sources, "sent_index": [1, 0, 0, 0, 1, 1], "text": "x"}
    )
    pairs = zip(sources, doc_ids, strict=True)
    keys = np.array([f"{source}\x1f{doc_id}" for source, doc_id in pairs])
    layout = DocumentLayout(frame)
    np.testing.assert_array_equal(layout.order, np.lexsort((frame["sent_index"], keys)))
    np.testing.assert_array_equal(layout.key, keys[layout.order])
    np.testing.assert_array_equal(
        layout.doc_number, np.unique(keys, return_inverse=True)[1][layout.order]
    )


def test_repeated_text_ignores_case_and_any_white_space():
    frame = sentences([0, 1, 2])
    frame["text"] = ["Share this story", "share\u2003this\u00a0story\u2028", "Share thisstory"]
    features = context_matrix(frame, cue_matrix(frame["text"]))
    repeated = features[:, CONTEXT_NAMES.index("repeated_in_article")]
    assert repeated.tolist() == [0.0, 1.0, 0.0]


def test_white_space_is_spelled_out_up_to_the_last_code_point():
    assert not any(chr(c).isspace() for c in range(0x3001, sys.maxunicode + 1))


def test_window_means_average_only_the_sentences_of_the_document():
    frame = pd.concat([sentences([0, 1, 2], doc_id="a"), sentences([0], doc_id="b")])
    frame["text"] = ["Logo", TEXTS[6], TEXTS[6], "Menu"]
    features = context_matrix(frame, cue_matrix(frame["text"]))
    short_nearby = features[:, CONTEXT_NAMES.index("short_lines_nearby")]
    np.testing.assert_allclose(short_nearby, [1 / 3, 1 / 3, 1 / 3, 1.0])
    probabilities = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [0.5, 0.5]])
    nearby = neighbour_matrix(frame, probabilities, window=1)[:, -5:-3]
    np.testing.assert_allclose(nearby, [[1 / 3, 2 / 3]] * 3 + [[0.5, 0.5]])


def test_layout_of_no_rows_is_empty():
    layout = DocumentLayout(sentences([]))

    assert len(layout.order) == len(layout.size) == len(layout.rank) == 0
    assert context_matrix(sentences([]), cue_matrix([]), layout=layout).shape == (
        0,
        len(CONTEXT_NAMES),
    )
