"""The HTML report: an offline folder of pages, yielded as ``(relative path, content)``.

- ``index.html`` (and ``index-2.html``...): sources side by side, label mix as stacked bars,
  signals as dots with their 95% intervals against the corpus median.
- ``sources/<source>.html``: a source's signals with intervals and medians, example sentences for
  each label, and its articles (``-2.html``... when there are many).
- ``articles/<source>/<article>.html``: every sentence highlighted by its label and confidence; a
  click (or Enter) on a sentence shows why it got its label.

Pages are rendered one at a time, so a corpus of 100,000 articles never sits in memory as HTML.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from html import escape
from importlib import resources

import pandas as pd

from . import charts
from .profile import SIGNAL_BY_NAME, SIGNALS
from .report import format_value
from .schema import (
    CONFIDENCE,
    DOC_ID,
    END,
    LABEL,
    LABELS,
    SENT_INDEX,
    SOURCE,
    START,
    TEXT,
    WHY,
    probability_column,
)

SOURCES_PER_PAGE = 100
ARTICLES_PER_PAGE = 500
EXAMPLES_PER_LABEL = 3
ASSETS = ("report.css", "report.js")
OVERVIEW_SIGNALS = (
    "share_opinion",
    "share_quotation",
    "share_boilerplate",
    "share_direct_quotes",
    "share_named_attribution",
    "share_anonymous_attribution",
    "share_reporting_cited",
    "share_loaded_verbs",
    "share_repeated_in_source",
    "quotes_per_article",
)


def slug(name: str) -> str:
    """A file name for ``name``: readable, safe on every file system, and unique by its hash."""
    readable = re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")[:48] or "x"
    return f"{readable}-{zlib.crc32(str(name).encode('utf-8')):08x}"


def iter_report_pages(annotated: pd.DataFrame, profile: pd.DataFrame) -> Iterator[tuple[str, str]]:
    """Every file of the report folder, as ``(relative path, text)``."""
    for name in ASSETS:
        yield f"assets/{name}", (resources.files(__package__) / "assets" / name).read_text("utf-8")
    yield from _overview_pages(profile)
    articles_by_source = dict(tuple(_article_table(annotated).groupby(SOURCE, sort=False)))
    by_source = dict(tuple(annotated.groupby(SOURCE, sort=False)))
    for _, row in profile.iterrows():
        source = row[SOURCE]
        sentences = by_source[source]
        yield from _source_pages(row, sentences, articles_by_source[source])
        for doc_id, article in _split_articles(sentences.to_dict("records")):
            yield (
                f"articles/{slug(source)}/{slug(doc_id)}.html",
                render_article(article, source=str(source), doc_id=str(doc_id)),
            )


def _split_articles(records: list[dict]) -> Iterator[tuple[str, list[dict]]]:
    """Consecutive records of one article (``annotate_sentences`` keeps articles together)."""
    start = 0
    for i in range(1, len(records) + 1):
        if i == len(records) or records[i][DOC_ID] != records[start][DOC_ID]:
            yield records[start][DOC_ID], records[start:i]
            start = i


def _page(title: str, body: str, *, depth: int, nav: str = "") -> str:
    up = "../" * depth
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        f'<link rel="stylesheet" href="{up}assets/report.css"></head><body>'
        f'<header><nav><a href="{up}index.html">All sources</a>{nav}</nav>'
        f"<h1>{escape(title)}</h1></header><main>{body}</main>"
        '<footer><p class="note">Made by classifier report. Shares carry bootstrap 95% '
        "intervals over articles; sources with too few articles are grey and not ranked."
        f'</p></footer><script src="{up}assets/report.js"></script></body></html>\n'
    )


def _legend() -> str:
    items = "".join(
        f'<span><i style="background:{charts.LABEL_COLOURS[label]}"></i>{label}</span>'
        for label in ("reporting", "quotation", "opinion", "boilerplate")
    )
    return f'<p class="legend">{items}</p>'


def _mix_of(counts: dict[str, int]) -> dict[str, float]:
    total = sum(counts.values())
    return {label: (counts[label] / total if total else 0.0) for label in _BAR_ORDER}


_BAR_ORDER = ("reporting", "quotation", "opinion", "boilerplate")


def _show(value, signal: str) -> str:
    return format_value(value, signal, decimals=1, missing="–")


def _interval(row, signal: str) -> str:
    low, high = row[f"{signal}_low"], row[f"{signal}_high"]
    if pd.isna(low):
        return "–"
    return f"{_show(low, signal)} – {_show(high, signal)}"


def _overview_pages(profile: pd.DataFrame) -> Iterator[tuple[str, str]]:
    pages = max(1, math.ceil(len(profile) / SOURCES_PER_PAGE))
    totals = (
        f"<p>{len(profile):,} sources, {int(profile['articles'].sum()):,} articles, "
        f"{int(profile['sentences'].sum()):,} sentences. Corpus median over "
        f"{escape(str(profile['corpus_median_over'].iloc[0]))}.</p>"
    )
    for page in range(pages):
        part = profile.iloc[page * SOURCES_PER_PAGE : (page + 1) * SOURCES_PER_PAGE]
        rows = []
        for _, row in part.iterrows():
            href = f"sources/{slug(row[SOURCE])}.html"
            counts = {label: int(row[f"n_{label}"]) for label in LABELS}
            flag = ' class="flagged"' if row["too_few_articles"] else ""
            cells = "".join(
                f'<td title="95% interval {escape(_interval(row, signal))}">'
                f"{_show(row[signal], signal)}</td>"
                for signal in (
                    "share_reporting",
                    "share_quotation",
                    "share_opinion",
                    "share_boilerplate",
                )
            )
            rows.append(
                f'<tr{flag}><td><a href="{href}">{escape(str(row[SOURCE]))}</a></td>'
                f"<td>{int(row['articles']):,}</td><td>{int(row['sentences']):,}</td>"
                f"<td>{charts.stacked_bar(_mix_of(counts))}</td>{cells}</tr>"
            )
        table = (
            "<h2>Label mix</h2>" + _legend() + "<table><thead><tr><th>source</th><th>articles</th>"
            "<th>sentences</th><th>label mix (all sentences)</th><th>reporting</th>"
            "<th>quotation</th><th>opinion</th><th>boilerplate</th></tr></thead><tbody>"
            + "".join(rows)
            + '</tbody></table><p class="note">Reporting, quotation and opinion are shares of the '
            "non-boilerplate sentences, boilerplate of all sentences; hover a share for its "
            "interval.</p>"
        )
        figures = []
        for signal in OVERVIEW_SIGNALS:
            definition = SIGNAL_BY_NAME[signal]
            interval_rows = [
                charts.IntervalRow(
                    str(row[SOURCE]),
                    _float(row[signal]),
                    _float(row[f"{signal}_low"]),
                    _float(row[f"{signal}_high"]),
                    bool(row["too_few_articles"]),
                    f"sources/{slug(row[SOURCE])}.html",
                )
                for _, row in part.iterrows()
            ]
            highs = [r.high for r in interval_rows if not math.isnan(r.high)]
            values = [r.value for r in interval_rows if not math.isnan(r.value)]
            maximum = 1.0 if definition.is_share else max(highs + values + [1.0])
            chart = charts.interval_chart(
                interval_rows,
                median=_float(part[f"{signal}_median"].iloc[0]),
                maximum=maximum,
                percent=definition.is_share,
                title=signal,
            )
            figures.append(
                f"<figure>{chart}"
                f"<figcaption><b>{escape(signal)}</b>: {escape(definition.definition)}. Dashed "
                "line: corpus median.</figcaption></figure>"
            )
        pager = _pager(page, pages, lambda p: "index.html" if p == 0 else f"index-{p + 1}.html")
        body = (
            totals
            + pager
            + table
            + '<h2>Signals with 95% intervals</h2><div class="charts">'
            + "".join(figures)
            + "</div>"
            + pager
        )
        name = "index.html" if page == 0 else f"index-{page + 1}.html"
        yield name, _page("Sources compared", body, depth=0)


def _pager(page: int, pages: int, name_of) -> str:
    if pages == 1:
        return ""
    links = [
        f"<b>{p + 1}</b>" if p == page else f'<a href="{name_of(p)}">{p + 1}</a>'
        for p in range(pages)
    ]
    return f'<p class="pager">Pages: {" ".join(links)}</p>'


def _float(value) -> float:
    return float("nan") if value is None or pd.isna(value) else float(value)


def _article_table(annotated: pd.DataFrame) -> pd.DataFrame:
    counts = (
        annotated.groupby([SOURCE, DOC_ID, LABEL], sort=False)
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(LABELS), fill_value=0)
    )
    return counts.reset_index()


def _source_pages(row, sentences: pd.DataFrame, articles: pd.DataFrame):
    source = str(row[SOURCE])
    base = slug(source)
    flag = (
        f'<p class="note">Only {int(row["articles"])} article(s): shown, not ranked; read its '
        "intervals before comparing.</p>"
        if row["too_few_articles"]
        else ""
    )
    signal_rows = []
    group = None
    for signal in SIGNALS:
        if signal.group != group:
            group = signal.group
            signal_rows.append(f'<tr><th colspan="6">{escape(group)}</th></tr>')
        vs = row[f"{signal.name}_vs_median"]
        vs_text = (
            "–" if pd.isna(vs) else (f"{vs * 100:+.1f} pts" if signal.is_share else f"{vs:+.2f}")
        )
        signal_rows.append(
            f"<tr><td>{escape(signal.name)}</td><td>{_show(row[signal.name], signal.name)}</td>"
            f"<td>{_interval(row, signal.name)}</td><td>{int(row[f'{signal.name}_n']):,} in "
            f"{int(row[f'{signal.name}_articles']):,}</td>"
            f"<td>{_show(row[f'{signal.name}_median'], signal.name)} ({vs_text})</td>"
            f'<td class="def">{escape(signal.definition)}</td></tr>'
        )
    signals_table = (
        "<h2>Signals</h2><table><thead><tr><th>signal</th><th>value</th><th>95% interval</th>"
        "<th>out of (in articles)</th><th>corpus median (this source minus it)</th>"
        "<th>definition</th></tr>"
        "</thead><tbody>" + "".join(signal_rows) + "</tbody></table>"
    )
    examples = ["<h2>Example sentences</h2>", _legend()]
    for label in _BAR_ORDER:
        chosen = sentences[sentences[LABEL] == label]
        if CONFIDENCE in chosen.columns:
            chosen = chosen.sort_values(CONFIDENCE, ascending=False, kind="stable")
        chosen = chosen.head(EXAMPLES_PER_LABEL)
        items = (
            "".join(_example_item(example, base) for _, example in chosen.iterrows())
            if TEXT in chosen.columns
            else ""
        )
        examples.append(
            f"<h3>{label}</h3>" + (f'<ul class="examples">{items}</ul>' if items else "<p>none</p>")
        )
    pages = max(1, math.ceil(len(articles) / ARTICLES_PER_PAGE))
    summary = (
        f"<p>{int(row['articles']):,} articles, {int(row['sentences']):,} sentences.</p>"
        + flag
        + charts.stacked_bar(
            _mix_of({label: int(row[f"n_{label}"]) for label in LABELS}), width=480, height=18
        )
    )
    for page in range(pages):
        part = articles.iloc[page * ARTICLES_PER_PAGE : (page + 1) * ARTICLES_PER_PAGE]
        items = "".join(
            f'<tr><td><a href="../articles/{base}/{slug(a[DOC_ID])}.html">'
            f"{escape(str(a[DOC_ID]))}</a></td><td>{sum(int(a[label]) for label in LABELS)}</td>"
            f"<td>{charts.stacked_bar(_mix_of({label: int(a[label]) for label in LABELS}))}</td>"
            "</tr>"
            for a in part.to_dict("records")
        )
        name_of = lambda p: f"{base}.html" if p == 0 else f"{base}-{p + 1}.html"  # noqa: E731
        pager = _pager(page, pages, name_of)
        article_list = (
            f"<h2>Articles</h2>{pager}<table><thead><tr><th>article</th><th>sentences</th>"
            f"<th>label mix</th></tr></thead><tbody>{items}</tbody></table>{pager}"
        )
        body = summary + (signals_table + "".join(examples) if page == 0 else "") + article_list
        yield f"sources/{name_of(page)}", _page(source, body, depth=1)


def _example_item(sentence, source_slug: str) -> str:
    label = escape(str(sentence[LABEL]))
    doc_id = sentence[DOC_ID]
    return (
        f'<li><span class="s {label}" style="--a:1">{escape(str(sentence[TEXT]))}</span> '
        f'<a href="../articles/{source_slug}/{slug(doc_id)}.html">{escape(str(doc_id))}</a>'
        f"{_confidence_note(sentence)}</li>"
    )


def _confidence_note(sentence) -> str:
    if CONFIDENCE not in sentence or pd.isna(sentence[CONFIDENCE]):
        return ""
    return f' <span class="note">({float(sentence[CONFIDENCE]):.2f})</span>'


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
            and not pd.isna(start)
            and int(start) - previous_end >= 2
        ):
            paragraphs.append([])
        end = sentence.get(END)
        previous_end = None if end is None or pd.isna(end) else int(end)
        paragraphs[-1].append(_sentence_span(sentence))
    text = "".join(f"<p>{' '.join(p)}</p>" for p in paragraphs if p)
    counts = Counter(str(sentence[LABEL]) for sentence in article)
    mix = charts.stacked_bar(_mix_of({label: counts[label] for label in LABELS}))
    body = (
        f'<p>Source: <a href="../../sources/{slug(source)}.html">{escape(source)}</a>; '
        f"{len(article)} sentences {mix}</p>{_legend()}"
        '<p class="note">Tint strength is the confidence; a dashed underline marks confidence '
        "below 0.5. Click a sentence (or focus it and press Enter) to see why.</p>"
        f'<div class="layout"><div class="article">{text}</div>'
        '<aside id="why" aria-live="polite">Click a sentence to see why it got its label.</aside>'
        "</div>"
    )
    nav = f' <a href="../../sources/{slug(source)}.html">{escape(source)}</a>'
    return _page(f"{doc_id}", body, depth=2, nav=nav)


def _sentence_span(sentence) -> str:
    label = str(sentence[LABEL])
    confidence = _float(sentence.get(CONFIDENCE))
    why = explain_row(sentence)
    low = " low" if not math.isnan(confidence) and confidence < 0.5 else ""
    alpha = 1.0 if math.isnan(confidence) else max(0.15, confidence)
    title = f"{label}" + ("" if math.isnan(confidence) else f" ({confidence:.2f})")
    return (
        f'<span class="s {escape(label)}{low}" style="--a:{alpha:.2f}" tabindex="0" '
        f'title="{escape(title)}" data-why="{escape(json.dumps(why, ensure_ascii=False))}">'
        f"{escape(str(sentence.get(TEXT, '')))}</span>"
    )


def explain_row(sentence) -> dict:
    """The reasons shown for one sentence: model features (when tagged with ``--explain``), the
    label probabilities, and the signals read off the sentence."""
    confidence = _float(sentence.get(CONFIDENCE))
    sections = []
    why = sentence.get(WHY)
    if isinstance(why, str) and why:
        sections.append(("Features that pushed it to its label", why.split("; ")))
    probabilities = [
        f"{label} {float(sentence[probability_column(label)]):.2f}"
        for label in LABELS
        if probability_column(label) in sentence
        and not pd.isna(sentence[probability_column(label)])
    ]
    if probabilities:
        sections.append(("Probabilities", probabilities))
    sections.append(("Signals read off the sentence", _signal_lines(sentence)))
    index = sentence.get(SENT_INDEX)
    return {
        "i": "" if index is None or pd.isna(index) else int(index),
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
