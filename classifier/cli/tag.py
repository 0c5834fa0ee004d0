"""classifier tag: articles (or sentence rows) -> one tagged row per sentence."""

from __future__ import annotations

import argparse
import sys
from dataclasses import fields
from pathlib import Path

from ..inputs.streaming import DEFAULT_CHUNK_CHARS, DEFAULT_CHUNK_SIZE
from ..model.explain import WHY_FEATURES
from ..tagging.batch import DEFAULT_JOBS
from ..tagging.dask_engine import DEFAULT_CONNECT_TIMEOUT
from ..tagging.progress import wants_progress
from ..tagging.run import ENGINE_LOCAL, ENGINES, TagOutcome, TagRun, run_tagging
from .folders import DEFAULT_MODEL, DEFAULT_PAGE_MODEL, NO_PAGE_MODEL


def add_parser(subparsers, help: str) -> None:
    parser = subparsers.add_parser(
        "tag",
        help=help,
        description="Split articles into sentences and tag each one. Inputs: .txt files and "
        "folders of them (doc_id = file name; source from --source, a sources.csv beside the "
        "files, or the folder name), .jsonl (also .jsonl.gz), .csv or .parquet with one article "
        "per row (id, source, text, optional url, title, date), .warc or .warc.gz crawls (each "
        "HTML page an article: id = WARC-Record-ID, source = the URL's host, text = the page's "
        "text blocks, one per line), or - for JSONL on stdin. Inputs "
        "are read and tagged a chunk at a time and every chunk is committed to OUT.partial, "
        "which becomes OUT when the run ends; --resume continues an interrupted run.",
        epilog="Example: classifier tag seeds/ --output tagged.jsonl\n"
        "Example: classifier tag crawl.jsonl.gz --jobs 2 --output tagged.db --resume\n"
        "Example: classifier tag crawl.warc.gz --output tagged.parquet\n"
        "Example: classifier tag crawl.jsonl.gz --engine dask --scheduler tcp://10.0.0.5:8786 "
        "--output tagged.parquet",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_arguments(parser)
    add_streaming_arguments(parser, rows="one row per sentence", sqlite_table="sentences")
    parser.add_argument(
        "--explain",
        action="store_true",
        help=f"add a 'why' column: the {WHY_FEATURES} features of each stage that pushed each "
        "sentence toward its label, with their contributions (slower; the HTML report shows it)",
    )
    add_page_model_argument(parser)
    parser.add_argument(
        "--no-speakers",
        dest="speakers",
        action="store_false",
        help="leave out the speaker, speaker_kind and cue columns of quotation sentences "
        "(faster; report then reads the speakers itself)",
    )
    add_engine_arguments(parser)
    parser.set_defaults(run=run)


def add_page_model_argument(parser) -> None:
    parser.add_argument(
        "--page-model",
        metavar="DIR",
        help="for HTML pages (WARC records, .html files): the page model that decides "
        f"boilerplate from the page's markup (default: {DEFAULT_PAGE_MODEL} when it exists; "
        f"'{NO_PAGE_MODEL}': the --model alone; a page-aware --model needs none)",
    )


def page_model_of(value: str | None) -> str | None:
    """The page model a run uses: the one given, else the shipped one if it is there."""
    if value is None:
        return DEFAULT_PAGE_MODEL if Path(DEFAULT_PAGE_MODEL).is_dir() else None
    return None if value == NO_PAGE_MODEL else value


def add_engine_arguments(parser) -> None:
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=ENGINE_LOCAL,
        help="where chunks are tagged: this machine (local, the default) or a Dask cluster "
        "(dask: needs --scheduler and a .parquet --output; the output is the same)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the scheduler's address, as `dask scheduler` prints it "
        "(tcp://host:8786)",
    )
    parser.add_argument(
        "--connect-timeout",
        type=positive_float,
        default=DEFAULT_CONNECT_TIMEOUT,
        metavar="SECONDS",
        help="with --engine dask: how long to wait for the scheduler and a first worker "
        f"(default: {DEFAULT_CONNECT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--workers-read",
        action="store_true",
        help="with --engine dask: the workers read the parts of uncompressed JSONL inputs "
        "themselves, so the client parses none of them (the paths must be the same on every "
        "worker); other inputs are read by the client",
    )


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number above 0")
    return value


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


def add_streaming_arguments(parser, *, rows: str, sqlite_table: str) -> None:
    """Where a streamed run writes (``rows``: what a row is) and how it runs: chunks, processes,
    resume, progress."""
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=f"output .jsonl, .csv, .parquet or SQLite .db/.sqlite (table {sqlite_table}), "
        f"{rows} (default: JSONL on stdout)",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing output file")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted run of the same command: skip the articles already "
        "committed to OUT.partial (nothing to do when OUT is complete)",
    )
    parser.add_argument(
        "--chunk-size",
        type=positive_int,
        default=DEFAULT_CHUNK_SIZE,
        metavar="N",
        help=f"articles read, tagged and committed at a time, at most (default: "
        f"{DEFAULT_CHUNK_SIZE})",
    )
    parser.add_argument(
        "--chunk-chars",
        type=positive_int,
        default=DEFAULT_CHUNK_CHARS,
        metavar="N",
        help="characters of text (and of HTML pages' markup tokens) in a chunk, at most, so "
        "that long pages make smaller chunks "
        f"and memory stays flat; an article is never split (default: {DEFAULT_CHUNK_CHARS:,})",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        default=DEFAULT_JOBS,
        metavar="N",
        help=f"processes that tag chunks (default: {DEFAULT_JOBS}); the output is the same",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress line on stderr (it is drawn only on a terminal anyway)",
    )


def run(args) -> int:
    outcome = run_tagging(tag_run_of(args), notify=_say)
    if outcome.committed is None:
        _say(f"{args.output}: already complete; nothing to resume")
        return 0
    return _report_failures(outcome)


def tag_run_of(args) -> TagRun:
    """The run that the parsed arguments ask for (the options are named as TagRun's fields)."""
    options = {f.name: getattr(args, f.name) for f in fields(TagRun) if f.name != "progress"}
    options["page_model"] = page_model_of(args.page_model)
    return TagRun(**options, progress=wants_progress(sys.stderr, quiet=args.quiet))


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
        f"were tagged and written to {outcome.where}"
    )
    return 1
