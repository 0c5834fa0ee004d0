"""--engine dask: the same tagging on a real two-worker LocalCluster, the same Parquet out."""

import json
import time

import pandas as pd
import pyarrow.parquet as pq
import pytest
from distributed import LocalCluster

from classifier.cli import main
from classifier.inputs import parts

SOURCES = ("wire", "blog", "daily")
SENTENCES = (
    "Officials said the talks would resume on Monday.",
    "“We will not back down,” the minister told reporters.",
    "This is a disgrace and everyone knows it.",
    "Subscribe to our newsletter for more stories.",
    "Prices rose 3% in the last quarter, the agency reported.",
    "Critics called the decision a scandal.",
    "Advertisement",
    "The meeting lasted several hours.",
    "“It is a good day for the city,” she said.",
    "Frankly, the plan is absurd.",
)
N_ARTICLES = 240
CHUNK_SIZE = 25  # ten partitions


def make_articles(n: int = N_ARTICLES) -> list[dict]:
    """Short articles of two to five sentences, each a different mix of the templates."""
    articles = []
    for i in range(n):
        picked = [SENTENCES[(i * 7 + k * 3) % len(SENTENCES)] for k in range(2 + i % 4)]
        text = " ".join(picked) if i % 5 else "\n\n".join(picked)
        articles.append({"id": f"n{i:04d}", "source": SOURCES[i % 3], "text": text})
    return articles


def write_input(folder, kind, n: int = N_ARTICLES) -> list[str]:
    articles = make_articles(n)
    if kind == "jsonl":  # with two bad lines: failures are listed and the rest are tagged
        path = folder / "in.jsonl"
        lines = [json.dumps(article) for article in articles]
        lines[17] = "{oops"
        lines[130] = "[1, 2]"
        path.write_text("\n".join(lines) + "\n")
        return [str(path)]
    if kind == "parquet":
        path = folder / "in.parquet"
        pd.DataFrame(articles).to_parquet(path, row_group_size=100)
        return [str(path)]
    paths = []  # .txt folders, one per source
    for source in SOURCES:
        (folder / source).mkdir()
        paths.append(str(folder / source))
    for article in articles:
        (folder / article["source"] / f"{article['id']}.txt").write_text(article["text"])
    return paths


