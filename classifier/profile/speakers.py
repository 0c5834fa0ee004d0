"""Who each source quotes: the speaker, its kind and the cue of every quotation sentence, as
``classifier tag`` wrote them (its ``speaker``, ``speaker_kind`` and ``cue`` columns) or, for a
tagged file without them, read here by the same reader (``attribution``, by its rules).

For the report a quotation sentence is attributed to a ``named`` person or organisation, a
``role`` ("the Turkish army"), an ``anonymous`` source ("a senior official"), or is
``unattributed``; a pronoun counts as the kind of the speaker it was resolved to, and as
unattributed when it could not be resolved. Speakers are the same speaker when their last words
match ("Russian President Vladimir Putin" and "Putin"), and are shown as most often written.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..attribution import attribute_sentences, kind_of_phrase
from ..schema import CUE, DOC_ID, SOURCE, SPEAKER, SPEAKER_COLUMNS, SPEAKER_KIND
from . import signals as sig

NAMED, ROLE, ANONYMOUS, UNATTRIBUTED = "named", "role", "anonymous", "unattributed"
REPORT_KINDS = (NAMED, ROLE, ANONYMOUS, UNATTRIBUTED)
TOP_SPEAKERS = 5
_LOADED = frozenset(sig.LOADED_VERBS)


def read_speakers(
    annotated: pd.DataFrame, texts: pd.Series, is_quote: np.ndarray, article: pd.Series
) -> pd.DataFrame:
    """``attribution`` (a ``REPORT_KINDS`` kind), ``speaker`` and ``cue`` of each sentence ("" on
    the other labels), from the tagged columns when the file has them."""
    if all(column in annotated.columns for column in SPEAKER_COLUMNS):
        found = annotated[list(SPEAKER_COLUMNS)].fillna("").astype(str)
    else:
        read = attribute_sentences(texts.tolist(), article.to_numpy(), is_quote)
        found = pd.DataFrame(
            {
                SPEAKER: [a.speaker for a in read],
                SPEAKER_KIND: [a.kind for a in read],
                CUE: [a.cue for a in read],
            },
            index=annotated.index,
        )
    kind = found[SPEAKER_KIND].to_numpy(dtype=object).copy()
    pronoun = kind == "pronoun"
    kind[pronoun] = [kind_of_phrase(speaker) for speaker in found[SPEAKER][pronoun]]
    kind[(kind == "pronoun") | (kind == "none") | (kind == "")] = UNATTRIBUTED
    kind[~is_quote] = ""
    speaker = found[SPEAKER].where(kind != UNATTRIBUTED, "")
    return pd.DataFrame(
        {"attribution": kind, "speaker": speaker.where(is_quote, ""), "cue": found[CUE]},
        index=annotated.index,
    )


def count_attributions(annotated: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per sentence, the counts behind the attribution signals: one column per report kind, the
    cues (``n_cued``) and the loaded ones among them ("claimed", "admitted": ``n_loaded_cue``)."""
    attribution = annotated["attribution"].to_numpy()
    cues = annotated["cue"].fillna("").astype(str)
    cued = (cues != "").to_numpy()
    loaded = np.zeros(len(annotated), dtype=bool)
    cued_rows = cues[cued]
    is_loaded = {cue: cue.lower().split()[0] in _LOADED for cue in pd.unique(cued_rows)}
    loaded[cued] = cued_rows.map(is_loaded).to_numpy(dtype=bool)
    return {
        **{f"n_{kind}": attribution == kind for kind in REPORT_KINDS},
        "n_cued": cued,
        "n_loaded_cue": loaded,
    }


def top_speakers(annotated: pd.DataFrame, *, top: int = TOP_SPEAKERS) -> pd.DataFrame:
    """Each source's most quoted speakers: ``source, speaker, quotes, articles, share`` (of the
    source's attributed quotation sentences), most quoted first, at most ``top`` a source."""
    quoted = annotated.loc[annotated["speaker"] != "", [SOURCE, DOC_ID, "speaker"]]
    if quoted.empty:
        return pd.DataFrame(columns=[SOURCE, "speaker", "quotes", "articles", "share"])
    keys = {name: sig.speaker_key(name) for name in pd.unique(quoted["speaker"])}
    quoted = quoted.assign(key=quoted["speaker"].map(keys), row=np.arange(len(quoted)))
    counts = (
        quoted.groupby([SOURCE, "key"], sort=False)
        .agg(quotes=("row", "size"), articles=(DOC_ID, "nunique"))
        .reset_index()
        .merge(_most_written(quoted), on=[SOURCE, "key"])
    )[[SOURCE, "key", "speaker", "quotes", "articles"]]
    counts["share"] = counts["quotes"] / counts.groupby(SOURCE)["quotes"].transform("sum")
    counts = counts.sort_values([SOURCE, "quotes", "speaker"], ascending=[True, False, True])
    return counts.groupby(SOURCE, sort=False).head(top).drop(columns="key").reset_index(drop=True)


def _most_written(quoted: pd.DataFrame) -> pd.DataFrame:
    """Per ``(source, key)``, the speaker as most often written; of equally frequent ones, the
    first written."""
    names = quoted.groupby([SOURCE, "key", "speaker"], sort=False).agg(
        n=("row", "size"), first=("row", "min")
    )
    names = names.reset_index().sort_values(["n", "first"], ascending=[False, True])
    return names.drop_duplicates([SOURCE, "key"])[[SOURCE, "key", "speaker"]]


def describe_top_speakers(speakers_df: pd.DataFrame) -> dict[str, str]:
    """Per source, its top speakers in one line: "Putin 12 (30%); Erdogan 8 (20%)"."""
    lines: dict[str, str] = {}
    for row in speakers_df.itertuples(index=False):
        part = f"{row.speaker} {row.quotes} ({row.share:.0%})"
        lines[row.source] = f"{lines[row.source]}; {part}" if row.source in lines else part
    return lines


def with_top_speakers(profile: pd.DataFrame, annotated: pd.DataFrame) -> pd.DataFrame:
    """The profile with ``top_speakers``: each source's most quoted speakers in one line."""
    if profile.empty:
        return profile
    lines = describe_top_speakers(top_speakers(annotated))
    top = pd.Series([lines.get(source, "") for source in profile[SOURCE]], index=profile.index)
    return pd.concat([profile, top.rename("top_speakers")], axis=1)
