"""A whole tagging run through the Python API (``classifier tag`` is a thin wrapper of it)."""

import json

import pytest

from classifier.cli import main
from classifier.errors import EngineError, InputError
from classifier.outputs.chunks import NO_TEXT_EXAMPLES
from classifier.schema import NO_TEXT
from classifier.tagging.run import TagRun, run_tagging

from ..conftest import SEEDS, read_inputs_as


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
    with pytest.raises(InputError, match="empty: no .txt or .html files in this folder"):
        run_tagging(TagRun(inputs=[str(empty)], model=str(model_dir), output=None))


WIRE = {"id": "w1", "source": "wire", "text": "Putin said talks went well.\nAdvertisement"}


def blank_page(n: int) -> dict:
    """A page with no visible text, as the WARC reader yields it."""
    where = f"crawl.warc record p{n} at offset {100 * n} (http://example.org/{n})"
    return {
        "id": f"p{n}",
        "source": "example.org",
        "text": "",
        "url": f"http://example.org/{n}",
        NO_TEXT: f"{where}: no visible text in the page",
    }


@pytest.fixture
def crawl(tmp_path, monkeypatch):
    """An input file, read as the given items (articles, pages without text, failures)."""
    path = tmp_path / "crawl.jsonl"
    path.write_text(json.dumps(WIRE) + "\n")

    def use(items):
        read_inputs_as(monkeypatch, items)
        return path

    return use


def test_pages_without_text_are_summarised_and_do_not_fail(tmp_path, model_dir, crawl, capsys):
    path = crawl([blank_page(1), WIRE, blank_page(2), blank_page(3)])
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(path), "--model", str(model_dir), "--output", str(out)]) == 0
    assert capsys.readouterr().err == (
        "".join(f"no text: {blank_page(n)[NO_TEXT]}\n" for n in (1, 2, 3))
        + f"3 pages had no visible text; they have no sentences in {out}\n"
    )
    assert {json.loads(line)["doc_id"] for line in out.read_text().splitlines()} == {"w1"}


def test_only_the_first_pages_without_text_are_listed(tmp_path, model_dir, crawl, capsys):
    pages = [blank_page(n) for n in range(NO_TEXT_EXAMPLES + 2)]
    path = crawl([WIRE, *pages])
    assert (
        main(["tag", str(path), "--model", str(model_dir), "--output", str(tmp_path / "o.db")]) == 0
    )
    err = capsys.readouterr().err.splitlines()
    assert err[:-1] == [f"no text: {page[NO_TEXT]}" for page in pages[:NO_TEXT_EXAMPLES]]
    assert err[-1] == (
        f"{NO_TEXT_EXAMPLES + 2} pages had no visible text (the first {NO_TEXT_EXAMPLES} are "
        f"listed above); they have no sentences in {tmp_path / 'o.db'}"
    )


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet", "db"])
def test_a_run_of_pages_without_text_writes_an_empty_output(
    tmp_path, model_dir, crawl, capsys, suffix
):
    path = crawl([blank_page(1)])
    out = tmp_path / f"out.{suffix}"
    assert main(["tag", str(path), "--model", str(model_dir), "--output", str(out)]) == 0
    assert capsys.readouterr().err == (
        f"no text: {blank_page(1)[NO_TEXT]}\n"
        f"1 page had no visible text, and no article had any: {out} has no sentences\n"
    )
    assert out.exists() and not (tmp_path / f"out.{suffix}.partial").exists()


def test_unreadable_pages_still_fail_beside_pages_without_text(tmp_path, model_dir, crawl, capsys):
    path = crawl([WIRE, blank_page(1), "crawl.warc record x at offset 9: binary content"])
    assert (
        main(["tag", str(path), "--model", str(model_dir), "--output", str(tmp_path / "o.csv")])
        == 1
    )
    err = capsys.readouterr().err
    assert "1 page had no visible text; they have no sentences in" in err
    assert "failed: crawl.warc record x at offset 9: binary content\n" in err


def test_nothing_read_at_all_is_still_an_error(tmp_path, model_dir, crawl, capsys):
    path = crawl(["crawl.warc record x at offset 9: binary content"])
    assert (
        main(["tag", str(path), "--model", str(model_dir), "--output", str(tmp_path / "o.csv")])
        == 1
    )
    assert capsys.readouterr().err == (
        "error: no article could be read: crawl.warc record x at offset 9: binary content\n"
    )
    assert not (tmp_path / "o.csv").exists()
