"""Batch tagging end to end: peak memory and sentences/s of ``classifier tag`` as the corpus grows.

For each size N (sentences) a JSONL corpus is written, then ``python -m classifier tag
corpus.jsonl --output out.jsonl --quiet --jobs J`` runs as a child process (and, with
``--commands tag extract``, ``classifier extract`` the same way: one row per article).
``--corpus real`` (the default when ``../shared/datasets`` is there) takes real-size documents:
the WCXB pages (text blocks, 50-300 and more per page), NewsDiscourse and PolNeAR articles, in a
seeded random order, cycled until N sentences; the corpus is written to a temporary folder and
deleted, never kept.
``--corpus warc`` writes the WCXB pages (``wcxb_pages``: 1,497 real web pages, HTML) in a seeded
random order as one gzipped WARC of ``response`` records, cycled until their text blocks hold N
sentences: a crawl, read and parsed by the command itself.
``--corpus synthetic`` generates 12-sentence articles from a seeded random generator (made-up
words and templates of reporting, quotes, opinion and boilerplate; no real text). Reported per
run:

- wall time, sentences/s and MB/s of input JSONL (end to end: start-up, model load, reading,
  tagging, writing);
- peak RSS of the largest single process, from ``os.wait4`` (the child's ``ru_maxrss``, which
  covers the worker processes it waited for);
- peak RSS of the whole process tree (the child plus its worker processes), sampled from ``/proc``
  every 0.2 s.

Flat memory means the peaks do not grow with N. With ``--rounds R`` every run of a size is
repeated R times, in turns (one round runs each ``--jobs`` once), and each ``--jobs`` above 1 is
summed up against ``--jobs 1`` round by round: the median, the range and every round's ratio,
since on a shared machine one pair of runs can be 20% off either way.

    python benchmarks/batch.py [--sizes 30000 100000 300000] [--jobs 1 2] [--model models/default]
                               [--commands tag extract] [--rounds R]
                               [--corpus real|warc|synthetic] [--chunk-chars N]
    python benchmarks/batch.py --check   # a tiny run that asserts every sentence was tagged
    python benchmarks/batch.py --corpus warc --sizes 200000 --write-corpus crawl.warc.gz
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SENTENCES_PER_ARTICLE = 12
SAMPLE_SECONDS = 0.2
SYLLABLES = "ka lo mi ra te su no vi da pe zo ru fa ni go be lu ta ke mo".split()
SOURCES = ("wire", "daily", "blog", "gazette")


def make_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


def make_sentence(rng: random.Random) -> str:
    words = " ".join(make_word(rng) for _ in range(rng.randint(5, 18)))
    name = make_word(rng).capitalize()
    kind = rng.random()
    if kind < 0.25:
        return f"“{words.capitalize()},” {name} said."
    if kind < 0.35:
        return rng.choice(["Advertisement", "Subscribe to our newsletter", "Share this article"])
    if kind < 0.5:
        return f"This is a disgrace, and {words}."
    return f"{name} reported that {words} on Monday."


def write_corpus(path: Path, sentences: int, *, seed: int = 0) -> int:
    """A JSONL corpus of about ``sentences`` sentences; returns the number of articles."""
    rng = random.Random(seed)
    articles = 0
    with open(path, "w", encoding="utf-8") as handle:
        for start in range(0, sentences, SENTENCES_PER_ARTICLE):
            count = min(SENTENCES_PER_ARTICLE, sentences - start)
            text = "\n".join(make_sentence(rng) for _ in range(count)) + "\n"
            record = {"id": f"doc{articles:07d}", "source": rng.choice(SOURCES), "text": text}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            articles += 1
    return articles


def write_real_corpus(path: Path, sentences: int, datasets: Path) -> int:
    """The shared sets' documents as articles, shuffled, cycled to ``sentences``; returns the
    number of articles."""
    common = _sibling("common")
    articles = common.repeat_articles(common.real_size_documents(datasets), sentences)
    common.write_articles(articles, path)
    return len(articles)


def write_warc_corpus(path: Path, sentences: int, datasets: Path, *, seed: int = 0) -> int:
    """The WCXB pages as one gzipped WARC in a seeded random order, cycled until their text
    blocks hold ``sentences`` sentences (as ``classifier tag`` splits them); returns the number
    of records. Pages without visible text are written too: crawls have them."""
    import gzip  # noqa: PLC0415 (only for this corpus)
    import io  # noqa: PLC0415

    from warcio.statusandheaders import StatusAndHeaders  # noqa: PLC0415
    from warcio.warcwriter import WARCWriter  # noqa: PLC0415

    from classifier.inputs.html_pages import page_article  # noqa: PLC0415
    from classifier.text.segment import split_sentences  # noqa: PLC0415

    pages_script = _sibling("pages")
    folder = datasets / "wcxb_pages" / "dev"
    pages = []
    for html_path in sorted((folder / "html").glob("*.html.gz")):
        file_id = html_path.name.removesuffix(".html.gz")
        truth = json.loads((folder / "ground-truth" / f"{file_id}.json").read_text("utf-8"))
        # warcio reads the HTTP headers of http(s) records only: a page without a URL gets one.
        url = truth.get("url") or pages_script.NO_URL_URI.format(
            split=pages_script.SPLIT, file_id=file_id
        )
        raw = gzip.decompress(html_path.read_bytes())
        row = page_article(raw, file_id, {"id": file_id}, None)
        text = row.get("text", "") if isinstance(row, dict) else ""
        pages.append((url, raw, len(split_sentences(text))))
    if not any(count for _url, _raw, count in pages):
        raise SystemExit(f"{folder}: no page has visible text")
    random.Random(seed).shuffle(pages)
    headers = [("Content-Type", "text/html; charset=utf-8")]
    records = total = 0
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, raw, count in itertools.cycle(pages):
            if total >= sentences:
                break
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(raw),
                length=len(raw),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
            )
            writer.write_record(record)
            records, total = records + 1, total + count
    return records


def _sibling(name: str):
    """The sibling script ``name`` (``common``, ``pages``), imported only for the corpora that
    need it."""
    folder = str(Path(__file__).resolve().parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module(name)


def tree_rss_kb(root: int) -> int:
    """Resident memory (KB) of ``root`` and all its descendants, read from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


