import pytest

from classifier.inputs.streaming import is_plain_text, iter_chunks


def article(chars: int, name: str = "a") -> dict:
    return {"id": name, "source": "s", "text": "x" * chars}


def test_chunks_end_at_the_article_count_or_the_character_cap_whichever_comes_first():
    items = [article(10, "a"), article(10, "b"), article(100, "long"), article(5, "c"), "failed"]
    chunks = list(iter_chunks(items, 3, max_chars=25))
    assert [[i if isinstance(i, str) else i["id"] for i in chunk] for chunk in chunks] == [
        ["a", "b", "long"],  # 20 characters, then the long one reaches the cap: it is never split
        ["c", "failed"],  # a failure message counts as an item without text
    ]


def test_one_article_longer_than_the_cap_is_a_chunk_of_its_own():
    items = [article(300, "long"), article(1, "a"), article(1, "b")]
    chunks = list(iter_chunks(items, 1000, max_chars=100))
    assert [[i["id"] for i in chunk] for chunk in chunks] == [["long"], ["a", "b"]]


def test_without_a_cap_chunks_count_articles():
    items = [article(10**6, str(i)) for i in range(5)]
    assert [len(chunk) for chunk in iter_chunks(items, 2)] == [2, 2, 1]


def test_markup_counts_toward_the_cap_like_text():
    page = {**article(10, "page"), "markup": "p body main " * 2}  # 24 characters of markup
    items = [page, article(10, "a"), article(10, "b")]
    chunks = list(iter_chunks(items, 1000, max_chars=30))
    assert [[i["id"] for i in chunk] for chunk in chunks] == [["page"], ["a", "b"]]


def test_text_files_and_folders_of_them_are_plain_text(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", "utf-8")
    (tmp_path / "b.txt").write_text("More text.", "utf-8")

    assert is_plain_text([str(tmp_path), str(tmp_path / "a.txt")])


@pytest.mark.parametrize(
    "name",
    ["page.html", "rows.jsonl", "-", "missing.txt"],
    ids=["a-page-in-the-folder", "jsonl-rows-may-carry-markup", "stdin", "missing"],
)
def test_anything_else_may_carry_page_markup(tmp_path, name):
    (tmp_path / "a.txt").write_text("Text.", "utf-8")
    if name in ("page.html", "rows.jsonl"):
        (tmp_path / name).write_text("<p>Text.</p>" if name.endswith(".html") else "{}", "utf-8")
    given = str(tmp_path) if name == "page.html" else name if name == "-" else str(tmp_path / name)

    assert not is_plain_text([str(tmp_path / "a.txt"), given])
