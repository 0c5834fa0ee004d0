"""Worker processes: results in input order, the model shared, a dead worker a clear error."""

import os

import pytest

from classifier.errors import EngineError
from classifier.tagging.workers import run_in_workers


def _scaled(model, number):
    return model["scale"] * number, os.getpid()


def _dies_on_three(model, number):
    if number == 3:
        os._exit(1)  # as a worker killed by the system would
    return number


def test_results_come_back_in_input_order_from_every_worker():
    results = list(run_in_workers(_scaled, {"scale": 10}, ((n,) for n in range(40)), jobs=2))
    assert [value for value, _ in results] == [10 * n for n in range(40)]
    assert os.getpid() not in {pid for _, pid in results}


def test_a_worker_that_dies_ends_the_run_with_a_way_forward():
    with pytest.raises(EngineError, match="--resume"):
        list(run_in_workers(_dies_on_three, None, ((n,) for n in range(10)), jobs=2))
