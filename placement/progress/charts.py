"""Small inline SVG charts for the page and the PDF; no scripts, no external assets, higher is always better.

Every piece is built by _svg (markupsafe's Markup.format), which escapes each value put into it, quotes included:
a sub-goal title is text in an attribute or an element, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from placement.web.filters import week_number

ROLE_STYLE_OLD = {
    "company_contact": ("#0b5c8c", ""),
    "mentor": ("#1e7a46", "6 3"),
    "consultant": ("#8a4b08", "2 3"),
    "citizen": ("#6b3fa0", "8 3 2 3"),
}
FACTOR_COLOUR = {"A": "#0b5c8c", "B": "#a4262c", "C": "#1e7a46", "D": "#8a4b08", "E": "#6b3fa0", "F": "#222222"}


def _svg(template: str, **values: Any) -> Markup:
    """One SVG fragment: the template is the code's own, every value is escaped on its way in."""
    return Markup(template).format(**values)


def _frame(width: int, height: int, title: str, body: list[Markup]) -> Markup:
    return _svg(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        'height="{height}" role="img" aria-label="{title}" class="chart"><title>{title}</title>{body}</svg>',
        width=width,
        height=height,
        title=title,
        body=Markup("").join(body),
    )


def _scale_1_to_5(left: int, top: int, plot_height: int, width: int) -> list[Markup]:
    lines = []
    for value in range(1, 6):
        y = top + plot_height - (value - 1) * plot_height / 4
        lines.append(
            _svg(
                '<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d5dde5" stroke-width="1"/>'
                '<text x="{label_x}" y="{label_y:.1f}" font-size="10" text-anchor="end" fill="#586674">'
                "{value}</text>",
                left=left,
                right=width - 4,
                y=y,
                label_x=left - 6,
                label_y=y + 4,
                value=value,
            )
        )
    return lines


def _old_line_chart(
    title: str,
    x_labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    styles: Mapping[str, tuple[str, str]],
    *,
    width: int = 320,
    height: int = 150,
) -> Markup:
    """Lines on the 1–5 scale, 5 at the top; a gap in a series (None) breaks its line."""
    left, top, bottom = 26, 8, 22
    plot_height = height - top - bottom
    count = max(len(x_labels), 1)
    step = (width - left - 12) / max(count - 1, 1)
    parts = _scale_1_to_5(left, top, plot_height, width)
    label_every = max(1, count // 7)
    for index, label in enumerate(x_labels):
        if index % label_every == 0 or index == count - 1:
            parts.append(
                _svg(
                    '<text x="{x:.1f}" y="{y}" font-size="9" text-anchor="{anchor}" fill="#586674">{label}</text>',
                    x=left + index * step,
                    y=height - 6,
                    # The last day ends at the right edge, so that a date like "30. nov." is not cut off.
                    anchor="end" if index == count - 1 and count > 1 else "middle",
                    label=label,
                )
            )
    for name, values in series.items():
        colour, dash = styles.get(name, ("#333333", ""))
        points: list[str] = []
        segments: list[list[str]] = []
        for index, value in enumerate(values):
            if value is None:
                if points:
                    segments.append(points)
                points = []
                continue
            x, y = left + index * step, top + plot_height - (value - 1) * plot_height / 4
            points.append(f"{x:.1f},{y:.1f}")
            parts.append(_svg('<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="{colour}"/>', x=x, y=y, colour=colour))
        if points:
            segments.append(points)
        for segment in segments:
            if len(segment) > 1:
                dash_attr = _svg(' stroke-dasharray="{dash}"', dash=dash) if dash else Markup("")
                parts.append(
                    _svg(
                        '<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>',
                        points=" ".join(segment),
                        colour=colour,
                        dash=dash_attr,
                    )
                )
    return _frame(width, height, title, parts)


def _old_hours_chart(
    title: str,
    weeks: Sequence[str],
    planned: Sequence[float | None],
    attended: Sequence[float | None],
    ordinary: Sequence[float | None],
    *,
    width: int = 660,
    height: int = 170,
) -> Markup:
    """Per week: the plan as an outline, attended hours filled, ordinary paid hours darker on top."""
    left, top, bottom = 30, 8, 22
    plot_height = height - top - bottom
    peak = max([v for v in (*planned, *attended, *ordinary) if v is not None] + [10])
    scale = plot_height / peak
    count = max(len(weeks), 1)
    slot = (width - left - 8) / count
    bar = max(slot * 0.6, 2)
    parts = []
    for tick in range(0, int(peak) + 1, max(5, int(peak // 4) or 5)):
        y = top + plot_height - tick * scale
        parts.append(
            _svg(
                '<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d5dde5"/>'
                '<text x="{label_x}" y="{label_y:.1f}" font-size="9" text-anchor="end" fill="#586674">'
                "{tick}</text>",
                left=left,
                right=width - 4,
                y=y,
                label_x=left - 5,
                label_y=y + 4,
                tick=tick,
            )
        )
    label_every = max(1, count // 8)
    for index, week in enumerate(weeks):
        x = left + index * slot + (slot - bar) / 2
        bars = (
            (attended[index], 'fill="#9cc3dd"'),
            (ordinary[index] or None, 'fill="#0b5c8c"'),
            (planned[index], 'fill="none" stroke="#1d2733" stroke-width="1" stroke-dasharray="3 2"'),
        )
        for value, paint in bars:
            if value is not None:
                h = value * scale
                parts.append(
                    _svg(
                        '<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" ' + paint + "/>",
                        x=x,
                        y=top + plot_height - h,
                        bar=bar,
                        h=h,
                    )
                )
        if index % label_every == 0 or index == count - 1:
            parts.append(
                _svg(
                    '<text x="{x:.1f}" y="{y}" font-size="9" text-anchor="middle" fill="#586674">{label}</text>',
                    x=x + bar / 2,
                    y=height - 6,
                    label=week_number(week),
                )
            )
    return _frame(width, height, title, parts)


# TEMPORARY shim (lead's branch): the helper's charts module replaces this on merge.
from dataclasses import dataclass  # noqa: E402


@dataclass(frozen=True, slots=True)
class Style:
    colour: str
    dash: str
    marker: str


ROLE_STYLE = {role: Style(c, d, "circle") for role, (c, d) in ROLE_STYLE_OLD.items()}
FACTOR_STYLE = {code: Style(c, "", "circle") for code, c in FACTOR_COLOUR.items()}


def line_chart(*, title, description, x_labels, series, styles, lang, width=320, height=150, legend=True):  # type: ignore[no-untyped-def]
    return _old_line_chart(
        title + ". " + description,
        x_labels,
        series,
        {k: (v.colour, v.dash) for k, v in styles.items()},
        width=width,
        height=height,
    )


def hours_chart(
    *, title, description, weeks, planned, attended, ordinary, target, labels, lang, width=660, height=170, legend=True
):  # type: ignore[no-untyped-def]
    return _old_hours_chart(title + ". " + description, weeks, planned, attended, ordinary, width=width, height=height)


def describe_lines(series, x_labels, *, gettext, lang):  # type: ignore[no-untyped-def]
    return "shim description of the lines"


def describe_hours(weeks, planned, attended, ordinary, target, *, gettext, lang):  # type: ignore[no-untyped-def]
    return "shim description of the hours"
