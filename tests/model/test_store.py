import json
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier.errors import OutputExistsError
from classifier.inputs.labels import read_label_file
from classifier.model.store import load_model, save_model
from classifier.model.train import train

from ..conftest import SEED_LABELS


@pytest.fixture(scope="module")
def trained():
    labels_df = read_label_file(SEED_LABELS)
    model, card = train(labels_df, cv=0)
    return labels_df, model, card


def test_round_trip_predicts_identically(tmp_path, trained):
    labels_df, model, card = trained
    save_model(model, card, tmp_path / "m")
    loaded, loaded_card = load_model(tmp_path / "m")
    assert loaded_card["labels"] == card["labels"]
    np.testing.assert_array_equal(loaded.predict_proba(labels_df), model.predict_proba(labels_df))
    assert list(loaded.predict(labels_df)) == list(model.predict(labels_df))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(st.text(min_size=1, max_size=80), min_size=1, max_size=6))
def test_round_trip_on_any_text(tmp_path_factory, trained, texts):
    _labels_df, model, card = trained
    path = tmp_path_factory.mktemp("rt") / "m"
    save_model(model, card, path)
    loaded, _ = load_model(path)
    sentences = pd.DataFrame(
        {"doc_id": "d", "sent_index": range(len(texts)), "source": "s", "text": texts}
    )
    np.testing.assert_array_equal(loaded.predict_proba(sentences), model.predict_proba(sentences))


def test_save_refuses_existing_folder(tmp_path, trained):
    _labels_df, model, card = trained
    (tmp_path / "m").mkdir()
    with pytest.raises(OutputExistsError, match="already exists; pass --force"):
        save_model(model, card, tmp_path / "m")


def test_saved_model_holds_no_pickle(tmp_path, trained):
    _labels_df, model, card = trained
    save_model(model, card, tmp_path / "m")
    with np.load(tmp_path / "m" / "weights.npz", allow_pickle=False) as weights:
        assert all(weights[name].dtype != object for name in weights.files)
    saved_card = json.loads((tmp_path / "m" / "card.json").read_text())
    assert saved_card["format"] == "classifier-arrays-3"
    assert saved_card["settings"]["hash_bits"] > 0


def test_context_stage_round_trip(tmp_path):
    """With enough multi-sentence articles the context stage is trained, saved and reloaded."""
    labels_df = read_label_file(SEED_LABELS)
    labels_df["doc_id"] = labels_df["doc_id"] + "-" + (labels_df["sent_index"] // 4).astype(str)
    labels_df["sent_index"] = labels_df["sent_index"] % 4
    model, card = train(labels_df, cv=0)
    assert card["context_stage"] is True and model.context_ is not None
    save_model(model, card, tmp_path / "m")
    loaded, _ = load_model(tmp_path / "m")
    np.testing.assert_array_equal(loaded.predict_proba(labels_df), model.predict_proba(labels_df))


def test_a_pickled_model_leaves_its_laid_out_weights_behind_and_predicts_the_same(trained):
    labels_df, model, _card = trained
    expected = model.predict_proba(labels_df)  # lays the weights out
    copy = pickle.loads(pickle.dumps(model))

    assert "_sentence_weights" in vars(model) and "_sentence_weights" not in vars(copy)
    np.testing.assert_array_equal(copy.predict_proba(labels_df), expected)
