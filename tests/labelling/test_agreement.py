"""Agreement between annotators: alignment, Cohen's and Fleiss' kappa, and the agreement command."""

import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from classifier.cli import main
from classifier.errors import LabelFileError
from classifier.labelling.agreement import fleiss_kappa, measure_agreement
from classifier.labelling.alignment import ALIGNED_BY_OFFSETS, ALIGNED_BY_TEXT

# Fleiss (1971) as worked on Wikipedia ("Fleiss' kappa"): 10 items, 14 raters, 5 categories.
FLEISS_EXAMPLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]

MERGED = [
    ("Logo", "boilerplate"),
    ("“We must talk,” Putin stressed. The meeting lasted three hours.", "quotation"),
    ("Advertisement", "boilerplate"),
]
SPLIT = [
    ("Logo", "boilerplate"),
    ("“We must talk,” Putin stressed.", "quotation"),
    ("The meeting lasted three hours.", "reporting"),
    ("Advertisement", "boilerplate"),
]
# SPLIT as a second annotator retyped it: straight quotes, other spacing.
SPLIT_RETYPED = [
    ("Logo", "boilerplate"),
    ('"We must  talk," Putin stressed.', "quotation"),
    ("The meeting lasted three hours. ", "reporting"),
    ("Advertisement", "boilerplate"),
]


def annotate(*docs, offsets=True, notes=None, source="src"):
    """A label table as read_label_file returns it; each doc is ``(doc_id, [(text, label)])``.

    With ``offsets``, ``start, end`` as if the doc's sentences were joined by one space.
    """
    rows = []
    for doc_id, sentences in docs:
        start = 0
        for index, (text, label) in enumerate(sentences):
            row = {"doc_id": doc_id, "sent_index": index, "source": source, "text": text}
            row["label"] = label
            if offsets:
                row |= {"start": str(start), "end": str(start + len(text))}
            rows.append(row)
            start += len(text) + 1
    labels_df = pd.DataFrame(rows)
    if notes is not None:
        labels_df["note"] = notes
    return labels_df


def sentences(labels, prefix="Sentence number"):
    return [(f"{prefix} {i} of the article.", label) for i, label in enumerate(labels)]


def measure(*labels_dfs):
    return measure_agreement(labels_dfs, [f"{name}.csv" for name in "abcdefg"[: len(labels_dfs)]])


def test_fleiss_kappa_matches_the_published_example():
    assert round(fleiss_kappa(FLEISS_EXAMPLE), 3) == 0.210


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([[3, 0], [0, 3], [3, 0]], 1.0),
        ([[0, 3], [2, 1]], 0.25),
        ([[3, 0], [3, 0]], None),
        ([], None),
    ],
    ids=["all-agree", "by-hand", "one-category-undefined", "no-items-undefined"],
)
def test_fleiss_kappa_small_tables(counts, expected):
    assert fleiss_kappa(counts) == pytest.approx(expected)


def test_fleiss_kappa_needs_equal_raters_per_item():
    with pytest.raises(ValueError, match="same number"):
        fleiss_kappa([[2, 0], [1, 2]])


def test_cohen_kappa_worked_by_hand():
    # A: reporting x6, opinion x4; B disagrees once (item 5): p_o = 0.9, p_e = 0.5, kappa = 0.8.
    a = ["reporting"] * 6 + ["opinion"] * 4
    b = ["reporting"] * 5 + ["opinion"] * 5
    result = measure(annotate(("d", sentences(a))), annotate(("d", sentences(b))))
    assert result["method"] == "cohen"
    assert (result["items"], result["agreement"], result["kappa"]) == (10, 0.9, 0.8)
    assert result["confusion"] == [
        {
            "rows": "a.csv",
            "columns": "b.csv",
            "items": 10,
            "labels": ["opinion", "reporting"],
            "matrix": [[4, 0], [1, 5]],
        }
    ]


