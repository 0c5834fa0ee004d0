"""Per-source profiles from tagged sentences."""

from __future__ import annotations

import pandas as pd

from .schema import DOC_ID, LABEL, LABELS, SOURCE

SHARE_DIGITS = 4
# Boilerplate is a share of all sentences; the other labels are shares of the article text proper.
SHARE_OF_ALL = ("boilerplate",)


def share_column(label: str) -> str:
    return f"share_{label}"


def profile_sources(tagged_df: pd.DataFrame) -> pd.DataFrame:
    """One row per source: articles, sentences, per-label counts and shares."""
    counts = (
        tagged_df.groupby([SOURCE, LABEL])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=LABELS, fill_value=0)
    )
    grouped = tagged_df.groupby(SOURCE)
    profile = pd.DataFrame(
        {
            "articles": grouped[DOC_ID].nunique(),
            "sentences": grouped.size(),
        }
    )
    content = counts.drop(columns=list(SHARE_OF_ALL)).sum(axis=1)
    for label in LABELS:
        profile[f"n_{label}"] = counts[label]
    for label in LABELS:
        denominator = profile["sentences"] if label in SHARE_OF_ALL else content
        share = counts[label] / denominator.where(denominator > 0)
        profile[share_column(label)] = share.fillna(0.0).round(SHARE_DIGITS)
    profile = profile.reset_index().sort_values("sentences", ascending=False, kind="stable")
    return profile.reset_index(drop=True)


def format_table(profile: pd.DataFrame) -> str:
    """A terminal table: one line per source, shares as percentages."""
    shown = pd.DataFrame(
        {
            "source": profile[SOURCE].astype(str).str.slice(0, 32),
            "articles": profile["articles"],
            "sentences": profile["sentences"],
            **{
                label: (profile[share_column(label)] * 100).map("{:.1f}%".format)
                for label in ("reporting", "quotation", "opinion", "boilerplate")
            },
        }
    )
    note = "reporting, quotation, opinion: share of non-boilerplate sentences; boilerplate: of all"
    return shown.to_string(index=False) + "\n\n" + note + "\n"
