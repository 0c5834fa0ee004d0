"""The keys of the labelling interface, and the config file that changes them.

The config file is TOML with one ``[keys]`` table mapping an action to a key, for example::

    [keys]
    quotation = "w"
    skip = "space"

Keys are single characters or the names ``enter``, ``space``, ``tab``, ``left``, ``right``,
``up``, ``down``, ``backspace``, ``escape``, or ``c-x`` for Ctrl-X.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DEFAULT_KEYS = {
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
ACTIONS = tuple(DEFAULT_KEYS)
NAMED_KEYS = {
    "enter": "c-m",
    "space": " ",
    "tab": "c-i",
    "left": "left",
    "right": "right",
    "up": "up",
    "down": "down",
    "backspace": "c-h",
    "escape": "escape",
}


def default_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "classifier" / "label.toml"


def read_config(path: str | Path | None) -> dict:
    """The config file's settings; {} when there is none."""
    if path is None or not Path(path).exists():
        return {}
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not a valid TOML file ({e}); see README, Labelling") from e


def read_keys(path: str | Path | None) -> dict[str, str]:
    """Action -> key: the defaults, changed by the config file when it exists."""
    keys = dict(DEFAULT_KEYS)
    config = read_config(path)
    if not config:
        return keys
    path = Path(path)
    table = config.get("keys", {})
    if not isinstance(table, dict):
        raise InputError(
            f"{path}: 'keys' must be a table: [keys] then lines like quotation = \"w\""
        )
    for action, key in table.items():
        if action not in DEFAULT_KEYS:
            raise InputError(
                f"{path}: unknown action {action!r} in [keys]; actions are: {', '.join(ACTIONS)}"
            )
        if not isinstance(key, str) or not (len(key) == 1 or _is_named(key)):
            raise InputError(
                f"{path}: key for {action!r} must be one character or one of "
                f"{', '.join(NAMED_KEYS)} or c-<letter>; got {key!r}"
            )
        keys[action] = key
    by_key: dict[str, str] = {}
    for action, key in keys.items():
        if key in by_key:
            raise InputError(
                f"{path}: key {key!r} is given to both {by_key[key]!r} and {action!r}; "
                "give each action its own key"
            )
        by_key[key] = action
    return keys


def _is_named(key: str) -> bool:
    return key in NAMED_KEYS or (len(key) == 3 and key.startswith("c-") and key[2].isalpha())


def binding_for(key: str) -> str:
    """The prompt_toolkit name of a configured key."""
    return NAMED_KEYS.get(key, key)
