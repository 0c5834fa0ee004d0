"""Smoke test of benchmarks/accuracy.py, run in-process from its file."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "accuracy.py"
DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
MODULE_NAME = "benchmark_accuracy"
NEWSDISCOURSE_ROW = re.compile(
    r"^\| four classes \(newsdiscourse\) \| [^|]+ \| (\d+\.\d+) \| (\d+\.\d+) \|", re.M
)


@pytest.fixture
def accuracy_main():
    """``main`` of benchmarks/accuracy.py, imported from its path; CPU affinity restored after."""
    before = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    spec = importlib.util.spec_from_file_location(MODULE_NAME, SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE_NAME] = module
    try:
        spec.loader.exec_module(module)
        yield module.main
    finally:
        sys.modules.pop(MODULE_NAME, None)
        if before is not None:
            os.sched_setaffinity(0, before)


def test_accuracy_benchmark_quick(capsys, accuracy_main):
    if not DATASETS.is_dir():
        pytest.skip(f"{DATASETS} is absent")

    assert accuracy_main(["--quick", "--sets", "newsdiscourse"]) == 0

    match = NEWSDISCOURSE_ROW.search(capsys.readouterr().out)
    assert match, "no newsdiscourse row with a baseline and an ours score in the output"
    for value in match.groups():
        assert 0.0 <= float(value) <= 1.0
