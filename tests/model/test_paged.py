"""The page stage: on sentences with HTML markup, the page model decides boilerplate."""

import numpy as np
import pandas as pd
import pytest

from classifier.errors import TrainingError
from classifier.model.paged import (
    PageAwareTagger,
    boilerplate_of,
    has_markup,
    labels_of,
    with_boilerplate,
)
from classifier.model.train import train, with_page_markup
from classifier.tagging.tag import tag_sentences

LABELS = ("boilerplate", "opinion", "quotation", "reporting")


class FixedModel:
    """Gives the same probabilities to every sentence (what a biased tagger would)."""

    def __init__(self, classes, row):
        self.classes_ = np.array(classes)
        self.row = np.asarray(row, dtype=float)

    def predict_proba(self, sentences_df):
        self.calls = getattr(self, "calls", 0) + 1
        return np.tile(self.row, (len(sentences_df), 1))


def _sentences(markups):
    return pd.DataFrame(
        {
            "doc_id": ["d"] * len(markups),
            "sent_index": range(len(markups)),
            "source": ["s"] * len(markups),
            "text": [f"Sentence {i}." for i in range(len(markups))],
            "markup": markups,
        }
    )


def test_page_model_decides_boilerplate_only_where_there_is_markup():
    content = FixedModel(LABELS, [0.1, 0.2, 0.3, 0.4])
    page = FixedModel(("boilerplate", "reporting"), [0.9, 0.1])
    tagger = PageAwareTagger(content, page)
    probabilities = tagger.predict_proba(_sentences(["t:a in:nav", "", None]))

    np.testing.assert_allclose(probabilities[0], [0.9, 0.1 * 2 / 9, 0.1 * 3 / 9, 0.1 * 4 / 9])
    np.testing.assert_allclose(probabilities[1:], [[0.1, 0.2, 0.3, 0.4]] * 2)
    assert list(tagger.predict(_sentences(["t:p", ""]))) == ["boilerplate", "reporting"]


def test_the_page_model_decides_boilerplate_whatever_the_content_model_spreads():
    # p(boilerplate) 0.44 is the largest combined probability, but the page model says "not
    # boilerplate" (under 0.45): the sentence gets the content model's best other label.
    content = FixedModel(LABELS, [0.1, 0.2, 0.3, 0.4])
    tagger = PageAwareTagger(content, FixedModel(("boilerplate", "reporting"), [0.44, 0.56]))
    sentences = _sentences(["t:li in:nav", ""])

    tagged = tag_sentences(tagger, sentences)

    assert list(tagged["label"]) == ["reporting", "reporting"]
    np.testing.assert_allclose(tagged["p_boilerplate"], [0.44, 0.1])
    np.testing.assert_allclose(tagged["confidence"], [0.56 * 4 / 9, 0.4])
    assert (
        list(labels_of(content, content.predict_proba(sentences), sentences)) == ["reporting"] * 2
    )


def test_boilerplate_of_pages_needs_only_the_page_model():
    content = FixedModel(LABELS, [0.7, 0.1, 0.1, 0.1])
    page = FixedModel(("boilerplate", "reporting"), [0.2, 0.8])
    tagger = PageAwareTagger(content, page)

    assert list(boilerplate_of(tagger, _sentences(["t:p", "t:li"]))) == [False, False]
    assert getattr(content, "calls", 0) == 0  # every sentence had markup
    assert list(boilerplate_of(tagger, _sentences(["t:p", ""]))) == [False, True]
    assert content.calls == 1


def test_with_boilerplate_keeps_rows_summing_to_one():
    probabilities = np.array([[1.0, 0.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]])
    result = with_boilerplate(probabilities, 0, np.array([0.4, 0.0]))

    np.testing.assert_allclose(result.sum(axis=1), 1.0)
    np.testing.assert_allclose(result[0], [0.4, 0.2, 0.2, 0.2])  # the others had nothing
    np.testing.assert_allclose(result[1], [0.0, 1 / 3, 1 / 3, 1 / 3])


def test_text_without_a_markup_column_has_no_markup():
    assert not has_markup(pd.DataFrame({"text": ["a", "b"]})).any()


def test_labels_get_the_markup_of_their_page_sentence():
    pages_df = _sentences(["t:a in:nav", "t:p in:article"])
    labels_df = pages_df.drop(columns="markup").iloc[[1, 0]].assign(label=["reporting", "x"])
    labels_df.loc[0, "text"] = "retyped"  # a label whose text is not the page's: no markup
    merged = with_page_markup(labels_df, pages_df)

    assert list(merged["markup"]) == ["t:p in:article", ""]
    with pytest.raises(TrainingError, match="none of the labelled sentences"):
        with_page_markup(labels_df.assign(doc_id="other"), pages_df)


def test_labels_with_markup_train_a_page_aware_model():
    model, card = train(_page_labels(), cv=0)

    assert card["settings"]["markup_bits"] is not None
    assert model.features_.markup_bits == card["settings"]["markup_bits"]


def test_on_pages_the_two_models_share_their_counts_and_score_as_apart():
    labels_df = _page_labels()
    page, _card = train(labels_df, cv=0)
    content, _card = train(labels_df.drop(columns="markup"), cv=0)
    sentences_df = labels_df.drop(columns="label")
    apart = with_boilerplate(
        content.predict_proba(sentences_df), 0, page.predict_proba(sentences_df)[:, 0]
    )

    assert page.features_.shares_counts_with(content.features_)
    assert not content.features_.shares_counts_with(page.features_)  # it counts no markup
    np.testing.assert_allclose(
        PageAwareTagger(content, page).predict_proba(sentences_df), apart, rtol=0, atol=1e-12
    )


def _page_labels() -> pd.DataFrame:
    rows = []
    for doc in range(4):
        for i, (text, markup, label) in enumerate(
            [
                ("Home", "t:a in:nav link:100", "boilerplate"),
                ("The council met on Monday.", "t:p in:article", "reporting"),
                ("About us", "t:a in:footer link:100", "boilerplate"),
            ]
        ):
            rows.append(
                {
                    "doc_id": f"d{doc}",
                    "sent_index": i,
                    "source": "s",
                    "text": text,
                    "markup": markup,
                    "label": label,
                }
            )
    return pd.DataFrame(rows)
