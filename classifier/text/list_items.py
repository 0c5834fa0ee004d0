"""Numbered and lettered list items inside one line: where each item starts.

A line that starts with a list marker (``1.``, ``1)``, ``1.)``, ``a.`` in lower case, optionally
after a bullet ``•`` or ``⁃``) is a list written inline: each later marker of the same style
whose value comes next in sequence (``2.`` after ``1.``, ``b.`` after ``a.``) starts a new
sentence, whether or not the item before it ended with a period, and a marker's own period never
ends a sentence. The sequence is what tells "2. The second item" from "aged 35. She", which a
list line can hold too.
"""

from __future__ import annotations

import re

BULLETS = "•⁃"
# Lower-case letters only: "J. K. Rowling" at the start of a line is not a list.
_MARKER = r"(?P<bullet>[•⁃][^\S\n]*)?(?P<value>\d{1,3}|[a-z])(?P<close>\.\)|\)|\.)"
# A marker at the start of a line (after white space), followed by white space and text.
_LIST_LINE = re.compile(r"(?m)^[^\S\n]*" + _MARKER + r"(?=[^\S\n]+\S)")
# The same, found fast: a pattern that starts with a literal lets the regex engine skip ahead.
_LIST_LINE_START = re.compile(r"[^\S\n]*" + _MARKER + r"[^\S\n]+\S")
_LIST_LINE_AFTER_BREAK = re.compile(r"\n[^\S\n]*" + _MARKER + r"[^\S\n]+\S")
# Any marker after white space inside a line, followed by white space and text.
_LATER_MARKER = re.compile(r"(?<=[^\S\n])" + _MARKER + r"(?=[^\S\n]+\S)")


def may_have_list_items(text: str) -> bool:
    """A cheap test: only texts with a list line need ``list_items``."""
    return bool(_LIST_LINE_START.match(text) or _LIST_LINE_AFTER_BREAK.search(text))


def list_items(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """``(boundaries, markers)`` of the inline lists of ``text``: each boundary is ``(end of the
    item before, start of the marker)``, each marker span covers the marker and its bullet."""
    boundaries: list[tuple[int, int]] = []
    markers: list[tuple[int, int]] = []
    for first in _LIST_LINE.finditer(text):
        line_end = text.find("\n", first.end())
        line_end = len(text) if line_end < 0 else line_end
        markers.append(first.span())
        expected = _next_value(first.group("value"))
        for later in _LATER_MARKER.finditer(text, first.end(), line_end):
            if later.group("close") != first.group("close") or later.group("value") != expected:
                continue
            end_before = len(text[: later.start()].rstrip())
            boundaries.append((end_before, later.start()))
            markers.append(later.span())
            expected = _next_value(expected)
    return boundaries, markers


def _next_value(value: str) -> str:
    if value.isdigit():
        return str(int(value) + 1)
    return chr(ord(value) + 1) if value != "z" else ""
