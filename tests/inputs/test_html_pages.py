"""HTML files as inputs: rows with markup, sources, no-text pages, and page structure reaching the
tagger through the real CLI (a page-aware model trained with ``train --pages``)."""

import gzip
import json

import pandas as pd
import pytest

from classifier.cli import main
from classifier.inputs.articles import read_articles
from classifier.inputs.streaming import check_inputs, count_articles, iter_articles

from ..conftest import REPO

# Chrome of the kinds a news page has, each in the structure sites give it.
NAV = '<nav class="site-nav"><ul><li><a href="/">{0}</a></li><li><a href="/w">{1}</a></li></ul>'
LINKS = '</nav><aside class="related"><h3>{0}</h3><ul><li><a href="/r">{1}</a></li></ul></aside>'
FIGURE = "<figure><img src=x.jpg><figcaption>{0}</figcaption></figure>"
COMMENTS = '<section id="comments" class="comment-list"><div class="comment-body"><p>{0}</p>'
FOOTER = '</div></section><footer class="site-footer"><p>{0}</p></footer>'
BODY = '<article class="post"><h1>{0}</h1><div class="entry-content"><p>{1}</p><p>{2}</p>'

SECTIONS = [("Politics", "Business"), ("Sport", "Culture"), ("Science", "Travel")]
SECTIONS += [("Health", "Money"), ("Local", "Weather"), ("World", "Opinion")]
RELATED = ["More from us", "Read next", "Popular now", "Editor's picks", "Also in the news"]
RELATED += ["Trending"]
CAPTIONS = ["Photo: the harbour at dusk", "Photo: the mayor on Friday", "Photo: pupils at the gate"]
CAPTIONS += ["Photo: the new ward", "Photo: readers queue", "Photo: a dry field in June"]
COMMENTS_SAID = [
    "Great article, thanks for sharing this with us.",
    "I disagree with the council on this one, frankly.",
    "Who pays for all of this in the end?",
    "Finally some good news from this town.",
    "This happened on my street last year too.",
    "My family has lived there for forty years.",
]
FOOTERS = [
    "Copyright 2024 The Daily Example. All rights reserved.",
    "Registered office: 1 Main Street, Exampletown.",
    "Contact the newsroom at news@example.org.",
    "Sign up for our morning newsletter.",
    "Follow us on social media for updates.",
    "Terms of use and privacy apply to this site.",
]
STORIES = [
    ("Council approves budget", "The council approved the budget on Monday.", "It passed 7-2."),
    ("Port reopens", "The port reopened on Tuesday after repairs.", "Ships queued outside."),
    ("Rail strike ends", "The rail strike ended on Wednesday.", "Trains ran on time by noon."),
    ("Bakery wins prize", "A local bakery won a national prize.", "Its bread sold out by nine."),
    ("Road closes", "The coast road closed on Saturday for works.", "It reopens in May."),
    ("Museum expands", "The museum opened a new wing on Thursday.", "It holds 400 paintings."),
]
LAST = len(STORIES) - 1  # the page held out of training


def teaser_of(k: int) -> str:
    """The related link of page ``k``: the lede of another story, word for word, as sites do;
    the held-out page links to the first story, whose lede is reporting on its own page."""
    return STORIES[0 if k == LAST else (k + 1) % LAST][1]


def handmade_page(k: int) -> str:
    title, first, second = STORIES[k]
    return (
        f"<html><head><title>{title}</title>"
        f'<link rel="canonical" href="https://www.daily.example/{k}"></head><body>'
        f"{NAV.format(*SECTIONS[k])}{LINKS.format(RELATED[k], teaser_of(k))}"
        f"{BODY.format(title, first, second)}{FIGURE.format(CAPTIONS[k])}</div></article>"
        f"{COMMENTS.format(COMMENTS_SAID[k])}{FOOTER.format(FOOTERS[k])}</body></html>"
    )


