"""Benchmark the tagger on the public labelled sets, the seed labels and tagging throughput.

Three parts, each printed as Markdown tables:

1. Held-out scores on each set under ``../shared/datasets`` (relative to the repo root):
   20% of the documents are held out (``GroupShuffleSplit``, grouped by source + doc_id,
   ``random_state=0``; in ``checkthat_en`` every row is its own document), ``build_pipeline()``
   is trained on the rest, and per-label precision/recall/F1/support and macro-F1 are printed
   next to a plain baseline (word 1-2 gram + char_wb 2-5 gram TF-IDF, ``min_df=2``,
   ``sublinear_tf=True``, logistic regression, text only, no context) trained and scored in the
   same run on the same split, with the training time of each. Reader, split and baseline are
   those of ``benchmarks/accuracy.py``: both take them from ``benchmarks/common.py``.
2. Leave-one-source-out cross-validation of the seed labels (``labels/seeds.csv``).
3. Tagging throughput on one core: a model trained on the seed labels tags the newsdiscourse
   documents (rows joined by "\\n" in ``sent_index`` order), repeated to ``--min-sentences``
   sentences, end to end with ``tag_articles`` (segment + featurise + predict; no file I/O),
   best of ``--repeat`` runs; the baseline's ``predict`` on the same segmented sentences is
   timed in the same run.

The data sets are only read: no text from them is printed or written anywhere.

    python benchmarks/datasets.py [--sets polnear wcxb] [--max-rows-per-set N] [--quick]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from classifier.inputs.labels import read_label_file
from classifier.model.evaluate import cross_validate, score_labels
from classifier.model.train import train
from classifier.schema import LABEL, SOURCE, TEXT
from classifier.tagging.tag import tag_articles, tag_sentences
from classifier.text.segment import segment_articles

# ``common`` sits next to this file. Run as a script, this folder is on sys.path already; loaded
# from its file path (importlib or runpy, as the tests do) it is not, so put it there.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402 (needs the sys.path entry above)

SEED_LABELS = common.REPO_ROOT / "labels" / "seeds.csv"
SETS = ("checkthat_en", "polnear", "newsdiscourse", "wcxb")
THROUGHPUT_SET = "newsdiscourse"
LOSO_FOLDS = 5
MIN_SENTENCES = 50_000
REPEAT = 2
QUICK_SENTENCES = 3_000


# ---------------------------------------------------------------------------------------------
# Part 1: held-out scores per set


def evaluate_set(df: pd.DataFrame) -> dict:
    """Train ours and the baseline on the same split; return both scores and timings."""
    train_df, test_df = common.held_out_split(df)
    labels = sorted(set(df[LABEL]))
    result = common.split_sizes(train_df, test_df)
    for name in common.MODELS:
        predicted, timing = common.fit_and_predict(name, train_df, test_df)
        predicted = predicted.labels
        result[name] = {
            "scores": score_labels(test_df[LABEL].to_numpy(), predicted, labels=labels),
            "timing": timing,
        }
    return result


def print_set(name: str, result: dict) -> None:
    """Per-label table of one set, then its macro-F1 line."""
    ours, base = result["ours"]["scores"], result["baseline"]["scores"]
    print(f"\n### {name}\n")
    print(
        f"train: {result['train_docs']:,} docs, {result['train_rows']:,} rows; held out: "
        f"{result['test_docs']:,} docs, {result['test_rows']:,} rows\n"
    )
    print("| label | support | ours P | ours R | ours F1 | baseline P | baseline R | baseline F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, mine in ours["per_label"].items():
        theirs = base["per_label"][label]
        print(
            f"| {label} | {mine['support']:,} | {mine['precision']:.3f} | {mine['recall']:.3f} "
            f"| {mine['f1']:.3f} | {theirs['precision']:.3f} | {theirs['recall']:.3f} "
            f"| {theirs['f1']:.3f} |"
        )
    print(
        f"\nmacro-F1 ({name}, held out): ours {ours['macro_f1']:.4f}, "
        f"baseline {base['macro_f1']:.4f}"
    )


def print_summary(results: dict[str, dict], rows_read: dict[str, int]) -> None:
    """One line per set: sizes, macro-F1 and training time of both models."""
    print(f"\n### Summary (held-out {common.TEST_SIZE:.0%} of documents)\n")
    print(
        "| set | rows used / in set | train docs / rows | held-out docs / rows | ours macro-F1 "
        "| baseline macro-F1 | ours train s (CPU s) | baseline train s (CPU s) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, result in results.items():
        ours, base = result["ours"], result["baseline"]
        used = result["train_rows"] + result["test_rows"]
        print(
            f"| {name} | {used:,} / {rows_read[name]:,} "
            f"| {result['train_docs']:,} / {result['train_rows']:,} "
            f"| {result['test_docs']:,} / {result['test_rows']:,} "
            f"| {ours['scores']['macro_f1']:.4f} | {base['scores']['macro_f1']:.4f} "
            f"| {_seconds(ours)} | {_seconds(base)} |"
        )


def _seconds(fitted: dict) -> str:
    timing = fitted["timing"]
    note = "" if timing.converged else " (not converged)"
    return f"{timing.seconds:.1f} ({timing.cpu_seconds:.1f}){note}"


def run_sets(args: argparse.Namespace) -> None:
    """Part 1 for every chosen set that is present."""
    print("\n## Held-out scores per data set\n")
    limits = []
    if args.quick:
        limits.append(f"{common.QUICK_DOCUMENTS} documents per set (--quick)")
    if args.max_rows_per_set is not None:
        limits.append(f"at most {args.max_rows_per_set:,} rows per set, whole documents")
    print(
        "Subsample: " + ("; ".join(limits) if limits else "none (every row)") + ". Baseline: "
        f"{common.BASELINE_DESCRIPTION}. Train seconds are wall clock, CPU seconds in brackets."
    )
    results, rows_read = {}, {}
    for name in args.sets:
        if common.set_absent(args.datasets, name):
            continue
        df = common.read_set(args.datasets, name)
        rows_read[name] = len(df)
        df = common.limit_documents(
            df,
            max_docs=common.QUICK_DOCUMENTS if args.quick else None,
            max_rows=args.max_rows_per_set,
        )
        results[name] = evaluate_set(df)
        print_set(name, results[name])
        sys.stdout.flush()
    if results:
        print_summary(results, rows_read)


# ---------------------------------------------------------------------------------------------
# Part 2: seed labels, leave one source out


def run_seeds(seed_labels: Path) -> None:
    """Leave-one-source-out cross-validation of the seed labels, with per-label scores."""
    labels_df = read_label_file(seed_labels)
    sources = labels_df[SOURCE].nunique()
    start = time.perf_counter()
    scores = cross_validate(labels_df, folds=LOSO_FOLDS, group_by="source")
    seconds = time.perf_counter() - start
    print("\n## Seed labels, leave one source out\n")
    print(
        f"{_display(seed_labels)}: {len(labels_df):,} sentences, {sources} sources, "
        f"{scores['folds']} folds grouped by source ({seconds:.1f} s)\n"
    )
    print("| label | support | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|")
    for label, row in scores["per_label"].items():
        print(
            f"| {label} | {row['support']:,} | {row['precision']:.3f} | {row['recall']:.3f} "
            f"| {row['f1']:.3f} |"
        )
    print(
        f"\nmacro-F1 (seeds, leave one source out): {scores['macro_f1']:.4f}; "
        f"accuracy {scores['accuracy']:.4f}"
    )


def _display(path: Path) -> str:
    """``path`` relative to the repo root when it is inside it."""
    path, root = path.resolve(), common.REPO_ROOT
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


# ---------------------------------------------------------------------------------------------
# Part 3: tagging throughput


def run_throughput(args: argparse.Namespace) -> None:
    """Time tagging on one core: ours end to end, its parts, and the baseline's predict."""
    print("\n## Tagging throughput, one core\n")
    if not (args.datasets / THROUGHPUT_SET).is_dir():
        print(f"> skipped: {args.datasets / THROUGHPUT_SET} is absent")
        return
    min_sentences = QUICK_SENTENCES if args.quick else args.min_sentences
    labels_df = read_label_file(args.seed_labels)
    originals = common.articles_of(common.read_set(args.datasets, THROUGHPUT_SET))
    articles = common.repeat_articles(originals, min_sentences)
    megabytes = sum(len(text.encode("utf-8")) for text in articles[TEXT]) / 1e6

    with common.one_core() as pinned:
        model, _card = train(labels_df, cv=0)
        baseline = common.build_baseline()
        common.fit_timed(baseline, labels_df, labels_df[LABEL].to_numpy())
        sentences = segment_articles(articles)
        runs = {
            "ours: tag_articles (segment + featurise + predict)": lambda: tag_articles(
                model, articles
            ),
            "ours: segment_articles only": lambda: segment_articles(articles),
            "ours: tag_sentences on segmented (featurise + predict)": lambda: tag_sentences(
                model, sentences
            ),
            "baseline: predict on segmented (featurise + predict)": lambda: baseline.predict(
                sentences
            ),
        }
        timings = {name: common.best_time(run, args.repeat) for name, run in runs.items()}

    n = len(sentences)
    print(
        f"Corpus: {len(originals):,} {THROUGHPUT_SET} documents repeated to {len(articles):,} "
        f"articles, {n:,} sentences, {megabytes:.2f} MB UTF-8; both models trained on "
        f"{len(labels_df):,} seed labels; best of {args.repeat} runs; {pinned}. MB/s counts the "
        "articles' bytes in every row.\n"
    )
    print("| run | seconds | sentences/s | MB/s | speed vs ours end to end |")
    print("|---|---:|---:|---:|---:|")
    reference = timings[next(iter(timings))]
    for name, seconds in timings.items():
        print(
            f"| {name} | {seconds:.2f} | {n / seconds:,.0f} | {megabytes / seconds:.3f} "
            f"| {reference / seconds:.2f} |"
        )


