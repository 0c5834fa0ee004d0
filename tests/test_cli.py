"""The CLI as a user runs it: real files, real model folders, exit codes and messages."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from classifier.cli import main
from classifier.schema import LABELS, TAGGED_COLUMNS

from .conftest import REPO, SEED_LABELS, SEEDS, SHIPPED_MODEL

ARTICLE = (
    "Logo\n\nPutin: talks went well\n\n"
    "“We must talk,” Putin stressed. The meeting lasted three hours.\n\nAdvertisement\n"
)


def tag(model_dir, *args):
    return main(["tag", *map(str, args), "--model", str(model_dir)])


def test_train_writes_model_and_card(tmp_path, capsys):
    out = tmp_path / "model"
    assert main(["train", "--labels", str(SEED_LABELS), "--output", str(out), "--cv", "2"]) == 0
    card = json.loads((out / "card.json").read_text())
    assert card["labels"] == list(LABELS)
    assert card["label_counts"]["quotation"] == 46
    assert card["training_files"][0]["sha256"] and card["training_files"][0]["rows"] == 106
    assert 0 < card["cross_validation"]["macro_f1"] <= 1
    assert card["versions"]["scikit-learn"]
    assert "wrote" in capsys.readouterr().err


def test_train_writes_the_same_model_for_any_jobs(tmp_path):
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        args = ["--labels", str(SEED_LABELS), "--output", str(out), "--jobs", str(jobs)]
        assert main(["train", *args]) == 0
    weights = [(tmp_path / f"jobs{jobs}" / "weights.npz").read_bytes() for jobs in (1, 2)]
    assert weights[0] == weights[1]


def test_train_refuses_jobs_below_one(tmp_path, capsys):
    args = ["--labels", str(SEED_LABELS), "--output", str(tmp_path / "m"), "--jobs", "0"]
    assert main(["train", *args]) == 2
    assert "--jobs: '0' is not a whole number of at least 1" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()


def test_train_refuses_existing_model_without_force(tmp_path, capsys):
    out = tmp_path / "model"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert main(["train", "--labels", str(SEED_LABELS), "--output", str(out)]) == 1
    assert "already exists; pass --force" in capsys.readouterr().err
    assert (out / "keep.txt").read_text() == "mine"


def test_train_force_replaces_model(tmp_path, model_dir):
    out = tmp_path / "model"
    shutil.copytree(model_dir, out)
    (out / "stale.txt").write_text("old")
    assert (
        main(["train", "--labels", str(SEED_LABELS), "--output", str(out), "--cv", "0", "--force"])
        == 0
    )
    assert not (out / "stale.txt").exists()
    assert (out / "weights.npz").is_file()


def test_train_if_changed_keeps_a_model_trained_on_the_same_labels(tmp_path, capsys):
    labels = tmp_path / "labels.csv"
    shutil.copy(SEED_LABELS, labels)
    out = tmp_path / "model"
    argv = ["train", "--labels", str(labels), "--output", str(out), "--cv", "0", "--force"]
    assert main(argv) == 0
    card = (out / "card.json").read_text()
    capsys.readouterr()
    assert main([*argv, "--if-changed"]) == 0
    assert f"{out} is up to date with {labels}; nothing to train" in capsys.readouterr().err
    assert (out / "card.json").read_text() == card
    with labels.open("a", encoding="utf-8") as handle:  # one more label: the model is stale
        handle.write("extra,0,x,Advertisement,boilerplate\n")
    assert main([*argv, "--if-changed"]) == 0
    assert json.loads((out / "card.json").read_text())["sentences"] == 107


def test_train_if_changed_retrains_a_model_from_before_the_share_calibration(tmp_path, capsys):
    out = tmp_path / "model"
    argv = ["train", "--labels", str(SEED_LABELS), "--output", str(out), "--force"]
    assert main(argv) == 0
    card_path = out / "card.json"
    card = json.loads(card_path.read_text())
    del card["share_calibration"]  # as a card written before it was fitted
    card_path.write_text(json.dumps(card))
    capsys.readouterr()
    assert main([*argv, "--if-changed"]) == 0
    assert "up to date" not in capsys.readouterr().err
    assert "share_calibration" in json.loads(card_path.read_text())


def test_a_label_with_one_example_is_trained_with_a_warning(tmp_path, capsys):
    labels = pd.read_csv(SEED_LABELS, dtype=str)
    opinion = labels[labels.label == "opinion"]
    one = pd.concat([labels[labels.label != "opinion"], opinion.iloc[:1]])
    one.to_csv(tmp_path / "one.csv", index=False)
    out = tmp_path / "model"
    assert main(["train", "--labels", str(tmp_path / "one.csv"), "--output", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning: label 'opinion' has 1 example: it is trained" in err
    card = json.loads((out / "card.json").read_text())
    assert "opinion" in card["labels"] and len(card["warnings"]) == 1
    assert tag(out, SEEDS, "--output", tmp_path / "tagged.jsonl") == 0
    assert "p_opinion" in (tmp_path / "tagged.jsonl").read_text()


def test_shipped_model_is_up_to_date_with_the_committed_labels(capsys, monkeypatch):
    """``make run`` on a fresh clone must not retrain (and so rewrite) models/default."""
    monkeypatch.chdir(REPO)
    argv = ["train", "--labels", "labels/", "--output", "models/default", "--if-changed"]
    assert main(argv) == 0
    assert "is up to date" in capsys.readouterr().err


def test_train_two_labels_and_several_files(tmp_path, model_dir):
    labels = pd.read_csv(SEED_LABELS, dtype=str)
    two = labels[labels.label.isin(["quotation", "reporting"])]
    two.iloc[:40].to_csv(tmp_path / "a.csv", index=False)
    two.iloc[40:].to_csv(tmp_path / "b.csv", index=False)
    out = tmp_path / "two"
    assert (
        main(
            [
                "train",
                "--labels",
                str(tmp_path / "a.csv"),
                str(tmp_path / "b.csv"),
                "--output",
                str(out),
                "--cv",
                "0",
            ]
        )
        == 0
    )
    card = json.loads((out / "card.json").read_text())
    assert card["labels"] == ["quotation", "reporting"]
    assert len(card["training_files"]) == 2
    tagged = tmp_path / "t.csv"
    assert tag(out, SEEDS, "--output", tagged) == 0
    columns = pd.read_csv(tagged).columns
    assert [c for c in columns if c.startswith("p_")] == ["p_quotation", "p_reporting"]


def test_tag_seeds_folder(tmp_path, model_dir):
    out = tmp_path / "tagged.jsonl"
    assert tag(model_dir, SEEDS, "--output", out) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 106
    assert list(rows[0])[: len(TAGGED_COLUMNS)] == list(TAGGED_COLUMNS)
    assert {row["source"] for row in rows} == {
        "unsigned-wordpress-site",
        "unsigned-blogger-site",
        "OBSERVATORY NEWS",
        "Alwaght",
        "unsigned-ians-credited-site",
    }
    seed = (SEEDS / "000_5ce189f8a01c56af.txt").read_text(encoding="utf-8")
    for row in rows:
        if row["doc_id"] == "000_5ce189f8a01c56af":
            assert seed[row["start"] : row["end"]] == row["text"]
        assert row["label"] in LABELS
        assert row["confidence"] == pytest.approx(max(row[f"p_{label}"] for label in LABELS))


def test_tag_to_stdout_is_jsonl(tmp_path, model_dir, capsys):
    article = tmp_path / "news" / "a1.txt"
    article.parent.mkdir()
    article.write_text(ARTICLE, encoding="utf-8")
    assert tag(model_dir, article) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["text"] for row in rows] == [
        "Logo",
        "Putin: talks went well",
        "“We must talk,” Putin stressed.",
        "The meeting lasted three hours.",
        "Advertisement",
    ]
    assert {row["source"] for row in rows} == {"news"}
    assert [row["sent_index"] for row in rows] == [0, 1, 2, 3, 4]


def test_tag_source_option_overrides_folder(tmp_path, model_dir, capsys):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert tag(model_dir, tmp_path / "a.txt", "--source", "Daily Example") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {row["source"] for row in rows} == {"Daily Example"}


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"], ids=["csv", "parquet", "jsonl"])
def test_tag_article_tables_and_output_formats(tmp_path, model_dir, suffix):
    articles = pd.DataFrame(
        {
            "id": ["a1", "a2"],
            "source": ["Example Times", None],
            "text": [ARTICLE, "Putin said talks went well."],
            "url": ["https://example.org/1", "https://www.news.example.com/2"],
        }
    )
    path = tmp_path / f"articles{suffix}"
    if suffix == ".csv":
        articles.to_csv(path, index=False)
    elif suffix == ".parquet":
        articles.to_parquet(path)
    else:
        articles.to_json(path, orient="records", lines=True)
    out = tmp_path / f"tagged{suffix}"
    assert tag(model_dir, path, "--output", out) == 0
    if suffix == ".csv":
        tagged = pd.read_csv(out)
    elif suffix == ".parquet":
        tagged = pd.read_parquet(out)
    else:
        tagged = pd.read_json(out, lines=True)
    assert list(tagged["doc_id"]) == ["a1"] * 5 + ["a2"]
    assert list(tagged["source"]) == ["Example Times"] * 5 + ["news.example.com"]


def test_tag_stdin_jsonl(tmp_path, model_dir, monkeypatch, capsys):
    import io

    line = json.dumps({"id": "s1", "source": "wire", "text": "Putin said talks went well."})
    monkeypatch.setattr(sys, "stdin", io.StringIO(line + "\n"))
    assert tag(model_dir, "-") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(row["doc_id"], row["source"]) for row in rows] == [("s1", "wire")]


def test_tag_sentences_keeps_rows_and_ignores_label(tmp_path, model_dir):
    sentences = pd.read_csv(SEED_LABELS, dtype=str).sample(frac=1, random_state=1)
    sentences["label"] = "nonsense"
    path = tmp_path / "sentences.csv"
    sentences.to_csv(path, index=False)
    out = tmp_path / "tagged.csv"
    assert tag(model_dir, path, "--sentences", "--output", out) == 0
    tagged = pd.read_csv(out, dtype={"doc_id": str, "text": str})
    assert list(tagged["text"]) == list(sentences["text"])
    assert set(tagged["label"]) <= set(LABELS)


def test_tag_sentences_context_matches_articles(tmp_path, model_dir):
    """Shuffled sentence rows get the same tags as the same sentences segmented from the files."""
    from_files = tmp_path / "files.csv"
    assert tag(model_dir, SEEDS, "--output", from_files) == 0
    files_df = pd.read_csv(from_files, dtype={"doc_id": str})
    shuffled = files_df[["doc_id", "sent_index", "source", "text"]].sample(frac=1, random_state=2)
    shuffled.to_csv(tmp_path / "rows.csv", index=False)
    from_rows = tmp_path / "rows_tagged.csv"
    assert tag(model_dir, tmp_path / "rows.csv", "--sentences", "--output", from_rows) == 0
    rows_df = pd.read_csv(from_rows, dtype={"doc_id": str}).sort_values(["doc_id", "sent_index"])
    files_df = files_df.sort_values(["doc_id", "sent_index"])
    assert list(rows_df["label"]) == list(files_df["label"])
    assert rows_df["confidence"].to_numpy() == pytest.approx(files_df["confidence"].to_numpy())


def test_report_formats(tmp_path, model_dir, capsys):
    tagged = tmp_path / "tagged.jsonl"
    assert tag(model_dir, SEEDS, "--output", tagged) == 0
    capsys.readouterr()
    assert main(["report", str(tagged)]) == 0
    table = capsys.readouterr().out
    assert "OBSERVATORY NEWS" in table and "boilerplate" in table
    assert max(len(line) for line in table.splitlines()) <= 100
    out = tmp_path / "report.json"
    assert main(["report", str(tagged), "--format", "json", "--output", str(out)]) == 0
    profiles = json.loads(out.read_text())
    assert len(profiles) == 5
    rows = pd.read_json(tagged, lines=True)
    for profile in profiles:
        mine = rows[rows.source == profile["source"]]
        assert profile["sentences"] == len(mine)
        assert profile["articles"] == 1
        assert profile["n_quotation"] == (mine.label == "quotation").sum()
        # The label mix is estimated from the probabilities written beside the labels.
        assert profile["shares_from"] == "probabilities"
        assert profile["share_boilerplate"] == pytest.approx(mine.p_boilerplate.mean(), abs=1e-4)
        assert profile["share_quotation"] == pytest.approx(
            mine.p_quotation.sum() / (1 - mine.p_boilerplate).sum(), abs=1e-4
        )
    assert (
        main(["report", str(tagged), "--format", "csv", "--output", str(tmp_path / "r.csv")]) == 0
    )
    assert list(pd.read_csv(tmp_path / "r.csv")["source"]) == [p["source"] for p in profiles]


def test_report_shows_the_models_measured_precision_and_recall(seeds_tagged, tmp_path, capsys):
    card = json.loads((SHIPPED_MODEL / "card.json").read_text())
    measured = card["cross_validation"]["per_label"]
    assert main(["report", str(seeds_tagged), "--model", str(SHIPPED_MODEL)]) == 0
    table = capsys.readouterr().out
    assert "How far each share can be trusted" in table
    quotation = measured["quotation"]
    shown = f"quotation {quotation['precision'] * 100:.0f}% / {quotation['recall'] * 100:.0f}%"
    assert shown in " ".join(table.split())
    out = tmp_path / "report.json"
    argv = ["report", str(seeds_tagged), "--model", str(SHIPPED_MODEL), "--format", "json"]
    assert main([*argv, "--output", str(out)]) == 0
    for record in json.loads(out.read_text()):
        for label in LABELS:
            assert record[f"precision_{label}"] == measured[label]["precision"]
            assert record[f"recall_{label}"] == measured[label]["recall"]
    assert main(["report", str(seeds_tagged), "--model", "none"]) == 0
    assert "How far each share" not in capsys.readouterr().out


def test_report_with_a_model_trained_without_cv_warns_and_shows_no_scores(
    seeds_tagged, model_dir, capsys
):
    assert main(["report", str(seeds_tagged), "--model", str(model_dir)]) == 0
    captured = capsys.readouterr()
    assert "trained without cross-validation" in captured.err
    assert "How far each share" not in captured.out


def test_report_with_a_missing_model_names_it(seeds_tagged, tmp_path, capsys):
    assert main(["report", str(seeds_tagged), "--model", str(tmp_path / "nowhere")]) != 0
    assert "nowhere" in capsys.readouterr().err


def test_evaluate_model_and_cv(tmp_path, model_dir, capsys):
    out = tmp_path / "scores.json"
    assert (
        main(
            [
                "evaluate",
                "--labels",
                str(SEED_LABELS),
                "--model",
                str(model_dir),
                "--output",
                str(out),
            ]
        )
        == 0
    )
    scores = json.loads(out.read_text())
    assert scores["sentences"] == 106
    assert scores["per_label"]["boilerplate"]["support"] == 21
    assert sum(map(sum, scores["confusion"]["matrix"])) == 106
    assert "macro-F1" in capsys.readouterr().err
    assert (
        main(["evaluate", "--labels", str(SEED_LABELS), "--cv", "5", "--group-by", "source"]) == 0
    )
    scores = json.loads(capsys.readouterr().out)
    assert scores["folds"] == 5 and scores["group_by"] == "source"
    assert 0 <= scores["macro_f1"] <= 1


def test_console_script_runs(tmp_path):
    # The console script installed beside the interpreter running the tests.
    script = shutil.which("classifier", path=str(Path(sys.executable).parent))
    assert script, "the classifier console script is not installed"
    done = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("classifier ")
    done = subprocess.run([script, "tag"], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "INPUT" in done.stderr


@pytest.mark.parametrize("how", ["script", "module"])
def test_the_command_exits_with_its_output_whole(tmp_path, how):
    """The command skips the interpreter's teardown (``cli.console_main``): what it wrote to a
    pipe arrives whole, buffered or not, and an error still exits 1 with its message."""
    script = shutil.which("classifier", path=str(Path(sys.executable).parent))
    command = [script] if how == "script" else [sys.executable, "-m", "classifier"]
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}

    def run(*args):
        return subprocess.run(
            [*command, *args], capture_output=True, text=True, check=False, env=buffered
        )

    done = run("--version")
    assert done.returncode == 0 and done.stdout.startswith("classifier ")
    seeds = sorted(SEEDS.glob("*.txt"))
    done = run("tag", *map(str, seeds), "--model", str(SHIPPED_MODEL))
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0, done.stderr
    assert len(rows) == len(main_rows(seeds)) > 50
    missing = tmp_path / "missing.txt"
    done = run("tag", str(missing))
    assert done.returncode == 1 and str(missing) in done.stderr and not done.stdout


def main_rows(paths) -> list:
    """The rows ``classifier tag`` writes for ``paths``, run in this process."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["tag", *map(str, paths), "--model", str(SHIPPED_MODEL)]) == 0
    return out.getvalue().splitlines()


