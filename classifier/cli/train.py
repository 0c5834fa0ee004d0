"""classifier train: hand labels -> model folder with its card."""

from __future__ import annotations

import argparse
import os
import sys

from ..inputs.labels import read_labels, read_speaker_files
from ..model.evaluate import GROUP_BY
from ..model.store import is_current, save_model
from ..model.train import TRAIN_FOLDS, add_speaker_model, train, with_page_markup
from ..outputs.writers import refuse_existing
from ..tagging.run import read_sentences
from .folders import DEFAULT_LABELS, DEFAULT_MODEL
from .tag import positive_int

DEFAULT_TRAIN_JOBS = 2  # more folds side by side would each hold a copy of their rows


def add_parser(subparsers, help: str) -> None:
    parser = subparsers.add_parser(
        "train",
        help=help,
        description="Train a model from label CSVs (doc_id, sent_index, source, text, label).",
        epilog="Example: classifier train --labels labels/ --output models/default --force\n"
        "Example: classifier train --labels labels/ --force --if-changed   # as make run does\n"
        "Example: classifier train --labels mine.csv --pages crawl.warc.gz --output models/site\n"
        "Example: classifier train --labels labels/ --speakers speakers.csv --output models/ours",
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
        "--pages",
        nargs="+",
        metavar="INPUT",
        help="the HTML pages the labels were made on (.warc/.warc.gz crawls, .html files or "
        "folders): each labelled sentence gets its page's markup and the model learns from it "
        "(a page-aware model, for tagging pages of the same kind)",
    )
    parser.add_argument(
        "--speakers",
        nargs="+",
        metavar="PATH",
        help="quotation sentences with their speaker and cue as written (CSV: text, speaker, "
        "cue; a blank speaker: none named), to learn the speaker reader from; without it tag "
        "reads speakers by rules",
    )
    parser.add_argument(
        "--if-changed",
        action="store_true",
        help="do nothing when the model folder was trained on the same label files (compared "
        "by sha256, not by file times) with this version's settings",
    )
    parser.add_argument(
        "--cv",
        type=int,
        default=TRAIN_FOLDS,
        metavar="K",
        help="grouped folds the context stage is trained on, whose out-of-fold predictions "
        "give the card its scores and recalibrate the probabilities for counting shares; 0 "
        f"skips the scores and the recalibration (default: {TRAIN_FOLDS})",
    )
    parser.add_argument(
        "--group-by",
        choices=GROUP_BY,
        default="doc",
        help="keep each document or source within one fold (default: doc)",
    )
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=None,
        metavar="N",
        help="fits to run at a time, one core each (the model on every sentence and one per "
        "fold; the same model for any N, and each fold running beside another holds a copy "
        f"of its training rows; default: {DEFAULT_TRAIN_JOBS}, or 1 on one core)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    if args.if_changed and _is_up_to_date(args.output, args.labels, args.speakers):
        return 0
    refuse_existing(args.output, force=args.force)
    labels_df, files = read_labels(args.labels)
    speakers = read_speaker_files(args.speakers) if args.speakers else None
    if args.pages:
        labels_df = with_page_markup(labels_df, read_sentences(args.pages)[0])
    jobs = args.jobs or min(DEFAULT_TRAIN_JOBS, _available_cores())
    model, card = train(
        labels_df, cv=args.cv, group_by=args.group_by, training_files=files, jobs=jobs
    )
    if speakers is not None:
        add_speaker_model(model, card, *speakers)
    for warning in card.get("warnings", []):
        print(f"warning: {warning}", file=sys.stderr)
    save_model(model, card, args.output, force=args.force)
    print(_summary(labels_df, files, card, args.output), file=sys.stderr)
    return 0


def _summary(labels_df, files: list[dict], card: dict, output: str) -> str:
    scores = card["cross_validation"]
    summary = f"; cross-validated macro-F1 {scores['macro_f1']:.3f}" if scores else ""
    if "speaker_model" in card:
        summary += f"; speaker reader learned from {card['speaker_model']['sentences']} sentences"
    return (
        f"trained on {len(labels_df)} sentences from {len(files)} file(s) "
        f"({', '.join(card['labels'])}){summary}; wrote {output}"
    )


def _available_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _is_up_to_date(output: str, labels: list[str], speakers: list[str] | None) -> bool:
    _labels_df, files = read_labels(labels)
    speaker_files = read_speaker_files(speakers)[1] if speakers else None
    if not is_current(output, files, speaker_files):
        return False
    names = ", ".join(file["path"] for file in files)
    print(f"{output} is up to date with {names}; nothing to train", file=sys.stderr)
    return True