@pytest.fixture(scope="module")
def scheduler():
    """A real cluster: a scheduler and two worker processes of one thread each."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def small_parts(monkeypatch):
    """JSONL inputs cut into parts of about 2,000 bytes, so a test file has several."""
    monkeypatch.setattr(parts, "PART_BYTES", 2000)


def tag(model_dir, inputs, out, *args) -> int:
    argv = ["tag", *inputs, "--model", str(model_dir), "--output", str(out), "--quiet"]
    return main([*argv, "--chunk-size", str(CHUNK_SIZE), *map(str, args)])


@pytest.mark.parametrize(
    ("kind", "n", "options", "cluster_options", "failed"),
    [
        ("jsonl", N_ARTICLES, [], [], 2),
        ("parquet", N_ARTICLES // 4, ["--explain"], [], 0),  # --explain is slow: fewer articles
        ("txt", N_ARTICLES, [], [], 0),
        ("jsonl", N_ARTICLES, [], ["--workers-read"], 2),  # several parts: see small_parts
    ],
    ids=["jsonl-with-failures", "parquet-explain", "txt-folders", "jsonl-workers-read"],
)
def test_dask_engine_writes_what_the_local_engine_writes(
    tmp_path, model_dir, scheduler, capsys, small_parts, kind, n, options, cluster_options, failed
):
    inputs = write_input(tmp_path, kind, n)
    local, dask = tmp_path / "local.parquet", tmp_path / "dask.parquet"
    assert tag(model_dir, inputs, local, *options) == (1 if failed else 0)
    local_err = capsys.readouterr().err
    started = time.perf_counter()
    on_cluster = ["--engine", "dask", "--scheduler", scheduler]
    code = tag(model_dir, inputs, dask, *options, *on_cluster, *cluster_options)
    seconds = time.perf_counter() - started
    assert code == (1 if failed else 0)
    assert capsys.readouterr().err == local_err.replace(str(local), str(dask))
    want, got = pq.read_table(local), pq.read_table(dask)
    assert got.schema.equals(want.schema)
    pd.testing.assert_frame_equal(got.to_pandas(), want.to_pandas())
    assert got.num_rows > n and got.column("doc_id")[0].as_py() == "n0000"
    assert sorted(p.name for p in tmp_path.glob("dask.parquet*")) == ["dask.parquet"]
    print(f"dask engine, {kind}: {seconds:.1f} s")


@pytest.mark.parametrize("read", [[], ["--workers-read"]], ids=["client-reads", "workers-read"])
def test_dask_engine_lists_failures_and_writes_the_rest(
    tmp_path, model_dir, scheduler, capsys, small_parts, read
):
    inputs = write_input(tmp_path, "jsonl")
    out = tmp_path / "out.parquet"
    assert tag(model_dir, inputs, out, "--engine", "dask", "--scheduler", scheduler, *read) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"failed: {inputs[0]} line 18: not JSON (Expecting property name enclosed in double "
        "quotes); each line must be one object",
        f"failed: {inputs[0]} line 131: not a JSON object; each line must be one object",
        f"2 of {N_ARTICLES} articles failed; the other {N_ARTICLES - 2} were tagged and "
        f"written to {out}",
    ]
    assert pd.read_parquet(out)["doc_id"].nunique() == N_ARTICLES - 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--engine", "dask"],
            "error: --engine dask needs --scheduler ADDRESS: the tcp://host:port that "
            "`dask scheduler` prints",
        ),
        (
            ["--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "--output", "OUT.jsonl"],
            "error: --engine dask writes Parquet only; give --output FILE.parquet (not OUT.jsonl)",
        ),
        (
            ["--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"],
            "error: --engine dask writes Parquet only; give --output FILE.parquet (not stdout)",
        ),
        (
            ["--scheduler", "tcp://127.0.0.1:9", "--output", "OUT.parquet"],
            "error: --scheduler is for --engine dask; add --engine dask or drop it",
        ),
        (
            ["--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "--output", "OUT.parquet"]
            + ["--jobs", "2"],
            "error: --jobs is for --engine local; a Dask cluster uses its workers' threads",
        ),
        (
            ["--workers-read", "--output", "OUT.parquet"],
            "error: --workers-read is for --engine dask; add --engine dask or drop it",
        ),
    ],
    ids=["no-scheduler", "jsonl-output", "stdout", "scheduler-without-dask", "jobs", "read"],
)
def test_dask_engine_refuses_options_that_do_not_fit(tmp_path, model_dir, capsys, args, message):
    inputs = write_input(tmp_path, "parquet")
    argv = [a.replace("OUT", str(tmp_path / "out")) for a in args]
    assert main(["tag", *inputs, "--model", str(model_dir), *argv]) == 1
    assert capsys.readouterr().err == message.replace("OUT", str(tmp_path / "out")) + "\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.parquet"]


def test_unreachable_scheduler_is_an_error_not_a_hang(tmp_path, model_dir, capsys):
    inputs = write_input(tmp_path, "parquet")
    out = tmp_path / "out.parquet"
    started = time.perf_counter()
    code = main(
        ["tag", *inputs, "--model", str(model_dir), "--output", str(out), "--engine", "dask"]
        + ["--scheduler", "tcp://127.0.0.1:9", "--connect-timeout", "0.5"]
    )
    assert code == 1
    assert time.perf_counter() - started < 15
    err = capsys.readouterr().err
    assert err.startswith("error: tcp://127.0.0.1:9: cannot reach a Dask scheduler within 0.5 s (")
    assert err.endswith(
        "); start one with `dask scheduler` and pass the tcp:// address it prints\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.parquet"]
