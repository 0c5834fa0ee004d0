"""Train the shipped page model (``models/pages``) from WCXB's development pages.

The page model decides boilerplate on HTML pages (``classifier.model.paged``): it is a
page-aware model, trained the way a user trains one on their own crawl, with
``classifier train --labels LABELS --pages CRAWL``. Here the labels come from WCXB's human main
text instead of a person with ``classifier label``:

1. the training side of the fixed, domain-grouped split of ``benchmarks/pages.py``
   (``split_pages``; the held-out pages are never read) is written to one WARC;
2. the WARC's pages are read and segmented as ``classifier tag`` reads them, and each sentence is
   labelled ``reporting`` (main text) when it lies in the page's ``main_content`` (its
   whitespace-normalised text is a substring of it, or at least ``MAIN_SHARE`` of its word
   3-grams are), else ``boilerplate``;
3. the real command trains on those labels and the WARC: ``classifier train --labels ... --pages
   ... --cv 0``, and the card gets WCXB's credit (CC BY 4.0).

    python benchmarks/train_pages.py [--output models/pages] [--limit N] [--workdir DIR]

The labels and the WARC hold the pages' text: they live in ``--workdir`` (a temporary folder
unless given) and are never committed. Without the dataset it prints ``skipped: ...``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from classifier.schema import DOC_ID, LABEL, SENT_INDEX, SOURCE, TEXT
from classifier.tagging.run import read_sentences

# ``pages`` sits next to this file. Run as a script, this folder is on sys.path already; loaded
# from its file path (runpy, as the tests do) it is not, so put it there.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import SPLIT, load_pages, load_scorer, split_pages, write_warc  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATASET = REPO.parent / "shared" / "datasets" / "wcxb_pages"
DEFAULT_OUTPUT = REPO / "models" / "pages"
MAIN, CHROME = "reporting", "boilerplate"
MAIN_SHARE = 0.5
SHINGLE = 3
CREDIT = {
    "name": "WCXB (Web Content eXtraction Benchmark), development split",
    "author": "Murrough Foley",
    "licence": "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
    "use": "page model trained on the training side of the domain-grouped split of "
    "benchmarks/pages.py, with each sentence labelled from the pages' human main text "
    "(changed: pages cut into sentences, labelled reporting or boilerplate); the pages and "
    "their text are not shipped",
    "command": "python benchmarks/train_pages.py",
}
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    return " ".join(text.lower().split())


def shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def label_sentences(sentences_df: pd.DataFrame, references: dict[str, str]) -> pd.Series:
    """``reporting`` for the sentences inside their page's main text, else ``boilerplate``.

    A sentence of ``SHINGLE`` words or more is inside when its text is a substring of the main
    text or at least ``MAIN_SHARE`` of its word 3-grams are in it. A shorter one (a heading, a
    menu item, a button) is inside only when it is a whole line of the main text: "Reviews" as
    a menu item is not main text because the word occurs in the article.
    """
    labels = []
    for doc_id, group in sentences_df.groupby(DOC_ID, sort=False):
        reference = normalise(references[doc_id])
        reference_lines = {_bare(normalise(line)) for line in references[doc_id].splitlines()}
        reference_shingles = shingles(_WORD.findall(reference))
        for text in group[TEXT]:
            sentence = normalise(text)
            words = _WORD.findall(sentence)
            if len(words) < SHINGLE:
                inside = bool(sentence) and _bare(sentence) in reference_lines
            else:
                inside = sentence in reference
                if not inside:
                    own = shingles(words)
                    inside = len(own & reference_shingles) >= MAIN_SHARE * len(own)
            labels.append(MAIN if inside else CHROME)
    return pd.Series(labels, index=sentences_df.index)


def _bare(line: str) -> str:
    """A line without markdown-ish marks and end punctuation, for comparing short lines."""
    return line.strip(" #*_-:.|").strip()


def build_labels(
    dataset: Path, workdir: Path, limit: int | None = None, *, ids: list[str] | None = None
) -> tuple[Path, Path, int, int]:
    """The training pages (``ids``, which must be on the training side, else the first ``limit``
    of them) as a WARC and their sentences labelled as a CSV, in ``workdir``; the number of
    pages and of sentences."""
    scorer = load_scorer(dataset)
    train_ids, _test_ids = split_pages(dataset)
    if ids is not None and not set(ids) <= set(train_ids):
        raise ValueError("build_labels takes pages of the training side only")
    pages = load_pages(dataset, ids or (train_ids[:limit] if limit else train_ids), scorer)
    warc = workdir / "train-pages.warc.gz"
    record_to_page = write_warc(pages, warc)
    sentences_df, failures, _total = read_sentences([str(warc)])
    reference_of_page = {page["file_id"]: page["reference"] for page in pages}
    references = {record: reference_of_page[page] for record, page in record_to_page.items()}
    sentences_df[LABEL] = label_sentences(sentences_df, references)
    labels = workdir / "train-pages.labels.csv"
    sentences_df[[DOC_ID, SENT_INDEX, SOURCE, TEXT, LABEL]].to_csv(labels, index=False)
    counts = sentences_df[LABEL].value_counts().to_dict()
    print(
        f"{len(pages)} training pages ({SPLIT}), {len(failures)} unreadable; "
        f"{len(sentences_df)} sentences: {counts}",
        file=sys.stderr,
    )
    return labels, warc, len(pages), len(sentences_df)


def train_page_model(labels: Path, warc: Path, output: Path) -> None:
    command = [sys.executable, "-m", "classifier", "train", "--labels", str(labels)]
    command += ["--pages", str(warc), "--output", str(output), "--cv", "0", "--force"]
    subprocess.run(command, check=True, cwd=REPO)


def credit_card(output: Path, pages: int) -> None:
    card_path = output / "card.json"
    card = json.loads(card_path.read_text(encoding="utf-8"))
    # The label file lived in a temporary folder: its name says nothing, its hash identifies it.
    for entry in card.get("training_files", []):
        entry["path"] = Path(entry["path"]).name
    card["training_data"] = {**CREDIT, "pages": pages}
    card_path.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--workdir", type=Path, help="keep the labels and WARC here")
    parser.add_argument("--limit", type=int, help="train on the first N training pages only")
    args = parser.parse_args(argv)
    if not (args.dataset / SPLIT).is_dir():
        print(f"skipped: no WCXB pages at {args.dataset}")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        labels, warc, pages, _sentences = build_labels(args.dataset, workdir, args.limit)
        train_page_model(labels, warc, args.output)
    credit_card(args.output, pages)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
