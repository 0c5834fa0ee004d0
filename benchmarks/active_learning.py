"""Active learning, simulated: macro-F1 after 100, 200 and 400 labels chosen by ``uncertain``,
``mixed`` (the default: half random, half uncertain) and ``random`` order
(``classifier.labelling.order.next_batch``), with the gold labels as the labeller.

Protocol, on one set under ``../shared/datasets`` (relative to the repo root) that has documents
(``newsdiscourse`` by default, four labels; ``--set polnear`` or ``wcxb`` for another):

- Split: 20% of the documents held out as the test part (``common.held_out_split``:
  ``GroupShuffleSplit`` grouped by source + doc_id, ``random_state=0``); the other 80% is the pool.
  A pool larger than ``--pool-size`` sentences (default 20,000) is cut to whole documents drawn in
  a seeded random order (``common.limit_documents``); the header says whether that happened.
- Seed set: ``SEED_LABELS`` (20) sentences drawn at random from the pool (``next_batch`` in order
  ``random`` with the repeat's seed), the same for both orders.
- Loop: fit ``build_pipeline()`` on the labelled sentences only (with their doc_id, sent_index and
  source, as a user's labels file gives them; the model itself decides whether it has the >= 20
  articles its context stage needs), predict probabilities for the whole pool, and take the next
  batch of ``--batch`` sentences (default 20: the labelling interface refits every 20 labels)
  from the unlabelled ones with ``next_batch(order="uncertain", probabilities=..., classes=the
  model's classes, label_counts=the gold labels revealed so far, recent_texts=the texts of the
  last picks)``, and the same with ``order="mixed"``; reveal their gold labels; repeat.
  ``random`` draws its batches with ``next_batch(order="random")`` (uniform, no model needed
  between budgets). A batch is cut short
  where needed so that every budget is reached exactly.
- Score: at each budget (100, 200, 400 labels) a model fitted on exactly the labels so far tags the
  whole test part (whole articles together) and is scored by macro-F1 over the set's labels
  (``classifier.model.evaluate.score_labels``).
- Repeats: ``--repeats`` seeds (default 3: seeds 0, 1, 2; each its own seed set and random
  draws); the table gives mean ± std (population) over the repeats, followed by the label mix of
  the sentences each order had labelled at the last budget (mean over repeats, seed set included)
  next to the pool's own mix (what a uniform draw expects): the point of keeping rare labels in
  view. Then notes: how many scored models had their context stage, how many uncertain picks the
  model predicted as the label with the fewest labels so far (and how many truly had it), and the
  seconds per round of the uncertain loop (fit, predict the pool, ``next_batch``).

``--quick`` (a smoke run, well under a minute): a pool of at most 1,500 sentences and a test part
of at most 1,000 (whole documents, seeded), budgets 40 and 80, one repeat. The process is pinned
to one core; the last line gives the wall time. The data sets are only read: no text from them is
printed or written.

    .venv/bin/python benchmarks/active_learning.py [--set newsdiscourse] [--batch 20]
        [--repeats 3] [--pool-size 20000] [--quick] [--datasets PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from classifier.labelling.order import RECENT, next_batch
from classifier.model.evaluate import score_labels
from classifier.model.tagger import build_pipeline
from classifier.schema import LABEL, TEXT

# ``common`` sits next to this file. Run as a script, this folder is on sys.path already; loaded
# from its file path (importlib or runpy, as the tests do) it is not, so put it there.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402 (needs the sys.path entry above)

DEFAULT_SET = "newsdiscourse"
SETS = ("newsdiscourse", "polnear", "wcxb")  # sets of documents (not isolated sentences)
ORDERS = ("uncertain", "mixed", "random")
MODEL_ORDERS = ("uncertain", "mixed")
BUDGETS = (100, 200, 400)
QUICK_BUDGETS = (40, 80)
SEED_LABELS = 20
BATCH = 20
REPEATS = 3
POOL_SIZE = 20_000
QUICK_POOL_SIZE = 1_500
QUICK_TEST_ROWS = 1_000
NA = "n/a"
# Seeds of the random order's batches start here, apart from the seed sets' seeds (0, 1, ...).
RANDOM_DRAWS = 1_000_000


class Run(NamedTuple):
    """One order, one repeat: the score at each budget and what was labelled."""

    scores: dict[int, float | None]  # None: the labels so far hold a single label
    context: dict[int, bool]  # whether the scored model had its context stage
    labelled: list[int]  # pool positions, in the order they were labelled
    fallbacks: int  # uncertain rounds that drew at random (no model: a single label so far)
    seconds: dict[str, list[float]]  # per uncertain round: fit, predict pool, next_batch
    rare_picks: int  # uncertain picks the model predicted as the rarest label so far
    rare_hits: int  # ... of which that label is the gold one
    uncertain_picks: int  # picks made by next_batch(order="uncertain")


# ---------------------------------------------------------------------------------------------
# Simulation


def fit(pool: pd.DataFrame, labelled: list[int]):
    """``build_pipeline()`` fitted on the labelled pool rows (in pool order); None when they hold
    a single label (the model refuses to train on one)."""
    rows = pool.iloc[np.sort(labelled)]
    if rows[LABEL].nunique() < 2:
        return None
    return build_pipeline().fit(rows, rows[LABEL].to_numpy())


def simulate(
    order: str,
    pool: pd.DataFrame,
    test: pd.DataFrame,
    labels: list[str],
    *,
    seed_positions: list[int],
    budgets: tuple[int, ...],
    batch: int,
    seed: int,
) -> Run:
    """Label the pool in ``order`` from ``seed_positions`` up to the last budget; score at each."""
    texts, gold = pool[TEXT], pool[LABEL].to_numpy()
    labelled = list(seed_positions)
    is_labelled = np.zeros(len(pool), dtype=bool)
    is_labelled[labelled] = True
    scores: dict[int, float | None] = {}
    context: dict[int, bool] = {}
    seconds: dict[str, list[float]] = {"fit": [], "predict pool": [], "next_batch": []}
    fallbacks, round_number, rare_picks, rare_hits, uncertain_picks = 0, 0, 0, 0, 0
    while True:
        count = len(labelled)
        model = None
        if order in MODEL_ORDERS or count in budgets:
            started = time.perf_counter()
            model = fit(pool, labelled)
            if order in MODEL_ORDERS:
                seconds["fit"].append(time.perf_counter() - started)
        if count in budgets:
            progress(f"seed {seed}, {order}: scoring at {count} labels")
            context[count] = model is not None and model.context_ is not None
            scores[count] = (
                None
                if model is None
                else float(
                    score_labels(test[LABEL].to_numpy(), model.predict(test), labels=labels)[
                        "macro_f1"
                    ]
                )
            )
        if count >= budgets[-1]:
            break
        size = min(batch, min(b for b in budgets if b > count) - count)
        candidates = np.flatnonzero(~is_labelled)
        round_number += 1
        if order in MODEL_ORDERS and model is not None:
            started = time.perf_counter()
            probabilities = model.predict_proba(pool)
            seconds["predict pool"].append(time.perf_counter() - started)
            started = time.perf_counter()
            picks = next_batch(
                candidates,
                order=order,
                texts=texts,
                probabilities=probabilities,
                classes=[str(label) for label in model.classes_],
                label_counts=dict(Counter(str(label) for label in gold[labelled])),
                recent_texts=texts.iloc[labelled[-RECENT:]].tolist(),
                size=size,
                seed=seed,
            )
            seconds["next_batch"].append(time.perf_counter() - started)
            predicted, hits = _predicted_rarest(
                model.classes_, probabilities[picks], gold[labelled], gold[picks]
            )
            rare_picks, rare_hits = rare_picks + predicted, rare_hits + hits
            uncertain_picks += len(picks)
        else:
            fallbacks += order in MODEL_ORDERS
            picks = next_batch(
                candidates,
                order="random",
                texts=texts,
                size=size,
                seed=RANDOM_DRAWS + seed * 1_000 + round_number,
            )
        if not picks:
            raise RuntimeError(f"{order}: next_batch chose nothing at {count} labels")
        labelled += picks
        is_labelled[picks] = True
    return Run(
        scores, context, labelled, fallbacks, seconds, rare_picks, rare_hits, uncertain_picks
    )


def _predicted_rarest(
    classes, probabilities: np.ndarray, revealed: np.ndarray, picked_gold: np.ndarray
) -> tuple[int, int]:
    """How many picks the model predicted as the label with the fewest labels so far (among its
    classes, ties by name: the label ``next_batch`` aims every 4th pick at), and how many of
    those truly have it."""
    counts = Counter(str(label) for label in revealed)
    names = [str(label) for label in classes]
    rarest = min(names, key=lambda label: (counts.get(label, 0), label))
    predicted = probabilities.argmax(axis=1) == names.index(rarest)
    return int(predicted.sum()), int(np.sum(predicted & (picked_gold.astype(str) == rarest)))


def run(args: argparse.Namespace, pool: pd.DataFrame, test: pd.DataFrame, labels: list[str]):
    """Every repeat of both orders: ``{order: [Run, ...]}``."""
    runs: dict[str, list[Run]] = {order: [] for order in ORDERS}
    for seed in range(args.repeats):
        seed_positions = next_batch(
            np.arange(len(pool)), order="random", texts=pool[TEXT], size=SEED_LABELS, seed=seed
        )
        for order in ORDERS:
            runs[order].append(
                simulate(
                    order,
                    pool,
                    test,
                    labels,
                    seed_positions=seed_positions,
                    budgets=args.budgets,
                    batch=args.batch,
                    seed=seed,
                )
            )
    return runs


# ---------------------------------------------------------------------------------------------
# Printing


def progress(message: str) -> None:
    """A progress line on stderr (the tables go to stdout)."""
    print(f"[active_learning] {message}", file=sys.stderr, flush=True)


def mean_std(values: list[float | None]) -> str:
    """``mean ± std`` (population) over the repeats that could be scored, "n/a" if none."""
    scored = [value for value in values if value is not None]
    if not scored:
        return NA
    missing = len(values) - len(scored)
    note = f" ({missing} of {len(values)} n/a)" if missing else ""
    return f"{np.mean(scored):.4f} ± {np.std(scored):.4f}{note}"


def print_header(argv, args, pinned, df, pool, whole_pool, test, labels) -> None:
    """What ran, where, and under which protocol."""
    print(f"# Active-learning benchmark: `{common.command_line(__file__, argv)}`\n")
    print(common.machine_line(pinned) + "\n")
    cut = len(pool) < len(whole_pool)
    pool_note = (
        f"cut from {common.count_documents(whole_pool):,} / {len(whole_pool):,} to at most "
        f"{args.pool_size:,} sentences of whole documents (seeded random order)"
        if cut
        else f"the whole 80% (at most {args.pool_size:,} sentences allowed: not cut)"
    )
    test_note = (
        f", cut to at most {QUICK_TEST_ROWS:,} sentences of whole documents (--quick)"
        if args.quick
        else ""
    )
    seeds = ("seed " if args.repeats == 1 else "seeds ") + ", ".join(map(str, range(args.repeats)))
    print(
        f"Set: {args.set} ({common.count_documents(df):,} documents / {len(df):,} sentences). "
        f"Test part: {common.TEST_SIZE:.0%} of the documents held out (GroupShuffleSplit grouped "
        f"by source + doc_id, random_state={common.RANDOM_STATE}): "
        f"{common.count_documents(test):,} documents / {len(test):,} sentences{test_note}. "
        f"Pool: {common.count_documents(pool):,} documents / {len(pool):,} sentences, {pool_note}."
    )
    print(
        f"\nBoth orders start from the same {SEED_LABELS} pool sentences drawn at random (per "
        f"repeat); then batches of {args.batch} chosen by next_batch "
        "(uncertain: the model refitted after every batch on the labelled sentences only, "
        "probabilities on the whole pool, label counts and recent texts from the labels revealed "
        "so far; random: uniform draws), gold labels revealed, until "
        f"{args.budgets[-1]} labels. Score: macro-F1 over the {len(labels)} labels "
        f"({', '.join(labels)}) on the test part, model fitted on exactly the labels so far. "
        f"Repeats: {args.repeats} ({seeds}); mean ± std (population) over the repeats. "
        "Model: build_pipeline(). One core."
    )


def print_table(runs: dict[str, list[Run]], budgets: tuple[int, ...]) -> None:
    """Rows: budgets; columns: the orders."""
    print("\n## Macro-F1 on the held-out part\n")
    print("| labels | " + " | ".join(ORDERS) + " |\n|---:|" + "---:|" * len(ORDERS))
    for budget in budgets:
        cells = [mean_std([r.scores[budget] for r in runs[order]]) for order in ORDERS]
        print(f"| {budget} | " + " | ".join(cells) + " |")


def print_label_mix(
    runs: dict[str, list[Run]], pool: pd.DataFrame, labels: list[str], budget: int
) -> None:
    """How many of each label each order had labelled at ``budget``, and the pool's own mix."""
    gold = pool[LABEL].to_numpy()
    repeats = len(runs[ORDERS[0]])
    print(
        f"\nLabel mix of the {budget} labelled sentences (mean over {repeats} repeat"
        f"{'s' if repeats > 1 else ''}, the {SEED_LABELS} seed sentences included):\n"
    )
    for order in ORDERS:
        counts = [Counter(gold[r.labelled]) for r in runs[order]]
        cells = []
        for label in labels:
            mean = np.mean([c[label] for c in counts])
            cells.append(f"{label} {mean:.1f} ({mean / budget:.1%})")
        print(f"- {order}: " + ", ".join(cells))
    share = pool[LABEL].value_counts(normalize=True)
    cells = [
        f"{label} {share.get(label, 0.0) * budget:.1f} ({share.get(label, 0.0):.1%})"
        for label in labels
    ]
    print("- pool (what a uniform draw expects): " + ", ".join(cells))


