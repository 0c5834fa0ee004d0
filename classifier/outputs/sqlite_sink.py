"""The SQLite output of ``classifier tag`` (and ``extract``): one transaction per chunk, so a crash
never leaves half a chunk, and the committed articles are read back from the database on resume.

``speakers`` is counted from the sentences when the run finishes: per source and speaker, the
quotation sentences (``quotes``) and ``articles`` that quote them.

``articles`` has one row per input article: ``position, doc_id, failure, no_text``, with
``failure`` set for an article that could not be read and ``no_text`` (saying where) for a page
with no visible text; both are NULL for a tagged article. Databases written before ``no_text``
existed get the column (NULL everywhere, which is what they meant) when they are resumed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .chunks import NO_TEXT_EXAMPLES, ChunkResult, Committed, other_run_error, partial_path

if TYPE_CHECKING:
    import sqlite3

SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
SENTENCES_TABLE = "sentences"
PAGES_TABLE = "pages"
ARTICLES_TABLE = "articles"
SPEAKERS_TABLE = "speakers"
RUN_TABLE = "run"
INDEXED_COLUMNS = ("doc_id", "id")  # the first of these that the rows have is indexed


class SqliteSink:
    """A SQLite database: ``table`` (the output rows: ``sentences``, or ``pages`` for extract),
    ``articles`` (one row per input article: ``position, doc_id, failure, no_text``) and ``run``
    (what the run was started with)."""

    renders = None

    def __init__(
        self, path: Path, run: dict, *, resume: bool, table: str = SENTENCES_TABLE
    ) -> None:
        self.path = path
        self.partial = partial_path(path)
        self.table = table
        self.committed = Committed()
        if not (resume and self.partial.exists()):
            self.partial.unlink(missing_ok=True)
        import sqlite3  # SQLite outputs only: it costs every run's start-up

        self.connection = sqlite3.connect(self.partial, isolation_level=None)
        self.connection.execute("PRAGMA synchronous = FULL")
        self._prepare(run)

    @property
    def where(self) -> str:
        return str(self.path)

    def _prepare(self, run: dict) -> None:
        db = self.connection
        db.execute(f"CREATE TABLE IF NOT EXISTS {RUN_TABLE} (key TEXT PRIMARY KEY, value TEXT)")
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {ARTICLES_TABLE} "
            "(position INTEGER PRIMARY KEY, doc_id TEXT, failure TEXT, no_text TEXT)"
        )
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({ARTICLES_TABLE})")}
        if "no_text" not in columns:  # a database from before pages without text were counted
            db.execute(f"ALTER TABLE {ARTICLES_TABLE} ADD COLUMN no_text TEXT")
        found = db.execute(f"SELECT value FROM {RUN_TABLE} WHERE key = 'run'").fetchone()
        if found is None:
            db.execute(f"INSERT INTO {RUN_TABLE} VALUES ('run', ?)", (json.dumps(run),))
        elif json.loads(found[0]) != run:
            db.close()
            raise other_run_error(self.partial, {"run": json.loads(found[0])})
        committed = self.committed
        committed.articles = db.execute(f"SELECT count(*) FROM {ARTICLES_TABLE}").fetchone()[0]
        committed.failures = [
            row[0]
            for row in db.execute(
                f"SELECT failure FROM {ARTICLES_TABLE} WHERE failure IS NOT NULL ORDER BY position"
            )
        ]
        no_text = f"SELECT no_text FROM {ARTICLES_TABLE} WHERE no_text IS NOT NULL"
        committed.no_text = db.execute(f"SELECT count(*) FROM ({no_text})").fetchone()[0]
        committed.no_text_examples = [
            row[0]
            for row in db.execute(f"{no_text} ORDER BY position LIMIT ?", (NO_TEXT_EXAMPLES,))
        ]
        committed.tagged = committed.articles - len(committed.failures) - committed.no_text
        if self._has_rows_table():
            count = db.execute(f"SELECT count(*) FROM {_quote(self.table)}").fetchone()[0]
            committed.sentences = count

    def _has_rows_table(self) -> bool:
        query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        return self.connection.execute(query, (self.table,)).fetchone() is not None

    def write(self, result: ChunkResult) -> None:
        db = self.connection
        start = self.committed.articles
        db.execute("BEGIN IMMEDIATE")
        try:
            table = result.tagged_df
            if table is not None and not self._has_rows_table():
                db.execute(_create_table_sql(table, self.table))
            if table is not None and not table.empty:
                columns = ", ".join(_quote(c) for c in table.columns)
                marks = ", ".join("?" for _ in table.columns)
                db.executemany(
                    f"INSERT INTO {_quote(self.table)} ({columns}) VALUES ({marks})",
                    _sql_rows(table),
                )
            db.executemany(
                f"INSERT INTO {ARTICLES_TABLE} (position, doc_id, failure, no_text) "
                "VALUES (?, ?, ?, ?)",
                [(start + i, *entry) for i, entry in enumerate(result.articles)],
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self.committed.add(result)

    def finish(self) -> None:
        if self._has_rows_table():
            columns = {
                row[1] for row in self.connection.execute(f"PRAGMA table_info({self.table})")
            }
            for column in (c for c in INDEXED_COLUMNS if c in columns):
                self.connection.execute(
                    f"CREATE INDEX IF NOT EXISTS {_quote(f'{self.table}_{column}')} "
                    f"ON {_quote(self.table)} ({_quote(column)})"
                )
                break
            if {"source", "speaker", "doc_id"} <= columns:
                _count_speakers(self.connection, self.table)
        self.connection.close()
        os.replace(self.partial, self.path)

    def discard(self) -> None:
        self.connection.close()
        self.partial.unlink(missing_ok=True)


def _count_speakers(connection: sqlite3.Connection, table: str) -> None:
    """The ``speakers`` table, counted from the finished rows: each source's speakers with the
    quotation sentences and articles that quote them (attributed speakers only)."""
    with connection:
        connection.execute(f"DROP TABLE IF EXISTS {SPEAKERS_TABLE}")
        connection.execute(
            f"CREATE TABLE {SPEAKERS_TABLE} AS SELECT source, speaker, "
            "COUNT(*) AS quotes, COUNT(DISTINCT doc_id) AS articles "
            f"FROM {_quote(table)} WHERE speaker IS NOT NULL AND speaker != '' "
            "GROUP BY source, speaker ORDER BY source, quotes DESC, speaker"
        )


def _create_table_sql(table: pd.DataFrame, table_name: str) -> str:
    columns = []
    for name, dtype in table.dtypes.items():
        if pd.api.types.is_integer_dtype(dtype):
            kind = "INTEGER"
        elif pd.api.types.is_float_dtype(dtype):
            kind = "REAL"
        else:
            kind = "TEXT"
        columns.append(f"{_quote(name)} {kind}")
    return f"CREATE TABLE {_quote(table_name)} ({', '.join(columns)})"


def _sql_rows(table: pd.DataFrame):
    for row in table.itertuples(index=False, name=None):
        yield tuple(None if _is_na(value) else _plain(value) for value in row)


def _is_na(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _plain(value):
    return value.item() if hasattr(value, "item") else value


def _quote(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'
