"""Run tasks in worker processes forked from this one, and take their results in input order.

On Linux the workers are forked, so each starts with this process's imported modules and
loaded model, shared until written to. Spawned workers (joblib's loky, as before) each spent
about a second importing pandas, pyarrow and scipy and loading the model again before their
first task, while the main process, which had done all that already, waited: on 300,000
sentences that was most of what a second process lost. Elsewhere they start the way the
platform's Python starts them by default (spawned on macOS, where forking is unsafe, and on
Windows) and get the model pickled once each. A worker computes on one thread (BLAS and Arrow):
with a thread pool per library in every worker, the pools' threads spun on the cores the other
workers needed.

At most ``TASKS_AHEAD`` tasks per worker are in flight, so memory holds a few results at a time
however long the input is. A worker that dies (killed, out of memory) ends the run with an
``EngineError``; what was committed before stays committed for ``--resume``.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator

import pyarrow as pa

from ..errors import EngineError

TASKS_AHEAD = 2

_worker_model = None  # set in each worker by _start_worker


def run_in_workers(function: Callable, model, tasks: Iterable, *, jobs: int) -> Iterator:
    """``function(model, task, *extra)`` for every ``(task, *extra)`` of ``tasks``, in ``jobs``
    worker processes, yielding the results in the order of ``tasks``."""
    # Imported here: a run in one process, most runs on a few files, never needs them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context(_start_method())
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(model,)
    )
    pending = deque()
    try:
        for arguments in tasks:
            pending.append(pool.submit(_call_with_model, function, *arguments))
            if len(pending) >= TASKS_AHEAD * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BrokenProcessPool as e:  # from a result, or from submitting to a pool already broken
        raise EngineError(
            "a worker process died (killed, or out of memory?); the chunks before it are "
            "committed: rerun with --resume, with fewer --jobs or a smaller --chunk-chars"
        ) from e
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_method() -> str | None:
    return "fork" if sys.platform.startswith("linux") else None  # None: the platform's default


def _start_worker(model) -> None:
    from threadpoolctl import threadpool_limits

    global _worker_model
    _worker_model = model
    pa.set_cpu_count(1)
    threadpool_limits(1)


def _call_with_model(function: Callable, *arguments):
    return function(_worker_model, *arguments)
