"""Each tagged sentence, in article order, with the signals read off it: quote form, speaker and
attribution, reporting verbs, cited source, boilerplate kind, repeats, transparency markers and
the headline. The first step of a profile (``profiles.py`` counts them per article and source).

A report reads millions of sentences: every step here works on whole columns (Arrow's regex
engine, integer codes for sources, articles and repeated texts), not on Python objects per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import DOC_ID, LABEL, SENT_INDEX, SOURCE, TEXT
from . import signals as sig
from .speakers import read_speakers

HEADLINE_WINDOW = 3
MARKERS = tuple(sig.TRANSPARENCY_MARKERS)


def annotate_sentences(tagged_df: pd.DataFrame) -> pd.DataFrame:
    """Tagged sentences in article order (by source, doc_id and sent_index), with the signals
    read off each one."""
    order, source_code, article = _article_order(tagged_df)
    annotated = tagged_df.take(order).reset_index(drop=True)
    # A tagged file need not carry the text; the label mix is still counted, text signals are not.
    raw = annotated[TEXT] if TEXT in annotated.columns else pd.Series("", index=annotated.index)
    texts = raw.fillna("").astype(str).astype("string[pyarrow]")
    labels = annotated[LABEL].astype(str)
    is_quote = (labels == "quotation").to_numpy()
    is_content = (labels != "boilerplate").to_numpy()

    annotated["direct_quote"] = is_quote & sig.is_direct_quote(texts)
    annotated[["attribution", "speaker", "cue"]] = read_speakers(
        annotated, texts, is_quote, pd.Series(article, index=annotated.index)
    )
    annotated["cites_source"] = (labels == "reporting").to_numpy() & sig.cites_source(texts)
    neutral, loaded = sig.count_reporting_verbs(texts)
    annotated["neutral_verbs"] = np.where(is_content, neutral, 0)
    annotated["loaded_verbs"] = np.where(is_content, loaded, 0)

    repeats = _repeats(sig.normalise_for_repeats(texts), source_code, article)
    annotated["repeated_in_source"] = repeats["in_source"]
    annotated["repeated_across_sources"] = repeats["across_sources"]
    kinds = np.full(len(annotated), "", dtype=object)
    is_chrome = ~is_content
    kinds[is_chrome] = sig.classify_boilerplate(
        texts[is_chrome], (repeats["in_source"] | repeats["in_article"])[is_chrome]
    )
    annotated["boilerplate_kind"] = kinds

    markers = sig.find_transparency_markers(texts)
    for marker in MARKERS:
        annotated[f"marker_{marker}"] = markers[marker].to_numpy()
    annotated["is_headline"] = _first_headline(texts, article)
    return annotated


def _article_order(tagged_df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows' order by source, doc_id and sent_index (a stable sort, missing values last), and
    in that order each row's source number and article number (0, 1, ... as the articles come:
    two sources may both have an article "1", so an article is the pair)."""
    columns = [SOURCE, DOC_ID] + ([SENT_INDEX] if SENT_INDEX in tagged_df.columns else [])
    codes = [pd.factorize(tagged_df[c], sort=True, use_na_sentinel=False)[0] for c in columns]
    order = np.lexsort(codes[::-1])
    source_code, doc_code = codes[0][order], codes[1][order]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = (source_code[1:] != source_code[:-1]) | (doc_code[1:] != doc_code[:-1])
    return order, source_code, np.cumsum(starts) - 1


def _repeats(key: pd.Series, source_code: np.ndarray, article: np.ndarray) -> dict:
    """Which non-empty texts (by their repeats ``key``) recur: in another article of the source
    (``in_source``), in another source (``across_sources``), or earlier in their own article
    (``in_article``)."""
    key_code = pd.factorize(key)[0]
    frame = pd.DataFrame({"source": source_code, "key": key_code, "article": article})
    has_key = (key != "").to_numpy()
    articles_per_key = frame.groupby(["source", "key"])["article"].transform("nunique")
    sources_per_key = frame.groupby("key")["source"].transform("nunique")
    return {
        "in_source": has_key & (articles_per_key > 1).to_numpy(),
        "across_sources": has_key & (sources_per_key > 1).to_numpy(),
        "in_article": frame.duplicated(["article", "key"]).to_numpy(),
    }


def _first_headline(texts: pd.Series, article: np.ndarray) -> np.ndarray:
    """Whether each sentence is its article's headline: the first of the article's first
    ``HEADLINE_WINDOW`` sentences that reads as a title."""
    starts = np.flatnonzero(np.r_[True, article[1:] != article[:-1]]) if len(article) else article
    position = np.arange(len(article)) - starts[article]
    window = np.flatnonzero(position < HEADLINE_WINDOW)
    candidate = window[sig.is_headline_like(texts.iloc[window])]
    candidate_article = article[candidate]
    first = np.ones(len(candidate), dtype=bool)
    first[1:] = candidate_article[1:] != candidate_article[:-1]
    headline = np.zeros(len(article), dtype=bool)
    headline[candidate[first]] = True
    return headline
