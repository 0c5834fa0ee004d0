"""What the benchmark scripts share: the data sets, the held-out split, the baseline, timing.

``benchmarks/accuracy.py`` and ``benchmarks/datasets.py`` import this module as ``common`` (their
own folder is on ``sys.path``). It defines, once for both:

- where the labelled sets are (``../shared/datasets`` from the repo root) and how one is read;
- the held-out split: ``TEST_SIZE`` of the documents (source + doc_id) held out by
  ``GroupShuffleSplit`` with ``RANDOM_STATE``; in an isolated-sentence set every row is its own
  document;
- seeded subsamples of whole documents;
- the plain baseline (``BASELINE_DESCRIPTION``) next to ours (``build_pipeline()``);
- a timed fit that reports, rather than prints, a ``ConvergenceWarning``;
- pinning to one core, and the lines every report starts and ends with.

The data sets are only read: nothing here prints or writes any of their text.
"""

from __future__ import annotations

import json
import os
import platform
import shlex
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.exceptions import ConvergenceWarning, FitFailedWarning, UndefinedMetricWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, GroupKFold, GroupShuffleSplit
from sklearn.pipeline import FeatureUnion, Pipeline

from classifier.model.evaluate import group_keys
from classifier.model.paged import label_columns, share_probabilities
from classifier.model.tagger import build_pipeline
from classifier.model.train import TRAIN_FOLDS, fit_model
from classifier.schema import ARTICLE_ID, DOC_ID, LABEL, SENT_INDEX, SOURCE, TEXT
from classifier.text.segment import split_sentences

REPO_ROOT = Path(__file__).resolve().parents[1]
DATASETS_DIR = REPO_ROOT.parent / "shared" / "datasets"
# Sets of isolated sentences: every row is its own document.
ISOLATED_SETS = frozenset({"checkthat_en"})

TEST_SIZE = 0.2  # share of each set's documents held out
RANDOM_STATE = 0  # seed of the split and of every subsample
QUICK_DOCUMENTS = 60  # documents kept per set by ``--quick``

MODELS = ("baseline", "ours")
# The tuned plain baseline: its C is chosen among these by grouped cross-validation.
BASELINE_CS = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
BASELINE_CV_FOLDS = 3
BASELINE_DESCRIPTION = (
    "word 1-2 gram + char_wb 2-5 gram TF-IDF (min_df=2, sublinear_tf=True), "
    "LogisticRegression(class_weight='balanced', max_iter=1000) with C chosen from "
    f"{', '.join(map(str, BASELINE_CS))} by {BASELINE_CV_FOLDS}-fold cross-validation grouped "
    "by document on the training rows (macro-F1), text only, no context"
)


# ---------------------------------------------------------------------------------------------
# Data


def read_set(datasets_dir: Path, name: str) -> pd.DataFrame:
    """All label-schema CSV files of one set; in an isolated-sentence set each row becomes its own
    document."""
    frames = [
        frame
        for path in sorted((datasets_dir / name).glob("*.csv"))
        # Side tables (polnear's speakers.csv) are not in the label schema.
        if LABEL in (frame := pd.read_csv(path, dtype={DOC_ID: str}, keep_default_na=False))
    ]
    if not frames:
        raise FileNotFoundError(f"{datasets_dir / name}: no .csv files")
    df = pd.concat(frames, ignore_index=True)
    if name in ISOLATED_SETS:
        df[DOC_ID] = np.arange(len(df)).astype(str)
    return df


def document_keys(df: pd.DataFrame) -> np.ndarray:
    """One key per row naming its document: source + doc_id."""
    return group_keys(df, "doc")


def count_documents(df: pd.DataFrame) -> int:
    """Number of distinct documents in ``df``."""
    return len(set(document_keys(df)))


