"""Named sentence cues and document-context features."""

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.model.context import CONTEXT_NAMES, context_matrix
from classifier.model.cues import CUE_NAMES, cue_matrix, sentence_cues


def cues(text):
    return dict(zip(CUE_NAMES, sentence_cues(text), strict=True))


def sentences(rows):
    """A sentences DataFrame from ``(doc_id, sent_index, source, text)`` tuples."""
    return pd.DataFrame(rows, columns=["doc_id", "sent_index", "source", "text"])


def context(frame):
    """Context features of ``frame`` as a DataFrame aligned with its index."""
    matrix = context_matrix(frame, cue_matrix(frame["text"]))
    return pd.DataFrame(matrix, columns=list(CONTEXT_NAMES), index=frame.index)


# --- sentence cues -----------------------------------------------------------------------------


def test_cue_vector_has_one_value_per_name():
    assert len(sentence_cues("The talks ended.")) == len(CUE_NAMES)
    assert cue_matrix(["One.", "Two words."]).shape == (2, len(CUE_NAMES))
    assert cue_matrix([]).shape == (0, len(CUE_NAMES))


@pytest.mark.parametrize(
    "text",
    [
        '"We must talk about everything," he said.',
        "“We must talk about everything,” he said.",
        "“Why?” Putin asked.",
    ],
    ids=["straight", "curly", "question-named-speaker"],
)
def test_direct_quote_with_attribution(text):
    found = cues(text)
    assert found["quote_marks"] == 2
    assert found["starts_with_quote"] == 1
    assert found["quote_balance"] == 0
    assert found["speech_verbs"] > 0
    assert found["quote_then_speech_verb"] == 1


def test_reported_speech_without_quote():
    found = cues("He said the talks ended on Tuesday.")
    assert found["speech_verbs"] > 0
    assert found["quote_marks"] == 0
    assert found["quote_then_speech_verb"] == 0
    assert found["share_in_quotes"] == 0


@pytest.mark.parametrize(
    ("text", "cue", "expected"),
    [
        ("https://www.example.com/news/putin-erdogan", "url", 1),
        ("www.example.com", "url", 1),
        ("The talks ended on Tuesday.", "url", 0),
        ("Contact us: [email protected]", "email", 1),
        ("Contact us: news@example.com", "email", 1),
        ("The talks ended on Tuesday.", "email", 0),
        ("Wed. Apr 24th, 2024", "date", 1),
        ("Published 2024-04-24", "date", 1),
        ("The talks ended on Tuesday.", "date", 0),
        ("He said: “It is bad.”", "ends_with_quote", 1),
        ("Who will stop the next offensive?", "ends_question", 1),
        ("Putin: Russia and Turkey agree on steps", "speaker_colon", 1),
        ("According to Al-Jazeera, Erdogan met Putin.", "attribution_phrase", 1),
        ("Erdogan said the talks would go on.", "speaker_then_speech_verb", 1),
        ("The talks will go on, he added.", "closing_attribution", 1),
        ("The talks will go on, said Erdogan.", "closing_attribution", 1),
        ("The talks went on after he said so.", "closing_attribution", 0),
        ("The ministry confirmed that the talks went on.", "speech_verb_that", 1),
        ("Erdogan put it simply: “The talks go on.”", "colon_then_quote", 1),
        ("The talks ended on Tuesday.", "speaker_then_speech_verb", 0),
        ("Home | World | Sport", "separator", 1),
        ("• Politics", "separator", 1),
        ("Home and away", "separator", 0),
        ("Posted 3 hours ago", "time_stamp", 1),
        ("Updated 14:05", "time_stamp", 1),
        ("12 Comments", "count_then_word", 1),
        ("12 people were hurt.", "count_then_word", 0),
        ("By Jane Doe", "byline", 1),
        ("© 2024 Example Media", "copyright_sign", 1),
        ("The minister said the plan would…", "ends_with_ellipsis", 1),
        ("and then the talks ended.", "starts_lowercase", 1),
    ],
    ids=[
        "url-scheme",
        "url-www",
        "url-absent",
        "email-cloudflare-obfuscated",
        "email-address",
        "email-absent",
        "date-weekday-month-day-year",
        "date-iso",
        "date-absent",
        "ends-with-quote",
        "ends-question",
        "speaker-colon",
        "attribution-phrase",
        "speaker-then-speech-verb",
        "closing-attribution-speaker-first",
        "closing-attribution-verb-first",
        "closing-attribution-absent",
        "speech-verb-that",
        "colon-then-quote",
        "speaker-then-speech-verb-absent",
        "separator-pipes",
        "separator-bullet",
        "separator-absent",
        "time-stamp-ago",
        "time-stamp-clock",
        "count-then-word",
        "count-then-word-absent",
        "byline",
        "copyright-sign",
        "ends-with-ellipsis",
        "starts-lowercase",
    ],
)
def test_named_cue(text, cue, expected):
    assert cues(text)[cue] == expected


