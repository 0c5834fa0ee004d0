"""Probabilities for counting: recalibrated so that their sums estimate each label's share.

The tagger is trained class-balanced, which is best for the labels' F1 but makes its
probabilities over-state the rare labels: summed over a source, they over-count opinion. Its
temperature is also fitted inside training, on scores that are not those of the final model. So
the probabilities written next to each label are recalibrated on what a model says of documents it
never saw: the out-of-fold probabilities of the grouped cross-validation that ``classifier train``
runs for the card. One scale and one bias per label, ``softmax(scale * log p + bias)``, are fitted
to minimise their log-loss (bias-corrected temperature scaling, as in Alexandari et al., 2020,
"Maximum likelihood with bias-corrected calibration is hard-to-beat at label shift adaptation").
The bias undoes the balancing, so the mean of the recalibrated probabilities estimates the label
mix; the scale corrects the confidence. The label of each sentence is still chosen by the tagger
as before.

Measured (``benchmarks/accuracy.py``, held-out documents of NewsDiscourse and PolNeAR): see the
README's table of per-source share errors.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .linear import softmax

# Probabilities are clipped here before the log: a label a fold never saw has probability 0.
MIN_PROBABILITY = 1e-12


class ShareCalibration(NamedTuple):
    """``softmax(scale * log p + bias)``; the identity is scale 1 and bias 0."""

    scale: float
    bias: tuple[float, ...]

    def apply(self, probabilities: np.ndarray) -> np.ndarray:
        if self.is_identity or probabilities.size == 0:
            return probabilities
        logits = self.scale * np.log(np.clip(probabilities, MIN_PROBABILITY, 1.0))
        logits += np.asarray(self.bias)
        return softmax(logits)

    @property
    def is_identity(self) -> bool:
        return self.scale == 1.0 and not any(self.bias)

    def to_card(self, classes) -> dict:
        return {
            "scale": round(self.scale, 6),
            "bias": {str(label): round(b, 6) for label, b in zip(classes, self.bias, strict=True)},
            "fitted_on": (
                "nothing: trained without cross-validation (train --cv 0), so the probabilities "
                "are the tagger's own"
                if self.is_identity
                else "out-of-fold probabilities of the cross-validation below"
            ),
        }

    @classmethod
    def from_card(cls, entry: dict | None, classes) -> ShareCalibration:
        """The calibration a card records; the identity for cards from before it."""
        if not entry:
            return identity(len(classes))
        return cls(float(entry["scale"]), tuple(float(entry["bias"][str(c)]) for c in classes))


def identity(n_labels: int) -> ShareCalibration:
    return ShareCalibration(1.0, (0.0,) * n_labels)


def fit_share_calibration(probabilities: np.ndarray, y_index: np.ndarray) -> ShareCalibration:
    """The scale and biases that minimise the log-loss of the recalibrated ``probabilities``
    against the true labels' columns ``y_index``. The loss is convex in them."""
    from scipy.optimize import minimize  # training only: tagging never imports it

    log_p = np.log(np.clip(probabilities, MIN_PROBABILITY, 1.0))
    n, k = log_p.shape
    truth = np.zeros((n, k))
    truth[np.arange(n), y_index] = 1.0

    def loss_and_gradient(params: np.ndarray) -> tuple[float, np.ndarray]:
        logits = params[0] * log_p + params[1:]
        logits -= logits.max(axis=1, keepdims=True)
        log_q = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        residual = np.exp(log_q) - truth
        gradient = np.concatenate([[np.sum(residual * log_p)], residual.sum(axis=0)]) / n
        return float(-np.sum(log_q * truth) / n), gradient

    start = np.concatenate([[1.0], np.zeros(k)])
    result = minimize(loss_and_gradient, start, jac=True, method="L-BFGS-B")
    bias = result.x[1:] - result.x[1:].mean()  # softmax ignores a common shift
    return ShareCalibration(float(result.x[0]), tuple(float(b) for b in bias))
