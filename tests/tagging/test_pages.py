"""Main text of pages: ``tagging.pages`` and ``classifier extract`` through the real CLI."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pandas as pd
import pytest

from classifier.cli import main
from classifier.schema import NO_TEXT
from classifier.tagging import batch as batch_module
from classifier.tagging.pages import PAGE_COLUMNS, main_text, page_rows

from ..conftest import REPO, read_inputs_as

COLUMNS = ["id", "url", "source", "title", "date", "text"]
ARTICLES = [
    {
        "id": "n1",
        "source": "daily",
        "url": "https://daily.example/n1",
        "title": "Talks end",
        "date": "2024-05-01",
        "text": "Share this article\nPutin said the talks went well. The meeting lasted five "
        "hours.\nAdvertisement\n“We must talk,” he said.\nSubscribe to our newsletter",
    },
    {
        "id": "n2",
        "source": "blog",
        "text": "Leave a Reply\nThe council approved the budget on Monday.\n\nAdvertisement",
    },
    {
        "id": "n3",
        "source": "daily",
        "title": "Rain",
        "text": "Advertisement\nRain fell across the region on Tuesday, officials said.\n"
        "Share this article",
    },
]
MAIN_TEXTS = {
    "n1": "Putin said the talks went well. The meeting lasted five hours.\n"
    "“We must talk,” he said.",
    "n2": "The council approved the budget on Monday.",
    "n3": "Rain fell across the region on Tuesday, officials said.",
}


def write_jsonl(path, records) -> None:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records))


def extract(model_dir, *args) -> int:
    return main(["extract", *map(str, args), "--model", str(model_dir)])


def read_rows(path) -> pd.DataFrame:
    """An extract output as strings, missing values None, whatever its format."""
    suffix = path.suffix
    if suffix == ".jsonl":
        rows = pd.DataFrame([json.loads(line) for line in path.read_text().splitlines()])
    elif suffix == ".csv":
        rows = pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)
    elif suffix == ".parquet":
        rows = pd.read_parquet(path)
    else:
        with sqlite3.connect(path) as db:
            rows = pd.read_sql("SELECT * FROM pages", db)
    return rows.astype(object).where(rows.notna(), None)


@pytest.fixture
def articles_jsonl(tmp_path):
    path = tmp_path / "articles.jsonl"
    write_jsonl(path, ARTICLES)
    return path


def test_main_text_joins_sentences_of_a_line_and_keeps_lines():
    text = "Menu\nFirst one. First two.\n\nSecond.\nFooter"
    spans = [(5, 15), (16, 26), (28, 35)]
    assert main_text(text, spans) == "First one. First two.\nSecond."
    assert main_text(text, []) == ""
    assert main_text("", []) == ""


def test_page_rows_follow_the_articles_even_with_repeated_ids():
    articles = [
        {"id": "a", "source": "s", "text": "One. Two.", "url": "http://a"},
        {"id": "p", "source": "s", "text": "", NO_TEXT: "p: no visible text in the page"},
        {"id": "a", "source": "s", "text": "Three.\nFour."},
    ]
    tagged_df = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "a"],
            "sent_index": [0, 1, 0, 1],
            "start": [0, 5, 0, 7],
            "end": [4, 9, 6, 12],
            "label": ["reporting", "boilerplate", "opinion", "quotation"],
        }
    )
    rows = page_rows(articles, tagged_df)
    assert list(rows.columns) == list(PAGE_COLUMNS) == COLUMNS
    assert rows.to_dict("records") == [
        {"id": "a", "url": "http://a", "source": "s", "title": None, "date": None, "text": "One."},
        {"id": "p", "url": None, "source": "s", "title": None, "date": None, "text": ""},
        {
            "id": "a",
            "url": None,
            "source": "s",
            "title": None,
            "date": None,
            "text": "Three.\nFour.",
        },
    ]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet", ".db"])
def test_extract_writes_one_row_per_article_in_every_format(
    tmp_path, model_dir, articles_jsonl, suffix
):
    out = tmp_path / f"pages{suffix}"
    assert extract(model_dir, articles_jsonl, "--output", out, "--chunk-size", 2) == 0
    rows = read_rows(out)
    assert list(rows.columns) == COLUMNS
    assert rows.to_dict("records") == [
        {
            "id": article["id"],
            "url": article.get("url"),
            "source": article["source"],
            "title": article.get("title"),
            "date": article.get("date"),
            "text": MAIN_TEXTS[article["id"]],
        }
        for article in ARTICLES
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.jsonl", f"pages{suffix}"]


def test_extract_keeps_what_tag_does_not_call_boilerplate(tmp_path, model_dir, articles_jsonl):
    tagged = tmp_path / "tagged.jsonl"
    assert main(["tag", str(articles_jsonl), "--model", str(model_dir), "-o", str(tagged)]) == 0
    kept: dict[str, list[str]] = {}
    for line in tagged.read_text().splitlines():
        row = json.loads(line)
        if row["label"] != "boilerplate":
            kept.setdefault(row["doc_id"], []).append(row["text"])
    out = tmp_path / "pages.jsonl"
    assert extract(model_dir, articles_jsonl, "--output", out) == 0
    for row in read_rows(out).to_dict("records"):
        assert row["text"].replace("\n", " ") == " ".join(kept.get(row["id"], []))


def test_extract_to_stdout_is_jsonl(model_dir, articles_jsonl, capsys):
    assert extract(model_dir, articles_jsonl) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [list(row) for row in rows] == [COLUMNS] * 3
    assert [row["text"] for row in rows] == list(MAIN_TEXTS.values())
    assert captured.err == ""


def test_extract_with_two_jobs_writes_what_one_writes(tmp_path, model_dir, articles_jsonl):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert extract(model_dir, articles_jsonl, "--chunk-size", 1, "--output", one) == 0
    assert extract(model_dir, articles_jsonl, "--chunk-size", 1, "-j", 2, "--output", two) == 0
    assert two.read_bytes() == one.read_bytes()


def test_extract_lists_failures_and_writes_the_rest(tmp_path, model_dir, capsys):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(ARTICLES[0]) + "\n{oops\n" + json.dumps({"id": "e", "text": ""}))
    out = tmp_path / "pages.csv"
    assert extract(model_dir, path, "--output", out) == 1
    assert capsys.readouterr().err == (
        f"failed: {path} line 2: not JSON (Expecting property name enclosed in double quotes); "
        "each line must be one object\n"
        f"failed: {path} line 3: missing or empty 'text'\n"
        f"2 of 3 articles failed; the other 1 were written to {out}\n"
    )
    assert read_rows(out)["id"].tolist() == ["n1"]


def test_extract_of_nothing_readable_is_an_error(tmp_path, model_dir, capsys):
    path = tmp_path / "in.jsonl"
    path.write_text("{oops\n")
    assert extract(model_dir, path, "--output", tmp_path / "pages.jsonl") == 1
    assert capsys.readouterr().err.startswith(f"error: no article could be read: {path} line 1")
    assert not (tmp_path / "pages.jsonl").exists()


def blank_page(n: int) -> dict:
    where = f"crawl.warc record p{n} at offset {100 * n} (http://example.org/{n})"
    return {
        "id": f"p{n}",
        "source": "example.org",
        "text": "",
        "url": f"http://example.org/{n}",
        "date": "2024-05-01T10:00:00Z",
        NO_TEXT: f"{where}: no visible text in the page",
    }


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_pages_without_text_are_rows_with_empty_text(
    tmp_path, model_dir, articles_jsonl, monkeypatch, capsys, suffix
):
    items = [blank_page(1), ARTICLES[0], blank_page(2)]
    read_inputs_as(monkeypatch, items)
    out = tmp_path / f"pages{suffix}"
    assert extract(model_dir, articles_jsonl, "--output", out, "--chunk-size", 1) == 0
    assert capsys.readouterr().err == (
        f"no text: {blank_page(1)[NO_TEXT]}\n"
        f"no text: {blank_page(2)[NO_TEXT]}\n"
        f"2 pages had no visible text; written to {out} with empty text\n"
    )
    rows = read_rows(out)
    assert rows["id"].tolist() == ["p1", "n1", "p2"]
    assert rows["text"].tolist() == ["", MAIN_TEXTS["n1"], ""]
    assert rows["url"].tolist() == [
        "http://example.org/1",
        ARTICLES[0]["url"],
        "http://example.org/2",
    ]


def test_a_run_of_pages_without_text_only(tmp_path, model_dir, articles_jsonl, monkeypatch):
    items = [blank_page(1), blank_page(2)]
    read_inputs_as(monkeypatch, items)
    out = tmp_path / "pages.csv"
    assert extract(model_dir, articles_jsonl, "--output", out) == 0
    assert read_rows(out)["text"].tolist() == [None, None]  # CSV: an empty text is empty


def interrupt_after(monkeypatch, chunks: int) -> None:
    """Ctrl-C while the chunk after the first ``chunks`` is being turned into pages."""
    real = batch_module.page_rows
    calls = []

    def page_rows_then_interrupt(articles, tagged_df):
        calls.append(1)
        if len(calls) > chunks:
            raise KeyboardInterrupt
        return real(articles, tagged_df)

    monkeypatch.setattr(batch_module, "page_rows", page_rows_then_interrupt)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet", ".db"])
def test_extract_resume_continues_an_interrupted_run(
    tmp_path, model_dir, articles_jsonl, monkeypatch, capsys, suffix
):
    whole = tmp_path / f"whole{suffix}"
    assert extract(model_dir, articles_jsonl, "--chunk-size", 1, "--output", whole) == 0
    out = tmp_path / f"out{suffix}"
    with monkeypatch.context() as patch:
        interrupt_after(patch, chunks=2)
        assert extract(model_dir, articles_jsonl, "--chunk-size", 1, "--output", out) == 130
    assert capsys.readouterr().err == (
        f"2 articles were committed to {out}.partial; rerun the same command with --resume "
        "to continue\ninterrupted\n"
    )
    assert not out.exists()
    assert extract(model_dir, articles_jsonl, "--chunk-size", 1, "--output", out, "--resume") == 0
    if suffix in (".jsonl", ".csv"):
        assert out.read_bytes() == whole.read_bytes()
    pd.testing.assert_frame_equal(read_rows(out), read_rows(whole))


def test_extract_and_tag_do_not_resume_each_other(
    tmp_path, model_dir, articles_jsonl, monkeypatch, capsys
):
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as patch:
        interrupt_after(patch, chunks=1)
        assert extract(model_dir, articles_jsonl, "--chunk-size", 1, "--output", out) == 130
    capsys.readouterr()
    argv = ["tag", str(articles_jsonl), "--model", str(model_dir), "--output", str(out)]
    assert main([*argv, "--resume"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {out}.progress: was written by a run with other inputs or ")
    assert "command=extract" in err


def test_killed_extract_resumes_to_the_same_rows(tmp_path, model_dir):
    """A real SIGKILL in the middle of an extract run, then --resume: byte for byte the output
    of an uninterrupted run."""
    path = tmp_path / "crawl.jsonl"
    write_jsonl(
        path,
        (
            {
                **ARTICLES[i % 3],
                "id": f"doc{i:04d}",
                "text": f"Story {i}.\n" + ARTICLES[i % 3]["text"],
            }
            for i in range(400)
        ),
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def command(out, *extra):
        argv = [sys.executable, "-m", "classifier", "extract", str(path), "--model", str(model_dir)]
        return [*argv, "--chunk-size", "2", "--output", str(out), *extra]

    whole = tmp_path / "whole.jsonl"
    subprocess.run(command(whole), env=env, check=True)
    out = tmp_path / "out.jsonl"
    progress = tmp_path / "out.jsonl.progress"
    child = subprocess.Popen(command(out), env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if progress.exists() and progress.read_text().count("\n") > 10:
            break
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert not out.exists(), "the run ended before it was killed; make the input longer"
    committed = (tmp_path / "out.jsonl.partial").read_bytes()
    assert 0 < len(committed) and committed in whole.read_bytes()
    subprocess.run(command(out, "--resume"), env=env, check=True)
    assert out.read_bytes() == whole.read_bytes()
    assert not progress.exists()
