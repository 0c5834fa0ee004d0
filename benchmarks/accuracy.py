"""Accuracy of the tagger on held-out public data, next to a plain baseline, with learning curves.

Four tasks, each trained and scored on one set under ``../shared/datasets`` (relative to the repo
root), with the set's own labels:

- opinion vs rest (checkthat_en): macro-F1 over {opinion, reporting}; goal 0.75
- quotation vs rest (polnear): F1 of quotation; goal 0.95
- boilerplate vs main text (wcxb; rows are text blocks): F1 of boilerplate; goal 0.96
- four classes (newsdiscourse): macro-F1 over the four labels; goal 0.85

Protocol: 20% of the documents of each set are held out once (``GroupShuffleSplit`` grouped by
source + doc_id, ``random_state=0``; in ``checkthat_en`` every row is its own document), and both
models are trained on the other 80% and scored on the held-out 20%. ``--cv K`` scores instead by
K-fold cross-validation grouped by document (``GroupKFold``) on the 80% development part only
(mean ± std over the folds), so that development never looks at the held-out part; the learning
curve, which scores on the held-out part, is then skipped.

Ours is ``classifier.model.tagger.build_pipeline()`` (text plus document context), trained as
``classifier train`` trains it (``common.OursAsTrained``): its 5-fold grouped cross-validation
fits the recalibration of the probabilities for counting, and ours' training seconds include it.
After the main table: per-label precision / recall / F1 of both models, and the label shares
that ``classifier report`` would show per held-out source (``share_errors.py``): ours from its
recalibrated probabilities and from its labels, the baseline from its labels. The baseline,
trained and timed in the same run on the same rows, is tuned: word 1-2 gram + char_wb 2-5 gram
TF-IDF (``min_df=2``, ``sublinear_tf=True``) into a class-balanced ``LogisticRegression`` whose C
is chosen (0.03 to 100) by 3-fold cross-validation grouped by document on the training rows alone,
for macro-F1, then refitted on them; text only, no context (``common.TunedBaseline``, defined
with the reader and the split in ``benchmarks/common.py``, which ``benchmarks/datasets.py`` uses
too). Its training seconds include that search. Training seconds are wall clock with the process
pinned to one core.

Learning curve: the held-out metric when training on 100, 300 and 1,000 sentences and on the
whole training part. Whole documents are drawn in a seeded random order until the sentence count
is reached (so a subsample may hold a few more sentences); in ``checkthat_en`` rows are drawn. A
subsample that lacks a label may be untrainable: that cell reads "n/a".

``--max-train-rows N`` keeps at most N training rows (whole documents, seeded random order) and
leaves the held-out part whole. ``--quick`` (a smoke run) keeps 60 training documents per set,
curve points 100 and 300 only, and scores on at most 2,000 held-out rows (whole documents, seeded
random order). The data sets are only read: no text from them is printed or written.

``--settings JSON`` (with ``--cv``) overrides ours' ``PIPELINE_SETTINGS``, e.g.
``'{"char_wb_ngrams": null}'`` to leave the character n-grams out; per-fold scores of ours are
printed under the CV table so that options can be compared fold by fold.

    .venv/bin/python benchmarks/accuracy.py [--sets polnear wcxb] [--cv K] [--max-train-rows N]
                                            [--settings JSON] [--quick] [--datasets PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from classifier.model.evaluate import score_labels
from classifier.model.train import MIN_EXAMPLES_PER_LABEL
from classifier.schema import LABEL

# ``common`` sits next to this file. Run as a script, this folder is on sys.path already; loaded
# from its file path (importlib or runpy, as the tests do) it is not, so put it there.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402 (needs the sys.path entry above)
import share_errors  # noqa: E402

CURVE_SIZES = (100, 300, 1_000)
QUICK_CURVE_SIZES = (100, 300)
QUICK_HELD_OUT_ROWS = 2_000
NA = "n/a"
# Goal of our model's score on each task (the task is named by its set).
GOALS = {"checkthat_en": 0.75, "polnear": 0.95, "wcxb": 0.96, "newsdiscourse": 0.85}
# Sets whose documents are web pages: their per-page boilerplate share is measured too.
PAGE_SETS = ("wcxb",)
SHARE_GOAL = "mean <= 1.0 and worst <= 3.0 points on newsdiscourse and polnear"
PAGE_GOAL = "boilerplate share within 3 points on 90% of wcxb pages"
# The ways shares are counted, in table order: (model, way, heading).
SHARE_WAYS = (
    ("baseline", "labels", "baseline: labels counted"),
    ("ours", "labels", "ours: labels counted"),
    ("ours", "probabilities", "ours: recalibrated probabilities (the report)"),
)


class Task(NamedTuple):
    """One row of the table: the set it trains and scores on, and how it is scored."""

    name: str  # the set's folder under the datasets folder
    title: str
    metric: str
    scored: tuple[str, ...]  # labels passed to score_labels
    positive: str | None  # F1 of this label; None: macro-F1 over ``scored``
    goal: float


TASKS = (
    Task(
        "checkthat_en",
        "opinion vs rest (checkthat_en)",
        "macro-F1 over {opinion, reporting}",
        ("opinion", "reporting"),
        None,
        GOALS["checkthat_en"],
    ),
    Task(
        "polnear",
        "quotation vs rest (polnear)",
        "F1 of quotation",
        ("quotation", "reporting"),
        "quotation",
        GOALS["polnear"],
    ),
    Task(
        "wcxb",
        "boilerplate vs main text (wcxb; rows are text blocks)",
        "F1 of boilerplate",
        ("boilerplate", "reporting"),
        "boilerplate",
        GOALS["wcxb"],
    ),
    Task(
        "newsdiscourse",
        "four classes (newsdiscourse)",
        "macro-F1 over the four labels",
        ("boilerplate", "opinion", "quotation", "reporting"),
        None,
        GOALS["newsdiscourse"],
    ),
)
TASKS_BY_NAME = {task.name: task for task in TASKS}


class Fit(NamedTuple):
    """One model trained on one training part and scored on one test part."""

    score: float | None  # None: untrainable subsample (a label is missing), see ``note``
    seconds: float
    converged: bool
    train_rows: int
    note: str = ""
    predicted: common.Predicted | None = None  # the test rows' labels and share probabilities


# ---------------------------------------------------------------------------------------------
# Data


def subsample_sentences(df: pd.DataFrame, sentences: int) -> pd.DataFrame:
    """Whole documents in a seeded random order until ``sentences`` rows are reached.

    In an isolated-sentence set documents are rows, so exactly ``sentences`` rows are drawn.
    """
    keys, documents, sizes = common.documents_in_random_order(df)
    reached = int(np.searchsorted(np.cumsum(sizes), sentences)) + 1
    return df[np.isin(keys, documents[:reached])].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Models, fitting and scoring


def task_score(task: Task, y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """The task's metric: F1 of its positive label, or macro-F1 over its labels."""
    scores = score_labels(y_true, y_pred, labels=list(task.scored))
    if task.positive is None:
        return float(scores["macro_f1"])
    return float(scores["per_label"][task.positive]["f1"])


