"""The calibration page's view model: each role pair's months as the table shows them, and the chart beside it.

The chart is inline SVG built like placement/progress/charts.py: every value escaped on its way in (markupsafe's
Markup.format), no scripts, no styles. Its y axis is steps apart, 0 at the bottom, with the two-step line marked.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date
from markupsafe import Markup

from goals.wording import number_da, number_en, percent, percent_en
from placement.insights.schemas import Calibration

# One colour and dash per pair, told apart without colour too (and named in the legend).
PAIR_STYLE = {
    "consultant/company_contact": ("#0b5c8c", ""),
    "consultant/mentor": ("#8a4b08", "6 3"),
    "company_contact/mentor": ("#1e7a46", "2 3"),
}


@dataclass(frozen=True, slots=True)
class MonthRow:
    month: str  # YYYY-MM
    label: str  # "marts 2026"
    suppressed: bool
    citizens: int | None
    compared: int | None
    mean: str  # "0,42"; blank when suppressed
    two_steps: str  # "12 %"; blank when suppressed


@dataclass(frozen=True, slots=True)
class PairTable:
    pair: str  # "consultant/mentor"
    first: str  # "consultant"
    second: str  # "mentor"
    months: list[MonthRow]

    @property
    def any_shown(self) -> bool:
        return any(not row.suppressed for row in self.months)


@dataclass(frozen=True, slots=True)
class CalibrationPage:
    period_from: str
    period_to: str
    suppressed_below: int
    pairs: list[PairTable]
    months: list[str]
    means: dict[str, list[float | None]]  # per pair, per month: the mean absolute difference, None when not shown

    @property
    def any_shown(self) -> bool:
        return any(table.any_shown for table in self.pairs)

    def chart(self, title: str, label: Callable[[PairTable], str], lang: str) -> Markup:
        """The mean absolute difference per month, one line per pair named by `label` (the template's own words)."""
        labels = {table.pair: str(label(table)) for table in self.pairs}
        return difference_chart(title, [month_label(m, lang, short=True) for m in self.months], self.means, labels)


def month_label(month: str, lang: str, *, short: bool = False) -> str:
    """ "marts 2026" / "March 2026"; short for an axis: "mar. 26" / "Mar 26"."""
    day = dt.date(int(month[:4]), int(month[5:]), 1)
    return format_date(day, "MMM yy" if short else "MMMM y", locale=lang)


def calibration_page(result: Calibration, lang: str) -> CalibrationPage:
    number, share = (number_da, percent) if lang == "da" else (number_en, percent_en)
    months = sorted({row.month for row in result.rows})
    pairs: dict[str, list[MonthRow]] = {}
    means: dict[str, list[float | None]] = {}
    for row in result.rows:
        pairs.setdefault(row.pair, []).append(
            MonthRow(
                month=row.month,
                label=month_label(row.month, lang),
                suppressed=row.suppressed,
                citizens=row.citizens,
                compared=row.compared,
                mean="" if row.mean_absolute_difference is None else number(row.mean_absolute_difference),
                two_steps="" if row.two_step_share is None else share(row.two_step_share),
            )
        )
        means.setdefault(row.pair, []).append(row.mean_absolute_difference)
    return CalibrationPage(
        period_from=result.period_from,
        period_to=result.period_to,
        suppressed_below=result.suppressed_below,
        pairs=[
            PairTable(pair=pair, first=pair.partition("/")[0], second=pair.partition("/")[2], months=rows)
            for pair, rows in pairs.items()
        ],
        months=months,
        means=means,
    )


def _svg(template: str, **values: Any) -> Markup:
    return Markup(template).format(**values)


def difference_chart(
    title: str,
    x_labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    labels: Mapping[str, str],
    *,
    width: int = 660,
    height: int = 220,
) -> Markup:
    """Lines of steps apart per month, 0 at the bottom; a gap (None, a suppressed month) breaks a line; a legend below."""
    left, top, plot_bottom = 30, 10, 34
    legend_height = 18 * len(series)
    plot_height = height - top - plot_bottom
    shown = [value for values in series.values() for value in values if value is not None]
    peak = max(2, math.ceil(max(shown, default=0)))
    count = max(len(x_labels), 1)
    step = (width - left - 16) / max(count - 1, 1)

    def y_of(value: float) -> float:
        return top + plot_height - value * plot_height / peak

    parts = []
    for tick in range(peak + 1):
        parts.append(
            _svg(
                '<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{stroke}" stroke-width="{w}"/>'
                '<text x="{label_x}" y="{label_y:.1f}" font-size="10" text-anchor="end" fill="#586674">{tick}</text>',
                left=left,
                right=width - 4,
                y=y_of(tick),
                # The two-step line: disagreements from here up are the ones to talk about.
                stroke="#a4262c" if tick == 2 else "#d5dde5",
                w=1.5 if tick == 2 else 1,
                label_x=left - 6,
                label_y=y_of(tick) + 4,
                tick=tick,
            )
        )
    # A month's label is about 30 px wide: all twelve of a year fit; a longer period labels every n-th month.
    label_every = max(1, math.ceil(count / 12))
    for index, label in enumerate(x_labels):
        if index % label_every == 0:
            parts.append(
                _svg(
                    '<text x="{x:.1f}" y="{y}" font-size="9" text-anchor="{anchor}" fill="#586674">{label}</text>',
                    x=left + index * step,
                    y=height - 18,
                    anchor="end" if index == count - 1 and count > 1 else "middle",
                    label=label,
                )
            )
    for name, values in series.items():
        colour, dash = PAIR_STYLE.get(name, ("#333333", ""))
        dash_attr = _svg(' stroke-dasharray="{dash}"', dash=dash) if dash else Markup("")
        segment: list[str] = []
        segments = []
        for index, value in enumerate(values):
            if value is None:
                segments.append(segment)
                segment = []
                continue
            x, y = left + index * step, y_of(value)
            segment.append(f"{x:.1f},{y:.1f}")
            parts.append(_svg('<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>', x=x, y=y, colour=colour))
        segments.append(segment)
        for points in segments:
            if len(points) > 1:
                parts.append(
                    _svg(
                        '<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>',
                        points=" ".join(points),
                        colour=colour,
                        dash=dash_attr,
                    )
                )
    for index, name in enumerate(series):
        colour, dash = PAIR_STYLE.get(name, ("#333333", ""))
        y = height + 6 + index * 18
        parts.append(
            _svg(
                '<line x1="{x1}" x2="{x2}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="2"{dash}/>'
                '<text x="{text_x}" y="{text_y}" font-size="11" fill="#1d2733">{label}</text>',
                x1=left,
                x2=left + 28,
                y=y,
                colour=colour,
                dash=_svg(' stroke-dasharray="{dash}"', dash=dash) if dash else Markup(""),
                text_x=left + 36,
                text_y=y + 4,
                label=labels.get(name, name),
            )
        )
    total = height + legend_height + 6
    return _svg(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total}" width="{width}" height="{total}" '
        'role="img" aria-label="{title}" class="chart"><title>{title}</title>{body}</svg>',
        width=width,
        total=total,
        title=title,
        body=Markup("").join(parts),
    )
