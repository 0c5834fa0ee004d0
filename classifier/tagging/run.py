"""A whole ``classifier tag`` (or ``extract``) run: inputs -> a committed, resumable output.

``run_tagging`` checks the options and the output before any work, opens the sink (see
``outputs.sinks``), skips what an interrupted run already committed, tags the rest a chunk at a
time on the chosen engine, and moves the output into place when every input was read. It returns
what was committed, failures included; messages for the user go to ``notify``, among them, at the
end, how many pages had no visible text (``no_text_summary``).

With an ``ExtractRun`` (``classifier extract``) the rows are one per article, its main text
(``pages``), instead of one per sentence; the sinks, chunks, resume and failures are the same, and
the run record says ``"command": "extract"`` so that neither run resumes the other's output.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pandas as pd

from ..errors import EngineError, InputError
from ..inputs.articles import read_articles
from ..inputs.parts import Part, plan_units
from ..inputs.readers import read_sentence_rows
from ..inputs.streaming import (
    DEFAULT_CHUNK_CHARS,
    DEFAULT_CHUNK_SIZE,
    check_inputs,
    count_articles,
    is_plain_text,
    iter_articles,
)
from ..model.paged import load_tagger
from ..outputs.chunks import ChunkResult, Committed
from ..outputs.sinks import check_sink, is_complete, open_sink
from ..outputs.sqlite_sink import PAGES_TABLE, SENTENCES_TABLE
from ..schema import DOC_ID
from ..text.segment import segment_articles
from .batch import DEFAULT_JOBS, tag_units, tag_with
from .dask_engine import DEFAULT_CONNECT_TIMEOUT, cluster_tagger, connect
from .progress import ProgressBar

ENGINE_LOCAL = "local"
ENGINE_DASK = "dask"
ENGINES = (ENGINE_LOCAL, ENGINE_DASK)
# What an interrupted run must be resumed with: the same inputs, model and options.
RESUME_KEYS = ("inputs", "model", "sentences", "source", "explain")
EXTRACT_RESUME_KEYS = ("inputs", "model", "source")
EXTRACT_COMMAND = "extract"


@dataclass(frozen=True)
class TagRun:
    """What to tag, with which model, into which output, and how."""

    inputs: list[str]
    model: str
    output: str | None = None
    sentences: bool = False
    source: str | None = None
    explain: bool = False
    speakers: bool = True  # the speaker, speaker_kind and cue columns
    force: bool = False
    resume: bool = False
    chunk_size: int = DEFAULT_CHUNK_SIZE
    chunk_chars: int = DEFAULT_CHUNK_CHARS
    jobs: int = DEFAULT_JOBS
    engine: str = ENGINE_LOCAL
    scheduler: str | None = None
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    workers_read: bool = False  # dask: workers read the JSONL inputs' parts themselves
    progress: bool = False
    # A page model beside ``model`` for sentences of HTML pages (``model.paged``); None: none.
    page_model: str | None = None
    # One row per article, its main text, instead of one per sentence (ExtractRun).
    pages: ClassVar[bool] = False


@dataclass(frozen=True)
class ExtractRun(TagRun):
    """A ``classifier extract`` run: the main text of every article, one row each."""

    pages: ClassVar[bool] = True


@dataclass
class TagOutcome:
    """What a run committed, and where: ``committed`` is None when the output was already
    complete and there was nothing to resume."""

    where: str
    committed: Committed | None = None
    failures: list[str] = field(default_factory=list)


def run_tagging(run: TagRun, *, notify: Callable[[str], None] = lambda message: None) -> TagOutcome:
    """Tag ``run.inputs`` into ``run.output`` (stdout when None); raise ``InputError`` when no
    article could be read. On an error or interrupt the committed chunks are kept for
    ``--resume`` (``notify`` says so) and the exception propagates."""
    check_engine(run)
    check_sink(run.output, force=run.force, resume=run.resume)
    if run.resume and is_complete(run.output):
        return TagOutcome(where=str(run.output))
    # The page model reads HTML pages' markup: text files have none, and a small run of them
    # need not spend start-up loading it.
    plain = not run.sentences and is_plain_text(run.inputs)
    model = load_tagger(run.model, None if plain else run.page_model)
    if not run.sentences:
        check_inputs(run.inputs)
    with _engine(run, model) as tagger:
        return _tag_to_output(run, model, tagger, notify)


def check_engine(run: TagRun) -> None:
    """Refuse engine options that do not fit together, before any work."""
    if run.pages and (run.sentences or run.explain or run.engine != ENGINE_LOCAL):
        raise EngineError("extract reads whole articles on this machine, without --explain")
    if run.engine == ENGINE_LOCAL:
        if run.scheduler is not None or run.workers_read:
            option = "--scheduler" if run.scheduler is not None else "--workers-read"
            raise EngineError(f"{option} is for --engine dask; add --engine dask or drop it")
        return
    if run.scheduler is None:
        raise EngineError(
            "--engine dask needs --scheduler ADDRESS: the tcp://host:port that "
            "`dask scheduler` prints"
        )
    if run.output is None or Path(run.output).suffix.lower() != ".parquet":
        where = run.output or "stdout"
        raise EngineError(
            f"--engine dask writes Parquet only; give --output FILE.parquet (not {where})"
        )
    if run.sentences:
        raise EngineError("--sentences rows are tagged in memory; drop --engine dask")
    if run.jobs != DEFAULT_JOBS:
        raise EngineError("--jobs is for --engine local; a Dask cluster uses its workers' threads")


def read_sentences(
    inputs: list[str], *, sentences: bool = False, source: str | None = None
) -> tuple[pd.DataFrame, list[str], int]:
    """Sentences to tag (segmented articles, or sentence rows as they are when ``sentences``),
    the articles that failed to read, and the number of articles."""
    if sentences:
        sentences_df = read_sentence_rows(inputs)
        return sentences_df, [], sentences_df[DOC_ID].nunique()
    articles = read_articles(inputs, source=source)
    if not articles.rows:
        raise InputError(
            "no article could be read: " + "; ".join(articles.failures or ["the inputs are empty"])
        )
    total = len(articles.rows) + len(articles.failures)
    return segment_articles(articles.to_frame()), articles.failures, total


@contextmanager
def _engine(run: TagRun, model):
    """The chunk tagger of ``run.engine``: None for local (``tag_stream``'s own)."""
    if run.engine == ENGINE_LOCAL:
        yield None
        return
    client = connect(run.scheduler, timeout=run.connect_timeout)
    try:
        chunking = {"size": run.chunk_size, "chars": run.chunk_chars}
        yield cluster_tagger(
            client,
            model,
            explain=run.explain,
            speakers=run.speakers,
            chunking=chunking,
            workers_read=run.workers_read,
        )
    finally:
        client.close()


def _tag_to_output(run: TagRun, model, tagger, notify: Callable[[str], None]) -> TagOutcome:
    table = PAGES_TABLE if run.pages else SENTENCES_TABLE
    sink = open_sink(run.output, run_record(run), resume=run.resume, table=table)
    try:
        committed = _tag_into(sink, model, run, tagger)
    except BaseException:
        _keep_or_discard(sink, notify)
        raise
    if committed.tagged == 0 and committed.no_text == 0:
        sink.discard()
        reasons = committed.failures or ["the inputs are empty"]
        raise InputError("no article could be read: " + "; ".join(reasons))
    sink.finish()
    for message in no_text_summary(committed, sink.where, pages=run.pages):
        notify(message)
    return TagOutcome(where=sink.where, committed=committed, failures=committed.failures)


def no_text_summary(committed: Committed, where: str, *, pages: bool = False) -> list[str]:
    """The lines that tell the user about the pages with no visible text: the first few, then
    how many there were and what became of them (none: no lines)."""
    count = committed.no_text
    if count == 0:
        return []
    lines = [f"no text: {message}" for message in committed.no_text_examples]
    pages_had = f"{count} page{'s' if count != 1 else ''} had no visible text"
    if count > len(committed.no_text_examples):
        pages_had += f" (the first {len(committed.no_text_examples)} are listed above)"
    if pages:
        return [*lines, f"{pages_had}; written to {where} with empty text"]
    if committed.tagged == 0:
        return [*lines, f"{pages_had}, and no article had any: {where} has no sentences"]
    return [*lines, f"{pages_had}; they have no sentences in {where}"]


def run_record(run: TagRun) -> dict:
    """What a run records in its progress file, and a resumed run must match."""
    # The page model is recorded only when there is one, so that runs from before it resume.
    page_model = {} if run.page_model is None else {"page_model": str(run.page_model)}
    if run.pages:
        record = {key: getattr(run, key) for key in EXTRACT_RESUME_KEYS}
        return {"command": EXTRACT_COMMAND} | record | {"model": str(run.model)} | page_model
    record = {key: getattr(run, key) for key in RESUME_KEYS}
    # Recorded only when left out, so that runs from before the speaker columns resume.
    no_speakers = {} if run.speakers else {"speakers": False}
    return record | {"model": str(run.model)} | page_model | no_speakers


def _tag_into(sink, model, run: TagRun, tagger) -> Committed:
    if run.sentences:  # sentence rows are tagged in memory, as one chunk
        sentences_df = read_sentence_rows(run.inputs)
        if sink.committed.articles == 0:
            doc_ids = sentences_df[DOC_ID].drop_duplicates()
            sink.write(
                ChunkResult(
                    tag_with(model, sentences_df, explain=run.explain, speakers=run.speakers),
                    [(doc_id, None) for doc_id in doc_ids],
                )
            )
        return sink.committed
    total = count_articles(run.inputs) if run.progress else None
    bar = ProgressBar(total=total, start=sink.committed.articles, enabled=run.progress)
    units = [
        unit if isinstance(unit, Part) else iter_articles(unit.inputs, source=run.source)
        for unit in plan_units(run.inputs)
    ]
    committed = tag_units(
        units,
        sink,
        model_path=run.model,
        page_model_path=run.page_model,
        model=model,
        chunk_size=run.chunk_size,
        chunk_chars=run.chunk_chars,
        jobs=run.jobs,
        explain=run.explain,
        speakers=run.speakers,
        pages=run.pages,
        source=run.source,
        on_chunk=lambda done: bar.update(done.articles),
        tagger=tagger,
    )
    bar.close(committed.articles)
    return committed


def _keep_or_discard(sink, notify: Callable[[str], None]) -> None:
    """On an error or interrupt, keep the committed chunks for --resume (and say so)."""
    if sink.committed.articles == 0:
        sink.discard()
    elif sink.where != "stdout":
        notify(
            f"{sink.committed.articles} articles were committed to {sink.where}.partial; "
            "rerun the same command with --resume to continue"
        )
