"""classifier extract: articles or web pages -> the main text of each, one row per article.

The argument helpers here (``add_article_arguments``, ``run_of``; ``tag.add_streaming_arguments``)
describe a streamed run's options once, so that commands sharing ``tagging.run`` share them.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import fields

from ..tagging.pages import PAGE_COLUMNS
from ..tagging.progress import wants_progress
from ..tagging.run import ExtractRun, TagOutcome, TagRun, run_tagging
from .folders import DEFAULT_MODEL
from .tag import add_page_model_argument, add_streaming_arguments, page_model_of


def add_parser(subparsers, help: str) -> None:
    parser = subparsers.add_parser(
        "extract",
        help=help,
        description="Tag every sentence of articles or web pages and keep their main text: "
        "the sentences not tagged boilerplate, in order, sentences of one line joined by a "
        "space and lines (a page's blocks) by a newline. One row per input article with the "
        f"columns {', '.join(PAGE_COLUMNS)} (url, title and date empty when the input does not "
        "have them; a page with no visible text has an empty text). Inputs are those of "
        "`classifier tag` (.txt files or folders, .jsonl, .jsonl.gz, .csv, .parquet, .warc, "
        ".warc.gz or - for JSONL on stdin), read and written a chunk at a time into "
        "OUT.partial, which becomes OUT when the run ends; --resume continues an interrupted run.",
        epilog="Example: classifier extract crawl.warc.gz --output pages.jsonl\n"
        "Example: classifier extract articles.jsonl --jobs 2 --output pages.parquet --resume\n"
        "Example: classifier extract seeds/ | head -1",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_article_arguments(parser)
    add_page_model_argument(parser)
    add_streaming_arguments(parser, rows="one row per article", sqlite_table="pages")
    parser.set_defaults(run=run)


def add_article_arguments(parser) -> None:
    """The inputs of a streamed run, and the model that tags them."""
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or -")
    parser.add_argument(
        "-m",
        "--model",
        default=DEFAULT_MODEL,
        metavar="DIR",
        help=f"model folder (default: {DEFAULT_MODEL})",
    )
    parser.add_argument("--source", metavar="NAME", help="source name for inputs that lack one")


def run_of(args, kind: type[TagRun] = ExtractRun) -> TagRun:
    """The run the parsed arguments ask for: every field of ``kind`` that the command has an
    option for (options are named as the fields), the others at their defaults."""
    options = {f.name: getattr(args, f.name) for f in fields(kind) if hasattr(args, f.name)}
    options["page_model"] = page_model_of(args.page_model)
    return kind(**options, progress=wants_progress(sys.stderr, quiet=args.quiet))


def run(args) -> int:
    outcome = run_tagging(run_of(args, ExtractRun), notify=_say)
    if outcome.committed is None:
        _say(f"{args.output}: already complete; nothing to resume")
        return 0
    return _report_failures(outcome)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _report_failures(outcome: TagOutcome) -> int:
    if not outcome.failures:
        return 0
    for failure in outcome.failures:
        _say(f"failed: {failure}")
    total, failed = outcome.committed.articles, len(outcome.failures)
    _say(
        f"{failed} of {total} articles failed; the other {total - failed} "
        f"were written to {outcome.where}"
    )
    return 1
