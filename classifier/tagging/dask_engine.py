"""Tag chunks of articles on a Dask cluster (``classifier tag --engine dask``).

The client reads the inputs with the same streaming reader as the local engine and cuts them into
the same chunks; each chunk is one Dask task. The model is sent to the workers once
(``Client.scatter`` with ``broadcast=True``), so the model folder only has to be on the client
machine, and every task on a worker uses that worker's copy. A bounded window of chunks is in
flight at a time and results are taken back in input order, so memory stays flat and the sink
writes exactly what the local engine writes. Workers need the same ``classifier`` version
installed (they import ``classifier.batch.tag_chunk``); the inputs and the output only have to be
reachable from the client.

Nothing here imports Dask at module level: ``connect`` imports it, so the rest of the CLI starts
without it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from ..errors import EngineError
from ..outputs.sinks import ChunkResult
from .batch import tag_chunk

DEFAULT_CONNECT_TIMEOUT = 10.0
CHUNKS_PER_THREAD = 2
DASK_HINT = "install it with: pip install 'classifier[dask]'"


def connect(address: str, *, timeout: float = DEFAULT_CONNECT_TIMEOUT):
    """A ``distributed.Client`` connected to the scheduler at ``address``."""
    try:
        from distributed import Client
    except ImportError as e:
        raise EngineError(f"--engine dask needs dask.distributed ({e}); {DASK_HINT}") from e
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as e:
        raise EngineError(
            f"{address}: cannot reach a Dask scheduler within {timeout:g} s ({e}); start one "
            "with `dask scheduler` and pass the tcp:// address it prints"
        ) from e
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as e:
        client.close()
        raise EngineError(
            f"{address}: no Dask worker joined within {timeout:g} s; start some with "
            f"`dask worker {address}`"
        ) from e
    return client


def cluster_tagger(client, model, *, explain: bool = False):
    """A chunk tagger for ``batch.tag_stream`` that tags every chunk on the cluster."""

    def tag_chunks(chunks: Iterator[list]) -> Iterator[ChunkResult]:
        [model_future] = client.scatter([model], broadcast=True, hash=False)
        window = CHUNKS_PER_THREAD * max(1, sum(client.nthreads().values()))
        pending: deque = deque()
        try:
            for chunk in chunks:
                pending.append(
                    client.submit(tag_chunk, model_future, chunk, explain=explain, pure=False)
                )
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            client.cancel([*pending, model_future])

    return tag_chunks