def print_notes(runs: dict[str, list[Run]], budgets: tuple[int, ...]) -> None:
    """Context stage use, fallbacks, n/a causes and the uncertain loop's timing."""
    print()
    for order in ORDERS:
        used = ", ".join(
            f"{budget}: {sum(r.context[budget] for r in runs[order])}/{len(runs[order])}"
            for budget in budgets
        )
        print(f"Context stage trained (fits at each budget), {order}: {used}.")
    fallbacks = sum(r.fallbacks for r in runs["uncertain"])
    if fallbacks:
        print(
            f"Uncertain order drew {fallbacks} batch(es) at random: the labels so far held a "
            "single label, so no model could be fitted."
        )
    if any(score is None for rs in runs.values() for r in rs for score in r.scores.values()):
        print("n/a: the labels so far held a single label; no model could be fitted.")
    picks = sum(r.uncertain_picks for r in runs["uncertain"])
    if picks:
        rare = sum(r.rare_picks for r in runs["uncertain"])
        hits = sum(r.rare_hits for r in runs["uncertain"])
        print(
            f"Uncertain picks the model predicted as the rarest label so far: {rare} of {picks} "
            f"({rare / picks:.0%}; next_batch aims every 4th pick there); {hits} of those "
            "have that gold label."
        )
    seconds = {
        step: [s for r in runs["uncertain"] for s in r.seconds[step]]
        for step in ("fit", "predict pool", "next_batch")
    }
    if seconds["fit"]:
        steps = "; ".join(
            f"{step} {np.mean(values):.2f} s (max {np.max(values):.2f})"
            for step, values in seconds.items()
            if values
        )
        print(f"Uncertain loop, mean seconds per round (wall, one core): {steps}.")


