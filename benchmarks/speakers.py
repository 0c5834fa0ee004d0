"""Benchmark the speaker reader (``classifier.attribution``) on PolNeAR's annotated speakers.

Reads ``polnear/speakers.csv`` (one quotation sentence a row, with its annotated Source and Cue
spans) and ``polnear/train.csv`` (every sentence of those articles) under ``../shared/datasets``.
``TEST_SIZE`` of the articles are held out (``GroupShuffleSplit`` by ``doc_id``,
``RANDOM_STATE``); ``fit_speaker_model`` is trained on the speakers of the other articles. With
``--dev`` the held-out articles are left out altogether and a second split of the training
articles (same share and seed) is scored instead: make choices on that, report the held-out split.

Each method reads the evaluated articles whole, in ``sent_index`` order, with the gold quotation
flags (``label == "quotation"``): ``model`` (``attribute_sentences`` with the learned model),
``rules`` (``attribute_sentences`` without it) and ``old rules`` (``old_speakers``: the reader
the report used before, ``attribute_quotes`` + ``fill_quote_runs`` as the report ran them; they
give no cue).
The annotated rows are then scored:

- speaker match: the predicted speaker shares a content word with the annotated Source
  (lower-cased, determiners, pronouns, prepositions and honorifics ignored: "Trump" matches
  "Donald Trump" and "Mr. Trump"). A Source that is a pronoun ("he", "who") cannot be checked
  against a resolved name, so there the raw pronoun the method read (for a continued quote, the
  pronoun of the sentence it continues) must equal the annotated one; the old rules, which keep
  no pronoun, are credited whenever their own reading of the sentence is "pronoun";
- exact match: the same text after lower-casing and collapsing whitespace (determiners kept;
  for a pronoun Source, the raw pronoun as above);
- cue match: the predicted cue shares a content word with the annotated Cue, reporting verbs
  counting as content words ("said" matches "said in a statement"; ":" matches only ":").

Rows are counted for Sources inside the sentence, for all Sources (those elsewhere in the article
too), and by the Source's kind (named: ``speaker_is_named``; pronoun; other). The time is the best
of ``--repeat`` runs over the evaluated articles, per quotation sentence, on one core.
The data are only read: no text from them is printed or written.

Then the cost in the command users run (``--throughput N``, default 200,000 sentences; 0 skips
it): ``classifier tag corpus.jsonl --output out.jsonl`` on a real-size corpus of the shared sets'
documents (``batch.write_real_corpus``: WCXB pages, NewsDiscourse and PolNeAR articles, written
to a temporary folder and deleted), with the speaker columns and with ``--no-speakers``, in turns
(``--repeat`` runs each, one core), start-up and I/O included: best and median wall time, and
the throughput drop (best against best).

    python benchmarks/speakers.py [--dev] [--repeat 3] [--throughput 200000]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupShuffleSplit

from classifier.attribution import attribute_sentences, fit_speaker_model
from classifier.attribution.lexicon import PRONOUNS
from classifier.attribution.matching import is_same_phrase

if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402 (needs the sys.path entry above)
import old_speakers  # noqa: E402 (the reader before attribution: the baseline)

TEST_SIZE = common.TEST_SIZE
RANDOM_STATE = common.RANDOM_STATE
METHODS = ("model", "rules", "old rules")
_PRONOUN_WHY = re.compile(r"^pronoun '(\w+)'")
_SOURCE_WHY = re.compile(r"sentence (\d+)$")


def split_articles(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows of the training and the held-out articles, ``TEST_SIZE`` of the articles held out."""
    splitter = GroupShuffleSplit(n_splits=1, test_size=TEST_SIZE, random_state=RANDOM_STATE)
    train_rows, test_rows = next(splitter.split(frame, groups=frame["doc_id"]))
    return frame.iloc[train_rows], frame.iloc[test_rows]


def read_model(sentences: pd.DataFrame, model) -> pd.DataFrame:
    """Speaker, cue and raw pronoun of every sentence, by ``attribute_sentences``."""
    found = attribute_sentences(
        sentences["text"].tolist(),
        sentences["doc_id"].tolist(),
        (sentences["label"] == "quotation").tolist(),
        model,
    )
    whys = [row.why for row in found]
    position = sentences.groupby("doc_id", sort=False).cumcount().to_numpy()
    first_row = np.arange(len(sentences)) - position
    pronouns = []
    for i, why in enumerate(whys):
        source = _SOURCE_WHY.search(why)
        if why.startswith(("continues", "the quote")) and source:
            why = whys[first_row[i] + int(source.group(1))]
        match = _PRONOUN_WHY.match(why)
        pronouns.append(match.group(1) if match else "")
    return pd.DataFrame(
        {
            "pred_speaker": [row.speaker for row in found],
            "pred_cue": [row.cue for row in found],
            "pred_pronoun": pronouns,
        },
        index=sentences.index,
    )