@pytest.mark.parametrize(
    "text",
    ["I think we should...", "I think we should talk.", "We must act now."],
    ids=["trailing-ellipsis", "full-stop", "we-must"],
)
def test_first_person(text):
    assert cues(text)["first_person"] > 0
    assert cues(text)["second_person"] == 0


def test_third_person_report_has_no_first_person():
    assert cues("Erdogan met Putin in Moscow on Thursday.")["first_person"] == 0


@pytest.mark.parametrize(
    ("text", "is_short", "ends_colon_or_none"),
    [
        ("Advertisement", 1, 1),
        ("Related:", 1, 1),
        ("The talks ended.", 1, 0),
        ("Erdogan met Putin in Moscow on Thursday.", 0, 0),
    ],
    ids=["advertisement", "colon", "short-sentence", "long-sentence"],
)
def test_short_and_unterminated_lines(text, is_short, ends_colon_or_none):
    found = cues(text)
    assert found["is_short"] == is_short
    assert found["ends_colon_or_none"] == ends_colon_or_none


def test_advertisement_is_boilerplate_word():
    assert cues("Advertisement")["boilerplate_words"] > 0
    assert cues("Erdogan met Putin in Moscow.")["boilerplate_words"] == 0


@pytest.mark.parametrize("text", ["", "   "], ids=["empty", "whitespace"])
def test_blank_text_has_no_punctuation_or_quote_cues(text):
    found = cues(text)
    assert found["ends_terminal"] == 0
    assert found["starts_with_quote"] == 0
    assert found["ends_with_quote"] == 0


@settings(deadline=None)
@given(st.text(alphabet="abcXYZ .,!?:“”\"'’@0123\n\u00a0", max_size=80))
def test_cues_ignore_surrounding_whitespace(text):
    assert sentence_cues(f" \t{text}\u00a0\n") == sentence_cues(text)


def test_empty_text_has_only_the_cues_of_no_text():
    nonzero = {cue: value for cue, value in cues("").items() if value}
    assert nonzero == {"is_short": 1, "ends_colon_or_none": 1}
    assert sentence_cues(" \t\u3000\n") == sentence_cues("")


@pytest.mark.parametrize(
    "text",
    [
        "Zoë Müller said the plan had failed.",
        "ÉMILE ZOLA, J’ACCUSE…!",
        "Straße 5 in Köln: ΑΘΗΝΑ und Ⅻ, ½ und ² hier.",
        "中国 said 北京 Ⓐ ⓐ.",
        "Typography ‘a’ “b” «c» ‹d› e–f—g―h… • i·j © ® ™ ★ → ▸ ►.",
    ],
    ids=["accents", "capitals", "greek-and-numerals", "cjk-and-symbols", "punctuation"],
)
def test_non_ascii_letters_count_as_python_counts_them(text):
    found = cues(text)
    words = re.findall(r"[^\W_][\w'’-]*", text)
    assert found["log_words"] == pytest.approx(np.log1p(len(words)))
    letters = re.findall(r"[^\W\d_]", text)
    assert found["upper_share"] == pytest.approx(sum(map(str.isupper, text)) / len(letters))
    capitalised = sum(word[0].isupper() for word in words)
    assert found["title_case_share"] == pytest.approx(capitalised / len(words))
    assert found["log_chars"] == pytest.approx(np.log1p(len(text)))


@pytest.mark.parametrize(
    ("text", "cue", "expected"),
    [
        ("Zoë Müller said the plan had failed.", "speaker_then_speech_verb", 1),
        ("The talks will go on, said Jean-Luc O’Brien.", "closing_attribution", 1),
        ("“The talks go on,” said Mr. Smith.", "closing_attribution", 1),
        ("It was a well-told story that won.", "speech_verb_that", 0),
        ("She told reporters that it won.", "speech_verb_that", 1),
        ("Updated 3\u00a0hours ago", "time_stamp", 1),
        ("Updated ٣ hours ago", "time_stamp", 1),
        ("Contact: zoë@example.com", "email", 1),
        ("Visit café-zoë.com today", "url", 1),
        ("Émile arrived late.", "starts_lowercase", 0),
        ("élan is everything.", "starts_lowercase", 1),
    ],
    ids=[
        "accented-speaker",
        "hyphen-and-curly-apostrophe-in-speaker",
        "speaker-with-title",
        "verb-inside-hyphenated-word",
        "verb-then-that",
        "no-break-space-is-space",
        "arabic-indic-digit",
        "accented-email",
        "accented-domain",
        "accented-capital",
        "accented-lowercase",
    ],
)
def test_named_cue_on_non_ascii_text(text, cue, expected):
    assert cues(text)[cue] == expected


