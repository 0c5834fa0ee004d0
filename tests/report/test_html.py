"""The HTML report folder as a reader gets it: pages parsed with the standard library."""

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest

from classifier.cli import main
from classifier.report import html as html_report
from classifier.report.html import slug
from classifier.report.html_article import render_article

LABELS = ("reporting", "quotation", "opinion", "boilerplate")
# (source, doc_id, text, label, confidence): names and texts that need escaping and slugs.
ROWS = [
    ("Daily", "d1", "Leaders agree on border deal", "boilerplate", 0.9),
    ("Daily", "d1", "The deal was signed on Monday, according to the ministry.", "reporting", 0.8),
    ("Daily", "d1", "“We are <b>ready</b> & able,” Putin said.", "quotation", 0.7),
    ("Daily", "d1", "It was a 'shameful' deal.", "opinion", 0.4),
    ("Daily", "d2", "Officials met in Ankara.", "reporting", 0.6),
    ("Daily", "d2", "A senior official said the plan was dead.", "quotation", 0.9),
    ("Daily", "d2", "Advertisement", "boilerplate", 0.99),
    ("Daily", "d3", "Reuters reported heavy fighting.", "reporting", 0.7),
    ("Daily", "d4", "Prices rose again.", "reporting", 0.8),
    ("Daily", "d5", "That is a mistake.", "opinion", 0.55),
    ("L’Écho / Matin", "x 1/β", "By Jane Doe", "boilerplate", 0.9),
    ("L’Écho / Matin", "x 1/β", "The council voted to close the library.", "reporting", 0.8),
    ("L’Écho / Matin", "x 2", '"This is a sad day," Mayor Brown said.', "quotation", 0.8),
    ("L’Écho / Matin", "x 2", "Privacy policy", "boilerplate", 0.95),
    ("Solo & Sons", "s1", "Nothing happened today.", "reporting", 0.5),
    ("Solo & Sons", "s1", "Subscribe to our newsletter", "boilerplate", 0.9),
    ("Post", "p1", "Talks resumed.", "reporting", 0.9),
    ("Post", "p2", "It is a farce.", "opinion", 0.9),
    ("Herald", "h1", "Sources say the budget is short.", "quotation", 0.9),
    ("Herald", "h2", "The mayor admitted the plan was rushed.", "reporting", 0.9),
]
MAX_PAGE_BYTES = 2_000_000


class Page(HTMLParser):
    """Links, sentence spans and table rows of one page."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.links: list[str] = []
        self.sentences: list[dict] = []
        self.rows: list[dict] = []
        self._span = self._row = self._cell = None
        self._svg = 0
        self.feed(path.read_text(encoding="utf-8"))
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("href", "src"):
            if attributes.get(name) is not None:
                self.links.append(attributes[name])
                if self._row is not None:
                    self._row["links"].append(attributes[name])
        classes = (attributes.get("class") or "").split()
        if tag == "span" and "s" in classes:
            self._span = {"classes": classes, "why": attributes.get("data-why"), "text": ""}
        elif tag == "tr":
            self._row = {"cells": [], "titles": [], "links": []}
        elif tag in ("td", "th") and self._row is not None:
            self._cell = {"text": "", "title": attributes.get("title")}
        elif tag == "svg":
            self._svg += 1

    def handle_endtag(self, tag):
        if tag == "span" and self._span is not None:
            self.sentences.append(self._span)
            self._span = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row["cells"].append(self._cell["text"].strip())
            self._row["titles"].append(self._cell["title"])
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "svg":
            self._svg -= 1

    def handle_data(self, data):
        if self._span is not None:
            self._span["text"] += data
        if self._cell is not None and not self._svg:
            self._cell["text"] += data

    def source_rows(self) -> list[dict]:
        """The overview's rows, one per source."""
        return [
            row for row in self.rows if row["links"][:1] and row["links"][0].startswith("sources/")
        ]

    def article_rows(self) -> list[dict]:
        """A source page's article list."""
        return [
            row
            for row in self.rows
            if row["links"][:1] and row["links"][0].startswith("../articles/")
        ]


