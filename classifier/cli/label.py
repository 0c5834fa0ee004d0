"""classifier label: label sentences in a full-screen terminal interface, or in a spreadsheet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError
from ..labelling.adjudicate import (
    adjudicate_by_sheet,
    majority_predictor,
    read_annotations,
    votes_of,
    write_agreements,
)
from ..labelling.guidelines import guidelines_path, read_guidelines
from ..labelling.keys import default_config_path, read_keys
from ..labelling.order import ORDERS
from ..labelling.pool import Pool, predictor_of, read_pool, refit_predictor
from ..labelling.session import REFIT_EVERY, LabelSession
from ..labelling.sheet import export_sheet, import_sheet
from ..labelling.store import LabelStore
from ..model.store import load_model
from ..outputs.writers import check_output
from .folders import DEFAULT_MODEL


def add_parser(subparsers, help: str) -> None:
    parser = subparsers.add_parser(
        "label",
        help=help,
        description="Show unlabelled sentences of INPUT in context, one at a time, with the "
        "model's suggestion; every label is written to the labels file at once, and a new "
        "session resumes where the last one stopped. --export writes the sentences to label "
        "to a CSV for a spreadsheet; --import merges the filled-in CSV into the labels file.",
        epilog="Examples:\n  classifier label seeds/ --labels labels/mine.csv\n"
        "  classifier label articles.jsonl --labels labels/mine.csv --export todo.csv\n"
        "  classifier label articles.jsonl --labels labels/mine.csv --import todo.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="articles, as for tag")
    parser.add_argument("--labels", required=True, metavar="FILE", help="labels CSV to write")
    parser.add_argument(
        "-m",
        "--model",
        metavar="DIR",
        help=f"model for suggestions and order (default: {DEFAULT_MODEL} if it exists)",
    )
    parser.add_argument(
        "--order",
        choices=ORDERS,
        default="mixed",
        help="default: mixed (half random, half uncertain once there is a model; random before)",
    )
    parser.add_argument(
        "--refit-every",
        type=int,
        default=REFIT_EVERY,
        metavar="N",
        help=f"refit the model on your labels every N labels (default: {REFIT_EVERY}; 0: never)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the random order")
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="key bindings ([keys]) and the guidelines file the g key shows (guidelines = "
        f'"path"; default labels/GUIDELINES.md) (TOML; default: {default_config_path()} if it '
        "exists)",
    )
    parser.add_argument("--sentences", action="store_true", help="inputs are sentence rows")
    parser.add_argument("--source", metavar="NAME", help="source name for inputs that lack one")
    route = parser.add_mutually_exclusive_group()
    route.add_argument("--export", metavar="CSV", help="write sentences to label to a CSV")
    route.add_argument("--import", dest="import_", metavar="CSV", help="merge a filled-in CSV")
    parser.add_argument(
        "--adjudicate",
        nargs="+",
        metavar="FILE",
        help="annotators' label files of the same INPUT: agreements go to --labels; the rest "
        "are shown one at a time with every annotator's label and note (a digit picks one, a "
        "label key gives another), or with --export go to a sheet to fill in, then --import",
    )
    parser.add_argument("--limit", type=int, metavar="N", help="with --export: at most N rows")
    parser.add_argument("--force", action="store_true", help="replace an existing --export file")
    parser.set_defaults(run=run)


def run(args) -> int:
    _check_route(args)
    pool = read_pool(args.inputs, sentences=args.sentences, source=args.source)
    for failure in pool.failures:
        _say(f"skipped: {failure}")
    for message in pool.no_text:
        _say(f"no text: {message}")
    store = LabelStore(args.labels)
    if args.adjudicate:
        return _adjudicate(args, pool, store)
    if args.import_:
        _say(str(import_sheet(args.import_, pool.sentences_df, store)))
        return 0
    session = _session(args, pool, store)
    if args.export:
        count = export_sheet(session, args.export, limit=args.limit)
        _say(f"wrote {count} sentences to {args.export}; fill in its label column")
        return 0
    if session.current is None:
        _say(f"every sentence of the inputs is labelled in {args.labels}")
        return 0
    _run_app(args, session)
    _say(f"{len(session.labelled)} sentences labelled this session; {len(store)} in {args.labels}")
    return 0


def _adjudicate(args, pool: Pool, store: LabelStore) -> int:
    annotations = read_annotations(args.adjudicate, pool.sentences_df)
    for name, count in annotations.unmatched.items():
        if count:
            _say(
                f"warning: {count} row(s) of {name} match no sentence of the inputs (doc_id, "
                "sent_index and text); they were segmented another way: compare the files "
                "with classifier agreement"
            )
    if args.export:
        outcome = adjudicate_by_sheet(annotations, pool.sentences_df, store, args.export)
        _say(
            f"{outcome.agreed} agreements written to {args.labels} ({outcome.already} were "
            f"there already); {outcome.to_adjudicate} sentences to adjudicate in {args.export}: "
            f"fill in its label column, then classifier label ... --labels {args.labels} "
            f"--import {args.export}"
        )
        return 0
    outcome, open_rows = write_agreements(annotations, pool.sentences_df, store)
    _say(
        f"{outcome.agreed} agreements written to {args.labels} ({outcome.already} were there "
        f"already); {outcome.to_adjudicate} sentences to adjudicate"
    )
    session = LabelSession(
        pool.sentences_df,
        store,
        order="sequential",
        predict=majority_predictor(annotations),
        titles=pool.titles,
        only=open_rows,
    )
    if session.current is not None:
        _run_app(args, session, votes=lambda position: votes_of(annotations, position))
    _say(f"{len(session.labelled)} adjudicated this session; {session.remaining} still open")
    return 0


def _run_app(args, session: LabelSession, votes=None) -> None:
    from ..labelling.app import run_app  # prompt_toolkit is needed only for the interface

    config = args.config or default_config_path()
    guidelines = guidelines_path(config)
    run_app(session, read_keys(config), read_guidelines(guidelines), str(guidelines), votes)


def _check_route(args) -> None:
    """Refuse, before reading anything, an export that would replace a file or a terminal
    interface without a terminal."""
    if args.adjudicate and args.import_:
        raise InputError(
            "--adjudicate and --import are two steps: --import the filled-in sheet without "
            "--adjudicate"
        )
    if args.export:
        check_output(args.export, force=args.force, suffixes=(".csv",))
    elif not args.import_ and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError(
            "classifier label needs an interactive terminal (stdin and stdout are not one); "
            "to label (or adjudicate) without one, use --export todo.csv, fill in the label "
            "column, then --import"
        )


def _session(args, pool: Pool, store: LabelStore) -> LabelSession:
    predict = _predictor(args)
    if args.order == "uncertain" and predict is None:
        raise InputError(
            f"--order uncertain needs a model and {DEFAULT_MODEL} does not exist; pass --model "
            "DIR, or use --order sequential or random"
        )
    return LabelSession(
        pool.sentences_df,
        store,
        order=args.order,
        predict=predict,
        refit=refit_predictor if args.refit_every > 0 else None,
        refit_every=max(args.refit_every, 1),
        seed=args.seed,
        titles=pool.titles,
    )


def _predictor(args):
    path = Path(args.model or DEFAULT_MODEL)
    if args.model is None and not path.exists():
        return None
    model, _card = load_model(path)
    return predictor_of(model)


def _say(message: str) -> None:
    print(message, file=sys.stderr)
