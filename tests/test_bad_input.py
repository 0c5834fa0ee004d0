"""Every bad input gets one line naming the file and row or line, exit 1, and no partial output."""

import json

import numpy as np
import pytest

from classifier.cli import main

from .conftest import SEED_LABELS

GOOD = "Putin said talks went well. The meeting lasted three hours.\n"
HEADER = "doc_id,sent_index,source,text,label\n"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err


def error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\0\0\0IHDR", "binary file, not text"),
        ("caf\u00e9 ok\n".encode("latin-1"), "line 1: not UTF-8 text"),
    ],
    ids=["empty", "blank", "binary", "latin-1"],
)
def test_unreadable_text_file_alone(tmp_path, capsys, model_dir, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    out = tmp_path / "out.jsonl"
    code, err = run(capsys, "tag", path, "--model", model_dir, "--output", out)
    assert code == 1
    assert str(path) in error_line(err) and message in err
    assert not out.exists()


def test_batch_with_failures_writes_the_rest(tmp_path, capsys, model_dir):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD)
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.txt").write_bytes(b"\xff\xfe\x00bad")
    out = tmp_path / "out.jsonl"
    code, err = run(capsys, "tag", folder, "--model", model_dir, "--output", out)
    assert code == 1
    assert f"failed: {folder / 'b.txt'}: empty file" in err
    assert f"failed: {folder / 'c.txt'}: binary file" in err
    assert "2 of 3 articles failed; the other 1 were tagged and written to" in err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {row["doc_id"] for row in rows} == {"a"}


def test_jsonl_line_not_json(tmp_path, capsys, model_dir):
    path = tmp_path / "articles.jsonl"
    good = json.dumps({"id": "1", "source": "s", "text": GOOD})
    path.write_text(f"{good}\n{{not json\n{json.dumps({'id': '3', 'text': ''})}\n")
    out = tmp_path / "out.csv"
    code, err = run(capsys, "tag", path, "--model", model_dir, "--output", out)
    assert code == 1
    assert f"failed: {path} line 2: not JSON" in err
    assert f"failed: {path} line 3: missing or empty 'text'" in err
    assert "2 of 3 articles failed" in err
    assert out.read_text().count("\n") == 3  # header + two sentences of article 1


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet", ".db"])
def test_jsonl_lone_surrogate_is_replaced_not_fatal(tmp_path, capsys, model_dir, suffix):
    """JSON may escape half of a surrogate pair ("\\ud800"), which no UTF-8 output can hold."""
    path = tmp_path / "articles.jsonl"
    path.write_text('{"id": "1", "source": "s", "text": "Putin said \\ud800 talks went well."}\n')
    out = tmp_path / f"out{suffix}"
    code, err = run(capsys, "tag", path, "--model", model_dir, "--output", out)
    assert code == 0, err
    assert out.exists()
    if suffix == ".jsonl":
        assert json.loads(out.read_text())["text"] == "Putin said ? talks went well."


def test_article_csv_missing_column(tmp_path, capsys, model_dir):
    path = tmp_path / "articles.csv"
    path.write_text("id,source,body\n1,s,hello\n")
    out = tmp_path / "out.jsonl"
    code, err = run(capsys, "tag", path, "--model", model_dir, "--output", out)
    assert code == 1
    assert f"{path}: missing column 'text' (found: id, source, body)" in error_line(err)
    assert not out.exists()


def test_sentences_csv_missing_column(tmp_path, capsys, model_dir):
    path = tmp_path / "rows.csv"
    path.write_text("doc_id,source,text\n1,s,hello\n")
    code, err = run(capsys, "tag", path, "--sentences", "--model", model_dir)
    assert code == 1
    assert "missing column 'sent_index'" in error_line(err)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "d,0,s,Hello there.,opnion\n",
            "row 2: unknown label 'opnion'; expected one of: boilerplate, opinion, quotation, "
            "reporting (did you mean 'opinion'?)",
        ),
        ("d,0,s,Hello there.,reporting\nd,1,s,Ad,adverts\n", "row 3: unknown label 'adverts'"),
        ("d,0,s,,reporting\n", "row 2: empty text"),
        ("d,x,s,Hello.,reporting\n", "row 2: sent_index 'x' is not a whole number"),
        (
            "d,0,s,Hello.,reporting\nd,0,s,Hello.,opinion\n",
            "rows 2, 3: doc_id 'd' sentence 0 appears with different labels or texts",
        ),
    ],
    ids=["misspelt", "unknown", "empty-text", "bad-index", "contradiction"],
)
def test_bad_label_rows(tmp_path, capsys, rows, message):
    path = tmp_path / "labels.csv"
    path.write_text(HEADER + rows)
    out = tmp_path / "model"
    code, err = run(capsys, "train", "--labels", path, "--output", out)
    assert code == 1
    assert f"{path} {message}" in error_line(err)
    assert not out.exists()


def test_label_file_missing_column(tmp_path, capsys):
    path = tmp_path / "labels.csv"
    path.write_text("doc_id,sent_index,source,text\nd,0,s,Hello.\n")
    code, err = run(capsys, "train", "--labels", path, "--output", tmp_path / "m")
    assert code == 1
    assert f"{path}: missing column 'label'" in error_line(err)


