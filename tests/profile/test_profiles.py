"""Source profiles: every signal is a ratio of sums over a source's articles, with a bootstrap
interval over articles and its distance from the corpus median."""

import math

import numpy as np
import pandas as pd
import pytest

from classifier.profile.profiles import (
    SIGNALS,
    annotate_sentences,
    bootstrap_interval,
    measure_articles,
    profile_articles,
    profile_sources,
)
from classifier.profile.speakers import top_speakers

# (source, doc_id, text, label): four sources with 3, 3, 2 and 1 articles.
ROWS = [
    ("Daily", "d1", "Leaders agree on border deal today", "reporting"),
    ("Daily", "d1", "The deal was signed on Monday, according to the ministry.", "reporting"),
    ("Daily", "d1", "“We are ready,” Putin said.", "quotation"),
    ("Daily", "d1", "“It is over,” he added.", "quotation"),
    ("Daily", "d1", "It was a shameful deal.", "opinion"),
    ("Daily", "d1", "Advertisement", "boilerplate"),
    ("Daily", "d2", "Officials met in Ankara.", "reporting"),
    ("Daily", "d2", "A senior official said the plan was dead.", "quotation"),
    ("Daily", "d2", "Critics claimed the vote was rigged.", "opinion"),
    ("Daily", "d2", "Subscribe to our newsletter", "boilerplate"),
    ("Daily", "d2", "Advertisement", "boilerplate"),
    ("Daily", "d3", "Reuters reported heavy fighting.", "reporting"),
    ("Daily", "d3", "Prices rose again.", "reporting"),
    ("Daily", "d3", "Lee said prices would fall.", "quotation"),
    ("Herald", "h1", "By Jane Doe", "boilerplate"),
    ("Herald", "h1", "The council voted to close the library.", "reporting"),
    ("Herald", "h1", "“This is a sad day,” Mayor Brown said.", "quotation"),
    ("Herald", "h2", "The library will shut in May.", "reporting"),
    ("Herald", "h2", "That is a mistake.", "opinion"),
    ("Herald", "h2", "Advertisement", "boilerplate"),
    ("Herald", "h3", "Sources say the budget is short.", "quotation"),
    ("Herald", "h3", "The mayor admitted the plan was rushed.", "reporting"),
    ("Herald", "h3", "Privacy policy", "boilerplate"),
    ("Post", "p1", "Talks resumed.", "reporting"),
    ("Post", "p1", "Updated 3:45 pm", "boilerplate"),
    ("Post", "p2", "It is a farce.", "opinion"),
    ("Solo", "s1", "Nothing happened today.", "reporting"),
    ("Solo", "s1", "“We wait,” Kim said.", "quotation"),
]
TAGGED = pd.DataFrame(ROWS, columns=["source", "doc_id", "text", "label"])
TAGGED["sent_index"] = TAGGED.groupby("doc_id").cumcount()
RESAMPLES = 200

# Read off ROWS by hand, signal by signal.
EXPECTED = {
    "Daily": {
        "share_boilerplate": 3 / 14,
        "share_reporting": 5 / 11,
        "share_quotation": 4 / 11,
        "share_opinion": 2 / 11,
        "share_direct_quotes": 2 / 4,
        "share_indirect_quotes": 2 / 4,
        "quotes_per_article": 4 / 3,
        # d1: Putin (twice, "he added"), d2: none named, d3: Lee.
        "speakers_per_article": 2 / 3,
        "share_named_attribution": 3 / 4,
        "share_anonymous_attribution": 1 / 4,
        "share_reporting_cited": 2 / 5,
        # said, added, said, said, reported (neutral); claimed (loaded).
        "share_loaded_verbs": 1 / 6,
        "share_boilerplate_advertising": 2 / 3,
        "share_boilerplate_appeals": 1 / 3,
        "share_boilerplate_navigation": 0.0,
        "share_boilerplate_other": 0.0,
        "share_repeated_in_source": 2 / 14,
        "share_repeated_across_sources": 2 / 14,
        "share_headline_reporting": 1.0,
        "share_headline_boilerplate": 0.0,
        "share_articles_byline": 0.0,
    },
    "Herald": {
        "share_boilerplate": 3 / 9,
        "share_reporting": 3 / 6,
        "share_quotation": 2 / 6,
        "share_opinion": 1 / 6,
        "share_direct_quotes": 1 / 2,
        "quotes_per_article": 2 / 3,
        "speakers_per_article": 1 / 3,
        "share_named_attribution": 1 / 2,
        "share_anonymous_attribution": 1 / 2,
        "share_reporting_cited": 0.0,
        # said, say (neutral); admitted (loaded).
        "share_loaded_verbs": 1 / 3,
        "share_boilerplate_advertising": 1 / 3,
        "share_boilerplate_navigation": 1 / 3,
        "share_boilerplate_dates_bylines": 1 / 3,
        "share_repeated_in_source": 0.0,
        "share_repeated_across_sources": 1 / 9,
        "share_articles_byline": 1 / 3,
    },
    "Post": {
        "share_boilerplate": 1 / 3,
        "share_reporting": 1 / 2,
        "share_opinion": 1 / 2,
        "share_quotation": 0.0,
        "share_direct_quotes": math.nan,
        "share_named_attribution": math.nan,
        "share_boilerplate_dates_bylines": 1.0,
        "share_headline_reporting": math.nan,
    },
    "Solo": {
        "share_boilerplate": 0.0,
        "share_reporting": 1 / 2,
        "share_quotation": 1 / 2,
        "share_direct_quotes": 1.0,
        "share_named_attribution": 1.0,
        "speakers_per_article": 1.0,
    },
}


