"""Learning curve of a page-aware model trained on a user's own labelled pages.

What a user does with their own crawl (``classifier train --labels LABELS --pages CRAWL``), here
with WCXB's pages standing in for the crawl and WCXB's human main text standing in for the
user's labels (every sentence of a page labelled ``reporting`` or ``boilerplate`` as
``train_pages.py`` labels them). For each size N, N pages drawn at random (seeded) from the
training side of the fixed split of ``pages.py`` are labelled and a model is trained on them with
the real command; each model then extracts the held-out pages with the real command
(``classifier extract --model MODEL --page-model none``), scored as ``pages.py`` scores them,
beside the shipped models (``models/default`` with ``models/pages``) in the same run.

WCXB has at most a dozen pages of any one site, so "pages of one site" cannot be measured here;
the curve is over pages of many sites, scored on sites none of them come from.

    python benchmarks/page_curve.py [--sizes 25 50 100 200 400] [--seed 0] [--workdir DIR]

prints a Markdown table: pages labelled, sentences, article F1, overall F1, and the difference
from the shipped models. Without the dataset it prints ``skipped: ...``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

# ``pages`` and ``train_pages`` sit next to this file (on sys.path when it runs as a script).
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages as bench  # noqa: E402
from train_pages import DEFAULT_DATASET, build_labels, train_page_model  # noqa: E402

DEFAULT_SIZES = (25, 50, 100, 200, 400)
SHIPPED = "shipped (models/default + models/pages)"


def extract_scores(args, test_pages: list[dict], workdir: Path, scorer) -> dict[str, float]:
    """Article and overall mean word-F1 of ``classifier extract`` with ``args`` on the pages."""
    workdir.mkdir(parents=True, exist_ok=True)
    run = bench.run_ours(args, test_pages, workdir)
    scores = bench.score_pages(test_pages, {"ours": run}, scorer)
    table = bench.mean_f1_table(scores, ["ours"])
    return {"article": table["article"]["ours"], "overall": table[bench.OVERALL]["ours"]}


def curve(dataset: Path, sizes: list[int], seed: int, workdir: Path) -> list[dict]:
    scorer = bench.load_scorer(dataset)
    train_ids, test_ids = bench.split_pages(dataset)
    test_pages = bench.load_pages(dataset, test_ids, scorer)
    repo = Path(__file__).resolve().parents[1]
    rows = []
    shipped = bench.parse_args(["--repo", str(repo), "--dataset", str(dataset)])
    rows.append(
        {"pages": SHIPPED, **extract_scores(shipped, test_pages, workdir / "shipped", scorer)}
    )
    order = random.Random(seed).sample(train_ids, len(train_ids))
    for size in sizes:
        folder = workdir / f"n{size}"
        folder.mkdir(parents=True, exist_ok=True)
        labels, warc, _pages, sentences = build_labels(dataset, folder, ids=sorted(order[:size]))
        model = folder / "model"
        train_page_model(labels, warc, model)
        args = bench.parse_args(
            ["--repo", str(repo), "--dataset", str(dataset), "--model", str(model)]
            + ["--page-model", "none"]
        )
        rows.append(
            {
                "pages": size,
                "sentences": sentences,
                **extract_scores(args, test_pages, folder, scorer),
            }
        )
        print(rows[-1], file=sys.stderr, flush=True)
    return rows


def markdown(rows: list[dict]) -> str:
    shipped = rows[0]
    lines = [
        "| pages labelled | sentences | article F1 | vs shipped | overall F1 | vs shipped |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        gaps = {key: f"{row[key] - shipped[key]:+.3f}" for key in ("article", "overall")}
        if row is shipped:
            gaps = {"article": "", "overall": ""}
        lines.append(
            f"| {row['pages']} | {row.get('sentences', '')} | {row['article']:.3f} | "
            f"{gaps['article']} | {row['overall']:.3f} | {gaps['overall']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="keep the labels, WARCs and models here")
    args = parser.parse_args(argv)
    if not (args.dataset / bench.SPLIT).is_dir():
        print(f"skipped: no WCXB pages at {args.dataset}")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        workdir = (args.workdir or Path(scratch)).resolve()
        rows = curve(args.dataset.resolve(), args.sizes, args.seed, workdir)
    print(f"Held-out pages: the test side of pages.py's split; seed {args.seed}.\n")
    print(markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