def write_tagged(path: Path, rows) -> Path:
    lines = []
    index = {}
    for source, doc_id, text, label, confidence in rows:
        index[doc_id] = index.get(doc_id, -1) + 1
        row = {
            "doc_id": doc_id,
            "source": source,
            "sent_index": index[doc_id],
            "text": text,
            "label": label,
            "confidence": confidence,
        }
        lines.append(json.dumps(row, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build(tagged: Path, folder: Path, *options: str) -> pd.DataFrame:
    """The HTML folder and, for the same input, the CSV profile."""
    options = ("--resamples", "200", *options)
    assert main(["report", str(tagged), "--format", "html", "-o", str(folder), *options]) == 0
    csv = folder.parent / f"{folder.name}.csv"
    assert main(["report", str(tagged), "--format", "csv", "-o", str(csv), *options]) == 0
    return pd.read_csv(csv, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def inline_tagged(tmp_path_factory):
    return write_tagged(tmp_path_factory.mktemp("inline") / "tagged.jsonl", ROWS)


@pytest.fixture(scope="module", params=["inline", "seeds"])
def built(request, tmp_path_factory):
    """(tagged file, HTML folder, CSV profile) for the inline corpus and for the tagged seeds."""
    if request.param == "inline":
        tagged = request.getfixturevalue("inline_tagged")
    else:
        tagged = request.getfixturevalue("seeds_tagged")
    folder = tmp_path_factory.mktemp(request.param) / "report"
    return tagged, folder, build(tagged, folder, "--min-articles", "2")


def percent(value) -> str:
    return "–" if pd.isna(value) else f"{value * 100:.1f}%"


def test_overview_matches_the_csv(built):
    _, folder, profile = built
    rows = Page(folder / "index.html").source_rows()
    assert [row["cells"][0] for row in rows] == profile["source"].tolist()
    for row, (_, expected) in zip(rows, profile.iterrows(), strict=True):
        source = expected["source"]
        assert row["links"][0] == f"sources/{slug(source)}.html"
        assert row["cells"][1] == f"{int(expected['articles']):,}", source
        assert row["cells"][2] == f"{int(expected['sentences']):,}", source
        shares = [percent(expected[f"share_{label}"]) for label in LABELS]
        assert row["cells"][4:8] == shares, source
        for label, title in zip(LABELS, row["titles"][4:8], strict=True):
            low, high = expected[f"share_{label}_low"], expected[f"share_{label}_high"]
            interval = "–" if pd.isna(low) else f"{percent(low)} – {percent(high)}"
            assert title == f"95% interval {interval}", (source, label)


def test_every_link_stays_inside_the_folder(built):
    _, folder, _ = built
    root = folder.resolve()
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        links = Page(page).links
        assert links, page
        for link in links:
            parts = urlsplit(link)
            assert (parts.scheme, parts.netloc) == ("", ""), f"{page}: {link}"
            if not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_relative_to(root), f"{page}: {link}"
            assert target.is_file(), f"{page}: {link} does not resolve"
    css = (folder / "assets" / "report.css").read_text(encoding="utf-8")
    js = (folder / "assets" / "report.js").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css
    assert "http" not in js and "fetch(" not in js


def test_each_article_page_shows_every_sentence_in_order(built):
    tagged, folder, _ = built
    tagged_df = pd.read_json(tagged, lines=True, dtype={"doc_id": str, "source": str})
    articles = list(tagged_df.groupby(["source", "doc_id"]))
    assert len(list((folder / "articles").rglob("*.html"))) == len(articles)
    for (source, doc_id), rows in articles:
        rows = rows.sort_values("sent_index")
        page = folder / "articles" / slug(source) / f"{slug(doc_id)}.html"
        spans = Page(page).sentences
        assert [span["text"] for span in spans] == rows["text"].tolist(), page
        for span, (_, row) in zip(spans, rows.iterrows(), strict=True):
            assert span["classes"][:2] == ["s", row["label"]]
            assert set(span["classes"]) & set(LABELS) == {row["label"]}
            why = json.loads(span["why"])
            assert (why["label"], why["i"]) == (row["label"], row["sent_index"])
            assert why["confidence"] == f"{row['confidence']:.2f}"
            if isinstance(row.get("why"), str):
                assert why["sections"][0] == [
                    "Features that pushed it to its label",
                    row["why"].split("; "),
                ]


def test_low_confidence_is_marked(inline_tagged, tmp_path):
    build(inline_tagged, tmp_path / "report")
    page = tmp_path / "report" / "articles" / slug("Daily") / f"{slug('d1')}.html"
    classes = [span["classes"] for span in Page(page).sentences]
    assert classes == [
        ["s", "boilerplate"],
        ["s", "reporting"],
        ["s", "quotation"],
        ["s", "opinion", "low"],
    ]


def test_source_page_lists_its_articles(inline_tagged, tmp_path):
    build(inline_tagged, tmp_path / "report")
    page = Page(tmp_path / "report" / "sources" / f"{slug('L’Écho / Matin')}.html")
    rows = page.article_rows()
    assert [row["cells"][:2] for row in rows] == [["x 1/β", "2"], ["x 2", "2"]]


def test_article_list_paginates(inline_tagged, tmp_path, monkeypatch):
    monkeypatch.setattr(html_report, "ARTICLES_PER_PAGE", 2)
    build(inline_tagged, tmp_path / "report")
    base = tmp_path / "report" / "sources" / slug("Daily")
    names = [f"{base.name}.html", f"{base.name}-2.html", f"{base.name}-3.html"]
    assert sorted(p.name for p in base.parent.glob(f"{base.name}*.html")) == sorted(names)
    shown = []
    for name in names:
        page = Page(base.parent / name)
        rows = page.article_rows()
        shown.append([row["cells"][0] for row in rows])
        assert set(names) - {name} <= set(page.links), name
    assert shown == [["d1", "d2"], ["d3", "d4"], ["d5"]]


def test_overview_paginates(inline_tagged, tmp_path, monkeypatch):
    monkeypatch.setattr(html_report, "SOURCES_PER_PAGE", 2)
    profile = build(inline_tagged, tmp_path / "report")
    folder = tmp_path / "report"
    names = ["index.html", "index-2.html", "index-3.html"]
    assert sorted(p.name for p in folder.glob("index*.html")) == sorted(names)
    shown = []
    for name in names:
        page = Page(folder / name)
        shown.append([row["cells"][0] for row in page.source_rows()])
        assert set(names) - {name} <= set(page.links), name
    assert [len(sources) for sources in shown] == [2, 2, 1]
    assert sum(shown, []) == profile["source"].tolist()


def test_pages_stay_small_for_a_large_source(tmp_path):
    """Defaults: 101 sources on the first overview page, 520 articles on one source, and an
    article of 1,500 sentences."""
    rows = []
    for article in range(520):
        rows.append(
            ("Big", f"b{article:03d}", f"Officials met on day {article}.", "reporting", 0.8)
        )
        rows.append(("Big", f"b{article:03d}", "“We agree,” Lee said.", "quotation", 0.7))
    for sentence in range(1500):
        rows.append(
            ("Big", "long", f"Sentence number {sentence} of a long story.", "reporting", 0.6)
        )
    for source in range(101):
        rows.append((f"Small {source}", f"s{source}", "The vote was held.", "reporting", 0.9))
    tagged = write_tagged(tmp_path / "big.jsonl", rows)
    build(tagged, tmp_path / "report", "--resamples", "50")
    pages = list((tmp_path / "report").rglob("*.html"))
    assert len(pages) == 2 + 2 + 101 + 521 + 101
    sizes = {
        page.relative_to(tmp_path / "report").as_posix(): page.stat().st_size for page in pages
    }
    assert max(sizes.values()) <= MAX_PAGE_BYTES, max(sizes, key=sizes.get)
    assert {"index-2.html", f"sources/{slug('Big')}-2.html"} <= set(sizes)


SPEAKER_TAG = re.compile(r'class="speaker">— ([^<]*)<')


def test_quotes_show_their_speaker_and_sources_their_most_quoted(seeds_report, seeds_tagged):
    rows = pd.read_json(seeds_tagged, lines=True, dtype=False)
    quotes = rows[(rows["label"] == "quotation") & (rows["speaker"] != "")]
    pages = list((seeds_report / "articles").rglob("*.html"))
    shown = [s for page in pages for s in SPEAKER_TAG.findall(page.read_text(encoding="utf-8"))]
    assert sorted(html.unescape(s) for s in shown) == sorted(quotes["speaker"])
    source_pages = list((seeds_report / "sources").glob("*.html"))
    assert all("<h2>Most quoted</h2>" in page.read_text() for page in source_pages)


def test_records_of_match_pandas_records_with_missing_values_as_none():
    frame = pd.DataFrame(
        {
            "text": pd.Series(["a", None, "c"], dtype="string[pyarrow]"),
            "label": ["reporting", "quotation", "opinion"],
            "confidence": [0.5, float("nan"), 1.0],
            "sent_index": [0, 1, 2],
            "direct_quote": [True, False, True],
        }
    )
    records = html_report.records_of(frame)
    expected = frame.astype({"text": object}).to_dict("records")
    expected[1]["text"] = None
    assert [r["confidence"] for r in records][::2] == [0.5, 1.0]
    assert records[1]["confidence"] != records[1]["confidence"]  # NaN, as pandas gives it
    for got, want in zip(records, expected, strict=True):
        assert {k: v for k, v in got.items() if k != "confidence"} == {
            k: v for k, v in want.items() if k != "confidence"
        }
        assert all(type(v) in (str, int, float, bool, type(None)) for v in got.values())


def test_a_sentence_without_text_shows_empty():
    page = render_article(
        [{"text": None, "label": "reporting"}, {"text": float("nan"), "label": "opinion"}],
        source="S",
        doc_id="d",
    )
    spans = re.findall(r'<span class="s [^>]*>([^<]*)</span>', page)
    assert spans == ["", ""]
