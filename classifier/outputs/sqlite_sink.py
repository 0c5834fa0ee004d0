"""The SQLite output of ``classifier tag``: one transaction per chunk, so a crash never leaves
half a chunk, and the committed articles are read back from the database on resume."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pandas as pd

from .chunks import ChunkResult, Committed, other_run_error, partial_path

SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
SENTENCES_TABLE = "sentences"
ARTICLES_TABLE = "articles"
RUN_TABLE = "run"


class SqliteSink:
    """A SQLite database: ``sentences`` (the output columns), ``articles`` (one row per input
    article: ``position, doc_id, failure``) and ``run`` (what the run was started with)."""

    renders_jsonl = False

    def __init__(self, path: Path, run: dict, *, resume: bool) -> None:
        self.path = path
        self.partial = partial_path(path)
        self.committed = Committed()
        if not (resume and self.partial.exists()):
            self.partial.unlink(missing_ok=True)
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
            "(position INTEGER PRIMARY KEY, doc_id TEXT, failure TEXT)"
        )
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
        committed.tagged = committed.articles - len(committed.failures)
        if self._has_sentences():
            committed.sentences = db.execute(f"SELECT count(*) FROM {SENTENCES_TABLE}").fetchone()[
                0
            ]

    def _has_sentences(self) -> bool:
        query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        return self.connection.execute(query, (SENTENCES_TABLE,)).fetchone() is not None

    def write(self, result: ChunkResult) -> None:
        db = self.connection
        start = self.committed.articles
        db.execute("BEGIN IMMEDIATE")
        try:
            table = result.tagged_df
            if table is not None and not table.empty:
                if not self._has_sentences():
                    db.execute(_create_table_sql(table))
                columns = ", ".join(_quote(c) for c in table.columns)
                marks = ", ".join("?" for _ in table.columns)
                db.executemany(
                    f"INSERT INTO {SENTENCES_TABLE} ({columns}) VALUES ({marks})",
                    _sql_rows(table),
                )
            db.executemany(
                f"INSERT INTO {ARTICLES_TABLE} VALUES (?, ?, ?)",
                [
                    (start + i, doc_id, failure)
                    for i, (doc_id, failure) in enumerate(result.articles)
                ],
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self.committed.add(result)

    def finish(self) -> None:
        if self._has_sentences():
            self.connection.execute(
                f"CREATE INDEX IF NOT EXISTS {SENTENCES_TABLE}_doc_id ON {SENTENCES_TABLE} (doc_id)"
            )
        self.connection.close()
        os.replace(self.partial, self.path)

    def discard(self) -> None:
        self.connection.close()
        self.partial.unlink(missing_ok=True)


def _create_table_sql(table: pd.DataFrame) -> str:
    columns = []
    for name, dtype in table.dtypes.items():
        if pd.api.types.is_integer_dtype(dtype):
            kind = "INTEGER"
        elif pd.api.types.is_float_dtype(dtype):
            kind = "REAL"
        else:
            kind = "TEXT"
        columns.append(f"{_quote(name)} {kind}")
    return f"CREATE TABLE {SENTENCES_TABLE} ({', '.join(columns)})"


def _sql_rows(table: pd.DataFrame):
    for row in table.itertuples(index=False, name=None):
        yield tuple(None if _is_na(value) else _plain(value) for value in row)


def _is_na(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _plain(value):
    return value.item() if hasattr(value, "item") else value


def _quote(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'
