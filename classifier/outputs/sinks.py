"""Outputs written in committed chunks, so that an interrupted run loses nothing and can resume.

While a run is going, the output is ``OUT.partial`` next to ``OUT``; when the run ends it is moved
to ``OUT`` in one step, so ``OUT`` itself is always complete. Each chunk is committed:

- ``.jsonl``/``.csv``: the chunk's rows are appended to ``OUT.partial`` and fsynced, then a line
  with the running counts and the file's byte length is appended to ``OUT.progress`` and fsynced. On
  resume the file is cut back to the last recorded length (a torn last write disappears) and the
  recorded number of input articles is skipped.
- ``.parquet``: ``OUT.partial`` is a folder of ``part-NNNNNN.parquet`` files, one per chunk, each
  written under a temporary name and renamed; ``OUT.progress`` records how many parts are committed.
  At the end the parts' row groups are joined into ``OUT`` byte for byte (``parquet_concat``), or
  decoded and written again when the parts' column types differ.
- ``.db``/``.sqlite``/``.sqlite3``: one SQLite transaction per chunk adds the rows to ``sentences``
  (``pages`` for ``classifier extract``) and one row per input article (tagged, failed or a page
  with no visible text) to ``articles``; the committed articles are read back from the database.

A page with no visible text (``schema.NO_TEXT``) is neither tagged nor failed: it is counted apart
(``Committed.no_text``) and has no sentence rows. A run whose pages all had no visible text still
finishes: an empty JSONL file, a CSV header, a Parquet file or database table without rows.

A run records what it was started with (inputs, model, options); ``--resume`` refuses a different
run, which would skip the wrong articles.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pyarrow as pa

from ..errors import InputError, OutputExistsError
from ..schema import MARKUP, TEXT, WHY
from .chunks import ChunkResult, Committed, other_run_error, partial_path, progress_path
from .jsonl import jsonl_bytes
from .sqlite_sink import SENTENCES_TABLE, SQLITE_SUFFIXES, SqliteSink
from .writers import check_output

UNIQUE_TEXT_COLUMNS = (TEXT, WHY, MARKUP)
OUTPUT_SUFFIXES = (".jsonl", ".csv", ".parquet", *SQLITE_SUFFIXES)


def check_sink(path: str | Path | None, *, force: bool = False, resume: bool = False) -> None:
    """Fail before any work when the output cannot be written or would be replaced."""
    if path is None:
        if resume:
            raise InputError("--resume needs --output FILE; stdout cannot be resumed")
        return
    path = Path(path)
    check_output(path, force=force or resume, suffixes=OUTPUT_SUFFIXES)
    if force or resume:
        return
    partial = partial_path(path)
    if partial.exists():
        raise OutputExistsError(
            f"{partial}: an interrupted run's output; pass --resume to continue it "
            "or --force to start over"
        )


def is_complete(path: str | Path | None) -> bool:
    """True when a finished output exists and no run is in progress (nothing to resume)."""
    return path is not None and Path(path).exists() and not partial_path(Path(path)).exists()


def open_sink(
    path: str | Path | None, run: dict, *, resume: bool = False, table: str = SENTENCES_TABLE
):
    """The sink for ``path`` (None: JSONL on stdout). With ``resume``, an interrupted run's
    committed chunks are kept (``sink.committed`` says how many articles to skip); otherwise any
    old partial output is removed and the run starts from nothing. ``table``: the SQLite table
    the rows go to."""
    if path is None:
        return StdoutSink()
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in SQLITE_SUFFIXES:
        return SqliteSink(path, run, resume=resume, table=table)
    if suffix == ".parquet":
        return ParquetSink(path, run, resume=resume)
    return TextSink(path, run, resume=resume)


class StdoutSink:
    """JSONL on stdout, a chunk at a time (nothing to resume)."""

    renders = "jsonl"

    def __init__(self) -> None:
        self.committed = Committed()

    def write(self, result: ChunkResult) -> None:
        if result.tagged_df is not None and len(result.tagged_df):
            data = result.jsonl if result.jsonl is not None else jsonl_bytes(result.tagged_df)
            _write_stdout(data)
        self.committed.add(result)

    def finish(self) -> None:
        pass

    def discard(self) -> None:
        pass

    @property
    def where(self) -> str:
        return "stdout"


def _write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # stdout replaced by a text-only stream
        sys.stdout.write(data.decode("utf-8"))
    else:
        binary.write(data)
        binary.flush()


class _FileSink:
    """Shared by the sinks whose progress is kept in ``OUT.progress``."""

    def __init__(self, path: Path, run: dict, *, resume: bool) -> None:
        self.path = path
        self.partial = partial_path(path)
        self.progress = progress_path(path)
        self.committed = Committed()
        self.size = 0
        if resume and self.partial.exists() and self.progress.exists():
            self._load(run)
        else:
            self._remove_partial()
            self._start(run)

    @property
    def where(self) -> str:
        return str(self.path)

    def _load(self, run: dict) -> None:
        with open(self.progress, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        header = _json_or_none(lines[0]) if lines else None
        if header is None or header.get("run") != run:
            raise other_run_error(self.progress, header)
        for line in lines[1:]:
            entry = _json_or_none(line)
            if entry is None:  # a torn last line: that chunk was never committed
                break
            self.committed.articles = entry["articles"]
            self.committed.tagged = entry["tagged"]
            self.committed.sentences = entry["sentences"]
            self.committed.failures += entry["failures"]
            self.committed.no_text = entry.get("no_text", 0)  # absent before pages could be empty
            self.committed.no_text_examples += entry.get("no_text_examples", [])
            self.size = entry["size"]
        self._rewind()
        with open(self.progress, "w", encoding="utf-8") as handle:
            handle.writelines(f"{line}\n" for line in lines[: 1 + self._entries(lines)])
            _sync(handle)

    @staticmethod
    def _entries(lines: list[str]) -> int:
        count = 0
        for line in lines[1:]:
            if _json_or_none(line) is None:
                break
            count += 1
        return count

    def _start(self, run: dict) -> None:
        with open(self.progress, "w", encoding="utf-8") as handle:
            handle.write(json.dumps({"run": run}) + "\n")
            _sync(handle)

    def write(self, result: ChunkResult) -> None:
        if result.tagged_df is not None and len(result.tagged_df):
            self._append(result)
        elif result.tagged_df is not None and self.size == 0:
            self._append_empty(result.tagged_df)
        examples = self.committed.add(result)
        entry = {
            "articles": self.committed.articles,
            "tagged": self.committed.tagged,
            "sentences": self.committed.sentences,
            "size": self.size,
            "failures": result.failures,
            "no_text": self.committed.no_text,
            "no_text_examples": examples,
        }
        with open(self.progress, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            _sync(handle)

    def discard(self) -> None:
        self._remove_partial()
        self.progress.unlink(missing_ok=True)

    def _remove_partial(self) -> None:
        if self.partial.is_dir():
            shutil.rmtree(self.partial)
        else:
            self.partial.unlink(missing_ok=True)


class TextSink(_FileSink):
    """JSONL or CSV appended a chunk at a time; ``size`` is the committed byte length."""

    def _rewind(self) -> None:
        with open(self.partial, "r+b") as handle:
            handle.truncate(self.size)
            _sync(handle)

    def _start(self, run: dict) -> None:
        super()._start(run)
        self.partial.touch()

    @property
    def renders(self) -> str | None:
        """What a worker may render a chunk's rows as for this sink (``batch.iter_tagged``)."""
        return "jsonl" if self._jsonl else None

    @property
    def _jsonl(self) -> bool:
        return self.path.suffix.lower() == ".jsonl"

    def _append(self, result: ChunkResult) -> None:
        table = result.tagged_df
        if not self._jsonl:
            data = table.to_csv(index=False, header=self.size == 0).encode("utf-8")
        else:
            data = result.jsonl if result.jsonl is not None else jsonl_bytes(table)
        with open(self.partial, "ab") as handle:
            handle.write(data)
            _sync(handle)
            self.size = handle.tell()

    def _append_empty(self, table) -> None:
        """A chunk without rows before any row: a CSV still gets its header."""
        if not self._jsonl:
            self._append(ChunkResult(table, []))

    def finish(self) -> None:
        os.replace(self.partial, self.path)
        self.progress.unlink()