def held_out_split(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Training and held-out rows: ``TEST_SIZE`` of the documents held out, seeded."""
    splitter = GroupShuffleSplit(n_splits=1, test_size=TEST_SIZE, random_state=RANDOM_STATE)
    train_rows, test_rows = next(splitter.split(df, groups=document_keys(df)))
    return df.iloc[train_rows].reset_index(drop=True), df.iloc[test_rows].reset_index(drop=True)


def split_sizes(train: pd.DataFrame, test: pd.DataFrame) -> dict[str, int]:
    """Documents and rows of the training and the held-out part."""
    return {
        "train_docs": count_documents(train),
        "train_rows": len(train),
        "test_docs": count_documents(test),
        "test_rows": len(test),
    }


def documents_in_random_order(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row keys, and the documents with their sizes in one seeded random order."""
    keys = document_keys(df)
    sizes = pd.Series(keys).value_counts(sort=False)
    order = np.random.default_rng(RANDOM_STATE).permutation(len(sizes))
    return keys, sizes.index.to_numpy()[order], sizes.to_numpy()[order]


def limit_documents(
    df: pd.DataFrame, *, max_docs: int | None = None, max_rows: int | None = None
) -> pd.DataFrame:
    """At most ``max_docs`` whole documents and ``max_rows`` rows, drawn in a seeded order.

    Documents are taken until the next one would pass a limit; at least one is always kept. The
    kept rows stay in their original order.
    """
    if max_docs is None and max_rows is None:
        return df
    keys, documents, sizes = documents_in_random_order(df)
    chosen, rows = [], 0
    for document, size in zip(documents, sizes, strict=True):
        if max_docs is not None and len(chosen) >= max_docs:
            break
        if max_rows is not None and chosen and rows + size > max_rows:
            break
        chosen.append(document)
        rows += size
    return df[np.isin(keys, chosen)].reset_index(drop=True)


def articles_of(df: pd.DataFrame) -> pd.DataFrame:
    """Documents as articles (``id, source, text``): rows joined by "\\n" in sent_index order."""
    ordered = df.sort_values([SOURCE, DOC_ID, SENT_INDEX], kind="stable")
    joined = ordered.groupby([SOURCE, DOC_ID], sort=False)[TEXT].agg("\n".join).reset_index()
    return pd.DataFrame({ARTICLE_ID: joined[DOC_ID], SOURCE: joined[SOURCE], TEXT: joined[TEXT]})


def write_articles(articles: pd.DataFrame, path: Path) -> Path:
    """Articles (``id, source, text``) as a JSON Lines file, the input ``classifier tag`` reads."""
    with open(path, "w", encoding="utf-8") as handle:
        for row in articles.itertuples(index=False):
            record = {"id": row.id, "source": row.source, "text": row.text}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def repeat_articles(articles: pd.DataFrame, min_sentences: int) -> pd.DataFrame:
    """Cycle through ``articles`` until they hold ``min_sentences`` sentences; ids stay unique."""
    counts = [len(split_sentences(text)) for text in articles[TEXT]]
    if sum(counts) == 0:
        raise ValueError("the articles have no sentences")
    picks, copies, total = [], [], 0
    copy = 0
    while total < min_sentences:
        for position, count in enumerate(counts):
            picks.append(position)
            copies.append(copy)
            total += count
            if total >= min_sentences:
                break
        copy += 1
    repeated = articles.iloc[picks].reset_index(drop=True)
    repeated[ARTICLE_ID] = repeated[ARTICLE_ID].astype(str) + "~" + pd.Series(copies).astype(str)
    return repeated


# The sets whose documents make the real-size corpora of the speed benchmarks: WCXB pages (text
# blocks, 50-300 and more per page), NewsDiscourse and PolNeAR articles (20-60 sentences).
REAL_SIZE_SETS = ("wcxb", "newsdiscourse", "polnear")


def real_size_documents(datasets_dir: Path, *, seed: int = RANDOM_STATE) -> pd.DataFrame:
    """The documents of ``REAL_SIZE_SETS`` as articles, each once, in a seeded random order;
    ``repeat_articles`` cycles them to a corpus size."""
    parts = [articles_of(read_set(datasets_dir, name)) for name in REAL_SIZE_SETS]
    articles = pd.concat(parts, ignore_index=True).sample(frac=1.0, random_state=seed)
    return articles.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Models and timing


class TextColumn(TransformerMixin, BaseEstimator):
    """Select the sentence texts of a sentences DataFrame (the baseline's first step)."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return X[TEXT].astype(str).tolist()


def build_baseline(c: float = 1.0, class_weight: str | None = None) -> Pipeline:
    """A plain TF-IDF n-gram logistic regression with a fixed ``C`` (untuned by default: what
    the speed comparisons use; accuracy is compared with ``TunedBaseline``)."""
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
                ),
            ),
        ]
    )
    return Pipeline(
        [
            ("text", TextColumn()),
            ("features", features),
            ("classifier", LogisticRegression(C=c, class_weight=class_weight, max_iter=1000)),
        ]
    )


class TunedBaseline(ClassifierMixin, BaseEstimator):
    """The tuned plain baseline (``BASELINE_DESCRIPTION``): class-balanced, its C chosen by
    cross-validation grouped by document on the rows it is fitted on, then refitted on all."""

    def fit(self, X: pd.DataFrame, y):
        groups = document_keys(X)
        folds = min(BASELINE_CV_FOLDS, len(np.unique(groups)))
        self.c_ = self._best_c(X, y, groups, folds) if folds >= 2 else 1.0  # one document: no CV
        print(f"[baseline] C = {self.c_:g} (grouped CV on {len(X):,} rows)", file=sys.stderr)
        self.model_ = build_baseline(self.c_, class_weight="balanced").fit(X, y)
        self.classes_ = self.model_.classes_
        return self

    @staticmethod
    def _best_c(X: pd.DataFrame, y, groups: np.ndarray, folds: int) -> float:
        with tempfile.TemporaryDirectory() as cache:
            # The TF-IDF of each fold is fitted once and shared by every C (Pipeline memory).
            pipeline = build_baseline(class_weight="balanced")
            pipeline.memory = cache
            search = GridSearchCV(
                pipeline,
                {"classifier__C": list(BASELINE_CS)},
                scoring="f1_macro",
                cv=GroupKFold(n_splits=folds),
                refit=False,
                error_score=np.nan,  # a fold of a tiny subsample may lack a label
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FitFailedWarning)
                warnings.simplefilter("ignore", UndefinedMetricWarning)
                warnings.simplefilter("ignore", UserWarning)  # "all scores are nan" and kin
                search.fit(X, y, groups=groups)
        return float(search.best_params_["classifier__C"])

    def predict(self, X):
        return self.model_.predict(X)


BUILDERS: dict[str, Callable[[], object]] = {"baseline": TunedBaseline, "ours": build_pipeline}


class FitTime(NamedTuple):
    """How long one fit took, and whether its solver converged."""

    seconds: float  # wall clock
    cpu_seconds: float  # CPU time of this process
    converged: bool


def fit_timed(model, X: pd.DataFrame, y) -> FitTime:
    """Fit ``model``; return wall and CPU seconds and whether it converged.

    A ``ConvergenceWarning`` is caught and reported as not converged; any other warning is
    re-issued unchanged.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        wall, cpu = time.perf_counter(), time.process_time()
        model.fit(X, y)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    converged = True
    for warning in caught:
        if issubclass(warning.category, ConvergenceWarning):
            converged = False
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return FitTime(wall, cpu, converged)


class Predicted(NamedTuple):
    """A model's labels of the test rows, and the probabilities its shares are counted from."""

    labels: np.ndarray
    classes: np.ndarray
    share_probabilities: np.ndarray | None  # None: the shares count the labels


def fit_and_predict(
    model_name: str, train: pd.DataFrame, test: pd.DataFrame, *, settings: dict | None = None
) -> tuple[Predicted, FitTime]:
    """Train a new ``model_name`` model (see ``BUILDERS``) on ``train``; predict ``test``.

    Ours is trained as ``classifier train`` trains it (its grouped cross-validation included,
    which fits the probabilities' recalibration for counting, ``model.share_calibration``), and
    its shares come from those probabilities. The baseline's shares count its labels.
    ``settings`` override ``PIPELINE_SETTINGS`` of ours (``build_pipeline(settings)``)."""
    if model_name == "ours":
        trained = OursAsTrained(settings)
        timing = fit_timed(trained, train, train[LABEL].to_numpy())
        model = trained.model_
        probabilities = model.predict_proba(test)
        labels = label_columns(model, probabilities, test)
        return Predicted(
            model.classes_[labels],
            model.classes_,
            share_probabilities(model, probabilities, test),
        ), timing
    model = BUILDERS[model_name]()
    timing = fit_timed(model, train, train[LABEL].to_numpy())
    return Predicted(model.predict(test), model.classes_, None), timing


class OursAsTrained:
    """Ours fitted as ``classifier.model.train.train`` fits it (what ``classifier train`` runs):
    the grouped cross-validation's out-of-fold probabilities fit the share calibration, then the
    model is fitted on all rows. ``settings`` are options under study (train() takes none)."""

    def __init__(self, settings: dict | None = None):
        self.settings = settings

    def fit(self, X: pd.DataFrame, y):
        # A learning-curve point of one page has nothing to cross-validate: no calibration.
        folds = TRAIN_FOLDS if count_documents(X) >= 2 else 0
        self.model_, _scores = fit_model(
            X.assign(**{LABEL: np.asarray(y)}), settings=self.settings, cv=folds
        )
        return self


def best_time(run: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` calls of ``run``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


@contextmanager
def one_core() -> Iterator[str]:
    """Pin the process to one CPU (0, or its lowest allowed one); restore the affinity after."""
    if not hasattr(os, "sched_setaffinity"):
        yield "not pinned (no sched_setaffinity on this OS)"
        return
    before = os.sched_getaffinity(0)
    core = 0 if 0 in before else min(before)
    os.sched_setaffinity(0, {core})
    try:
        yield f"pinned to CPU {core}"
    finally:
        os.sched_setaffinity(0, before)


# ---------------------------------------------------------------------------------------------
# Report lines


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, or "?" where the OS has none."""
    if not hasattr(os, "getloadavg"):
        return "?"
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def command_line(script: str, argv: list[str] | None) -> str:
    """How the benchmark ran: ``benchmarks/<script file>`` and its arguments, shell-quoted."""
    arguments = sys.argv[1:] if argv is None else argv
    return shlex.join([f"benchmarks/{Path(script).name}", *arguments])


def machine_line(pinned: str | None = None) -> str:
    """Python and scikit-learn versions, CPUs (and how the process is pinned), load average."""
    cpus = f"{os.cpu_count()} CPUs" + (f", {pinned}" if pinned else "")
    return (
        f"Python {platform.python_version()}, scikit-learn {sklearn.__version__}, {cpus}, "
        f"load average {load_average()} at start."
    )


def print_total(started: float) -> None:
    """The last line: seconds since ``started`` (a ``perf_counter`` value), load average."""
    print(
        f"\nTotal {time.perf_counter() - started:.1f} s; load average {load_average()} at the end."
    )


def datasets_absent(datasets_dir: Path) -> bool:
    """True, after a note saying so, when the folder of the data sets is absent."""
    if datasets_dir.is_dir():
        return False
    print(
        f"note: {datasets_dir} is absent; nothing to benchmark (the data sets are not "
        "part of the repository)"
    )
    return True


def set_absent(datasets_dir: Path, name: str) -> bool:
    """True, after a line saying it is skipped, when set ``name`` is absent."""
    if (datasets_dir / name).is_dir():
        return False
    print(f"\n> skipped {name}: {datasets_dir / name} is absent")
    return True


def add_datasets_argument(parser) -> None:
    parser.add_argument(
        "--datasets",
        type=Path,
        default=DATASETS_DIR,
        help="folder of the labelled sets (default: ../shared/datasets from the repo root)",
    )
