"""The chunk-committing sinks: pages with no visible text are counted apart, through resume too."""

import json
import sqlite3

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from classifier.outputs.chunks import NO_TEXT_EXAMPLES, ArticleEntry, ChunkResult, Committed
from classifier.outputs.sinks import open_sink

RUN = {"inputs": ["crawl.warc"], "model": "m", "sentences": False, "source": None}
SUFFIXES = ["jsonl", "csv", "parquet", "db"]
ROWS = pd.DataFrame(
    {"doc_id": ["a", "a"], "sent_index": [0, 1], "start": [0, 4], "end": [3, 8], "text": ["x", "y"]}
)
EMPTY_ROWS = ROWS.iloc[:0]


def no_text(n: int) -> str:
    return f"crawl.warc record r{n} at offset {n}: no visible text in the page"


CHUNKS = [
    ChunkResult(ROWS, [("a", None), ArticleEntry("r1", None, no_text(1))]),
    ChunkResult(None, [(None, "crawl.warc: cannot read the record")]),
    ChunkResult(EMPTY_ROWS, [ArticleEntry("r2", None, no_text(2))]),
]


def output_rows(path, suffix) -> pd.DataFrame:
    if suffix == "jsonl":
        return pd.read_json(path, lines=True) if path.stat().st_size else pd.DataFrame()
    if suffix == "csv":
        return pd.read_csv(path)
    if suffix == "parquet":
        return pd.read_parquet(path)
    with sqlite3.connect(path) as db:
        return pd.read_sql("SELECT * FROM sentences", db)


def test_committed_counts_pages_without_text_apart():
    committed = Committed()
    for chunk in CHUNKS:
        committed.add(chunk)
    assert (committed.articles, committed.tagged, committed.no_text, committed.sentences) == (
        4,
        1,
        2,
        2,
    )
    assert committed.failures == ["crawl.warc: cannot read the record"]
    assert committed.no_text_examples == [no_text(1), no_text(2)]


def test_committed_keeps_the_first_messages_only():
    committed = Committed()
    many = [ArticleEntry(f"r{i}", None, no_text(i)) for i in range(NO_TEXT_EXAMPLES + 3)]
    assert committed.add(ChunkResult(None, many[:2])) == [no_text(0), no_text(1)]
    committed.add(ChunkResult(None, many[2:]))
    assert committed.no_text == NO_TEXT_EXAMPLES + 3
    assert committed.no_text_examples == [no_text(i) for i in range(NO_TEXT_EXAMPLES)]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_resumed_sink_counts_pages_without_text(tmp_path, suffix):
    out = tmp_path / f"out.{suffix}"
    sink = open_sink(out, RUN)
    for chunk in CHUNKS:
        sink.write(chunk)
    if suffix == "db":
        sink.connection.close()
    again = open_sink(out, RUN, resume=True)
    assert again.committed == sink.committed
    again.finish()
    assert len(output_rows(out, suffix)) == 2


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_only_pages_without_text_finish_an_output_without_rows(tmp_path, suffix):
    out = tmp_path / f"out.{suffix}"
    sink = open_sink(out, RUN)
    sink.write(ChunkResult(EMPTY_ROWS, [ArticleEntry("r1", None, no_text(1))]))
    sink.write(ChunkResult(EMPTY_ROWS, [ArticleEntry("r2", None, no_text(2))]))
    sink.finish()
    rows = output_rows(out, suffix)
    assert rows.empty
    if suffix != "jsonl":  # a JSONL file without rows is empty; the others keep the columns
        assert list(rows.columns) == list(ROWS.columns)


def test_parquet_types_come_from_a_part_with_rows(tmp_path):
    out = tmp_path / "out.parquet"
    sink = open_sink(out, RUN)
    pages = pd.DataFrame({"id": ["a"], "url": [None], "text": ["Hi."]}, dtype=object)
    sink.write(ChunkResult(pages.iloc[:0], [ArticleEntry("r1", None, no_text(1))]))
    sink.write(ChunkResult(pages, [("a", None)]))
    sink.write(ChunkResult(pages.assign(url="http://x"), [("a", None)]))
    sink.finish()
    got = pq.read_table(out)
    assert got.schema.field("url").type == pa.string()
    assert got.column("url").to_pylist() == [None, "http://x"]


def test_sqlite_lists_every_article_with_its_status(tmp_path):
    out = tmp_path / "out.db"
    sink = open_sink(out, RUN)
    for chunk in CHUNKS:
        sink.write(chunk)
    sink.finish()
    with sqlite3.connect(out) as db:
        rows = db.execute("SELECT * FROM articles ORDER BY position").fetchall()
    assert rows == [
        (0, "a", None, None),
        (1, "r1", None, no_text(1)),
        (2, None, "crawl.warc: cannot read the record", None),
        (3, "r2", None, no_text(2)),
    ]


def test_sqlite_resumes_a_database_from_before_no_text(tmp_path):
    """A database an older version left: ``articles`` without the ``no_text`` column."""
    out = tmp_path / "out.db"
    with sqlite3.connect(tmp_path / "out.db.partial") as db:
        db.execute("CREATE TABLE run (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("INSERT INTO run VALUES ('run', ?)", (json.dumps(RUN),))
        db.execute(
            "CREATE TABLE articles (position INTEGER PRIMARY KEY, doc_id TEXT, failure TEXT)"
        )
        db.execute("INSERT INTO articles VALUES (0, 'a', NULL), (1, NULL, 'x.txt: empty file')")
        db.execute("CREATE TABLE sentences (doc_id TEXT, text TEXT)")
        db.execute("INSERT INTO sentences VALUES ('a', 'x')")
    db.close()
    sink = open_sink(out, RUN, resume=True)
    assert (sink.committed.articles, sink.committed.tagged, sink.committed.no_text) == (2, 1, 0)
    sink.write(ChunkResult(None, [ArticleEntry("r1", None, no_text(1))]))
    sink.finish()
    with sqlite3.connect(out) as db:
        rows = db.execute("SELECT * FROM articles ORDER BY position").fetchall()
    assert rows == [
        (0, "a", None, None),
        (1, None, "x.txt: empty file", None),
        (2, "r1", None, no_text(1)),
    ]


def test_progress_file_from_before_no_text_resumes(tmp_path):
    out = tmp_path / "out.jsonl"
    (tmp_path / "out.jsonl.partial").write_text('{"doc_id": "a"}\n')
    entry = {"articles": 1, "tagged": 1, "sentences": 1, "size": 16, "failures": []}
    (tmp_path / "out.jsonl.progress").write_text(
        f"{json.dumps({'run': RUN})}\n{json.dumps(entry)}\n"
    )
    sink = open_sink(out, RUN, resume=True)
    assert sink.committed == Committed(articles=1, tagged=1, sentences=1)
