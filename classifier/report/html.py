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

import math
from collections.abc import Iterator
from html import escape
from importlib import resources

import pandas as pd
import pyarrow as pa

from ..profile.profiles import SIGNAL_BY_NAME, SIGNALS
from ..profile.trust import scores_of
from ..schema import (
    CONFIDENCE,
    DOC_ID,
    LABEL,
    LABELS,
    SOURCE,
    TEXT,
)
from . import charts
from .html_article import render_article
from .html_page import (
    BAR_ORDER,
    float_or_nan,
    interval_text,
    legend,
    mix_of,
    pager,
    render_page,
    show_value,
    slug,
)
from .table import estimate_note

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


def iter_report_pages(
    annotated: pd.DataFrame, articles: pd.DataFrame, profile: pd.DataFrame
) -> Iterator[tuple[str, str]]:
    """Every file of the report folder, as ``(relative path, text)``, from the outputs of
    ``annotate_sentences``, ``measure_articles`` and ``profile_articles``."""
    for name in ASSETS:
        yield f"assets/{name}", (resources.files(__package__) / "assets" / name).read_text("utf-8")
    yield from _overview_pages(profile)
    articles_by_source = dict(tuple(articles.groupby(SOURCE, sort=False)))
    by_source = dict(tuple(annotated.groupby(SOURCE, sort=False)))
    for _, row in profile.iterrows():
        source = row[SOURCE]
        sentences = by_source[source]
        yield from _source_pages(row, sentences, articles_by_source[source])
        for doc_id, article in _split_articles(records_of(sentences)):
            yield (
                f"articles/{slug(source)}/{slug(doc_id)}.html",
                render_article(article, source=str(source), doc_id=str(doc_id)),
            )


