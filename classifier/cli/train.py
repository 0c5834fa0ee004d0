"""classifier train: hand labels -> model folder with its card."""

from __future__ import annotations

import argparse
import sys

from ..evaluate import DEFAULT_FOLDS, GROUP_BY
from ..labels import read_labels
from ..model_store import save_model
from ..train import train
from ..writers import refuse_existing

DEFAULT_LABELS = "labels/"
DEFAULT_MODEL = "models/default"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "train",
        help="train a model from hand-labelled sentences",
        description="Train a model from label CSVs (doc_id, sent_index, source, text, label).",
        epilog="Example: classifier train --labels labels/ --output models/default --force",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--labels",
        nargs="+",
        default=[DEFAULT_LABELS],
        metavar="PATH",
        help=f"label CSV files or folders of them (default: {DEFAULT_LABELS})",
    )
    parser.add_argument(
        "-o",
        "--output",
        default=DEFAULT_MODEL,
        metavar="DIR",
        help=f"model folder to write (default: {DEFAULT_MODEL})",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing model folder")
    parser.add_argument(
        "--cv",
        type=int,
        default=DEFAULT_FOLDS,
        metavar="K",
        help=f"folds for the scores in the card; 0 skips them (default: {DEFAULT_FOLDS})",
    )
    parser.add_argument(
        "--group-by",
        choices=GROUP_BY,
        default="doc",
        help="keep each document or source within one fold (default: doc)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    refuse_existing(args.output, force=args.force)
    labels_df, files = read_labels(args.labels)
    model, card = train(labels_df, cv=args.cv, group_by=args.group_by, training_files=files)
    save_model(model, card, args.output, force=args.force)
    scores = card["cross_validation"]
    summary = f"; cross-validated macro-F1 {scores['macro_f1']:.3f}" if scores else ""
    print(
        f"trained on {len(labels_df)} sentences from {len(files)} file(s) "
        f"({', '.join(card['labels'])}){summary}; wrote {args.output}",
        file=sys.stderr,
    )
    return 0
