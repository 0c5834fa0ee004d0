"""Batch tagging: streamed inputs, chunk-committed outputs, --resume, --jobs, progress."""

import gzip
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pandas as pd
import pyarrow.parquet as pq
import pytest

from classifier.cli import main
from classifier.cli.tag import page_model_of
from classifier.inputs import parts
from classifier.inputs.parts import plan_units
from classifier.inputs.streaming import count_articles, iter_articles
from classifier.model.store import load_model
from classifier.outputs.sinks import ChunkResult, TextSink
from classifier.tagging import batch as batch_module
from classifier.tagging.progress import ProgressBar, format_progress
from classifier.tagging.run import TagRun
from classifier.tagging.run import run_record as tagging_run_record

from ..conftest import REPO

ARTICLES = [
    {"id": "a1", "source": "wire", "text": "Putin said talks went well. The meeting lasted hours."},
    {"id": "a2", "source": "blog", "text": "“We must talk,” he said.\n\nAdvertisement\n"},
    {"id": "a3", "source": "wire", "text": "This is a disgrace. Officials declined to comment."},
    {"id": "a4", "source": "blog", "text": "Subscribe to our newsletter\nRain fell on Monday."},
    {"id": "a5", "source": "wire", "text": "Prices rose 3%. Critics called it a scandal."},
]


def write_jsonl(path, records) -> None:
    path.write_text("".join(json.dumps(record) + "\n" for record in records))


def tag(model_dir, *args) -> int:
    return main(["tag", *map(str, args), "--model", str(model_dir)])


def rows_of(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture
def articles_jsonl(tmp_path):
    path = tmp_path / "articles.jsonl"
    write_jsonl(path, ARTICLES)
    return path


@pytest.fixture
def expected(tmp_path, model_dir, articles_jsonl):
    """The JSONL output of one run over ARTICLES in one chunk."""
    out = tmp_path / "expected.jsonl"
    assert tag(model_dir, articles_jsonl, "--output", out) == 0
    return out.read_text()


def make_input(tmp_path, kind):
    if kind == "jsonl.gz":
        path = tmp_path / "in.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.writelines(json.dumps(record) + "\n" for record in ARTICLES)
        return [path]
    if kind in ("csv", "parquet"):
        path = tmp_path / f"in.{kind}"
        frame = pd.DataFrame(ARTICLES)
        frame.to_csv(path, index=False) if kind == "csv" else frame.to_parquet(path)
        return [path]
    folders = []  # .txt: one folder per source, so the folder name is the source
    for source in ("wire", "blog"):
        folder = tmp_path / source
        folder.mkdir()
        folders.append(folder)
    for record in ARTICLES:
        (tmp_path / record["source"] / f"{record['id']}.txt").write_text(record["text"])
    return folders


@pytest.mark.parametrize("kind", ["jsonl.gz", "csv", "parquet", "txt"])
def test_every_input_kind_streams_the_same_rows(tmp_path, model_dir, expected, kind):
    out = tmp_path / "out.jsonl"
    assert tag(model_dir, *make_input(tmp_path, kind), "--chunk-size", 2, "--output", out) == 0
    key = ["doc_id", "sent_index"]
    got = pd.DataFrame(rows_of(out)).sort_values(key, ignore_index=True)
    want = pd.read_json(io.StringIO(expected), lines=True, dtype=False)
    pd.testing.assert_frame_equal(got, want.sort_values(key, ignore_index=True))


@pytest.mark.parametrize("chars", [1, 200, 10**7], ids=["1", "200", "10M"])
def test_chunk_chars_do_not_change_the_output(tmp_path, model_dir, articles_jsonl, expected, chars):
    out = tmp_path / "out.jsonl"
    assert tag(model_dir, articles_jsonl, "--chunk-chars", chars, "--output", out) == 0
    assert out.read_text() == expected


@pytest.mark.parametrize("size", [1, 2, 1000], ids=["1", "2", "1000"])
def test_chunk_size_does_not_change_the_output(tmp_path, model_dir, articles_jsonl, expected, size):
    out = tmp_path / "out.jsonl"
    assert tag(model_dir, articles_jsonl, "--chunk-size", size, "--output", out) == 0
    assert out.read_text() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "articles.jsonl",
        "expected.jsonl",
        "out.jsonl",
    ]


