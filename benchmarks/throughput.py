"""Tagging throughput on one core: ours end to end, next to fastText and the plain baseline.

One run, pinned to one core (``os.sched_setaffinity``). The corpus is real-size documents
(``common.real_size_documents``: the WCXB pages' text blocks, NewsDiscourse and PolNeAR articles, in
a seeded random order) cycled to ``--min-sentences`` sentences. Ours (``build_pipeline()``, or
``--settings``), a supervised fastText model (``wordNgrams=2``, one thread) and the plain baseline
(``common.BASELINE_DESCRIPTION``) are all trained in the run on the same labels, the training part
of newsdiscourse (``common.held_out_split``), and then timed:

a. ours end to end on raw article text: segment + featurise + predict + write a JSONL file;
b. ours on the already segmented sentences: featurise + predict + write a JSONL file;
c. fastText ``predict`` on the same sentences (newlines replaced by spaces, as it requires);
d. the baseline's ``predict`` on the same sentences;
e. the real command, ``python -m classifier tag corpus.jsonl --output out.jsonl --quiet --jobs 1``,
   on the real-size documents cycled to ``--cli-sentences`` (start-up, model load, reading,
   writing included);
f. the same with ``--jobs 2``, allowed both cores (the others stay pinned to one);
g. fastText ``predict`` on the sentences of (e), its peer: (e)'s speed is given against it.

Best of ``--repeat`` runs each; (e) and (f) run once. Each ``--settings JSON`` adds a row (a) for
ours trained with those ``PIPELINE_SETTINGS`` overrides. The profile line splits the time of ours
on the segmented sentences into its stages. Outputs go to a temporary folder that is deleted at
the end; no text from the data sets is printed.

    python benchmarks/throughput.py [--min-sentences N] [--cli-sentences N] [--repeat R]
                                    [--settings JSON] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd

from classifier.model import ngrams
from classifier.model.context import context_matrix, neighbour_matrix
from classifier.model.cues import cue_matrix
from classifier.model.linear import softmax
from classifier.model.store import save_model
from classifier.model.tagger import build_pipeline
from classifier.model.train import build_card
from classifier.outputs.writers import write_table
from classifier.schema import LABEL, TEXT
from classifier.tagging.tag import tag_articles, tag_sentences
from classifier.text.segment import segment_articles

# ``common`` sits next to this file. Run as a script, this folder is on sys.path already; loaded
# from its file path (importlib or runpy, as the tests do) it is not, so put it there.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402 (needs the sys.path entry above)

TRAINING_SET = "newsdiscourse"
MIN_SENTENCES = 50_000
REPEAT = 3
QUICK_SENTENCES = 2_000
CLI_SENTENCES = 300_000
CLI_FASTTEXT = "fastText: (g) predict on the sentences of (e)"
CLI_ONE = "ours: (e) `classifier tag --jobs 1`, JSONL in and out, one core"
CLI_TWO = "ours: (f) `classifier tag --jobs 2`, JSONL in and out, two cores"
FASTTEXT_SETTINGS = {"wordNgrams": 2, "epoch": 5, "thread": 1, "verbose": 0}
PROFILE_STAGES = (
    "tokens",
    "word n-grams",
    "char n-grams",
    "cues",
    "context",
    "weights and predict",
)


# ---------------------------------------------------------------------------------------------
# Models


def train_fasttext(train_df: pd.DataFrame, folder: Path):
    """A supervised fastText model on the same labels (``FASTTEXT_SETTINGS``)."""
    import fasttext  # benchmark-only dependency (the ``bench`` extra)

    path = folder / "fasttext-train.txt"
    lines = (
        f"__label__{label} {_one_line(text)}\n"
        for label, text in zip(train_df[LABEL], train_df[TEXT], strict=True)
    )
    path.write_text("".join(lines), encoding="utf-8")
    model = fasttext.train_supervised(str(path), **FASTTEXT_SETTINGS)
    path.unlink()
    return model


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _predict(fasttext_model, sentences_df: pd.DataFrame):
    """fastText's labels of the sentences (newlines replaced by spaces, as it requires)."""
    return fasttext_model.predict([text.replace("\n", " ") for text in sentences_df[TEXT]])


def tag_and_write(tag: Callable[[], pd.DataFrame], path: Path) -> None:
    write_table(tag(), path, force=True)


def run_cli(corpus: Path, model_dir: Path, out: Path, *, jobs: int) -> float:
    """Wall seconds of ``classifier tag`` in a child process; ``jobs`` > 1 may use every core."""
    out.unlink(missing_ok=True)
    argv = [sys.executable, "-m", "classifier", "tag", str(corpus), "--model", str(model_dir)]
    argv += ["--output", str(out), "--quiet", "--jobs", str(jobs)]
    every_core = os.sched_getaffinity(0) | set(range(os.cpu_count() or 1))
    unpin = (lambda: os.sched_setaffinity(0, every_core)) if jobs > 1 else None
    started = time.perf_counter()
    subprocess.run(argv, check=True, preexec_fn=unpin)
    return time.perf_counter() - started


