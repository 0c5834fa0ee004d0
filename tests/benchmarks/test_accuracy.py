"""Smoke test of benchmarks/accuracy.py, run in-process from its file."""

from __future__ import annotations

import re

import pytest

from ..conftest import DATASETS

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


def test_settings_need_cv(load_benchmark, capsys):
    with pytest.raises(SystemExit) as raised:
        load_benchmark("accuracy").parse_args(["--settings", '{"char_wb_ngrams": null}'])

    assert raised.value.code == 2
    assert "--settings needs --cv" in capsys.readouterr().err


def test_settings_are_parsed_as_json(load_benchmark):
    args = load_benchmark("accuracy").parse_args(
        ["--cv", "3", "--settings", '{"char_wb_ngrams": [3, 5]}']
    )

    assert args.settings == {"char_wb_ngrams": [3, 5]}