def profile(tagged_df=TAGGED, **options):
    return profile_sources(tagged_df, resamples=RESAMPLES, **options).set_index("source")


@pytest.fixture(scope="module")
def profiled():
    return profile(min_articles=3)


@pytest.fixture(scope="module")
def articles():
    return measure_articles(annotate_sentences(TAGGED))


@pytest.mark.parametrize(
    ("source", "signal", "expected"),
    [
        (source, signal, value)
        for source, values in EXPECTED.items()
        for signal, value in values.items()
    ],
    ids=[f"{source}-{signal}" for source, values in EXPECTED.items() for signal in values],
)
def test_signal_counted_by_hand(profiled, source, signal, expected):
    value = profiled.loc[source, signal]
    if math.isnan(expected):
        assert math.isnan(value)
    else:
        assert value == pytest.approx(expected, abs=1e-4)


def test_counts_per_source(profiled):
    counts = profiled[["articles", "sentences", "n_reporting", "n_quotation", "n_opinion"]]
    assert counts.loc[["Daily", "Herald", "Post", "Solo"]].to_numpy().tolist() == [
        [3, 14, 5, 4, 2],
        [3, 9, 3, 2, 1],
        [2, 3, 1, 0, 1],
        [1, 2, 1, 1, 0],
    ]


def test_label_shares_recount_from_rows(profiled):
    for source, rows in TAGGED.groupby("source"):
        content = rows[rows.label != "boilerplate"]
        assert profiled.loc[source, "share_boilerplate"] == pytest.approx(
            (rows.label == "boilerplate").mean(), abs=1e-4
        )
        for label in ("reporting", "quotation", "opinion"):
            assert profiled.loc[source, f"share_{label}"] == pytest.approx(
                (content.label == label).mean(), abs=1e-4
            )


@pytest.mark.parametrize("signal", SIGNALS, ids=[signal.name for signal in SIGNALS])
def test_every_signal_is_a_ratio_of_sums_over_articles(profiled, articles, signal):
    sums = articles.groupby("source")[[signal.numerator, signal.denominator]].sum()
    for source, (top, bottom) in sums.iterrows():
        value = profiled.loc[source, signal.name]
        assert profiled.loc[source, f"{signal.name}_n"] == bottom
        if bottom == 0:
            assert math.isnan(value)
        else:
            assert value == pytest.approx(top / bottom, abs=1e-4)


def test_measured_articles_count_what_the_sentences_show(articles):
    articles = articles.set_index("doc_id")
    assert articles.loc["d1", ["sentences", "n_content", "n_direct", "n_named"]].tolist() == [
        6,
        5,
        2,
        2,
    ]
    assert articles.loc["d2", ["n_anonymous", "n_loaded_verbs", "n_boilerplate"]].tolist() == [
        1,
        1,
        2,
    ]
    assert articles.loc["h1", "has_byline"] == 1
    assert articles["one"].tolist() == [1] * 9


def test_an_unattributed_quote_takes_the_speaker_of_the_quote_it_continues():
    """A quote continues the one before it, or the one before a single other sentence; after
    two other sentences it is unattributed."""
    tagged_df = pd.DataFrame(
        {
            "source": ["S"] * 7,
            "doc_id": ["a"] * 7,
            "sent_index": list(range(7)),
            "text": [
                "“We will stay,” Lee said.",
                "“Nobody will move us.”",
                "The talks ended.",
                "“We need more time.”",
                "The talks resumed.",
                "Rain fell.",
                "“Not again.”",
            ],
            "label": ["quotation", "quotation", "reporting", "quotation"]
            + ["reporting", "reporting", "quotation"],
        }
    )
    annotated = annotate_sentences(tagged_df)
    assert annotated["attribution"].tolist() == [
        "named",
        "named",
        "",
        "named",
        "",
        "",
        "unattributed",
    ]
    assert annotated["speaker"].tolist() == ["Lee", "Lee", "", "Lee", "", "", ""]


def test_intervals_hold_the_value_and_stay_within_shares(profiled):
    checked = 0
    for source in ("Daily", "Herald", "Post"):
        row = profiled.loc[source]
        for signal in SIGNALS:
            value, low, high = (
                row[signal.name],
                row[f"{signal.name}_low"],
                row[f"{signal.name}_high"],
            )
            if math.isnan(low):
                assert math.isnan(high)
                continue
            assert low <= value <= high, signal.name
            if signal.is_share:
                assert 0.0 <= low <= high <= 1.0, signal.name
            checked += 1
    assert checked > 40