def _megabytes(articles: pd.DataFrame) -> float:
    return sum(len(text.encode("utf-8")) for text in articles[TEXT]) / 1e6


# ---------------------------------------------------------------------------------------------
# Timing


def profile_stages(model, sentences_df: pd.DataFrame, repeat: int) -> dict[str, float]:
    """Seconds of each stage of ours on segmented sentences (``PROFILE_STAGES``)."""
    features = model.features_
    texts = sentences_df[TEXT].astype(str)
    tokens = ngrams.tokenize(texts.tolist())
    cues = cue_matrix(texts)
    seconds = {stage: 0.0 for stage in PROFILE_STAGES}
    seconds["tokens"] = common.best_time(lambda: ngrams.tokenize(texts.tolist()), repeat)
    seconds["word n-grams"] = common.best_time(
        lambda: ngrams.word_ngram_counts(tokens, features.word_ngrams, features.n_hashed), repeat
    )
    if features.char_ngrams is not None:
        seconds["char n-grams"] = common.best_time(
            lambda: ngrams.char_ngram_counts(
                tokens.distinct, features.char_ngrams, features.n_hashed
            ),
            repeat,
        )
    seconds["cues"] = common.best_time(lambda: cue_matrix(texts), repeat)
    seconds["context"] = common.best_time(lambda: context_matrix(sentences_df, cues), repeat)
    scores = features.scores(sentences_df, model.sentence_weights(), model.sentence_intercept_)
    probabilities = softmax(scores / model.sentence_temperature_)
    window = model._settings()["window"]
    if model.context_ is not None:
        seconds["context"] += common.best_time(
            lambda: neighbour_matrix(sentences_df, probabilities, window), repeat
        )
    total = common.best_time(lambda: model.predict_proba(sentences_df), repeat)
    seconds["weights and predict"] = max(total - sum(seconds.values()), 0.0)
    return seconds


# ---------------------------------------------------------------------------------------------
# The run


def measure(args: argparse.Namespace, folder: Path) -> dict:
    """Train the models, build the corpus and time every row; return what the report needs."""
    df = common.read_set(args.datasets, TRAINING_SET)
    train_df, _held_out = common.held_out_split(df)
    if args.quick:
        train_df = common.limit_documents(train_df, max_docs=common.QUICK_DOCUMENTS)
    y = train_df[LABEL].to_numpy()
    min_sentences = QUICK_SENTENCES if args.quick else args.min_sentences
    documents = common.real_size_documents(args.datasets)
    articles = common.repeat_articles(documents, min_sentences)
    sentences = segment_articles(articles)
    one_line = [_one_line(text) for text in sentences[TEXT]]

    ours = {"ours": build_pipeline().fit(train_df, y)}
    for settings in args.settings:
        ours[f"ours, {json.dumps(settings)}"] = build_pipeline(settings).fit(train_df, y)
    fasttext_model = train_fasttext(train_df, folder)
    baseline = common.build_baseline()
    common.fit_timed(baseline, train_df, y)

    out = folder / "tagged.jsonl"
    runs: dict[str, Callable[[], object]] = {}
    for name, model in ours.items():
        end_to_end = partial(tag_and_write, partial(tag_articles, model, articles), out)
        runs[f"{name}: (a) articles, segment + featurise + predict + write"] = end_to_end
    runs["ours: (b) segmented, featurise + predict + write"] = lambda: tag_and_write(
        lambda: tag_sentences(ours["ours"], sentences), out
    )
    runs["fastText: (c) predict on segmented"] = partial(_predict, fasttext_model, sentences)
    runs["baseline: (d) predict on segmented"] = lambda: baseline.predict(sentences)
    seconds = {name: common.best_time(run, args.repeat) for name, run in runs.items()}
    cli_sentences = QUICK_SENTENCES if args.quick else args.cli_sentences
    cli_articles = common.repeat_articles(documents, cli_sentences)
    cli_segmented = segment_articles(cli_articles)
    seconds[CLI_FASTTEXT] = common.best_time(
        partial(_predict, fasttext_model, cli_segmented), args.repeat
    )
    cli_sentence_count = len(cli_segmented)
    del cli_segmented
    card = build_card(train_df, ours["ours"], scores=None, training_files=[])
    model_dir = save_model(ours["ours"], card, folder / "model")
    corpus = common.write_articles(cli_articles, folder / "corpus.jsonl")
    for name, jobs in ((CLI_ONE, 1), (CLI_TWO, 2)):
        seconds[name] = run_cli(corpus, model_dir, folder / "cli-out.jsonl", jobs=jobs)
    return {
        "seconds": seconds,
        "profile": profile_stages(ours["ours"], sentences, args.repeat),
        "sentences": len(sentences),
        "cli_sentences": cli_sentence_count,
        "documents": len(documents),
        "cli_megabytes": _megabytes(cli_articles),
        "articles": len(articles),
        "megabytes": _megabytes(articles),
        "train_rows": len(train_df),
        "fasttext_words": sum(len(text.split()) for text in one_line),
    }


