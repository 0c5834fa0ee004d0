"""Smoke tests of the benchmark scripts, run in-process from their files."""

from __future__ import annotations

import json
import os
import re
import runpy
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCHMARKS = REPO / "benchmarks"
DATASETS = REPO.parent / "shared" / "datasets"
MACRO_F1_LINE = re.compile(
    r"^macro-F1 \(newsdiscourse, held out\): ours (\d+\.\d+), baseline (\d+\.\d+)$", re.M
)


def benchmark_main(name: str):
    """The ``main`` function of ``benchmarks/<name>.py``, loaded without running it."""
    return runpy.run_path(str(BENCHMARKS / f"{name}.py"), run_name=f"benchmark_{name}")["main"]


@pytest.fixture
def keep_affinity():
    """Restore the CPU affinity that a benchmark may pin to one core."""
    before = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    yield
    if before is not None:
        os.sched_setaffinity(0, before)


def test_datasets_benchmark_quick(capsys, keep_affinity):
    if not DATASETS.is_dir():
        pytest.skip(f"{DATASETS} is absent")
    main = benchmark_main("datasets")

    assert main(["--quick", "--sets", "newsdiscourse"]) == 0

    match = MACRO_F1_LINE.search(capsys.readouterr().out)
    assert match, "no newsdiscourse macro-F1 line in the output"
    for value in match.groups():
        assert 0.0 <= float(value) <= 1.0


def test_segmentation_benchmark_check(keep_affinity):
    if not DATASETS.is_dir():
        pytest.skip(f"{DATASETS} is absent")
    main = benchmark_main("segmentation")

    assert main(["--check"]) == 0


def test_batch_benchmark_check(capsys):
    main = benchmark_main("batch")

    assert main(["--check", "--commands", "tag", "extract"]) == 0

    tag, extract = (line.split() for line in capsys.readouterr().out.splitlines()[-2:])
    assert tag[0] == "tag" and int(tag[1].replace(",", "")) >= 600 and tag[3] == "1"
    assert extract[0] == "extract" and extract[2] == tag[2]  # one row per article, checked


def test_batch_benchmark_rounds_in_turns_sum_up_the_jobs(capsys):
    main = benchmark_main("batch")

    argv = ["--corpus", "synthetic", "--sizes", "600", "--jobs", "1", "2", "--rounds", "2"]
    assert main(argv) == 0

    lines = capsys.readouterr().out.splitlines()
    runs = [line.split() for line in lines if line.split()[:1] == ["tag"] and "--jobs" not in line]
    assert [run[3] for run in runs] == ["1", "2", "1", "2"]  # in turns
    summary = re.fullmatch(
        r"tag --jobs 2 against --jobs 1 on [\d,]+ sentences, 2 rounds in turns: median "
        r"([\d.]+)x \(([\d.]+)x to ([\d.]+)x; ([\d.]+), ([\d.]+)\); on the totals [\d.]+x",
        lines[-1],
    )
    assert summary, lines[-1]
    median, low, high, first, second = map(float, summary.groups())
    assert low <= median <= high and {first, second} == {low, high}


def test_batch_benchmark_check_on_a_warc_of_the_wcxb_pages(capsys):
    if not (DATASETS / "wcxb_pages").is_dir():
        pytest.skip(f"{DATASETS / 'wcxb_pages'} is absent")
    main = benchmark_main("batch")

    assert main(["--check", "--corpus", "warc", "--commands", "tag", "extract"]) == 0

    out = capsys.readouterr().out
    assert "warc corpus" in out.splitlines()[0]
    tag, extract = (line.split() for line in out.splitlines()[-2:])
    assert tag[0] == "tag" and int(tag[1].replace(",", "")) >= 600
    assert extract[0] == "extract" and extract[2] == tag[2]  # a row for every WARC record


def test_html_blocks_benchmark_check(capsys):
    main = benchmark_main("html_blocks")

    assert main(["--check"]) == 0

    line = capsys.readouterr().out.strip()
    assert re.fullmatch(
        r"html -> blocks: 50 pages \(.+ MB\) in .+ s: .+ pages/s, .+ MB/s, .+", line
    )


WCXB_PAGES = DATASETS / "wcxb_pages"


def test_pages_benchmark_scores_ours_and_the_extractors(tmp_path, capsys, keep_affinity):
    if not WCXB_PAGES.is_dir():
        pytest.skip(f"{WCXB_PAGES} is absent")
    main = benchmark_main("pages")
    results = tmp_path / "pages.json"

    assert main(["--limit", "6", "--json", str(results)]) == 0

    report = json.loads(results.read_text())
    assert report["pages"] == 6
    overall = report["f1"]["overall"]
    assert {"ours", "trafilatura", "jusText"} <= overall.keys()
    assert all(0.0 <= overall[system] <= 1.0 for system in ("ours", "trafilatura", "jusText"))
    assert "--page-model" not in report["ours"]["command"]  # the shipped models, as users run
    assert "| **overall** | 6 |" in capsys.readouterr().out


def test_train_pages_trains_a_credited_page_model(tmp_path, keep_affinity):
    if not WCXB_PAGES.is_dir():
        pytest.skip(f"{WCXB_PAGES} is absent")
    main = benchmark_main("train_pages")
    output = tmp_path / "pages-model"

    assert main(["--limit", "4", "--output", str(output)]) == 0

    card = json.loads((output / "card.json").read_text())
    assert card["settings"]["markup_bits"] is not None
    assert card["training_data"]["licence"].startswith("CC BY 4.0")
    assert card["training_data"]["pages"] == 4


def test_speakers_benchmark_scores_every_method(capsys, keep_affinity):
    if not (DATASETS / "polnear" / "speakers.csv").is_file():
        pytest.skip(f"{DATASETS / 'polnear' / 'speakers.csv'} is absent")
    main = benchmark_main("speakers")

    assert main(["--dev", "--repeat", "1", "--throughput", "0"]) == 0

    rows = re.findall(
        r"^\| in sentence \| \d+ \| (.+?) \| (\d\.\d+) \|", capsys.readouterr().out, re.M
    )
    scores = dict(rows)
    assert set(scores) == {"model", "rules", "old rules"}
    assert float(scores["model"]) > float(scores["old rules"])
