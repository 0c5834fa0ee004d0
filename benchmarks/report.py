"""Time and peak memory of ``classifier report`` on a synthetic corpus of tagged articles.

The corpus is generated here (no shared data): ``--sources`` sources with ``--articles`` articles in
all, about 20 sentences each, drawn from a few sentence templates per label with varied names,
numbers and made-up words (so that, as in real text, content sentences are mostly distinct, and
some carry curly quotes or dashes), plus repeated chrome lines, so every signal has something to
count. Like the output of ``classifier tag``, it carries each label's probability (the confidence
for the label given) and each quotation's ``speaker``, ``speaker_kind`` and ``cue`` (read by the
same reader, once per template and name); ``--without-speakers`` leaves them out, as in a file
tagged before those columns, which the report then reads itself. Each format is built
by the real CLI in a child process; wall time and the child's peak resident memory are reported,
next to a baseline measured in the same run: reading the same file and counting labels per source
with pandas (the least any report must do).

    .venv/bin/python benchmarks/report.py [--articles 100000] [--sources 1000] [--keep DIR]
                                          [--without-speakers]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from classifier.attribution import attribute_sentences

REPO = Path(__file__).resolve().parents[1]
SENTENCES_PER_ARTICLE = 20
NAMES = ("Maria Lopez", "the ministry", "John Okafor", "Chen Wei", "the council", "Amira Haddad")
TEMPLATES = {
    "reporting": (
        "The committee of {place} met on Tuesday to discuss the {topic} budget of {n} million.",
        "According to the agency, {n} people in {place} were affected by the {topic} floods.",
        "Officials opened a new bridge across the {place} river in {n} days, {words}.",
    ),
    "quotation": (
        "“We will not accept this {topic},” {name} said.",
        "{name} told reporters that the {topic} plan for {place} would cost {n} million.",
        "A senior official said the talks on {topic} had stalled.",
        "{name} claimed the figures from {place} were wrong.",
    ),
    "opinion": (
        "This is a remarkable failure of leadership in {place}.",
        "The {topic} decision should worry anyone who cares about fairness — {words}.",
    ),
    "boilerplate": (
        "Advertisement",
        "Leave a Reply",
        "Subscribe to our newsletter",
        "Photo: staff photographer",
        "Published {n} March 2024",
    ),
}
MIX = np.array([0.45, 0.3, 0.1, 0.15])
SYLLABLES = "ka lo mi ra te su no vi da pe zo ru fa ni go be lu ta ke mo".split()
VOCABULARY = 2_000  # made-up words, so that content sentences are mostly distinct, as in real text


def make_words(rng: np.random.Generator, count: int) -> np.ndarray:
    syllables = rng.choice(SYLLABLES, size=(count, 3))
    lengths = rng.integers(1, 4, count)
    return np.array(["".join(row[:k]) for row, k in zip(syllables, lengths, strict=True)])


def make_corpus(
    n_articles: int, n_sources: int, *, seed: int = 0, speakers: bool = True
) -> pd.DataFrame:
    """Tagged rows in the schema ``classifier tag`` writes."""
    rng = np.random.default_rng(seed)
    labels = np.array(list(TEMPLATES))
    source_mix = rng.dirichlet(MIX * 20, size=n_sources)
    n_rows = n_articles * SENTENCES_PER_ARTICLE
    doc = np.repeat(np.arange(n_articles), SENTENCES_PER_ARTICLE)
    source = doc % n_sources
    cumulative = source_mix.cumsum(axis=1)[source]
    label_index = (rng.random(n_rows)[:, None] > cumulative).sum(axis=1).clip(0, 3)
    template_pick = rng.integers(0, 1000, n_rows)
    names = rng.integers(0, len(NAMES), n_rows)
    numbers = rng.integers(2, 500, n_rows)
    vocabulary = make_words(rng, VOCABULARY)
    places, topics = vocabulary[rng.integers(0, VOCABULARY, (2, n_rows))]
    word_counts = rng.integers(3, 9, n_rows)
    texts, templates = [], []
    for i in range(n_rows):
        options = TEMPLATES[labels[label_index[i]]]
        template = options[template_pick[i] % len(options)]
        words = " ".join(vocabulary[rng.integers(0, VOCABULARY, word_counts[i])])
        fields = {"name": NAMES[names[i]], "n": numbers[i], "place": places[i].capitalize()}
        texts.append(template.format(**fields, topic=topics[i], words=words))
        templates.append(template)
    confidence = rng.uniform(0.3, 1.0, n_rows)
    # Each label's probability: the confidence for the label given, the rest shared at random.
    rest = rng.dirichlet(np.ones(len(labels)), size=n_rows) * (1 - confidence)[:, None]
    rest[np.arange(n_rows), label_index] = 0.0
    rest *= ((1 - confidence) / rest.sum(axis=1))[:, None]
    rest[np.arange(n_rows), label_index] = confidence
    corpus = pd.DataFrame(
        {
            "doc_id": [f"article-{d}" for d in doc],
            "source": [f"outlet-{s}" for s in source],
            "sent_index": np.tile(np.arange(SENTENCES_PER_ARTICLE), n_articles),
            "text": texts,
            "label": labels[label_index],
            "confidence": confidence,
            **{f"p_{label}": rest[:, i] for i, label in enumerate(labels)},
        }
    )
    if not speakers:
        return corpus
    return with_speakers(corpus, pd.Series(templates), pd.Series(NAMES).take(names).to_numpy())


def with_speakers(corpus: pd.DataFrame, templates: pd.Series, names: np.ndarray) -> pd.DataFrame:
    """The speaker columns of ``classifier tag``, read by the same reader once per quotation
    template and name, with filler words: who speaks does not depend on the made-up words (and
    the templates have no pronouns or continued quotes, so a sentence needs no context)."""
    is_quote = (corpus["label"] == "quotation").to_numpy()
    pairs = pd.DataFrame({"template": templates[is_quote], "name": names[is_quote]})
    distinct = pairs.drop_duplicates()
    filled = [
        template.format(name=name, n=12, place="Lotavi", topic="rami", words="ka lo mi")
        for template, name in distinct.itertuples(index=False)
    ]
    read = attribute_sentences(filled, range(len(filled)), [True] * len(filled))
    columns = pd.DataFrame(
        [(a.speaker, a.kind, a.cue) for a in read], columns=["speaker", "speaker_kind", "cue"]
    )
    found = pairs.merge(pd.concat([distinct.reset_index(drop=True), columns], axis=1), how="left")
    corpus = corpus.assign(speaker="", speaker_kind="", cue="")
    corpus.loc[is_quote, ["speaker", "speaker_kind", "cue"]] = found[
        ["speaker", "speaker_kind", "cue"]
    ].to_numpy()
    return corpus


def run_child(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one child process, read with ``wait4``."""
    started = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed with exit code {child.returncode}")
    return seconds, usage.ru_maxrss / 1024


