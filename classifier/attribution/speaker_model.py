"""The learned part of the speaker reader: one weight per candidate feature, and its cue words."""

from __future__ import annotations

import numpy as np

from ..errors import ModelError
from .lexicon import REPORTING_VERBS

ARRAY_NAMES = ("features", "weights", "bias", "cue_words", "threshold")
_ZEROS = (0.0,) * 64  # defaults for dict.get over a candidate's features, mapped in C


class SpeakerModel:
    """Scores speaker candidates with a linear model over their feature strings.

    ``weights`` maps a feature string to its weight; a candidate's score is ``bias`` plus the
    weights of its features, and the best candidate is the speaker when its score is above
    ``threshold``. ``cue_words`` are the words that may be a cue (the lexicon and learned ones).
    """

    def __init__(
        self,
        *,
        weights: dict[str, float],
        bias: float,
        cue_words: frozenset[str] = REPORTING_VERBS,
        threshold: float = 0.0,
    ):
        self.weights = weights
        self.bias = bias
        self.cue_words = cue_words
        self.threshold = threshold

    def score(self, features: list[str]) -> float:
        """The candidate's score (a logit): above ``threshold`` it may be the speaker."""
        return self.bias + sum(map(self.weights.get, features, _ZEROS))

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The model as plain arrays, for an ``.npz`` file (no pickled objects)."""
        return {
            "features": np.array(list(self.weights), dtype=str),
            "weights": np.array(list(self.weights.values()), dtype=np.float64),
            "bias": np.array([self.bias], dtype=np.float64),
            "cue_words": np.array(sorted(self.cue_words), dtype=str),
            "threshold": np.array([self.threshold], dtype=np.float64),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> SpeakerModel:
        """The model that ``to_arrays`` saved."""
        missing = [name for name in ARRAY_NAMES if name not in arrays]
        if missing:
            raise ModelError(
                f"speaker model: missing arrays {', '.join(missing)}; retrain the model"
            )
        features, weights = arrays["features"], arrays["weights"]
        if features.shape != weights.shape:
            raise ModelError(
                f"speaker model: {features.size} features but {weights.size} weights; "
                "retrain the model"
            )
        return cls(
            weights=dict(zip(features.tolist(), weights.tolist(), strict=True)),
            bias=float(arrays["bias"][0]),
            cue_words=frozenset(arrays["cue_words"].tolist()),
            threshold=float(arrays["threshold"][0]),
        )
