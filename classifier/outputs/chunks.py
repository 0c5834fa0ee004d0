"""What a chunked run commits: one tagged chunk, the running totals, and the names of the files
an unfinished output lives in. Shared by every sink and by the tagging loops."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ..errors import InputError

PARTIAL = ".partial"
PROGRESS = ".progress"
# How many of the pages with no visible text a run keeps the message of (the rest are counted).
NO_TEXT_EXAMPLES = 5


class ArticleEntry(NamedTuple):
    """One input article of a chunk: tagged ``(doc_id)``, failed ``(None, failure)`` or a page
    with no visible text ``(doc_id, None, no_text message)``: read, but with nothing to tag."""

    doc_id: str | None
    failure: str | None = None
    no_text: str | None = None


@dataclass
class ChunkResult:
    """One tagged chunk: its output rows (sentences, or pages for ``classifier extract``; None
    when every article failed) and, for each input article in order, its ``ArticleEntry`` (plain
    ``(doc_id, failure)`` pairs are accepted); ``jsonl`` and ``parquet``: the rows as JSON
    Lines, or as a Parquet file, when the worker that tagged them rendered them for the output
    (the sink then only writes the bytes)."""

    tagged_df: pd.DataFrame | None
    articles: list[ArticleEntry]
    jsonl: bytes | None = None
    parquet: bytes | None = None

    @property
    def rendered(self) -> bool:
        return self.jsonl is not None or self.parquet is not None

    def __post_init__(self) -> None:
        self.articles = [ArticleEntry(*entry) for entry in self.articles]

    @property
    def failures(self) -> list[str]:
        return [entry.failure for entry in self.articles if entry.failure is not None]

    @property
    def no_text(self) -> list[str]:
        return [entry.no_text for entry in self.articles if entry.no_text is not None]


@dataclass
class Committed:
    """What the output holds so far: input articles consumed, tagged, sentences (output rows),
    failures, and pages with no visible text (``no_text``: how many; ``no_text_examples``: the
    messages of the first ``NO_TEXT_EXAMPLES``). ``tagged`` counts neither failures nor those."""

    articles: int = 0
    tagged: int = 0
    sentences: int = 0
    failures: list[str] = field(default_factory=list)
    no_text: int = 0
    no_text_examples: list[str] = field(default_factory=list)

    def add(self, result: ChunkResult) -> list[str]:
        """Count ``result`` in; return the no-text messages it added to ``no_text_examples``."""
        self.articles += len(result.articles)
        self.failures += result.failures
        no_text = result.no_text
        self.no_text += len(no_text)
        examples = no_text[: max(0, NO_TEXT_EXAMPLES - len(self.no_text_examples))]
        self.no_text_examples += examples
        self.tagged = self.articles - len(self.failures) - self.no_text
        self.sentences += 0 if result.tagged_df is None else len(result.tagged_df)
        return examples


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
