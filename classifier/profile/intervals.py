"""Bootstrap intervals for ratios of sums over articles: pure numpy, no pandas."""

from __future__ import annotations

import numpy as np

RESAMPLES = 1000
INTERVAL = 0.95
# Enough weights per block to keep the bootstrap's memory small for a source with many articles.
BOOTSTRAP_BLOCK = 4_000_000


def bootstrap_interval(
    numerators: np.ndarray,
    denominators: np.ndarray,
    *,
    variances: np.ndarray | None = None,
    resamples: int = RESAMPLES,
    seed: int | list[int] = 0,
    interval: float = INTERVAL,
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of sum(numerator) / sum(denominator) when articles are resampled.

    ``numerators`` and ``denominators`` are ``(articles, signals)``. Each resample draws
    the articles with replacement and weighs each by how often it was drawn, so an article's
    sentences stay together. A signal whose denominator is non-zero in fewer than two articles has
    no interval (NaN).

    ``variances`` (the same shape, or None) is how much each article's numerator is uncertain
    because the tagger is: a numerator that sums sentence probabilities has variance
    sum p(1 - p). Each resample then also draws the numerator around its sum, from a normal
    distribution with the resampled articles' variance (clipped to 0..denominator), so that the
    interval covers the tagger's uncertainty as well as the sampling of articles.
    """
    n_articles, n_signals = numerators.shape
    if variances is not None and not variances.any():
        variances = None
    rng = np.random.default_rng(seed)
    block = max(1, BOOTSTRAP_BLOCK // max(n_articles, 1))
    estimates = []
    for start in range(0, resamples, block):
        size = min(block, resamples - start)
        draws = rng.integers(0, n_articles, size=(size, n_articles))
        draws += np.arange(size)[:, None] * n_articles
        weights = np.bincount(draws.ravel(), minlength=size * n_articles)
        weights = weights.reshape(size, n_articles).astype(np.float64)
        top, bottom = weights @ numerators, weights @ denominators
        if variances is not None:
            noise = np.sqrt(weights @ variances) * rng.standard_normal(top.shape)
            top = np.clip(top + noise, 0.0, np.where(noise != 0, bottom, np.inf))
        estimates.append(ratio(top, bottom))
    samples = np.vstack(estimates) if estimates else np.full((1, n_signals), np.nan)
    # One article cannot show how much articles vary: no interval rather than a zero-width one.
    samples[:, (denominators > 0).sum(axis=0) < 2] = np.nan
    tail = (1.0 - interval) / 2
    low, high = nan_quantiles(samples, (tail, 1.0 - tail))
    return low, high


def nan_quantiles(samples: np.ndarray, quantiles) -> list[np.ndarray]:
    """For each ``q`` of ``quantiles``, per column, the ``q`` quantile of the non-NaN values
    (linear interpolation, as numpy's default), NaN for an all-NaN column. One sort for all of
    them, instead of numpy's column-by-column loop for each."""
    ordered = np.sort(samples, axis=0)  # NaN sorts last
    valid = (~np.isnan(samples)).sum(axis=0)
    columns = np.arange(samples.shape[1])
    found = []
    for q in quantiles:
        position = np.maximum(valid - 1, 0) * q
        below = np.floor(position).astype(np.intp)
        above = np.minimum(below + 1, np.maximum(valid - 1, 0))
        low, high = ordered[below, columns], ordered[above, columns]
        with np.errstate(invalid="ignore"):
            value = low + (high - low) * (position - below)
        found.append(np.where(valid > 0, value, np.nan))
    return found


def ratio(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(bottom > 0, top / np.where(bottom > 0, bottom, 1), np.nan)
