"""The article page of the HTML report: every sentence highlighted by its label and confidence,
with the reasons for its label in ``data-why`` (shown by assets/report.js on click)."""

from __future__ import annotations

import json
import math
from collections import Counter
from html import escape

from ..schema import (
    CONFIDENCE,
    END,
    LABEL,
    LABELS,
    SENT_INDEX,
    START,
    TEXT,
    WHY,
    probability_column,
)
from . import charts
from .html_page import float_or_nan, is_missing, legend, mix_of, render_page, slug


def render_article(article: list[dict], *, source: str, doc_id: str) -> str:
    """One article (its sentences as records, in order), every sentence highlighted by label;
    the reasons for each label in its ``data-why``."""
    paragraphs: list[list[str]] = [[]]
    previous_end = None
    for sentence in article:
        start = sentence.get(START)
        if (
            previous_end is not None
            and start is not None
            and not is_missing(start)
            and int(start) - previous_end >= 2
        ):
            paragraphs.append([])
        end = sentence.get(END)
        previous_end = None if is_missing(end) else int(end)
        paragraphs[-1].append(_sentence_span(sentence))
    text = "".join(f"<p>{' '.join(p)}</p>" for p in paragraphs if p)
    counts = Counter(str(sentence[LABEL]) for sentence in article)
    mix = charts.stacked_bar(mix_of({label: counts[label] for label in LABELS}))
    body = (
        f'<p>Source: <a href="../../sources/{slug(source)}.html">{escape(source)}</a>; '
        f"{len(article)} sentences {mix}</p>{legend()}"
        '<p class="note">Tint strength is the confidence; a dashed underline marks confidence '
        "below 0.5. Click a sentence (or focus it and press Enter) to see why.</p>"
        f'<div class="layout"><div class="article">{text}</div>'
        '<aside id="why" aria-live="polite">Click a sentence to see why it got its label.</aside>'
        "</div>"
    )
    nav = f' <a href="../../sources/{slug(source)}.html">{escape(source)}</a>'
    return render_page(f"{doc_id}", body, depth=2, nav=nav)


# One encoder for every sentence: json.dumps with options builds a new one per call.
_WHY_JSON = json.JSONEncoder(ensure_ascii=False)
PROBABILITY_COLUMNS = tuple((label, probability_column(label)) for label in LABELS)


def _sentence_span(sentence) -> str:
    label = str(sentence[LABEL])
    confidence = float_or_nan(sentence.get(CONFIDENCE))
    why = explain_row(sentence, confidence)
    low = " low" if not math.isnan(confidence) and confidence < 0.5 else ""
    alpha = 1.0 if math.isnan(confidence) else max(0.15, confidence)
    title = f"{label}" + ("" if math.isnan(confidence) else f" ({confidence:.2f})")
    speaker = str(sentence.get("speaker") or "") if label == "quotation" else ""
    tag = f' <span class="speaker">— {escape(speaker)}</span>' if speaker else ""
    return (
        f'<span class="s {escape(label)}{low}" style="--a:{alpha:.2f}" tabindex="0" '
        f'title="{escape(title)}" data-why="{escape(_WHY_JSON.encode(why))}">'
        f"{escape(_text_of(sentence))}</span>{tag}"
    )


def _text_of(sentence) -> str:
    """The sentence's text; empty when the tagged file has none for it."""
    text = sentence.get(TEXT)
    return "" if is_missing(text) else str(text)


def explain_row(sentence, confidence: float) -> dict:
    """The reasons shown for one sentence (its ``confidence`` read already): model features (when
    tagged with ``--explain``), the label probabilities, and the signals read off the sentence."""
    sections = []
    why = sentence.get(WHY)
    if isinstance(why, str) and why:
        sections.append(("Features that pushed it to its label", why.split("; ")))
    probabilities = []
    for label, column in PROBABILITY_COLUMNS:
        value = sentence.get(column)
        if not is_missing(value):
            probabilities.append(f"{label} {float(value):.2f}")
    if probabilities:
        sections.append(("Probabilities", probabilities))
    sections.append(("Signals read off the sentence", _signal_lines(sentence)))
    index = sentence.get(SENT_INDEX)
    return {
        "i": "" if is_missing(index) else int(index),
        "label": str(sentence[LABEL]),
        "confidence": "" if math.isnan(confidence) else f"{confidence:.2f}",
        "sections": sections,
    }


def _signal_lines(sentence) -> list[str]:
    lines = []
    label = str(sentence[LABEL])
    if label == "quotation":
        lines.append(
            "direct quote (quote marks)"
            if sentence.get("direct_quote")
            else "indirect quote (reported speech)"
        )
        attribution = sentence.get("attribution") or "unattributed"
        speaker = sentence.get("speaker") or ""
        lines.append(f"attribution: {attribution}" + (f" ({speaker})" if speaker else ""))
        if sentence.get("cue"):
            lines.append(f"cue: {sentence['cue']}")
    if label == "reporting" and sentence.get("cites_source"):
        lines.append("cites a source")
    if label == "boilerplate" and sentence.get("boilerplate_kind"):
        lines.append(f"boilerplate kind: {str(sentence['boilerplate_kind']).replace('_', ' ')}")
    verbs = (int(sentence.get("neutral_verbs", 0) or 0), int(sentence.get("loaded_verbs", 0) or 0))
    if any(verbs):
        lines.append(f"reporting verbs: {verbs[0]} neutral, {verbs[1]} loaded")
    if sentence.get("repeated_in_source"):
        lines.append("text also in another article of this source")
    if sentence.get("repeated_across_sources"):
        lines.append("text also in another source")
    if sentence.get("is_headline"):
        lines.append("read as the headline")
    return lines or ["none"]
