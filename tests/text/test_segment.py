"""Sentence segmentation: line units, quotes, abbreviations, exact offsets, hand-labelled seeds."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from classifier.text import segment
from classifier.text.segment import Span, segment_articles, sentences_of, split_sentences

ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = ROOT / "seeds"
SEED_LABELS = ROOT / "labels" / "seeds.csv"


def assert_sentences(text, expected):
    """The spans of ``text`` cut out exactly ``expected``, with no surrounding whitespace."""
    spans = split_sentences(text)
    assert [text[start:end] for start, end in spans] == expected
    assert sentences_of(text) == expected
    for start, end in spans:
        assert text[start:end] == text[start:end].strip()


# --- rule 1: lines are units -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Logo\n\nLogo\n\nHeadline without stop\nBody sentence one. Body two.",
            ["Logo", "Logo", "Headline without stop", "Body sentence one.", "Body two."],
        ),
        ("Advertisement\nThe deal was signed.", ["Advertisement", "The deal was signed."]),
        (
            "Leave a Reply\nyour email address will not be published.",
            ["Leave a Reply", "your email address will not be published."],
        ),
        (
            "https://example.com/news/putin-erdogan-talks\nThe two leaders met.",
            ["https://example.com/news/putin-erdogan-talks", "The two leaders met."],
        ),
        (
            "Erdogan and Putin meet in Moscow\nThe two leaders met on Thursday.",
            ["Erdogan and Putin meet in Moscow", "The two leaders met on Thursday."],
        ),
        (
            "He arrived on Tuesday and\nthe talks began.",
            ["He arrived on Tuesday and", "the talks began."],
        ),
        (
            "First line.\r\nSecond line.\r\n\r\nThird.",
            ["First line.", "Second line.", "Third."],
        ),
        ("Logo\rBody one.", ["Logo", "Body one."]),
        ("\n\n  Logo  \n\t\n\u00a0\nBody one.\n\n", ["Logo", "Body one."]),
        ("", []),
        (" \n\r\n\t\u00a0 ", []),
    ],
    ids=[
        "logo-headline-body",
        "advertisement",
        "leave-a-reply-before-lowercase",
        "bare-url",
        "subheading",
        "line-ending-mid-clause",
        "crlf-and-blank-line",
        "lone-cr",
        "blank-and-whitespace-lines",
        "empty",
        "only-whitespace",
    ],
)
def test_lines_are_units(text, expected):
    assert_sentences(text, expected)


# --- rule 2 and the attribution rule: quotes ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We must talk," Putin stressed.', ['"We must talk," Putin stressed.']),
        ("“We must talk,” Putin stressed.", ["“We must talk,” Putin stressed."]),
        ("'We must talk,' Putin stressed.", ["'We must talk,' Putin stressed."]),
        (
            "“… partners,” Putin told the conference.",
            ["“… partners,” Putin told the conference."],
        ),
        (
            "“We are ready to work with all partners,” Putin told the conference.",
            ["“We are ready to work with all partners,” Putin told the conference."],
        ),
        (
            "He said it was bad in Idlib.” Then they left.",
            ["He said it was bad in Idlib.”", "Then they left."],
        ),
        (
            'He said it was bad in Idlib." Then they left.',
            ['He said it was bad in Idlib."', "Then they left."],
        ),
        ("“Why?” Putin asked.", ["“Why?” Putin asked."]),
        ('"Why?" Putin asked.', ['"Why?" Putin asked.']),
        ("‘Why?’ Putin asked.", ["‘Why?’ Putin asked."]),
        (
            "“We do not want this to continue. All steps will be taken,” he added.",
            ["“We do not want this to continue.", "All steps will be taken,” he added."],
        ),
        (
            "Erdogan said: “It is unacceptable.” The talks went on.",
            ["Erdogan said: “It is unacceptable.”", "The talks went on."],
        ),
    ],
    ids=[
        "straight-comma-attribution",
        "curly-comma-attribution",
        "single-straight-comma-attribution",
        "curly-ellipsis-told",
        "curly-told-conference",
        "curly-close-then-new-sentence",
        "straight-close-then-new-sentence",
        "curly-question-asked",
        "straight-question-asked",
        "single-curly-question-asked",
        "split-inside-open-quote",
        "quoted-sentence-then-new-sentence",
    ],
)
def test_quote_aware(text, expected):
    assert_sentences(text, expected)


# --- rule 3: abbreviations, dates, numbers and ellipses that do not end a sentence -------------


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Putin met Erdogan.",
        "Mrs. May visited Ankara.",
        "Dr. Smith treated the wounded.",
        "The deal was signed in Sept. 2018 in Sochi.",
        "The U.S. economy grew.",
        "Maj. Gen. Igor Konashenkov said the strike hit a depot.",
        "Wed. Apr 24th, 2024",
        "Resolution No. 12 was adopted.",
        "J. R. Smith wrote the report.",
        "Some 3.6 million refugees live in Turkey.",
        "The situation ... in Idlib is tense.",
        "Wait… what?",
    ],
    ids=[
        "mr",
        "mrs",
        "dr",
        "sept-year",
        "us-economy",
        "maj-gen",
        "weekday-date",
        "no-number",
        "initials",
        "decimal",
        "dotted-ellipsis",
        "ellipsis-char",
    ],
)
def test_does_not_split(text):
    assert_sentences(text, [text])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He left the U.S. The end.", ["He left the U.S.", "The end."]),
        ("It rose 5%. Then it fell.", ["It rose 5%.", "Then it fell."]),
        ("Really? Yes!", ["Really?", "Yes!"]),
        ("He left the U.S. Ambassador stayed.", ["He left the U.S. Ambassador stayed."]),
        ("They voted No. The bill failed.", ["They voted No.", "The bill failed."]),
        ("They met. Talks began.", ["They met.", "Talks began."]),
    ],
    ids=[
        "acronym-before-opener",
        "percent",
        "question-exclamation",
        "acronym-before-non-opener",
        "no-before-word",
        "plain-periods",
    ],
)
def test_splits(text, expected):
    assert_sentences(text, expected)


# --- exact offsets -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Logo\n\nBody one. Body two.", [Span(0, 4), Span(6, 15), Span(16, 25)]),
        ("  Logo \r\n\r\n\tBody one.  Two!\t", [Span(2, 6), Span(12, 21), Span(23, 27)]),
        ("\u00a0“Why?” Putin asked.\u00a0\n", [Span(1, 20)]),
        ("Really?   Yes!", [Span(0, 7), Span(10, 14)]),
    ],
    ids=["lf", "crlf-tabs-spaces", "nbsp-around-quote", "wide-gap"],
)
def test_exact_offsets(text, expected):
    assert split_sentences(text) == expected


# --- invariants on arbitrary text --------------------------------------------------------------

ALPHABET = "abcxyzMrsUSTA" + " \n\r\t\u00a0" + ".!?…\"“”’'‘,:" + "0359"
ANY_TEXT = st.text(alphabet=ALPHABET, max_size=200)


@settings(deadline=None)
@given(ANY_TEXT)
def test_spans_and_whitespace_partition_the_text(text):
    spans = split_sentences(text)
    assert spans == sorted(spans)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end
        assert text[previous_end:start].strip() == ""
        assert text[start:end] == text[start:end].strip()
        previous_end = end
    assert text[previous_end:].strip() == ""


@settings(deadline=None)
@given(ANY_TEXT)
def test_no_span_contains_a_line_break(text):
    for start, end in split_sentences(text):
        assert "\n" not in text[start:end]
        assert "\r" not in text[start:end]


@settings(deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET.replace("\n", "").replace("\r", "")), max_size=6))
@example(["A", ". 0"])  # the word before a period at a line's start is not the last line's
def test_each_line_is_segmented_on_its_own(lines):
    text = "\n".join(lines)
    expected = []
    offset = 0
    for line in lines:
        expected.extend(Span(offset + start, offset + end) for start, end in split_sentences(line))
        offset += len(line) + 1
    assert split_sentences(text) == expected


# --- boundaries agree with the hand labels -----------------------------------------------------


@pytest.mark.parametrize(
    "doc_id",
    [
        "000_5ce189f8a01c56af",
        "001_33665223108cc703",
        "002_76d1c600f04304d8",
        "003_0f3830ae6019be44",
        "004_05d9327635b8edf3",
    ],
    ids=["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"],
)
def test_boundaries_agree_with_hand_labels(doc_id):
    with open(SEEDS_DIR / f"{doc_id}.txt", encoding="utf-8", newline="") as handle:
        text = handle.read()
    labels = pd.read_csv(SEED_LABELS, dtype={"doc_id": str}, keep_default_na=False)
    rows = labels[labels["doc_id"] == doc_id].sort_values("sent_index")
    assert rows["sent_index"].tolist() == list(range(len(rows)))
    expected = list(zip(rows["start"], rows["end"], rows["text"], strict=True))
    assert [(start, end, text[start:end]) for start, end in split_sentences(text)] == expected


# --- segment_articles --------------------------------------------------------------------------


def test_segment_articles_gives_one_row_per_sentence_in_order():
    articles = pd.DataFrame(
        {
            "id": ["z9", "a1"],
            "source": ["Alwaght", "OBSERVATORY NEWS"],
            "text": ["Logo\nPutin met Erdogan. They talked.", "“Why?” Putin asked."],
        }
    )
    expected = pd.DataFrame(
        {
            "doc_id": ["z9", "z9", "z9", "a1"],
            "source": ["Alwaght", "Alwaght", "Alwaght", "OBSERVATORY NEWS"],
            "sent_index": [0, 1, 2, 0],
            "start": [0, 5, 24, 0],
            "end": [4, 23, 36, 19],
            "text": ["Logo", "Putin met Erdogan.", "They talked.", "“Why?” Putin asked."],
        }
    )
    pd.testing.assert_frame_equal(segment_articles(articles), expected)


def test_segment_articles_skips_blank_articles():
    articles = pd.DataFrame(
        {"id": ["a1", "b2"], "source": ["x", "y"], "text": ["\n  \n", "Body one."]}
    )
    result = segment_articles(articles)
    assert result[["doc_id", "sent_index", "text"]].values.tolist() == [["b2", 0, "Body one."]]


def test_segment_articles_rows_are_the_spans_of_each_article_and_keep_the_id_type():
    texts = ["Mr. Smith left. He said: “No.” Then?", "", "Logo\r\n  Two lines!  ", "One."]
    articles = pd.DataFrame({"id": [7, 8, 9, 10], "source": ["a", "b", "c", "a"], "text": texts})
    rows = [
        (article_id, source, index, start, end, text[start:end])
        for article_id, source, text in zip(articles["id"], articles["source"], texts, strict=True)
        for index, (start, end) in enumerate(split_sentences(text))
    ]
    expected = pd.DataFrame(
        rows, columns=["doc_id", "source", "sent_index", "start", "end", "text"]
    )
    result = segment_articles(articles)
    pd.testing.assert_frame_equal(result, expected)
    assert result["doc_id"].dtype == np.int64


def test_segment_articles_of_no_articles_has_the_columns_and_no_rows():
    result = segment_articles(pd.DataFrame({"id": [], "source": [], "text": []}))
    assert list(result.columns) == ["doc_id", "source", "sent_index", "start", "end", "text"]
    assert len(result) == 0


# --- the regex scans agree with a plain loop over lines and candidates -------------------------

_REFERENCE_LINE = re.compile(r"[^\r\n]+")
_REFERENCE_CANDIDATE = re.compile(r"([.!?…]+)([\"'”’»)\]]*)(?=\s)")
_REFERENCE_TOKEN_BEFORE = re.compile(r"[\"'“‘(\[]*([^\s\"'“‘(\[]*)\Z")


def reference_split(text):
    """The rules written as the obvious loop: each line, each candidate in it, decided in turn;
    then the inline lists' items (``with_list_items``, shared)."""
    boundaries = []
    lines = []
    for line in _REFERENCE_LINE.finditer(text):
        stripped = line.group().strip()
        if not stripped:
            continue
        line_start = start = line.start() + len(line.group()) - len(line.group().lstrip())
        end = start + len(stripped)
        lines.append((start, end))
        for candidate in _REFERENCE_CANDIDATE.finditer(text, start, end):
            next_start = re.compile(r"\S").search(text, candidate.end(), end).start()
            before = candidate.start()
            word = _REFERENCE_TOKEN_BEFORE.search(text, max(0, before - 40), before).group(1)
            following = text[next_start : min(end, next_start + 80)]
            context = text[max(line_start, before - 40) : before]
            if segment._is_boundary(
                candidate.group(1), candidate.group(2), following, word, context
            ):
                boundaries.append((candidate.end(), next_start))
    boundaries = segment.with_list_items(text.replace("\r", "\n"), boundaries)  # "\r" ends a line
    starts = sorted([start for start, _ in lines] + [resume for _, resume in boundaries])
    ends = sorted([end for _, end in lines] + [cut for cut, _ in boundaries])
    return [Span(start, end) for start, end in zip(starts, ends, strict=True)]


