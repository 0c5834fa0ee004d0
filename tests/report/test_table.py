"""The profile as a terminal table, CSV and JSON, and the report command's outputs."""

import json
import math

import pandas as pd
import pytest

from classifier.cli import main
from classifier.profile.profiles import profile_sources
from classifier.report.table import format_table

TAGGED = pd.DataFrame(
    {
        "doc_id": ["a", "a", "a", "a", "b", "b", "c"],
        "source": ["X", "X", "X", "X", "X", "X", "Y"],
        "text": [
            "Home",
            "The talks ended on Monday.",
            "“We are ready,” Putin said.",
            "“It is over,” he added.",
            "It was a shameful deal.",
            "Advertisement",
            "Prices rose again.",
        ],
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
# Three sources; the long name must be cut to keep the table inside 100 columns.
LONG_NAME = "The Extremely Long Name Of A Regional Evening Newspaper"
ROWS = [
    ("Daily", "d1", "Leaders agree on border deal", "boilerplate"),
    ("Daily", "d1", "The deal was signed on Monday, according to the ministry.", "reporting"),
    ("Daily", "d1", "“We are ready,” Putin said.", "quotation"),
    ("Daily", "d1", "It was a shameful deal.", "opinion"),
    ("Daily", "d2", "Officials met in Ankara.", "reporting"),
    ("Daily", "d2", "A senior official said the plan was dead.", "quotation"),
    ("Daily", "d2", "Advertisement", "boilerplate"),
    ("Daily", "d3", "Reuters reported heavy fighting.", "reporting"),
    ("Daily", "d3", "Prices rose again.", "reporting"),
    (LONG_NAME, "h1", "By Jane Doe", "boilerplate"),
    (LONG_NAME, "h1", "The council voted to close the library.", "reporting"),
    (LONG_NAME, "h2", "That is a mistake.", "opinion"),
    (LONG_NAME, "h2", "“This is a sad day,” Mayor Brown said.", "quotation"),
    ("Solo", "s1", "Nothing happened today.", "reporting"),
]
LABELS = ("reporting", "quotation", "opinion", "boilerplate")
RECORD_KEYS = {"source", "articles", "sentences"} | {
    f"share_{label}{end}" for label in LABELS for end in ("", "_low", "_high")
}


def write_tagged(path):
    lines = [
        json.dumps(
            {"doc_id": doc_id, "source": source, "sent_index": i, "text": text, "label": label}
        )
        for i, (source, doc_id, text, label) in enumerate(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def tagged(tmp_path):
    return write_tagged(tmp_path / "tagged.jsonl")


def no_constants(name):
    raise ValueError(f"{name} is not JSON")


def report(capsys, *args):
    code = main(["report", *map(str, args), "--resamples", "100"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


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


def test_all_boilerplate_source_has_no_content_shares():
    only_chrome = pd.DataFrame(
        {"doc_id": ["a"], "source": ["Z"], "text": ["Advertisement"], "label": ["boilerplate"]}
    )
    row = profile_sources(only_chrome).iloc[0]
    assert row["share_boilerplate"] == 1.0
    # No non-boilerplate sentences: the content shares have no denominator.
    assert row["share_reporting_n"] == 0
    assert math.isnan(row["share_reporting"])
    assert math.isnan(row["share_quotation"]) and math.isnan(row["share_opinion"])


def test_table_fits_in_100_columns():
    table = format_table(profile_sources(TAGGED))
    assert max(map(len, table.splitlines())) <= 100
    x_line = next(line for line in table.splitlines() if line.strip().startswith("X"))
    # The last column is boilerplate: 2 of X's 6 sentences, then its interval over articles.
    assert x_line.endswith("33% [25-50]")


def test_report_table_on_stdout(tagged, capsys):
    code, out, err = report(capsys, tagged, "--min-articles", "2")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert max(map(len, lines)) <= 100
    assert any(line.strip().startswith("The Extremely Long Na…") for line in lines)
    assert any(line.strip().startswith("Solo *") for line in lines)
    assert "* fewer than" in out


def test_report_json_has_one_record_per_source(tagged, tmp_path, capsys):
    out = tmp_path / "report.json"
    code, stdout, _ = report(capsys, tagged, "--format", "json", "--output", out)
    assert (code, stdout) == (0, "")
    records = json.loads(out.read_text(encoding="utf-8"), parse_constant=no_constants)
    assert isinstance(records, list)
    assert sorted(record["source"] for record in records) == sorted({"Daily", LONG_NAME, "Solo"})
    rows = pd.DataFrame(ROWS, columns=["source", "doc_id", "text", "label"])
    for record in records:
        assert RECORD_KEYS <= set(record)
        mine = rows[rows.source == record["source"]]
        content = mine[mine.label != "boilerplate"]
        assert record["articles"] == mine.doc_id.nunique()
        assert record["sentences"] == len(mine)
        assert record["share_boilerplate"] == pytest.approx(
            (mine.label == "boilerplate").mean(), abs=1e-4
        )
        for label in ("reporting", "quotation", "opinion"):
            assert record[f"share_{label}"] == pytest.approx(
                (content.label == label).mean(), abs=1e-4
            )
    solo = next(record for record in records if record["source"] == "Solo")
    # One article: no interval, written as null rather than NaN.
    assert solo["share_reporting_low"] is None and solo["share_reporting_high"] is None
    daily = next(record for record in records if record["source"] == "Daily")
    assert daily["share_reporting_low"] <= daily["share_reporting"] <= daily["share_reporting_high"]


def test_report_json_on_stdout_has_no_nan(tagged, capsys):
    code, out, _ = report(capsys, tagged, "--format", "json")
    assert code == 0
    assert len(json.loads(out, parse_constant=no_constants)) == 3


def test_report_csv_has_the_json_numbers(tagged, tmp_path, capsys):
    assert report(capsys, tagged, "--format", "json", "-o", tmp_path / "r.json")[0] == 0
    assert report(capsys, tagged, "--format", "csv", "-o", tmp_path / "r.csv")[0] == 0
    records = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    table = pd.read_csv(tmp_path / "r.csv")
    assert table["source"].tolist() == [record["source"] for record in records]
    for record, (_, row) in zip(records, table.iterrows(), strict=True):
        for key in sorted(RECORD_KEYS - {"source"}):
            if record[key] is None:
                assert math.isnan(row[key]), key
            else:
                assert row[key] == pytest.approx(record[key], abs=1e-12), key


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("json", "report.csv"), ("csv", "report.json"), ("table", "report.md")],
    ids=["json", "csv", "table"],
)
def test_report_refuses_an_output_of_the_wrong_type(tagged, tmp_path, capsys, fmt, name):
    out = tmp_path / name
    code, _, err = report(capsys, tagged, "--format", fmt, "-o", out)
    assert code == 1
    assert err.startswith(f"error: {out}: unsupported output type; use one of ")
    assert not out.exists()


def test_report_html_needs_an_output_folder(tagged, capsys):
    code, out, err = report(capsys, tagged, "--format", "html")
    assert (code, out) == (1, "")
    assert err == "error: --format html writes a folder: give it with --output PATH\n"


def test_report_html_keeps_an_existing_folder_without_force(tagged, tmp_path, capsys):
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = report(capsys, tagged, "--format", "html", "-o", folder)
    assert code == 1
    assert err == f"error: {folder}: already exists; pass --force to replace it\n"
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report", "tagged.jsonl"]


def test_report_html_force_replaces_the_folder(tagged, tmp_path, capsys):
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    code, out, _ = report(capsys, tagged, "--format", "html", "-o", folder, "--force")
    assert code == 0
    assert out.startswith(f"wrote {len(list(folder.rglob('*.*')))} files to {folder}")
    assert not (folder / "notes.txt").exists()
    assert (folder / "index.html").is_file()
    # Nothing of the staging or the old folder is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report", "tagged.jsonl"]


def test_report_of_a_missing_file(tmp_path, capsys):
    missing = tmp_path / "nope.jsonl"
    code, _, err = report(capsys, missing)
    assert code == 1
    assert err == (
        f"error: {missing}: no such file; make one with: classifier tag INPUT -o {missing}\n"
    )


def test_report_of_a_tagged_file_without_text(tmp_path, capsys):
    """A file that passes the column check must give a handled error or a report, no traceback."""
    path = tmp_path / "tagged.csv"
    path.write_text("doc_id,source,label\na,X,reporting\nb,X,opinion\n", encoding="utf-8")
    code, out, err = report(capsys, path)
    assert code in (0, 1)
    assert code == 0 or err.startswith(f"error: {path}: missing column 'text'")
