"""The per-source profile as a terminal table and as records for CSV and JSON."""

from __future__ import annotations

import math
import textwrap

import pandas as pd

from ..profile.profiles import MIN_ARTICLES, SIGNAL_BY_NAME
from ..profile.trust import scores_of
from ..schema import SOURCE

SOURCE_WIDTH = 22
NOTE_WIDTH = 96
# (column heading, signal) for the two terminal tables; the label mix shows intervals.
LABEL_MIX = (
    ("reporting", "share_reporting"),
    ("quotation", "share_quotation"),
    ("opinion", "share_opinion"),
    ("boilerplate", "share_boilerplate"),
)
SIGNAL_COLUMNS = (
    ("direct", "share_direct_quotes"),
    ("quotes/art", "quotes_per_article"),
    ("speakers", "speakers_per_article"),
    ("named", "share_named_attribution"),
    ("role", "share_role_attribution"),
    ("anon", "share_anonymous_attribution"),
    ("unattr", "share_unattributed_attribution"),
    ("cited", "share_reporting_cited"),
    ("loaded", "share_loaded_cues"),
    ("repeated", "share_repeated_in_source"),
)


def format_value(value, signal: str, *, decimals: int = 0, missing: str = "-") -> str:
    """A share as a percentage with ``decimals``; a per-article mean with one decimal more."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    if SIGNAL_BY_NAME[signal].is_share:
        return f"{value * 100:.{decimals}f}%"
    return f"{value:.{decimals + 1}f}"


def format_interval(profile_row, signal: str) -> str:
    value = format_value(profile_row[signal], signal)
    low, high = profile_row[f"{signal}_low"], profile_row[f"{signal}_high"]
    if value == "-" or pd.isna(low):
        return value
    return f"{value} [{low * 100:.0f}-{high * 100:.0f}]"


def format_table(profile: pd.DataFrame) -> str:
    """Two tables of one line per source (at most 100 columns), then the corpus median."""
    if profile.empty:
        return "no tagged sentences\n"
    names = [
        _short(str(source)) + (" *" if few else "")
        for source, few in zip(profile[SOURCE], profile["too_few_articles"], strict=True)
    ]
    mix = pd.DataFrame(
        {
            "source": names,
            "articles": profile["articles"].map("{:,}".format),
            "sentences": profile["sentences"].map("{:,}".format),
            **{
                heading: [format_interval(row, signal) for _, row in profile.iterrows()]
                for heading, signal in LABEL_MIX
            },
        }
    )
    signals = pd.DataFrame(
        {
            "source": names,
            **{
                heading: [format_value(value, signal) for value in profile[signal]]
                for heading, signal in SIGNAL_COLUMNS
            },
        }
    )
    median = {
        heading: format_value(profile[f"{signal}_median"].iloc[0], signal)
        for heading, signal in (*LABEL_MIX, *SIGNAL_COLUMNS)
    }
    mix.loc[len(mix)] = ["corpus median", "", "", *(median[h] for h, _ in LABEL_MIX)]
    signals.loc[len(signals)] = ["corpus median", *(median[h] for h, _ in SIGNAL_COLUMNS)]
    notes = [
        "Label mix: share and bootstrap 95% interval over articles (percent); reporting, "
        "quotation,",
        "opinion of the non-boilerplate sentences, boilerplate of all sentences.",
        *textwrap.wrap(estimate_note(profile), NOTE_WIDTH),
        "direct: quotes with quote marks; quotes/art, speakers: per article; named, role, anon, "
        "unattr:",
        "whom quotes are attributed to; cited: reporting citing a source; loaded: attributions "
        "with a",
        'loaded cue ("claimed", "admitted"); repeated: text also in another article of the source.',
        "Definitions: README, section Report.",
        f"Median over {profile['corpus_median_over'].iloc[0]}.",
    ]
    if profile["too_few_articles"].any():
        notes.append(
            f"* fewer than {MIN_ARTICLES} articles: shown, not ranked; its intervals are wide."
        )
    trust = trust_note(profile)
    if trust:
        notes += ["", *textwrap.wrap(trust, NOTE_WIDTH)]
    notes += speakers_note(profile)
    return (
        mix.to_string(index=False)
        + "\n\n"
        + signals.to_string(index=False)
        + "\n\n"
        + "\n".join(notes)
        + "\n"
    )


def speakers_note(profile: pd.DataFrame) -> list[str]:
    """Each source's most quoted speakers, with their quotes and share of its attributed ones."""
    if "top_speakers" not in profile.columns or not (profile["top_speakers"] != "").any():
        return []
    lines = ["", "Most quoted (quotation sentences, share of the source's attributed ones):"]
    for source, top in zip(profile[SOURCE], profile["top_speakers"], strict=True):
        if top:
            lines += textwrap.wrap(
                f"{source}: {top}", NOTE_WIDTH, initial_indent="  ", subsequent_indent="    "
            )
    return lines


def estimate_note(profile: pd.DataFrame) -> str:
    """How the label mix was estimated, and what its intervals cover."""
    if (profile["shares_from"] == "probabilities").all():
        return (
            "The label mix is estimated from the probabilities beside the labels (recalibrated "
            "for counting when the model was trained); its intervals cover the tagger's "
            "uncertainty as well as the sampling of articles."
        )
    return (
        "The label mix counts the labels: the tagged file has no probability columns "
        "(p_<label>), so the intervals cover the sampling of articles only."
    )


def trust_note(profile: pd.DataFrame) -> str:
    """The model's measured precision and recall per label, when the report has them."""
    measured = scores_of(profile)
    if measured is None:
        return ""
    source, scores = measured
    parts = [
        f"{label} {score['precision'] * 100:.0f}% / {score['recall'] * 100:.0f}%"
        f" ({int(score['support']):,} labelled)"
        for label, score in scores.items()
    ]
    return (
        "How far each share can be trusted: the model's measured precision / recall per label "
        f"({source}): " + ", ".join(parts) + "."
    )


def _short(name: str) -> str:
    return name if len(name) <= SOURCE_WIDTH else name[: SOURCE_WIDTH - 1] + "…"


def profile_records(profile: pd.DataFrame) -> list[dict]:
    """One JSON-ready dict per source: NaN becomes None, numpy scalars plain Python."""
    records = []
    for record in profile.to_dict("records"):
        records.append({key: _plain(value) for key, value in record.items()})
    return records


def _plain(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value