def chrome_of(k: int) -> list[str]:
    return [*SECTIONS[k], RELATED[k], teaser_of(k), CAPTIONS[k], COMMENTS_SAID[k], FOOTERS[k]]


@pytest.fixture
def pages_dir(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    for k in range(LAST):
        (folder / f"page{k}.html").write_text(handmade_page(k), encoding="utf-8")
    (folder / "notes.md").write_text("not an input")
    return folder


def test_html_files_and_folders_are_articles_with_markup(tmp_path, pages_dir):
    gz = tmp_path / "story.html.gz"
    gz.write_bytes(gzip.compress(handmade_page(LAST).encode()))
    plain = tmp_path / "bare.htm"
    plain.write_text("<p>No canonical link here.</p>")

    check_inputs([str(pages_dir), str(gz), str(plain)])
    rows = list(iter_articles([str(pages_dir), str(gz), str(plain)]))

    pages = [f"page{k}" for k in range(LAST)]
    assert [row["id"] for row in rows] == [*pages, "story", "bare"]
    assert rows[0]["url"] == "https://www.daily.example/0"
    assert rows[0]["title"] == "Council approves budget"
    assert [row["source"] for row in rows] == ["daily.example"] * (LAST + 1) + [tmp_path.name]
    lines, markup = rows[0]["text"].split("\n"), rows[0]["markup"].split("\n")
    assert len(lines) == len(markup)
    by_text = dict(zip(lines, markup, strict=True))
    assert by_text["Politics"].startswith("t:li in:nav in:ul in:li c:site c:nav ")
    assert "link:100" in by_text["Politics"]
    assert "in:figcaption" in by_text["Photo: the harbour at dusk"]
    assert by_text[COMMENTS_SAID[0]].startswith(
        "t:p in:section c:comment c:body c:list c:comments "
    )
    assert by_text[FOOTERS[0]].startswith("t:p in:footer c:site c:footer ")
    assert by_text["The council approved the budget on Monday."].startswith(
        "t:p in:article c:entry c:content c:post "
    )
    assert count_articles([str(pages_dir), str(gz)]) == LAST + 1


def test_sources_csv_and_source_option_name_html_files(pages_dir):
    (pages_dir / "sources.csv").write_text("doc_id,source\npage1,Daily Example\n")

    rows = list(iter_articles([str(pages_dir)]))
    assert [row["source"] for row in rows][:3] == [
        "daily.example",
        "Daily Example",
        "daily.example",
    ]
    rows = list(iter_articles([str(pages_dir)], source="mine"))
    assert {row["source"] for row in rows} == {"mine"}


def test_an_html_page_without_text_is_listed_apart_and_a_broken_file_fails(tmp_path, pages_dir):
    (pages_dir / "app.html").write_text('<html><body><div id="root"></div></body></html>')
    (pages_dir / "broken.html.gz").write_bytes(b"\x1f\x8b not really gzip")

    articles = read_articles([str(pages_dir)])

    assert [row["id"] for row in articles.rows] == [f"page{k}" for k in range(LAST)]
    assert articles.no_text == [
        f"{pages_dir / 'app.html'}: no visible text in the page; nothing to tag"
    ]
    (failure,) = articles.failures
    assert failure.startswith(f"{pages_dir / 'broken.html.gz'}: cannot be read")
    assert "markup" in articles.to_frame().columns


def _label_pages(pages_dir, tmp_path):
    """Label every sentence of the pages as a careful annotator would: the story's own sentences
    are reporting, all the rest (its teaser of another story included) boilerplate."""
    out = tmp_path / "sentences.jsonl"
    assert main(["tag", str(pages_dir), "-o", str(out), "--page-model", "none"]) == 0
    labels = pd.read_json(out, lines=True)[["doc_id", "sent_index", "source", "text"]]
    story = labels["doc_id"].map(lambda doc_id: STORIES[int(doc_id.removeprefix("page"))])
    own = [text in sentences for text, sentences in zip(labels["text"], story, strict=True)]
    labels["label"] = ["reporting" if is_own else "boilerplate" for is_own in own]
    path = tmp_path / "labels.csv"
    labels.to_csv(path, index=False)
    return path


def _tag_held_out_page(tmp_path, model) -> dict[str, str]:
    page = tmp_path / "new" / f"page{LAST}.html"
    page.parent.mkdir(exist_ok=True)
    page.write_text(handmade_page(LAST))
    out = tmp_path / f"{model.name}.jsonl"
    assert (
        main(["tag", str(page), "-o", str(out), "--model", str(model), "--page-model", "none"]) == 0
    )
    return {row["text"]: row["label"] for row in map(json.loads, out.read_text().splitlines())}


def test_page_structure_reaches_the_tagger(tmp_path, pages_dir):
    labels = _label_pages(pages_dir, tmp_path)
    page_aware, text_only = tmp_path / "page-aware", tmp_path / "text-only"
    common = ["train", "--labels", str(labels), "--cv", "0", "--output"]
    assert main([*common, str(page_aware), "--pages", str(pages_dir)]) == 0
    assert main([*common, str(text_only)]) == 0
    card = json.loads((page_aware / "card.json").read_text())
    assert card["settings"]["markup_bits"] is not None

    labels_of = _tag_held_out_page(tmp_path, page_aware)

    # Text never seen in training, and a teaser that is word for word a sentence labelled
    # reporting on its own page: the structure around each (nav, related links, figcaption,
    # comments, footer versus the article body) decides.
    for text in chrome_of(LAST):
        assert labels_of[text] == "boilerplate", text
    for text in STORIES[LAST][1:]:
        assert labels_of[text] == "reporting", text
    assert _tag_held_out_page(tmp_path, text_only)[teaser_of(LAST)] == "reporting"


def test_extract_keeps_what_tag_does_not_call_boilerplate_with_the_page_model(tmp_path, pages_dir):
    page_model = str(REPO / "models" / "pages")
    tagged, extracted = tmp_path / "tagged.jsonl", tmp_path / "pages.jsonl"
    common = ["--model", str(REPO / "models" / "default"), "--page-model", page_model]
    assert main(["tag", str(pages_dir), "-o", str(tagged), *common]) == 0
    assert main(["extract", str(pages_dir), "-o", str(extracted), *common]) == 0

    rows = pd.read_json(tagged, lines=True)
    kept = rows[rows["label"] != "boilerplate"].groupby("doc_id")["text"].apply(" ".join)
    pages = {row["id"]: row["text"] for row in map(json.loads, extracted.read_text().splitlines())}
    assert {doc_id: text.replace("\n", " ") for doc_id, text in pages.items()} == kept.to_dict()
    assert set(rows["label"]) >= {"boilerplate", "reporting"}


def test_explanations_on_pages_follow_the_labels_given_and_name_markup(pages_dir):
    from classifier.model.explain import explain_sentences
    from classifier.model.paged import load_tagger
    from classifier.tagging.run import read_sentences
    from classifier.tagging.tag import tag_sentences

    tagger = load_tagger(REPO / "models" / "default", REPO / "models" / "pages")
    sentences_df = read_sentences([str(pages_dir)])[0]

    explanations = explain_sentences(tagger, sentences_df, top=8)

    tagged = tag_sentences(tagger, sentences_df)
    assert [e["label"] for e in explanations] == list(tagged["label"])
    # tag --explain hands over the labels it has: the same explanations, without a re-tagging.
    assert explain_sentences(tagger, sentences_df, top=8, labels=tagged["label"]) == explanations
    chrome = [e for e in explanations if e["label"] == "boilerplate"]
    features = {part["feature"] for e in chrome for part in e["sentence_stage"]}
    assert any(feature.startswith("markup ") for feature in features)
