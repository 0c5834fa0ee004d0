"""Document layout when a labels file holds only some sentences of each article."""

import numpy as np
import pandas as pd

from classifier.context import NEIGHBOUR_GAP, DocumentLayout
from classifier.tagger import build_pipeline


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
