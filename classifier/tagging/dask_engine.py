"""Tag chunks of articles on a Dask cluster (``classifier tag --engine dask``).

The client plans the same units as the local engine (``inputs.parts``) and cuts the streamed ones
into the same chunks; each chunk is one Dask task. A part of a JSONL input is read by the client
and sent as its chunks too, or, with ``workers_read`` (``--workers-read``), is one task that the
worker reads from the path itself, so that the client parses nothing. The model is sent to the
workers once (``Client.scatter`` with ``broadcast=True``), so the model folder only has to be on
the client machine, and every task on a worker uses that worker's copy. A bounded window of tasks
is in flight at a time and results are taken back in input order, so memory stays flat and the
sink writes exactly what the local engine writes. Workers need the same ``classifier`` version
installed (they import ``classifier.tagging.batch``); the inputs (unless ``workers_read``) and
the output only have to be reachable from the client.

Nothing here imports Dask at module level: ``connect`` imports it, so the rest of the CLI starts
without it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from ..errors import EngineError
from ..outputs.sinks import ChunkResult
from .batch import PartTask, Task, chunks_of, tag_task, task_step

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


def cluster_tagger(
    client, model, *, explain=False, speakers=True, chunking: dict, workers_read=False
):
    """A task tagger for ``batch.tag_units`` that tags every chunk on the cluster and renders
    its rows there as the sink asks (``render``). With ``workers_read`` each part of a JSONL
    input is one task that the worker reads itself (its path must be the same there); otherwise
    the client reads the parts and sends their chunks."""

    def client_side(tasks: Iterator[Task]) -> Iterator[Task]:
        for task in tasks:
            if isinstance(task, PartTask) and not workers_read:
                yield from chunks_of(task, chunking)
            else:
                yield task

    def tag_tasks(tasks: Iterator[Task], render: str | None = None) -> Iterator[list[ChunkResult]]:
        step = task_step(
            explain=explain, pages=False, speakers=speakers, chunking=chunking, render=render
        )
        [model_future] = client.scatter([model], broadcast=True, hash=False)
        window = CHUNKS_PER_THREAD * max(1, sum(client.nthreads().values()))
        pending: deque = deque()
        try:
            for task in client_side(tasks):
                pending.append(client.submit(tag_task, model_future, task, step, pure=False))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            client.cancel([*pending, model_future])

    return tag_tasks
