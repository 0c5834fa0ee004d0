"""Tag sentences with a fitted model: labels, confidence and one probability per label.

The label is the tagger's decision (best for F1); the probabilities beside it are recalibrated for
counting (``model.share_calibration``), so that summed over a source they estimate its label mix.
So a label need not be the most probable one; ``confidence`` is its recalibrated probability.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model.paged import label_columns, share_probabilities
from ..schema import (
    ARTICLE_ID,
    CONFIDENCE,
    END,
    LABEL,
    SOURCE,
    START,
    TAGGED_COLUMNS,
    TEXT,
    UNKNOWN_SOURCE,
    probability_column,
)
from ..text.segment import segment_articles


def tag_sentences(model, sentences_df: pd.DataFrame) -> pd.DataFrame:
    """Add ``label``, ``confidence`` and ``p_<label>`` columns; rows keep their input order."""
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
    return tagged_df[columns + [c for c in extra if c not in columns]]


def tag_articles(model, articles_df: pd.DataFrame) -> pd.DataFrame:
    """Segment articles (``id, source, text``) and tag every sentence."""
    return tag_sentences(model, segment_articles(articles_df))


def tag_text(
    model, text: str, *, doc_id: str = "text", source: str = UNKNOWN_SOURCE
) -> pd.DataFrame:
    """Tag one article given as a string."""
    return tag_articles(model, pd.DataFrame({ARTICLE_ID: [doc_id], SOURCE: [source], TEXT: [text]}))
