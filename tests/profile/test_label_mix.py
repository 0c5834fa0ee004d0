"""The label mix estimated from the probabilities beside the labels, and its intervals."""

import numpy as np
import pandas as pd
import pytest

from classifier.profile.profiles import profile_sources
from classifier.schema import LABELS

ARTICLES = 20
SENTENCES = 10


def tagged(probabilities: np.ndarray, *, source: str = "Daily") -> pd.DataFrame:
    """``ARTICLES`` articles of ``SENTENCES`` sentences, each sentence with these probabilities
    (columns in ``LABELS`` order) and the most probable label."""
    rows = len(probabilities)
    frame = pd.DataFrame(
        {
            "doc_id": [str(i // SENTENCES) for i in range(rows)],
            "sent_index": [i % SENTENCES for i in range(rows)],
            "source": source,
            "text": [f"Sentence {i} of the article." for i in range(rows)],
            "label": np.asarray(LABELS, dtype=object)[probabilities.argmax(axis=1)],
        }
    )
    for i, label in enumerate(LABELS):
        frame[f"p_{label}"] = probabilities[:, i]
    return frame


def mix(rows: int, reporting: float, seed: int = 0) -> np.ndarray:
    """Sentences with probability ``reporting`` of reporting, the rest spread over opinion and
    quotation, varied a little per sentence."""
    rng = np.random.default_rng(seed)
    p_reporting = np.clip(reporting + rng.normal(0, 0.02, rows), 0.01, 0.99)
    rest = 1 - p_reporting
    return np.column_stack([np.zeros(rows), rest * 0.4, rest * 0.6, p_reporting])


def test_shares_are_the_probability_sums_and_the_counts_stay_counts():
    probabilities = mix(ARTICLES * SENTENCES, 0.6)
    profile = profile_sources(tagged(probabilities), resamples=200).iloc[0]
    assert profile["shares_from"] == "probabilities"
    assert profile["share_reporting"] == pytest.approx(probabilities[:, 3].mean(), abs=1e-4)
    assert profile["share_opinion"] == pytest.approx(probabilities[:, 1].mean(), abs=1e-4)
    # Every sentence's most probable label is reporting: counted, the mix would be all reporting.
    assert profile["n_reporting"] == ARTICLES * SENTENCES


def test_intervals_widen_when_the_tagger_is_less_certain():
    rows = ARTICLES * SENTENCES
    certain = np.tile([0.0, 0.02, 0.0, 0.98], (rows, 1))
    certain[::2] = [0.0, 0.98, 0.0, 0.02]  # half opinion, half reporting, both near-certain
    unsure = np.tile([0.0, 0.5, 0.0, 0.5], (rows, 1))  # the same mix, each sentence a toss-up
    width = {}
    for name, probabilities in (("certain", certain), ("unsure", unsure)):
        profile = profile_sources(tagged(probabilities), resamples=500).iloc[0]
        assert profile["share_opinion"] == pytest.approx(0.5, abs=1e-4)
        width[name] = profile["share_opinion_high"] - profile["share_opinion_low"]
    # Articles do not vary at all here; what is left is the tagger's uncertainty, which grows as
    # the square root of the summed p(1 - p): 50 against 3.92, a ratio of about 3.6.
    assert 0 < width["certain"] < 0.06
    assert width["unsure"] > 2.5 * width["certain"] and width["unsure"] > 0.1


def test_a_file_without_probabilities_counts_its_labels():
    probabilities = mix(ARTICLES * SENTENCES, 0.6)
    frame = tagged(probabilities).drop(columns=[f"p_{label}" for label in LABELS])
    profile = profile_sources(frame, resamples=200).iloc[0]
    assert profile["shares_from"] == "labels"
    assert profile["share_reporting"] == 1.0
    # Without the tagger's uncertainty and with articles all alike, the interval is a point.
    assert profile["share_reporting_low"] == profile["share_reporting_high"] == 1.0


def test_a_row_without_probabilities_makes_the_whole_file_count_labels():
    frame = tagged(mix(ARTICLES * SENTENCES, 0.6))
    frame.loc[3, "p_reporting"] = np.nan
    assert profile_sources(frame, resamples=50).iloc[0]["shares_from"] == "labels"
