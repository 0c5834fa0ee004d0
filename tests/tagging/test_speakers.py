"""Speakers in the tagged output: every format carries speaker, speaker_kind and cue; SQLite
counts them in a speakers table; train --speakers learns the reader; the report recounts them."""

import json
import sqlite3

import pandas as pd
import pytest

from classifier.cli import main
from classifier.model.store import SPEAKERS_FILE, read_card
from classifier.schema import SPEAKER_COLUMNS

from ..conftest import SEED_LABELS, SEEDS

SPEAKERS_CSV = """text,speaker,cue
"“We will win,” Mayor Ana Ruiz said on Monday.",Mayor Ana Ruiz,said
"The plan is dead, according to the finance ministry.",the finance ministry,according to
"“It is over,” said Tom Berg, a local farmer.",Tom Berg,said
"Police said two men were held.",Police,said
"A senior official told reporters the deal was close.",A senior official,told reporters
"Ruiz added that the vote would go ahead.",Ruiz,added
"“Nothing has changed.”",,
"He warned that prices would rise.",He,warned
"The army said its troops had withdrawn.",The army,said
"“We are ready,” the spokesman insisted.",the spokesman,insisted
"Officials familiar with the talks said no date was set.",Officials familiar with the talks,said
"Berg: “The rain came too late.”",Berg,:
"""


def tag(*args) -> int:
    return main(["tag", *map(str, args), "--quiet"])


@pytest.fixture(scope="module")
def tagged(tmp_path_factory, model_dir):
    """The seeds tagged into every output format."""
    folder = tmp_path_factory.mktemp("speakers")
    outputs = {}
    for suffix in ("jsonl", "csv", "parquet", "db"):
        outputs[suffix] = folder / f"seeds.{suffix}"
        assert tag(SEEDS, "--model", model_dir, "--output", outputs[suffix]) == 0
    return outputs


def read_rows(path) -> pd.DataFrame:
    if path.suffix == ".db":
        with sqlite3.connect(path) as db:
            return pd.read_sql("SELECT * FROM sentences ORDER BY rowid", db)
    if path.suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.DataFrame([json.loads(line) for line in path.read_text().splitlines()])


def test_every_format_carries_the_speaker_columns(tagged):
    frames = {suffix: read_rows(path) for suffix, path in tagged.items()}
    want = frames["jsonl"]
    quotes = want["label"] == "quotation"
    assert quotes.sum() > 10
    assert (want.loc[~quotes, list(SPEAKER_COLUMNS)] == "").all().all()
    assert set(want.loc[quotes, "speaker_kind"]) <= {
        "named",
        "role",
        "anonymous",
        "pronoun",
        "none",
    }
    assert (want.loc[quotes, "speaker"] != "").mean() > 0.8
    assert "Putin" in set(want.loc[quotes, "speaker"])
    for suffix, frame in frames.items():
        got = frame[list(SPEAKER_COLUMNS)].fillna("").astype(str)
        pd.testing.assert_frame_equal(got, want[list(SPEAKER_COLUMNS)], obj=suffix)


def test_sqlite_speakers_table_counts_the_rows(tagged):
    rows = read_rows(tagged["db"])
    quoted = rows[rows["speaker"] != ""]
    want = (
        quoted.groupby(["source", "speaker"])
        .agg(quotes=("doc_id", "size"), articles=("doc_id", "nunique"))
        .reset_index()
        .sort_values(["source", "quotes", "speaker"], ascending=[True, False, True])
        .reset_index(drop=True)
    )
    with sqlite3.connect(tagged["db"]) as db:
        got = pd.read_sql("SELECT source, speaker, quotes, articles FROM speakers", db)
    pd.testing.assert_frame_equal(got, want)


