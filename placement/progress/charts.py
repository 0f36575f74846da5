"""Small inline SVG charts for the progress page and the PDF (the same code for both); higher is always better.

Readable on paper in black and white: each line has its own dash and marker besides its colour, and the hours' bars
differ by outline, light and dark fill. Every number is written as the reader's language writes it (4,5 in Danish),
every label fits inside the picture for 1 to 52 weeks, and the legend names each line in full. The pieces and their
escaping are placement.progress.svg's; the words that say what a chart shows are placement.progress.chart_words'.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from placement.progress.chart_words import describe_hours, describe_lines, week_label
from placement.progress.svg import EDGE, GRID, INK, Sample, label, line_path, markers, svg, text_width
from placement.progress.svg import frame as _frame
from placement.progress.svg import legend as _legend
from placement.progress.svg import svg as _svg
from placement.progress.svg import x_labels as _x_labels
from placement.web.filters import hours_text

__all__ = [
    "FACTOR_COLOUR",
    "FACTOR_STYLE",
    "ROLE_STYLE",
    "Style",
    "_frame",
    "_svg",
    "describe_hours",
    "describe_lines",
    "hours_chart",
    "line_chart",
]


@dataclass(frozen=True, slots=True)
class Style:
    """How one line is drawn: its colour, its SVG stroke-dasharray ("" for solid) and its marker."""

    colour: str
    dash: str
    marker: str  # circle, square, triangle, triangle-down, diamond or cross


ROLE_STYLE = {
    "company_contact": Style("#0b5c8c", "", "circle"),
    "mentor": Style("#1e7a46", "6 3", "square"),
    "consultant": Style("#8a4b08", "2 2", "triangle"),
    "citizen": Style("#6b3fa0", "8 3 2 3", "diamond"),
}
FACTOR_COLOUR = {"A": "#0b5c8c", "B": "#a4262c", "C": "#1e7a46", "D": "#8a4b08", "E": "#6b3fa0", "F": "#222222"}
FACTOR_STYLE = {
    code: Style(FACTOR_COLOUR[code], dash, kind)
    for code, dash, kind in (
        ("A", "", "circle"),
        ("B", "6 3", "square"),
        ("C", "2 2", "triangle"),
        ("D", "8 3 2 3", "diamond"),
        ("E", "10 2 2 2 2 2", "cross"),
        ("F", "4 4", "triangle-down"),
    )
}
_FALLBACK = Style("#333333", "", "circle")
HOURS_COLOUR = {"planned": INK, "attended": "#9cc3dd", "ordinary": "#0b5c8c", "target": "#a4262c"}
_TARGET_DASH = 'stroke-width="2.4" stroke-dasharray="0.1 4" stroke-linecap="round"'


def _dash(dash: str) -> Markup:
    return svg(' stroke-dasharray="{dash}"', dash=dash) if dash else Markup("")


def _line_sample(style: Style) -> Sample:
    def draw(x: float, y: float) -> Markup:
        return svg(
            '<path d="M{x1:.1f},{y:.1f}H{x2:.1f}" stroke="{colour}" stroke-width="2" fill="none"{dash}/>{marker}',
            x1=x,
            x2=x + 22,
            y=y,
            colour=style.colour,
            dash=_dash(style.dash),
            marker=markers(style.marker, [(x + 11, y)], style.colour),
        )

    return draw


def _with_legend(
    parts: list[Markup], entries: Sequence[tuple[Sample, str]], *, width: int, height: int, show: bool
) -> float:
    """Adds the legend under the plot; the picture's height, grown to hold it."""
    if not show or not entries:
        return height
    pieces, taken = _legend(entries, height, width)
    parts.extend(pieces)
    return math.ceil(height + taken + 4)


def _xs(count: int, left: float, right: float) -> list[float]:
    if count == 1:
        return [(left + right) / 2]
    step = (right - left) / (count - 1)
    return [left + index * step for index in range(count)]


def line_chart(
    *,
    title: str,
    description: str,
    x_labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    styles: Mapping[str, Style],
    lang: str,
    width: int = 320,
    height: int = 150,
    legend: bool = True,
) -> Markup:
    """Lines on the 1–5 scale, 5 at the top, one per series (keyed by its display name); a gap (None) breaks its
    line. The legend under the plot names each series beside its line's sample."""
    left, top, bottom = 24, 8, 22
    plot_bottom = height - bottom
    plot_height = plot_bottom - top
    xs = _xs(max(len(x_labels), 1), left + 8, width - 10)
    # Markers shrink where the points crowd, so that a week's marker does not cover the next one's.
    radius = min(3.0, max(1.8, (xs[1] - xs[0]) * 0.3)) if len(xs) > 1 else 3.0

    def y_of(value: float) -> float:
        return plot_bottom - (value - 1) * plot_height / 4

    parts: list[Markup] = []
    for value in range(1, 6):
        y = y_of(value)
        parts.append(
            svg(
                '<path d="M{left},{y:.1f}H{right}" stroke="{grid}" stroke-width="1"/>',
                left=left,
                right=width - 4,
                y=y,
                grid=GRID,
            )
        )
        parts.append(label(left - 6, y + 3.5, hours_text(value, lang), size=10, anchor="end"))
    parts.extend(_x_labels(list(x_labels), xs, plot_bottom + 14, width=width))
    entries: list[tuple[Sample, str]] = []
    for name, values in series.items():
        style = styles.get(name, _FALLBACK)
        points = [
            (xs[index], y_of(value)) if value is not None else None for index, value in enumerate(values[: len(xs)])
        ]
        path = line_path(points)
        if path:
            parts.append(
                svg(
                    '<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"{dash} class="line"/>',
                    d=path,
                    colour=style.colour,
                    dash=_dash(style.dash),
                )
            )
        parts.append(markers(style.marker, [point for point in points if point is not None], style.colour, radius))
        entries.append((_line_sample(style), name))
    full_height = _with_legend(parts, entries, width=width, height=height, show=legend)
    return _frame(width, full_height, title, parts, description=description)


