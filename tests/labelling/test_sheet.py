"""The spreadsheet route of ``classifier label`` (--export, fill in, --import), through the CLI.

Every test runs in an empty working folder, so the shipped model (models/default) is not found
unless a test passes --model.
"""

import shutil

import pandas as pd
import pytest

from classifier.cli import main
from classifier.inputs.articles import read_articles
from classifier.inputs.labels import read_label_file
from classifier.labelling.sheet import SHEET_COLUMNS
from classifier.schema import LABELS
from classifier.text.segment import segment_articles

from ..conftest import SEED_LABELS, SEEDS

SEED_SENTENCES = 106


@pytest.fixture(autouse=True)
def empty_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def paths(tmp_path):
    return tmp_path / "mine.csv", tmp_path / "todo.csv"


def label(capsys, labels, *args) -> tuple[int, str]:
    code = main(["label", str(SEEDS), "--labels", str(labels), *map(str, args)])
    return code, capsys.readouterr().err


def read_sheet(path) -> pd.DataFrame:
    """As a spreadsheet shows it: every cell text, empty cells empty."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def save_sheet(sheet: pd.DataFrame, path) -> None:
    sheet.to_csv(path, index=False)


@pytest.fixture
def exported(capsys, paths):
    labels, todo = paths
    code, err = label(capsys, labels, "--order", "sequential", "--export", todo)
    assert (code, err) == (
        0,
        f"wrote {SEED_SENTENCES} sentences to {todo}; fill in its label column\n",
    )
    return labels, todo


def test_export_writes_every_unlabelled_sentence_in_order(exported):
    labels, todo = exported
    sheet = read_sheet(todo)
    assert list(sheet.columns) == list(SHEET_COLUMNS)
    assert len(sheet) == SEED_SENTENCES
    assert list(sheet["row"]) == [str(i) for i in range(1, SEED_SENTENCES + 1)]
    assert set(sheet["rows"]) == {str(SEED_SENTENCES)}
    seeds = segment_articles(read_articles([str(SEEDS)]).to_frame())
    assert list(sheet["doc_id"]) == list(seeds["doc_id"])
    assert list(sheet["sent_index"]) == list(seeds["sent_index"].astype(str))
    assert list(sheet["text"]) == list(seeds["text"])
    assert list(sheet["start"]) == list(seeds["start"].astype(str))
    # No model: no suggestion; and nothing is filled in yet.
    assert set(sheet["suggestion"]) == set(sheet["confidence"]) == set(sheet["label"]) == {""}
    assert set(sheet["note"]) == {""}


def test_export_with_a_model_fills_suggestion_and_confidence(capsys, paths, model_dir):
    labels, todo = paths
    code, err = label(capsys, labels, "--model", model_dir, "--export", todo, "--limit", 10)
    assert (code, err) == (0, f"wrote 10 sentences to {todo}; fill in its label column\n")
    sheet = pd.read_csv(todo, keep_default_na=False)
    assert len(sheet) == 10
    assert set(sheet["suggestion"]) <= set(LABELS)
    assert sheet["confidence"].between(0.25, 1).all()
    assert set(sheet["rows"]) == {10}


def test_export_refuses_to_overwrite_without_force(capsys, paths):
    labels, todo = paths
    todo.write_text("my work\n", encoding="utf-8")
    code, err = label(capsys, labels, "--order", "sequential", "--export", todo)
    assert (code, err) == (1, f"error: {todo}: already exists; pass --force to replace it\n")
    assert todo.read_text(encoding="utf-8") == "my work\n"
    code, err = label(capsys, labels, "--order", "sequential", "--export", todo, "--force")
    assert code == 0
    assert len(read_sheet(todo)) == SEED_SENTENCES


def fill(todo, labels_by_row: dict[int, str], notes: dict[int, str] | None = None) -> pd.DataFrame:
    """Type labels (and notes) into the sheet's rows, numbered as in its ``row`` column."""
    sheet = read_sheet(todo)
    for row, value in labels_by_row.items():
        sheet.loc[sheet["row"] == str(row), "label"] = value
    for row, value in (notes or {}).items():
        sheet.loc[sheet["row"] == str(row), "note"] = value
    save_sheet(sheet, todo)
    return sheet


