"""Per-source credibility profiles from tagged sentences.

A named pipeline of three pure steps:

1. ``annotate_sentences`` (``annotate.py``): each tagged sentence gets the signals read off it
   (quote form, speaker, attribution, reporting verbs, cited source, boilerplate kind, repeats,
   transparency markers).
2. ``measure_articles``: one row per article with the counts behind every signal.
3. ``profile_sources``: one row per source; every signal is a ratio of sums over the source's
   articles, with a bootstrap 95% interval over articles, and its distance from the corpus median.

``SIGNALS`` defines each signal once; the README, the tables and the HTML report read it.
"""

from __future__ import annotations

import zlib
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..schema import DOC_ID, LABEL, LABELS, SOURCE
from . import signals as sig
from .annotate import HEADLINE_WINDOW, MARKERS, annotate_sentences
from .intervals import RESAMPLES, bootstrap_interval, ratio
from .label_mix import expected_label_counts, tagging_variances
from .speakers import NAMED, count_attributions, with_top_speakers

MIN_ARTICLES = 5
SEED = 0
SHARE_DIGITS = 4


ATTRIBUTION_KINDS = {
    "named": "quotation sentences attributed to a named person or organisation (directly, by "
    '"he said" after a name, or continuing a quote that names one), of all quotation sentences',
    "role": 'quotation sentences attributed to a role or body ("the Turkish army", "police", '
    '"the ministry"), of all quotation sentences',
    "anonymous": 'quotation sentences attributed to unnamed sources ("a senior official said", '
    '"sources say", "on condition of anonymity"), of all quotation sentences',
    "unattributed": "quotation sentences whose speaker the reader found neither in them nor in "
    "the quote they continue, of all quotation sentences",
}


class Signal(NamedTuple):
    name: str
    numerator: str
    denominator: str
    definition: str
    group: str

    @property
    def is_share(self) -> bool:
        return self.name.startswith("share_")


def _define_signals() -> tuple[Signal, ...]:
    signals = [
        Signal(
            "share_boilerplate",
            "e_boilerplate",
            "sentences",
            "sentences that are boilerplate, of all sentences (estimated: see shares_from)",
            "label mix",
        )
    ]
    for label in ("reporting", "quotation", "opinion"):
        signals.append(
            Signal(
                f"share_{label}",
                f"e_{label}",
                "e_content",
                f"sentences that are {label}, of the non-boilerplate sentences (estimated: see "
                "shares_from)",
                "label mix",
            )
        )
    signals += [
        Signal(
            "share_direct_quotes",
            "n_direct",
            "n_quotation",
            "quotation sentences with quote marks, of all quotation sentences",
            "quotation",
        ),
        Signal(
            "share_indirect_quotes",
            "n_indirect",
            "n_quotation",
            "quotation sentences without quote marks (reported speech), of all quotation sentences",
            "quotation",
        ),
        Signal(
            "quotes_per_article",
            "n_quotation",
            "one",
            "quotation sentences per article",
            "quotation",
        ),
        Signal(
            "speakers_per_article",
            "n_speakers",
            "one",
            "distinct named speakers per article, where a quotation sentence names its speaker "
            "(same last name = same speaker)",
            "quotation",
        ),
        *(
            Signal(f"share_{kind}_attribution", f"n_{kind}", "n_quotation", words, "attribution")
            for kind, words in ATTRIBUTION_KINDS.items()
        ),
        Signal(
            "share_reporting_cited",
            "n_cited",
            "n_reporting",
            'reporting sentences that cite a source ("according to", "reported", "citing", '
            "a study, survey, monitor or agency), of all reporting sentences",
            "attribution",
        ),
        Signal(
            "share_loaded_verbs",
            "n_loaded_verbs",
            "n_reporting_verbs",
            'loaded reporting verbs ("claimed", "admitted", "slammed", "blasted"...), of all '
            'reporting verbs, neutral ones being "said", "told", "added"... (non-boilerplate '
            "sentences)",
            "reporting verbs",
        ),
        Signal(
            "share_loaded_cues",
            "n_loaded_cue",
            "n_cued",
            'attributions whose cue colours the quote ("claimed", "admitted", "insisted"), of all '
            "quotation sentences with a cue",
            "reporting verbs",
        ),
    ]
    for kind in sig.BOILERPLATE_KIND_NAMES:
        signals.append(
            Signal(
                f"share_boilerplate_{kind}",
                f"n_boilerplate_{kind}",
                "n_boilerplate",
                f"boilerplate sentences of kind {kind.replace('_', ' ')}, of all boilerplate",
                "boilerplate kinds",
            )
        )
    signals += [
        Signal(
            "share_repeated_in_source",
            "n_repeated_in_source",
            "sentences",
            "sentences whose text also occurs in another article of the same source "
            "(templates, reused paragraphs), of all sentences",
            "repeated text",
        ),
        Signal(
            "share_repeated_across_sources",
            "n_repeated_across_sources",
            "sentences",
            "sentences whose text also occurs in another source (wire copy, syndication), of all "
            "sentences",
            "repeated text",
        ),
    ]
    for label in LABELS:
        signals.append(
            Signal(
                f"share_headline_{label}",
                f"headline_{label}",
                "has_headline",
                f"articles whose headline is tagged {label}, of the articles with a headline "
                f"(a title-like line among the first {HEADLINE_WINDOW} sentences)",
                "headline",
            )
        )
    for marker in MARKERS:
        signals.append(
            Signal(
                f"share_articles_{marker}",
                f"has_{marker}",
                "one",
                f"articles showing a {marker} marker, of all articles",
                "transparency",
            )
        )
    return tuple(signals)


