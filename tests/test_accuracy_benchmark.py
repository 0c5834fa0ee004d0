"""Smoke test of benchmarks/accuracy.py, run in-process from its file."""

from __future__ import annotations

import re

import pytest

from .conftest import DATASETS

NEWSDISCOURSE_ROW = re.compile(
    r"^\| four classes \(newsdiscourse\) \| [^|]+ \| (\d+\.\d+) \| (\d+\.\d+) \|", re.M
)


def test_accuracy_benchmark_quick(capsys, load_benchmark):
    if not DATASETS.is_dir():
        pytest.skip(f"{DATASETS} is absent")

    assert load_benchmark("accuracy").main(["--quick", "--sets", "newsdiscourse"]) == 0

    match = NEWSDISCOURSE_ROW.search(capsys.readouterr().out)
    assert match, "no newsdiscourse row with a baseline and an ours score in the output"
    for value in match.groups():
        assert 0.0 <= float(value) <= 1.0
