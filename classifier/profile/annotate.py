"""Each tagged sentence, in article order, with the signals read off it: quote form, speaker and
attribution, reporting verbs, cited source, boilerplate kind, repeats, transparency markers and
the headline. The first step of a profile (``profiles.py`` counts them per article and source).

A report reads millions of sentences: every step here works on whole columns (Arrow's regex
engine, integer codes for sources, articles and repeated texts), not on Python objects per row.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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

    distinct = DistinctTexts.of(texts)
    annotated["direct_quote"] = is_quote & distinct.each(sig.is_direct_quote)
    annotated[["attribution", "speaker", "cue"]] = read_speakers(
        annotated, texts, is_quote, pd.Series(article, index=annotated.index)
    )
    annotated["cites_source"] = (labels == "reporting").to_numpy() & distinct.each(sig.cites_source)
    neutral, loaded = distinct.each(lambda t: np.stack(sig.count_reporting_verbs(t), axis=1)).T
    annotated["neutral_verbs"] = np.where(is_content, neutral, 0)
    annotated["loaded_verbs"] = np.where(is_content, loaded, 0)

    repeats = _repeats(distinct, source_code, article)
    annotated["repeated_in_source"] = repeats["in_source"]
    annotated["repeated_across_sources"] = repeats["across_sources"]
    kinds = np.full(len(annotated), "", dtype=object)
    is_chrome = np.flatnonzero(~is_content)
    repeated = repeats["in_source"] | repeats["in_article"]
    kinds[is_chrome] = sig.classify_boilerplate(texts.iloc[is_chrome], repeated[is_chrome])
    annotated["boilerplate_kind"] = kinds

    markers = distinct.each(lambda t: sig.find_transparency_markers(t)[list(MARKERS)].to_numpy())
    for i, marker in enumerate(MARKERS):
        annotated[f"marker_{marker}"] = markers[:, i]
    annotated["is_headline"] = _first_headline(distinct, article)
    return annotated


class DistinctTexts(NamedTuple):
    """The texts of many rows as their distinct texts (``texts``) and each row's one (``code``),
    so that a signal of the text is read once per distinct text: chrome lines recur by the
    thousand in a crawl."""

    code: np.ndarray
    texts: pd.Series

    @classmethod
    def of(cls, texts: pd.Series) -> DistinctTexts:
        """``texts``: a ``string[pyarrow]`` series without missing values."""
        code, distinct = _factorize_strings(texts)
        return cls(code, pd.Series(pd.arrays.ArrowStringArray(distinct), dtype=texts.dtype))

    def each(self, signal, rows: np.ndarray | None = None) -> np.ndarray:
        """``signal`` (a function of a Series of texts, one value or row per text) for every
        row, or for the ``rows`` given (positions), in their order."""
        if rows is None:
            return np.asarray(signal(self.texts))[self.code]
        used, inverse = np.unique(self.code[rows], return_inverse=True)
        return np.asarray(signal(self.texts.iloc[used]))[inverse]


def _factorize_strings(strings: pd.Series) -> tuple[np.ndarray, pa.Array]:
    """``pd.factorize`` of a ``string[pyarrow]`` series without missing values, by Arrow's hash
    table (half the time of pandas' on a million distinct sentences): each row's code, in the
    order the distinct strings first come, and the distinct strings."""
    encoded = pc.dictionary_encode(sig._arrow_strings(strings))
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.unify_dictionaries().combine_chunks()
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp), encoded.dictionary


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


def _repeats(distinct: DistinctTexts, source_code: np.ndarray, article: np.ndarray) -> dict:
    """Which non-empty texts (by their repeats key) recur: in another article of the source
    (``in_source``), in another source (``across_sources``), or earlier in their own article
    (``in_article``)."""
    keys = sig.normalise_for_repeats(distinct.texts)
    key_of_text, _ = _factorize_strings(keys)
    key_code = key_of_text[distinct.code].astype(np.int64)
    has_key = (keys != "").to_numpy()[distinct.code]
    source_and_key = source_code.astype(np.int64) * (int(key_code.max(initial=0)) + 1) + key_code
    frame = pd.DataFrame({"key": key_code, "article": article})
    return {
        "in_source": has_key & _varies_within(source_and_key, article),
        "across_sources": has_key & _varies_within(key_code, source_code),
        "in_article": frame.duplicated(["article", "key"]).to_numpy(),
    }


def _varies_within(groups: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per row, whether its group (rows of equal ``groups``) holds more than one value."""
    if len(groups) == 0:
        return np.zeros(0, dtype=bool)
    order = np.argsort(groups, kind="stable")
    grouped = groups[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    ordered = values[order]
    varies = np.minimum.reduceat(ordered, starts) != np.maximum.reduceat(ordered, starts)
    found = np.empty(len(groups), dtype=bool)
    found[order] = np.repeat(varies, np.diff(np.r_[starts, len(groups)]))
    return found


def _first_headline(distinct: DistinctTexts, article: np.ndarray) -> np.ndarray:
    """Whether each sentence is its article's headline: the first of the article's first
    ``HEADLINE_WINDOW`` sentences that reads as a title."""
    starts = np.flatnonzero(np.r_[True, article[1:] != article[:-1]]) if len(article) else article
    position = np.arange(len(article)) - starts[article]
    window = np.flatnonzero(position < HEADLINE_WINDOW)
    candidate = window[distinct.each(sig.is_headline_like, window)]
    candidate_article = article[candidate]
    first = np.ones(len(candidate), dtype=bool)
    first[1:] = candidate_article[1:] != candidate_article[:-1]
    headline = np.zeros(len(article), dtype=bool)
    headline[candidate[first]] = True
    return headline