# ---------------------------------------------------------------------------------------------
# Command line


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        choices=SETS,
        default=DEFAULT_SET,
        help=f"the set to simulate on (default {DEFAULT_SET})",
    )
    parser.add_argument(
        "--batch",
        type=int,
        default=BATCH,
        help=f"sentences labelled between refits (default {BATCH})",
    )
    parser.add_argument(
        "--repeats", type=int, default=REPEATS, help=f"seeds to repeat over (default {REPEATS})"
    )
    parser.add_argument(
        "--pool-size",
        type=int,
        default=POOL_SIZE,
        metavar="N",
        help=f"at most N pool sentences, whole documents (default {POOL_SIZE:,})",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke run: pool of at most {QUICK_POOL_SIZE:,} sentences, test part of at most "
        f"{QUICK_TEST_ROWS:,}, budgets {'/'.join(map(str, QUICK_BUDGETS))}, one repeat",
    )
    common.add_datasets_argument(parser)
    args = parser.parse_args(argv)
    if args.batch < 1 or args.repeats < 1 or args.pool_size < 1:
        parser.error("--batch, --repeats and --pool-size must be at least 1")
    if args.quick:
        args.repeats = 1
        args.pool_size = min(args.pool_size, QUICK_POOL_SIZE)
    args.budgets = QUICK_BUDGETS if args.quick else BUDGETS
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the simulation and print Markdown; 0 also when the data sets are absent."""
    args = parse_args(argv)
    if common.datasets_absent(args.datasets):
        return 0
    if common.set_absent(args.datasets, args.set):
        return 0
    started = time.perf_counter()
    df = common.read_set(args.datasets, args.set)
    labels = sorted(set(df[LABEL]))
    whole_pool, test = common.held_out_split(df)
    pool = common.limit_documents(whole_pool, max_rows=args.pool_size)
    if args.quick:
        test = common.limit_documents(test, max_rows=QUICK_TEST_ROWS)
    if len(pool) < args.budgets[-1]:
        print(f"\nnote: the pool has {len(pool):,} sentences, fewer than {args.budgets[-1]}")
        return 1
    with common.one_core() as pinned:
        print_header(argv, args, pinned, df, pool, whole_pool, test, labels)
        runs = run(args, pool, test, labels)
    print_table(runs, args.budgets)
    print_label_mix(runs, pool, labels, args.budgets[-1])
    print_notes(runs, args.budgets)
    common.print_total(started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
