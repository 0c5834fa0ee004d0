"""Whole articles: one row per input, pronouns resolved, continued quotes carried on."""

import pytest

from classifier.attribution import NOT_A_QUOTE, attribute_sentences
from classifier.errors import InputError

ARTICLE = [
    ("The council met on Monday.", False),
    ('"We will rebuild the library," Mayor Ada Quist said.', True),
    ('"It will take two years," she added.', True),
    ('"Every child deserves books."', True),
    ("The budget is due in June.", False),
    ("A council spokesman said the plans were final.", True),
]


def attribute(rows, articles=None):
    texts = [text for text, _ in rows]
    flags = [flag for _, flag in rows]
    return attribute_sentences(texts, articles or ["a"] * len(rows), flags)


def test_one_row_per_input_and_empty_rows_for_non_quotes():
    found = attribute(ARTICLE)
    assert len(found) == len(ARTICLE)
    assert [found[i] for i in (0, 4)] == [NOT_A_QUOTE, NOT_A_QUOTE]


def test_pronoun_resolves_to_the_earlier_named_speaker():
    found = attribute(ARTICLE)[2]
    assert (found.speaker, found.kind, found.cue) == ("Mayor Ada Quist", "pronoun", "added")
    assert found.why == "pronoun 'she' resolved to Mayor Ada Quist (sentence 1)"


def test_a_quote_without_source_continues_the_one_before():
    found = attribute(ARTICLE)[3]
    assert (found.speaker, found.kind) == ("Mayor Ada Quist", "pronoun")
    assert found.why == "continues the quote of sentence 2"


def test_anonymous_speaker_of_its_own():
    found = attribute(ARTICLE)[5]
    assert (found.speaker, found.kind) == ("A council spokesman", "anonymous")


def test_pronoun_does_not_resolve_across_articles():
    rows = ARTICLE[1:3]
    found = attribute(rows, articles=["a", "b"])[1]
    assert (found.speaker, found.kind) == ("she", "pronoun")


def test_an_unattributed_quote_alone_has_kind_none():
    found = attribute([("Prices rose.", False), ('"Nobody saw it coming."', True)])[1]
    assert (found.speaker, found.kind, found.cue) == ("", "none", "")


def test_an_opening_quote_takes_the_speaker_of_its_run():
    rows = [('"The dam held."', True), ('"We were lucky," said Petra Holm.', True)]
    found = attribute(rows)[0]
    assert found.speaker == "Petra Holm"
    assert found.why == "the quote attributed in sentence 1"


def test_lengths_must_agree():
    with pytest.raises(InputError, match="2 texts, 1 articles"):
        attribute_sentences(["a", "b"], ["x"], [True, True])