def test_label_file_with_one_label(tmp_path, capsys):
    path = tmp_path / "labels.csv"
    path.write_text(HEADER + "d,0,s,Hello.,reporting\nd,1,s,Again.,reporting\n")
    code, err = run(capsys, "train", "--labels", path, "--output", tmp_path / "m")
    assert code == 1
    assert "training needs at least two different labels; found: reporting" in err


def test_missing_model_folder(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(GOOD)
    code, err = run(capsys, "tag", tmp_path / "a.txt", "--model", tmp_path / "nope")
    assert code == 1
    assert "no model folder here; train one with: classifier train" in error_line(err)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("weights", "weights.npz: cannot be read"),
        ("card", "card.json: not a valid model card"),
        ("no-weights", "weights.npz: missing"),
        ("sklearn", "model was built with scikit-learn 0.24.2 but"),
        ("features", "with other cue or context features than classifier"),
        ("shapes", "do not fit 4 labels and"),
    ],
    ids=[
        "corrupt-weights",
        "corrupt-card",
        "missing-weights",
        "old-sklearn",
        "old-features",
        "wrong-shapes",
    ],
)
def test_damaged_model_folder(tmp_path, capsys, model_dir, damage, message):
    import shutil

    model = tmp_path / "model"
    shutil.copytree(model_dir, model)
    if damage == "weights":
        (model / "weights.npz").write_bytes(b"PK\x03\x04 truncated")
    elif damage == "card":
        (model / "card.json").write_text("{not json")
    elif damage == "no-weights":
        (model / "weights.npz").unlink()
    elif damage == "features":
        card = json.loads((model / "card.json").read_text())
        card["features"]["cues"] = card["features"]["cues"][:-1]
        (model / "card.json").write_text(json.dumps(card))
    elif damage == "shapes":
        with np.load(model / "weights.npz") as weights:
            arrays = dict(weights)
        arrays["tagger.sentence_coef_"] = arrays["tagger.sentence_coef_"][:, :-1]
        np.savez(model / "weights.npz", **arrays)
    else:
        card = json.loads((model / "card.json").read_text())
        card["versions"]["scikit-learn"] = "0.24.2"
        (model / "card.json").write_text(json.dumps(card))
    (tmp_path / "a.txt").write_text(GOOD)
    code, err = run(capsys, "tag", tmp_path / "a.txt", "--model", model)
    assert code == 1
    line = error_line(err)
    assert message in line and "classifier train" in line


def test_model_with_pickled_objects_is_refused(tmp_path, capsys, model_dir):
    """A weights file carrying a pickle must not be unpickled (it could run code)."""
    import shutil

    model = tmp_path / "model"
    shutil.copytree(model_dir, model)
    with np.load(model / "weights.npz") as weights:
        arrays = dict(weights)
    arrays["tagger.classes_"] = np.array([object(), "x"], dtype=object)
    np.savez(model / "weights.npz", **arrays)
    (tmp_path / "a.txt").write_text(GOOD)
    code, err = run(capsys, "tag", tmp_path / "a.txt", "--model", model)
    assert code == 1
    assert "Object arrays cannot be loaded" in error_line(err)


@pytest.mark.parametrize("command", ["tag", "report"], ids=["tag", "report"])
def test_existing_output_needs_force(tmp_path, capsys, model_dir, command):
    (tmp_path / "a.txt").write_text(GOOD)
    tagged = tmp_path / "tagged.jsonl"
    assert main(["tag", str(tmp_path / "a.txt"), "--model", str(model_dir), "-o", str(tagged)]) == 0
    out = tmp_path / ("again.jsonl" if command == "tag" else "report.csv")
    out.write_text("keep me")
    if command == "tag":
        argv = ["tag", tmp_path / "a.txt", "--model", model_dir, "-o", out]
    else:
        argv = ["report", tagged, "--format", "csv", "-o", out]
    code, err = run(capsys, *argv)
    assert code == 1
    assert f"{out}: already exists; pass --force to replace it" in error_line(err)
    assert out.read_text() == "keep me"
    assert run(capsys, *argv, "--force")[0] == 0
    assert out.read_text() != "keep me"


def test_unknown_option_is_usage_error(capsys):
    assert main(["tag", "--no-such-option", "x"]) == 2


def test_missing_labels_path(tmp_path, capsys):
    code, err = run(capsys, "train", "--labels", tmp_path / "nope.csv", "--output", tmp_path / "m")
    assert code == 1
    assert "nope.csv: no such file or folder" in error_line(err)


def test_label_file_not_utf8(tmp_path, capsys):
    path = tmp_path / "labels.csv"
    path.write_bytes((HEADER + "d,0,s,Caf\u00e9.,reporting\n").encode("latin-1"))
    code, err = run(capsys, "train", "--labels", path, "--output", tmp_path / "m")
    assert code == 1
    assert f"{path} line 2: not UTF-8 text" in error_line(err)


def test_seed_labels_are_valid():
    from classifier.inputs.labels import read_label_file

    labels_df = read_label_file(SEED_LABELS)
    assert len(labels_df) == 106