class ParquetSink(_FileSink):
    """One Parquet part per chunk in the ``OUT.partial`` folder; ``size`` is the number of parts."""

    renders = "parquet"

    def _rewind(self) -> None:
        for part in self.partial.iterdir():
            if not part.name.startswith("part-") or _part_number(part) > self.size:
                part.unlink()

    def _start(self, run: dict) -> None:
        super()._start(run)
        self.partial.mkdir()

    def _append(self, result: ChunkResult) -> None:
        target = self.partial / f"part-{self.size + 1:06d}.parquet"
        staging = self.partial / f".{target.name}"
        data = result.parquet if result.parquet is not None else parquet_bytes(result.tagged_df)
        with open(staging, "wb") as handle:
            handle.write(data)
            _sync(handle)
        os.replace(staging, target)
        self.size += 1

    def _append_empty(self, table) -> None:
        """A part without rows, so that a run of pages without text still has its columns."""
        self._append(ChunkResult(table, []))

    def finish(self) -> None:
        import pyarrow.parquet as pq  # Parquet outputs only: it costs every run's start-up

        from .parquet_concat import CannotConcat, concat_parquet

        parts = sorted(self.partial.glob("part-*.parquet"))
        staging = self.partial / ".merged.parquet"
        schemas = [pq.read_schema(part) for part in parts]
        rows = [pq.ParquetFile(part).metadata.num_rows for part in parts]
        # The columns' types come from the first part with rows (an empty part's are guesses).
        schema = next((s for s, n in zip(schemas, rows, strict=True) if n), None)
        schema = schema or (schemas[0] if schemas else pa.schema([]))
        full = [(part, s) for part, s, n in zip(parts, schemas, rows, strict=True) if n]
        if not (full and all(s.equals(schema, check_metadata=True) for _, s in full)):
            _merge_parts(parts, rows, schema, staging)
        else:
            try:  # the parts' bytes as they are, under one footer
                with open(staging, "wb") as handle:
                    concat_parquet([part for part, _ in full], handle)
            except CannotConcat:
                _merge_parts(parts, rows, schema, staging)
        os.replace(staging, self.path)
        shutil.rmtree(self.partial)
        self.progress.unlink()


