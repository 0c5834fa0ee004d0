"""classifier evaluate: scores of a saved model on labels, or of cross-validated training."""

from __future__ import annotations

import argparse
import json
import sys

from ..inputs.labels import read_labels
from ..model.evaluate import DEFAULT_FOLDS, GROUP_BY, cross_validate, score_labels
from ..model.store import load_model
from ..model.train import check_trainable
from ..outputs.writers import check_output, write_text
from ..schema import LABEL


def add_parser(subparsers, help: str) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help=help,
        description="Score a saved model on label files (--model), or cross-validate training "
        "on them (--cv K) with folds grouped by document or source.",
        epilog="Example: classifier evaluate --labels labels/ --cv 5 --group-by source",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--labels", nargs="+", required=True, metavar="PATH", help="label CSVs or folders"
    )
    how = parser.add_mutually_exclusive_group()
    how.add_argument("-m", "--model", metavar="DIR", help="score this saved model")
    how.add_argument(
        "--cv",
        type=int,
        metavar="K",
        help=f"cross-validate with K grouped folds (the default, K={DEFAULT_FOLDS})",
    )
    parser.add_argument("--group-by", choices=GROUP_BY, default="doc", help="default: doc")
    parser.add_argument("-o", "--output", metavar="FILE.json", help="write the scores as JSON here")
    parser.add_argument("--force", action="store_true", help="replace an existing output file")
    parser.set_defaults(run=run)


def run(args) -> int:
    check_output(args.output, force=args.force, suffixes=(".json",))
    labels_df, _files = read_labels(args.labels)
    if args.model:
        model, _card = load_model(args.model)
        scores = {"model": args.model, **score_labels(labels_df[LABEL], model.predict(labels_df))}
    else:
        for warning in check_trainable(labels_df):
            print(f"warning: {warning}", file=sys.stderr)
        scores = cross_validate(labels_df, folds=args.cv or DEFAULT_FOLDS, group_by=args.group_by)
    text = json.dumps(scores, indent=2) + "\n"
    write_text(text, args.output)
    print(_summary(scores), file=sys.stderr)
    return 0


def _summary(scores: dict) -> str:
    lines = [f"{'label':<12} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
    for label, row in scores["per_label"].items():
        lines.append(
            f"{label:<12} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1']:>6.3f} "
            f"{row['support']:>8}"
        )
    lines.append(f"macro-F1 {scores['macro_f1']:.3f}  accuracy {scores['accuracy']:.3f}")
    return "\n".join(lines)