# ---------------------------------------------------------------------------------------------
# Command line


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sets", nargs="+", choices=SETS, default=list(SETS), help="data sets for part 1"
    )
    parser.add_argument(
        "--max-rows-per-set",
        type=int,
        metavar="N",
        help="subsample whole documents to at most N rows per set (default: no limit)",
    )
    parser.add_argument(
        "--min-sentences",
        type=int,
        default=MIN_SENTENCES,
        help=f"throughput corpus size in sentences (default {MIN_SENTENCES:,})",
    )
    parser.add_argument(
        "--repeat", type=int, default=REPEAT, help=f"throughput runs, best counts ({REPEAT})"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke run: {common.QUICK_DOCUMENTS} documents per set, "
        f"{QUICK_SENTENCES:,} sentences",
    )
    parser.add_argument(
        "--datasets", type=Path, default=common.DATASETS_DIR, help=argparse.SUPPRESS
    )
    parser.add_argument("--seed-labels", type=Path, default=SEED_LABELS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.max_rows_per_set is not None and args.max_rows_per_set < 1:
        parser.error("--max-rows-per-set must be at least 1")
    return args


def print_header(argv: list[str] | None) -> None:
    """What ran, where, and how busy the machine was."""
    print(f"# Data set benchmark: `{common.command_line(__file__, argv)}`\n")
    print(common.machine_line())


def main(argv: list[str] | None = None) -> int:
    """Run the three parts and print Markdown tables; 0 when the data sets are absent."""
    args = parse_args(argv)
    if common.datasets_absent(args.datasets):
        return 0
    started = time.perf_counter()
    print_header(argv)
    run_sets(args)
    run_seeds(args.seed_labels)
    run_throughput(args)
    common.print_total(started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
