"""JSONL inputs cut into parts at line breaks: together the parts read exactly as the file."""

import json

import pytest

from classifier.inputs.parts import (
    Part,
    Streamed,
    count_part_articles,
    cut_parts,
    iter_part_articles,
    plan_units,
)
from classifier.inputs.streaming import iter_articles


def write_lines(path, lines, *, final_break=True):
    path.write_text("\n".join(lines) + ("\n" if final_break else ""), encoding="utf-8")
    return path


def articles(n):
    return [
        json.dumps({"id": f"a{i}", "source": "wire", "text": f"Story {i}. " * (i % 7 + 1)})
        for i in range(n)
    ]


@pytest.mark.parametrize("part_bytes", [1, 50, 333, 10_000], ids=lambda b: f"{b}-bytes")
@pytest.mark.parametrize("final_break", [True, False], ids=["final-break", "no-final-break"])
@pytest.mark.parametrize("shrink_tail", [False, True], ids=["even", "shrinking-tail"])
def test_parts_read_as_the_whole_file(tmp_path, part_bytes, final_break, shrink_tail):
    lines = articles(40)
    lines[7], lines[12], lines[30] = "", "{not json", "   "
    path = write_lines(tmp_path / "in.jsonl", lines, final_break=final_break)
    parts = cut_parts(str(path), part_bytes=part_bytes, shrink_tail=shrink_tail)
    assert parts[0].start == 0 and parts[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in zip(parts, parts[1:], strict=False))
    assert sum(part.lines for part in parts) == 40
    read = [item for part in parts for item in iter_part_articles(part)]
    assert read == list(iter_articles([str(path)]))
    assert f"{path} line 13: not JSON" in read[11]  # line numbers as in the whole file
    assert [count_part_articles(part) for part in parts] == [
        len(list(iter_part_articles(part))) for part in parts
    ]


def test_a_part_ends_at_a_line_break_past_its_size(tmp_path):
    path = write_lines(tmp_path / "in.jsonl", articles(10))
    first, *rest = cut_parts(str(path), part_bytes=60)
    with open(path, "rb") as handle:
        data = handle.read()
    assert first.end > 60 and data[first.end - 1 : first.end] == b"\n"
    assert data[: first.end].count(b"\n") == first.lines
    assert data[: first.end - 1].rfind(b"\n") < 60  # the line it ends with crosses 60 bytes
    assert rest[0].first_line == first.lines + 1 and rest[0].start == first.end


def test_the_parts_of_the_last_input_shrink_toward_its_end(tmp_path):
    """So that workers run out of work together: whole parts first, then a quarter of what is
    left each, none under an eighth of a whole one, and no sliver at the end."""
    path = write_lines(tmp_path / "in.jsonl", articles(3000))
    size, whole = path.stat().st_size, 8000
    sizes = [part.end - part.start for part in cut_parts(str(path), part_bytes=whole)]
    shrunk = [part.end - part.start for part in plan_units([str(path)], part_bytes=whole)]
    assert max(sizes[:-1]) - min(sizes[:-1]) < 200  # even parts, to a line
    assert sum(shrunk) == size and len(shrunk) > len(sizes) + 4
    assert shrunk[:5] == sizes[:5]  # far from the end, the same whole parts
    assert all(later <= earlier + 200 for earlier, later in zip(shrunk, shrunk[1:], strict=False))
    for position, part_size in enumerate(shrunk):
        left = size - sum(shrunk[:position])
        assert part_size <= max(left // 4, whole // 8) + 200 or part_size == left
        assert part_size >= whole // 8 or part_size == left


def test_only_the_last_input_has_a_shrinking_tail(tmp_path):
    first = write_lines(tmp_path / "a.jsonl", articles(3000))
    last = write_lines(tmp_path / "b.jsonl", articles(3000))
    units = plan_units([str(first), str(last)], part_bytes=8000)
    of_first = [unit for unit in units if unit.name == str(first)]
    assert of_first == cut_parts(str(first), part_bytes=8000)
    assert len(units) - len(of_first) > len(of_first) + 4


def test_units_keep_the_input_order(tmp_path):
    jsonl = write_lines(tmp_path / "a.jsonl", articles(30))
    (tmp_path / "b.txt").write_text("One story.", encoding="utf-8")
    other = write_lines(tmp_path / "c.jsonl", articles(3))
    txt = str(tmp_path / "b.txt")
    units = plan_units([str(jsonl), txt, txt, str(other)], part_bytes=200)
    kinds = [type(unit) for unit in units]
    assert kinds.index(Streamed) == len(cut_parts(str(jsonl), part_bytes=200))
    assert units[kinds.index(Streamed)] == Streamed((txt, txt))
    assert isinstance(units[-1], Part) and units[-1].name == str(other)
    assert all(isinstance(u, Part) or u.inputs == (txt, txt) for u in units)
    assert plan_units(["-"]) == [Streamed(("-",))]
