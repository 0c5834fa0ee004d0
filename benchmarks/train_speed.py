"""Training time and memory of ``classifier train`` against fastText on the same sentences.

The labelled sentences are whole documents of the public sets (NewsDiscourse, PolNeAR, WCXB
blocks, CheckThat), drawn in a seeded random order until ``--sentences``; together they carry the
four labels. They are written to a temporary label CSV (deleted after, never kept), and then, one
core, in turns for ``--repeat`` rounds:

- ``python -m classifier train --labels FILE --output DIR --force`` as a child process: the real
  command, start-up, reading, the card's cross-validated scores and writing included; wall time
  and peak RSS (``os.wait4``), also per labelled sentence;
- the same with ``--jobs J`` for each ``--jobs`` given above 1, on every core (the fits side
  by side in threads), to set beside the one-core run;
- fastText's supervised training (``wordNgrams 2``, 5 epochs, one thread) on the same sentences
  from its own training file, in a child process the same way.

Reported: the best and the median of each, and the ratio ours / fastText.

    python benchmarks/train_speed.py [--sentences 100000] [--repeat 3] [--cv K] [--jobs 1 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402 (needs the sys.path entry above)

from classifier.schema import DOC_ID, LABEL, SENT_INDEX, SOURCE, TEXT  # noqa: E402

SETS = ("newsdiscourse", "polnear", "wcxb", "checkthat_en")
FASTTEXT_SETTINGS = {"wordNgrams": 2, "epoch": 5, "thread": 1, "verbose": 0}
FASTTEXT_TRAIN = (
    f"import sys, fasttext; fasttext.train_supervised(sys.argv[1], **{FASTTEXT_SETTINGS!r})"
)


def labelled_sentences(datasets: Path, sentences: int) -> pd.DataFrame:
    """Whole documents of the sets, in a seeded random order, up to ``sentences`` rows."""
    frames = [
        common.read_set(datasets, name).assign(**{SOURCE: lambda f, n=name: n + ":" + f[SOURCE]})
        for name in SETS
        if (datasets / name).is_dir()
    ]
    df = pd.concat(frames, ignore_index=True)[[DOC_ID, SENT_INDEX, SOURCE, TEXT, LABEL]]
    return common.limit_documents(df, max_rows=sentences)


def write_fasttext_file(df: pd.DataFrame, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for label, text in zip(df[LABEL], df[TEXT], strict=True):
            handle.write(f"__label__{label} {' '.join(str(text).split())}\n")


def run_child(args: list[str], cores: set[int] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process, on ``cores`` (default: this
    process's)."""
    started = time.perf_counter()
    unpin = (lambda: os.sched_setaffinity(0, cores)) if cores else None
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, preexec_fn=unpin)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed with exit code {status}")
    return seconds, usage.ru_maxrss / 1024


def measure(args: argparse.Namespace, folder: Path) -> dict:
    df = labelled_sentences(args.datasets, args.sentences)
    labels_csv, fasttext_txt = folder / "labels.csv", folder / "fasttext.txt"
    df.to_csv(labels_csv, index=False)
    write_fasttext_file(df, fasttext_txt)
    ours_command = [sys.executable, "-m", "classifier", "train", "--labels", str(labels_csv)]
    ours_command += ["--output", str(folder / "model"), "--force"]
    if args.cv is not None:
        ours_command += ["--cv", str(args.cv)]
    fasttext_command = [sys.executable, "-c", FASTTEXT_TRAIN, str(fasttext_txt)]
    runs: dict[str, list[tuple[float, float]]] = {"fastText": []}
    for jobs in args.jobs:
        runs[_ours(jobs)] = []
    for _ in range(args.repeat):
        runs["fastText"].append(run_child(fasttext_command))
        for jobs in args.jobs:
            cores = args.every_core if jobs > 1 else None
            runs[_ours(jobs)].append(run_child([*ours_command, "--jobs", str(jobs)], cores))
    return {"rows": len(df), "labels": df[LABEL].value_counts().to_dict(), "runs": runs}


def _ours(jobs: int) -> str:
    return "ours, --jobs 1, one core" if jobs == 1 else f"ours, --jobs {jobs}, every core"


def print_report(result: dict, args: argparse.Namespace, pinned: str) -> None:
    print("# Training speed: `benchmarks/train_speed.py`\n")
    print(common.machine_line(pinned))
    print(f"Command: `{common.command_line(__file__, args.argv)}`\n")
    counts = ", ".join(f"{label} {count:,}" for label, count in sorted(result["labels"].items()))
    print(f"{result['rows']:,} labelled sentences ({counts}), {args.repeat} rounds in turns.\n")
    print("| trainer | best s | median s | peak RSS MB | KB per sentence |")
    print("|---|---:|---:|---:|---:|")
    summary = {}
    for name, runs in result["runs"].items():
        seconds = [s for s, _ in runs]
        peak = max(m for _, m in runs)
        summary[name] = (min(seconds), statistics.median(seconds))
        kb = peak * 1024 / result["rows"]
        print(
            f"| {name} | {min(seconds):.1f} | {statistics.median(seconds):.1f} | {peak:.0f} "
            f"| {kb:.1f} |"
        )
    print()
    for jobs in args.jobs:
        best = summary[_ours(jobs)][0] / summary["fastText"][0]
        median = summary[_ours(jobs)][1] / summary["fastText"][1]
        print(f"{_ours(jobs)} / fastText: {best:.2f}x (best), {median:.2f}x (median)")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    common.add_datasets_argument(parser)
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cv", type=int, help="passed to classifier train (default: its own)")
    parser.add_argument(
        "--jobs",
        type=int,
        nargs="+",
        default=[1, 2],
        help="train --jobs to time; 1 on the pinned core, more on every core (default: 1 2)",
    )
    args = parser.parse_args(argv)
    args.argv = argv
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if common.datasets_absent(args.datasets):
        return 0
    started = time.perf_counter()
    args.every_core = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    with common.one_core() as pinned, tempfile.TemporaryDirectory() as tmp:
        result = measure(args, Path(tmp))
    print_report(result, args, pinned)
    common.print_total(started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