def fit_and_score(
    model_name: str,
    task: Task,
    train: pd.DataFrame,
    test: pd.DataFrame,
    labels: list[str],
    *,
    settings: dict | None = None,
) -> Fit:
    """Train one model on ``train`` and score it on ``test``.

    When ``train`` lacks one of the set's ``labels`` the model may refuse to train (or fail to
    predict); that case is caught and returned as a score of None with a note. Any other failure
    propagates.
    """
    counts = train[LABEL].value_counts()
    missing = sorted(set(labels) - set(counts[counts >= MIN_EXAMPLES_PER_LABEL].index))
    try:
        predicted, timing = common.fit_and_predict(model_name, train, test, settings=settings)
    except Exception as error:  # only swallowed when the subsample lacks a label
        if not missing:
            raise
        note = (
            f"training rows lack {', '.join(missing)} (or have one example): "
            f"{type(error).__name__}: {error}"
        )
        return Fit(None, float("nan"), True, len(train), note)
    score = task_score(task, test[LABEL].to_numpy(), predicted.labels)
    return Fit(score, timing.seconds, timing.converged, len(train), predicted=predicted)


# ---------------------------------------------------------------------------------------------
# Held-out scores, cross-validation and learning curves


def evaluate_held_out(task: Task, train: pd.DataFrame, test: pd.DataFrame, labels) -> dict:
    """Both models trained on ``train`` and scored on the held-out ``test``."""
    return {name: fit_and_score(name, task, train, test, labels) for name in common.MODELS}