SIGNALS = _define_signals()
SIGNAL_BY_NAME = {signal.name: signal for signal in SIGNALS}


def measure_articles(annotated: pd.DataFrame) -> pd.DataFrame:
    """One row per (source, doc_id), in the order they come: the counts that every signal
    divides. ``annotated`` is what ``annotate_sentences`` returns (an article's rows together)."""
    labels = annotated[LABEL].astype(str)
    columns = {
        "sentences": np.ones(len(annotated), dtype=np.int64),
        "n_content": (labels != "boilerplate").to_numpy(),
        "n_direct": annotated["direct_quote"].to_numpy(),
        "n_indirect": ((labels == "quotation") & ~annotated["direct_quote"]).to_numpy(),
        **count_attributions(annotated),
        "n_cited": annotated["cites_source"].to_numpy(),
        "n_loaded_verbs": annotated["loaded_verbs"].to_numpy(),
        "n_reporting_verbs": (annotated["neutral_verbs"] + annotated["loaded_verbs"]).to_numpy(),
        "n_repeated_in_source": annotated["repeated_in_source"].to_numpy(),
        "n_repeated_across_sources": annotated["repeated_across_sources"].to_numpy(),
        "has_headline": annotated["is_headline"].to_numpy(),
    }
    for label in LABELS:
        columns[f"n_{label}"] = (labels == label).to_numpy()
        columns[f"headline_{label}"] = (annotated["is_headline"] & (labels == label)).to_numpy()
    expected = expected_label_counts(annotated)
    for kind in sig.BOILERPLATE_KIND_NAMES:
        columns[f"n_boilerplate_{kind}"] = (annotated["boilerplate_kind"] == kind).to_numpy()
    for marker in MARKERS:
        columns[f"has_{marker}"] = annotated[f"marker_{marker}"].to_numpy()
    article, starts = _articles_of(annotated)
    n_articles = len(starts)
    # Sums per article by bincount: a frame of every count column as int64 took most of the time.
    counts = {
        name: np.bincount(article, weights=values, minlength=n_articles).astype(np.int64)
        for name, values in columns.items()
    }
    articles = pd.DataFrame(
        {
            SOURCE: annotated[SOURCE].astype(str).to_numpy()[starts],
            DOC_ID: annotated[DOC_ID].astype(str).to_numpy()[starts],
            **counts,
        }
    )
    sums = expected.groupby(article, sort=False).sum().reset_index(drop=True)
    articles = pd.concat([articles, sums], axis=1)
    for marker in MARKERS:
        articles[f"has_{marker}"] = (articles[f"has_{marker}"] > 0).astype(np.int64)
    named = np.flatnonzero((annotated["attribution"] == NAMED).to_numpy())
    names = annotated["speaker"].to_numpy()[named]
    keys = {name: sig.speaker_key(name) for name in pd.unique(names)}
    speakers = pd.DataFrame({"article": article[named], "key": [keys[name] for name in names]})
    speakers = speakers[speakers["key"] != ""]
    articles["n_speakers"] = np.bincount(
        speakers.drop_duplicates()["article"].to_numpy(), minlength=n_articles
    ).astype(np.int64)
    articles["one"] = 1
    return articles