def test_two_jobs_write_the_same_output_as_one(tmp_path, model_dir, articles_jsonl, expected):
    out = tmp_path / "out.jsonl"
    assert tag(model_dir, articles_jsonl, "--jobs", 2, "--chunk-size", 1, "--output", out) == 0
    assert out.read_text() == expected


def test_two_jobs_write_the_same_parquet_as_one(tmp_path, model_dir, monkeypatch):
    """With two processes each worker encodes its chunks' Parquet parts; the file is the one
    that one process writes, byte for byte."""
    monkeypatch.setattr(parts, "PART_BYTES", 4000)
    path = tmp_path / "crawl.jsonl"
    write_crawl(path, n=120)
    runs = {}
    for jobs in (1, 2):
        runs[jobs] = tmp_path / f"jobs{jobs}.parquet"
        assert tag(model_dir, path, "--chunk-size", 9, "--jobs", jobs, "--output", runs[jobs]) == 0
    assert runs[1].read_bytes() == runs[2].read_bytes()
    assert pq.ParquetFile(runs[1]).metadata.num_row_groups > 5
    assert pd.read_parquet(runs[1])["doc_id"].nunique() == 120


def write_crawl(path, n=400) -> None:
    write_jsonl(
        path,
        (
            {
                **ARTICLES[i % len(ARTICLES)],
                "id": f"doc{i:04d}",
                "text": f"Story {i}. " + ARTICLES[i % 5]["text"],
            }
            for i in range(n)
        ),
    )


def test_parts_of_a_jsonl_input_give_one_output_for_any_jobs_and_resume(
    tmp_path, model_dir, monkeypatch
):
    """A JSONL input read in parts of about 2,000 bytes (about 25 parts) by whoever tags them:
    the same bytes with one process, with two, and after an interrupted run is resumed."""
    monkeypatch.setattr(parts, "PART_BYTES", 2000)
    path = tmp_path / "crawl.jsonl"
    write_crawl(path)
    assert len(plan_units([str(path)])) > 20
    runs = {}
    for jobs in (1, 2):
        runs[jobs] = tmp_path / f"jobs{jobs}.jsonl"
        assert tag(model_dir, path, "--chunk-size", 7, "--jobs", jobs, "--output", runs[jobs]) == 0
    assert runs[1].read_bytes() == runs[2].read_bytes()

    out, real, calls = tmp_path / "out.jsonl", batch_module.tag_chunk, []

    def interrupt_in_the_ninth_chunk(*args, **kwargs):
        calls.append(1)
        if len(calls) == 9:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(batch_module, "tag_chunk", interrupt_in_the_ninth_chunk)
        assert tag(model_dir, path, "--chunk-size", 7, "--output", out) == 130
    committed = (tmp_path / "out.jsonl.partial").read_bytes()
    assert 0 < len(committed) < len(runs[1].read_bytes())
    assert tag(model_dir, path, "--chunk-size", 7, "--output", out, "--resume") == 0
    assert out.read_bytes() == runs[1].read_bytes()


@pytest.mark.parametrize("suffix", ["csv", "parquet", "db"])
def test_every_output_kind_holds_the_same_rows(
    tmp_path, model_dir, articles_jsonl, expected, suffix
):
    out = tmp_path / f"out.{suffix}"
    assert tag(model_dir, articles_jsonl, "--chunk-size", 2, "--output", out) == 0
    if suffix == "csv":
        got = pd.read_csv(out, keep_default_na=False, dtype={"doc_id": str})
    elif suffix == "parquet":
        got = pd.read_parquet(out)
    else:
        with sqlite3.connect(out) as db:
            got = pd.read_sql("SELECT * FROM sentences", db)
    want = pd.read_json(io.StringIO(expected), lines=True, dtype=False)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert not (tmp_path / f"out.{suffix}.partial").exists()
    assert not (tmp_path / f"out.{suffix}.progress").exists()


