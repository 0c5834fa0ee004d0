"""What a chunked run commits: one tagged chunk, the running totals, and the names of the files
an unfinished output lives in. Shared by every sink and by the tagging loops."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError

PARTIAL = ".partial"
PROGRESS = ".progress"


@dataclass
class ChunkResult:
    """One tagged chunk: its sentence rows (None when every article failed) and, for each input
    article in order, ``(doc_id, None)`` if it was tagged or ``(None, failure message)``;
    ``jsonl``: the rows as JSON Lines when a worker process rendered them for a JSONL output."""

    tagged_df: pd.DataFrame | None
    articles: list[tuple[str | None, str | None]]
    jsonl: bytes | None = None


@dataclass
class Committed:
    """What the output holds so far: input articles consumed, tagged, sentences, failures."""

    articles: int = 0
    tagged: int = 0
    sentences: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, result: ChunkResult) -> None:
        self.articles += len(result.articles)
        self.failures += [failure for _, failure in result.articles if failure is not None]
        self.tagged = self.articles - len(self.failures)
        self.sentences += 0 if result.tagged_df is None else len(result.tagged_df)


def partial_path(path: Path) -> Path:
    return path.with_name(path.name + PARTIAL)


def progress_path(path: Path) -> Path:
    return path.with_name(path.name + PROGRESS)


def describe_run(header) -> str:
    if not header or "run" not in header:
        return "unreadable progress file"
    return ", ".join(f"{key}={value}" for key, value in header["run"].items())


def other_run_error(where, header) -> InputError:
    """The refusal to resume an output that a run with other inputs or options started."""
    return InputError(
        f"{where}: was written by a run with other inputs or options "
        f"({describe_run(header)}); resume with the same command, or pass --force to start over"
    )
