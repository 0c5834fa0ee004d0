"""The README's example outputs are what the commands print today, so they cannot go stale.

Every fenced block of the README that starts with ``$ classifier ...`` is run through the real CLI
(from the repository root, with the shipped model; ``out/seeds.tagged.jsonl`` is the seeds tagged
as ``make run`` tags them) and the rest of the block must be exactly its standard output.
"""

from __future__ import annotations

import re
import shlex

import pytest

from classifier.cli import main

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
EXAMPLE = re.compile(r"^```\n\$ (classifier [^\n]+)\n(.*?)^```$", re.M | re.S)
EXAMPLES = EXAMPLE.findall(README)
MAKE_RUN_OUTPUT = "out/seeds.tagged.jsonl"


def test_the_readme_has_examples_of_output():
    commands = [command.split()[1] for command, _ in EXAMPLES]
    assert {"report", "explain"} <= set(commands)


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_is_what_the_command_prints(
    command, expected, seeds_tagged, capsys, monkeypatch
):
    monkeypatch.chdir(REPO)
    argv = [str(seeds_tagged) if arg == MAKE_RUN_OUTPUT else arg for arg in shlex.split(command)]
    assert main(argv[1:]) == 0
    assert capsys.readouterr().out == expected
