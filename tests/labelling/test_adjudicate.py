"""Adjudication through the real CLI: agreements to the gold file, the rest to a sheet or to the
terminal interface (in a pseudo-terminal, as for labelling)."""

import signal

import pandas as pd
import pexpect

from classifier.cli import main

from ..conftest import SEED_LABELS, SEEDS
from .test_app import Terminal, rows, wait_for_rows


def annotators(tmp_path):
    """Two annotators of the seeds: b changed 3 labels, left one sentence out, and has one row
    segmented another way."""
    a = pd.read_csv(SEED_LABELS, dtype=str)
    b = a.copy()
    changed = b.index[:3]
    b.loc[changed, "label"] = ["opinion" if x != "opinion" else "reporting" for x in b.label[:3]]
    b = b.drop(index=b.index[3])
    b.loc[b.index[-1], "text"] = "A sentence split differently."
    a.to_csv(tmp_path / "alice.csv", index=False)
    b.to_csv(tmp_path / "bob.csv", index=False)
    return a, b


def label(*args):
    return main(["label", str(SEEDS), *map(str, args)])


def test_agreements_go_to_gold_and_the_rest_to_a_sheet_then_import(tmp_path, capsys):
    a, _b = annotators(tmp_path)
    gold, sheet = tmp_path / "gold.csv", tmp_path / "disagreements.csv"
    files = [tmp_path / "alice.csv", tmp_path / "bob.csv"]
    assert label("--labels", gold, "--adjudicate", *files, "--export", sheet) == 0
    err = capsys.readouterr().err
    # 106 sentences: 3 disagreements, 1 only alice labelled, 1 row of bob's matches nothing.
    assert "warning: 1 row(s) of bob match no sentence of the inputs" in err
    assert f"101 agreements written to {gold}" in err and "5 sentences to adjudicate" in err
    assert len(pd.read_csv(gold)) == 101
    rows = pd.read_csv(sheet, dtype=str, keep_default_na=False)
    assert list(rows.columns[-6:]) == ["label_alice", "note_alice", "label_bob", "note_bob"] + [
        "label",
        "note",
    ]
    assert (rows.label_alice != rows.label_bob).all()  # disagreements, or bob gave none
    assert (rows.label_bob == "").sum() == 2

    rows["label"] = rows["label_alice"]  # the adjudicator sides with alice
    rows.to_csv(sheet, index=False)
    assert label("--labels", gold, "--import", sheet) == 0
    merged = pd.read_csv(gold, dtype=str)
    assert len(merged) == len(a)
    key = ["doc_id", "sent_index"]
    both = merged.merge(a, on=key, suffixes=("", "_alice"))
    assert (both.label == both.label_alice).all()


def test_adjudicating_again_resumes_and_writes_nothing_twice(tmp_path, capsys):
    annotators(tmp_path)
    gold, sheet = tmp_path / "gold.csv", tmp_path / "disagreements.csv"
    files = [tmp_path / "alice.csv", tmp_path / "bob.csv"]
    assert label("--labels", gold, "--adjudicate", *files, "--export", sheet) == 0
    before = gold.read_bytes()
    capsys.readouterr()
    assert label("--labels", gold, "--adjudicate", *files, "--export", sheet, "--force") == 0
    err = capsys.readouterr().err
    assert "0 agreements written" in err and "(101 were there already)" in err
    assert gold.read_bytes() == before
    assert len(pd.read_csv(sheet)) == 5  # the same sentences still to adjudicate


def test_adjudicating_without_a_terminal_points_to_the_sheet(tmp_path, capsys):
    annotators(tmp_path)
    files = [tmp_path / "alice.csv", tmp_path / "bob.csv"]
    gold = tmp_path / "gold.csv"
    assert label("--labels", gold, "--adjudicate", *files) == 1
    assert "to label (or adjudicate) without one, use --export" in capsys.readouterr().err
    assert not gold.exists()  # refused before anything was written


def test_adjudicating_in_the_terminal_survives_a_kill_and_resumes(tmp_path):
    a, _b = annotators(tmp_path)
    gold = tmp_path / "gold.csv"
    files = [str(tmp_path / "alice.csv"), str(tmp_path / "bob.csv")]
    term = Terminal(gold, "--adjudicate", *files)
    assert len(wait_for_rows(gold, 101)) == 101  # the agreements, before anything is shown
    term.wait_for("5 to go · adjudicating")
    first = term.wait_for(r"\[1\] alice: (\w+)").group(1)
    term.wait_for(r"\[2\] bob: \w+")
    assert first == a.label.iloc[0]
    term.send("1")  # alice's label
    assert wait_for_rows(gold, 102)[-1]["label"] == first
    term.wait_for("4 to go")
    term.send("o")  # neither annotator's: a label key gives another
    assert wait_for_rows(gold, 103)[-1]["label"] == "opinion"
    term.child.kill(signal.SIGKILL)
    term.child.close(force=True)
    assert len(rows(gold)) == 103

    term = Terminal(gold, "--adjudicate", *files)  # resumes with what is still open
    term.wait_for("3 to go · adjudicating")
    majority = term.wait_for(r"majority: (\w+)").group(1)
    term.send("\r")  # accepts the annotators' majority
    assert wait_for_rows(gold, 104)[-1]["label"] == majority
    term.send("2")  # the sentence only alice labelled has no annotator 2
    term.wait_for("there is no annotator 2 for this sentence")
    term.send("r")
    term.send("b")
    term.child.expect(pexpect.EOF)  # the last open sentence is done: the interface closes
    term.child.close()
    assert term.child.exitstatus == 0
    assert len(rows(gold)) == 106
    assert "0 still open" in term.child.before
