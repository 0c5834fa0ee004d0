"""The labels file of ``classifier label``: every change is on disk the moment it is made."""

import re

import pandas as pd
import pytest

from classifier.errors import LabelFileError
from classifier.inputs.labels import read_label_file
from classifier.labelling.store import STORE_COLUMNS, LabelStore

HEADER = "doc_id,sent_index,source,text,label,start,end,note,seconds\n"
PLAIN_HEADER = "doc_id,sent_index,source,text,label\n"

ONE = {
    "doc_id": "a1",
    "sent_index": 0,
    "source": "Daily Bugle",
    "text": "The minister met the unions on Tuesday.",
    "start": 0,
    "end": 39,
}
TWO = {
    "doc_id": "a1",
    "sent_index": 1,
    "source": "Daily Bugle",
    "text": "“We must talk, now,” she said.",
    "start": 40,
    "end": 70,
}
THREE = {"doc_id": "b2", "sent_index": 0, "source": "Herald", "text": "It is a disgrace."}


def on_disk(path) -> list[tuple]:
    """The labels as ``read_label_file`` sees them: (doc_id, sent_index, label) per row."""
    frame = read_label_file(path)
    return list(zip(frame["doc_id"], frame["sent_index"], frame["label"], strict=True))


def key(sentence) -> str:
    return f"{sentence['doc_id']}\x1f{sentence['sent_index']}"


def test_new_file_is_written_with_its_header_at_the_first_label(tmp_path):
    path = tmp_path / "mine.csv"
    store = LabelStore(path)
    assert not path.exists()  # opening alone writes nothing
    assert len(store) == 0
    store.add(ONE, "reporting")
    assert path.read_text(encoding="utf-8").splitlines()[0] == HEADER.strip()
    assert list(STORE_COLUMNS) == HEADER.strip().split(",")


def test_every_step_is_on_disk_at_once_and_readable(tmp_path):
    path = tmp_path / "mine.csv"
    store = LabelStore(path)

    store.add(ONE, "reporting")
    assert on_disk(path) == [("a1", 0, "reporting")]
    assert path.read_text(encoding="utf-8") == (
        HEADER + "a1,0,Daily Bugle,The minister met the unions on Tuesday.,reporting,0,39,,\n"
    )

    store.add(TWO, "quotation", note="said, with a comma")
    assert on_disk(path) == [("a1", 0, "reporting"), ("a1", 1, "quotation")]
    assert read_label_file(path)["text"].iloc[1] == TWO["text"]
    assert pd.read_csv(path)["note"].iloc[1] == "said, with a comma"

    store.add(THREE, "opinion")  # no start or end: left blank
    assert on_disk(path)[-1] == ("b2", 0, "opinion")
    assert path.read_text(encoding="utf-8").endswith("b2,0,Herald,It is a disgrace.,opinion,,,,\n")

    store.add(ONE, "boilerplate")  # relabel: one row per sentence
    assert sorted(on_disk(path)) == [
        ("a1", 0, "boilerplate"),
        ("a1", 1, "quotation"),
        ("b2", 0, "opinion"),
    ]
    assert store.label_of(key(ONE)) == "boilerplate"

    store.remove(key(TWO))
    assert sorted(on_disk(path)) == [("a1", 0, "boilerplate"), ("b2", 0, "opinion")]
    assert store.label_of(key(TWO)) is None
    assert len(store) == 2


def test_relabel_keeps_one_row_per_sentence(tmp_path):
    path = tmp_path / "mine.csv"
    store = LabelStore(path)
    store.add(ONE, "reporting")
    store.add(ONE, "opinion", note="second thoughts")
    frame = pd.read_csv(path)
    assert list(frame["label"]) == ["opinion"]
    assert list(frame["note"]) == ["second thoughts"]


def test_a_relabel_is_one_write_that_never_leaves_the_sentence_unlabelled(tmp_path, monkeypatch):
    from classifier.labelling import store as store_module

    path = tmp_path / "mine.csv"
    store = LabelStore(path)
    store.add(ONE, "reporting")
    store.add(TWO, "quotation")
    written = []
    real_write = store_module.write_text_atomic
    monkeypatch.setattr(
        store_module,
        "write_text_atomic",
        lambda target, text: (written.append(text), real_write(target, text)),
    )

    store.add(ONE, "opinion")

    # One atomic write holds the new label: a crash leaves the old file or the new one, never
    # a file without the sentence.
    assert len(written) == 1 and "opinion" in written[0]
    assert on_disk(path) == [("a1", 1, "quotation"), ("a1", 0, "opinion")]


