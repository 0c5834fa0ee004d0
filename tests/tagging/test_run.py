"""A whole tagging run through the Python API (``classifier tag`` is a thin wrapper of it)."""

import json

import pytest

from classifier.errors import EngineError, InputError
from classifier.tagging.run import TagRun, run_tagging

from ..conftest import SEEDS


def test_run_tagging_writes_the_output_and_says_what_it_committed(tmp_path, model_dir):
    out = tmp_path / "tagged.jsonl"
    outcome = run_tagging(TagRun(inputs=[str(SEEDS)], model=str(model_dir), output=str(out)))
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert outcome.where == str(out)
    assert outcome.committed.articles == 5 and outcome.failures == []
    assert outcome.committed.tagged == 5 and len(rows) == 106


def test_run_tagging_resume_of_a_complete_output_does_nothing(tmp_path, model_dir):
    out = tmp_path / "tagged.jsonl"
    run = TagRun(inputs=[str(SEEDS)], model=str(model_dir), output=str(out))
    run_tagging(run)
    before = out.read_bytes()
    outcome = run_tagging(TagRun(**{**run.__dict__, "resume": True}))
    assert outcome.committed is None and out.read_bytes() == before


def test_run_tagging_lists_failures_and_writes_the_rest(tmp_path, model_dir):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text("The minister said the plan would work.\n")
    (folder / "empty.txt").write_text("")
    out = tmp_path / "tagged.csv"
    outcome = run_tagging(TagRun(inputs=[str(folder)], model=str(model_dir), output=str(out)))
    assert len(outcome.failures) == 1 and "empty.txt" in outcome.failures[0]
    assert out.is_file()


def test_run_tagging_refuses_before_any_work(tmp_path, model_dir):
    with pytest.raises(EngineError, match="--engine dask needs --scheduler"):
        run_tagging(TagRun(inputs=[str(SEEDS)], model=str(model_dir), engine="dask"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="empty: no .txt files in this folder"):
        run_tagging(TagRun(inputs=[str(empty)], model=str(model_dir), output=None))
