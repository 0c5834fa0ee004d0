import json

import pytest

from classifier.errors import InputError
from classifier.inputs.readers import read_tagged

ROWS = [
    {"doc_id": 7, "source": "Daily", "sent_index": 0, "text": "One.", "label": "reporting"},
    {"doc_id": "a7", "source": "Daily", "sent_index": 1, "text": "Two.", "label": "opinion"},
]


def write_lines(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_a_tagged_file_reads_the_same_whether_arrow_takes_it_or_not(tmp_path):
    fast = read_tagged(write_lines(tmp_path / "a.jsonl", [json.dumps(ROWS[1])] * 2))
    # A doc_id that is a number in one line and a string in the next: Arrow refuses the file,
    # and the line-by-line reader takes it.
    mixed = read_tagged(write_lines(tmp_path / "b.jsonl", [json.dumps(row) for row in ROWS]))
    assert list(mixed["doc_id"]) == ["7", "a7"]
    assert list(fast["doc_id"]) == ["a7", "a7"]
    assert list(mixed["label"]) == ["reporting", "opinion"]


def test_a_bad_line_in_a_tagged_file_is_named(tmp_path):
    path = write_lines(tmp_path / "bad.jsonl", [json.dumps(ROWS[1]), "{not json"])
    with pytest.raises(InputError, match=r"bad.jsonl line 2: not JSON"):
        read_tagged(path)
