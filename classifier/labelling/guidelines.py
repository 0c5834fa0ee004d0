"""Each label's guideline, from the labelling guidelines file, for the interface's ``g`` key.

The file is Markdown with one ``## <label>`` section per label (``labels/GUIDELINES.md``, or the
file a config names with ``guidelines = "path"``); a section runs to the next heading.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..schema import LABELS
from .keys import read_config

DEFAULT_GUIDELINES = Path("labels") / "GUIDELINES.md"
_HEADING = re.compile(r"^(#+)\s+(.*?)\s*$")


def guidelines_path(config_path: str | Path | None) -> Path:
    """The guidelines file a config names (``guidelines = "path"``, relative to the config), or
    ``labels/GUIDELINES.md``."""
    named = read_config(config_path).get("guidelines")
    if named is None:
        return DEFAULT_GUIDELINES
    if not isinstance(named, str):
        raise InputError(f'{config_path}: guidelines must be a path, like guidelines = "g.md"')
    return Path(config_path).parent / Path(named).expanduser()


def read_guidelines(path: str | Path) -> dict[str, str]:
    """Label -> the text of its ``## <label>`` section; {} when the file does not exist."""
    path = Path(path)
    if not path.is_file():
        return {}
    sections: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = _HEADING.match(line)
        if heading:
            name = heading.group(2).lower()
            current = name if len(heading.group(1)) == 2 and name in LABELS else None
            if current is not None:
                sections[current] = []
            continue
        if current is not None:
            sections[current].append(line)
    return {label: "\n".join(lines).strip() for label, lines in sections.items()}