def test_readme_documents_every_command():
    readme = (REPO / "README.md").read_text()
    from classifier.cli import COMMANDS

    for name in COMMANDS:
        assert f"classifier {name}" in readme


def test_explain_names_the_features_behind_a_label(model_dir, capsys):
    seed = SEEDS / "000_5ce189f8a01c56af.txt"
    assert main(["explain", str(seed), "--model", str(model_dir), "--sent-index", "4"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("000_5ce189f8a01c56af #4 -> ")
    assert "All necessary steps will be taken here as needed,” he added." in text
    # The seeds are too few articles for document context, so the cues explain the label.
    assert "cue closing_attribution" in text and "cue speech_verbs" in text
    assert (
        main(["explain", str(seed), "--model", str(model_dir), "--format", "json", "--top", "3"])
        == 0
    )
    explanations = json.loads(capsys.readouterr().out)
    assert [e["sent_index"] for e in explanations] == list(range(21))
    for item in explanations:
        assert item["label"] in LABELS and len(item["sentence_stage"]) <= 3
        contributions = [abs(part["contribution"]) for part in item["sentence_stage"]]
        assert contributions == sorted(contributions, reverse=True)


def test_explain_without_a_match(model_dir, capsys):
    seed = SEEDS / "000_5ce189f8a01c56af.txt"
    assert main(["explain", str(seed), "--model", str(model_dir), "--sent-index", "99"]) == 1
    assert "no sentence matches" in capsys.readouterr().err


def test_extract_help_has_an_example_and_help_for_every_option(capsys):
    assert main(["extract", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Example: classifier extract crawl.warc.gz --output pages.jsonl" in out
    for option in ("--model", "--source", "--output", "--force", "--resume", "--chunk-size"):
        assert option in out
    assert "--explain" not in out and "--sentences" not in out