def test_import_merges_the_filled_rows_and_keeps_notes(capsys, exported):
    labels, todo = exported
    fill(todo, {1: "boilerplate", 2: "Reporting ", 3: "quotation", 4: "  "}, {2: "dateline"})
    code, err = label(capsys, labels, "--import", todo)
    assert (code, err) == (
        0,
        f"merged 3 labels from {todo} into {labels}; 0 were there already; "
        f"{SEED_SENTENCES - 3} rows without a label were left for later\n",
    )
    merged = read_label_file(labels)
    seeds = pd.read_csv(SEED_LABELS, dtype={"doc_id": str}).head(3)
    assert list(merged["doc_id"]) == list(seeds["doc_id"])
    assert list(merged["sent_index"]) == list(seeds["sent_index"])
    assert list(merged["text"]) == list(seeds["text"])
    assert list(merged["label"]) == ["boilerplate", "reporting", "quotation"]
    assert list(merged["note"]) == ["", "dateline", ""]
    assert list(merged["start"]) == list(seeds["start"].astype(str))

    before = labels.read_bytes()
    code, err = label(capsys, labels, "--import", todo)
    assert (code, err) == (
        0,
        f"merged 0 labels from {todo} into {labels}; 3 were there already; "
        f"{SEED_SENTENCES - 3} rows without a label were left for later\n",
    )
    assert labels.read_bytes() == before


def test_an_export_after_an_import_leaves_out_what_was_labelled(capsys, exported):
    labels, todo = exported
    fill(todo, {1: "boilerplate", 5: "opinion"})
    assert label(capsys, labels, "--import", todo)[0] == 0
    code, err = label(capsys, labels, "--order", "sequential", "--export", todo, "--force")
    assert (code, err) == (
        0,
        f"wrote {SEED_SENTENCES - 2} sentences to {todo}; fill in its label column\n",
    )
    assert len(read_sheet(todo)) == SEED_SENTENCES - 2


def unknown_label(sheet):
    sheet.loc[2, "label"] = "quotaton"
    return sheet


def changed_text(sheet):
    sheet.loc[2, "label"] = "quotation"
    sheet.loc[2, "text"] = sheet.loc[2, "text"] + " (edited)"
    return sheet


def deleted_row(sheet):
    return sheet.drop(index=5)


def contradicting_label(sheet):
    sheet.loc[0, "label"] = "opinion"  # it is boilerplate in the labels file
    return sheet


def not_in_inputs(sheet):
    sheet.loc[2, "doc_id"] = "999_not_an_article"
    sheet.loc[2, "label"] = "reporting"
    return sheet


def not_a_whole_number(sheet):
    sheet.loc[2, "sent_index"] = "two"
    sheet.loc[2, "label"] = "reporting"
    return sheet


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (
            unknown_label,
            "row 4: unknown label 'quotaton'; expected one of: boilerplate, opinion, quotation, "
            "reporting (did you mean 'quotation'?)",
        ),
        (changed_text, "row 4: the text was changed; restore the exported sentence"),
        (
            deleted_row,
            "1 exported row(s) missing from the sheet (numbers 6 of its 'row' column); leave a "
            "row's label blank rather than deleting it",
        ),
        (
            contradicting_label,
            "row 2: already labelled 'boilerplate' in {labels}, here 'opinion'; change one of them",
        ),
        (
            not_in_inputs,
            "row 4: doc_id '999_not_an_article' sentence 2 is not in the inputs; import with the "
            "same INPUT as the export",
        ),
        (not_a_whole_number, "row 4: sent_index 'two' is not a whole number"),
    ],
    ids=[
        "unknown-label",
        "changed-text",
        "deleted-row",
        "contradicting-label",
        "not-in-inputs",
        "sent-index",
    ],
)
def test_a_problem_merges_nothing(capsys, exported, edit, problem):
    labels, todo = exported
    fill(todo, {1: "boilerplate"})
    assert label(capsys, labels, "--import", todo)[0] == 0
    before = labels.read_bytes()

    sheet = read_sheet(todo)
    sheet.loc[3, "label"] = "reporting"  # a good row: not merged either
    save_sheet(edit(sheet), todo)
    code, err = label(capsys, labels, "--import", todo)
    assert code == 1
    assert err == (
        f"error: {todo}: 1 problem(s), nothing was merged:\n  {problem.format(labels=labels)}\n"
    )
    assert labels.read_bytes() == before


