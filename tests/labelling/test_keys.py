"""The key config of ``classifier label``: defaults, overrides, a clear message per mistake."""

import re

import pytest

from classifier.errors import InputError
from classifier.labelling.keys import DEFAULT_KEYS, binding_for, read_keys

DEFAULTS = {
    "reporting": "r",
    "quotation": "q",
    "opinion": "o",
    "boilerplate": "b",
    "accept": "enter",
    "skip": "s",
    "undo": "u",
    "back": "left",
    "note": "n",
    "guidelines": "g",
    "help": "?",
    "quit": "x",
}


def config(tmp_path, text: str):
    path = tmp_path / "label.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("where", ["none", "missing-file"])
def test_defaults_without_a_config_file(tmp_path, where):
    path = None if where == "none" else tmp_path / "label.toml"
    assert read_keys(path) == DEFAULTS
    assert DEFAULT_KEYS == DEFAULTS


def test_an_empty_config_keeps_the_defaults(tmp_path):
    assert read_keys(config(tmp_path, "")) == DEFAULTS


def test_override_one_key(tmp_path):
    keys = read_keys(config(tmp_path, '[keys]\nquotation = "w"\n'))
    assert keys == {**DEFAULTS, "quotation": "w"}


def test_named_and_control_keys(tmp_path):
    keys = read_keys(config(tmp_path, '[keys]\nskip = "space"\nquit = "c-q"\nback = "backspace"\n'))
    assert (keys["skip"], keys["quit"], keys["back"]) == ("space", "c-q", "backspace")
    assert [binding_for(k) for k in ("space", "c-q", "backspace", "enter", "w")] == [
        " ",
        "c-q",
        "c-h",
        "c-m",
        "w",
    ]


def test_swapping_two_keys_is_allowed(tmp_path):
    keys = read_keys(config(tmp_path, '[keys]\nreporting = "q"\nquotation = "r"\n'))
    assert (keys["reporting"], keys["quotation"]) == ("q", "r")


ACTIONS = (
    "reporting, quotation, opinion, boilerplate, accept, skip, undo, back, note, guidelines, help, "
    "quit"
)
NAMED = "enter, space, tab, left, right, up, down, backspace, escape"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[keys]\nquote = "w"\n',
            f"{{path}}: unknown action 'quote' in [keys]; actions are: {ACTIONS}",
        ),
        (
            '[keys]\nquotation = "ww"\n',
            f"{{path}}: key for 'quotation' must be one character or one of {NAMED} or c-<letter>; "
            "got 'ww'",
        ),
        (
            "[keys]\nskip = 1\n",
            f"{{path}}: key for 'skip' must be one character or one of {NAMED} or c-<letter>; "
            "got 1",
        ),
        (
            '[keys]\nquotation = "r"\n',
            "{path}: key 'r' is given to both 'reporting' and 'quotation'; "
            "give each action its own key",
        ),
        (
            '[keys]\nskip = "u"\nundo = "z"\nnote = "z"\n',
            "{path}: key 'z' is given to both 'undo' and 'note'; give each action its own key",
        ),
        (
            'keys = "w"\n',
            "{path}: 'keys' must be a table: [keys] then lines like quotation = \"w\"",
        ),
    ],
    ids=[
        "unknown-action",
        "two-characters",
        "not-a-string",
        "duplicate",
        "duplicate-new",
        "not-a-table",
    ],
)
def test_config_mistakes(tmp_path, text, message):
    path = config(tmp_path, text)
    with pytest.raises(InputError, match=f"^{re.escape(message.format(path=path))}$"):
        read_keys(path)


def test_invalid_toml(tmp_path):
    path = config(tmp_path, '[keys]\nquotation = w"\n')
    pattern = (
        re.escape(f"{path}: not a valid TOML file (")
        + r".+"
        + re.escape("); see README, Labelling")
    )
    with pytest.raises(InputError, match=f"^{pattern}$"):
        read_keys(path)


def test_config_not_utf8(tmp_path):
    path = tmp_path / "label.toml"
    path.write_bytes('[keys]\nquotation = "é"\n'.encode("latin-1"))
    with pytest.raises(InputError, match=f"^{re.escape(f'{path}: not a valid TOML file (')}"):
        read_keys(path)