def test_sqlite_records_every_input_article(tmp_path, model_dir):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(ARTICLES[0]) + "\n{oops\n" + json.dumps(ARTICLES[1]) + "\n")
    out = tmp_path / "out.db"
    assert tag(model_dir, path, "--output", out) == 1
    with sqlite3.connect(out) as db:
        articles = db.execute("SELECT position, doc_id, failure FROM articles").fetchall()
        run = json.loads(db.execute("SELECT value FROM run WHERE key = 'run'").fetchone()[0])
    assert articles == [
        (0, "a1", None),
        (
            1,
            None,
            f"{path} line 2: not JSON (Expecting property name enclosed in double quotes); "
            "each line must be one object",
        ),
        (2, "a2", None),
    ]
    assert run["inputs"] == [str(path)]


def test_jsonl_line_not_utf8_fails_alone(tmp_path, model_dir, capsys):
    path = tmp_path / "in.jsonl"
    path.write_bytes(json.dumps(ARTICLES[0]).encode() + b'\n{"id": "x", "text": "caf\xe9"}\n')
    assert tag(model_dir, path, "--output", tmp_path / "out.jsonl") == 1
    err = capsys.readouterr().err
    assert f"failed: {path} line 2: not UTF-8 text (byte 0xe9); re-save the file as UTF-8" in err
    assert "1 of 2 articles failed; the other 1 were tagged and written to" in err


def test_streaming_reader_yields_failures_in_place(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(ARTICLES[0]) + "\n[1]\n\n" + json.dumps({"id": "b"}) + "\n")
    items = list(iter_articles([str(path)]))
    assert items == [
        {"id": "a1", "source": "wire", "text": ARTICLES[0]["text"]},
        f"{path} line 2: not a JSON object; each line must be one object",
        f"{path} line 4: missing or empty 'text'",
    ]


def test_count_articles_when_cheap(tmp_path, articles_jsonl):
    assert count_articles([str(articles_jsonl)]) == 5
    pd.DataFrame(ARTICLES).to_parquet(tmp_path / "a.parquet")
    assert count_articles([str(articles_jsonl), str(tmp_path / "a.parquet")]) == 10
    assert count_articles(["-"]) is None


def test_interrupted_output_needs_resume_or_force(tmp_path, model_dir, articles_jsonl, capsys):
    out = tmp_path / "out.jsonl"
    (tmp_path / "out.jsonl.partial").write_text("half\n")
    assert tag(model_dir, articles_jsonl, "--output", out) == 1
    assert capsys.readouterr().err == (
        f"error: {out}.partial: an interrupted run's output; pass --resume to continue it "
        "or --force to start over\n"
    )
    assert tag(model_dir, articles_jsonl, "--output", out, "--force") == 0
    assert not (tmp_path / "out.jsonl.partial").exists()


def test_resume_of_a_complete_output_does_nothing(tmp_path, model_dir, articles_jsonl, capsys):
    out = tmp_path / "out.jsonl"
    assert tag(model_dir, articles_jsonl, "--output", out) == 0
    before = out.read_text()
    capsys.readouterr()
    assert tag(model_dir, articles_jsonl, "--output", out, "--resume") == 0
    assert capsys.readouterr().err == f"{out}: already complete; nothing to resume\n"
    assert out.read_text() == before


def test_resume_needs_an_output_file(model_dir, articles_jsonl, capsys):
    assert tag(model_dir, articles_jsonl, "--resume") == 1
    assert (
        capsys.readouterr().err == "error: --resume needs --output FILE; stdout cannot be resumed\n"
    )


def test_bad_chunk_size_is_a_usage_error(model_dir, articles_jsonl, capsys):
    assert tag(model_dir, articles_jsonl, "--chunk-size", 0) == 2
    assert "'0' is not a whole number of at least 1" in capsys.readouterr().err


def run_record(inputs, model_dir, explain=False):
    """The record of ``classifier tag INPUTS --model MODEL_DIR`` (with its default page model)."""
    run = TagRun(
        inputs=[str(p) for p in inputs],
        model=str(model_dir),
        explain=explain,
        page_model=page_model_of(None),
    )
    return tagging_run_record(run)