def _merge_parts(parts: list[Path], rows: list[int], schema: pa.Schema, staging: Path) -> None:
    """The parts with rows decoded and encoded again as one file of ``schema``."""
    import pyarrow.parquet as pq

    with pq.ParquetWriter(staging, schema, use_dictionary=dictionary_columns(schema)) as writer:
        for part, count in zip(parts, rows, strict=True):
            if count:
                writer.write_table(pq.read_table(part).cast(schema))


def parquet_bytes(table) -> bytes:
    """A chunk's rows as the Parquet part ``ParquetSink`` writes (where a worker tags them, so
    that the process writing the output only writes the bytes)."""
    import pyarrow.parquet as pq

    arrow = _arrow_table(table)
    buffer = pa.BufferOutputStream()
    pq.write_table(arrow, buffer, use_dictionary=dictionary_columns(arrow.schema))
    return buffer.getvalue().to_pybytes()


def dictionary_columns(schema: pa.Schema) -> list[str]:
    """The text columns that repeat (ids, sources, labels, speakers), dictionary-encoded in
    Parquet; the sentences' own text is not, which halves the time a chunk takes to write."""
    return [
        field.name
        for field in schema
        if (pa.types.is_string(field.type) or pa.types.is_large_string(field.type))
        and field.name not in UNIQUE_TEXT_COLUMNS
    ]


def _arrow_table(table) -> pa.Table:
    """``table`` as Arrow; a column of nothing but nulls (no url in a chunk) is a string column,
    so that every part has the same types."""
    arrow = pa.Table.from_pandas(table, preserve_index=False)
    nulls = {f.name for f in arrow.schema if pa.types.is_null(f.type)}
    if not nulls:
        return arrow
    fields = [f.with_type(pa.string()) if f.name in nulls else f for f in arrow.schema]
    metadata = dict(arrow.schema.metadata or {})
    if b"pandas" in metadata:  # pandas reads the column back as strings, missing ones None
        pandas = json.loads(metadata[b"pandas"])
        for column in pandas["columns"]:
            if column["name"] in nulls:
                column["pandas_type"] = "unicode"
        metadata[b"pandas"] = json.dumps(pandas).encode("utf-8")
    return arrow.cast(pa.schema(fields, metadata=metadata))


def _part_number(part: Path) -> int:
    return int(part.name.removeprefix("part-").removesuffix(".parquet"))


def _json_or_none(line: str):
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _sync(handle) -> None:
    handle.flush()
    os.fsync(handle.fileno())
