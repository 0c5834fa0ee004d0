"""What a credibility analyst reads off one tagged sentence: quote form, reporting verbs, cited
sources, the kind of boilerplate, transparency markers (the speaker: ``attribution``).

Pure functions over sentence texts (and, where the label decides the question, their labels).
They are pattern rules, not a model: each returns a value a reader can check against the sentence.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .repeat_keys import repeat_keys

# Reporting verbs that report speech without judging it, and ones that colour it (a speaker who
# "admitted" or "claimed" is framed by the writer; one who "said" is not). Inflections are listed so
# that a reader can see exactly what is counted; forms that are mostly nouns ("claims", "reports",
# "states", "blasts") are left out.
NEUTRAL_VERBS = (
    "said says say saying told tells tell added adds stated noted explained explains reported "
    "announced announces wrote writes asked asks replied responded responds commented remarked"
).split()
LOADED_VERBS = (
    "claimed admitted admits insisted insists alleged alleges conceded concedes boasted "
    "confessed confesses slammed slams blasted lashed ranted bragged brags hinted complained "
    "fumed scoffed mocked lamented denounced denounces whined"
).split()
CITATION = (
    r"according to|\breported\b|\breports that\b|\bciting\b|\bcited\b|\bquoted\b"
    r"|\bas (?:announced|reported|confirmed|stated) by\b|\bsaid in a statement\b"
    r"|\b(?:data|figures|statistics|estimates) (?:from|by|released|published)\b"
    r"|\b(?:report|study|survey|poll|census|analysis|investigation)"
    r" (?:by|from|of|published|released|found|showed|shows|finds)\b"
)
# Boilerplate kinds, first match wins, in this order; "repeated" and "other" come after.
BOILERPLATE_KINDS = {
    "advertising": r"\badvert|\bsponsored\b|\bpromoted\b|\bpaid (?:post|content|partner)|^ads?$",
    "appeals": r"\bdonat|\bsupport (?:us|our|the)\b|\bsubscri|\bnewsletter|\bsign(?:ing)? up\b"
    r"|\bmembership\b|\bbecome a (?:member|patron)|\bpatreon\b|\bthank you\b|[$€£]\s?\d",
    "social": r"\bleave a (?:reply|comment)|\bcomments?\b|\bcommentaire|\bshare\b|\bfollow us"
    r"|\bfacebook|\btwitter|\bwhatsapp|\btelegram|\binstagram|\blinkedin|\byoutube|\btweet"
    r"|\bstay connected|\bjoin (?:us|our)|https?://|\bemail address\b|\brequired fields\b",
    "credits": r"\bphoto\b|\bphotos\b|\bimage\b|\bfile photo|\bcredit|\bcaption|\bgetty\b"
    r"|\bcourtesy\b|\(ians\)|\bwritten (?:and prepared )?by\b|\bediting by\b|\breporting by\b"
    r"|\bfor (?:reuters|afp|ap)\b|\bshakes hands\b|\bpictured\b",
    "navigation": r"\bhome\b|\bmenu\b|\bterms\b|\bprivacy\b|\bcookies?\b|\bcopyright\b|©"
    r"|\ball rights reserved|\bcontact\b|\babout us\b|\bskip to\b|\bread more\b|\brelated\b"
    r"|\bprevious\b|\bnext\b|\blogo\b|\bstandards\b|\bpolicy\b|\blog ?in\b|\bsearch\b",
    "dates_bylines": r"^\s*by\s+(?-i:[A-Z])|\bupdated\b|\bpublished\b|\bposted\b"
    r"|\b(?:mon|tue|wed|thu|fri|sat|sun)\w*\.?,?\s+\w+\.?\s+\d|\b\d{1,2}:\d\d\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2}\w*,?\s+\d{4}\b"
    r"|^\W*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\W*$",
}
BOILERPLATE_KIND_NAMES = (*BOILERPLATE_KINDS, "repeated", "other")
TRANSPARENCY_MARKERS = {
    "byline": r"^\s*by\s+(?-i:[A-Z][\w.'’-]+\s+[A-Z])|\bwritten by\b|\bauthor:|\breporting by\b"
    r"|\bour (?:\w+ )?(?:editors|correspondents?|reporters?) writ",
    "correction": r"\bcorrection:|\bcorrected\b|\ban earlier version of this\b"
    r"|\bthis (?:article|story|post) (?:has been|was) (?:updated|corrected|amended)",
    "contact": r"\bcontact us\b|\bcontact:|[\w.+-]+@[\w-]+\.\w+|\[email\s*protected\]"
    r"|\bsend (?:us )?(?:a )?tips?\b|\bget in touch\b",
    "ownership": r"\bowned by\b|\ba (?:division|subsidiary|publication|project|unit) of\b"
    r"|\bpublished by\b|\bfunded by\b|\bfunding\b|\bour (?:owners?|publisher)\b"
    r"|\bsupported by (?:readers|donations|grants)",
}

_DIRECT_QUOTE = re.compile(r"[“”«»„\"]")
_TOKENS = re.compile(r"[\w’'-]+")


def _matches(texts: pd.Series, pattern: str) -> np.ndarray:
    """Case-insensitive search of ``pattern`` in each text, by Arrow's RE2 engine: many times
    faster than Python's ``re`` row by row. RE2's ``\\b``, ``\\w`` and ``\\s`` are ASCII-only,
    which the patterns here allow for (their words are English)."""
    hits = pc.match_substring_regex(_arrow_strings(texts), pattern, ignore_case=True)
    return hits.to_numpy(zero_copy_only=False).astype(bool)


def _arrow_strings(texts: pd.Series) -> pa.Array:
    """The texts as an Arrow array: the one behind a ``string[pyarrow]`` series without a copy
    (``annotate_sentences`` makes them that), else converted."""
    if isinstance(texts.dtype, pd.StringDtype) and texts.dtype.storage == "pyarrow":
        return pa.array(texts.array)
    return pa.array(texts.astype(str).to_numpy(dtype=object), type=pa.large_string())


def is_direct_quote(texts: pd.Series) -> np.ndarray:
    """Whether each sentence carries quote marks (a direct quote) rather than reported speech."""
    return texts.str.contains(_DIRECT_QUOTE).to_numpy(dtype=bool)


def speaker_key(name: str) -> str:
    """The name's last word, lower-cased: "Russian President Vladimir Putin" and "Putin" match."""
    words = _TOKENS.findall(name)
    return words[-1].lower().removesuffix("’s").removesuffix("'s") if words else ""


