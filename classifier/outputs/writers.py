"""Write tables atomically: the output edge of the pipeline."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..errors import InputError, OutputExistsError
from .jsonl import to_jsonl

TABLE_SUFFIXES = (".jsonl", ".csv", ".parquet")


def refuse_existing(path: str | Path, *, force: bool = False) -> None:
    """Refuse, before any work, to replace an existing file or folder without ``force``."""
    path = Path(path)
    if path.exists() and not force:
        raise OutputExistsError(f"{path}: already exists; pass --force to replace it")


def check_output(path: str | Path | None, *, force: bool = False, suffixes=TABLE_SUFFIXES) -> None:
    """Fail before any work when the output cannot be written (``suffixes=None``: a folder)."""
    if path is None:
        return
    path = Path(path)
    if suffixes is not None and path.suffix.lower() not in suffixes:
        raise InputError(f"{path}: unsupported output type; use one of {', '.join(suffixes)}")
    refuse_existing(path, force=force)
    if not path.parent.exists():
        raise InputError(f"{path}: folder {path.parent} does not exist; create it first")


def write_table(table: pd.DataFrame, path: str | Path | None, *, force: bool = False) -> None:
    """JSONL to stdout when ``path`` is None; otherwise by suffix, replacing the file atomically."""
    if path is None:
        sys.stdout.write(to_jsonl(table))
        sys.stdout.flush()
        return
    path = Path(path)
    check_output(path, force=force)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        write_text_atomic(path, to_jsonl(table))
    elif suffix == ".csv":
        write_text_atomic(path, table.to_csv(index=False))
    else:
        with _atomic_path(path) as staging:
            table.to_parquet(staging, index=False)


def write_text(text: str, path: str | Path | None) -> None:
    """``text`` to stdout when ``path`` is None, otherwise to ``path``, replaced atomically."""
    if path is None:
        sys.stdout.write(text)
    else:
        write_text_atomic(path, text)


def write_text_atomic(path: str | Path, text: str) -> None:
    with _atomic_path(Path(path)) as staging:
        staging.write_text(text, encoding="utf-8")


def write_folder(files: Iterable[tuple[str, str]], path: str | Path, *, force: bool = False) -> int:
    """Write ``(relative path, text)`` pairs into a new folder that replaces ``path`` only once
    every file is written; on any failure the old folder (or nothing) stays. Returns the count."""
    path = Path(path)
    refuse_existing(path, force=force)
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    count = 0
    try:
        for relative, text in files:
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            count += 1
        staging.chmod(0o755)
        replace_folder(staging, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return count


def replace_folder(new: Path, path: Path) -> None:
    """Move the folder ``new`` to ``path``; an existing ``path`` is restored if the move fails."""
    if not path.exists():
        os.replace(new, path)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{path.name}.old.", dir=path.parent))
    os.replace(path, retired / path.name)
    try:
        os.replace(new, path)
    except OSError:
        os.replace(retired / path.name, path)
        raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)


class _atomic_path:
    """A temporary path in the target's folder, moved over the target only on success."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self) -> Path:
        handle, name = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        os.close(handle)
        self.staging = Path(name)
        return self.staging

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            os.replace(self.staging, self.path)
        else:
            self.staging.unlink(missing_ok=True)
