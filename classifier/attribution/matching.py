"""When two speaker or cue phrases name the same thing: they share a content word.

Used to label training candidates and, by the benchmark, to score predictions: "Trump" matches
"Donald Trump" and "Mr. Trump"; "a senior official" matches "the official"; "said" matches
"said in a statement". A phrase with no content word (a pronoun, ":") matches only itself.
"""

from __future__ import annotations

import re

from .lexicon import DETERMINERS, PRONOUNS

_WORDS = re.compile(r"\w+")
STOPWORDS = (
    DETERMINERS
    | PRONOUNS
    | frozenset(
        "of to in on at for with by from and or as s mr mrs ms dr sen rep gov jr sr".split()
    )
)


def find_content_words(text: str) -> frozenset[str]:
    """The lower-cased words of ``text`` that are not determiners, pronouns or honorifics."""
    return frozenset(_WORDS.findall(text.lower())) - STOPWORDS


def is_same_phrase(predicted: str, gold: str) -> bool:
    """Whether ``predicted`` shares a content word with ``gold`` (or, when ``gold`` has none,
    equals it after lower-casing and collapsing whitespace)."""
    gold_words = find_content_words(gold)
    if not gold_words:
        return " ".join(predicted.lower().split()) == " ".join(gold.lower().split()) != ""
    return not gold_words.isdisjoint(find_content_words(predicted))
