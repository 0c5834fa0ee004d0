"""Dask scaling: ``classifier tag --engine dask`` on a real scheduler with one worker, then two.

A real-size corpus (``batch.write_real_corpus``: the shared sets' documents, WCXB pages and
NewsDiscourse and PolNeAR articles, cycled to ``--sentences``) is written as ``--files`` JSONL
files to a temporary folder (deleted at the end). A ``dask scheduler`` and ``dask worker``
processes (``--nthreads 1``, one process each) are started on this machine, and for 1 and 2
workers the client runs

    python -m classifier tag in-*.jsonl --engine dask --scheduler ADDRESS --output out.parquet

with ``--workers-read`` (the workers read their own parts of the files) and without it (the
client reads and parses every chunk and ships it). Reported per run: wall time, sentences/s,
the client process's CPU time (user + system, from ``os.wait4``) as a share of the wall time,
and whether the Parquet output equals the local engine's (``--engine local``, run once first).

    python benchmarks/dask_scaling.py [--sentences 300000] [--files 4] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import batch  # noqa: E402 (a sibling script: the real-size corpus)
import common  # noqa: E402

READY_TIMEOUT = 60
# The dask command beside this Python (a virtual environment's, not activated), else on PATH.
DASK = (
    str(Path(sys.executable).with_name("dask"))
    if Path(sys.executable).with_name("dask").exists()
    else "dask"
)


def split_corpus(corpus: Path, files: int) -> list[Path]:
    """The corpus's lines dealt out into ``files`` JSONL files of consecutive lines."""
    lines = corpus.read_bytes().splitlines(keepends=True)
    size = -(-len(lines) // files)
    paths = []
    for i in range(files):
        path = corpus.with_name(f"in-{i}.jsonl")
        path.write_bytes(b"".join(lines[i * size : (i + 1) * size]))
        paths.append(path)
    return paths


def start_scheduler(folder: Path) -> tuple[subprocess.Popen, str]:
    log = open(folder / "scheduler.log", "w+")  # noqa: SIM115 (kept open while it runs)
    process = subprocess.Popen(
        [DASK, "scheduler", "--port", "0", "--dashboard-address", ":0"],
        stderr=log,
        stdout=log,
    )
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        found = re.search(r"Scheduler at:\s+(tcp://\S+)", (folder / "scheduler.log").read_text())
        if found:
            return process, found.group(1)
        time.sleep(0.2)
    process.kill()
    raise SystemExit("dask scheduler did not start; is dask[distributed] installed?")


def start_workers(address: str, count: int) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [DASK, "worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]


def wait_for_workers(address: str, count: int) -> None:
    from distributed import Client  # noqa: PLC0415 (only for this benchmark)

    with Client(address, timeout=READY_TIMEOUT) as client:
        client.wait_for_workers(count, timeout=READY_TIMEOUT)


def run_client(inputs: list[Path], out: Path, extra: list[str]) -> dict:
    argv = [sys.executable, "-m", "classifier", "tag", *map(str, inputs), "--output", str(out)]
    started = time.perf_counter()
    child = subprocess.Popen([*argv, "--quiet", "--force", *extra], cwd=common.REPO_ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"classifier tag {' '.join(extra)} failed")
    return {"seconds": seconds, "client_cpu": usage.ru_utime + usage.ru_stime}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    common.add_datasets_argument(parser)
    parser.add_argument("--sentences", type=int, default=300_000)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    started = time.perf_counter()
    print(f"# Dask scaling: `{common.command_line(__file__, argv)}`\n")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        corpus = folder / "corpus.jsonl"
        articles = batch.write_real_corpus(corpus, args.sentences, args.datasets)
        inputs = split_corpus(corpus, args.files)
        local = folder / "local.parquet"
        base = run_client(inputs, local, [])
        want = pd.read_parquet(local)
        print(
            f"{len(want):,} sentences of {articles:,} real documents in {args.files} JSONL "
            f"files; local engine, one process: {base['seconds']:.1f} s\n"
        )
        print(
            "| workers | client reads | seconds | sentences/s | vs 1 worker | client CPU | same |"
        )
        print("|---:|---|---:|---:|---:|---:|---|")
        scheduler, address = start_scheduler(folder)
        one_worker: dict[str, float] = {}
        try:
            for count in args.workers:
                workers = start_workers(address, count)
                try:
                    wait_for_workers(address, count)
                    for mode, extra in (("no", ["--workers-read"]), ("yes", [])):
                        out = folder / "dask.parquet"
                        cluster = ["--engine", "dask", "--scheduler", address, *extra]
                        result = run_client(inputs, out, cluster)
                        one_worker.setdefault(mode, result["seconds"])
                        same = pd.read_parquet(out).equals(want)
                        print(
                            f"| {count} | {mode} | {result['seconds']:.1f} | "
                            f"{len(want) / result['seconds']:,.0f} | "
                            f"{one_worker[mode] / result['seconds']:.2f}x | "
                            f"{result['client_cpu'] / result['seconds']:.0%} | {same} |"
                        )
                finally:
                    for worker in workers:
                        worker.terminate()
                    for worker in workers:
                        worker.wait()
        finally:
            scheduler.terminate()
            scheduler.wait()
    common.print_total(started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