BASELINE = (
    "import sys, pandas as pd; t = pd.read_parquet(sys.argv[1]); "
    "print(t.groupby(['source', 'label']).size().unstack(fill_value=0).shape)"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=1_000)
    parser.add_argument("--keep", metavar="DIR", help="keep the tagged file and the outputs here")
    parser.add_argument(
        "--without-speakers",
        action="store_true",
        help="leave out the speaker columns, as in a file tagged before them",
    )
    args = parser.parse_args(argv)
    folder = Path(args.keep or tempfile.mkdtemp(prefix="report-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    tagged = folder / "tagged.parquet"
    corpus = make_corpus(args.articles, args.sources, speakers=not args.without_speakers)
    corpus.to_parquet(tagged, index=False)
    print(f"{args.articles:,} articles, {args.sources:,} sources, {len(corpus):,} sentences")
    del corpus
    python = sys.executable
    results = {"baseline (read + count labels)": run_child([python, "-c", BASELINE, str(tagged)])}
    for fmt, output in (("json", folder / "report.json"), ("html", folder / "html")):
        command = [python, "-m", "classifier", "report", str(tagged), "--format", fmt]
        results[f"report --format {fmt}"] = run_child([*command, "-o", str(output), "--force"])
    base_seconds = results["baseline (read + count labels)"][0]
    print(f"{'step':<32} {'seconds':>8} {'x baseline':>11} {'peak MiB':>9}")
    for step, (seconds, peak) in results.items():
        print(f"{step:<32} {seconds:>8.1f} {seconds / base_seconds:>11.1f} {peak:>9.0f}")
    pages = list((folder / "html").rglob("*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    total = sum(p.stat().st_size for p in pages)
    print(
        f"html: {len(pages):,} pages, {total / 2**20:,.0f} MiB in all, largest "
        f"{largest.stat().st_size / 2**20:.2f} MiB ({largest.relative_to(folder)})"
    )
    if not args.keep:
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
