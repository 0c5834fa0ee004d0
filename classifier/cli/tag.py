"""classifier tag: articles (or sentence rows) -> one tagged row per sentence."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from ..errors import InputError
from ..explain import WHY_FEATURES, explain_sentences, summarise_explanation
from ..model_store import load_model
from ..readers import read_articles, read_sentence_rows
from ..schema import DOC_ID, WHY
from ..segment import segment_articles
from ..tagging import tag_sentences
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
    add_input_arguments(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="output .jsonl, .csv or .parquet (default: JSONL on stdout)",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing output file")
    parser.add_argument(
        "--explain",
        action="store_true",
        help=f"add a 'why' column: the {WHY_FEATURES} features of each stage that pushed each "
        "sentence toward its label, with their contributions (slower; the HTML report shows it)",
    )
    parser.set_defaults(run=run)


def add_input_arguments(parser) -> None:
    """The input arguments shared by the commands that read articles (tag, explain)."""
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or -")
    parser.add_argument(
        "-m",
        "--model",
        default=DEFAULT_MODEL,
        metavar="DIR",
        help=f"model folder (default: {DEFAULT_MODEL})",
    )
    parser.add_argument(
        "--sentences",
        action="store_true",
        help="inputs are sentence rows in the label schema (doc_id, sent_index, source, text); "
        "they are not re-segmented",
    )
    parser.add_argument("--source", metavar="NAME", help="source name for inputs that lack one")


def read_sentences(args) -> tuple[pd.DataFrame, list[str], int]:
    """Sentences to tag, the articles that failed to read, and the number of articles."""
    if args.sentences:
        sentences_df = read_sentence_rows(args.inputs)
        return sentences_df, [], sentences_df[DOC_ID].nunique()
    articles = read_articles(args.inputs, source=args.source)
    if not articles.rows:
        raise InputError(
            "no article could be read: " + "; ".join(articles.failures or ["the inputs are empty"])
        )
    total = len(articles.rows) + len(articles.failures)
    return segment_articles(articles.to_frame()), articles.failures, total


def run(args) -> int:
    check_output(args.output, force=args.force)
    model, _card = load_model(args.model)
    sentences_df, failures, total = read_sentences(args)
    tagged_df = tag_sentences(model, sentences_df)
    if args.explain:
        tagged_df[WHY] = [
            summarise_explanation(item) for item in explain_sentences(model, sentences_df)
        ]
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