def records_of(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")``, a column at a time: Arrow columns through Arrow's own
    conversion (missing values are None), the others as Python values (a missing float is NaN).
    Row by row, pandas took most of a report's time."""
    columns = {}
    for name, column in frame.items():
        arrow = isinstance(column.dtype, pd.ArrowDtype)
        if arrow or getattr(column.dtype, "storage", "") == "pyarrow":
            columns[name] = pa.array(column.array).to_pylist()
        else:
            columns[name] = column.tolist()
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _split_articles(records: list[dict]) -> Iterator[tuple[str, list[dict]]]:
    """Consecutive records of one article (``annotate_sentences`` keeps articles together)."""
    start = 0
    for i in range(1, len(records) + 1):
        if i == len(records) or records[i][DOC_ID] != records[start][DOC_ID]:
            yield records[start][DOC_ID], records[start:i]
            start = i


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
            counts = {label: float(row[f"e_{label}"]) for label in LABELS}
            flag = ' class="flagged"' if row["too_few_articles"] else ""
            cells = "".join(
                f'<td title="95% interval {escape(interval_text(row, signal))}">'
                f"{show_value(row[signal], signal)}</td>"
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
                f"<td>{charts.stacked_bar(mix_of(counts))}</td>{cells}</tr>"
            )
        table = (
            "<h2>Label mix</h2>"
            + legend()
            + '<table class="mix"><thead><tr><th>source</th><th>articles</th>'
            "<th>sentences</th><th>label mix (all sentences)</th><th>reporting</th>"
            "<th>quotation</th><th>opinion</th><th>boilerplate</th></tr></thead><tbody>"
            + "".join(rows)
            + '</tbody></table><p class="note">Reporting, quotation and opinion are shares of the '
            "non-boilerplate sentences, boilerplate of all sentences; hover a share for its "
            f"interval. {escape(estimate_note(profile))}</p>" + _trust_table(profile)
        )
        figures = []
        for signal in OVERVIEW_SIGNALS:
            definition = SIGNAL_BY_NAME[signal]
            interval_rows = [
                charts.IntervalRow(
                    str(row[SOURCE]),
                    float_or_nan(row[signal]),
                    float_or_nan(row[f"{signal}_low"]),
                    float_or_nan(row[f"{signal}_high"]),
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
                median=float_or_nan(part[f"{signal}_median"].iloc[0]),
                maximum=maximum,
                percent=definition.is_share,
                title=signal,
            )
            figures.append(
                f"<figure>{chart}"
                f"<figcaption><b>{escape(signal)}</b>: {escape(definition.definition)}. Dashed "
                "line: corpus median.</figcaption></figure>"
            )
        page_links = pager(page, pages, lambda p: "index.html" if p == 0 else f"index-{p + 1}.html")
        body = (
            totals
            + page_links
            + table
            + '<h2>Signals with 95% intervals</h2><div class="charts">'
            + "".join(figures)
            + "</div>"
            + page_links
        )
        name = "index.html" if page == 0 else f"index-{page + 1}.html"
        yield name, render_page("Sources compared", body, depth=0)


def _trust_table(profile: pd.DataFrame) -> str:
    """The model's measured precision, recall and F1 per label, when the report has them."""
    measured = scores_of(profile)
    if measured is None:
        return ""
    source, scores = measured
    cells = []
    for label, score in scores.items():
        percents = "".join(
            f"<td>{float(score[measure]) * 100:.0f}%</td>"
            for measure in ("precision", "recall", "f1")
        )
        cells.append(
            f"<tr><td>{escape(label)}</td>{percents}<td>{int(score['support']):,}</td></tr>"
        )
    return (
        '<h2>How far each share can be trusted</h2><table class="trust"><thead><tr><th>label</th>'
        "<th>precision</th><th>recall</th><th>F1</th><th>labelled sentences</th></tr></thead>"
        f'<tbody>{"".join(cells)}</tbody></table><p class="note">The model\'s measured scores '
        f"({escape(source)}). A share rests on labels this precise: "
        "compare sources by more than these errors allow.</p>"
    )


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
            f"<tr><td>{escape(signal.name)}</td>"
            f"<td>{show_value(row[signal.name], signal.name)}</td>"
            f"<td>{interval_text(row, signal.name)}</td><td>{int(row[f'{signal.name}_n']):,} in "
            f"{int(row[f'{signal.name}_articles']):,}</td>"
            f"<td>{show_value(row[f'{signal.name}_median'], signal.name)} ({vs_text})</td>"
            f'<td class="def">{escape(signal.definition)}</td></tr>'
        )
    signals_table = (
        "<h2>Signals</h2><table><thead><tr><th>signal</th><th>value</th><th>95% interval</th>"
        "<th>out of (in articles)</th><th>corpus median (this source minus it)</th>"
        "<th>definition</th></tr>"
        "</thead><tbody>" + "".join(signal_rows) + "</tbody></table>"
    )
    top = str(row.get("top_speakers") or "")
    speakers = (
        "<h2>Most quoted</h2><p>" + escape(top) + "</p>"
        '<p class="note">Quotation sentences of each speaker, and their share of the source\'s '
        "attributed quotation sentences.</p>"
        if top
        else ""
    )
    examples = [speakers, "<h2>Example sentences</h2>", legend()]
    for label in BAR_ORDER:
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
            mix_of({label: float(row[f"e_{label}"]) for label in LABELS}), width=480, height=18
        )
    )
    for page in range(pages):
        part = articles.iloc[page * ARTICLES_PER_PAGE : (page + 1) * ARTICLES_PER_PAGE]
        items = "".join(
            f'<tr><td><a href="../articles/{base}/{slug(a[DOC_ID])}.html">'
            f"{escape(str(a[DOC_ID]))}</a></td><td>{int(a['sentences'])}</td>"
            f"<td>{charts.stacked_bar(mix_of({label: a[f'e_{label}'] for label in LABELS}))}"
            "</td>"
            "</tr>"
            for a in part.to_dict("records")
        )
        name_of = lambda p: f"{base}.html" if p == 0 else f"{base}-{p + 1}.html"  # noqa: E731
        page_links = pager(page, pages, name_of)
        article_list = (
            f"<h2>Articles</h2>{page_links}<table><thead><tr><th>article</th><th>sentences</th>"
            f"<th>label mix</th></tr></thead><tbody>{items}</tbody></table>{page_links}"
        )
        body = summary + (signals_table + "".join(examples) if page == 0 else "") + article_list
        yield f"sources/{name_of(page)}", render_page(source, body, depth=1)


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