def test_per_label_kappa_is_the_kappa_of_this_label_or_another():
    a = ["quotation", "quotation", "reporting", "reporting", "opinion", "opinion"]
    b = ["quotation", "reporting", "reporting", "reporting", "opinion", "quotation"]
    result = measure(annotate(("d", sentences(a))), annotate(("d", sentences(b))))
    # Overall p_o = 4/6, p_e = 1/3. Quotation: p_o = 4/6, p_e = 5/9. Reporting: p_o = 5/6,
    # p_e = 1/2. Opinion: p_o = 5/6, p_e = 22/36.
    assert result["kappa"] == 0.5
    kappas = {label: row["kappa"] for label, row in result["per_label"].items()}
    assert kappas == {"opinion": round(8 / 14, 4), "quotation": 0.25, "reporting": 0.6667}
    labelled = {label: row["labelled"] for label, row in result["per_label"].items()}
    assert labelled == {"opinion": [2, 1], "quotation": [2, 2], "reporting": [2, 3]}
    assert result["confusion"][0]["labels"] == ["opinion", "quotation", "reporting"]
    assert result["confusion"][0]["matrix"] == [[1, 1, 0], [0, 1, 1], [0, 0, 2]]


@pytest.mark.parametrize(
    ("split", "offsets", "aligned_by"),
    [
        (SPLIT, True, ALIGNED_BY_OFFSETS),
        (SPLIT, False, ALIGNED_BY_TEXT),
        (SPLIT_RETYPED, False, ALIGNED_BY_TEXT),
    ],
    ids=["offsets", "text", "text-retyped"],
)
def test_a_merged_sentence_is_compared_with_each_piece(split, offsets, aligned_by):
    result = measure(
        annotate(("d", MERGED), offsets=offsets), annotate(("d", split), offsets=offsets)
    )
    assert result["documents"][0]["aligned_by"] == aligned_by
    # (Logo), (merged, first piece), (merged, second piece), (Advertisement).
    assert (result["items"], result["agreement"], result["kappa"]) == (4, 0.75, 0.6)
    assert [row["kappa"] for row in result["per_label"].values()] == [1.0, 0.5, 0.0]
    assert [file["only_in"] for file in result["files"]] == [0, 0]
    [disagreement] = result["disagreements"]
    assert [(a["sent_index"], a["label"]) for a in disagreement["annotations"]] == [
        (1, "quotation"),
        (2, "reporting"),
    ]


# Few words, so that sentences repeat one another's wording.
WORDS = st.sampled_from(["the", "talks", "said", "Putin", "went", "well."])
SENTENCES = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
ARTICLES = st.lists(SENTENCES, min_size=1, max_size=8)


@given(article=ARTICLES, merges=st.lists(st.booleans(), max_size=8), offsets=st.booleans())
def test_merging_sentences_keeps_one_item_per_piece(article, merges, offsets):
    # b joins sentence i to the one before it where merges[i - 1] is true.
    b_texts = [article[0]]
    for i, text in enumerate(article[1:]):
        if i < len(merges) and merges[i]:
            b_texts[-1] += " " + text
        else:
            b_texts.append(text)
    a = annotate(("d", [(text, "reporting") for text in article]), offsets=offsets)
    b = annotate(("d", [(text, "opinion") for text in b_texts]), offsets=offsets)
    result = measure(a, b)
    assert result["items"] == len(article)
    assert [file["only_in"] for file in result["files"]] == [0, 0]
    assert result["confusion"][0]["matrix"] == [[0, 0], [len(article), 0]]


@given(
    article=st.lists(SENTENCES.filter(lambda text: " " in text), unique=True, max_size=8),
    kept=st.lists(st.booleans(), min_size=8, max_size=8),
)
def test_a_left_out_sentence_leaves_the_others_aligned(article, kept):
    b_texts = [text for text, keep in zip(article, kept, strict=False) if keep]
    a = annotate(("d", [*((text, "reporting") for text in article), ("Logo", "boilerplate")]))
    b = annotate(("d", [*((text, "reporting") for text in b_texts), ("Logo", "boilerplate")]))
    result = measure(a.drop(columns=["start", "end"]), b.drop(columns=["start", "end"]))
    assert result["items"] == len(b_texts) + 1
    assert [file["only_in"] for file in result["files"]] == [len(article) - len(b_texts), 0]


