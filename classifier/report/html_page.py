"""The scaffolding every page of the HTML report shares: file names, the page frame, the legend,
value formatting and pagers."""

from __future__ import annotations

import re
import zlib
from html import escape

import pandas as pd

from . import charts
from .table import format_value

BAR_ORDER = ("reporting", "quotation", "opinion", "boilerplate")


def slug(name: str) -> str:
    """A file name for ``name``: readable, safe on every file system, and unique by its hash."""
    readable = re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")[:48] or "x"
    return f"{readable}-{zlib.crc32(str(name).encode('utf-8')):08x}"


def render_page(title: str, body: str, *, depth: int, nav: str = "") -> str:
    up = "../" * depth
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        f'<link rel="stylesheet" href="{up}assets/report.css"></head><body>'
        f'<header><nav><a href="{up}index.html">All sources</a>{nav}</nav>'
        f"<h1>{escape(title)}</h1></header><main>{body}</main>"
        '<footer><p class="note">Made by classifier report. Shares carry bootstrap 95% '
        "intervals over articles; sources with too few articles are grey and not ranked."
        f'</p></footer><script src="{up}assets/report.js"></script></body></html>\n'
    )


def legend() -> str:
    items = "".join(
        f'<span><i style="background:{charts.LABEL_COLOURS[label]}"></i>{label}</span>'
        for label in ("reporting", "quotation", "opinion", "boilerplate")
    )
    return f'<p class="legend">{items}</p>'


def mix_of(counts: dict[str, float]) -> dict[str, float]:
    """Each label's part of the total: of label counts, or of expected counts (``e_<label>``)."""
    total = sum(counts.values())
    return {label: (counts[label] / total if total else 0.0) for label in BAR_ORDER}


def show_value(value, signal: str) -> str:
    return format_value(value, signal, decimals=1, missing="–")


def interval_text(row, signal: str) -> str:
    low, high = row[f"{signal}_low"], row[f"{signal}_high"]
    if pd.isna(low):
        return "–"
    return f"{show_value(low, signal)} – {show_value(high, signal)}"


def pager(page: int, pages: int, name_of) -> str:
    if pages == 1:
        return ""
    links = [
        f"<b>{p + 1}</b>" if p == page else f'<a href="{name_of(p)}">{p + 1}</a>'
        for p in range(pages)
    ]
    return f'<p class="pager">Pages: {" ".join(links)}</p>'


def float_or_nan(value) -> float:
    return float("nan") if is_missing(value) else float(value)


def is_missing(value) -> bool:
    """``pd.isna`` of one value, without its cost for the common Python types (a report asks it
    of millions of sentence fields)."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, (str, int)):
        return False
    return bool(pd.isna(value))
