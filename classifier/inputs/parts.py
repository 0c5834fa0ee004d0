"""Inputs as units of work that a worker can read by itself, so that no one process parses
everything.

An uncompressed JSONL file is cut into parts of about ``PART_BYTES`` bytes at line breaks: a
``Part`` names its byte range and the number of its first line, so a worker process (or a Dask
worker that sees the same path) reads its own lines and the main process reads none. Every other
input (gzip, CSV, Parquet, WARC, text and HTML files, stdin) is streamed by the main process as
before; consecutive ones form one ``Streamed`` unit. A chunk never spans two units, whichever
engine runs them, so every engine and any ``--jobs`` cut the same chunks and write the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .readers import STDIN
from .streaming import iter_articles, iter_jsonl, kind_of, probe_file

PART_BYTES = 2 << 20  # about one chunk of DEFAULT_CHUNK_CHARS
# Toward the end of the last input the parts shrink, each a quarter of what is left but not
# under an eighth of ``PART_BYTES``, so that the workers run out of work together instead of
# one finishing a whole part while the others wait (on 300,000 sentences with --jobs 2 that
# wait was about 0.2 s of 5). The parts are the same for any --jobs, so is the output.
TAIL_SHARE = 4
MIN_PART_SHARE = 8
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Part:
    """Bytes ``start`` to ``end`` of the JSONL file at ``path`` (absolute, so that a worker
    elsewhere finds it), cut at line breaks; its first line is line ``first_line`` of ``name``,
    the input as the user gave it."""

    path: str
    name: str
    start: int
    end: int
    first_line: int
    lines: int  # how many lines (blank ones too) the range holds


@dataclass(frozen=True)
class Streamed:
    """Consecutive inputs that the main process reads as one stream."""

    inputs: tuple[str, ...]


def plan_units(inputs: Iterable[str], *, part_bytes: int | None = None) -> list[Part | Streamed]:
    """The inputs in order, as parts of uncompressed JSONL files and streamed runs of the rest
    (``part_bytes``: default ``PART_BYTES``); the parts of a JSONL file that ends the inputs
    shrink toward its end (``TAIL_SHARE``)."""
    part_bytes = part_bytes or PART_BYTES
    inputs = list(inputs)
    units: list[Part | Streamed] = []
    run: list[str] = []
    for position, name in enumerate(inputs, start=1):
        if name != STDIN and kind_of(Path(name)) == "jsonl":
            if run:
                units.append(Streamed(tuple(run)))
                run = []
            probe_file(Path(name), "jsonl")
            last = position == len(inputs)
            units += cut_parts(name, part_bytes=part_bytes, shrink_tail=last)
        else:
            run.append(name)
    if run:
        units.append(Streamed(tuple(run)))
    return units


def cut_parts(name: str, *, part_bytes: int, shrink_tail: bool = False) -> list[Part]:
    """The file's byte ranges of about ``part_bytes``, each ending just after a line break (the
    last at the end of the file), with their line numbers: one pass counting line breaks. With
    ``shrink_tail`` a range is at most ``1 / TAIL_SHARE`` of the bytes left, and at least
    ``part_bytes / MIN_PART_SHARE`` (the last takes what is left when less would remain)."""
    path = Path(name).resolve()
    size = path.stat().st_size
    parts, start, first_line = [], 0, 1
    with open(path, "rb") as handle:
        while start < size:
            target = part_bytes
            if shrink_tail:
                smallest = max(part_bytes // MIN_PART_SHARE, 1)
                target = min(part_bytes, max(smallest, (size - start) // TAIL_SHARE))
                if size - start - target < smallest:  # no sliver of a last part
                    target = size - start
            handle.seek(min(start + target, size))
            if handle.tell() < size:
                handle.readline()  # on to the end of the line the target falls in
            end = handle.tell()
            lines = _count_breaks(handle, start, end)
            if end == size and not _ends_with_break(handle, size):
                lines += 1
            parts.append(Part(str(path), name, start, end, first_line, lines))
            start, first_line = end, first_line + lines
    return parts


def iter_part_articles(part: Part, source: str | None = None) -> Iterator[dict | str]:
    """The articles of the part's lines, as ``iter_articles`` gives them for the whole file."""
    with open(part.path, "rb") as handle:
        handle.seek(part.start)
        yield from iter_jsonl(
            _lines_until(handle, part.end), part.name, source, first_line=part.first_line
        )


def iter_unit_articles(unit: Part | Streamed, source: str | None = None) -> Iterator[dict | str]:
    if isinstance(unit, Part):
        return iter_part_articles(unit, source)
    return iter_articles(unit.inputs, source=source)


def count_part_articles(part: Part) -> int:
    """How many articles (non-blank lines) the part holds, without parsing them."""
    with open(part.path, "rb") as handle:
        handle.seek(part.start)
        return sum(1 for line in _lines_until(handle, part.end) if line.strip())


def _lines_until(handle, end: int) -> Iterator[bytes]:
    position = handle.tell()
    while position < end:
        line = handle.readline()
        if not line:
            return
        position += len(line)
        yield line


def _count_breaks(handle, start: int, end: int) -> int:
    handle.seek(start)
    count, left = 0, end - start
    while left > 0:
        block = handle.read(min(_BLOCK, left))
        if not block:
            break
        count += block.count(b"\n")
        left -= len(block)
    return count


def _ends_with_break(handle, size: int) -> bool:
    if size == 0:
        return True
    handle.seek(size - 1)
    return handle.read(1) == b"\n"
