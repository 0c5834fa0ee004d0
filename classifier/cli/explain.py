"""classifier explain: the features that pushed each sentence to its label."""

from __future__ import annotations

import argparse
import json
import sys

from ..model.explain import TOP_FEATURES, explain_selected, format_explanations
from ..model.paged import load_tagger
from ..tagging.run import read_sentences
from .tag import add_input_arguments, add_page_model_argument, page_model_of

FORMATS = ("text", "json")


def add_parser(subparsers, help: str) -> None:
    parser = subparsers.add_parser(
        "explain",
        help=help,
        description="Tag the inputs (as classifier tag does) and show, for each sentence, the "
        "features that pushed it toward its label with their weights: n-grams and cues in the "
        "sentence stage, the neighbours' probabilities in the context stage.",
        epilog="Example: classifier explain seeds/004_05d9327635b8edf3.txt --sent-index 11",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_arguments(parser)
    add_page_model_argument(parser)
    parser.add_argument("--doc-id", metavar="ID", help="only sentences of this article")
    parser.add_argument("--sent-index", type=int, metavar="N", help="only the N-th sentence")
    parser.add_argument(
        "--top",
        type=int,
        default=TOP_FEATURES,
        metavar="K",
        help=f"features per stage (default: {TOP_FEATURES})",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    parser.set_defaults(run=run)


def run(args) -> int:
    model = load_tagger(args.model, page_model_of(args.page_model))
    sentences_df, failures, _total = read_sentences(
        args.inputs, sentences=args.sentences, source=args.source
    )
    for failure in failures:
        print(f"failed: {failure}", file=sys.stderr)
    explanations = explain_selected(
        model, sentences_df, doc_id=args.doc_id, sent_index=args.sent_index, top=args.top
    )
    if args.format == "json":
        sys.stdout.write(json.dumps(explanations, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_explanations(explanations))
    return 0
