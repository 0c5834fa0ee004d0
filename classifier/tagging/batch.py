"""Tag a stream of articles a chunk at a time, in one process or several, in input order.

A chunk is ``chunk_size`` consecutive input articles (the ones that failed to read count too), or
fewer once their text reaches ``chunk_chars`` characters, so that a chunk of long pages is no
bigger than one of short articles; an article is never split. (One context cue, a sentence's
repeats in the source's other articles, is counted within the chunk: README, Batch tagging.)
Each chunk is segmented, tagged and handed to a sink (see ``sinks``) before the next result is
taken, so memory holds a few chunks at a time however long the input is. The inputs come as units
(``inputs.parts``): parts of JSONL files, which whoever tags them reads, and streams the main
process reads and cuts into chunks; a chunk never spans two units. With ``jobs > 1`` the tasks
(a part, or a chunk of a stream) run in worker processes forked from the main one once it has
loaded the model (``workers``); results come back in input order, so the output is the same as
with one process.

A page with no visible text (an article row with ``schema.NO_TEXT`` set) is neither tagged nor
failed: it has no sentences and its ``ArticleEntry`` carries the message. With ``pages`` (the
``classifier extract`` run) each chunk's sentences become one row per article, its main text
(``pages.page_rows``), in the worker that tagged them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import numpy as np
import pandas as pd

from ..inputs.parts import Part, count_part_articles, iter_part_articles
from ..inputs.streaming import iter_chunks
from ..model.explain import explain_sentences, summarise_explanation
from ..model.paged import BOILERPLATE, boilerplate_of, load_tagger
from ..outputs.chunks import ArticleEntry
from ..outputs.jsonl import jsonl_bytes
from ..outputs.sinks import ChunkResult, Committed, parquet_bytes
from ..schema import (
    ARTICLE_ID,
    DOC_ID,
    END,
    LABEL,
    MARKUP,
    NO_TEXT,
    SENT_INDEX,
    SOURCE,
    START,
    TEXT,
    WHY,
)
from ..text.segment import segment_articles
from .pages import page_rows
from .tag import tag_sentences
from .workers import run_in_workers

DEFAULT_JOBS = 1


def tag_chunk(
    model, items: list, *, explain: bool = False, pages: bool = False, speakers: bool = True
) -> ChunkResult:
    """Segment and tag the articles of one chunk; failures (strings) are passed through, and
    pages with no visible text are listed without sentences. The rows are sentences, or with
    ``pages`` one row per article (its main text; "" for a page with no visible text). They are
    None only when every article of the chunk failed."""
    articles = [_entry_of(item) for item in items]
    rows = [item for item in items if isinstance(item, dict)]
    if not rows:
        return ChunkResult(None, articles)
    with_text = [row for row in rows if not row.get(NO_TEXT)]
    columns = [ARTICLE_ID, SOURCE, TEXT]
    if any(MARKUP in row for row in with_text):  # HTML pages: markup for the page model
        columns.append(MARKUP)
    articles_df = pd.DataFrame(
        {column: [row.get(column, "") for row in with_text] for column in columns}
    )
    sentences_df = segment_articles(articles_df)
    if pages:
        return ChunkResult(page_rows(rows, _boilerplate_tagged(model, sentences_df)), articles)
    tagged_df = tag_with(model, sentences_df, explain=explain, speakers=speakers)
    return ChunkResult(tagged_df, articles)


def _boilerplate_tagged(model, sentences_df: pd.DataFrame) -> pd.DataFrame:
    """The sentences' keys and spans, labelled ``boilerplate`` or not (all a main text needs)."""
    keys = sentences_df[[DOC_ID, SENT_INDEX, START, END]].reset_index(drop=True)
    if keys.empty:
        return keys.assign(**{LABEL: pd.Series([], dtype=object)})
    boilerplate = boilerplate_of(model, sentences_df)
    return keys.assign(**{LABEL: np.where(boilerplate, BOILERPLATE, "")})


def _entry_of(item) -> ArticleEntry:
    if not isinstance(item, dict):
        return ArticleEntry(None, item)
    return ArticleEntry(item.get(ARTICLE_ID), None, item.get(NO_TEXT) or None)


def tag_with(
    model, sentences_df: pd.DataFrame, *, explain: bool = False, speakers: bool = True
) -> pd.DataFrame:
    """Tag sentences, with the ``why`` column when ``explain`` and the speaker columns when
    ``speakers``. No sentences give no rows with the output's columns and types."""
    if sentences_df.empty:
        sentences_df = sentences_df.astype({SENT_INDEX: "int64", START: "int64", END: "int64"})
    # The markup tokens are features, not output: the tagged rows are the same for any input.
    tagged_df = tag_sentences(model, sentences_df, speakers=speakers, speaker_why=explain)
    tagged_df = tagged_df.drop(columns=MARKUP, errors="ignore")
    if explain and tagged_df.empty:
        tagged_df[WHY] = pd.Series([], dtype=object)
    elif explain:
        speaker_why = tagged_df[WHY] if WHY in tagged_df.columns else [""] * len(tagged_df)
        tagged_df[WHY] = [
            summarise_explanation(item) + (f"; speaker: {reason}" if reason else "")
            for item, reason in zip(
                explain_sentences(model, sentences_df, labels=tagged_df[LABEL]),
                speaker_why,
                strict=True,
            )
        ]
    return tagged_df