@pytest.mark.parametrize(
    ("text", "quote_marks", "balance", "starts_with_quote", "ends_with_quote"),
    [
        ("“We must act,” she said.", 2, 0, 1, 0),
        ("«Non», a-t-il dit.", 2, 0, 1, 0),
        ("‘We must act,’ she said.", 0, 0, 1, 0),
        ("He said: “We must act.”", 2, 0, 0, 1),
        ("“We must act.", 1, 1, 1, 0),
        ('"We must act," she said.', 2, 0, 1, 0),
    ],
    ids=["curly-double", "guillemets", "curly-single", "closing", "unclosed", "straight"],
)
def test_quote_marks(text, quote_marks, balance, starts_with_quote, ends_with_quote):
    found = cues(text)
    assert found["quote_marks"] == quote_marks
    assert found["quote_balance"] == balance
    assert found["starts_with_quote"] == starts_with_quote
    assert found["ends_with_quote"] == ends_with_quote


def test_share_in_quotes_counts_the_quote_marks_and_what_they_hold():
    text = "“We must act,” she said."
    assert cues(text)["share_in_quotes"] == pytest.approx(len("“We must act,”") / len(text))
    assert cues("“We must act")["share_in_quotes"] == 1


def test_control_characters_are_neither_letters_nor_upper_case():
    found = cues("AB\x01\x02\x03")
    assert found["upper_share"] == 1
    assert found["log_words"] == pytest.approx(np.log1p(1))


def test_very_long_sentence():
    text = "The minister said that " + "the talks went on and on " * 4000 + "until Friday."
    found = cues(text)
    assert found["log_chars"] == pytest.approx(np.log1p(len(text)))
    assert found["log_words"] == pytest.approx(np.log1p(len(text.split())))
    assert found["speech_verb_that"] == 1
    assert cue_matrix([text, "Short."])[0].tolist() == sentence_cues(text)


BATCH = [
    "",
    "   ",
    "Advertisement",
    "“We must act,” she said.",
    "Erdogan said the talks would go on.",
    "Zoë Müller said: «Non».",
    "Home | World | Sport",
    "Posted 3 hours ago by Jane Doe",
    "© 2024 Example Media. Contact news@example.com",
    "The talks will go on, said Jean-Luc O’Brien.",
    "中国 Ⓐ ٣ \x01 \u2009",
]


def test_a_row_does_not_depend_on_its_batch():
    batch = cue_matrix(BATCH)
    for i, text in enumerate(BATCH):
        np.testing.assert_array_equal(cue_matrix([text])[0], batch[i])
    np.testing.assert_array_equal(cue_matrix(BATCH[::-1]), batch[::-1])


@settings(deadline=None, max_examples=40)
@given(st.lists(st.text(alphabet='aZé .,“”"’—:|@٣Ⓐ\u00a0\n', max_size=30), max_size=6))
def test_any_row_does_not_depend_on_its_batch(texts):
    batch = cue_matrix(texts)
    for i, text in enumerate(texts):
        np.testing.assert_array_equal(cue_matrix([text])[0], batch[i])


@pytest.mark.parametrize(
    "as_input",
    [
        list,
        tuple,
        lambda texts: (text for text in texts),
        lambda texts: np.array(texts, dtype=object),
        np.array,
        lambda texts: pd.Series(texts, index=range(10, 10 + len(texts))),
        lambda texts: pd.Series(texts, dtype=object),
    ],
    ids=["list", "tuple", "generator", "object-array", "str-array", "series", "object-series"],
)
def test_cue_matrix_takes_any_iterable_of_str(as_input):
    matrix = cue_matrix(as_input(BATCH))
    assert matrix.dtype == np.float64
    np.testing.assert_array_equal(matrix, cue_matrix(BATCH))


# --- document context --------------------------------------------------------------------------


def test_relative_position_first_and_last():
    frame = sentences(
        [
            ("a", 0, "s", "Logo"),
            ("a", 1, "s", "Putin met Erdogan."),
            ("a", 2, "s", "They talked."),
            ("b", 0, "s", "Only sentence."),
        ]
    )
    result = context(frame)
    assert result["relative_position"].tolist() == [0.0, 0.5, 1.0, 0.0]
    assert result["is_first"].tolist() == [1, 0, 0, 1]
    assert result["is_last"].tolist() == [0, 0, 1, 1]


def test_repeated_in_article_marks_only_the_later_repeat():
    frame = sentences(
        [
            ("a", 0, "s", "Share this article"),
            ("a", 1, "s", "Putin met Erdogan."),
            ("a", 2, "s", "Share this article"),
            ("b", 0, "s", "Share this article"),
        ]
    )
    assert context(frame)["repeated_in_article"].tolist() == [0, 0, 1, 0]