def run_tag(
    corpus: Path,
    out: Path,
    *,
    model: str,
    jobs: int,
    chunk_chars: int | None = None,
    command: str = "tag",
) -> dict:
    argv = [sys.executable, "-m", "classifier", command, str(corpus), "--model", model]
    argv += ["--output", str(out), "--quiet", "--force", "--jobs", str(jobs)]
    if chunk_chars is not None:
        argv += ["--chunk-chars", str(chunk_chars)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env)
    peak_tree = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.wait(SAMPLE_SECONDS):
            peak_tree = max(peak_tree, tree_rss_kb(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"classifier {command} exited with {child.returncode}")
    return {
        "seconds": seconds,
        "peak_process_mb": usage.ru_maxrss / 1024,
        "peak_tree_mb": peak_tree / 1024,
    }


def write_in_child(corpus: Path, size: int, kind: str, datasets: Path) -> int:
    """Write the corpus in a process of its own (this script with ``--write-corpus``) and return
    its article count. Written here, the corpus's DataFrames would stay in this process's memory,
    and a ``classifier tag`` child forked from it starts with all of that resident: its
    ``ru_maxrss`` would count it."""
    argv = [sys.executable, __file__, "--write-corpus", str(corpus), "--sizes", str(size)]
    argv += ["--corpus", kind, "--datasets", str(datasets)]
    done = subprocess.run(argv, check=True, capture_output=True, text=True)
    return int(done.stdout.split()[-1])


def count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30_000, 100_000, 300_000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--commands",
        nargs="+",
        choices=("tag", "extract"),
        default=["tag"],
        help="the commands to time on each corpus (extract writes one row per article)",
    )
    parser.add_argument("--model", default=str(REPO / "models" / "default"))
    parser.add_argument("--check", action="store_true", help="a tiny run that asserts its result")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run each size's commands this many times in turns, and sum up each --jobs above 1 "
        "against --jobs 1 round by round",
    )
    parser.add_argument(
        "--corpus",
        choices=("real", "warc", "synthetic"),
        help="real-size documents of the shared sets (JSONL), the WCXB pages as a WARC crawl, "
        "or synthetic 12-sentence articles (default: real when the datasets are there)",
    )
    parser.add_argument(
        "--chunk-chars", type=int, help="passed to classifier tag (default: its own default)"
    )
    parser.add_argument("--datasets", type=Path, default=REPO.parent / "shared" / "datasets")
    parser.add_argument(
        "--write-corpus",
        type=Path,
        metavar="PATH",
        help="only write the corpus of the first --sizes and --corpus to PATH (kept), to time "
        "commands on it by hand; prints its number of articles",
    )
    args = parser.parse_args(argv)
    if args.corpus is None:
        real = (args.datasets / "wcxb").is_dir() and not args.check
        args.corpus = "real" if real else "synthetic"
    if args.write_corpus is not None:  # the child of write_in_child
        if args.corpus == "real":
            articles = write_real_corpus(args.write_corpus, args.sizes[0], args.datasets)
        elif args.corpus == "warc":
            articles = write_warc_corpus(args.write_corpus, args.sizes[0], args.datasets)
        else:
            articles = write_corpus(args.write_corpus, args.sizes[0])
        print(articles)
        return 0
    sizes, jobs_list = ([600], [1]) if args.check else (args.sizes, args.jobs)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, model {args.model}, "
        f"{args.corpus} corpus, chunk chars {args.chunk_chars or 'default'}"
    )
    print(
        f"{'command':>7} {'sentences':>10} {'articles':>9} {'jobs':>4} {'seconds':>8} "
        f"{'sent/s':>8} {'MB/s':>6} {'peak MB (1 proc)':>16} {'peak MB (tree)':>14}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            suffix = ".warc.gz" if args.corpus == "warc" else ".jsonl"
            corpus = Path(folder) / f"corpus-{size}{suffix}"
            articles = write_in_child(corpus, size, args.corpus, args.datasets)
            tagged = size  # sentences: the corpus's nominal size until tag counts them
            seconds: dict[tuple[str, int], list[float]] = {}
            runs = itertools.product(range(args.rounds), jobs_list, args.commands)
            for _round, jobs, command in runs:
                out = Path(folder) / "out.jsonl"
                result = run_tag(
                    corpus,
                    out,
                    model=args.model,
                    jobs=jobs,
                    chunk_chars=args.chunk_chars,
                    command=command,
                )
                seconds.setdefault((command, jobs), []).append(result["seconds"])
                rows = count_lines(out)
                if command == "tag":
                    tagged = rows
                    assert tagged >= size, f"{tagged} rows for {size} sentences"
                else:
                    assert rows == articles, f"{rows} extracted rows for {articles} articles"
                print(
                    f"{command:>7} {tagged:>10,} {articles:>9,} {jobs:>4} "
                    f"{result['seconds']:>8.1f} {tagged / result['seconds']:>8,.0f} "
                    f"{corpus.stat().st_size / 1e6 / result['seconds']:>6.2f} "
                    f"{result['peak_process_mb']:>16.0f} "
                    f"{result['peak_tree_mb']:>14.0f}",
                    flush=True,
                )
            if args.rounds > 1:
                print_speed_ups(seconds, tagged)
            corpus.unlink()
    return 0


def print_speed_ups(seconds: dict[tuple[str, int], list[float]], sentences: int) -> None:
    """Each command's runs with more jobs against ``--jobs 1``, round by round."""
    for (command, jobs), times in seconds.items():
        alone = seconds.get((command, 1))
        if jobs == 1 or alone is None:
            continue
        ratios = [one / many for one, many in zip(alone, times, strict=True)]
        print(
            f"{command} --jobs {jobs} against --jobs 1 on {sentences:,} sentences, "
            f"{len(ratios)} rounds in turns: median {statistics.median(ratios):.2f}x "
            f"({min(ratios):.2f}x to {max(ratios):.2f}x; "
            f"{', '.join(f'{ratio:.2f}' for ratio in ratios)}); "
            f"on the totals {sum(alone) / sum(times):.2f}x"
        )


if __name__ == "__main__":
    sys.exit(main())