def evaluate_cv(
    task: Task, development: pd.DataFrame, labels, folds: int, *, settings: dict | None = None
) -> dict:
    """Both models by ``folds``-fold cross-validation grouped by document on ``development``."""
    groups = common.document_keys(development)
    splitter = GroupKFold(n_splits=min(folds, len(set(groups))))
    fits: dict[str, list[Fit]] = {name: [] for name in common.MODELS}
    for fold, (train_rows, test_rows) in enumerate(splitter.split(development, groups=groups)):
        progress(f"{task.name}: fold {fold + 1}/{splitter.n_splits}")
        train = development.iloc[train_rows].reset_index(drop=True)
        test = development.iloc[test_rows].reset_index(drop=True)
        for name in common.MODELS:
            fits[name].append(fit_and_score(name, task, train, test, labels, settings=settings))
    return fits


def measure_shares(name: str, test: pd.DataFrame, fits: dict, labels) -> dict:
    """Per model and way of counting, the per-source share errors on the held-out part (and,
    on a set of web pages, the per-page boilerplate share errors)."""
    truth = share_errors.tagged_rows(test, test[LABEL].to_numpy())
    measured = {}
    for model, fit in fits.items():
        if fit.predicted is None:
            continue
        predicted = fit.predicted
        ways = {"labels": share_errors.tagged_rows(test, predicted.labels)}
        if predicted.share_probabilities is not None:
            ways["probabilities"] = share_errors.tagged_rows(
                test, predicted.labels, predicted.classes, predicted.share_probabilities
            )
        for way, tagged in ways.items():
            measured[(model, way)] = {
                "sources": share_errors.source_errors(tagged, truth, labels),
                "pages": share_errors.page_errors(tagged, truth) if name in PAGE_SETS else None,
            }
    return measured


def per_label_f1(test: pd.DataFrame, fits: dict, labels) -> dict:
    """Per model, each label's held-out precision, recall, F1 and support."""
    return {
        model: score_labels(test[LABEL].to_numpy(), fit.predicted.labels, labels=list(labels))[
            "per_label"
        ]
        for model, fit in fits.items()
        if fit.predicted is not None
    }


def learning_curve(
    task: Task, train: pd.DataFrame, test: pd.DataFrame, labels, sizes: tuple[int, ...]
) -> list[tuple[int, pd.DataFrame | None, dict]]:
    """Held-out scores of both models trained on subsamples of ``sizes`` sentences.

    A size that is not below the training part's row count is skipped (subsample None); a
    subsample equal to the previous one (one long document can pass two sizes) reuses its scores.
    """
    points: list[tuple[int, pd.DataFrame | None, dict]] = []
    previous: tuple[int, dict] = (-1, {})
    for size in sizes:
        if size >= len(train):
            points.append((size, None, {}))
            continue
        subsample = subsample_sentences(train, size)
        if len(subsample) != previous[0]:
            progress(f"{task.name}: learning curve at {size:,} sentences")
            previous = (len(subsample), evaluate_held_out(task, subsample, test, labels))
        points.append((size, subsample, previous[1]))
    return points


# ---------------------------------------------------------------------------------------------
# Printing


def progress(message: str) -> None:
    """A progress line on stderr (the tables go to stdout)."""
    print(f"[accuracy] {message}", file=sys.stderr, flush=True)


def format_score(fit: Fit) -> str:
    """A held-out score to 4 places, "n/a" when untrainable."""
    return NA if fit.score is None else f"{fit.score:.4f}"


def format_seconds(fit: Fit) -> str:
    """Training seconds, flagged when the solver did not converge."""
    if fit.score is None:
        return NA
    return f"{fit.seconds:.1f}" + ("" if fit.converged else " (not converged)")


def format_rate(fit: Fit) -> str:
    """Training sentences per second."""
    return NA if fit.score is None else f"{fit.train_rows / fit.seconds:,.0f}"


def mean_std(values: list[float], digits: int = 4) -> str:
    """``mean ± std`` over the folds (population std), "n/a" when no fold could be scored."""
    if not values:
        return NA
    return f"{np.mean(values):.{digits}f} ± {np.std(values):.{digits}f}"


TABLE_HEADER = (
    "| task (train on / score on) | metric | baseline | ours | goal | ours train s "
    "| baseline train s | ours train sentences/s |\n|---|---|---:|---:|---:|---:|---:|---:|"
)