def read_old_rules(sentences: pd.DataFrame) -> pd.DataFrame:
    """The speakers ``profile/profiles.py`` reads today (no cue; "pronoun" only as a flag)."""
    texts = sentences["text"].astype(str)
    article = pd.Series(pd.factorize(sentences["doc_id"])[0], index=sentences.index)
    is_quote = (sentences["label"] == "quotation").to_numpy()
    quotes = old_speakers.attribute_quotes(texts[is_quote], article[is_quote])
    new_run = (~pd.Series(is_quote, index=sentences.index) | (article != article.shift())).cumsum()
    _, filled_speaker = old_speakers.fill_quote_runs(
        quotes["attribution"], quotes["speaker"], new_run[is_quote]
    )
    speaker = pd.Series("", index=sentences.index, dtype=object)
    speaker[is_quote] = filled_speaker
    own_pronoun = [old_speakers.read_speaker(text)[0] == "pronoun" for text in texts]
    return pd.DataFrame(
        {"pred_speaker": speaker, "pred_cue": "", "pred_pronoun": own_pronoun},
        index=sentences.index,
    )


def score_rows(gold: pd.DataFrame, predicted: pd.DataFrame, *, old: bool) -> pd.DataFrame:
    """Per annotated row: speaker, exact and cue match (see the module docstring)."""
    rows = gold.join(predicted, how="left")
    speaker_hit, exact_hit, cue_hit = [], [], []
    for source, cue, said, said_cue, pronoun in zip(
        rows["speaker"],
        rows["cue"],
        rows["pred_speaker"],
        rows["pred_cue"],
        rows["pred_pronoun"],
        strict=True,
    ):
        source_text = " ".join(source.lower().split())
        if source_text in PRONOUNS:
            hit = bool(pronoun) if old else pronoun == source_text
            speaker_hit.append(hit)
            exact_hit.append(hit)
        else:
            speaker_hit.append(is_same_phrase(said, source))
            exact_hit.append(" ".join(said.lower().split()) == source_text)
        cue_hit.append(is_same_phrase(said_cue, cue))
    return pd.DataFrame(
        {"speaker": speaker_hit, "exact": exact_hit, "cue": cue_hit}, index=rows.index
    )


def gold_kind(gold: pd.DataFrame) -> pd.Series:
    is_pronoun = gold["speaker"].str.lower().str.strip().isin(PRONOUNS)
    named = gold["speaker_is_named"] == 1
    return pd.Series(np.where(is_pronoun, "pronoun", np.where(named, "named", "other")), gold.index)


def print_scores(gold: pd.DataFrame, scores: dict[str, pd.DataFrame]) -> None:
    kind = gold_kind(gold)
    subsets = {
        "in sentence": gold["speaker_in_sentence"] == 1,
        "all sources": pd.Series(True, index=gold.index),
        "elsewhere": gold["speaker_in_sentence"] == 0,
        "named (all)": kind == "named",
        "pronoun (all)": kind == "pronoun",
        "other (all)": kind == "other",
    }
    print("\n| sources | rows | method | speaker match | exact match | cue match |")
    print("|---|---:|---|---:|---:|---:|")
    for subset, mask in subsets.items():
        for method, score in scores.items():
            part = score[mask.to_numpy()]
            cue = "n/a" if method == "old rules" else f"{part['cue'].mean():.3f}"
            print(
                f"| {subset} | {len(part)} | {method} | {part['speaker'].mean():.3f} "
                f"| {part['exact'].mean():.3f} | {cue} |"
            )


