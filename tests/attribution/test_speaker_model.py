"""The learned scorer: trained on a tiny inline corpus, saved as arrays and loaded back."""

import numpy as np
import pytest

from classifier.attribution import SpeakerModel, fit_speaker_model, read_attribution
from classifier.errors import ModelError, TrainingError

CORPUS = [
    ('"The pier is unsafe," Nora Vell said.', "Nora Vell", "said"),
    ('"We need more buses," said Tomas Brik.', "Tomas Brik", "said"),
    ("The harbour authority said the ferry would resume.", "The harbour authority", "said"),
    ("According to a senior engineer, the crack is old.", "a senior engineer", "According to"),
    ('"Nothing was stolen," he told reporters.', "he", "told"),
    ("Lena Ostrova warned that the dam could fail.", "Lena Ostrova", "warned"),
    ('"It is a scandal."', "", ""),
    ("It would cost millions, the report said.", "the report", "said"),
    ('"I saw the smoke first," said a neighbour.', "a neighbour", "said"),
    ("Council leader Jan Mott said the vote was fair.", "Council leader Jan Mott", "said"),
    # Sentences that name no speaker teach the threshold that "none" happens.
    ("Everyone left the hall early.", "", ""),
    ("The bridge opened in May.", "", ""),
]
PROBES = [
    '"The road is closed," Ilse Varga said.',
    "The water company said supplies were normal.",
    '"We will appeal," she said.',
    "Nobody expected the storm.",
]


@pytest.fixture(scope="module")
def model():
    texts, speakers, cues = zip(*CORPUS, strict=True)
    return fit_speaker_model(list(texts) * 3, list(speakers) * 3, list(cues) * 3)


def test_learns_to_read_speakers(model):
    assert read_attribution(PROBES[0], model).speaker == "Ilse Varga"
    assert read_attribution(PROBES[3], model).kind == "none"


def test_save_then_load_predicts_the_same(model):
    arrays = model.to_arrays()
    assert all(isinstance(array, np.ndarray) for array in arrays.values())
    assert all(array.dtype != object for array in arrays.values())
    loaded = SpeakerModel.from_arrays(arrays)
    assert [read_attribution(text, loaded) for text in PROBES] == [
        read_attribution(text, model) for text in PROBES
    ]


def test_npz_round_trip(model, tmp_path):
    path = tmp_path / "speakers.npz"
    np.savez(path, **model.to_arrays())
    with np.load(path, allow_pickle=False) as saved:
        loaded = SpeakerModel.from_arrays(dict(saved))
    assert loaded.weights == model.weights and loaded.cue_words == model.cue_words


def test_refuses_incomplete_arrays(model):
    arrays = model.to_arrays()
    del arrays["weights"]
    with pytest.raises(ModelError, match="missing arrays weights"):
        SpeakerModel.from_arrays(arrays)


def test_refuses_mismatched_training_columns():
    with pytest.raises(TrainingError, match="2 texts, 1 speakers"):
        fit_speaker_model(["a", "b"], ["x"], ["said", "said"])