def print_held_out_table(results: dict[str, dict]) -> list[str]:
    """The main table, held-out protocol; returns notes on n/a cells."""
    print(TABLE_HEADER)
    notes = []
    for name, fits in results.items():
        task, ours, base = TASKS_BY_NAME[name], fits["ours"], fits["baseline"]
        print(
            f"| {task.title} | {task.metric} | {format_score(base)} | {format_score(ours)} "
            f"| {task.goal:.2f} | {format_seconds(ours)} | {format_seconds(base)} "
            f"| {format_rate(ours)} |"
        )
        notes += [f"{name}, {model}: {fit.note}" for model, fit in fits.items() if fit.note]
    return notes


def print_cv_table(results: dict[str, dict]) -> list[str]:
    """The main table, cross-validation protocol (mean ± std over folds); returns notes."""
    print(TABLE_HEADER)
    notes, per_fold = [], {}
    for name, fits in results.items():
        task = TASKS_BY_NAME[name]
        cells = {}
        for model, folds in fits.items():
            scored = [fit for fit in folds if fit.score is not None]
            notes += [f"{name}, {model}: {fit.note}" for fit in folds if fit.note]
            cells[model] = {
                "score": mean_std([fit.score for fit in scored]),
                "seconds": mean_std([fit.seconds for fit in scored], digits=1),
                "converged": all(fit.converged for fit in scored),
                "rate": mean_std([fit.train_rows / fit.seconds for fit in scored], digits=0),
            }
        per_fold[name] = [fit.score for fit in fits["ours"]]
        ours, base = cells["ours"], cells["baseline"]
        print(
            f"| {task.title} | {task.metric} | {base['score']} | {ours['score']} "
            f"| {task.goal:.2f} | {ours['seconds']}{_unconverged(ours['converged'])} "
            f"| {base['seconds']}{_unconverged(base['converged'])} | {ours['rate']} |"
        )
    for name, scores in per_fold.items():
        folds = ", ".join("n/a" if score is None else f"{score:.4f}" for score in scores)
        print(f"\nours per fold ({name}): {folds}")
    return notes


def _unconverged(converged: bool) -> str:
    return "" if converged else " (not converged)"


def print_sizes(sizes: dict[str, dict[str, int]], cv: int) -> None:
    """Documents and rows of each set, of the training part used and of the held-out part."""
    training = f"training part ({cv}-fold CV)" if cv else "training part"
    print(
        f"\n| set | documents / rows in set | {training}: documents / rows "
        "| held-out part: documents / rows |\n|---|---:|---:|---:|"
    )
    for name, size in sizes.items():
        held_out = f"{size['test_docs']:,} / {size['test_rows']:,}"
        print(
            f"| {name} | {size['docs']:,} / {size['rows']:,} "
            f"| {size['train_docs']:,} / {size['train_rows']:,} "
            f"| {held_out}{' (not used)' if cv else ''} |"
        )


def print_learning_curves(
    curves: dict[str, list],
    results: dict[str, dict],
    sizes: dict[str, dict[str, int]],
    *,
    with_all: bool,
) -> list[str]:
    """One row per task and training size, baseline and ours side by side; returns notes.

    With ``with_all`` each task ends with the main table's models (the whole training part).
    """
    print(
        "\n| task | training sentences | drawn: sentences / documents | baseline | ours |"
        "\n|---|---:|---:|---:|---:|"
    )
    notes = []
    for name, points in curves.items():
        for size, subsample, fits in points:
            if subsample is None:
                print(f"| {name} | {size:,} | (training part is smaller) | – | – |")
                continue
            print(
                f"| {name} | {size:,} | {len(subsample):,} / {common.count_documents(subsample):,} "
                f"| {format_score(fits['baseline'])} | {format_score(fits['ours'])} |"
            )
            notes += [
                f"{name} at {size:,}, {model}: {fit.note}"
                for model, fit in fits.items()
                if fit.note
            ]
        if with_all:
            fits, size = results[name], sizes[name]
            print(
                f"| {name} | all | {size['train_rows']:,} / {size['train_docs']:,} "
                f"| {format_score(fits['baseline'])} | {format_score(fits['ours'])} |"
            )
    return notes


def print_per_label(per_label: dict) -> None:
    """Held-out precision, recall and F1 of each label, baseline and ours side by side."""
    print(
        "\n## Per label (held out)\n\n| set | label | support | baseline P / R / F1 "
        "| ours P / R / F1 |\n|---|---|---:|---:|---:|"
    )
    for name, models in per_label.items():
        for label, ours in models["ours"].items():
            base = models["baseline"][label]
            cells = [
                f"{s['precision']:.3f} / {s['recall']:.3f} / **{s['f1']:.3f}**"
                for s in (base, ours)
            ]
            print(f"| {name} | {label} | {ours['support']:,} | {cells[0]} | {cells[1]} |")


