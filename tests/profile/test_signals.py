"""The pattern rules read off one sentence, on short sentences written for these tests."""

import pandas as pd
import pytest

from classifier.profile import signals as sig

DIRECT = [
    ("“We will not back down,” the minister said.", True),
    ('"Straight quote marks count too," she said.', True),
    ("« Nous resterons », a déclaré le ministre.", True),
    ("„Wir bleiben“, sagte der Minister.", True),
    ("The minister said they would not back down.", False),
    ("The minister’s plan was rejected.", False),
]


@pytest.mark.parametrize(
    ("text", "direct"),
    DIRECT,
    ids=["curly", "straight", "guillemets", "low-high", "reported-speech", "apostrophe-only"],
)
def test_direct_quote_needs_quote_marks(text, direct):
    assert sig.is_direct_quote(pd.Series([text])).tolist() == [direct]


@pytest.mark.parametrize(
    ("name", "key"),
    [("Russian President Vladimir Putin", "putin"), ("Putin’s", "putin"), ("", "")],
    ids=["full-name", "possessive", "empty"],
)
def test_speaker_key_is_the_last_name(name, key):
    assert sig.speaker_key(name) == key


VERBS = [
    ("Putin said the talks went well.", 1, 0),
    ("She told reporters she had noted the change.", 2, 0),
    ("He claimed it was false and later admitted it was true.", 0, 2),
    ("The minister insisted, the aide said, and critics slammed the plan.", 1, 2),
    ("SAID once, Said twice.", 2, 0),
    ("The weather was fine all week.", 0, 0),
]


@pytest.mark.parametrize(
    ("text", "neutral", "loaded"),
    VERBS,
    ids=["said", "told-noted", "claimed-admitted", "mixed", "any-case", "none"],
)
def test_count_reporting_verbs(text, neutral, loaded):
    neutral_counts, loaded_counts = sig.count_reporting_verbs(pd.Series([text]))
    assert (int(neutral_counts[0]), int(loaded_counts[0])) == (neutral, loaded)


CITATIONS = [
    ("According to the ministry, 40 people died.", True),
    ("Reuters reported that the road was shut.", True),
    ("Citing police, the paper said two men were held.", True),
    ("A survey of 1,000 voters found most were undecided.", True),
    ("The company said in a statement it would appeal.", True),
    ("Data from the central bank show growth slowed.", True),
    ("The road was shut on Monday.", False),
    ("The reporter left the room.", False),
]


@pytest.mark.parametrize(
    ("text", "cites"),
    CITATIONS,
    ids=["according-to", "reported", "citing", "survey", "statement", "data-from", "no", "noun"],
)
def test_cites_source(text, cites):
    assert sig.cites_source(pd.Series([text])).tolist() == [cites]


BOILERPLATE = [
    ("Advertisement", "advertising"),
    ("Sponsored content", "advertising"),
    ("Leave a Reply", "social"),
    ("Follow us on Twitter", "social"),
    ("Subscribe to our newsletter", "appeals"),
    ("Donate now", "appeals"),
    ("Photo: Reuters", "credits"),
    ("Image courtesy of NASA", "credits"),
    ("Privacy policy", "navigation"),
    ("Skip to content", "navigation"),
    ("Updated 3:45 pm", "dates_bylines"),
    ("By John Smith", "dates_bylines"),
    ("Posted on March 3, 2024", "dates_bylines"),
    ("Lorem ipsum dolor", "other"),
]


@pytest.mark.parametrize(
    ("text", "kind"), BOILERPLATE, ids=[f"{kind}-{text}" for text, kind in BOILERPLATE]
)
def test_boilerplate_kind(text, kind):
    assert sig.classify_boilerplate(pd.Series([text]), [False]).tolist() == [kind]


def test_boilerplate_repeated_only_when_no_kind_matches():
    texts = pd.Series(["Lorem ipsum", "Lorem ipsum", "Advertisement"])
    kinds = sig.classify_boilerplate(texts, [True, False, True])
    assert kinds.tolist() == ["repeated", "other", "advertising"]


def test_repeats_ignore_case_and_punctuation():
    keys = sig.normalise_for_repeats(pd.Series(["Share this!", "share   THIS", "Share that"]))
    assert keys.tolist() == ["share this", "share this", "share that"]


def test_repeats_keep_letters_and_digits_of_every_script():
    """Accented and non-Latin letters are letters; underscores, dashes and quote marks of any
    script separate words, as Python's ``[\\W_]`` would."""
    texts = pd.Series(["Café à la—crème_1", "ÉTÉ 2024 ", "Путин сказал: «Да»", "東京で、２人"])
    keys = sig.normalise_for_repeats(texts.astype("string[pyarrow]"))
    assert keys.tolist() == ["café à la crème 1", "été 2024", "путин сказал да", "東京で ２人"]


MARKERS = [
    ("By John Smith", {"byline"}),
    ("Reporting by Jane Doe; Editing by Bob Roe", {"byline"}),
    ("Correction: an earlier version of this story misspelt her name.", {"correction"}),
    ("This article has been updated with the final result.", {"correction"}),
    ("Contact us at tips@example.com", {"contact"}),
    ("Owned by Acme Media Group.", {"ownership"}),
    ("The talks ended on Monday.", set()),
    ("By the end of the year, prices had doubled.", set()),
]


@pytest.mark.parametrize(
    ("text", "markers"),
    MARKERS,
    ids=[
        "byline",
        "reporting-by",
        "correction",
        "updated-notice",
        "email",
        "owned-by",
        "none",
        "by-the-end-is-no-byline",
    ],
)
def test_transparency_markers(text, markers):
    found = sig.find_transparency_markers(pd.Series([text]))
    assert list(found.columns) == list(sig.TRANSPARENCY_MARKERS)
    assert {marker for marker in found.columns if found[marker].iloc[0]} == markers


HEADLINES = [
    ("Putin and Erdogan discuss defence cooperation", True),
    ("  Talks end in Ankara after 3 hours  ", True),
    ("The talks ended on Monday.", False),
    ("Talks end", False),
    ("2024 2025 2026 2027", False),
    ("Read the full story at https://example.com/news", False),
]


@pytest.mark.parametrize(
    ("text", "headline"),
    HEADLINES,
    ids=["title", "padded", "sentence", "too-short", "numbers", "url"],
)
def test_is_headline_like(text, headline):
    assert sig.is_headline_like(pd.Series([text])).tolist() == [headline]
