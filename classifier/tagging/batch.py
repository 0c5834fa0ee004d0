"""Tag a stream of articles a chunk at a time, in one process or several, in input order.

A chunk is ``chunk_size`` consecutive input articles (the ones that failed to read count too, so a
chunk's place in the input does not depend on what is in it). Each chunk is segmented, tagged and
handed to a sink (see ``sinks``) before the next result is taken, so memory holds a few chunks at
a time however long the input is. With ``jobs > 1`` chunks are tagged in worker processes (joblib's
loky backend) that each load the model once; results come back in input order, so the output is
the same as with one process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice

import pandas as pd
from joblib import Parallel, delayed

from ..inputs.streaming import iter_chunks
from ..model.explain import explain_sentences, summarise_explanation
from ..model.store import load_model
from ..outputs.jsonl import jsonl_bytes
from ..outputs.sinks import ChunkResult, Committed
from ..schema import ARTICLE_ID, SOURCE, TEXT, WHY
from ..text.segment import segment_articles
from .tag import tag_sentences

DEFAULT_JOBS = 1


def tag_chunk(model, items: list, *, explain: bool = False) -> ChunkResult:
    """Segment and tag the articles of one chunk; failures (strings) are passed through."""
    rows = [item for item in items if isinstance(item, dict)]
    articles = [
        (item[ARTICLE_ID], None) if isinstance(item, dict) else (None, item) for item in items
    ]
    if not rows:
        return ChunkResult(None, articles)
    articles_df = pd.DataFrame(
        {column: [row[column] for row in rows] for column in (ARTICLE_ID, SOURCE, TEXT)}
    )
    sentences_df = segment_articles(articles_df)
    return ChunkResult(tag_with(model, sentences_df, explain=explain), articles)


def tag_with(model, sentences_df: pd.DataFrame, *, explain: bool = False) -> pd.DataFrame:
    """Tag sentences, with the ``why`` column when ``explain``."""
    tagged_df = tag_sentences(model, sentences_df)
    if explain:
        tagged_df[WHY] = [
            summarise_explanation(item) for item in explain_sentences(model, sentences_df)
        ]
    return tagged_df


def tag_stream(
    items: Iterable,
    sink,
    *,
    model_path: str,
    model=None,
    chunk_size: int,
    jobs: int = DEFAULT_JOBS,
    explain: bool = False,
    on_chunk: Callable[[Committed], None] | None = None,
    tagger: Callable[[Iterator[list]], Iterator[ChunkResult]] | None = None,
) -> Committed:
    """Tag ``items`` (articles or failure messages, as ``streaming.iter_articles`` yields them)
    after skipping those the sink has already committed; write every chunk to ``sink``.
    ``tagger`` turns chunks into their results in order (default: this machine, ``jobs``
    processes; ``dask_engine.cluster_tagger``: a Dask cluster)."""
    remaining = islice(iter(items), sink.committed.articles, None)
    chunks = iter_chunks(remaining, chunk_size)
    if tagger is None:
        render = getattr(sink, "renders_jsonl", False)
        results = _tag_chunks(chunks, model_path, model, jobs=jobs, explain=explain, render=render)
    else:
        results = tagger(chunks)
    for result in results:
        sink.write(result)
        if on_chunk is not None:
            on_chunk(sink.committed)
    return sink.committed


def _tag_chunks(
    chunks: Iterator[list], model_path: str, model, *, jobs: int, explain: bool, render: bool
) -> Iterator[ChunkResult]:
    """Tagged chunks in input order. With several processes, each worker also renders its
    chunk's JSON Lines when ``render`` (a JSONL output): the main process then only writes."""
    if jobs == 1:
        model = model if model is not None else load_model(model_path)[0]
        for chunk in chunks:
            yield tag_chunk(model, chunk, explain=explain)
        return
    parallel = Parallel(n_jobs=jobs, backend="loky", return_as="generator", pre_dispatch="2*n_jobs")
    yield from parallel(
        delayed(_tag_chunk_in_worker)(model_path, chunk, explain, render) for chunk in chunks
    )


@lru_cache(maxsize=2)
def _worker_model(model_path: str):
    return load_model(model_path)[0]


def _tag_chunk_in_worker(model_path: str, items: list, explain: bool, render: bool) -> ChunkResult:
    result = tag_chunk(_worker_model(model_path), items, explain=explain)
    if render and result.tagged_df is not None:
        result.jsonl = jsonl_bytes(result.tagged_df)
    return result