def test_every_problem_is_listed(capsys, exported):
    labels, todo = exported
    sheet = read_sheet(todo)
    sheet.loc[1, "label"] = "gossip"
    sheet.loc[2, "label"] = "quotation"
    sheet.loc[2, "text"] = "Something else."
    save_sheet(sheet.drop(index=[50, 51]), todo)
    code, err = label(capsys, labels, "--import", todo)
    assert code == 1
    assert err.splitlines() == [
        f"error: {todo}: 3 problem(s), nothing was merged:",
        "  2 exported row(s) missing from the sheet (numbers 51, 52 of its 'row' column); leave "
        "a row's label blank rather than deleting it",
        "  row 3: unknown label 'gossip'; expected one of: boilerplate, opinion, quotation, "
        "reporting",
        "  row 4: the text was changed; restore the exported sentence",
    ]
    assert not labels.exists()  # nothing merged, so no labels file was made


def test_import_needs_the_label_column(capsys, exported):
    labels, todo = exported
    save_sheet(read_sheet(todo).drop(columns=["label"]), todo)
    code, err = label(capsys, labels, "--import", todo)
    found = ", ".join(c for c in SHEET_COLUMNS if c != "label")
    assert (code, err) == (
        1,
        f"error: {todo}: missing column 'label' (found: {found}); import the CSV that --export "
        "wrote\n",
    )


@pytest.mark.parametrize("route", ["export", "failed-import"])
def test_a_labels_file_without_a_note_column_is_left_as_it_is(capsys, tmp_path, route):
    """Only merging labels may write the labels file; exporting or a refused import may not."""
    labels = tmp_path / "mine.csv"
    shutil.copyfile(SEED_LABELS, labels)
    drop_last = pd.read_csv(labels, dtype=str, keep_default_na=False).iloc[:-3]
    drop_last.to_csv(labels, index=False)  # three sentences left to label
    before = labels.read_bytes()
    todo = tmp_path / "todo.csv"
    if route == "export":
        code, _err = label(capsys, labels, "--order", "sequential", "--export", todo)
        assert code == 0
        assert len(read_sheet(todo)) == 3
    else:
        save_sheet(
            pd.DataFrame(
                {
                    "doc_id": ["000_5ce189f8a01c56af"],
                    "sent_index": ["0"],
                    "text": ["x"],
                    "label": ["oops"],
                }
            ),
            todo,
        )
        code, _err = label(capsys, labels, "--import", todo)
        assert code == 1
    assert labels.read_bytes() == before


def test_without_a_terminal_the_interface_refuses(capsys, tmp_path):
    labels = tmp_path / "mine.csv"
    code, err = label(capsys, labels)
    assert (code, err) == (
        1,
        "error: classifier label needs an interactive terminal (stdin and stdout are not one); "
        "to label (or adjudicate) without one, use --export todo.csv, fill in the label "
        "column, then --import\n",
    )
    assert not labels.exists()


def test_uncertain_order_with_a_missing_model_folder(capsys, paths, tmp_path):
    labels, todo = paths
    model = tmp_path / "no-such-model"
    code, err = label(capsys, labels, "--order", "uncertain", "--model", model, "--export", todo)
    assert (code, err) == (
        1,
        f"error: {model}: no model folder here; train one with: "
        f"classifier train --output {model}\n",
    )
    assert not todo.exists()


def test_uncertain_order_without_any_model(capsys, paths):
    labels, todo = paths
    code, err = label(capsys, labels, "--order", "uncertain", "--export", todo)
    assert (code, err) == (
        1,
        "error: --order uncertain needs a model and models/default does not exist; pass --model "
        "DIR, or use --order sequential or random\n",
    )
    assert not todo.exists()


def test_the_default_order_needs_no_model_and_starts_at_random(capsys, paths, tmp_path):
    """A new user's first export: no model yet, so the default (mixed) order draws at random."""
    labels, todo = paths
    code, _err = label(capsys, labels, "--export", todo)
    assert code == 0
    drawn = tmp_path / "random.csv"
    assert label(capsys, labels, "--order", "random", "--export", drawn)[0] == 0
    assert todo.read_text() == drawn.read_text()


def test_export_and_import_together_is_a_usage_error(capsys, paths):
    labels, todo = paths
    code, err = label(capsys, labels, "--export", todo, "--import", todo)
    assert code == 2
    assert "argument --import: not allowed with argument --export" in err
    assert not labels.exists()
