"""WARC crawls as tag input: HTML responses become articles; other records are skipped."""

import io
import json
import re

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from classifier.cli import main
from classifier.errors import InputError
from classifier.inputs.articles import read_articles
from classifier.inputs.streaming import check_inputs, count_articles, iter_articles

NEWS_URL = "https://www.example-news.com/2024/talks"
BLOG_URL = "http://blog.example.org/post?id=7"
NEWS_ID = "urn:uuid:00000000-0000-0000-0000-000000000001"
BLOG_ID = "urn:uuid:00000000-0000-0000-0000-000000000002"
BROKEN_ID = "urn:uuid:00000000-0000-0000-0000-000000000005"
NEWS_PAGE = """<html><head><title>Talks end in Geneva</title><script>track()</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World news</a></nav>
<article><h1>Talks end in Geneva</h1>
<p>Putin <b>said</b> the talks went well. The meeting lasted five hours.</p>
<p>“We must talk,” he said.</p></article>
<footer>© 2024 Example News<br>Privacy policy</footer></body></html>"""
BLOG_PAGE = """<html><head><meta charset="iso-8859-1"><title>Caf\xe9 notes</title></head>
<body><div class="menu">Subscribe to our newsletter</div>
<p>The caf\xe9 opened on Monday. Critics called it a scandal.</p></body></html>"""
NOT_FOUND_PAGE = "<html><head><title>404</title></head><body><p>Page not found.</p></body></html>"


def write_warc(path, records, *, gzip=True) -> None:
    """A WARC file with a warcinfo record and one response record per (url, id, ...) tuple."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for url, record_id, status, content_type, body in records:
            http_headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            warc_headers = {"WARC-Record-ID": f"<{record_id}>", "WARC-Date": "2024-05-01T10:00:00Z"}
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=http_headers,
                    warc_headers_dict=warc_headers,
                )
            )


def record_id_at(path, offset) -> str:
    """The id of the record that starts at ``offset`` (what a failure message points to)."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        record = next(iter(ArchiveIterator(handle)))
        return record.rec_headers.get_header("WARC-Record-ID").strip("<>")


CRAWL = [
    (NEWS_URL, NEWS_ID, "200 OK", "text/html; charset=utf-8", NEWS_PAGE.encode()),
    ("http://img.example.org/a.png", "urn:uuid:3", "200 OK", "image/png", b"\x89PNG\r\n\0\0"),
    (BLOG_URL, BLOG_ID, "200 OK", "application/xhtml+xml", BLOG_PAGE.encode("latin-1")),
    (
        "http://example.org/gone",
        "urn:uuid:4",
        "404 Not Found",
        "text/html",
        NOT_FOUND_PAGE.encode(),
    ),
    ("http://example.org/bin", BROKEN_ID, "200 OK", "text/html", b"\x1f\x8b\0\0\xff\xfe" * 40),
]


@pytest.fixture
def crawl_warc(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, CRAWL)
    return path


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_html_pages_become_articles_and_other_records_are_skipped(tmp_path, gzip):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(path, CRAWL, gzip=gzip)

    check_inputs([str(path)])
    news, blog, broken = iter_articles([str(path)])

    markup = news.pop("markup").split("\n")
    assert len(markup) == len(news["text"].split("\n"))  # one line of markup per line of text
    assert markup[0].startswith("t:nav in:nav ") and "c:" not in markup[0]
    assert markup[1].startswith("t:h1 in:article in:h1 ")
    assert news == {
        "id": NEWS_ID,
        "source": "example-news.com",
        "text": "Home World news\nTalks end in Geneva\nPutin said the talks went well. The meeting "
        "lasted five hours.\n“We must talk,” he said.\n© 2024 Example News\nPrivacy policy",
        "url": NEWS_URL,
        "title": "Talks end in Geneva",
        "date": "2024-05-01T10:00:00Z",
    }
    assert (blog["id"], blog["source"], blog["url"]) == (BLOG_ID, "blog.example.org", BLOG_URL)
    assert blog["title"] == "Café notes"
    assert blog["text"].splitlines() == [
        "Subscribe to our newsletter",
        "The café opened on Monday. Critics called it a scandal.",
    ]
    assert broken.startswith(f"{path} record {BROKEN_ID} at offset ")
    assert broken.endswith("(http://example.org/bin): binary content, not HTML text; not tagged")
    assert record_id_at(path, int(re.search(r"at offset (\d+)", broken).group(1))) == BROKEN_ID
    assert count_articles([str(path)]) is None


