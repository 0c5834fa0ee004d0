"""Class-balanced linear models kept as plain weights, and temperature calibration."""

from __future__ import annotations

import numpy as np

from .params import ClassifierParams

# Regularisation: alpha = 1 / (C * n_sentences), so it weakens as labelled data grows, as C
# does for a logistic regression; alpha is never below MIN_ALPHA. Averaged SGD regularises too:
# in 3-fold grouped cross-validation on the development part of the public sets, C = 1000 beat
# 10, 100 and 300 on every set (e.g. NewsDiscourse macro-F1 0.750 against 0.730 at C = 10).
REGULARISATION_C = 1000.0
MIN_ALPHA = 1e-8
CALIBRATION_FOLDS = 3
EPOCHS = 30
RANDOM_STATE = 0
# Score given to a label that a cross-validation fold never saw, below any real score.
UNSEEN_LABEL_SCORE = -50.0


def alpha_for(n_rows: int, c: float = REGULARISATION_C) -> float:
    return max(MIN_ALPHA, 1.0 / (c * n_rows))


def fit_weights(
    X, y, classes, *, alpha: float, epochs: int = EPOCHS
) -> tuple[np.ndarray, np.ndarray]:
    """Class-balanced logistic regression by SGD; one weight row per label of ``classes``.

    Labels absent from ``y`` (a fold that never saw them) get weights that never win.
    """
    from sklearn.linear_model import SGDClassifier  # training only: tagging never imports it

    present = np.unique(y)
    if len(present) == 1:  # a fold of one label: it always wins
        coef = np.zeros((len(classes), X.shape[1]), dtype=np.float32)
        intercept = np.full(len(classes), UNSEEN_LABEL_SCORE)
        intercept[np.searchsorted(classes, present[0])] = 0.0
        return coef, intercept
    linear = SGDClassifier(
        loss="log_loss",
        alpha=alpha,
        class_weight="balanced",
        max_iter=epochs,
        tol=None,
        average=True,
        random_state=RANDOM_STATE,
    ).fit(X, y)
    coef, intercept = linear.coef_, linear.intercept_
    if coef.shape[0] == 1:  # binary: one row of weights, for linear.classes_[1]
        coef = np.vstack([-coef / 2, coef / 2])
        intercept = np.array([-intercept[0], intercept[0]]) / 2
    full_coef = np.zeros((len(classes), X.shape[1]), dtype=np.float32)
    full_intercept = np.full(len(classes), UNSEEN_LABEL_SCORE)
    rows = np.searchsorted(classes, linear.classes_)
    full_coef[rows] = coef
    full_intercept[rows] = intercept
    return full_coef, full_intercept


def fit_with_out_of_fold(
    X,
    y,
    classes,
    *,
    alpha: float,
    splits,
    epochs: int = EPOCHS,
    fold_epochs: int = EPOCHS,
    jobs: int = 1,
):
    """``((coef, intercept), scores)``: weights fitted (``fit_weights``) on every row, and each
    row's scores from weights fitted without its test part of ``splits`` (``fold_epochs``
    epochs; None without splits), where a label a training part lacks never wins.

    The fits are independent, so with ``jobs > 1`` they run side by side in threads (SGD's loop
    releases the GIL), with the same results as one after the other; each running fold holds a
    copy of its training rows."""
    from concurrent.futures import ThreadPoolExecutor

    def fold_scores(train_rows, test_rows):
        weights = fit_weights(
            X[train_rows], y[train_rows], classes, alpha=alpha, epochs=fold_epochs
        )
        return test_rows, linear_scores(X[test_rows], *weights)

    with ThreadPoolExecutor(max(1, jobs)) as pool:
        final = pool.submit(fit_weights, X, y, classes, alpha=alpha, epochs=epochs)
        folds = [pool.submit(fold_scores, *split) for split in splits]
        scores = np.zeros((len(y), len(classes))) if splits else None
        for fold in folds:
            test_rows, fold_part = fold.result()
            scores[test_rows] = fold_part
        return final.result(), scores


def linear_scores(X, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    return np.asarray(X @ coef.T) + intercept


def column_weights(coef: np.ndarray) -> np.ndarray:
    """``coef.T`` (one column per label) laid out as a product of a float64 sparse matrix with it
    reads it: C-ordered float64. Given a slice of float32 ``coef.T``, scipy makes this copy on
    every product (8 MB for a block of 2**18 columns, 2.5 ms, whatever the number of rows)."""
    return np.ascontiguousarray(coef.T, dtype=np.float64)


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def fit_temperature(scores: np.ndarray, y_index: np.ndarray) -> float:
    """The temperature that minimises the log-loss of ``softmax(scores / T)``."""
    from scipy.optimize import minimize_scalar  # training only

    def log_loss(log_t: float) -> float:
        probabilities = softmax(scores / np.exp(log_t))
        return -np.mean(np.log(probabilities[np.arange(len(y_index)), y_index] + 1e-12))

    result = minimize_scalar(log_loss, bounds=(-4.0, 6.0), method="bounded")
    return float(np.exp(result.x))


class CalibratedLinear(ClassifierParams):
    """A class-balanced logistic regression (trained by SGD) with temperature-scaled probabilities.

    The label is the argmax of the class-balanced model, so rare labels are not swamped. Its scores
    are then divided by one temperature, fitted to minimise the log-loss of out-of-fold scores
    (``calibration_folds`` stratified folds, fewer when the rarest label has fewer examples, none
    when it has one). Scaling by a single number calibrates the confidence without changing any
    label. Only the weights are kept: ``coef_`` (one row per label) and ``intercept_``.
    """

    def __init__(
        self,
        *,
        c: float = REGULARISATION_C,
        calibration_folds: int = CALIBRATION_FOLDS,
        epochs: int = EPOCHS,
        jobs: int = 1,
    ):
        self.c = c
        self.calibration_folds = calibration_folds
        self.epochs = epochs
        self.jobs = jobs

    def fit(self, X, y, *, splits=None):
        """Fit on ``X``; ``splits`` (``(train_rows, test_rows)`` pairs, e.g. folds grouped by
        article) give the out-of-fold scores the temperature is fitted to, instead of
        ``calibration_folds`` stratified folds. The out-of-fold scores are kept in
        ``held_out_scores_`` (None without folds) for the caller, and never saved."""
        y = np.asarray(y)
        self.classes_, counts = np.unique(y, return_counts=True)
        if len(self.classes_) < 2:
            raise ValueError("need at least two labels to train")
        self.alpha_ = alpha_for(len(y), self.c)
        if splits is None:
            splits = self._stratified_splits(X, y, min(self.calibration_folds, int(counts.min())))
        (self.coef_, self.intercept_), self.held_out_scores_ = fit_with_out_of_fold(
            X,
            y,
            self.classes_,
            alpha=self.alpha_,
            splits=splits,
            epochs=self.epochs,
            fold_epochs=self.epochs,
            jobs=self.jobs,
        )
        self.temperature_ = 1.0
        if splits:
            self.temperature_ = fit_temperature(
                self.held_out_scores_, np.searchsorted(self.classes_, y)
            )
        return self

    @staticmethod
    def _stratified_splits(X, y, folds: int) -> list:
        if folds < 2:
            return []
        from sklearn.model_selection import StratifiedKFold  # training only

        return list(StratifiedKFold(folds, shuffle=True, random_state=RANDOM_STATE).split(X, y))

    def decision_function(self, X):
        return linear_scores(X, self.coef_, self.intercept_)

    def predict_proba(self, X):
        return softmax(self.decision_function(X) / self.temperature_)

    def predict(self, X):
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]
