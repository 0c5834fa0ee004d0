"""The labelling interface driven through a real pseudo-terminal, as a user drives it.

The process runs in a pseudo-terminal (pexpect); its output is fed to a terminal emulator (pyte),
so the tests read the screen as the user sees it (the interface redraws only what changed). Each
step checks the labels file on disk: labels are there the moment they are given, undo takes them
out, a killed process loses nothing, and a new session resumes where the last one stopped.
"""

import csv
import os
import re
import signal
import sys
import time
from pathlib import Path

import pexpect
import pyte

from ..conftest import REPO, SEEDS

CLASSIFIER = Path(sys.executable).with_name("classifier")
TIMEOUT = 30


def rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def wait_for_rows(path: Path, count: int) -> list[dict]:
    """The file's rows once it has ``count`` of them (the interface writes as keys arrive)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        found = rows(path)
        if len(found) == count:
            return found
        time.sleep(0.05)
    raise AssertionError(f"{path} has {len(rows(path))} rows, expected {count}")


ROWS, COLUMNS = 40, 120


class Terminal:
    """A ``classifier label`` process in a pseudo-terminal, and the screen it draws."""

    def __init__(self, labels: Path, *extra: str, config: Path | None = None):
        args = [str(SEEDS), "--labels", str(labels), "--order", "sequential", *extra]
        if config is not None:
            args += ["--config", str(config)]
        env = {**os.environ, "TERM": "xterm", "XDG_CONFIG_HOME": str(labels.parent / "none")}
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(
            str(CLASSIFIER),
            ["label", *args],
            cwd=str(REPO),
            env=env,
            dimensions=(ROWS, COLUMNS),
            encoding="utf-8",
            timeout=TIMEOUT,
        )
        self.wait_for("to go")

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, pattern: str) -> re.Match:
        """Read output until the screen shows ``pattern`` (a regular expression)."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            found = re.search(pattern, self.text)
            if found:
                return found
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.1))
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                break
        raise AssertionError(f"screen never showed {pattern!r}; it shows:\n{self.text}")

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def quit(self, key: str = "x") -> None:
        self.child.send(key)
        self.child.expect(pexpect.EOF)
        self.child.close()
        assert self.child.exitstatus == 0


def test_label_undo_quit_then_resume(tmp_path):
    labels = tmp_path / "mine.csv"
    term = Terminal(labels)
    term.wait_for("sentence #0")
    term.send("b")
    first = wait_for_rows(labels, 1)
    assert (first[0]["sent_index"], first[0]["label"]) == ("0", "boilerplate")
    term.wait_for("sentence #1")
    term.send("r")
    assert [r["label"] for r in wait_for_rows(labels, 2)] == ["boilerplate", "reporting"]
    term.wait_for("sentence #2")
    term.send("u")  # undo: the reporting label leaves the file, sentence 1 is shown again
    assert [r["sent_index"] for r in wait_for_rows(labels, 1)] == ["0"]
    term.wait_for("undone")
    term.wait_for("sentence #1")
    term.send("q")
    assert wait_for_rows(labels, 2)[1]["label"] == "quotation"
    term.quit()

    term = Terminal(labels)  # resumes at the first sentence without a label
    term.wait_for("sentence #2")
    term.wait_for("2 in mine.csv")
    term.quit()
    assert len(rows(labels)) == 2


def test_killed_session_loses_nothing_and_resumes(tmp_path):
    labels = tmp_path / "mine.csv"
    term = Terminal(labels)
    for count, key in enumerate("brr", start=1):
        term.send(key)
        wait_for_rows(labels, count)
    term.child.kill(signal.SIGKILL)
    term.child.close(force=True)
    assert [r["label"] for r in rows(labels)] == ["boilerplate", "reporting", "reporting"]

    term = Terminal(labels)
    term.wait_for("sentence #3")
    term.send("q")
    assert wait_for_rows(labels, 4)[3]["sent_index"] == "3"
    term.quit()


def test_back_relabels_and_a_note_is_kept(tmp_path):
    labels = tmp_path / "mine.csv"
    term = Terminal(labels)
    term.send("b")
    wait_for_rows(labels, 1)
    term.wait_for("sentence #1")
    term.send("\x1b[D")  # left arrow: back to sentence 0, which shows its label
    term.wait_for("labelled boilerplate: a new label replaces it")
    term.send("n")
    term.wait_for("note \\(Enter to keep")
    term.send("date line\r")
    term.wait_for("note for the next label: date line")
    term.send("r")
    deadline = time.monotonic() + TIMEOUT
    while rows(labels)[0]["label"] != "reporting" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [(r["label"], r["note"]) for r in rows(labels)] == [("reporting", "date line")]
    term.quit()


def test_keys_come_from_the_config_file(tmp_path):
    config = tmp_path / "label.toml"
    config.write_text('[keys]\nquotation = "w"\nquit = "z"\n', encoding="utf-8")
    labels = tmp_path / "mine.csv"
    term = Terminal(labels, config=config)
    term.wait_for(r"\[w\] quotation")
    term.send("w")
    assert wait_for_rows(labels, 1)[0]["label"] == "quotation"
    term.quit("z")


def test_enter_accepts_the_suggestion_and_help_lists_the_keys(tmp_path):
    labels = tmp_path / "mine.csv"
    term = Terminal(labels)
    suggested = term.wait_for(r"model suggests: (\w+)").group(1)
    term.send("?")
    term.wait_for(r"\[u\] undo the last label")
    term.send("\r")
    assert wait_for_rows(labels, 1)[0]["label"] == suggested
    term.quit()


def test_guidelines_key_pace_and_the_seconds_of_each_label(tmp_path):
    labels = tmp_path / "mine.csv"
    term = Terminal(labels)
    term.send("g")
    term.wait_for(r"the rest is in labels/GUIDELINES.md")
    term.wait_for("The journalist's own account of what happened")
    term.wait_for("Page chrome left in the extracted text")  # every label's, on one screen
    term.send("g")  # hidden again
    term.wait_for(r"^(?![\s\S]*journalist's own account)")
    term.send("b")
    row = wait_for_rows(labels, 1)[0]
    assert float(row["seconds"]) > 0  # how long the sentence was on screen before its label
    term.wait_for(r"[\d,]+ labels/hour")
    term.quit()


def test_the_config_names_another_guidelines_file(tmp_path):
    (tmp_path / "ours.md").write_text("## opinion\n\nOur house rule for opinion.\n", "utf-8")
    config = tmp_path / "label.toml"
    config.write_text('guidelines = "ours.md"\n', encoding="utf-8")
    term = Terminal(tmp_path / "mine.csv", config=config)
    term.send("g")
    term.wait_for("Our house rule for opinion.")
    term.quit()
    config.write_text('guidelines = "missing.md"\n', encoding="utf-8")
    term = Terminal(tmp_path / "mine.csv", config=config)
    term.send("g")
    term.wait_for("no guidelines found at")
    term.quit()