def test_the_report_recounts_the_tagged_speakers(tagged, tmp_path, capsys):
    out = tmp_path / "profile.csv"
    assert main(["report", str(tagged["jsonl"]), "--format", "csv", "--output", str(out)]) == 0
    profile = pd.read_csv(out, keep_default_na=False).set_index("source")
    rows = read_rows(tagged["jsonl"])
    for source, group in rows.groupby("source"):
        quotes = group[group["label"] == "quotation"]
        kinds = quotes["speaker_kind"]
        named = (kinds == "named") | ((kinds == "pronoun") & quotes["speaker"].str[0].str.isupper())
        assert profile.loc[source, "share_named_attribution"] == pytest.approx(
            named.mean(), abs=1e-4
        )
        assert profile.loc[source, "share_anonymous_attribution"] == pytest.approx(
            (kinds == "anonymous").mean(), abs=1e-4
        )
        assert profile.loc[source, "share_named_attribution_n"] == len(quotes)
        top = quotes["speaker"].str.split().str[-1].value_counts()
        first = profile.loc[source, "top_speakers"].split(";")[0]
        assert first.split()[-2] == str(top.iloc[0])  # "Putin 4 (25%)": the most quoted count


def test_explain_gives_the_reason_for_each_speaker(tmp_path, model_dir):
    out = tmp_path / "explained.jsonl"
    assert tag(SEEDS, "--model", model_dir, "--explain", "--output", out) == 0
    rows = read_rows(out)
    quotes = rows[rows["label"] == "quotation"]
    assert quotes["why"].str.contains("; speaker: ").all()
    assert not rows.loc[rows["label"] != "quotation", "why"].str.contains("speaker:").any()


def test_train_learns_the_speaker_reader_and_tag_uses_it(tmp_path, capsys):
    speakers = tmp_path / "speakers.csv"
    speakers.write_text(SPEAKERS_CSV, encoding="utf-8")
    model = tmp_path / "model"
    argv = ["train", "--labels", str(SEED_LABELS), "--cv", "0", "--output", str(model)]
    assert main([*argv, "--speakers", str(speakers)]) == 0
    assert "speaker reader learned from 12 sentences" in capsys.readouterr().err
    assert (model / SPEAKERS_FILE).exists()
    assert read_card(model)["speaker_model"]["with_speaker"] == 11
    assert main([*argv, "--speakers", str(speakers), "--force", "--if-changed"]) == 0
    assert "is up to date" in capsys.readouterr().err
    assert main([*argv, "--force", "--if-changed"]) == 0  # without --speakers: it trains again
    assert "trained on" in capsys.readouterr().err
    assert not (model / SPEAKERS_FILE).exists()


def test_a_speakers_file_without_its_columns_is_refused(tmp_path, capsys):
    speakers = tmp_path / "speakers.csv"
    speakers.write_text("text,who\nHe said so.,he\n", encoding="utf-8")
    argv = ["train", "--labels", str(SEED_LABELS), "--output", str(tmp_path / "m")]
    assert main([*argv, "--speakers", str(speakers)]) == 1
    err = capsys.readouterr().err
    assert f"{speakers}: missing column 'speaker'" in err and "text, speaker" in err
    assert not (tmp_path / "m").exists()


def test_no_speakers_leaves_the_columns_out_and_the_report_reads_them(tmp_path, model_dir, tagged):
    out = tmp_path / "plain.jsonl"
    assert tag(SEEDS, "--model", model_dir, "--no-speakers", "--output", out) == 0
    rows = read_rows(out)
    assert not set(SPEAKER_COLUMNS) & set(rows.columns)
    with_columns = read_rows(tagged["jsonl"])
    pd.testing.assert_frame_equal(rows, with_columns.drop(columns=list(SPEAKER_COLUMNS)))
    profiles = []
    for path in (out, tagged["jsonl"]):
        csv = tmp_path / f"{path.stem}.csv"
        assert main(["report", str(path), "--format", "csv", "--output", str(csv)]) == 0
        profiles.append(pd.read_csv(csv, keep_default_na=False))
    # Without the columns the report reads the speakers by the same rules tag used.
    pd.testing.assert_frame_equal(*profiles)