def test_one_article_has_no_interval(profiled):
    solo = profiled.loc["Solo"]
    for signal in SIGNALS:
        assert math.isnan(solo[f"{signal.name}_low"]), signal.name
        assert math.isnan(solo[f"{signal.name}_high"]), signal.name


def test_no_interval_when_one_article_has_a_denominator(profiled):
    daily = profiled.loc["Daily"]
    # Only d1 has a headline; all three articles have content sentences.
    assert daily["share_headline_reporting_n"] == 1
    assert math.isnan(daily["share_headline_reporting_low"])
    assert not math.isnan(daily["share_reporting_low"])


def test_constant_ratio_gives_a_zero_width_interval():
    numerators = np.array([[1.0], [2.0], [3.0]])
    denominators = np.array([[2.0], [4.0], [6.0]])
    low, high = bootstrap_interval(numerators, denominators, resamples=50)
    assert (low.tolist(), high.tolist()) == ([0.5], [0.5])


def test_too_few_articles_and_median_over_sources_with_enough(profiled):
    assert profiled["too_few_articles"].to_dict() == {
        "Daily": False,
        "Herald": False,
        "Post": True,
        "Solo": True,
    }
    assert list(profiled.index) == ["Daily", "Herald", "Post", "Solo"]
    assert set(profiled["corpus_median_over"]) == {"sources with enough articles"}
    median = (3 / 14 + 3 / 9) / 2
    assert profiled["share_boilerplate_median"].tolist() == pytest.approx([median] * 4, abs=1e-4)
    assert profiled.loc["Solo", "share_boilerplate_vs_median"] == pytest.approx(-median, abs=1e-4)
    assert profiled.loc["Herald", "share_boilerplate_vs_median"] == pytest.approx(
        3 / 9 - median, abs=1e-4
    )


def test_median_over_all_sources_when_fewer_than_two_have_enough():
    profiled = profile(min_articles=4)
    assert profiled["too_few_articles"].all()
    assert set(profiled["corpus_median_over"]) == {"all sources"}
    median = np.median([3 / 14, 3 / 9, 1 / 3, 0.0])
    assert profiled["share_boilerplate_median"].tolist() == pytest.approx([median] * 4, abs=1e-4)
    # Sources without quotations have no value and do not move the median.
    direct = np.median([2 / 4, 1 / 2, 1.0])
    assert profiled.loc["Post", "share_direct_quotes_median"] == pytest.approx(direct, abs=1e-4)
    assert math.isnan(profiled.loc["Post", "share_direct_quotes_vs_median"])


def interval_columns(frame):
    return frame[[c for c in frame.columns if c.endswith(("_low", "_high"))]]


def test_same_seed_same_intervals_other_seed_other_intervals():
    first, again = profile(seed=3), profile(seed=3)
    pd.testing.assert_frame_equal(interval_columns(first), interval_columns(again))
    other = profile(seed=4)
    assert not interval_columns(first).equals(interval_columns(other))


def test_a_sources_interval_does_not_depend_on_the_other_sources(articles):
    alone = profile_articles(articles[articles.source == "Daily"], resamples=RESAMPLES)
    order = {"Solo": 0, "Post": 1, "Herald": 2, "Daily": 3}
    reordered = articles.sort_values("source", key=lambda s: s.map(order), kind="stable")
    assert reordered["source"].iloc[0] == "Solo"
    together = profile_articles(reordered, resamples=RESAMPLES).set_index("source")
    pd.testing.assert_series_equal(
        interval_columns(alone.set_index("source")).loc["Daily"],
        interval_columns(together).loc["Daily"],
    )


def test_input_row_order_does_not_change_the_profile():
    shuffled = TAGGED.sample(frac=1, random_state=1)
    pd.testing.assert_frame_equal(profile(shuffled), profile())


def test_top_speakers_merge_spellings_count_articles_and_show_the_most_written():
    """Speakers with the same last word are one speaker, shown as most often written (of equal
    counts, as first written); a source keeps its top ``top`` speakers, most quoted first."""
    quoted = pd.DataFrame(
        {
            "source": ["A"] * 6 + ["B"] * 2,
            "doc_id": ["1", "1", "2", "2", "3", "3", "9", "9"],
            "speaker": ["Putin", "Vladimir Putin", "Vladimir Putin", "Putin"]
            + ["Erdogan", ""]
            + ["Lee", "Mr Lee"],
        }
    )
    speakers = top_speakers(quoted, top=1)
    assert speakers.to_dict("records") == [
        {"source": "A", "speaker": "Putin", "quotes": 4, "articles": 2, "share": 0.8},
        {"source": "B", "speaker": "Lee", "quotes": 2, "articles": 1, "share": 1.0},
    ]
    assert top_speakers(quoted)["speaker"].tolist() == ["Putin", "Erdogan", "Lee"]