def _tick_step(peak: float) -> int:
    """Whole hours between the gridlines, so that there are at most five above zero."""
    return next(step for step in (1, 2, 5, 10, 20, 50, 100) if peak / step <= 5) if peak <= 500 else math.ceil(peak / 5)


_PAINT = {
    "attended": svg('fill="{c}"', c=HOURS_COLOUR["attended"]),
    "ordinary": svg('fill="{c}"', c=HOURS_COLOUR["ordinary"]),
    "planned": svg('fill="none" stroke="{c}" stroke-width="1" stroke-dasharray="3 2"', c=HOURS_COLOUR["planned"]),
}


def _bar_sample(kind: str) -> Sample:
    def draw(x: float, y: float) -> Markup:
        if kind == "target":
            return svg(
                '<path d="M{x1:.1f},{y:.1f}H{x2:.1f}" fill="none" stroke="{colour}" ' + _TARGET_DASH + "/>",
                x1=x + 2,
                x2=x + 20,
                y=y,
                colour=HOURS_COLOUR["target"],
            )
        return svg(
            '<rect x="{x:.1f}" y="{y:.1f}" width="14" height="8" {paint}/>', x=x + 4, y=y - 4, paint=_PAINT[kind]
        )

    return draw


def hours_chart(
    *,
    title: str,
    description: str,
    weeks: Sequence[str],
    planned: Sequence[float | None],
    attended: Sequence[float | None],
    ordinary: Sequence[float | None],
    target: Sequence[float | None],
    labels: Mapping[str, str],
    lang: str,
    width: int = 660,
    height: int = 170,
    legend: bool = True,
) -> Markup:
    """Per week: the plan as a dashed outline, attended hours a light bar, ordinary paid hours a dark bar over it, and
    the ordinary-hours target a thick dotted step line. Weeks ("2026-W48") are labelled by their number under the
    axis title labels["week"]; the legend names the four with labels["planned"] and the rest."""
    axis_title = labels.get("week", "")
    top, bottom = 8, 22
    left = max(30.0, EDGE + text_width(axis_title, 9) + 8)
    plot_bottom = height - bottom
    plot_height = plot_bottom - top
    columns = {"planned": planned, "attended": attended, "ordinary": ordinary, "target": target}
    known = [value for column in columns.values() for value in column if value is not None]
    peak = max([*known, 10.0])
    step = _tick_step(peak)
    scale = plot_height / (math.ceil(peak / step) * step)
    count = max(len(weeks), 1)
    slot = (width - left - 8) / count
    bar = min(max(slot * 0.6, 2.0), 28.0)
    centres = [left + (index + 0.5) * slot for index in range(count)]
    parts: list[Markup] = []
    for tick in range(0, math.ceil(peak / step) * step + 1, step):
        y = plot_bottom - tick * scale
        parts.append(
            svg('<path d="M{left:.1f},{y:.1f}H{right}" stroke="{grid}"/>', left=left, right=width - 4, y=y, grid=GRID)
        )
        parts.append(label(left - 5, y + 3.5, hours_text(tick, lang), anchor="end"))

    def value(column: Sequence[float | None], index: int) -> float | None:
        return column[index] if index < len(column) else None

    # One path per kind of bar, a rectangle per week: light attended, dark ordinary over it, the plan's outline on top.
    for kind, paint in _PAINT.items():
        bars = "".join(
            f"M{centre - bar / 2:.1f},{plot_bottom - hours * scale:.1f}h{bar:.1f}v{hours * scale:.1f}h{-bar:.1f}z"
            for index, centre in enumerate(centres[: len(weeks)])
            if (hours := value(columns[kind], index))  # no bar for no hours, nor for none logged
        )
        if bars:
            parts.append(svg('<path d="{d}" {paint} class="{kind}"/>', d=bars, paint=paint, kind=kind))
    steps = _target_steps([value(target, i) for i in range(len(weeks))], left, slot, plot_bottom, scale)
    if steps:
        parts.append(
            svg(
                '<path d="{d}" fill="none" stroke="{colour}" ' + _TARGET_DASH + ' class="target"/>',
                d=steps,
                colour=HOURS_COLOUR["target"],
            )
        )
    baseline = plot_bottom + 14
    if axis_title:
        parts.append(label(EDGE, baseline, axis_title, anchor="start"))
    taken = [(EDGE, EDGE + text_width(axis_title, 9))] if axis_title else []
    parts.extend(_x_labels([week_label(w) for w in weeks], centres[: len(weeks)], baseline, width=width, taken=taken))
    entries = [
        (_bar_sample(kind), labels.get(kind, kind))
        for kind, column in columns.items()
        if any(hours is not None for hours in column)
    ]
    full_height = _with_legend(parts, entries, width=width, height=height, show=legend)
    return _frame(width, full_height, title, parts, description=description)


def _target_steps(targets: Sequence[float | None], left: float, slot: float, bottom: float, scale: float) -> str:
    """A step line: level across each week that has a target, rising or falling at the week's edge to the next."""
    path, previous = [], False
    for index, hours in enumerate(targets):
        if hours is None:
            previous = False
            continue
        y = bottom - hours * scale
        x = left + index * slot
        path.append(f"{'L' if previous else 'M'}{x:.1f},{y:.1f}H{x + slot:.1f}")
        previous = True
    return "".join(path)