@pytest.mark.parametrize(
    ("other_source", "expected"),
    [("s", np.log(2)), ("elsewhere", 0.0)],
    ids=["same-source", "different-source"],
)
def test_log_source_repeats(other_source, expected):
    frame = sentences(
        [
            ("a", 0, "s", "Leave a Reply"),
            ("a", 1, "s", "Putin met Erdogan."),
            ("b", 0, other_source, "Leave a Reply"),
        ]
    )
    result = context(frame)["log_source_repeats"].tolist()
    assert result == pytest.approx([expected, 0.0, expected])


PROSE = "The committee met on Tuesday and agreed to publish its findings next month."


def test_prose_span_and_distance():
    frame = sentences(
        [
            ("a", 0, "s", "Home"),
            ("a", 1, "s", PROSE),
            ("a", 2, "s", "Read more"),
            ("a", 3, "s", PROSE),
            ("a", 4, "s", "Contact"),
            ("a", 5, "s", "Terms"),
            ("b", 0, "s", "Menu"),
        ]
    )
    result = context(frame)
    assert result["inside_prose_span"].tolist() == [0, 1, 1, 1, 0, 0, 0]
    distance = np.expm1(result["log_distance_to_prose"]).round(6).tolist()
    assert distance == [1, 0, 1, 0, 1, 2, 1]


def test_text_share_before_counts_characters():
    frame = sentences([("a", 0, "s", "ab"), ("a", 1, "s", "cd"), ("a", 2, "s", "efgh")])
    assert context(frame)["text_share_before"].tolist() == pytest.approx([0.0, 0.25, 0.5])


def test_same_doc_id_in_two_sources_is_two_documents():
    frame = sentences([("1", 0, "s", "First."), ("1", 1, "t", "Second.")])
    result = context(frame)
    assert result["is_first"].tolist() == [1, 1]
    assert result["is_last"].tolist() == [1, 1]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (
            [
                "“We do not want this to continue.",
                "All necessary steps will be taken,” he added.",
                "The talks ended on Tuesday.",
            ],
            [0, 1, 0],
        ),
        (
            [
                "“We do not want this to continue,” he said.",
                "All necessary steps will be taken.",
                "The talks ended on Tuesday.",
            ],
            [0, 0, 0],
        ),
        (
            [
                '"We do not want this to continue.',
                "All necessary steps will be taken.",
            ],
            [0, 1],
        ),
    ],
    ids=["after-open-curly-quote", "after-closed-quote", "after-open-straight-quote"],
)
def test_inside_open_quote(texts, expected):
    frame = sentences([("a", i, "s", text) for i, text in enumerate(texts)])
    assert context(frame)["inside_open_quote"].tolist() == expected


def test_inside_open_quote_ends_at_closing_straight_quote():
    frame = sentences(
        [
            ("a", 0, "s", '"We do not want this to continue.'),
            ("a", 1, "s", 'All necessary steps will be taken," he added.'),
            ("a", 2, "s", "The talks ended on Tuesday."),
        ]
    )
    assert context(frame)["inside_open_quote"].tolist() == [0, 1, 0]


def test_open_quote_does_not_carry_into_next_document():
    frame = sentences(
        [
            ("a", 0, "s", "“We do not want this to continue."),
            ("b", 0, "s", "The talks ended on Tuesday."),
        ]
    )
    assert context(frame)["inside_open_quote"].tolist() == [0, 0]


ARTICLES = sentences(
    [
        ("a", 0, "s", "Logo"),
        ("a", 1, "s", "“We do not want this to continue."),
        ("a", 2, "s", "All steps will be taken,” he added."),
        ("a", 3, "s", "Leave a Reply"),
        ("b", 0, "s", "Leave a Reply"),
        ("b", 1, "s", "Putin met Erdogan."),
        ("b", 2, "s", "Putin met Erdogan."),
        ("c", 0, "t", "https://example.com/a"),
        ("c", 1, "t", "Advertisement"),
    ]
)


def test_context_rows_in_input_order_for_a_shuffled_frame():
    shuffled = ARTICLES.sample(frac=1, random_state=3)
    assert shuffled.index.tolist() != ARTICLES.index.tolist()
    pd.testing.assert_frame_equal(context(shuffled).loc[ARTICLES.index], context(ARTICLES))


@settings(deadline=None)
@given(st.permutations(range(len(ARTICLES))))
def test_context_rows_follow_any_input_order(order):
    shuffled = ARTICLES.iloc[list(order)].reset_index(drop=True)
    expected = context(ARTICLES).to_numpy()[list(order)]
    np.testing.assert_array_equal(context(shuffled).to_numpy(), expected)


def test_context_of_no_sentences():
    assert context_matrix(sentences([]), cue_matrix([])).shape == (0, len(CONTEXT_NAMES))
