"""Training the speaker scorer from labelled quotation sentences (scikit-learn, lazily)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..errors import TrainingError
from .candidates import split_tokens
from .features import describe_candidate
from .kinds import join_words
from .lexicon import REPORTING_VERBS
from .matching import STOPWORDS, find_content_words, is_same_phrase
from .read import list_candidates
from .speaker_model import SpeakerModel

FIT_C = 0.5  # inverse regularisation of the logistic regression
MIN_CUE_COUNT = 3  # a word must be a cue this often in training to become a cue word
MIN_CUE_SHARE = 0.25  # ... and be the cue in at least this share of its uses in quotations
THRESHOLD_FOLDS = 3  # out-of-fold scores that choose the model's speaker threshold
DEFAULT_THRESHOLD = 0.0  # when the folds cannot all be fitted (a tiny training set)


def fit_speaker_model(
    texts: Sequence[str], speakers: Sequence[str], cues: Sequence[str], *, c: float = FIT_C
) -> SpeakerModel:
    """A ``SpeakerModel`` trained on quotation sentences and their annotated speaker and cue.

    A row whose speaker is blank or not written in its sentence teaches "no speaker here": all
    its candidates are negatives. Elsewhere the candidates that share a content word with the
    speaker (and, when one can, with the cue) are the positives.
    """
    from sklearn.linear_model import LogisticRegression  # training only: tagging never loads it

    if not len(texts) == len(speakers) == len(cues):
        raise TrainingError(
            f"speaker model: {len(texts)} texts, {len(speakers)} speakers, {len(cues)} cues; "
            "give one speaker and one cue per text"
        )
    cue_words = learn_cue_words(texts, cues)
    feature_rows, labels, sentence_of, has_speaker = [], [], [], []
    for number, (text, speaker, cue) in enumerate(zip(texts, speakers, cues, strict=True)):
        lower, rows = list_candidates(str(text), cue_words)
        in_sentence = bool(speaker) and str(speaker).lower() in str(text).lower()
        has_speaker.append(in_sentence)
        hits = [in_sentence and _is_speaker(row, lower, str(speaker)) for row in rows]
        cue_hits = [
            is_same_phrase(join_words(row[4][row[0][2] : row[0][3]]), str(cue)) for row in rows
        ]
        both = [hit and cue_hit for hit, cue_hit in zip(hits, cue_hits, strict=True)]
        chosen = both if any(both) else hits
        for row, label in zip(rows, chosen, strict=True):
            candidate, rank, kind, quoted, _ = row
            feature_rows.append(describe_candidate(lower, candidate, rank, kind, quoted))
            labels.append(label)
            sentence_of.append(number)
    if len(set(labels)) < 2:
        raise TrainingError(
            "speaker model: the training sentences give no positive and negative candidates; "
            "give more quotation sentences with their speakers"
        )
    vocabulary: dict[str, int] = {}
    columns = [vocabulary.setdefault(f, len(vocabulary)) for row in feature_rows for f in row]
    matrix = _sparse_rows(columns, [len(row) for row in feature_rows], len(vocabulary))
    y = np.asarray(labels, dtype=np.int8)
    learner = LogisticRegression(C=c, max_iter=2000).fit(matrix, y)
    coefficients = learner.coef_[0]
    weights = {
        feature: float(coefficients[index])
        for feature, index in vocabulary.items()
        if abs(coefficients[index]) > 1e-6
    }
    threshold = choose_threshold(matrix, y, np.asarray(sentence_of), np.asarray(has_speaker), c=c)
    return SpeakerModel(
        weights=weights,
        bias=float(learner.intercept_[0]),
        cue_words=cue_words,
        threshold=threshold,
    )


def choose_threshold(matrix, y, sentence_of, has_speaker, *, c: float) -> float:
    """The score above which the best candidate is taken as the speaker, chosen on out-of-fold
    scores (``THRESHOLD_FOLDS`` consecutive blocks of sentences, so an article mostly stays in
    one): the one that gets the most sentences right, a right speaker where the sentence names
    one and none where it does not (there the quote's speaker is found elsewhere, in the quote it
    continues or an earlier sentence)."""
    from sklearn.linear_model import LogisticRegression  # training only

    sentences = int(sentence_of.max()) + 1 if len(sentence_of) else 0
    fold_of = sentence_of * THRESHOLD_FOLDS // max(sentences, 1)
    scores = np.empty(len(y))
    for fold in range(THRESHOLD_FOLDS):
        held = fold_of == fold
        if not held.any() or len(set(y[~held])) < 2:
            return DEFAULT_THRESHOLD
        learner = LogisticRegression(C=c, max_iter=2000).fit(matrix[~held], y[~held])
        scores[held] = learner.decision_function(matrix[held])
    order = np.lexsort((-scores, sentence_of))  # each sentence's best candidate first
    first = np.ones(len(order), dtype=bool)
    first[1:] = sentence_of[order][1:] != sentence_of[order][:-1]
    best = order[first]
    best_score, best_right = scores[best], y[best].astype(bool)
    names = has_speaker[sentence_of[best]]
    grid = np.arange(-6.0, 3.01, 0.25)
    right = [
        int((names & best_right & (best_score > t)).sum() + (~names & (best_score <= t)).sum())
        for t in grid
    ]
    tied = grid[np.asarray(right) == max(right)]
    return float(tied[np.argmin(np.abs(tied))])  # of equals, the nearest the model's own 0


def learn_cue_words(texts: Sequence[str], cues: Sequence[str]) -> frozenset[str]:
    """The lexicon's reporting verbs plus the words that are often the annotated cue."""
    as_cue = Counter(word for cue in cues if cue for word in find_content_words(str(cue)))
    used = Counter(word.lower() for text in texts for word in split_tokens(str(text)))
    learned = {
        word
        for word, count in as_cue.items()
        if count >= MIN_CUE_COUNT and count >= MIN_CUE_SHARE * used[word] and word not in STOPWORDS
    }
    return REPORTING_VERBS | frozenset(learned)


def _is_speaker(row: tuple, lower: list[str], speaker: str) -> bool:
    (start, end, *_), _, kind, _, tokens = row
    if kind == "pronoun":
        return lower[start] == speaker.lower().strip()
    return is_same_phrase(join_words(tokens[start:end]), speaker)


def _sparse_rows(columns: list[int], lengths: list[int], width: int):
    from scipy.sparse import csr_matrix  # training only

    indptr = np.concatenate([[0], np.cumsum(lengths)])
    data = np.ones(len(columns), dtype=np.float64)
    return csr_matrix((data, np.asarray(columns), indptr), shape=(len(lengths), width))
