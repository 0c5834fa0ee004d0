"""classifier explain: the features that pushed each sentence to its label."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import InputError
from ..explain import TOP_FEATURES, explain_sentences, format_explanations
from ..model_store import load_model
from ..schema import DOC_ID, SENT_INDEX
from .tag import add_input_arguments, read_sentences

FORMATS = ("text", "json")


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "explain",
        help="why each sentence got its label",
        description="Tag the inputs (as classifier tag does) and show, for each sentence, the "
        "features that pushed it toward its label with their weights: n-grams and cues in the "
        "sentence stage, the neighbours' probabilities in the context stage.",
        epilog="Example: classifier explain seeds/004_05d9327635b8edf3.txt --sent-index 11",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_arguments(parser)
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
    model, _card = load_model(args.model)
    sentences_df, failures, _total = read_sentences(args)
    for failure in failures:
        print(f"failed: {failure}", file=sys.stderr)
    chosen = sentences_df
    if args.doc_id is not None:
        chosen = chosen[chosen[DOC_ID].astype(str) == args.doc_id]
    if args.sent_index is not None:
        chosen = chosen[chosen[SENT_INDEX] == args.sent_index]
    if chosen.empty:
        raise InputError("no sentence matches --doc-id/--sent-index in the inputs")
    # Context comes from whole articles, so explain within them and keep the chosen rows.
    articles = sentences_df[sentences_df[DOC_ID].isin(chosen[DOC_ID].unique())]
    explanations = explain_sentences(model, articles, top=args.top)
    keep = set(zip(chosen[DOC_ID], chosen[SENT_INDEX], strict=True))
    explanations = [e for e in explanations if (e[DOC_ID], e[SENT_INDEX]) in keep]
    if args.format == "json":
        sys.stdout.write(json.dumps(explanations, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_explanations(explanations))
    return 0
