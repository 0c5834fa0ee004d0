"""Tag sentences with a fitted model: labels, confidence and one probability per label, and for
each quotation sentence who it quotes (speaker, its kind, the cue).

The label is the tagger's decision (best for F1); the probabilities beside it are recalibrated for
counting (``model.share_calibration``), so that summed over a source they estimate its label mix.
So a label need not be the most probable one; ``confidence`` is its recalibrated probability.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..attribution import NOT_A_QUOTE, attribute_sentences
from ..model.paged import label_columns, share_probabilities, speaker_model_of
from ..schema import (
    ARTICLE_ID,
    CONFIDENCE,
    CUE,
    DOC_ID,
    END,
    LABEL,
    SOURCE,
    SPEAKER,
    SPEAKER_COLUMNS,
    SPEAKER_KIND,
    START,
    TAGGED_COLUMNS,
    TEXT,
    UNKNOWN_SOURCE,
    WHY,
    probability_column,
)
from ..text.segment import segment_articles

QUOTATION = "quotation"


def tag_sentences(
    model, sentences_df: pd.DataFrame, *, speakers: bool = True, speaker_why: bool = False
) -> pd.DataFrame:
    """Add ``label``, ``confidence`` and ``p_<label>`` columns, and with ``speakers`` the
    ``speaker``, ``speaker_kind`` and ``cue`` of quotation sentences (with ``speaker_why`` also
    a last ``why`` column: the reason for each speaker, "" on other labels, for --explain to
    extend); rows keep their order."""
    tagged_df = sentences_df.reset_index(drop=True).copy()
    for column in (START, END):
        if column not in tagged_df.columns:
            tagged_df[column] = pd.NA
    classes = list(model.classes_)
    if tagged_df.empty:
        probabilities = np.zeros((0, len(classes)))
    else:
        probabilities = model.predict_proba(tagged_df)
    chosen = label_columns(model, probabilities, tagged_df)
    probabilities = share_probabilities(model, probabilities, tagged_df)
    tagged_df[LABEL] = np.asarray(classes, dtype=object)[chosen]
    tagged_df[CONFIDENCE] = probabilities[np.arange(len(chosen)), chosen]
    for i, label in enumerate(classes):
        tagged_df[probability_column(label)] = probabilities[:, i]
    extra = [c for c in sentences_df.columns if c not in TAGGED_COLUMNS]
    columns = [*TAGGED_COLUMNS, *(probability_column(label) for label in classes)]
    if speakers:
        tagged_df = add_speakers(tagged_df, speaker_model_of(model), why=speaker_why)
        columns += SPEAKER_COLUMNS
    columns += [c for c in extra if c not in columns]
    if speakers and speaker_why and WHY not in columns:
        columns.append(WHY)
    return tagged_df[columns]


def add_speakers(tagged_df: pd.DataFrame, speaker_model=None, *, why: bool = False):
    """Add ``speaker``, ``speaker_kind`` and ``cue`` (``attribution``) for every quotation
    sentence, "" for the others; with ``why`` the reason for each in ``why``."""
    found = _attributions(tagged_df, speaker_model)
    tagged_df[SPEAKER] = [a.speaker for a in found]
    tagged_df[SPEAKER_KIND] = [a.kind for a in found]
    tagged_df[CUE] = [a.cue for a in found]
    if why:
        tagged_df[WHY] = [a.why for a in found]
    return tagged_df


def _attributions(tagged_df: pd.DataFrame, speaker_model) -> list:
    is_quote = (tagged_df[LABEL] == QUOTATION).to_numpy()
    if not is_quote.any():
        return [NOT_A_QUOTE] * len(tagged_df)
    # Rows come article by article; an article is a (source, doc_id) pair, as two sources may
    # both have an article "1". Numbering the runs is all the reader needs, and cheap.
    doc_ids, sources = tagged_df[DOC_ID].to_numpy(), tagged_df[SOURCE].to_numpy()
    starts = np.ones(len(tagged_df), dtype=bool)
    starts[1:] = (doc_ids[1:] != doc_ids[:-1]) | (sources[1:] != sources[:-1])
    articles = np.cumsum(starts)
    return attribute_sentences(tagged_df[TEXT].tolist(), articles, is_quote, speaker_model)


def tag_articles(model, articles_df: pd.DataFrame) -> pd.DataFrame:
    """Segment articles (``id, source, text``) and tag every sentence."""
    return tag_sentences(model, segment_articles(articles_df))


def tag_text(
    model, text: str, *, doc_id: str = "text", source: str = UNKNOWN_SOURCE
) -> pd.DataFrame:
    """Tag one article given as a string."""
    return tag_articles(model, pd.DataFrame({ARTICLE_ID: [doc_id], SOURCE: [source], TEXT: [text]}))
