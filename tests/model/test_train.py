"""``train``: the card's scores come from the folds the context stage is stacked on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from classifier.model.train import TRAIN_FOLDS, train

ARTICLES = 30
SENTENCES = 6


def random_labels(seed: int = 0) -> pd.DataFrame:
    """Articles of made-up words with labels drawn at random: nothing to learn, everything to
    memorise (each sentence has words of its own)."""
    rng = np.random.default_rng(seed)
    rows = []
    for article in range(ARTICLES):
        for index in range(SENTENCES):
            words = " ".join(f"w{rng.integers(100_000)}" for _ in range(8))
            label = rng.choice(["quotation", "reporting"])
            rows.append((f"a{article}", index, f"s{article % 3}", words + ".", label))
    return pd.DataFrame(rows, columns=["doc_id", "sent_index", "source", "text", "label"])


def test_the_cards_scores_are_of_documents_the_model_never_saw():
    labels_df = random_labels()
    model, card = train(labels_df)
    scores = card["cross_validation"]
    sentence_stage = model.stage_inputs(labels_df)[1]
    in_sample = np.mean(model.classes_[sentence_stage.argmax(axis=1)] == labels_df["label"])

    assert scores["folds"] == TRAIN_FOLDS and scores["group_by"] == "doc"
    assert scores["sentences"] == len(labels_df)
    assert in_sample > 0.9  # the sentence stage memorised its training sentences
    assert 0.3 < scores["accuracy"] < 0.65  # held out, they are chance (in sample: 0.07)


@pytest.mark.parametrize("group_by", ["doc", "source"])
def test_cv_folds_and_grouping_reach_the_card(group_by):
    model, card = train(random_labels(1), cv=2, group_by=group_by)
    assert card["cross_validation"]["folds"] == 2
    assert card["cross_validation"]["group_by"] == group_by
    assert not hasattr(model, "out_of_fold_") or model.out_of_fold_ is None


def test_no_cv_gives_no_scores_and_no_recalibration():
    model, card = train(random_labels(2), cv=0)
    assert card["cross_validation"] is None
    assert model.share_calibration_.is_identity


def test_fits_side_by_side_give_the_model_fitted_one_after_another():
    labels_df = random_labels(3)
    one, card_one = train(labels_df, jobs=1)
    side_by_side, card_three = train(labels_df, jobs=3)
    assert one.context_ is not None  # both stages fitted, each with its folds
    np.testing.assert_array_equal(one.sentence_coef_, side_by_side.sentence_coef_)
    np.testing.assert_array_equal(one.context_.coef_, side_by_side.context_.coef_)
    assert one.context_.temperature_ == side_by_side.context_.temperature_
    assert card_one["cross_validation"] == card_three["cross_validation"]
