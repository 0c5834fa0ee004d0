import importlib.util
import os
import sys
from pathlib import Path

import pytest

from classifier.cli import main

REPO = Path(__file__).resolve().parents[1]
SEED_LABELS = REPO / "labels" / "seeds.csv"
SEEDS = REPO / "seeds"
DATASETS = REPO.parent / "shared" / "datasets"


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory) -> Path:
    """A model trained by the real CLI on the seed labels (not the shipped model)."""
    path = tmp_path_factory.mktemp("models") / "seeds"
    assert main(["train", "--labels", str(SEED_LABELS), "--output", str(path), "--cv", "0"]) == 0
    return path


SHIPPED_MODEL = REPO / "models" / "default"


@pytest.fixture(scope="session")
def seeds_tagged(tmp_path_factory) -> Path:
    """The seeds tagged by the real CLI with the shipped model, as ``make run`` does."""
    path = tmp_path_factory.mktemp("seeds") / "seeds.tagged.jsonl"
    argv = ["tag", str(SEEDS), "--model", str(SHIPPED_MODEL), "--explain", "--output", str(path)]
    assert main(argv) == 0
    return path


@pytest.fixture(scope="session")
def seeds_report(seeds_tagged) -> Path:
    """The HTML report of the tagged seeds, written by the real CLI."""
    path = seeds_tagged.parent / "report"
    assert main(["report", str(seeds_tagged), "--format", "html", "--output", str(path)]) == 0
    return path


@pytest.fixture
def load_benchmark():
    """Import ``benchmarks/<name>.py`` from its file (a script, not a package module); the CPU
    affinity a benchmark pins is restored afterwards."""
    before = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    loaded = []

    def load(name: str):
        module_name = f"benchmark_{name}"
        spec = importlib.util.spec_from_file_location(
            module_name, REPO / "benchmarks" / f"{name}.py"
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        loaded.append(module_name)
        spec.loader.exec_module(module)
        return module

    yield load
    for module_name in loaded:
        sys.modules.pop(module_name, None)
    if before is not None:
        os.sched_setaffinity(0, before)


def read_inputs_as(monkeypatch, items) -> None:
    """Make ``classifier tag`` and ``extract`` read any inputs as ``items`` (articles, pages
    without text, failure messages): one stream the main process reads."""
    from classifier.inputs.parts import Streamed
    from classifier.tagging import run as run_module

    monkeypatch.setattr(run_module, "plan_units", lambda inputs: [Streamed(tuple(inputs))])
    monkeypatch.setattr(run_module, "iter_articles", lambda inputs, source=None: iter(items))
