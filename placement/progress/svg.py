"""The pieces every inline SVG chart is built from: escaped fragments, the frame, text widths, legends and x labels.

Every piece is built by svg (markupsafe's Markup.format), which escapes each value put into it, quotes included: a
sub-goal title or a series name is text in an attribute or an element, never markup. No style attributes (the CSP
forbids them) and no scripts: colours, dashes and fonts are presentation attributes.

Text is laid out by an estimate of its width in DejaVu Sans (the PDF's font, set on the frame; wider than the
screen's usual fonts), so that labels and legends can be placed where they never overlap or leave the picture.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

from markupsafe import Markup

FONT = "DejaVu Sans, Verdana, sans-serif"
MUTED, GRID, INK = "#586674", "#d5dde5", "#1d2733"
EDGE = 2.0  # no text comes closer than this to the frame's edges
# DejaVu Sans advance widths in em, rounded up: narrow and wide characters; other capitals 0.8, the rest 0.64.
_WIDTHS = {
    **dict.fromkeys("ijlIJ.,·' :;/!|", 0.35),
    **dict.fromkeys("ft()-r[]", 0.42),
    **dict.fromkeys('sz"–*', 0.53),
    **dict.fromkeys("+−<>=~&", 0.86),
    **dict.fromkeys("mwMWÆæ%…@—", 1.0),
}


def svg(template: str, **values: Any) -> Markup:
    """One SVG fragment: the template is the code's own, every value is escaped on its way in."""
    return Markup(template).format(**values)


def frame(width: float, height: float, title: str, body: Sequence[Markup], *, description: str = "") -> Markup:
    """The chart's <svg>: its alternative text (title, then what it shows in words) is its <title>, which WeasyPrint
    tags as the figure's text, and its aria-label, which screen readers read on the page."""
    label = f"{title}. {description}" if description else title
    return svg(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" aria-label="{label}" class="chart" font-family="{font}"><title>{label}</title>{body}</svg>',
        width=_number(width),
        height=_number(height),
        label=label,
        font=FONT,
        body=Markup("").join(body),
    )


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def text_width(text: str, size: float) -> float:
    """The width of a text in DejaVu Sans at this font size, estimated from above."""
    return size * sum(_WIDTHS.get(char, 0.8 if char.isupper() else 0.64) for char in text)


