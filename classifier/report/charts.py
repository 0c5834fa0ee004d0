"""Inline SVG charts for the HTML report: no scripts, no fonts, no network."""

from __future__ import annotations

import math
from html import escape
from typing import NamedTuple

LABEL_COLOURS = {
    "reporting": "#4e79a7",
    "quotation": "#f28e2b",
    "opinion": "#e15759",
    "boilerplate": "#a5a09b",
}
ROW_HEIGHT = 18
NAME_WIDTH = 190
PLOT_WIDTH = 360


class IntervalRow(NamedTuple):
    name: str
    value: float
    low: float
    high: float
    flagged: bool
    href: str | None = None


def stacked_bar(parts: dict[str, float], *, width: int = 220, height: int = 14) -> str:
    """One horizontal bar split into ``parts`` (label -> share of the whole, summing to 1)."""
    x = 0.0
    rects = []
    for label, share in parts.items():
        if not share or math.isnan(share):
            continue
        w = share * width
        colour = LABEL_COLOURS.get(label, "#777")
        rects.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{colour}">'
            f"<title>{escape(label)} {share * 100:.1f}%</title></rect>"
        )
        x += w
    return (
        f'<svg class="bar" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="label mix">{"".join(rects)}</svg>'
    )


def interval_chart(
    rows: list[IntervalRow], *, median: float, maximum: float, percent: bool, title: str
) -> str:
    """A dot per source with its 95% interval as a whisker and the corpus median as a line."""
    maximum = maximum if maximum > 0 else 1.0
    height = ROW_HEIGHT * (len(rows) + 2)

    def x_of(value: float) -> float:
        return NAME_WIDTH + max(0.0, min(value / maximum, 1.0)) * PLOT_WIDTH

    def show(value: float) -> str:
        return f"{value * 100:.1f}%" if percent else f"{value:.2f}"

    parts = [f"<title>{escape(title)}</title>"]
    for tick in range(5):
        value = maximum * tick / 4
        x = x_of(value)
        parts.append(
            f'<line x1="{x:.1f}" y1="{ROW_HEIGHT - 4}" x2="{x:.1f}" y2="{height - ROW_HEIGHT}" '
            f'class="grid"/><text x="{x:.1f}" y="{height - 4}" class="tick">{show(value)}</text>'
        )
    if not math.isnan(median):
        x = x_of(median)
        parts.append(
            f'<line x1="{x:.1f}" y1="{ROW_HEIGHT - 6}" x2="{x:.1f}" y2="{height - ROW_HEIGHT}" '
            f'class="median"><title>corpus median {show(median)}</title></line>'
        )
    for i, row in enumerate(rows):
        y = ROW_HEIGHT * (i + 1) + ROW_HEIGHT / 2
        name = escape(row.name if len(row.name) <= 28 else row.name[:27] + "…")
        label = f'<text x="{NAME_WIDTH - 8}" y="{y + 4:.1f}" class="name">{name}</text>'
        if row.href:
            label = f'<a href="{escape(row.href)}">{label}</a>'
        parts.append(label)
        if math.isnan(row.value):
            continue
        flagged = " flagged" if row.flagged else ""
        tip = f"{row.name}: {show(row.value)}"
        if not math.isnan(row.low):
            tip += f" (95% interval {show(row.low)} to {show(row.high)})"
            parts.append(
                f'<line x1="{x_of(row.low):.1f}" y1="{y:.1f}" x2="{x_of(row.high):.1f}" '
                f'y2="{y:.1f}" class="whisker{flagged}"/>'
            )
        parts.append(
            f'<circle cx="{x_of(row.value):.1f}" cy="{y:.1f}" r="4" class="dot{flagged}">'
            f"<title>{escape(tip)}</title></circle>"
        )
    width = NAME_WIDTH + PLOT_WIDTH + 40
    return (
        f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}">{"".join(parts)}</svg>'
    )