PIECES = st.sampled_from(
    [
        *"abcMrsUSTA.!?…\"'“”‘’»()[],:0359",
        *" \t\n\r\u00a0\u2028\x85\x0b\x1c\u3000",
        *("Mr.", "U.S.", "Inc.", "No.", "No. 5", "Sept.", "Wed.", "J.", "etc.", "...", "?!"),
        *("The", "the", "He", "said", "Putin asked", "Putin said", "x" * 45, "É", "ß", "1.5"),
        *(". . .", ". . . .", "....", "1. ", "2. ", "a. ", "b) ", "• ", "N°.", "How"),
    ]
)


@settings(deadline=None, max_examples=300)
@given(st.lists(PIECES, max_size=40).map("".join))
@example('He left." The end." Putin said. A. B. U.S. The')
@example("(Mr. Smith) left.) Then… No. 5 and U.S. Inc. The\r\nEnd?! Why")
@example("a\r1. M")
def test_split_sentences_agrees_with_a_loop_over_lines_and_candidates(text):
    assert split_sentences(text) == reference_split(text)


def test_sentences_carry_the_markup_of_their_line():
    articles_df = pd.DataFrame(
        {
            "id": ["page", "plain"],
            "source": ["s", "s"],
            "text": ["Home\nHe said it. It rained.\nShare", "One line. Two."],
            "markup": ["t:a in:nav\nt:p\nt:a", None],
        }
    )
    sentences_df = segment.segment_articles(articles_df)

    assert list(sentences_df["markup"]) == ["t:a in:nav", "t:p", "t:p", "t:a", "", ""]
    assert "markup" not in segment.segment_articles(articles_df.drop(columns="markup")).columns
