import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier.inputs.labels import read_label_file
from classifier.model.context import CONTEXT_NAMES
from classifier.model.train import train
from classifier.schema import LABELS, TAGGED_COLUMNS
from classifier.tagging.tag import tag_sentences, tag_text

from ..conftest import SEED_LABELS


@pytest.fixture(scope="module")
def model():
    return train(read_label_file(SEED_LABELS), cv=0)[0]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.text(min_size=1, max_size=60)),
        min_size=1,
        max_size=12,
    )
)
def test_one_row_per_input_in_order(model, rows):
    sentences = pd.DataFrame(
        {
            "doc_id": [doc for doc, _ in rows],
            "sent_index": range(len(rows)),
            "source": "s",
            "text": [text for _, text in rows],
        }
    ).sample(frac=1, random_state=0)
    tagged = tag_sentences(model, sentences)
    assert list(tagged["text"]) == list(sentences["text"])
    assert list(tagged.columns[: len(TAGGED_COLUMNS)]) == list(TAGGED_COLUMNS)
    assert set(tagged["label"]) <= set(LABELS)
    probabilities = tagged[[f"p_{label}" for label in LABELS]].sum(axis=1)
    assert probabilities.to_numpy() == pytest.approx(1.0)


def test_empty_input(model):
    empty = pd.DataFrame(columns=["doc_id", "sent_index", "source", "text"])
    assert tag_sentences(model, empty).empty


def test_tag_text_offsets(model):
    text = "Logo\n\n“We must talk,” Putin stressed. Share this article\n"
    tagged = tag_text(model, text, source="x")
    assert [text[s:e] for s, e in zip(tagged["start"], tagged["end"], strict=True)] == list(
        tagged["text"]
    )
    assert list(tagged["source"]) == ["x"] * 3


def test_seed_model_learns_the_obvious(model):
    """Trained on the seeds, clear cases come out right (a sanity check, not a benchmark)."""
    tagged = tag_text(model, "Advertisement\n\n“We will act,” the minister said.\n")
    assert list(tagged["label"]) == ["boilerplate", "quotation"]


def test_seed_model_gives_document_context_no_weight(model):
    """The seeds are too few articles to learn where a sentence sits from."""
    assert model.context_ is None
    context_weights = model.sentence_coef_[:, -len(CONTEXT_NAMES) :]
    assert np.count_nonzero(context_weights) == 0
    assert np.count_nonzero(model.sentence_coef_[:, : -len(CONTEXT_NAMES)]) > 0