def count_reporting_verbs(texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence, how many neutral and how many loaded reporting verbs it uses."""
    arrow = _arrow_strings(texts)
    return tuple(
        pc.count_substring_regex(arrow, rf"\b(?:{'|'.join(verbs)})\b", ignore_case=True)
        .to_numpy(zero_copy_only=False)
        .astype(np.int32)
        for verbs in (NEUTRAL_VERBS, LOADED_VERBS)
    )


def cites_source(texts: pd.Series) -> np.ndarray:
    """Whether each sentence names where its facts come from ("according to", "reported")."""
    return _matches(texts, CITATION)


def classify_boilerplate(texts: pd.Series, repeated: np.ndarray) -> np.ndarray:
    """The kind of each boilerplate sentence: the first of ``BOILERPLATE_KINDS`` that matches,
    else ``repeated`` when the text recurs, else ``other``."""
    kinds = np.full(len(texts), "other", dtype=object)
    kinds[np.asarray(repeated, dtype=bool)] = "repeated"
    undecided = np.ones(len(texts), dtype=bool)
    for kind, pattern in BOILERPLATE_KINDS.items():
        hits = _matches(texts, pattern)
        kinds[hits & undecided] = kind
        undecided &= ~hits
    return kinds


def find_transparency_markers(texts: pd.Series) -> pd.DataFrame:
    """One boolean column per marker in ``TRANSPARENCY_MARKERS``."""
    return pd.DataFrame(
        {marker: _matches(texts, pattern) for marker, pattern in TRANSPARENCY_MARKERS.items()},
        index=texts.index,
    )


def normalise_for_repeats(texts: pd.Series) -> pd.Series:
    """Lower case, letters and digits only: the key under which two sentences count as the same
    (``repeat_keys``: letters and digits of any script, as Python's ``[^\\W_]`` matches them)."""
    keys = repeat_keys(_arrow_strings(texts))
    return pd.Series(pd.arrays.ArrowStringArray(keys), index=texts.index)


def is_headline_like(texts: pd.Series) -> np.ndarray:
    """A line that reads as a title: four or more words, no closing sentence punctuation."""
    stripped = texts.str.strip()
    words = stripped.str.count(r"[^\W\d_]{2,}")
    closes = stripped.str.contains(r"[.!?:;,”\"’)]$", regex=True)
    return ((words >= 4) & ~closes & ~stripped.str.contains("://", regex=False)).to_numpy(bool)
