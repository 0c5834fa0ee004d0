import numpy as np
import pandas as pd
import pytest

from classifier.cli import main
from classifier.model.share_calibration import ShareCalibration, fit_share_calibration, identity
from classifier.model.store import load_model

from ..conftest import SEED_LABELS, SEEDS

TRUE_MIX = np.array([0.7, 0.2, 0.1])


def balanced_tagger_outputs(rng, n, mix=TRUE_MIX):
    """What a class-balanced tagger says of ``n`` sentences drawn from ``mix``: informative
    scores, plus a bias toward the rare labels (as balancing gives), so that its probabilities
    over-state them."""
    truth = rng.choice(len(mix), size=n, p=mix)
    scores = rng.normal(0.0, 1.0, size=(n, len(mix)))
    scores[np.arange(n), truth] += 2.0
    scores += np.log(1.0 / mix) - np.log(1.0 / mix).mean()  # balancing lifts rare labels
    probabilities = np.exp(scores)
    return probabilities / probabilities.sum(axis=1, keepdims=True), truth


def test_recalibrated_probabilities_sum_to_the_true_mix_where_the_raw_ones_do_not():
    rng = np.random.default_rng(0)
    held_out, truth = balanced_tagger_outputs(rng, 20_000)
    calibration = fit_share_calibration(held_out, truth)
    fresh, fresh_truth = balanced_tagger_outputs(rng, 20_000)
    true_mix = np.bincount(fresh_truth, minlength=3) / len(fresh_truth)
    raw_error = np.abs(fresh.mean(axis=0) - true_mix).max()
    calibrated_error = np.abs(calibration.apply(fresh).mean(axis=0) - true_mix).max()
    assert raw_error > 0.05  # the biased tagger over-states the rare labels by points
    assert calibrated_error < 0.01
    # The rare labels are pulled down, the common one up.
    assert calibration.bias[0] > calibration.bias[1] > calibration.bias[2]


def test_calibration_keeps_rows_summing_to_one_and_the_identity_changes_nothing():
    rng = np.random.default_rng(1)
    probabilities, truth = balanced_tagger_outputs(rng, 2_000)
    calibrated = fit_share_calibration(probabilities, truth).apply(probabilities)
    assert calibrated.sum(axis=1) == pytest.approx(np.ones(len(calibrated)))
    assert identity(3).apply(probabilities) is probabilities
    assert identity(3).is_identity


def test_a_label_that_a_fold_never_saw_does_not_break_the_fit():
    probabilities = np.array([[0.9, 0.1, 0.0], [0.2, 0.8, 0.0], [0.6, 0.4, 0.0]] * 50)
    truth = np.array([0, 1, 0] * 50)
    calibration = fit_share_calibration(probabilities, truth)
    assert np.isfinite(calibration.scale) and all(np.isfinite(calibration.bias))


def test_card_round_trip():
    calibration = ShareCalibration(0.8, (0.5, -0.25, -0.25))
    classes = ["opinion", "quotation", "reporting"]
    assert ShareCalibration.from_card(calibration.to_card(classes), classes) == calibration
    assert ShareCalibration.from_card(None, classes).is_identity


def test_train_fits_the_calibration_and_tag_writes_recalibrated_probabilities(tmp_path):
    model_path = tmp_path / "model"
    assert main(["train", "--labels", str(SEED_LABELS), "--output", str(model_path)]) == 0
    model, card = load_model(model_path)
    assert not model.share_calibration_.is_identity
    assert set(card["share_calibration"]["bias"]) == set(card["labels"])
    tagged = tmp_path / "tagged.jsonl"
    assert main(["tag", str(SEEDS), "--model", str(model_path), "--output", str(tagged)]) == 0
    rows = pd.read_json(tagged, lines=True)
    raw = model.predict_proba(rows)
    columns = [f"p_{label}" for label in model.classes_]
    written = rows[columns].to_numpy()
    assert written == pytest.approx(model.share_calibration_.apply(raw), abs=1e-6)
    # The label is still the tagger's decision; confidence is its recalibrated probability.
    assert list(rows["label"]) == list(model.classes_[raw.argmax(axis=1)])
    chosen = [columns.index(f"p_{label}") for label in rows["label"]]
    assert rows["confidence"].to_numpy() == pytest.approx(written[np.arange(len(rows)), chosen])
