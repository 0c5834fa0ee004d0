"""Benchmark ``classifier.text.segment.split_sentences`` against well-known sentence segmenters.

Every segmenter is timed in the same run, on the same documents, on one core (the process is
pinned to a single CPU where the OS allows it). Each document is segmented by its own call, as
``segment_articles`` does. Speed is reported in MB/s (10**6 bytes of UTF-8 input) and
sentences/s; the best of ``--repeat`` runs counts.

Corpus: the documents of ``../shared/datasets/newsdiscourse/train.csv`` (relative to the repo
root; a document is its rows' ``text`` joined by "\\n" in ``sent_index`` order), or, when that
folder is absent, the files ``seeds/*.txt``; either is repeated to about ``--megabytes`` MB.
The corpus is only read, never copied into the repository.

Accuracy, in the same run, for every segmenter that gives sentences as strings:

- the English "Golden Rules" (``tests/text/golden_rules.py``: Pragmatic Segmenter's 48 standard
  rule cases): the share of cases split exactly right;
- boundary F1 on news: the sentences of each NewsDiscourse and PolNeAR document (their rows)
  joined by single spaces into one paragraph, so that no line break gives a boundary away; a
  boundary is the number of non-space characters before it, so segmenters that trim or keep
  white space are compared alike.

Comparison packages are benchmark-only (the ``bench`` extra): nltk, blingfire, syntok, pySBD. A
segmenter whose package is not importable is skipped with a note.

    python benchmarks/segmentation.py [--megabytes 10] [--repeat 3] [--corpus PATH] [--check]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from classifier.text.segment import sentences_of, split_sentences

REPO_ROOT = Path(__file__).resolve().parents[1]
DATASET_DIR = REPO_ROOT.parent / "shared" / "datasets" / "newsdiscourse"
SEEDS_DIR = REPO_ROOT / "seeds"
GOLDEN_RULES_FILE = REPO_ROOT / "tests" / "text" / "golden_rules.py"
NEWS_SETS = ("newsdiscourse", "polnear")
CHECK_MEGABYTES = 0.2

# A segmenter maps one document to the number of sentences it found.
Segmenter = Callable[[str], int]


def load_documents(path: Path) -> list[str]:
    """Read documents from a newsdiscourse-style CSV, a directory of .txt files or one text file."""
    if path.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(path.glob("*.txt"))]
    if path.suffix.lower() != ".csv":
        return [path.read_text(encoding="utf-8")]
    lines: dict[str, list[tuple[int, str]]] = defaultdict(list)
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lines[row["doc_id"]].append((int(row["sent_index"]), row["text"]))
    return ["\n".join(text for _, text in sorted(rows)) for rows in lines.values()]


def default_corpus() -> Path:
    """The newsdiscourse training set if its folder exists, else the seed articles."""
    return DATASET_DIR / "train.csv" if DATASET_DIR.is_dir() else SEEDS_DIR


def repeat_to_size(documents: list[str], megabytes: float) -> list[str]:
    """Cycle through ``documents`` until their UTF-8 size reaches ``megabytes`` MB."""
    if not any(documents):
        raise SystemExit("the corpus has no text")
    target, total, corpus = megabytes * 1e6, 0, []
    while total < target:
        for document in documents:
            corpus.append(document)
            total += len(document.encode("utf-8"))
            if total >= target:
                break
    return corpus


def available_segmenters() -> dict[str, Segmenter]:
    """Ours first, then every comparison segmenter whose package imports; print what is skipped."""
    segmenters: dict[str, Segmenter] = {"ours (split_sentences)": lambda d: len(split_sentences(d))}
    try:
        from nltk.tokenize.punkt import PunktSentenceTokenizer

        punkt = PunktSentenceTokenizer()
        segmenters["nltk punkt (span_tokenize)"] = lambda d: sum(1 for _ in punkt.span_tokenize(d))
    except ImportError as error:
        print(f"> skipped nltk punkt: {error}")
    try:
        import blingfire

        segmenters["blingfire (with offsets)"] = lambda d: len(
            blingfire.text_to_sentences_and_offsets(d)[1]
        )
        # Native speed without the Python byte loop that maps offsets back to characters.
        segmenters["blingfire (text only)"] = lambda d: (
            blingfire.text_to_sentences(d).count("\n") + 1
        )
    except ImportError as error:
        print(f"> skipped blingfire: {error}")
    boundary = re.compile(r"(?<=[.!?])\s+")
    segmenters["naive regex (floor)"] = lambda d: sum(
        len(boundary.split(line)) for line in d.splitlines() if line.strip()
    )
    return segmenters


def sentence_splitters() -> dict[str, Callable[[str], list[str]]]:
    """Segmenters that give sentences as strings, for the accuracy tables (ours first)."""
    splitters: dict[str, Callable[[str], list[str]]] = {"ours": sentences_of}
    try:
        import blingfire

        splitters["blingfire"] = lambda d: blingfire.text_to_sentences(d).split("\n")
    except ImportError as error:
        print(f"> skipped blingfire: {error}")
    try:
        from syntok import segmenter as syntok_segmenter

        splitters["syntok"] = lambda d: [
            "".join(token.spacing + token.value for token in sentence).strip()
            for paragraph in syntok_segmenter.process(d)
            for sentence in paragraph
        ]
    except ImportError as error:
        print(f"> skipped syntok: {error}")
    try:
        import pysbd

        pysbd_segmenter = pysbd.Segmenter(language="en", clean=False)
        splitters["pySBD"] = lambda d: [s.strip() for s in pysbd_segmenter.segment(d)]
    except ImportError as error:
        print(f"> skipped pySBD: {error}")
    try:
        from nltk.tokenize.punkt import PunktSentenceTokenizer

        splitters["nltk punkt"] = PunktSentenceTokenizer().tokenize
    except ImportError as error:
        print(f"> skipped nltk punkt: {error}")
    return splitters


def golden_rules() -> list[tuple[str, list[str]]]:
    import runpy

    return runpy.run_path(str(GOLDEN_RULES_FILE))["GOLDEN_RULES"]


def golden_share(split: Callable[[str], list[str]], cases) -> float:
    """The share of rule cases split exactly into their sentences (white space trimmed)."""
    right = sum(
        [s.strip() for s in split(text) if s.strip()] == expected for text, expected in cases
    )
    return right / len(cases)


def news_paragraphs(dataset: Path) -> list[list[str]]:
    """The sentences of each document of ``dataset/train.csv``, in order."""
    rows: dict[str, list[tuple[int, str]]] = defaultdict(list)
    with (dataset / "train.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[row["doc_id"]].append((int(row["sent_index"]), " ".join(row["text"].split())))
    return [[text for _, text in sorted(sentences) if text] for sentences in rows.values()]


def boundaries_of(sentences: list[str]) -> set[int]:
    """Boundaries as the number of non-space characters before each (the text's end excluded)."""
    cuts, count = set(), 0
    for sentence in sentences:
        count += len("".join(sentence.split()))
        cuts.add(count)
    cuts.discard(count)
    return cuts


def boundary_f1(split: Callable[[str], list[str]], documents: list[list[str]]) -> float:
    """Micro-averaged boundary F1 over documents whose sentences are joined by spaces."""
    found = right = expected = 0
    for sentences in documents:
        truth = boundaries_of(sentences)
        predicted = boundaries_of(split(" ".join(sentences)))
        found, expected, right = (
            found + len(predicted),
            expected + len(truth),
            right + len(truth & predicted),
        )
    precision, recall = right / max(found, 1), right / max(expected, 1)
    return 2 * precision * recall / max(precision + recall, 1e-12)


def print_accuracy(check: bool) -> None:
    """Golden-rule share and news boundary F1 of every sentence splitter, as a Markdown table."""
    sets = {name: REPO_ROOT.parent / "shared" / "datasets" / name for name in NEWS_SETS}
    documents = {name: news_paragraphs(path) for name, path in sets.items() if path.is_dir()}
    if check:
        documents = {name: docs[:20] for name, docs in documents.items()}
    cases = golden_rules()
    header = ["segmenter", f"golden rules ({len(cases)})"]
    header += [f"{name} boundary F1" for name in documents]
    print("\n| " + " | ".join(header) + " |")
    print("|---" + "|---:" * (len(header) - 1) + "|")
    for name, split in sentence_splitters().items():
        cells = [f"{golden_share(split, cases):.1%}"]
        cells += [f"{boundary_f1(split, docs):.3f}" for docs in documents.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")


def best_time(segmenter: Segmenter, documents: list[str], repeat: int) -> tuple[float, int]:
    """Best wall time of ``repeat`` passes over ``documents``, and the sentences found."""
    best, sentences = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        sentences = sum(segmenter(document) for document in documents)
        best = min(best, time.perf_counter() - start)
    return best, sentences


def pin_to_one_core() -> None:
    """Run on a single CPU so that no segmenter can use more than one core."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0, help="corpus size (default 10)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per segmenter, best counts")
    parser.add_argument("--corpus", type=Path, help="CSV, directory of .txt files or text file")
    parser.add_argument(
        "--check", action="store_true", help="smoke test: ~200 KB, every segmenter finds sentences"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Time every available segmenter and print a Markdown table."""
    args = parse_args(argv)
    megabytes = CHECK_MEGABYTES if args.check else args.megabytes
    path = args.corpus or default_corpus()
    originals = load_documents(path)
    documents = repeat_to_size(originals, megabytes)
    size = sum(len(document.encode("utf-8")) for document in documents) / 1e6
    pin_to_one_core()

    results = []
    for name, segmenter in available_segmenters().items():
        seconds, sentences = best_time(segmenter, documents, args.repeat)
        results.append((name, size / seconds, sentences / seconds, sentences))

    print(
        f"\nCorpus: {path} ({len(originals)} documents; {len(documents)} segmented, "
        f"{size:.2f} MB UTF-8); best of {args.repeat} runs, one core\n"
    )
    print("| segmenter | MB/s | sentences/s | sentences found | speed vs ours |")
    print("|---|---:|---:|---:|---:|")
    ours = results[0][1]
    for name, mb_per_s, sentences_per_s, sentences in results:
        print(
            f"| {name} | {mb_per_s:.2f} | {sentences_per_s:,.0f} | {sentences:,} "
            f"| {mb_per_s / ours:.2f} |"
        )

    if args.check:
        empty = [name for name, *_, sentences in results if sentences < 1]
        assert not empty, f"no sentences from: {', '.join(empty)}"
    print_accuracy(args.check)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