@pytest.mark.parametrize("offsets", [True, False], ids=["offsets", "text"])
def test_a_stray_character_across_a_boundary_is_not_an_item(offsets):
    a = [('He said: "No."', "quotation"), ("Then he left.", "reporting")]
    b = [('He said: "No.', "quotation"), ('" Then he left.', "reporting")]
    labels_b = annotate(("d", b), offsets=offsets)
    if offsets:  # b's second sentence starts at the closing quote, where a's first ends.
        labels_b[["start", "end"]] = [["0", "13"], ["13", "28"]]
    result = measure(annotate(("d", a), offsets=offsets), labels_b)
    assert (result["items"], result["kappa"], result["disagreements"]) == (2, 1.0, [])


def test_three_files_use_fleiss_on_the_items_every_file_labels():
    texts = ["One is here.", "Two is here.", "Three is here."]
    a = ["reporting", None, "quotation"]  # a left out "Two"
    b = ["reporting", "opinion", "quotation"]
    c = ["reporting", "opinion", "reporting"]
    tables = [[(t, label) for t, label in zip(texts, x, strict=True) if label] for x in (a, b, c)]
    result = measure(*(annotate(("d", table), offsets=False) for table in tables))
    assert result["method"] == "fleiss"
    # "Two" is labelled by b and c only: compared pairwise, excluded from Fleiss.
    assert (result["items"], result["items_excluded"], result["agreement"]) == (2, 1, 0.5)
    assert result["kappa"] == 0.25  # the by-hand table [[0, 3], [2, 1]]
    assert [(t["rows"], t["columns"], t["items"]) for t in result["confusion"]] == [
        ("a.csv", "b.csv", 2),
        ("a.csv", "c.csv", 2),
        ("b.csv", "c.csv", 3),
    ]
    assert [file["only_in"] for file in result["files"]] == [0, 0, 0]
    [disagreement] = result["disagreements"]
    assert [a["label"] for a in disagreement["annotations"]] == ["quotation"] * 2 + ["reporting"]


def test_disagreements_are_sorted_by_document_and_position_with_notes():
    a = annotate(("d2", sentences(["opinion", "reporting"])), ("d1", sentences(["reporting"] * 3)))
    b = annotate(
        ("d2", sentences(["reporting", "reporting"])),
        ("d1", sentences(["reporting", "reporting", "opinion"])),
        notes=["", "", "", "", "sounds like a judgement"],
    )
    result = measure(a, b)
    assert result["disagreements"] == [
        {
            "doc_id": "d1",
            "source": "src",
            "annotations": [
                {
                    "file": "a.csv",
                    "sent_index": 2,
                    "text": "Sentence number 2 of the article.",
                    "label": "reporting",
                    "note": None,
                },
                {
                    "file": "b.csv",
                    "sent_index": 2,
                    "text": "Sentence number 2 of the article.",
                    "label": "opinion",
                    "note": "sounds like a judgement",
                },
            ],
        },
        {
            "doc_id": "d2",
            "source": "src",
            "annotations": [
                {
                    "file": "a.csv",
                    "sent_index": 0,
                    "text": "Sentence number 0 of the article.",
                    "label": "opinion",
                    "note": None,
                },
                {
                    "file": "b.csv",
                    "sent_index": 0,
                    "text": "Sentence number 0 of the article.",
                    "label": "reporting",
                    "note": None,
                },
            ],
        },
    ]


def test_sentences_matching_nothing_are_counted_and_listed():
    a_doc = sentences(["reporting", "opinion", "quotation", "reporting"])
    b_doc = [a_doc[0], a_doc[2], a_doc[3]]  # b left out a's sentence 1
    a = annotate(("d", a_doc), ("only-a", [("A doc b never saw.", "opinion")]), offsets=False)
    result = measure(a, annotate(("d", b_doc), offsets=False))
    assert (result["items"], result["kappa"]) == (3, 1.0)
    assert [(f["sentences"], f["only_in"]) for f in result["files"]] == [(5, 2), (3, 0)]
    assert [(row["file"], row["doc_id"], row["sent_index"]) for row in result["only_in"]] == [
        ("a.csv", "d", 1),
        ("a.csv", "only-a", 0),
    ]
    assert result["documents"][1] == {
        "doc_id": "only-a",
        "source": "src",
        "files": ["a.csv"],
        "aligned_by": None,
    }


