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
    feature_rows, labels = [], []
    for text, speaker, cue in zip(texts, speakers, cues, strict=True):
        lower, rows = list_candidates(str(text), cue_words)
        in_sentence = bool(speaker) and str(speaker).lower() in str(text).lower()
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
    if len(set(labels)) < 2:
        raise TrainingError(
            "speaker model: the training sentences give no positive and negative candidates; "
            "give more quotation sentences with their speakers"
        )
    vocabulary: dict[str, int] = {}
    columns = [vocabulary.setdefault(f, len(vocabulary)) for row in feature_rows for f in row]
    matrix = _sparse_rows(columns, [len(row) for row in feature_rows], len(vocabulary))
    learner = LogisticRegression(C=c, max_iter=2000)
    learner.fit(matrix, np.asarray(labels, dtype=np.int8))
    coefficients = learner.coef_[0]
    weights = {
        feature: float(coefficients[index])
        for feature, index in vocabulary.items()
        if abs(coefficients[index]) > 1e-6
    }
    return SpeakerModel(
        weights=weights, bias=float(learner.intercept_[0]), cue_words=cue_words, threshold=0.0
    )


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
