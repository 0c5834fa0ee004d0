"""Smoke test of benchmarks/active_learning.py (its --quick slice), run in-process from its file."""

from __future__ import annotations

import re

import pytest

from ..conftest import DATASETS

SCORE = r"(\d+\.\d+) ± (\d+\.\d+)"
HEADER = re.compile(r"^\| labels \| uncertain \| mixed \| random \|$", re.M)


def test_active_learning_benchmark_quick(capsys, load_benchmark):
    active_learning = load_benchmark("active_learning")
    if not (DATASETS / active_learning.DEFAULT_SET).is_dir():
        pytest.skip(f"{DATASETS / active_learning.DEFAULT_SET} is absent")

    assert active_learning.main(["--quick"]) == 0

    out = capsys.readouterr().out
    assert HEADER.search(out), "no table with an uncertain, a mixed and a random column"
    for budget in active_learning.QUICK_BUDGETS:
        row = re.search(rf"^\| {budget} \| {SCORE} \| {SCORE} \| {SCORE} \|$", out, re.M)
        assert row, f"no row for {budget} labels with a score for each order"
        for value in row.groups():
            assert 0.0 <= float(value) <= 1.0
    for order in active_learning.ORDERS:
        assert re.search(rf"^- {order}: ", out, re.M), f"no label mix line for {order}"