def interrupted_run(tmp_path, model_dir, articles_jsonl, suffix, chunks):
    """Commit the first ``chunks`` chunks of two articles the way an interrupted run leaves them."""
    from classifier.outputs.sinks import open_sink
    from classifier.tagging.batch import tag_stream

    out = tmp_path / f"out.{suffix}"
    sink = open_sink(out, run_record([articles_jsonl], model_dir))
    items = list(iter_articles([str(articles_jsonl)]))[: 2 * chunks]
    tag_stream(items, sink, model_path=str(model_dir), chunk_size=2)
    if suffix == "db":
        sink.connection.close()
    return out


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet", "db"])
def test_resume_continues_an_interrupted_run(tmp_path, model_dir, articles_jsonl, suffix, capsys):
    whole = tmp_path / f"whole.{suffix}"
    assert tag(model_dir, articles_jsonl, "--chunk-size", 2, "--output", whole) == 0
    out = interrupted_run(tmp_path, model_dir, articles_jsonl, suffix, chunks=1)
    assert tag(model_dir, articles_jsonl, "--chunk-size", 2, "--output", out) == 1
    assert tag(model_dir, articles_jsonl, "--chunk-size", 2, "--output", out, "--resume") == 0
    if suffix == "db":
        with sqlite3.connect(whole) as a, sqlite3.connect(out) as b:
            query = "SELECT * FROM sentences ORDER BY rowid"
            assert a.execute(query).fetchall() == b.execute(query).fetchall()
    elif suffix == "parquet":
        pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(whole))
    else:
        assert out.read_bytes() == whole.read_bytes()


def test_resume_cuts_a_torn_write(tmp_path, model_dir, articles_jsonl, expected):
    out = interrupted_run(tmp_path, model_dir, articles_jsonl, "jsonl", chunks=2)
    with open(f"{out}.partial", "a") as handle:  # rows of a third chunk, never committed
        handle.write('{"doc_id":"a5","source":"wire","sent_in')
    with open(f"{out}.progress", "a") as handle:
        handle.write('{"articles": 6, "tag')
    assert tag(model_dir, articles_jsonl, "--output", out, "--resume") == 0
    assert out.read_text() == expected


def test_sink_reports_what_was_committed(tmp_path, model_dir):
    out = tmp_path / "out.jsonl"
    run = run_record([], model_dir)
    sink = TextSink(out, run, resume=False)
    table = pd.DataFrame({"doc_id": ["a"], "text": ["Hi."]})
    sink.write(ChunkResult(table, [("a", None), (None, "x.txt: empty file")]))
    again = TextSink(out, run, resume=True)
    assert (again.committed.articles, again.committed.tagged, again.committed.sentences) == (
        2,
        1,
        1,
    )
    assert again.committed.failures == ["x.txt: empty file"]


def test_resume_refuses_other_inputs(tmp_path, model_dir, articles_jsonl, capsys):
    out = interrupted_run(tmp_path, model_dir, articles_jsonl, "jsonl", chunks=1)
    other = tmp_path / "other.jsonl"
    write_jsonl(other, ARTICLES[:1])
    assert tag(model_dir, other, "--output", out, "--resume") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {out}.progress: was written by a run with other inputs or ")
    assert err.endswith("resume with the same command, or pass --force to start over\n")


def test_failures_of_earlier_sessions_are_reported(tmp_path, model_dir, capsys):
    path = tmp_path / "in.jsonl"
    path.write_text("{oops\n" + "".join(json.dumps(record) + "\n" for record in ARTICLES))
    out = tmp_path / "out.jsonl"
    from classifier.outputs.sinks import open_sink
    from classifier.tagging.batch import tag_stream

    sink = open_sink(out, run_record([path], model_dir))
    tag_stream(list(iter_articles([str(path)]))[:2], sink, model_path=str(model_dir), chunk_size=2)
    assert tag(model_dir, path, "--output", out, "--resume", "--chunk-size", 2) == 1
    err = capsys.readouterr().err
    assert f"failed: {path} line 1: not JSON" in err
    assert f"1 of 6 articles failed; the other 5 were tagged and written to {out}" in err


