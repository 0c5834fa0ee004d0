"""classifier report: tagged sentences -> per-source credibility profile."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import InputError
from ..inputs.readers import read_tagged
from ..model.store import read_card
from ..outputs.writers import check_output, write_folder, write_text
from ..profile.profiles import (
    MIN_ARTICLES,
    RESAMPLES,
    annotate_sentences,
    measure_articles,
    profile_articles,
)
from ..profile.speakers import with_top_speakers
from ..profile.trust import label_scores, scores_source, with_label_scores
from ..report.html import iter_report_pages
from ..report.table import format_table, profile_records
from .folders import DEFAULT_MODEL

FORMATS = ("table", "csv", "json", "html")
NO_MODEL = "none"
FORMAT_SUFFIXES = {"table": (".txt",), "csv": (".csv",), "json": (".json",)}


def add_parser(subparsers, help: str) -> None:
    parser = subparsers.add_parser(
        "report",
        help=help,
        description="Per source: label mix, quotation form and attribution, reporting verbs, "
        "boilerplate kinds, repeated text, headline labels and transparency markers, each with "
        "a bootstrap 95%% interval over articles and its distance from the corpus median. "
        "Definitions: README, section Report. --format html writes a folder that opens offline "
        "(index.html).",
        epilog="Examples:\n  classifier report tagged.jsonl\n"
        "  classifier report tagged.jsonl --format json --output report.json\n"
        "  classifier report tagged.jsonl --format html --output report/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("tagged", metavar="TAGGED", help="output of classifier tag")
    parser.add_argument("--format", choices=FORMATS, default="table", help="default: table")
    parser.add_argument(
        "-o", "--output", metavar="PATH", help="write here instead of stdout (a folder for html)"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing output")
    parser.add_argument(
        "--min-articles",
        type=int,
        default=MIN_ARTICLES,
        metavar="N",
        help=f"sources with fewer articles are flagged, not ranked (default: {MIN_ARTICLES})",
    )
    parser.add_argument(
        "--resamples",
        type=int,
        default=RESAMPLES,
        metavar="B",
        help=f"bootstrap resamples for the intervals (default: {RESAMPLES})",
    )
    parser.add_argument(
        "--model",
        metavar="DIR|none",
        help="the model that tagged the file: its measured precision and recall per label are "
        "shown beside the shares "
        f"(its card's cross-validation; default: {DEFAULT_MODEL} if it exists; none: not shown)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    if args.format == "html":
        if args.output is None:
            raise InputError("--format html writes a folder: give it with --output PATH")
        check_output(args.output, force=args.force, suffixes=None)
    else:
        check_output(args.output, force=args.force, suffixes=FORMAT_SUFFIXES[args.format])
    annotated = annotate_sentences(read_tagged(args.tagged))
    articles = measure_articles(annotated)
    profile = profile_articles(articles, resamples=args.resamples, min_articles=args.min_articles)
    profile = _with_model_scores(with_top_speakers(profile, annotated), args.model)
    if args.format == "html":
        count = write_folder(
            iter_report_pages(annotated, articles, profile), args.output, force=args.force
        )
        print(f"wrote {count} files to {args.output}; open {args.output}/index.html", flush=True)
        return 0
    if args.format == "table":
        text = format_table(profile)
    elif args.format == "csv":
        text = profile.to_csv(index=False)
    else:
        text = json.dumps(profile_records(profile), indent=2, ensure_ascii=False) + "\n"
    write_text(text, args.output)
    return 0


def _with_model_scores(profile, model: str | None):
    """The profile with the model's measured per-label scores, when there is a model to read."""
    if model == NO_MODEL or profile.empty:
        return profile
    if model is None:
        if not Path(DEFAULT_MODEL).is_dir():
            return profile
        model = DEFAULT_MODEL
    card = read_card(model)
    scores = label_scores(card)
    if scores is None:
        print(
            f"warning: {model} was trained without cross-validation, so the report cannot show "
            "its precision and recall per label; retrain it with --cv 5",
            file=sys.stderr,
        )
        return profile
    return with_label_scores(profile, scores, scores_source(card, model))
