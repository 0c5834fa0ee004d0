"""classifier report: tagged sentences -> per-source profile."""

from __future__ import annotations

import argparse
import json

from ..readers import read_tagged
from ..report import format_table, profile_sources
from ..writers import check_output, write_text

FORMATS = ("table", "csv", "json")
FORMAT_SUFFIXES = {"table": (".txt",), "csv": (".csv",), "json": (".json",)}


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "report",
        help="per-source profile of tagged sentences",
        description="Per source: articles, sentences and the share of each label (boilerplate "
        "as a share of all sentences, the others as shares of the non-boilerplate ones).",
        epilog="Example: classifier report tagged.jsonl --format json --output report.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("tagged", metavar="TAGGED", help="output of classifier tag")
    parser.add_argument("--format", choices=FORMATS, default="table", help="default: table")
    parser.add_argument("-o", "--output", metavar="PATH", help="write here instead of stdout")
    parser.add_argument("--force", action="store_true", help="replace an existing output file")
    parser.set_defaults(run=run)


def run(args) -> int:
    check_output(args.output, force=args.force, suffixes=FORMAT_SUFFIXES[args.format])
    profile = profile_sources(read_tagged(args.tagged))
    if args.format == "table":
        text = format_table(profile)
    elif args.format == "csv":
        text = profile.to_csv(index=False)
    else:
        text = json.dumps(profile.to_dict("records"), indent=2, ensure_ascii=False) + "\n"
    write_text(text, args.output)
    return 0
