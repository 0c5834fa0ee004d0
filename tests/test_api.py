"""The public Python API, as the README shows it: ``from classifier import ...``."""

import pandas as pd

import classifier
from classifier import (
    load_model,
    load_tagger,
    read_articles,
    read_labels,
    split_sentences,
    tag_articles,
    tag_text,
    train,
)

from .conftest import REPO
from .inputs.test_html_pages import handmade_page

MODELS = REPO / "models"


def test_the_readme_api_tags_text_and_articles_and_trains():
    model, card = load_model(MODELS / "default")
    tagged = tag_text(model, "Putin said the talks went well. Advertisement")
    assert list(tagged["text"]) == ["Putin said the talks went well.", "Advertisement"]
    assert set(tagged["label"]) <= set(card["labels"])
    articles = pd.DataFrame({"id": ["a1"], "source": ["x"], "text": ["It rained. He left."]})
    assert len(tag_articles(model, articles)) == 2
    labels_df, files = read_labels([str(REPO / "labels")])
    assert len(labels_df) == card["sentences"] and files
    retrained, retrained_card = train(labels_df, cv=0)
    assert retrained_card["label_counts"] == card["label_counts"]
    assert [tuple(span) for span in split_sentences("One. Two.")] == [(0, 4), (5, 9)]


def test_the_api_tags_html_pages_with_the_page_model(tmp_path):
    (tmp_path / "p.html").write_text(handmade_page(0), encoding="utf-8")
    tagger = load_tagger(MODELS / "default", MODELS / "pages")

    tagged = tag_articles(tagger, read_articles([str(tmp_path)]).to_frame())

    labels = dict(zip(tagged["text"], tagged["label"], strict=True))
    assert labels["Politics"] == "boilerplate"  # a nav menu item
    assert labels["The council approved the budget on Monday."] != "boilerplate"
    assert set(classifier.__all__) >= {"load_tagger", "read_articles", "split_sentences"}
