"""Inline SVG charts of management information, in the progress charts' style and through their escaping helpers.

No scripts and no external assets; every value passes placement.progress.svg's Markup.format, so a company's or a
group's name is text in the chart, never markup. Each chart has a table and a sentence beside it on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from placement.progress.charts import FACTOR_COLOUR
from placement.progress.svg import frame, line_path, markers, svg, x_labels

GRID, MUTED, INK = "#d5dde5", "#586674", "#1d2733"
# The three checkpoints of an outcome, darker the later: a reader tells them apart by shade and by their label.
CHECKPOINT_COLOUR = {"end": "#9cc3dd", "3m": "#3d86b8", "6m": "#0b3f61"}


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None
    text: str
    colour: str = "#0b5c8c"


def change_bars(
    title: str,
    bars: Sequence[Bar],
    *,
    number: Callable[[float], str],
    width: int = 460,
) -> Markup:
    """Bars from a zero line, to the right for a rise and to the left for a fall, each under its label (a factor's
    name is long); a bar without a value (too few placements) is its text alone."""
    row, top = 32, 18
    height = top + row * max(len(bars), 1) + 4
    peak = max([abs(bar.value) for bar in bars if bar.value is not None] + [1.0])
    plot_left, plot_right = 40, width - 40
    zero = (plot_left + plot_right) / 2
    scale = (plot_right - plot_left) / 2 / peak
    parts = [
        svg(
            '<text x="{x:.1f}" y="12" font-size="9" text-anchor="middle" fill="{muted}">0</text>'
            '<text x="{left}" y="12" font-size="9" text-anchor="start" fill="{muted}">−{peak}</text>'
            '<text x="{right}" y="12" font-size="9" text-anchor="end" fill="{muted}">+{peak}</text>',
            x=zero,
            left=plot_left,
            right=plot_right,
            peak=number(peak),
            muted=MUTED,
        )
    ]
    for index, bar in enumerate(bars):
        y = top + index * row
        parts.append(
            svg(
                '<text x="4" y="{y:.1f}" font-size="10" fill="{ink}">{label}</text>'
                '<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{y1:.1f}" y2="{y2:.1f}" stroke="{ink}" stroke-width="1"/>',
                y=y + 10,
                label=bar.label,
                zero=zero,
                y1=y + 12,
                y2=y + 28,
                ink=INK,
            )
        )
        end = zero
        if bar.value is not None:
            length = abs(bar.value) * scale
            end = zero + length if bar.value >= 0 else zero - length
            parts.append(
                svg(
                    '<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="12" fill="{colour}"/>',
                    x=min(zero, end),
                    y=y + 14,
                    w=max(length, 1),
                    colour=bar.colour,
                )
            )
        rising = bar.value is None or bar.value >= 0
        parts.append(
            svg(
                '<text x="{x:.1f}" y="{y:.1f}" font-size="9" text-anchor="{anchor}" fill="{muted}">{text}</text>',
                x=end + 4 if rising else end - 4,
                y=y + 24,
                anchor="start" if rising else "end",
                text=bar.text,
                muted=MUTED,
            )
        )
    return frame(width, height, title, parts)


def factor_bar(code: str, name: str, value: float | None, text: str) -> Bar:
    return Bar(f"{code} {name}", value, text, FACTOR_COLOUR.get(code, "#0b5c8c"))


@dataclass(frozen=True, slots=True)
class Line:
    name: str
    values: Sequence[float | None]
    colour: str
    dash: str = ""


def hours_lines(
    title: str, weeks: Sequence[int], lines: Sequence[Line], *, width: int = 620, height: int = 190
) -> Markup:
    """Mean hours a week over the placements' weeks (week 1 is each placement's first), 0 at the bottom."""
    left, top, bottom, right = 30, 8, 24, 8
    plot_height = height - top - bottom
    peak = max([v for line in lines for v in line.values if v is not None] + [10.0])
    scale = plot_height / peak
    count = max(len(weeks), 1)
    step = (width - left - right) / max(count - 1, 1)
    parts = []
    tick_step = 5 if peak <= 30 else 10
    for tick in range(0, int(peak) + 1, tick_step):
        y = top + plot_height - tick * scale
        parts.append(
            svg(
                '<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{grid}"/>'
                '<text x="{label_x}" y="{label_y:.1f}" font-size="9" text-anchor="end" fill="{muted}">{tick}</text>',
                left=left,
                right=width - right,
                y=y,
                label_x=left - 5,
                label_y=y + 4,
                tick=tick,
                grid=GRID,
                muted=MUTED,
            )
        )
    xs = [left + index * step for index in range(len(weeks))]
    parts.extend(x_labels([str(week) for week in weeks], xs, height - 8, width=width))
    for line in lines:
        points = [
            (xs[i], top + plot_height - v * scale) if v is not None else None
            for i, v in enumerate(line.values[: len(xs)])
        ]
        path = line_path(points)
        if path:
            parts.append(
                svg(
                    '<path d="{d}" fill="none" stroke="{c}" stroke-width="2"{dash}/>',
                    d=path,
                    c=line.colour,
                    dash=svg(' stroke-dasharray="{dash}"', dash=line.dash) if line.dash else Markup(""),
                )
            )
        parts.append(markers("circle", [point for point in points if point is not None], line.colour, 2.2))
    return frame(width, height, title, parts)


@dataclass(frozen=True, slots=True)
class ShareGroup:
    """One group's shares at each checkpoint (0–1), with the text written beside each bar."""

    label: str
    shares: Sequence[tuple[str, float | None, str]]


def outcome_bars(title: str, groups: Sequence[ShareGroup], *, width: int = 520) -> Markup:
    """Per group, its label and under it one bar per checkpoint: the share in a job or education, 0–100 %."""
    bar, top, label_height, gap = 12, 18, 14, 8
    per_group = label_height + max((len(group.shares) for group in groups), default=3) * bar + gap
    height = top + per_group * max(len(groups), 1)
    plot_left, plot_right = 8, width - 110
    scale = plot_right - plot_left
    parts = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = plot_left + tick * scale
        parts.append(
            svg(
                '<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{bottom}" stroke="{grid}"/>'
                '<text x="{x:.1f}" y="12" font-size="9" text-anchor="{anchor}" fill="{muted}">{label} %</text>',
                x=x,
                top=top - 4,
                bottom=height - gap,
                anchor="start" if tick == 0 else "middle",
                label=round(tick * 100),
                grid=GRID,
                muted=MUTED,
            )
        )
    for index, group in enumerate(groups):
        y = top + index * per_group
        parts.append(
            svg(
                '<text x="{x}" y="{y:.1f}" font-size="10" fill="{ink}">{label}</text>',
                x=plot_left,
                y=y + 10,
                label=group.label,
                ink=INK,
            )
        )
        for row, (checkpoint, share, text) in enumerate(group.shares):
            length = (share or 0) * scale
            top_of_bar = y + label_height + row * bar
            parts.append(
                svg(
                    '<rect x="{x}" y="{y}" width="{w:.1f}" height="{h}" fill="{colour}"/>'
                    '<text x="{tx:.1f}" y="{ty}" font-size="9" fill="{muted}">{text}</text>',
                    x=plot_left,
                    y=top_of_bar,
                    w=max(length, 0.5),
                    h=bar - 2,
                    colour=CHECKPOINT_COLOUR.get(checkpoint, "#0b5c8c"),
                    tx=plot_left + length + 4,
                    ty=top_of_bar + bar - 3,
                    text=text,
                    muted=MUTED,
                )
            )
    return frame(width, height, title, parts)
