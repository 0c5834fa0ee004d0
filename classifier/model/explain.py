"""Why a sentence got its label: the features that pushed it there, with their weights.

For a linear model the score of a label is a sum over features of ``value * weight``. A feature's
contribution toward the predicted label is its value times the label's weight minus the mean
weight of the other labels: positive contributions pushed the sentence toward its label, negative
ones away from it. Hashed n-grams are named by re-reading the sentence's own n-grams.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from ..schema import CONFIDENCE, DOC_ID, LABEL, MARKUP, SENT_INDEX, SOURCE, TEXT
from .context import neighbour_names
from .paged import BOILERPLATE, PageAwareTagger, has_markup

TOP_FEATURES = 8
WHY_FEATURES = 3


def explain_sentences(
    model, sentences_df: pd.DataFrame, *, top: int = TOP_FEATURES, labels=None
) -> list[dict]:
    """One explanation per row of ``sentences_df``, in order, of the label the model gives
    (``labels``, when the caller has tagged them already). With a page stage
    (``paged.PageAwareTagger``), the page model explains the sentences with markup that it
    decided are boilerplate, and the content model explains the rest, toward the label they got
    (its best label other than boilerplate, on a page the page model calls main text)."""
    sentences_df = sentences_df.reset_index(drop=True)
    if not isinstance(model, PageAwareTagger):
        return _explain(model, sentences_df, top=top)
    labels = model.predict(sentences_df) if labels is None else np.asarray(labels, dtype=object)
    content = _explain(model.content, sentences_df, top=top, labels=labels)
    by_page = has_markup(sentences_df) & (labels == BOILERPLATE)
    if not by_page.any():
        return content
    page = _explain(model.page, sentences_df, top=top)
    return [page[row] if by_page[row] else content[row] for row in range(len(sentences_df))]


def _explain(model, sentences_df: pd.DataFrame, *, top: int, labels=None) -> list[dict]:
    """Explanations by one ``SentenceTagger``, toward ``labels`` (default: its own)."""
    X, sentence_probabilities, context = model.stage_inputs(sentences_df)
    X = X.tocsr()
    probabilities = (
        sentence_probabilities if context is None else model.context_.predict_proba(context)
    )
    window = model._settings()["window"]
    context_names = dict(enumerate(neighbour_names(model.classes_, window)))
    column_of = {label: i for i, label in enumerate(model.classes_)}
    explanations = []
    for row in range(len(sentences_df)):
        label_index = (
            int(np.argmax(probabilities[row])) if labels is None else column_of[labels[row]]
        )
        text = str(sentences_df[TEXT].iloc[row])
        markup = sentences_df[MARKUP].iloc[row] if MARKUP in sentences_df.columns else ""
        names = model.features_.feature_names(text, markup if isinstance(markup, str) else "")
        sentence_stage = _top_contributions(
            X[row].indices,
            X[row].data,
            _margin(model.sentence_coef_, label_index) / model.sentence_temperature_,
            names,
            top,
        )
        explanation = {
            DOC_ID: sentences_df[DOC_ID].iloc[row],
            SOURCE: sentences_df[SOURCE].iloc[row],
            SENT_INDEX: int(sentences_df[SENT_INDEX].iloc[row]),
            TEXT: text,
            LABEL: str(model.classes_[label_index]),
            CONFIDENCE: round(float(probabilities[row, label_index]), 4),
            "sentence_stage_label": str(model.classes_[np.argmax(sentence_probabilities[row])]),
            "sentence_stage": sentence_stage,
            "context_stage": [],
        }
        if context is not None:
            values = context[row]
            explanation["context_stage"] = _top_contributions(
                np.flatnonzero(values),
                values[values != 0],
                _margin(model.context_.coef_, label_index) / model.context_.temperature_,
                context_names,
                top,
            )
        explanations.append(explanation)
    return explanations


def explain_selected(
    model,
    sentences_df: pd.DataFrame,
    *,
    doc_id: str | None = None,
    sent_index: int | None = None,
    top: int = TOP_FEATURES,
) -> list[dict]:
    """The explanations of the sentences of ``doc_id`` and/or at ``sent_index`` (all when both
    are None). Context comes from whole articles, so each is explained within its article."""
    chosen = sentences_df
    if doc_id is not None:
        chosen = chosen[chosen[DOC_ID].astype(str) == doc_id]
    if sent_index is not None:
        chosen = chosen[chosen[SENT_INDEX] == sent_index]
    if chosen.empty:
        raise InputError("no sentence matches --doc-id/--sent-index in the inputs")
    articles = sentences_df[sentences_df[DOC_ID].isin(chosen[DOC_ID].unique())]
    explanations = explain_sentences(model, articles, top=top)
    keep = set(zip(chosen[DOC_ID], chosen[SENT_INDEX], strict=True))
    return [e for e in explanations if (e[DOC_ID], e[SENT_INDEX]) in keep]


def _margin(coef: np.ndarray, label_index: int) -> np.ndarray:
    """Each feature's weight for the label minus its mean weight for the other labels."""
    others = np.delete(coef, label_index, axis=0).mean(axis=0)
    return np.asarray(coef[label_index] - others, dtype=np.float64)


def _top_contributions(columns, values, margin, names: dict[int, str], top: int) -> list[dict]:
    contributions = np.asarray(values) * margin[columns]
    order = np.argsort(-np.abs(contributions))[:top]
    return [
        {
            "feature": names.get(int(columns[i]), f"hashed n-gram #{columns[i]}"),
            "value": round(float(values[i]), 4),
            "weight": round(float(margin[columns[i]]), 4),
            "contribution": round(float(contributions[i]), 4),
        }
        for i in order
    ]


def summarise_explanation(explanation: dict, *, top: int = WHY_FEATURES) -> str:
    """The strongest features of both stages in one line: ``feature (+1.23); ...``."""
    parts = []
    for stage, prefix in (("sentence_stage", ""), ("context_stage", "context stage: ")):
        for part in explanation[stage][:top]:
            parts.append(f"{prefix}{part['feature']} ({part['contribution']:+.2f})")
    return "; ".join(parts)


def format_explanations(explanations: list[dict]) -> str:
    """A readable listing: each sentence, its label, and the features behind it."""
    lines = []
    for item in explanations:
        lines.append(
            f"{item[DOC_ID]} #{item[SENT_INDEX]} -> {item[LABEL]} ({item[CONFIDENCE]:.2f}): "
            f"{item[TEXT]}"
        )
        for stage in ("sentence_stage", "context_stage"):
            if not item[stage]:
                continue
            heading = stage.replace("_", " ")
            if stage == "sentence_stage":
                heading += f" (alone it says {item['sentence_stage_label']})"
            lines.append(f"  {heading}:")
            for part in item[stage]:
                lines.append(
                    f"    {part['contribution']:+8.3f}  {part['feature']} "
                    f"(value {part['value']:g}, weight {part['weight']:+.3f})"
                )
    return "\n".join(lines) + "\n"