def read_data(datasets: Path) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    folder = datasets / "polnear"
    paths = folder / "speakers.csv", folder / "train.csv"
    if not all(path.is_file() for path in paths):
        print(f"note: {paths[0]} or {paths[1]} is absent; nothing to benchmark", file=sys.stderr)
        return None
    read = {"dtype": {"doc_id": str}, "keep_default_na": False}
    speakers, sentences = (pd.read_csv(path, **read) for path in paths)
    sentences = sentences.sort_values(["doc_id", "sent_index"], kind="stable")
    return speakers, sentences.reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    common.add_datasets_argument(parser)
    parser.add_argument("--dev", action="store_true", help="score a dev split of the training")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per method")
    parser.add_argument(
        "--throughput",
        type=int,
        default=200_000,
        metavar="N",
        help="sentences of the command's timing (0: skip it)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = read_data(args.datasets)
    if data is None:
        return 1
    speakers, sentences = data
    train, test = split_articles(speakers)
    print(f"# Speakers: `{common.command_line(__file__, argv)}`\n")
    print(
        f"Split by article: {train['doc_id'].nunique()} training articles ({len(train)} rows), "
        f"{test['doc_id'].nunique()} held out ({len(test)} rows)."
    )
    if args.dev:
        train, test = split_articles(train)
        print(
            f"--dev: scoring {test['doc_id'].nunique()} dev articles ({len(test)} rows) of the "
            f"training part; fitting on its other {train['doc_id'].nunique()} articles."
        )
    fit_started = time.perf_counter()
    model = fit_speaker_model(
        train["text"].tolist(), train["speaker"].tolist(), train["cue"].tolist()
    )
    print(
        f"Fitted in {time.perf_counter() - fit_started:.1f} s: {len(model.weights)} weights, "
        f"{len(model.cue_words)} cue words."
    )
    evaluated = sentences[sentences["doc_id"].isin(set(test["doc_id"]))].reset_index(drop=True)
    quotes = int((evaluated["label"] == "quotation").sum())
    gold = evaluated.reset_index().merge(test, on=["doc_id", "sent_index"], suffixes=("_all", ""))
    gold = gold.set_index("index")
    texts = evaluated["text"].tolist()
    articles = evaluated["doc_id"].tolist()
    is_quote = (evaluated["label"] == "quotation").tolist()
    runs = {
        "model": (
            lambda: read_model(evaluated, model),
            lambda: attribute_sentences(texts, articles, is_quote, model),
        ),
        "rules": (
            lambda: read_model(evaluated, None),
            lambda: attribute_sentences(texts, articles, is_quote),
        ),
        "old rules": (lambda: read_old_rules(evaluated),) * 2,
    }
    scores, times = {}, {}
    with common.one_core() as pinned:
        print(common.machine_line(pinned))
        for method, (run, timed) in runs.items():
            predicted = run()
            scores[method] = score_rows(gold, predicted, old=method == "old rules")
            times[method] = common.best_time(timed, args.repeat) / max(quotes, 1) * 1e6
    print(
        f"\n{len(evaluated)} sentences of {evaluated['doc_id'].nunique()} articles, {quotes} "
        f"quotations, {len(gold)} annotated."
    )
    print_scores(gold, scores)
    print("\n| method | µs per quotation sentence (whole articles; old rules incl. pandas) |")
    print("|---|---:|")
    for method, micros in times.items():
        print(f"| {method} | {micros:.1f} |")
    if args.throughput:
        print_command_cost(args.datasets, args.throughput, args.repeat)
    common.print_total(started)
    return 0


def print_command_cost(datasets: Path, sentences: int, repeat: int) -> None:
    """Wall time of the tag command with and without the speaker columns, run in turns."""
    import batch  # noqa: PLC0415 (a sibling script: its real-size corpus)

    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        articles = batch.write_real_corpus(corpus, sentences, datasets)
        command = [sys.executable, "-m", "classifier", "tag", str(corpus), "--quiet", "--force"]
        walls: dict[str, list[float]] = {"speakers": [], "--no-speakers": []}
        for _ in range(repeat):
            for name, extra in (("speakers", []), ("--no-speakers", ["--no-speakers"])):
                out = Path(folder) / "out.jsonl"
                started = time.perf_counter()
                subprocess.run(
                    ["taskset", "-c", "0", *command, "--output", str(out), *extra],
                    cwd=common.REPO_ROOT,
                    check=True,
                )
                walls[name].append(time.perf_counter() - started)
        quotes = sum('"label":"quotation"' in line for line in out.open(encoding="utf-8"))
    print(
        f"\nThe command, {sentences:,} sentences of {articles:,} real documents "
        f"({quotes:,} tagged quotation), {repeat} runs each in turns, one core:\n"
    )
    print("| tag | best s | median s | sentences/s (best) |")
    print("|---|---:|---:|---:|")
    for name, runs in walls.items():
        best = min(runs)
        print(f"| {name} | {best:.2f} | {statistics.median(runs):.2f} | {sentences / best:,.0f} |")
    drop = 1 - min(walls["--no-speakers"]) / min(walls["speakers"])
    print(f"\nThroughput drop with the speaker columns: {drop:.1%} (best against best).")


if __name__ == "__main__":
    raise SystemExit(main())