def print_shares(shares: dict) -> None:
    """Per-source (and per-page) share errors of each way of counting."""
    headings = " | ".join(heading for _, _, heading in SHARE_WAYS)
    print(
        "\n## Label shares per held-out source (the report's shares)\n\n"
        f"Sources with at least {share_errors.MIN_ARTICLES} held-out articles; per source and "
        "share of a label the set has, estimate minus truth in percentage points: mean absolute "
        f"/ worst. Goal: {SHARE_GOAL}.\n\n| set | sources | {headings} |\n"
        "|---|---:|" + "---:|" * len(SHARE_WAYS)
    )
    worst_lines = []
    for name, measured in shares.items():
        cells = []
        for model, way, heading in SHARE_WAYS:
            errors = measured.get((model, way), {}).get("sources")
            if errors is None or not errors.errors.size:
                cells.append(NA)
                continue
            worst, where = errors.worst
            cells.append(f"{errors.mean:.2f} / {worst:.2f}")
            worst_lines.append(f"- {name}, {heading}: worst {where}")
        sources = len(next(iter(measured.values()))["sources"].errors) if measured else 0
        print(f"| {name} | {sources} | {' | '.join(cells)} |")
    print("\nWorst cells:\n" + "\n".join(worst_lines))
    page_sets = {
        name: measured
        for name, measured in shares.items()
        if any(entry["pages"] is not None for entry in measured.values())
    }
    if not page_sets:
        return
    print(
        "\n## Boilerplate share per held-out page\n\n"
        f"Per page: its boilerplate share of the rows minus the truth's. Goal: {PAGE_GOAL}. "
        "Cells: pages within 3 points / mean absolute error in points.\n\n"
        f"| set | pages | {headings} |\n|---|---:|" + "---:|" * len(SHARE_WAYS)
    )
    for name, measured in page_sets.items():
        cells = []
        for model, way, _heading in SHARE_WAYS:
            errors = measured.get((model, way), {}).get("pages")
            if errors is None:
                cells.append(NA)
                continue
            cells.append(f"{share_errors.share_within(errors):.1%} / {errors.mean:.2f}")
        pages = len(next(iter(measured.values()))["pages"].errors)
        print(f"| {name} | {pages} | {' | '.join(cells)} |")


def print_notes(notes: list[str]) -> None:
    """Why cells read "n/a"."""
    if notes:
        print("\nn/a cells (a subsample without some label; the model could not be trained):")
        for note in notes:
            print(f"- {note}")


# ---------------------------------------------------------------------------------------------
# Command line


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sets",
        nargs="+",
        choices=[task.name for task in TASKS],
        default=[task.name for task in TASKS],
        help="tasks to run, named by their set (default: all four)",
    )
    parser.add_argument(
        "--cv",
        type=int,
        default=0,
        metavar="K",
        help="K-fold CV grouped by document on the 80%% training part instead of scoring on "
        "the held-out part (default 0: off)",
    )
    parser.add_argument(
        "--max-train-rows",
        type=int,
        metavar="N",
        help="keep at most N training rows per set, whole documents (default: no limit)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke run: {common.QUICK_DOCUMENTS} training documents per set, curve at "
        + "/".join(map(str, QUICK_CURVE_SIZES)),
    )
    parser.add_argument(
        "--settings",
        type=json.loads,
        metavar="JSON",
        help="with --cv: override ours' PIPELINE_SETTINGS, e.g. '{\"char_wb_ngrams\": null}' "
        "(no character block) or '{\"char_wb_ngrams\": [3, 5]}' (default: none)",
    )
    common.add_datasets_argument(parser)
    args = parser.parse_args(argv)
    if args.settings is not None and not args.cv:
        parser.error("--settings needs --cv: the held-out part is for the shipped settings")
    if args.cv == 1 or args.cv < 0:
        parser.error("--cv must be 0 (off) or at least 2")
    if args.max_train_rows is not None and args.max_train_rows < 1:
        parser.error("--max-train-rows must be at least 1")
    args.sets = [task.name for task in TASKS if task.name in args.sets]
    return args