def test_identical_files_agree_perfectly():
    labels_df = annotate(("d", SPLIT))
    result = measure(labels_df, labels_df.copy())
    assert (result["kappa"], result["agreement"], result["note"]) == (1.0, 1.0, None)
    assert result["disagreements"] == [] and result["only_in"] == []


def test_kappa_is_undefined_when_every_item_has_one_label():
    labels_df = annotate(("d", sentences(["reporting"] * 3)))
    result = measure(labels_df, labels_df.copy())
    assert (result["kappa"], result["agreement"]) == (None, 1.0)
    assert result["note"] == (
        "every item is labelled reporting in every file: with nothing to disagree on, "
        "kappa is undefined (agreement is 100%)"
    )
    assert result["per_label"]["reporting"]["kappa"] is None


@pytest.mark.parametrize(
    ("b", "why"),
    [
        (annotate(("other", SPLIT)), "no doc_id in both"),
        (annotate(("d", SPLIT), source="elsewhere"), "the doc_ids match but the sources differ"),
    ],
    ids=["other-doc", "other-source"],
)
def test_files_without_a_common_document_are_refused(b, why):
    message = (
        f"a.csv has no document in common with b.csv ({why}); agreement compares labels of the "
        "same articles (same doc_id and source)"
    )
    with pytest.raises(LabelFileError) as raised:
        measure(annotate(("d", SPLIT)), b)
    assert str(raised.value) == message


def test_a_file_that_left_source_blank_is_matched_by_doc_id_with_a_note():
    named = annotate(("d", SPLIT))
    result = measure(named, annotate(("d", SPLIT), source=""))
    assert result["agreement"] == 1.0 and result["items"] == len(SPLIT)
    assert result["notes"] == [
        "b.csv has no source for 1 document(s); they were matched with the other files by "
        "doc_id alone, taking the source from them"
    ]
    assert measure(named, named.copy())["notes"] == []


def test_agreement_command_says_when_it_matched_by_doc_id_alone(tmp_path, capsys):
    annotate(("d", SPLIT)).to_csv(tmp_path / "a.csv", index=False)
    annotate(("d", SPLIT), source="").to_csv(tmp_path / "b.csv", index=False)
    assert main(["agreement", str(tmp_path / "a.csv"), str(tmp_path / "b.csv")]) == 0
    assert "note: " + str(tmp_path / "b.csv") + " has no source for 1 document(s)" in (
        capsys.readouterr().err
    )


@pytest.fixture
def merged_and_split(tmp_path, monkeypatch):
    """a.csv and b.csv in the working folder: one annotator merged what the other split."""
    monkeypatch.chdir(tmp_path)
    annotate(("d", MERGED)).to_csv("a.csv", index=False)
    notes = ["", "", "could be quotation: same speaker", ""]
    annotate(("d", SPLIT), notes=notes).to_csv("b.csv", index=False)
    return tmp_path


EXPECTED_TEXT = """\
Agreement of 2 label files
  A  a.csv  3 sentences, 0 only in this file
  B  b.csv  4 sentences, 0 only in this file

Cohen's kappa 0.600 over 4 items, agreement 75.0%, 1 disagreement

label         kappa     A     B
boilerplate   1.000     2     2
quotation     0.500     2     1
reporting     0.000     0     1

confusion over 4 items: rows A, columns B
             boilerplate   quotation   reporting
boilerplate            2           0           0
quotation              0           1           1
reporting              0           0           0

disagreements to adjudicate: 1

d (src)
  A #1      quotation    “We must talk,” Putin stressed. The meeting lasted three hours.
  B #2      reporting    The meeting lasted three hours.
                         note: could be quotation: same speaker
"""


