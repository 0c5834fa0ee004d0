import pandas as pd
import pytest

from classifier.report import format_table, profile_sources

TAGGED = pd.DataFrame(
    {
        "doc_id": ["a", "a", "a", "a", "b", "b", "c"],
        "source": ["X", "X", "X", "X", "X", "X", "Y"],
        "label": [
            "boilerplate",
            "reporting",
            "quotation",
            "quotation",
            "opinion",
            "boilerplate",
            "reporting",
        ],
    }
)


def test_shares_follow_their_definitions():
    profile = profile_sources(TAGGED).set_index("source")
    x = profile.loc["X"]
    assert (x["articles"], x["sentences"]) == (2, 6)
    assert x["share_boilerplate"] == pytest.approx(2 / 6, abs=1e-4)
    assert x["share_quotation"] == pytest.approx(2 / 4)
    assert x["share_reporting"] == pytest.approx(1 / 4)
    assert x["share_opinion"] == pytest.approx(1 / 4)
    y = profile.loc["Y"]
    assert (y["share_reporting"], y["share_boilerplate"]) == (1.0, 0.0)


def test_all_boilerplate_source_has_zero_content_shares():
    only_chrome = pd.DataFrame({"doc_id": ["a"], "source": ["Z"], "label": ["boilerplate"]})
    row = profile_sources(only_chrome).iloc[0]
    assert row["share_boilerplate"] == 1.0
    assert row["share_reporting"] == 0.0


def test_table_fits_in_100_columns():
    table = format_table(profile_sources(TAGGED))
    assert max(map(len, table.splitlines())) <= 100
    assert "33.3%" in table
