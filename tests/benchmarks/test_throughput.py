"""Smoke test of benchmarks/throughput.py, run in-process from its file."""

from __future__ import annotations

import re

import pytest

from ..conftest import DATASETS

RATIO_LINE = re.compile(
    r"^ours end to end / fastText: (\d+\.\d+); ours end to end / baseline: (\d+\.\d+); "
    r"`classifier tag` one process / fastText \(g\): (\d+\.\d+); "
    r"`classifier tag` two processes / one: (\d+\.\d+) \(",
    re.M,
)
PROFILE_LINE = re.compile(r"^profile of ours \(b\), share of its [\d.]+ s: tokens \d+%", re.M)


def test_throughput_benchmark_quick(capsys, load_benchmark):
    if not DATASETS.is_dir():
        pytest.skip(f"{DATASETS} is absent")
    pytest.importorskip("fasttext", reason="fastText comes with the test and bench extras")

    assert load_benchmark("throughput").main(["--quick", "--repeat", "1"]) == 0

    out = capsys.readouterr().out
    match = RATIO_LINE.search(out)
    assert match, "no ratio line in the output"
    assert all(float(value) > 0 for value in match.groups())
    assert PROFILE_LINE.search(out), "no profile line in the output"