@dataclass(frozen=True)
class PartTask:
    """Read, chunk and tag one ``Part`` of an input where the task runs (skipping ``skip``
    articles an interrupted run already committed)."""

    part: Part
    skip: int = 0
    source: str | None = None


Task = list | PartTask  # a chunk of articles read by the main process, or a part to read


def tag_stream(items: Iterable, sink, **options) -> Committed:
    """Tag ``items`` (articles or failure messages, as ``streaming.iter_articles`` yields them),
    one stream read by this process: ``tag_units`` with one unit."""
    return tag_units([items], sink, **options)


def tag_units(
    units: Iterable[Part | Iterable],
    sink,
    *,
    model_path: str,
    page_model_path: str | None = None,
    model=None,
    chunk_size: int,
    chunk_chars: int | None = None,
    jobs: int = DEFAULT_JOBS,
    explain: bool = False,
    pages: bool = False,
    speakers: bool = True,
    source: str | None = None,
    on_chunk: Callable[[Committed], None] | None = None,
    tagger: Callable[..., Iterator[Iterable[ChunkResult]]] | None = None,
) -> Committed:
    """Tag ``units`` (``parts.Part``s, which a worker reads by itself, and iterables of articles
    or failure messages, which this process reads) after skipping the articles the sink has
    already committed; write every chunk to ``sink`` (its sentences, or with ``pages`` one
    main-text row per article). ``tagger`` turns tasks into their chunks' results in order, each
    rendered as the sink's ``renders`` names (default: this machine, ``jobs`` processes;
    ``dask_engine.cluster_tagger``: a Dask cluster, sentences only)."""
    chunking = {"size": chunk_size, "chars": chunk_chars}
    tasks = plan_tasks(units, sink.committed.articles, chunking, source=source)
    render = getattr(sink, "renders", None)
    if tagger is None:
        step = task_step(
            explain=explain, pages=pages, speakers=speakers, chunking=chunking, render=render
        )
        paths = (model_path, page_model_path)
        results = _tag_tasks(tasks, paths, model, jobs=jobs, step=step)
    else:
        results = tagger(tasks, render=render)
    for chunk_results in results:
        for result in chunk_results:
            sink.write(result)
            if on_chunk is not None:
                on_chunk(sink.committed)
    return sink.committed


def task_step(
    *, explain: bool, pages: bool, speakers: bool, chunking: dict, render: str | None = None
) -> dict:
    """What a task needs besides its articles: ``explain``, ``pages``, ``speakers``, the chunking
    (``size``, ``chars``) and ``render`` ("jsonl" or "parquet": its chunks' rows rendered so
    where it runs; None: not)."""
    return {"explain": explain, "pages": pages, "speakers": speakers, "render": render, **chunking}


def plan_tasks(
    units: Iterable[Part | Iterable], skip: int, chunking: dict, *, source: str | None = None
) -> Iterator[Task]:
    """The tasks of ``units`` in order, the first ``skip`` articles left out: a part becomes one
    task, a stream its chunks (a chunk never spans two units)."""
    for unit in units:
        if isinstance(unit, Part):
            if skip:
                count = count_part_articles(unit)
                if count <= skip:
                    skip -= count
                    continue
            yield PartTask(unit, skip, source)
            skip = 0
            continue
        items = iter(unit)
        skip -= sum(1 for _ in islice(items, skip))
        yield from iter_chunks(items, chunking["size"], chunking["chars"])


def chunks_of(task: Task, chunking: dict) -> Iterator[list]:
    """The chunks of articles of one task (a part is read here)."""
    if isinstance(task, list):
        yield task
        return
    articles = islice(iter_part_articles(task.part, task.source), task.skip, None)
    yield from iter_chunks(articles, chunking["size"], chunking["chars"])


def _tag_tasks(
    tasks: Iterator[Task], paths: tuple[str, str | None], model, *, jobs: int, step: dict
) -> Iterator[Iterable[ChunkResult]]:
    """Each task's tagged chunks, in input order. With several processes, each worker reads its
    parts itself and renders its chunks' rows as ``step["render"]`` asks: the main process only
    writes."""
    model = model if model is not None else load_tagger(*paths)
    if jobs == 1:
        for task in tasks:
            yield iter_tagged(model, task, step)  # each chunk committed as soon as it is tagged
        return
    yield from run_in_workers(tag_task, model, ((task, step) for task in tasks), jobs=jobs)


def tag_task(model, task: Task, step: dict) -> list[ChunkResult]:
    """The results of a task's chunks as a worker returns them: rendered rows travel back once,
    as their bytes, with a frame of no columns that keeps their count."""
    results = list(iter_tagged(model, task, step))
    for result in results:
        if result.rendered:
            result.tagged_df = result.tagged_df.iloc[:, :0]
    return results


def iter_tagged(model, task: Task, step: dict) -> Iterator[ChunkResult]:
    """The result of each of a task's chunks (``step``: ``task_step``)."""
    for chunk in chunks_of(task, step):
        result = tag_chunk(
            model,
            chunk,
            explain=step["explain"],
            pages=step["pages"],
            speakers=step["speakers"],
        )
        if step["render"] == "jsonl" and result.tagged_df is not None:
            result.jsonl = jsonl_bytes(result.tagged_df)
        elif step["render"] == "parquet" and result.tagged_df is not None and len(result.tagged_df):
            result.parquet = parquet_bytes(result.tagged_df)
        yield result
