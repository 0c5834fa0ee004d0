"""Benchmark main-text extraction from real web pages: ours against trafilatura and jusText.

The pages are WCXB's dev split (``../shared/datasets/wcxb_pages`` from the repo root: one gzipped
HTML page and one ground-truth JSON per page). Each system gives every held-out page a main text,
and the benchmark's own scorer (``evaluate.py`` in the dataset folder, imported, not copied)
scores it: word-level F1 (``word_f1``) against ``ground_truth.main_content``, averaged per page
type (``get_page_type``: ``category`` counts as ``collection``) and over all pages.

- ours: the held-out pages are written to one ``pages.warc.gz`` (one ``response`` record per page)
  and the real command runs on it as a subprocess: ``classifier extract`` when the installed
  command has it, else ``classifier tag`` and a page's main text is its sentences not labelled
  ``boilerplate``, in order, one per line (``main_text_by_page``). The time is the whole
  process's wall time (start-up, model load, WARC reading, tagging, writing the JSONL); a second
  run on the first page alone tells the start-up apart. Articles the command lists as
  ``failed: ...`` get an empty text and are counted.
- trafilatura: ``trafilatura.extract(html)`` with its default settings.
- jusText: ``justext.justext(html, justext.get_stoplist("English"))``; the main text is the
  paragraphs not classified as boilerplate, one per line.

trafilatura and jusText are timed in this process, parsing included, over HTML already in memory.
Everything runs on one core: this process and the subprocess are pinned to CPU 0 (``taskset``
for the subprocess, where it exists) with ``OMP_NUM_THREADS=1`` and its kin.

The held-out split is fixed and grouped by domain: a page is held out when the sha256 of its
registered host (the URL's host without a leading ``www.``), read as the int of its first 8 hex
digits, is 0 modulo 5; a page without a URL is its own group (``page:`` and its id).
``split_pages`` gives the split to other scripts (a training script must train on the rest only).

    pip install -e '.[bench]'
    python benchmarks/pages.py [--model DIR] [--page-model DIR|none] [--limit N] [--json FILE]
                               [--dataset DIR]
                               [--repo DIR] [--classifier-cmd CMD] [--workdir DIR]

prints the page counts per type, a Markdown table of mean F1 per page type and overall for each
system, the pages per second of each and ours/trafilatura, our failures and the pages where our
F1 is lowest (ids only). Without the dataset it prints ``skipped: ...`` and exits 0. Nothing here
prints or keeps any text of the pages; the WARC and the tagged rows live in ``--workdir`` (a
temporary folder, removed at the end, unless given).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import io
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODEL = Path("models") / "default"
DEFAULT_DATASET = Path("..") / "shared" / "datasets" / "wcxb_pages"
SPLIT = "dev"
SCORER_FILE = "evaluate.py"

TEST_MODULUS = 5  # one registered host in TEST_MODULUS is held out
TEST_REMAINDER = 0
HOST_HASH_HEX_DIGITS = 8
NO_HOST_PREFIX = "page:"  # the group of a page without a URL: its own id

WARC_NAME = "pages.warc.gz"
TAGGED_NAME = "tagged.jsonl"
EXTRACTED_NAME = "extracted.jsonl"
STARTUP_FOLDER = "first_page"  # where our command runs on the first page alone
# WARC-Target-URI of a page without a URL: an http(s) one, as a crawl's, since warcio reads the
# HTTP headers (and the command the page) of http(s) records only; ``.invalid`` never resolves.
NO_URL_URI = "https://page-{file_id}.{split}.wcxb.invalid/"

BOILERPLATE = "boilerplate"
FAILED_PREFIX = "failed: "
EXIT_SOME_FAILED = 1  # ``classifier tag``: some articles failed, the others were written
JUSTEXT_LANGUAGE = "English"

CORE = 0
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "BLIS_NUM_THREADS",
)

SYSTEMS = ("ours", "trafilatura", "jusText")
OVERALL = "overall"
TYPE_ORDER = ("article", "forum", "product", "collection", "listing", "documentation", "service")
LOW_F1 = 0.05  # pages of ours under this F1 are listed
LOWEST_SHOWN = 10
STDERR_TAIL_CHARS = 2000


# ---------------------------------------------------------------------------------------------
# The dataset and its split


def load_scorer(dataset_dir: Path) -> ModuleType:
    """The dataset's own ``evaluate.py``, imported from its folder."""
    spec = importlib.util.spec_from_file_location("wcxb_evaluate", dataset_dir / SCORER_FILE)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"{dataset_dir / SCORER_FILE}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ground_truth_paths(dataset_dir: Path) -> list[Path]:
    """The ground-truth files of the split, in file-id order."""
    return sorted((dataset_dir / SPLIT / "ground-truth").glob("*.json"))


