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
