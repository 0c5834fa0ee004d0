"""classifier tag: articles (or sentence rows) -> one tagged row per sentence."""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from ..batch import DEFAULT_JOBS, tag_stream, tag_with
from ..dask_engine import DEFAULT_CONNECT_TIMEOUT, cluster_tagger, connect
from ..errors import EngineError, InputError
from ..explain import WHY_FEATURES
from ..model_store import load_model
from ..progress import ProgressBar, wants_progress
from ..readers import read_articles, read_sentence_rows
from ..schema import DOC_ID
from ..segment import segment_articles
from ..sinks import ChunkResult, Committed, check_sink, is_complete, open_sink
from ..streaming import DEFAULT_CHUNK_SIZE, check_inputs, count_articles, iter_articles
from .train import DEFAULT_MODEL

ENGINE_LOCAL = "local"
ENGINE_DASK = "dask"
ENGINES = (ENGINE_LOCAL, ENGINE_DASK)


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "tag",
        help="tag every sentence of articles",
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
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="output .jsonl, .csv, .parquet or SQLite .db/.sqlite (default: JSONL on stdout)",
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
        help=f"articles read, tagged and committed at a time (default: {DEFAULT_CHUNK_SIZE})",
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
    parser.add_argument(
        "--explain",
        action="store_true",
        help=f"add a 'why' column: the {WHY_FEATURES} features of each stage that pushed each "
        "sentence toward its label, with their contributions (slower; the HTML report shows it)",
    )
    add_engine_arguments(parser)
    parser.set_defaults(run=run)


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


def read_sentences(args) -> tuple[pd.DataFrame, list[str], int]:
    """Sentences to tag, the articles that failed to read, and the number of articles."""
    if args.sentences:
        sentences_df = read_sentence_rows(args.inputs)
        return sentences_df, [], sentences_df[DOC_ID].nunique()
    articles = read_articles(args.inputs, source=args.source)
    if not articles.rows:
        raise InputError(
            "no article could be read: " + "; ".join(articles.failures or ["the inputs are empty"])
        )
    total = len(articles.rows) + len(articles.failures)
    return segment_articles(articles.to_frame()), articles.failures, total


def run(args) -> int:
    check_engine(args)
    check_sink(args.output, force=args.force, resume=args.resume)
    if args.resume and is_complete(args.output):
        print(f"{args.output}: already complete; nothing to resume", file=sys.stderr)
        return 0
    model, _card = load_model(args.model)
    if not args.sentences:
        check_inputs(args.inputs)
    with _engine(args, model) as tagger:
        return _tag_to_output(args, model, tagger)


def check_engine(args) -> None:
    """Refuse engine options that do not fit together, before any work."""
    if args.engine == ENGINE_LOCAL:
        if args.scheduler is not None:
            raise EngineError("--scheduler is for --engine dask; add --engine dask or drop it")
        return
    if args.scheduler is None:
        raise EngineError(
            "--engine dask needs --scheduler ADDRESS: the tcp://host:port that "
            "`dask scheduler` prints"
        )
    if args.output is None or Path(args.output).suffix.lower() != ".parquet":
        where = args.output or "stdout"
        raise EngineError(
            f"--engine dask writes Parquet only; give --output FILE.parquet (not {where})"
        )
    if args.sentences:
        raise EngineError("--sentences rows are tagged in memory; drop --engine dask")
    if args.jobs != DEFAULT_JOBS:
        raise EngineError("--jobs is for --engine local; a Dask cluster uses its workers' threads")


@contextmanager
def _engine(args, model):
    """The chunk tagger of ``args.engine``: None for local (``tag_stream``'s own)."""
    if args.engine == ENGINE_LOCAL:
        yield None
        return
    client = connect(args.scheduler, timeout=args.connect_timeout)
    try:
        yield cluster_tagger(client, model, explain=args.explain)
    finally:
        client.close()


def _tag_to_output(args, model, tagger) -> int:
    sink = open_sink(args.output, _run_record(args), resume=args.resume)
    try:
        committed = _tag_into(sink, model, args, tagger)
    except BaseException:
        _keep_or_discard(sink)
        raise
    if committed.tagged == 0:
        sink.discard()
        reasons = committed.failures or ["the inputs are empty"]
        raise InputError("no article could be read: " + "; ".join(reasons))
    sink.finish()
    return _report_failures(committed, sink.where)


def _run_record(args) -> dict:
    """What an interrupted run must be resumed with: the same inputs, model and options."""
    keys = ("inputs", "model", "sentences", "source", "explain")
    return {key: getattr(args, key) for key in keys} | {"model": str(args.model)}


def _tag_into(sink, model, args, tagger) -> Committed:
    if args.sentences:  # sentence rows are tagged in memory, as one chunk
        sentences_df = read_sentence_rows(args.inputs)
        if sink.committed.articles == 0:
            doc_ids = sentences_df[DOC_ID].drop_duplicates()
            sink.write(
                ChunkResult(
                    tag_with(model, sentences_df, explain=args.explain),
                    [(doc_id, None) for doc_id in doc_ids],
                )
            )
        return sink.committed
    enabled = wants_progress(sys.stderr, quiet=args.quiet)
    total = count_articles(args.inputs) if enabled else None
    bar = ProgressBar(total=total, start=sink.committed.articles, enabled=enabled)
    committed = tag_stream(
        iter_articles(args.inputs, source=args.source),
        sink,
        model_path=args.model,
        model=model,
        chunk_size=args.chunk_size,
        jobs=args.jobs,
        explain=args.explain,
        on_chunk=lambda done: bar.update(done.articles),
        tagger=tagger,
    )
    bar.close(committed.articles)
    return committed


def _keep_or_discard(sink) -> None:
    """On an error or interrupt, keep the committed chunks for --resume (and say so)."""
    if sink.committed.articles == 0:
        sink.discard()
    elif sink.where != "stdout":
        print(
            f"{sink.committed.articles} articles were committed to {sink.where}.partial; "
            "rerun the same command with --resume to continue",
            file=sys.stderr,
        )


def _report_failures(committed: Committed, where: str) -> int:
    if not committed.failures:
        return 0
    for failure in committed.failures:
        print(f"failed: {failure}", file=sys.stderr)
    total, failed = committed.articles, len(committed.failures)
    print(
        f"{failed} of {total} articles failed; the other {total - failed} "
        f"were tagged and written to {where}",
        file=sys.stderr,
    )
    return 1