def print_header(argv: list[str] | None, args: argparse.Namespace, pinned: str) -> None:
    """What ran, where, and under which protocol."""
    print(f"# Accuracy benchmark: `{common.command_line(__file__, argv)}`\n")
    print(common.machine_line(pinned) + "\n")
    split = (
        f"Split: {common.TEST_SIZE:.0%} of the documents of each set held out (GroupShuffleSplit "
        f"grouped by source + doc_id, random_state={common.RANDOM_STATE}; in checkthat_en every "
        "row is its own document); the rest is the training part."
    )
    if args.cv:
        scoring = (
            f"Scores: {args.cv}-fold cross-validation grouped by document (GroupKFold) on the "
            "training part only, mean ± std over the folds; the held-out part is not used."
        )
    else:
        scoring = "Scores: trained on the training part, scored on the held-out part."
    limits = []
    if args.quick:
        limits.append(f"{common.QUICK_DOCUMENTS} training documents per set (--quick)")
    if args.max_train_rows is not None:
        limits.append(f"at most {args.max_train_rows:,} training rows per set, whole documents")
    subsample = "; ".join(limits) if limits else "none (the whole training part)"
    held_out = (
        f"at most {QUICK_HELD_OUT_ROWS:,} rows, whole documents (--quick)"
        if args.quick
        else "whole"
    )
    print(
        f"{split} {scoring} Training subsample: {subsample}. Held-out part: {held_out}. "
        f"Baseline: {common.BASELINE_DESCRIPTION}. Ours: build_pipeline({args.settings or ''}). "
        "Train seconds: wall "
        "clock, one core."
    )


class Measured(NamedTuple):
    """Everything one run measured, per set."""

    results: dict
    curves: dict
    sizes: dict
    shares: dict  # held out only: per (model, way), the share errors
    per_label: dict  # held out only: per model, per-label scores


def run(args: argparse.Namespace) -> Measured:
    """Evaluate every chosen task whose set is present."""
    results, curves, sizes, shares, per_label = {}, {}, {}, {}, {}
    curve_sizes = QUICK_CURVE_SIZES if args.quick else CURVE_SIZES
    for name in args.sets:
        task = TASKS_BY_NAME[name]
        if common.set_absent(args.datasets, name):
            continue
        df = common.read_set(args.datasets, name)
        labels = sorted(set(df[LABEL]))
        train, test = common.held_out_split(df)
        train = common.limit_documents(
            train,
            max_docs=common.QUICK_DOCUMENTS if args.quick else None,
            max_rows=args.max_train_rows,
        )
        if args.quick:
            test = common.limit_documents(test, max_rows=QUICK_HELD_OUT_ROWS)
        sizes[name] = {
            "docs": common.count_documents(df),
            "rows": len(df),
            **common.split_sizes(train, test),
        }
        if args.cv:
            results[name] = evaluate_cv(task, train, labels, args.cv, settings=args.settings)
            continue
        progress(f"{name}: training both models on {len(train):,} rows")
        results[name] = evaluate_held_out(task, train, test, labels)
        shares[name] = measure_shares(name, test, results[name], labels)
        per_label[name] = per_label_f1(test, results[name], labels)
        curves[name] = learning_curve(task, train, test, labels, curve_sizes)
    return Measured(results, curves, sizes, shares, per_label)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print Markdown tables; 0 also when the data sets are absent."""
    args = parse_args(argv)
    if common.datasets_absent(args.datasets):
        return 0
    started = time.perf_counter()
    with common.one_core() as pinned:
        print_header(argv, args, pinned)
        measured = run(args)
    results, curves, sizes = measured.results, measured.curves, measured.sizes
    if not results:
        print("\nnote: none of the chosen sets is present; nothing was measured")
        return 0
    title = f"{args.cv}-fold CV on the training part" if args.cv else "held out"
    print(f"\n## Scores ({title})\n")
    notes = print_cv_table(results) if args.cv else print_held_out_table(results)
    print_sizes(sizes, args.cv)
    if not args.cv:
        print_per_label(measured.per_label)
        print_shares(measured.shares)
    if args.cv:
        print("\nLearning curve skipped under --cv: it scores on the held-out part.")
    else:
        print("\n## Learning curve (held out)\n")
        print(
            "Training subsamples: whole documents in a seeded random order until the sentence "
            "count is reached (rows in checkthat_en)"
            + ("." if args.quick else "; 'all' is the main table's training part.")
        )
        notes += print_learning_curves(curves, results, sizes, with_all=not args.quick)
    print_notes(notes)
    common.print_total(started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
