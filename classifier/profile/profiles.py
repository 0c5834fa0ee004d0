"""Per-source credibility profiles from tagged sentences.

A named pipeline of three pure steps:

1. ``annotate_sentences``: each tagged sentence gets the signals read off it (quote form, speaker,
   attribution, reporting verbs, cited source, boilerplate kind, repeats, transparency markers).
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

from ..schema import DOC_ID, LABEL, LABELS, SENT_INDEX, SOURCE, TEXT
from . import signals as sig
from .intervals import RESAMPLES, bootstrap_interval, ratio
from .label_mix import expected_label_counts, tagging_variances
from .speakers import NAMED, count_attributions, read_speakers, with_top_speakers

MIN_ARTICLES = 5
HEADLINE_WINDOW = 3
SEED = 0
SHARE_DIGITS = 4
MARKERS = tuple(sig.TRANSPARENCY_MARKERS)


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


def annotate_sentences(tagged_df: pd.DataFrame) -> pd.DataFrame:
    """Tagged sentences in article order, with the signals read off each one."""
    order = [SOURCE, DOC_ID, SENT_INDEX] if SENT_INDEX in tagged_df.columns else [SOURCE, DOC_ID]
    annotated = tagged_df.sort_values(order, kind="stable").reset_index(drop=True)
    # A tagged file need not carry the text; the label mix is still counted, text signals are not.
    raw = annotated[TEXT] if TEXT in annotated.columns else pd.Series("", index=annotated.index)
    texts = raw.fillna("").astype(str).astype("string[pyarrow]")
    labels = annotated[LABEL].astype(str)
    is_quote = (labels == "quotation").to_numpy()
    is_content = (labels != "boilerplate").to_numpy()
    # Two sources may both have an article "1": an article is the pair.
    article = pd.Series(
        pd.factorize(pd.MultiIndex.from_arrays([annotated[SOURCE], annotated[DOC_ID]]))[0],
        index=annotated.index,
    )

    annotated["direct_quote"] = is_quote & sig.is_direct_quote(texts)
    annotated[["attribution", "speaker", "cue"]] = read_speakers(
        annotated, texts, is_quote, article
    )
    annotated["cites_source"] = (labels == "reporting").to_numpy() & sig.cites_source(texts)
    neutral, loaded = sig.count_reporting_verbs(texts.where(is_content, ""))
    annotated["neutral_verbs"] = neutral
    annotated["loaded_verbs"] = loaded

    key = sig.normalise_for_repeats(texts)
    has_key = (key != "").to_numpy()
    articles_per_key = annotated.groupby([SOURCE, key])[DOC_ID].transform("nunique")
    sources_per_key = annotated.groupby(key)[SOURCE].transform("nunique")
    annotated["repeated_in_source"] = has_key & (articles_per_key > 1).to_numpy()
    annotated["repeated_across_sources"] = has_key & (sources_per_key > 1).to_numpy()
    repeated_in_article = annotated.groupby([article, key]).cumcount().to_numpy() > 0
    kinds = np.full(len(annotated), "", dtype=object)
    is_chrome = ~is_content
    kinds[is_chrome] = sig.classify_boilerplate(
        texts[is_chrome],
        (annotated["repeated_in_source"].to_numpy() | repeated_in_article)[is_chrome],
    )
    annotated["boilerplate_kind"] = kinds

    markers = sig.find_transparency_markers(texts)
    for marker in MARKERS:
        annotated[f"marker_{marker}"] = markers[marker].to_numpy()
    position = annotated.groupby(article, sort=False).cumcount()
    candidate = sig.is_headline_like(texts) & (position < HEADLINE_WINDOW).to_numpy()
    first_candidate = pd.Series(candidate).groupby(article).cumsum() == 1
    annotated["is_headline"] = candidate & first_candidate.to_numpy()
    return annotated


def measure_articles(annotated: pd.DataFrame) -> pd.DataFrame:
    """One row per (source, doc_id): the counts that every signal divides."""
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
    frame = pd.DataFrame(columns).astype(np.int64)
    frame = pd.concat([frame, expected], axis=1)
    keys = [annotated[SOURCE].astype(str), annotated[DOC_ID].astype(str)]
    articles = frame.groupby(keys, sort=False).sum()
    for marker in MARKERS:
        articles[f"has_{marker}"] = (articles[f"has_{marker}"] > 0).astype(np.int64)
    named = annotated.loc[annotated["attribution"] == NAMED, [SOURCE, DOC_ID, "speaker"]]
    speakers = named.assign(speaker=named["speaker"].map(sig.speaker_key))
    speakers = speakers[speakers["speaker"] != ""]
    articles["n_speakers"] = (
        speakers.groupby([SOURCE, DOC_ID])["speaker"].nunique().reindex(articles.index).fillna(0)
    ).astype(np.int64)
    articles["one"] = 1
    articles.index.names = [SOURCE, DOC_ID]
    return articles.reset_index()


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