def test_cli_text(merged_and_split, capsys):
    assert main(["agreement", "a.csv", "b.csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out == EXPECTED_TEXT
    assert captured.err == ""


def test_cli_text_wraps_at_100_columns_and_counts_only_in(merged_and_split, capsys):
    long = " ".join(["A very long sentence that an annotator labelled as opinion."] * 4)
    a = annotate(("d", [*MERGED, (long, "opinion")]), ("e", [("Elsewhere.", "reporting")]))
    a.to_csv("a.csv", index=False)
    annotate(("d", [*SPLIT, (long, "reporting")])).to_csv("b.csv", index=False)
    assert main(["agreement", "a.csv", "b.csv"]) == 0
    out = capsys.readouterr().out
    assert max(map(len, out.splitlines())) <= 100
    assert "  A  a.csv  5 sentences, 1 only in this file\n" in out
    assert out.endswith(
        "\n--format json lists the sentences only in one file (overlapping no other's)\n"
    )


def test_cli_json(merged_and_split, capsys):
    assert main(["agreement", "a.csv", "b.csv", "--format", "json"]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert (result["kappa"], result["items"], len(result["disagreements"])) == (0.6, 4, 1)
    assert result["disagreements"][0]["annotations"][1]["note"] == (
        "could be quotation: same speaker"
    )
    assert captured.err == "Cohen's kappa 0.600 over 4 items, agreement 75.0%, 1 disagreement\n"


def test_cli_undefined_kappa_is_null_and_na(merged_and_split, capsys):
    annotate(("d", sentences(["reporting"] * 2))).to_csv("a.csv", index=False)
    annotate(("d", sentences(["reporting"] * 2))).to_csv("b.csv", index=False)
    assert main(["agreement", "a.csv", "b.csv", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["kappa"] is None
    assert main(["agreement", "a.csv", "b.csv"]) == 0
    out = capsys.readouterr().out
    assert "Cohen's kappa n/a over 2 items, agreement 100.0%, 0 disagreements\n" in out
    assert "reporting       n/a     2     2\n" in out
    assert "note (kappa): every item is labelled reporting in every file" in out


def test_cli_output_refuses_to_replace_without_force(merged_and_split, capsys):
    argv = ["agreement", "a.csv", "b.csv", "--format", "json", "--output", "agreement.json"]
    assert main(argv) == 0
    assert capsys.readouterr().err.endswith("; wrote agreement.json\n")
    assert json.loads((merged_and_split / "agreement.json").read_text())["kappa"] == 0.6
    (merged_and_split / "agreement.json").write_text("mine")
    assert main(argv) == 1
    assert capsys.readouterr().err == (
        "error: agreement.json: already exists; pass --force to replace it\n"
    )
    assert (merged_and_split / "agreement.json").read_text() == "mine"
    assert main([*argv, "--force"]) == 0
    assert json.loads((merged_and_split / "agreement.json").read_text())["kappa"] == 0.6


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (
            ["a.csv"],
            2,
            "classifier agreement: error: agreement needs two or more label files, "
            "one per annotator\n",
        ),
        (
            ["a.csv", "missing.csv"],
            1,
            "error: missing.csv: no such file\n",
        ),
        (
            ["a.csv", "bad.csv"],
            1,
            "error: bad.csv row 3: unknown label 'opnion'; expected one of: boilerplate, "
            "opinion, quotation, reporting (did you mean 'opinion'?)\n",
        ),
        (
            ["a.csv", "other.csv"],
            1,
            "error: a.csv has no document in common with other.csv (no doc_id in both); "
            "agreement compares labels of the same articles (same doc_id and source)\n",
        ),
        (
            ["a.csv", "b.csv", "--output", "agreement.json"],
            1,
            "error: agreement.json: unsupported output type; use one of .txt\n",
        ),
    ],
    ids=["one-file", "missing-file", "bad-label", "no-common-document", "wrong-suffix"],
)
def test_cli_errors(merged_and_split, capsys, argv, code, message):
    annotate(("d", [("Fine.", "reporting"), ("Typo.", "opnion")])).to_csv("bad.csv", index=False)
    annotate(("other", SPLIT)).to_csv("other.csv", index=False)
    assert main(["agreement", *argv]) == code
    assert capsys.readouterr().err.endswith(message)
