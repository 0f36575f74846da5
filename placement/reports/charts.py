"""Small inline SVG charts for the page and the PDF; no scripts, no external assets, higher is always better."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

from markupsafe import Markup

ROLE_STYLE = {
    "company_contact": ("#0b5c8c", ""),
    "mentor": ("#1e7a46", "6 3"),
    "consultant": ("#8a4b08", "2 3"),
    "citizen": ("#6b3fa0", "8 3 2 3"),
}
FACTOR_COLOUR = {"A": "#0b5c8c", "B": "#a4262c", "C": "#1e7a46", "D": "#8a4b08", "E": "#6b3fa0", "F": "#222222"}


def _frame(width: int, height: int, title: str, body: str) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>{body}</svg>'
    )


def _scale_1_to_5(left: int, top: int, plot_height: int, width: int) -> str:
    lines = []
    for value in range(1, 6):
        y = top + plot_height - (value - 1) * plot_height / 4
        lines.append(f'<line x1="{left}" x2="{width - 4}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d5dde5" stroke-width="1"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end" fill="#586674">{value}</text>')
    return "".join(lines)


def line_chart(title: str, x_labels: Sequence[str], series: Mapping[str, Sequence[float | None]],
               styles: Mapping[str, tuple[str, str]], *, width: int = 320, height: int = 150) -> Markup:
    """Lines on the 1–5 scale, 5 at the top; a gap in a series (None) breaks its line."""
    left, top, bottom = 26, 8, 22
    plot_height = height - top - bottom
    count = max(len(x_labels), 1)
    step = (width - left - 12) / max(count - 1, 1)
    parts = [_scale_1_to_5(left, top, plot_height, width)]
    label_every = max(1, count // 7)
    for index, label in enumerate(x_labels):
        if index % label_every == 0 or index == count - 1:
            x = left + index * step
            parts.append(f'<text x="{x:.1f}" y="{height - 6}" font-size="9" text-anchor="middle" fill="#586674">'
                         f'{escape(label)}</text>')
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
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="{colour}"/>')
        if points:
            segments.append(points)
        for segment in segments:
            if len(segment) > 1:
                dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                parts.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}" '
                             f'stroke-width="2"{dash_attr}/>')
    return _frame(width, height, title, "".join(parts))


def hours_chart(title: str, weeks: Sequence[str], planned: Sequence[float | None], attended: Sequence[float | None],
                ordinary: Sequence[float | None], *, width: int = 660, height: int = 170) -> Markup:
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
        parts.append(f'<line x1="{left}" x2="{width - 4}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d5dde5"/>'
                     f'<text x="{left - 5}" y="{y + 4:.1f}" font-size="9" text-anchor="end" fill="#586674">{tick}</text>')
    label_every = max(1, count // 8)
    for index, week in enumerate(weeks):
        x = left + index * slot + (slot - bar) / 2
        if attended[index] is not None:
            h = attended[index] * scale  # type: ignore[operator]
            parts.append(f'<rect x="{x:.1f}" y="{top + plot_height - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                         f'fill="#9cc3dd"/>')
        if ordinary[index]:
            h = ordinary[index] * scale  # type: ignore[operator]
            parts.append(f'<rect x="{x:.1f}" y="{top + plot_height - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                         f'fill="#0b5c8c"/>')
        if planned[index] is not None:
            h = planned[index] * scale  # type: ignore[operator]
            parts.append(f'<rect x="{x:.1f}" y="{top + plot_height - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                         f'fill="none" stroke="#1d2733" stroke-width="1" stroke-dasharray="3 2"/>')
        if index % label_every == 0 or index == count - 1:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - 6}" font-size="9" text-anchor="middle" '
                         f'fill="#586674">{escape(week[-3:])}</text>')
    return _frame(width, height, title, "".join(parts))