def _articles_of(annotated: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each row's article number (0, 1, ... as they come) and the row each article starts at,
    for rows that keep an article's sentences together (``annotate_sentences`` does)."""
    source, doc = annotated[SOURCE].to_numpy(), annotated[DOC_ID].to_numpy()
    opens = np.ones(len(annotated), dtype=bool)
    opens[1:] = (source[1:] != source[:-1]) | (doc[1:] != doc[:-1])
    return np.cumsum(opens) - 1, np.flatnonzero(opens)


def profile_sources(
    tagged_df: pd.DataFrame,
    *,
    resamples: int = RESAMPLES,
    min_articles: int = MIN_ARTICLES,
    seed: int = SEED,
) -> pd.DataFrame:
    """One row per source, most sentences first; see ``SIGNALS`` for the columns."""
    annotated = annotate_sentences(tagged_df)
    profile = profile_articles(
        measure_articles(annotated), resamples=resamples, min_articles=min_articles, seed=seed
    )
    return with_top_speakers(profile, annotated)


def profile_articles(
    articles: pd.DataFrame,
    *,
    resamples: int = RESAMPLES,
    min_articles: int = MIN_ARTICLES,
    seed: int = SEED,
) -> pd.DataFrame:
    """Aggregate ``measure_articles`` output into source profiles with intervals."""
    # Every column as one array, the articles of a source side by side: slicing arrays per source
    # is what keeps a report of thousands of sources fast (selecting columns of each group's
    # DataFrame took most of the time).
    codes, sources = pd.factorize(articles[SOURCE], sort=False)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(sources) + 1))
    numerators = [signal.numerator for signal in SIGNALS]
    top_all = articles[numerators].to_numpy(np.float64)[order]
    bottom_all = articles[[signal.denominator for signal in SIGNALS]].to_numpy(np.float64)[order]
    variances_all = tagging_variances(articles, numerators)[order]
    counted = [f"n_{label}" for label in LABELS]
    expected = [f"e_{label}" for label in LABELS]
    counts_all = articles[["sentences", *counted]].to_numpy(np.int64)[order]
    expected_all = articles[expected].to_numpy(np.float64)[order]
    labels_counted = articles["labels_counted"].to_numpy()[order]
    rows = []
    for k, source in enumerate(sources):
        part = slice(bounds[k], bounds[k + 1])
        top, bottom = top_all[part], bottom_all[part]
        counts, expected_counts = counts_all[part].sum(axis=0), expected_all[part].sum(axis=0)
        row = {
            SOURCE: source,
            "articles": len(top),
            "sentences": int(counts[0]),
            **{name: int(count) for name, count in zip(counted, counts[1:], strict=True)},
            # What the label mix counts: expected counts, or the label counts (``shares_from``).
            **{
                name: round(float(e), SHARE_DIGITS)
                for name, e in zip(expected, expected_counts, strict=True)
            },
            "shares_from": "labels" if labels_counted[part].any() else "probabilities",
        }
        value = ratio(top.sum(axis=0), bottom.sum(axis=0))
        low, high = bootstrap_interval(
            top,
            bottom,
            variances=variances_all[part],
            resamples=resamples,
            seed=_seed_for(source, seed),
        )
        for i, signal in enumerate(SIGNALS):
            row[signal.name] = value[i]
            row[f"{signal.name}_low"] = low[i]
            row[f"{signal.name}_high"] = high[i]
            row[f"{signal.name}_n"] = int(bottom[:, i].sum())
            row[f"{signal.name}_articles"] = int((bottom[:, i] > 0).sum())
        rows.append(row)
    profile = pd.DataFrame(rows)
    if profile.empty:
        return profile
    profile["too_few_articles"] = profile["articles"] < min_articles
    profile = compare_with_corpus(profile)
    value_columns = [c for c in profile.columns if c.startswith(("share_", "quotes_", "speakers_"))]
    profile[value_columns] = profile[value_columns].round(SHARE_DIGITS)
    profile = profile.sort_values(
        ["too_few_articles", "sentences", SOURCE], ascending=[True, False, True], kind="stable"
    )
    return profile.reset_index(drop=True)


def compare_with_corpus(profile: pd.DataFrame) -> pd.DataFrame:
    """Add each signal's corpus median and ``<signal>_vs_median`` (this source minus the median).

    The median is over the sources with enough articles; when fewer than two have enough, it is
    over all sources (``corpus_median_over`` says which).
    """
    ranked = ~profile["too_few_articles"]
    enough = ranked.sum() >= 2
    basis = profile[ranked] if enough else profile
    profile = profile.copy()
    profile["corpus_median_over"] = "sources with enough articles" if enough else "all sources"
    for signal in SIGNALS:
        median = basis[signal.name].median(skipna=True)
        profile[f"{signal.name}_median"] = median
        profile[f"{signal.name}_vs_median"] = profile[signal.name] - median
    return profile


def _seed_for(source: str, seed: int) -> list[int]:
    """A seed per source that does not depend on the order the sources come in."""
    return [seed, zlib.crc32(str(source).encode("utf-8"))]