def wrap(text: str, size: float, room: float) -> list[str]:
    """The text in lines no wider than room: broken between words, a word longer than a line between its letters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size) <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:
            if line and text_width(line + char, size) > room:
                lines.append(line)
                line = ""
            line += char
    return [*lines, line] if line or not lines else lines


def label(x: float, y: float, text: str, *, size: float = 9, anchor: str = "middle", colour: str = MUTED) -> Markup:
    return svg(
        '<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{colour}">{text}</text>',
        x=x,
        y=y,
        size=size,
        anchor=anchor,
        colour=colour,
        text=text,
    )


def _extent(x: float, width: float, anchor: str) -> tuple[float, float]:
    if anchor == "start":
        return x, x + width
    if anchor == "end":
        return x - width, x
    return x - width / 2, x + width / 2


def x_labels(
    texts: Sequence[str],
    xs: Sequence[float],
    y: float,
    *,
    width: float,
    size: float = 9,
    taken: Sequence[tuple[float, float]] = (),
) -> list[Markup]:
    """The labels under the x axis, as many as fit: every k-th from the first, and the last; none overlaps another or
    a span already taken (an axis title), and the first and last are anchored at their point when centring them
    would cross the edge of the picture."""
    count = len(texts)
    if not count:
        return []
    placed: dict[int, tuple[str, tuple[float, float]]] = {}
    for index in range(count):
        w = text_width(texts[index], size)
        anchor = "middle"
        low, high = _extent(xs[index], w, anchor)
        if low < EDGE:
            anchor = "start"
        elif high > width - EDGE:
            anchor = "end"
        placed[index] = (anchor, _extent(xs[index], w, anchor))
    gap = size * 0.6
    for stride in range(1, count + 1):
        chosen = list(range(0, count, stride))
        if chosen[-1] != count - 1:
            if placed[count - 1][1][0] - placed[chosen[-1]][1][1] < gap and len(chosen) > 1:
                chosen.pop()
            chosen.append(count - 1)
        spans = sorted([*taken, *(placed[index][1] for index in chosen)])
        if all(later[0] - earlier[1] >= gap for earlier, later in pairwise(spans)):
            break
    else:  # not even the first and last fit beside each other: the last alone
        chosen = [count - 1]
    return [label(xs[i], y, texts[i], size=size, anchor=placed[i][0]) for i in chosen]


Sample = Callable[[float, float], Markup]  # draws an entry's sample with its left edge at x, centred on y


def legend(
    entries: Sequence[tuple[Sample, str]], top: float, width: float, *, size: float = 9, sample_width: float = 22
) -> tuple[list[Markup], float]:
    """The legend below the plot: each entry its sample and its full name, flowing left to right and onto further
    rows when the next does not fit; a name too long for a row wraps onto lines of its own. Returns the pieces and
    the height they take."""
    row_height, gap, spacing = size * 1.45, 4.0, size * 1.2
    room = width - 2 * EDGE - sample_width - gap
    parts: list[Markup] = []
    x, y, row = EDGE, top, 0.0
    for sample, name in entries:
        lines = wrap(name, size, room)
        entry_width = sample_width + gap + max(text_width(line, size) for line in lines)
        if x > EDGE and x + entry_width > width - EDGE:
            x, y, row = EDGE, y + row, 0.0
        middle = y + row_height / 2
        parts.append(sample(x, middle))
        for number, line in enumerate(lines):
            baseline = middle + size * 0.35 + number * row_height
            parts.append(label(x + sample_width + gap, baseline, line, size=size, anchor="start", colour=INK))
        row = max(row, row_height * len(lines))
        x += entry_width + spacing
    return parts, (y + row - top) if entries else 0.0


def marker(kind: str, x: float, y: float, r: float = 3.0) -> str:
    """Path data of one marker centred on (x, y); a cross is stroked, every other marker filled."""
    if kind == "square":
        s = r * 0.85
        return f"M{x - s:.1f},{y - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}z"
    if kind == "triangle":
        return f"M{x:.1f},{y - r * 1.15:.1f}l{r:.1f},{r * 1.8:.1f}h{-2 * r:.1f}z"
    if kind == "triangle-down":
        return f"M{x:.1f},{y + r * 1.15:.1f}l{r:.1f},{-r * 1.8:.1f}h{-2 * r:.1f}z"
    if kind == "diamond":
        d = r * 1.2
        return f"M{x:.1f},{y - d:.1f}l{d:.1f},{d:.1f}l{-d:.1f},{d:.1f}l{-d:.1f},{-d:.1f}z"
    if kind == "cross":
        c = r * 0.9
        return f"M{x - c:.1f},{y - c:.1f}l{2 * c:.1f},{2 * c:.1f}M{x - c:.1f},{y + c:.1f}l{2 * c:.1f},{-2 * c:.1f}"
    return f"M{x - r:.1f},{y:.1f}a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0"


def markers(kind: str, points: Sequence[tuple[float, float]], colour: str, r: float = 3.0) -> Markup:
    """All markers of one series as one path: filled, or stroked for a cross."""
    if not points:
        return Markup("")
    paint = 'fill="none" stroke="{colour}" stroke-width="1.6"' if kind == "cross" else 'fill="{colour}"'
    return svg(
        '<path d="{d}" ' + paint + ' class="marker"/>',
        d="".join(marker(kind, x, y, r) for x, y in points),
        colour=colour,
    )


def line_path(points: Sequence[tuple[float, float] | None]) -> str:
    """Path data through the points; a gap (None) breaks the line, and a point alone draws no line (its marker
    shows it)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return "".join("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in run) for run in runs if len(run) > 1)