def test_tag_a_warc_file(tmp_path, model_dir, crawl_warc, capsys):
    out = tmp_path / "tagged.jsonl"

    code = main(["tag", str(crawl_warc), "-o", str(out), "--model", str(model_dir)])

    assert code == 1  # the binary page failed; the two HTML pages were tagged
    err = capsys.readouterr().err
    assert f"failed: {crawl_warc} record {BROKEN_ID} at offset " in err
    assert f"1 of 3 articles failed; the other 2 were tagged and written to {out}" in err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(row["doc_id"], row["source"]) for row in rows if row["sent_index"] == 0] == [
        (NEWS_ID, "example-news.com"),
        (BLOG_ID, "blog.example.org"),
    ]
    news = [row["text"] for row in rows if row["doc_id"] == NEWS_ID]
    assert news == [
        "Home World news",
        "Talks end in Geneva",
        "Putin said the talks went well.",
        "The meeting lasted five hours.",
        "“We must talk,” he said.",
        "© 2024 Example News",
        "Privacy policy",
    ]
    blog = [row["text"] for row in rows if row["doc_id"] == BLOG_ID]
    assert blog[0] == "Subscribe to our newsletter"


def test_a_record_without_id_is_named_by_its_url(tmp_path):
    path = tmp_path / "crawl.warc"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        http_headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
        record = writer.create_warc_record(
            NEWS_URL,
            "response",
            payload=io.BytesIO(b"<p>x</p>"),
            length=8,
            http_headers=http_headers,
        )
        record.rec_headers.remove_header("WARC-Record-ID")
        writer.write_record(record)

    (article,) = iter_articles([str(path)])
    (again,) = iter_articles([str(path)])

    assert article["id"].startswith("url-")
    assert article["id"] == again["id"]


def test_a_page_without_visible_text_is_counted_not_failed(tmp_path, model_dir, capsys):
    path = tmp_path / "crawl.warc.gz"
    empty = b"<html><head><title>t</title><script>x()</script></head><body> </body></html>"
    write_warc(path, [(NEWS_URL, NEWS_ID, "200 OK", "text/html", empty), CRAWL[2]])

    row, blog = iter_articles([str(path)])

    assert (row["id"], row["source"], row["text"], row["url"]) == (
        NEWS_ID,
        "example-news.com",
        "",
        NEWS_URL,
    )
    assert row["no_text"].startswith(f"{path} record {NEWS_ID} at offset ")
    assert row["no_text"].endswith(f"({NEWS_URL}): no visible text in the page; nothing to tag")
    assert blog["id"] == BLOG_ID

    out = tmp_path / "tagged.jsonl"
    assert main(["tag", str(path), "-o", str(out), "--model", str(model_dir)]) == 0
    assert "1 page had no visible text" in capsys.readouterr().err
    assert {json.loads(line)["doc_id"] for line in out.read_text().splitlines()} == {BLOG_ID}


def test_a_corrupt_record_ends_the_file_with_a_failure(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, CRAWL[:1] + CRAWL[2:3], gzip=False)
    data = path.read_bytes()
    cut = data.rindex(b"WARC/1.")
    path.write_bytes(data[:cut] + b"not a warc header\r\n\r\n" + data[cut:])

    news, failure = iter_articles([str(path)])

    assert news["id"] == NEWS_ID
    assert failure.startswith(f"{path} after the record at offset ")
    assert "cannot read a WARC record" in failure
    assert failure.endswith("the rest of this file is skipped")


def test_a_file_that_is_not_warc_is_refused_before_tagging(tmp_path, model_dir, capsys):
    path = tmp_path / "crawl.warc.gz"
    path.write_text("hello world\n")

    with pytest.raises(InputError, match=r"crawl\.warc\.gz: not a readable WARC file"):
        check_inputs([str(path)])
    assert main(["tag", str(path), "--model", str(model_dir)]) == 1
    assert "not a readable WARC file" in capsys.readouterr().err


def test_read_articles_reads_warc_too(crawl_warc):
    articles = read_articles([str(crawl_warc)])

    assert list(articles.to_frame()["id"]) == [NEWS_ID, BLOG_ID]
    assert len(articles.failures) == 1