def test_removing_the_last_label_leaves_a_header_only_file_that_reopens_empty(tmp_path):
    path = tmp_path / "mine.csv"
    store = LabelStore(path)
    store.add(ONE, "reporting")
    store.remove(key(ONE))
    assert path.read_text(encoding="utf-8") == HEADER
    again = LabelStore(path)
    assert len(again) == 0
    again.add(TWO, "quotation")
    assert on_disk(path) == [("a1", 1, "quotation")]


def test_remove_from_an_empty_store_changes_nothing(tmp_path):
    path = tmp_path / "mine.csv"
    store = LabelStore(path)
    store.remove(key(ONE))
    assert not path.exists()
    assert len(store) == 0


@pytest.mark.parametrize(
    "content",
    ["", HEADER, PLAIN_HEADER, PLAIN_HEADER + "\n\n"],
    ids=["empty", "store-header", "plain-header", "header-and-blank-lines"],
)
def test_header_only_file_is_treated_as_empty(tmp_path, content):
    path = tmp_path / "mine.csv"
    path.write_text(content, encoding="utf-8")
    store = LabelStore(path)
    assert len(store) == 0
    assert store.label_of(key(ONE)) is None
    store.add(ONE, "reporting")
    assert on_disk(path) == [("a1", 0, "reporting")]


def test_plain_schema_file_gains_start_end_note_seconds_and_keeps_its_rows(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        PLAIN_HEADER
        + "a1,0,Daily Bugle,The minister met the unions on Tuesday.,reporting\n"
        + 'b2,0,Herald,"It is a disgrace, really.",opinion\n',
        encoding="utf-8",
    )
    before = path.read_bytes()
    store = LabelStore(path)
    assert len(store) == 2
    assert path.read_bytes() == before  # the new columns come with the first label

    store.add(TWO, "quotation", note="kept")
    assert path.read_text(encoding="utf-8").splitlines()[0] == HEADER.strip()
    assert read_label_file(path)["text"].iloc[1] == "It is a disgrace, really."
    assert on_disk(path) == [("a1", 0, "reporting"), ("b2", 0, "opinion"), ("a1", 1, "quotation")]
    assert pd.read_csv(path)["note"].iloc[2] == "kept"


def test_reopening_sees_the_labels_written(tmp_path):
    path = tmp_path / "mine.csv"
    store = LabelStore(path)
    store.add(ONE, "reporting")
    store.add(TWO, "quotation", note="line one\nline two")
    again = LabelStore(path)
    assert again.label_of(key(ONE)) == "reporting"
    assert again.label_of(key(TWO)) == "quotation"
    assert list(again.labels_df["note"]) == ["", "line one\nline two"]


def test_add_after_a_file_without_a_final_newline_keeps_every_row(tmp_path):
    # A labels file saved by an editor that drops the final newline.
    path = tmp_path / "mine.csv"
    path.write_text(
        HEADER + "a1,0,Daily Bugle,The minister met the unions on Tuesday.,reporting,0,39,",
        encoding="utf-8",
    )
    store = LabelStore(path)
    store.add(TWO, "quotation")
    assert on_disk(path) == [("a1", 0, "reporting"), ("a1", 1, "quotation")]


def test_missing_folder_is_named(tmp_path):
    path = tmp_path / "nowhere" / "mine.csv"
    message = f"{path}: folder {path.parent} does not exist; create it first"
    with pytest.raises(LabelFileError, match=f"^{re.escape(message)}$"):
        LabelStore(path)
    assert not path.parent.exists()


def test_the_seconds_a_label_took_are_saved(tmp_path):
    path = tmp_path / "mine.csv"
    store = LabelStore(path)
    store.add(ONE, "reporting", seconds=3.14159)
    store.add(TWO, "quotation")  # from a sheet: no time
    assert list(pd.read_csv(path, keep_default_na=False)["seconds"].astype(str)) == ["3.1", ""]