def read_ground_truth(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def registered_host(url: str | None) -> str | None:
    """The URL's host without a leading ``www.``; None when there is none."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def group_key(url: str | None, file_id: str) -> str:
    """What a page is split by: its registered host, or its own id when it has no URL."""
    return registered_host(url) or NO_HOST_PREFIX + file_id


def is_held_out(key: str) -> bool:
    """True for the groups of the test side: sha256 prefix of the key % 5 == 0."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return int(digest[:HOST_HASH_HEX_DIGITS], 16) % TEST_MODULUS == TEST_REMAINDER


def split_pages(dataset_dir: Path) -> tuple[list[str], list[str]]:
    """The file ids of the training pages and of the held-out test pages, each sorted."""
    train_ids, test_ids = [], []
    for path in ground_truth_paths(Path(dataset_dir)):
        file_id = path.stem
        url = read_ground_truth(path).get("url")
        (test_ids if is_held_out(group_key(url, file_id)) else train_ids).append(file_id)
    return train_ids, test_ids


def load_pages(dataset_dir: Path, file_ids: Iterable[str], scorer: ModuleType) -> list[dict]:
    """Each page: file id, url, page type, reference main text and the HTML bytes."""
    pages = []
    for file_id in file_ids:
        data = read_ground_truth(dataset_dir / SPLIT / "ground-truth" / f"{file_id}.json")
        truth = data.get("ground_truth") or {}
        with gzip.open(dataset_dir / SPLIT / "html" / f"{file_id}.html.gz", "rb") as handle:
            html = handle.read()
        pages.append(
            {
                "file_id": file_id,
                "url": data.get("url") or None,
                "page_type": scorer.get_page_type(data),
                "reference": truth.get("main_content") or "",
                "html": html,
            }
        )
    return pages


def count_by_type(pages: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for page in pages:
        counts[page["page_type"]] += 1
    return {page_type: counts[page_type] for page_type in ordered_types(counts)}


def ordered_types(types: Iterable[str]) -> list[str]:
    """The page types in the scorer's order, unknown ones after them by name."""
    present = set(types)
    return [t for t in TYPE_ORDER if t in present] + sorted(present - set(TYPE_ORDER))


# ---------------------------------------------------------------------------------------------
# The WARC


def warc_uri(page: dict) -> str:
    return page["url"] or NO_URL_URI.format(split=SPLIT, file_id=page["file_id"])


def write_warc(pages: list[dict], path: Path) -> dict[str, str]:
    """One gzipped ``response`` record per page; the map record id -> file id."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    record_to_page = {}
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for page in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            )
            # With its length given, warcio reads the payload in place (no temporary file).
            record = writer.create_warc_record(
                warc_uri(page),
                "response",
                payload=io.BytesIO(page["html"]),
                length=len(page["html"]),
                http_headers=headers,
            )
            writer.write_record(record)
            record_id = record.rec_headers.get_header("WARC-Record-ID")
            record_to_page[record_id.strip().removeprefix("<").removesuffix(">")] = page["file_id"]
    return record_to_page


# ---------------------------------------------------------------------------------------------
# Ours: the real command, as a subprocess


class OurCommandFailed(RuntimeError):
    """Our command crashed: it exited neither 0 nor 1 with failures and an output."""


def one_core_env() -> dict[str, str]:
    """This process's environment with every thread pool of one thread."""
    return os.environ | {name: "1" for name in THREAD_VARIABLES}


def pinned(command: list[str]) -> list[str]:
    """``command`` under ``taskset -c CORE`` where taskset exists."""
    taskset = shutil.which("taskset")
    return [taskset, "-c", str(CORE), *command] if taskset else command


def has_extract(classifier_cmd: list[str], repo: Path) -> str | None:
    """The help text of ``classifier extract`` when the command has it, else None."""
    result = subprocess.run(
        [*classifier_cmd, "extract", "--help"],
        cwd=repo,
        env=one_core_env(),
        capture_output=True,
        text=True,
    )
    return result.stdout if result.returncode == 0 else None


def ours_command(
    classifier_cmd: list[str],
    warc: Path,
    model: Path,
    workdir: Path,
    extract_help: str | None,
    page_model: str | None = None,
) -> tuple[list[str], Path]:
    """The command line of our run and the JSONL file it writes."""
    if extract_help is None:
        output = workdir / TAGGED_NAME
        arguments = ["tag", str(warc), "--model", str(model), "--output", str(output)]
        return [*classifier_cmd, *arguments, "--quiet"], output
    output = workdir / EXTRACTED_NAME
    arguments = ["extract", str(warc), "--output", str(output)]
    if "--model" in extract_help:
        arguments += ["--model", str(model)]
    if page_model is not None and "--page-model" in extract_help:
        arguments += ["--page-model", page_model]
    return [*classifier_cmd, *arguments], output


def run_timed(command: list[str], repo: Path) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``command`` pinned to one core; its result and wall seconds."""
    start = time.perf_counter()
    result = subprocess.run(
        pinned(command), cwd=repo, env=one_core_env(), capture_output=True, text=True
    )
    return result, time.perf_counter() - start


def failures_of(stderr: str) -> list[str]:
    """The ``failed: ...`` lines of the command's stderr, without the prefix."""
    return [
        line[len(FAILED_PREFIX) :] for line in stderr.splitlines() if line.startswith(FAILED_PREFIX)
    ]


def check_finished(result: subprocess.CompletedProcess, output: Path, failures: list[str]) -> None:
    """Raise unless the run succeeded, or failed on some articles only and wrote the others."""
    some_failed = result.returncode == EXIT_SOME_FAILED and failures and output.exists()
    if result.returncode == 0 or some_failed:
        return
    raise OurCommandFailed(
        f"our command exited {result.returncode}:\n{result.stderr[-STDERR_TAIL_CHARS:]}"
    )


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main_text_by_page(rows: Iterable[dict]) -> dict[str, str]:
    """Each article's main text from tagged rows: its non-boilerplate sentences, one per line.

    Sentences are taken in ``sent_index`` order; an article all of whose sentences are
    boilerplate has an empty text. ``classifier extract`` outputs exactly this as ``text``.
    """
    sentences: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in rows:
        kept = sentences[str(row["doc_id"])]
        if row["label"] != BOILERPLATE:
            kept.append((int(row["sent_index"]), row["text"]))
    return {
        doc_id: "\n".join(text for _, text in sorted(kept)) for doc_id, kept in sentences.items()
    }


def extracted_text_by_page(rows: Iterable[dict]) -> dict[str, str]:
    """Each article's main text from ``classifier extract`` rows (``id``, ``text``)."""
    return {str(row["id"]): row.get("text") or "" for row in rows}


def failed_pages(failures: list[str], record_to_page: dict[str, str]) -> list[str]:
    """The file ids named by the failure messages (a message names its record id)."""
    return sorted(
        file_id
        for record_id, file_id in record_to_page.items()
        if any(record_id in failure for failure in failures)
    )


def run_ours(args, pages: list[dict], workdir: Path) -> dict:
    """Our command on the pages' WARC: texts by file id, wall seconds, failures, command."""
    warc = workdir / WARC_NAME
    record_to_page = write_warc(pages, warc)
    extract_help = has_extract(args.classifier_cmd, args.repo)
    command, output = ours_command(
        args.classifier_cmd, warc, args.model, workdir, extract_help, args.page_model
    )
    output.unlink(missing_ok=True)  # of an earlier run in the same --workdir
    result, seconds = run_timed(command, args.repo)
    failures = failures_of(result.stderr)
    check_finished(result, output, failures)
    rows = read_jsonl(output)
    by_article = extracted_text_by_page(rows) if extract_help else main_text_by_page(rows)
    texts = {
        file_id: by_article.get(record_id, "") for record_id, file_id in record_to_page.items()
    }
    return {
        "texts": texts,
        "seconds": seconds,
        "command": shlex.join(pinned(command)),
        "exit_code": result.returncode,
        "failures": failures,
        "failed_pages": failed_pages(failures, record_to_page),
        "record_ids": record_to_page,
        "pages_without_rows": sorted(
            file_id for record_id, file_id in record_to_page.items() if record_id not in by_article
        ),
    }


def ours_startup_seconds(args, pages: list[dict], workdir: Path) -> float:
    """Wall seconds of our command on the first page alone: mostly start-up and model load."""
    folder = workdir / STARTUP_FOLDER
    folder.mkdir(exist_ok=True)
    return run_ours(args, pages[:1], folder)["seconds"]


def after_startup(ours_seconds: float, startup_seconds: float, pages: int) -> float | None:
    """Our pages per second beyond the first page's run (None when that cannot be told)."""
    extra = ours_seconds - startup_seconds
    return (pages - 1) / extra if pages > 1 and extra > 0 else None


# ---------------------------------------------------------------------------------------------
# The other systems, in this process


def trafilatura_text(html: bytes) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def justext_text(html: bytes) -> str:
    import justext

    paragraphs = justext.justext(html, justext.get_stoplist(JUSTEXT_LANGUAGE))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def run_in_process(extract: Callable[[bytes], str], pages: list[dict]) -> dict:
    """``extract`` on every page in turn: texts by file id, wall seconds, pages that raised."""
    texts, errors = {}, []
    start = time.perf_counter()
    for page in pages:
        try:
            texts[page["file_id"]] = extract(page["html"])
        except Exception as e:  # a page the library cannot handle scores 0, as an empty text
            texts[page["file_id"]] = ""
            errors.append(f"{page['file_id']}: {type(e).__name__}")
    return {"texts": texts, "seconds": time.perf_counter() - start, "errors": errors}


def warm_up(extract: Callable[[bytes], str], pages: list[dict]) -> None:
    """Import the library and build its caches outside the timing (one page, not scored)."""
    try:
        extract(pages[0]["html"])
    except Exception:
        pass


# ---------------------------------------------------------------------------------------------
# Scores and the report


def score_pages(pages: list[dict], runs: dict[str, dict], scorer: ModuleType) -> list[dict]:
    """Per page: file id, page type and each system's F1 (the scorer's ``word_f1``)."""
    scores = []
    for page in pages:
        row = {"file_id": page["file_id"], "page_type": page["page_type"]}
        for system, run in runs.items():
            row[system] = scorer.word_f1(run["texts"].get(page["file_id"], ""), page["reference"])[
                2
            ]
        scores.append(row)
    return scores


def mean_f1_table(scores: list[dict], systems: Iterable[str]) -> dict[str, dict]:
    """Mean F1 of each system per page type and overall, with the page counts."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in scores:
        groups[row["page_type"]].append(row)
    groups_in_order = {t: groups[t] for t in ordered_types(groups)} | {OVERALL: scores}
    return {
        name: {"pages": len(rows)} | {s: statistics.fmean(r[s] for r in rows) for s in systems}
        for name, rows in groups_in_order.items()
        if rows
    }


def speeds(runs: dict[str, dict], pages: int) -> dict[str, dict]:
    return {
        system: {"seconds": run["seconds"], "pages_per_second": pages / run["seconds"]}
        for system, run in runs.items()
    }


def markdown_f1_table(table: dict[str, dict], systems: list[str]) -> str:
    lines = [
        "| page type | pages | " + " | ".join(f"{s} F1" for s in systems) + " |",
        "| --- | ---: | " + " | ".join("---:" for _ in systems) + " |",
    ]
    for name, row in table.items():
        cells = " | ".join(f"{row[s]:.3f}" for s in systems)
        label = f"**{name}**" if name == OVERALL else name
        lines.append(f"| {label} | {row['pages']} | {cells} |")
    return "\n".join(lines)


def markdown_speed_table(speed: dict[str, dict], reference: str) -> str:
    lines = ["| system | seconds | pages/s | vs trafilatura |", "| --- | ---: | ---: | ---: |"]
    for system, row in speed.items():
        ratio = row["pages_per_second"] / speed[reference]["pages_per_second"]
        lines.append(
            f"| {system} | {row['seconds']:.1f} | {row['pages_per_second']:.1f} | {ratio:.2f}x |"
        )
    return "\n".join(lines)


def lowest_pages(scores: list[dict], system: str) -> list[dict]:
    """The pages where ``system`` scored under ``LOW_F1``, lowest first."""
    low = [row for row in scores if row[system] < LOW_F1]
    return sorted(low, key=lambda row: (row[system], row["file_id"]))


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def versions() -> dict[str, str]:
    names = ("trafilatura", "justext", "lxml", "lxml_html_clean", "warcio")
    return {"python": platform.python_version()} | {n: package_version(n) for n in names}


def pin_this_process() -> str:
    """Pin this process to ``CORE`` (or its lowest allowed CPU); say how."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    allowed = os.sched_getaffinity(0)
    core = CORE if CORE in allowed else min(allowed)
    os.sched_setaffinity(0, {core})
    return f"pinned to CPU {core}"


def print_report(results: dict) -> None:
    print("\n## Mean word F1 (evaluate.py's word_f1) on the held-out pages\n")
    print(markdown_f1_table(results["f1"], list(results["speed"])))
    print("\n## Speed, one core\n")
    print(markdown_speed_table(results["speed"], "trafilatura"))
    ours = results["ours"]
    steady = ours["pages_per_second_after_first"]
    print(
        f"\nOurs on the first page alone: {ours['first_page_seconds']:.1f} s (start-up, model "
        "load); beyond it: " + (f"{steady:.1f} pages/s" if steady else "not measurable")
    )
    print(
        f"Ours: exit code {ours['exit_code']}, {len(ours['failures'])} failure line(s), "
        f"{len(ours['pages_without_rows'])} page(s) without any row."
    )
    for failure in ours["failures"]:
        print(f"  failed: {failure}")
    for system in ("trafilatura", "jusText"):
        errors = results[system]["errors"]
        if errors:
            print(f"{system}: {len(errors)} page(s) raised: {', '.join(errors)}")
    low = results["ours_low_f1"]
    shown = ", ".join(
        f"{r['file_id']} ({r['page_type']}, {r['ours']:.3f})" for r in low[:LOWEST_SHOWN]
    )
    print(f"\nOurs under F1 {LOW_F1}: {len(low)} page(s); lowest: {shown or 'none'}")


# ---------------------------------------------------------------------------------------------
# The command line


def positive_int(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=REPO_ROOT, help="repo root (default: ..)")
    parser.add_argument(
        "--model", type=Path, help=f"model folder (default: {DEFAULT_MODEL} in the repo)"
    )
    parser.add_argument(
        "--page-model",
        metavar="DIR",
        help="page model folder, or none (default: the command's own, models/pages)",
    )
    parser.add_argument(
        "--dataset", type=Path, help=f"WCXB folder (default: {DEFAULT_DATASET} from the repo)"
    )
    parser.add_argument(
        "--limit", type=positive_int, metavar="N", help="only the first N test pages"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="save the results as JSON")
    parser.add_argument(
        "--classifier-cmd",
        default=shlex.join([sys.executable, "-m", "classifier"]),
        metavar="CMD",
        help="how to run the classifier command (default: this Python's -m classifier)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        metavar="DIR",
        help="keep the WARC and our output there (default: a temporary folder, removed)",
    )
    args = parser.parse_args(argv)
    args.repo = args.repo.resolve()
    args.model = (args.repo / (args.model or DEFAULT_MODEL)).resolve()
    args.dataset = (args.repo / (args.dataset or DEFAULT_DATASET)).resolve()
    args.classifier_cmd = shlex.split(args.classifier_cmd)
    args.workdir = args.workdir.resolve() if args.workdir is not None else None
    return args


def test_pages(args, scorer: ModuleType) -> list[dict]:
    """The held-out pages (the first ``--limit`` of them), loaded; their counts printed."""
    train_ids, test_ids = split_pages(args.dataset)
    print(f"Split: {len(train_ids)} train pages, {len(test_ids)} held-out test pages.")
    pages = load_pages(args.dataset, test_ids[: args.limit], scorer)
    counts = count_by_type(pages)
    print(f"Test pages run: {len(pages)}: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    return pages


def benchmark(args, workdir: Path) -> dict:
    scorer = load_scorer(args.dataset)
    pages = test_pages(args, scorer)
    ours = run_ours(args, pages, workdir)
    print(f"Ours: {ours['command']}")
    startup = ours_startup_seconds(args, pages, workdir)
    runs = {"ours": ours}
    for system, extract in (("trafilatura", trafilatura_text), ("jusText", justext_text)):
        warm_up(extract, pages)
        runs[system] = run_in_process(extract, pages)
    scores = score_pages(pages, runs, scorer)
    return {
        "pages": len(pages),
        "page_types": count_by_type(pages),
        "f1": mean_f1_table(scores, SYSTEMS),
        "speed": speeds(runs, len(pages)),
        "ours": {key: value for key, value in ours.items() if key != "texts"}
        | {
            "first_page_seconds": startup,
            "pages_per_second_after_first": after_startup(ours["seconds"], startup, len(pages)),
        },
        "trafilatura": {"errors": runs["trafilatura"]["errors"]},
        "jusText": {"errors": runs["jusText"]["errors"]},
        "ours_low_f1": lowest_pages(scores, "ours"),
        "per_page": scores,
    }


def benchmark_in_workdir(args) -> dict:
    """``benchmark`` in ``--workdir``, or in a temporary folder removed after it."""
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        return benchmark(args, args.workdir)
    with tempfile.TemporaryDirectory() as workdir:
        return benchmark(args, Path(workdir))


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = parse_args(argv)
    if not (args.dataset / SPLIT / "ground-truth").is_dir():
        print(f"skipped: {args.dataset} is absent (the WCXB pages are not in the repository)")
        return 0
    os.environ.update({name: "1" for name in THREAD_VARIABLES})
    pin = pin_this_process()
    print(
        f"Command: {shlex.join(['benchmarks/pages.py', *(sys.argv[1:] if argv is None else argv)])}"
    )
    print(f"Versions: {versions()}; {os.cpu_count()} CPUs, {pin}; model {args.model}")
    try:
        results = benchmark_in_workdir(args)
    except OurCommandFailed as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    results |= {"versions": versions(), "model": str(args.model), "pinning": pin}
    results["total_seconds"] = time.perf_counter() - started
    print_report(results)
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nTotal {results['total_seconds']:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
