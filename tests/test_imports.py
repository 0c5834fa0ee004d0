"""Tagging loads only what it needs: scikit-learn (and scipy's stats and optimize) only train."""

import subprocess
import sys

from sklearn.base import clone, is_classifier

from classifier.model.linear import CalibratedLinear
from classifier.model.tagger import build_pipeline

from .conftest import REPO, SEEDS

HEAVY = ("sklearn", "scipy.stats", "scipy.optimize")


def test_tagging_and_reporting_never_import_scikit_learn(tmp_path):
    out = tmp_path / "tagged.jsonl"
    code = (
        "import sys\n"
        "from classifier.cli import main\n"
        f"assert main(['tag', {str(SEEDS)!r}, '--output', {str(out)!r}, '--quiet']) == 0\n"
        f"assert main(['report', {str(out)!r}]) == 0\n"
        f"heavy = sorted(m for m in sys.modules if m.startswith({HEAVY!r}))\n"
        "print('loaded:', heavy, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert "loaded: []" in done.stderr


def test_the_models_still_work_with_scikit_learn_tools():
    tagger = build_pipeline({"c": 10.0})
    copy = clone(tagger)
    assert copy is not tagger and copy.get_params() == tagger.get_params()
    assert is_classifier(tagger) and is_classifier(CalibratedLinear())
    assert repr(tagger) == "SentenceTagger(settings={'c': 10.0})"


def test_tagging_text_files_loads_only_what_tagging_them_needs(tmp_path):
    """Start-up is most of a small run: no other command's code, no WARC or HTML reader, no
    Parquet or SQLite, no workers, no scipy (its sparse matrices pay for their import only on
    large batches: ``model.sparse_rows``)."""
    out = tmp_path / "tagged.jsonl"
    unneeded = (
        "classifier.labelling",
        "classifier.report",
        "classifier.model.train",
        "warcio",
        "selectolax",  # HTML pages only
        "pyarrow.parquet",  # Parquet inputs and outputs only
        "sqlite3",  # SQLite outputs only
        "scipy",
        "multiprocessing",  # --jobs 2 and more only
        "threadpoolctl",
    )
    code = (
        "import sys\n"
        "from classifier.cli import main\n"
        f"assert main(['tag', {str(SEEDS)!r}, '--output', {str(out)!r}, '--quiet']) == 0\n"
        f"loaded = sorted(m for m in sys.modules if m.startswith({unneeded!r}) or m == 'joblib')\n"
        "print('loaded:', loaded, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert "loaded: []" in done.stderr
