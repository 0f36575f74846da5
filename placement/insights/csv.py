"""Management information as CSV that Excel opens as it is: UTF-8 with a BOM, `;` between fields, decimal comma.

One row per group and one for the total; a suppressed row says so and carries no figure. Shares are percentages.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from goals.insights import CHECKPOINTS
from placement.insights.schemas import GroupFigures, Insights

_TEXT = {
    "da": {
        "group": "Gruppe",
        "suppressed": "Undertrykt",
        "suppressed_yes": "ja (færre end {n} borgere)",
        "suppressed_no": "nej",
        "citizens": "Borgere",
        "placements": "Forløb",
        "change": "Ændring {code} (gns.)",
        "subgoals": "Delmål",
        "subgoals_reached": "Delmål nået",
        "subgoals_reached_share": "Delmål nået (%)",
        "ordinary_hours_reached": "Forløb der nåede ordinære timer",
        "ordinary_hours_share": "Nåede ordinære timer (%)",
        "ordinary_hours_at_end": "Ordinære timer sidste uge (gns.)",
        "outcome_share": "Job eller uddannelse ved {checkpoint} (%)",
        "outcome_unknown": "Ukendt ved {checkpoint}",
        "attendance_share": "Fremmøde mod plan (%)",
        "weeks_logged_share": "Uger logget (%)",
        "without_purpose": "Uden formål",
        "without_follow_up": "Uden opfølgning",
        "total": "I alt",
        "end": "afslutning",
        "3m": "3 måneder",
        "6m": "6 måneder",
    },
    "en": {
        "group": "Group",
        "suppressed": "Suppressed",
        "suppressed_yes": "yes (fewer than {n} citizens)",
        "suppressed_no": "no",
        "citizens": "Citizens",
        "placements": "Placements",
        "change": "Change {code} (mean)",
        "subgoals": "Sub-goals",
        "subgoals_reached": "Sub-goals reached",
        "subgoals_reached_share": "Sub-goals reached (%)",
        "ordinary_hours_reached": "Placements that reached ordinary hours",
        "ordinary_hours_share": "Reached ordinary hours (%)",
        "ordinary_hours_at_end": "Ordinary hours last week (mean)",
        "outcome_share": "Job or education at {checkpoint} (%)",
        "outcome_unknown": "Unknown at {checkpoint}",
        "attendance_share": "Attendance against plan (%)",
        "weeks_logged_share": "Weeks logged (%)",
        "without_purpose": "Without purpose",
        "without_follow_up": "Without follow-up",
        "total": "Total",
        "end": "end",
        "3m": "3 months",
        "6m": "6 months",
    },
}


def _number(value: float | int | None, *, percent: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and not percent:
        return str(value)
    shown = value * 100 if percent else value
    return f"{shown:.1f}".replace(".", ",") if percent else f"{shown:.2f}".replace(".", ",")


def _columns(factors: list[str], text: dict[str, str]) -> list[tuple[str, Callable[[GroupFigures], str]]]:
    def field(name: str, *, percent: bool = False) -> tuple[str, Callable[[GroupFigures], str]]:
        return text[name], lambda g: _number(getattr(g, name), percent=percent)

    def change(code: str) -> Callable[[GroupFigures], str]:
        return lambda g: _number(next((f.mean_change for f in g.progression or [] if f.factor == code), None))

    def outcome(checkpoint: str, attribute: str, *, percent: bool) -> Callable[[GroupFigures], str]:
        return lambda g: _number(
            next((getattr(o, attribute) for o in g.outcomes or [] if o.checkpoint == checkpoint), None),
            percent=percent,
        )

    columns = [field("citizens"), field("placements")]
    columns += [(text["change"].format(code=code), change(code)) for code in factors]
    columns += [
        field("subgoals"),
        field("subgoals_reached"),
        field("subgoals_reached_share", percent=True),
        field("ordinary_hours_reached"),
        field("ordinary_hours_share", percent=True),
        field("ordinary_hours_at_end"),
    ]
    for checkpoint in CHECKPOINTS:
        name = text[checkpoint]
        columns.append(
            (text["outcome_share"].format(checkpoint=name), outcome(checkpoint, "job_or_education_share", percent=True))
        )
        columns.append((text["outcome_unknown"].format(checkpoint=name), outcome(checkpoint, "unknown", percent=False)))
    columns += [
        field("attendance_share", percent=True),
        field("weeks_logged_share", percent=True),
        field("without_purpose"),
        field("without_follow_up"),
    ]
    return columns


def insights_csv(result: Insights, *, lang: str) -> bytes:
    """The groups and the total as CSV bytes for Excel (Danish headers, or English for lang "en")."""
    text = _TEXT["en" if lang == "en" else "da"]
    shown = [g for g in (*result.groups, result.total) if g.progression]
    factors = [f.factor for f in shown[0].progression or []] if shown else []
    columns = _columns(factors, text)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([text["group"], text["suppressed"], *(name for name, _ in columns)])
    for group in (*result.groups, result.total):
        label = text["total"] if group is result.total else group.label
        if group.suppressed:
            writer.writerow([label, text["suppressed_yes"].format(n=result.suppressed_below), *([""] * len(columns))])
        else:
            writer.writerow([label, text["suppressed_no"], *(cell(group) for _, cell in columns)])
    return out.getvalue().encode("utf-8-sig")
