"""classifier tag: articles (or sentence rows) -> one tagged row per sentence."""

from __future__ import annotations

import argparse
import sys

from ..errors import InputError
from ..model_store import load_model
from ..readers import read_articles, read_sentence_rows
from ..schema import DOC_ID
from ..tagging import tag_articles, tag_sentences
from ..writers import check_output, write_table
from .train import DEFAULT_MODEL


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "tag",
        help="tag every sentence of articles",
        description="Split articles into sentences and tag each one. Inputs: .txt files and "
        "folders of them (doc_id = file name; source from --source, a sources.csv beside the "
        "files, or the folder name), .jsonl/.csv/.parquet with one article per row (id, source, "
        "text, optional url, title, date), or - for JSONL on stdin.",
        epilog="Example: classifier tag seeds/ --output tagged.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or -")
    parser.add_argument(
        "-m",
        "--model",
        default=DEFAULT_MODEL,
        metavar="DIR",
        help=f"model folder (default: {DEFAULT_MODEL})",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="output .jsonl, .csv or .parquet (default: JSONL on stdout)",
    )
    parser.add_argument(
        "--sentences",
        action="store_true",
        help="inputs are sentence rows in the label schema (doc_id, sent_index, source, text); "
        "they are not re-segmented",
    )
    parser.add_argument("--source", metavar="NAME", help="source name for inputs that lack one")
    parser.add_argument("--force", action="store_true", help="replace an existing output file")
    parser.set_defaults(run=run)


def run(args) -> int:
    check_output(args.output, force=args.force)
    model, _card = load_model(args.model)
    failures: list[str] = []
    if args.sentences:
        tagged_df = tag_sentences(model, read_sentence_rows(args.inputs))
        total = tagged_df[DOC_ID].nunique()
    else:
        articles = read_articles(args.inputs, source=args.source)
        failures = articles.failures
        total = len(articles.rows) + len(failures)
        if not articles.rows:
            raise InputError(
                "no article could be read: " + "; ".join(failures or ["the inputs are empty"])
            )
        tagged_df = tag_articles(model, articles.to_frame())
    write_table(tagged_df, args.output, force=args.force)
    if failures:
        for failure in failures:
            print(f"failed: {failure}", file=sys.stderr)
        where = args.output or "stdout"
        print(
            f"{len(failures)} of {total} articles failed; the other {total - len(failures)} "
            f"were tagged and written to {where}",
            file=sys.stderr,
        )
        return 1
    return 0