# ---------------------------------------------------------------------------------------------
# Report


def print_report(result: dict, args: argparse.Namespace, pinned: str) -> None:
    seconds, n, megabytes = result["seconds"], result["sentences"], result["megabytes"]
    print(
        f"\nCorpus: real-size documents of {', '.join(common.REAL_SIZE_SETS)} "
        f"({result['documents']:,} documents) cycled to "
        f"{result['articles']:,} articles, {n:,} sentences, {megabytes:.2f} MB UTF-8. All models "
        f"trained in this run on the same {result['train_rows']:,} training sentences of "
        f"{TRAINING_SET}; fastText {FASTTEXT_SETTINGS}. Best of {args.repeat} runs; {pinned}. MB/s "
        "counts the articles' bytes.\n"
    )
    fasttext_seconds = seconds["fastText: (c) predict on segmented"]
    baseline_seconds = seconds["baseline: (d) predict on segmented"]
    print("| run | seconds | sentences/s | MB/s | speed vs fastText | speed vs baseline |")
    print("|---|---:|---:|---:|---:|---:|")
    fasttext_rate, baseline_rate = n / fasttext_seconds, n / baseline_seconds
    cli_fasttext_rate = result["cli_sentences"] / seconds[CLI_FASTTEXT]
    for name, value in seconds.items():
        cli = name in (CLI_ONE, CLI_TWO, CLI_FASTTEXT)
        rows, size = (result["cli_sentences"], result["cli_megabytes"]) if cli else (n, megabytes)
        rate = rows / value
        peer = cli_fasttext_rate if cli else fasttext_rate  # the command's peer is (g)
        print(
            f"| {name} | {value:.2f} | {rate:,.0f} | {size / value:.2f} "
            f"| {rate / peer:.2f} | {rate / baseline_rate:.2f} |"
        )
    end_to_end = seconds["ours: (a) articles, segment + featurise + predict + write"]
    print(
        f"\nours end to end / fastText: {fasttext_seconds / end_to_end:.2f}; "
        f"ours end to end / baseline: {baseline_seconds / end_to_end:.2f}; "
        f"`classifier tag` one process / fastText (g): "
        f"{seconds[CLI_FASTTEXT] / seconds[CLI_ONE]:.2f}; "
        f"`classifier tag` two processes / one: {seconds[CLI_ONE] / seconds[CLI_TWO]:.2f} "
        f"({result['cli_sentences']:,} sentences, {result['cli_megabytes']:.1f} MB)"
    )
    profile = result["profile"]
    total = seconds["ours: (b) segmented, featurise + predict + write"]
    shares = ", ".join(f"{stage} {profile[stage] / total:.0%}" for stage in PROFILE_STAGES)
    other = 1 - sum(profile.values()) / total
    print(
        f"\nprofile of ours (b), share of its {total:.2f} s: {shares}, "
        f"other (data frames, JSONL writing) {other:.0%}"
    )


# ---------------------------------------------------------------------------------------------
# Command line


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--min-sentences",
        type=int,
        default=MIN_SENTENCES,
        help=f"corpus size in sentences (default {MIN_SENTENCES:,})",
    )
    parser.add_argument(
        "--cli-sentences",
        type=int,
        default=CLI_SENTENCES,
        help=f"corpus size of the `classifier tag` rows (e) and (f) (default {CLI_SENTENCES:,})",
    )
    parser.add_argument(
        "--repeat", type=int, default=REPEAT, help=f"timed runs per row, best counts ({REPEAT})"
    )
    parser.add_argument(
        "--settings",
        type=json.loads,
        action="append",
        default=[],
        metavar="JSON",
        help="also time ours built with these PIPELINE_SETTINGS overrides, e.g. "
        "'{\"char_wb_ngrams\": null}'; repeatable",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke run: {common.QUICK_DOCUMENTS} training documents, "
        f"{QUICK_SENTENCES:,} sentences",
    )
    common.add_datasets_argument(parser)
    args = parser.parse_args(argv)
    if min(args.min_sentences, args.cli_sentences, args.repeat) < 1:
        parser.error("--min-sentences, --cli-sentences and --repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Train, time and print a Markdown table; 0 also when the data sets are absent."""
    args = parse_args(argv)
    needed = (TRAINING_SET, *common.REAL_SIZE_SETS)
    if common.datasets_absent(args.datasets) or any(
        common.set_absent(args.datasets, name) for name in needed
    ):
        return 0
    started = time.perf_counter()
    print(f"# Throughput benchmark: `{common.command_line(__file__, argv)}`\n")
    with common.one_core() as pinned, tempfile.TemporaryDirectory() as folder:
        print(common.machine_line(pinned))
        result = measure(args, Path(folder))
    print_report(result, args, pinned)
    common.print_total(started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