def test_killed_run_resumes_to_the_same_rows(tmp_path, model_dir):
    """A real SIGKILL in the middle of a run, then --resume: the output is byte for byte (so in
    order, not just as a set) the output of an uninterrupted run."""
    path = tmp_path / "crawl.jsonl"
    write_crawl(path)
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def command(out, *extra):
        argv = [sys.executable, "-m", "classifier", "tag", str(path), "--model", str(model_dir)]
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


def test_progress_line():
    assert format_progress(12000, 40000, 850.4) == (
        "12,000/40,000 articles (30%)  850 articles/s  ETA 0:00:33"
    )
    assert format_progress(5, None, 2.0) == "5 articles  2 articles/s"


def test_progress_bar_draws_on_its_stream_only_when_enabled():
    stream = io.StringIO()
    bar = ProgressBar(total=10, stream=stream, enabled=True)
    bar.update(4, force=True)
    bar.close(10)
    assert re.fullmatch(
        r"\r4/10 articles \(40%\)  [\d,]+ articles/s  ETA 0:00:00"
        r"\r10/10 articles \(100%\)  [\d,]+ articles/s *\n",
        stream.getvalue(),
    )
    quiet = io.StringIO()
    ProgressBar(total=10, stream=quiet, enabled=False).close(10)
    assert quiet.getvalue() == ""


def test_no_progress_line_when_stderr_is_not_a_terminal(
    tmp_path, model_dir, articles_jsonl, capsys
):
    assert tag(model_dir, articles_jsonl, "--output", tmp_path / "out.jsonl") == 0
    assert capsys.readouterr().err == ""


def test_tag_chunk_lists_pages_without_text_apart(model_dir):
    from classifier.outputs.chunks import ArticleEntry
    from classifier.schema import NO_TEXT
    from classifier.tagging.batch import tag_chunk

    model = load_model(model_dir)[0]
    blank = {
        "id": "p1",
        "source": "x",
        "text": "",
        NO_TEXT: "crawl.warc record p1: no visible text",
    }
    result = tag_chunk(model, [ARTICLES[0], blank, "bad.jsonl line 3: not JSON"])
    assert result.articles == [
        ArticleEntry("a1"),
        ArticleEntry("p1", None, "crawl.warc record p1: no visible text"),
        ArticleEntry(None, "bad.jsonl line 3: not JSON"),
    ]
    assert set(result.tagged_df["doc_id"]) == {"a1"}
    only_blank = tag_chunk(model, [blank])
    assert only_blank.tagged_df.empty
    assert list(only_blank.tagged_df.columns) == list(result.tagged_df.columns)
    numbers = ["sent_index", "start", "end", "confidence", "p_reporting"]
    assert only_blank.tagged_df.dtypes[numbers].equals(result.tagged_df.dtypes[numbers])


def test_a_page_of_5000_blocks_is_one_chunk_and_the_same_for_any_chunking(tmp_path, model_dir):
    """A very long page (5,000 text blocks, as a forum thread or a listing gives) stays whole
    in its chunk however small the chunks are, and is tagged the same with two processes."""
    blocks = [
        "Home" if n % 10 == 0 else f"Reply {n}: the council met on day {n} and voted again."
        for n in range(5000)
    ]
    path = tmp_path / "long.jsonl"
    write_jsonl(path, [ARTICLES[0], {"id": "long", "source": "forum", "text": "\n".join(blocks)}])
    runs = {}
    for name, options in {
        "default": [],
        "tiny-chunks": ["--chunk-chars", 100, "--chunk-size", 1],
        "two-jobs": ["--jobs", 2, "--chunk-size", 1],
    }.items():
        runs[name] = tmp_path / f"{name}.jsonl"
        assert tag(model_dir, path, *options, "--output", runs[name]) == 0
    rows = rows_of(runs["default"])
    assert sum(row["doc_id"] == "long" for row in rows) >= 5000
    assert runs["tiny-chunks"].read_bytes() == runs["default"].read_bytes()
    assert runs["two-jobs"].read_bytes() == runs["default"].read_bytes()
