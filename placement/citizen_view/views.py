"""Plain view models of the citizen's pages, with numbers and dates in the reader's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_time
from babel.numbers import format_decimal

from goals.progress import HoursPoint, Setback, SmallStep
from placement.assessments.views import (
    CaseworkerPage,
    bar_width,
    caseworker_page,
    date_text,
    factor_name,
    score_text,
)
from placement.audit.services import DataUse
from placement.citizen_view.services import PlacementOverview
from placement.clock import COPENHAGEN as LOCAL_TIME
from placement.web.filters import week_number

# The page shows the latest measurements of each factor; the report has them all.
POINTS_SHOWN = 6
# Steps and setbacks shown on the citizen's page, newest first.
RECENT_ROWS = 8


def _hours(value: float | None, lang: str) -> str:
    return format_decimal(value, "0.##", locale=lang) if value is not None else ""


@dataclass(frozen=True, slots=True)
class StepRow:
    text: str
    reached: bool
    week: int | None


@dataclass(frozen=True, slots=True)
class SubGoalRow:
    factor_code: str
    factor_name: str
    title: str
    target: str
    short: bool
    due_text: str
    steps: list[StepRow]
    next_step: str | None
    reached: int


@dataclass(frozen=True, slots=True)
class HoursRow:
    week: int
    planned: str
    target: str
    attended: str
    ordinary: str


@dataclass(frozen=True, slots=True)
class SmallStepRow:
    week: int
    kind: str
    subgoal: str
    text: str
    before: str
    after: str
    role: str


@dataclass(frozen=True, slots=True)
class ScorePointRow:
    date_text: str
    score_text: str
    width: float


@dataclass(frozen=True, slots=True)
class FactorHistoryRow:
    code: str
    name: str
    points: list[ScorePointRow]


@dataclass(frozen=True, slots=True)
class PlacementPage:
    id: str
    company: str
    purpose: str
    start_text: str
    end_text: str
    ended: bool
    contact_person: str
    mentor_name: str
    subgoals: list[SubGoalRow]
    hours: HoursRow | None
    small_steps: list[SmallStepRow]
    factors: list[FactorHistoryRow]
    caseworker: CaseworkerPage | None
    sharing_health: bool
    measurement_due: str | None
    # "17. december 2026" when a next self-assessment is asked for, and whether its date has passed.
    measurement_date: str
    measurement_late: bool
    consent_undecided: bool


def _hours_row(point: HoursPoint | None, lang: str) -> HoursRow | None:
    if point is None:
        return None
    return HoursRow(
        week=week_number(point.week),
        planned=_hours(point.planned, lang),
        target=_hours(point.ordinary_target, lang),
        attended=_hours(point.placement_hours, lang),
        ordinary=_hours(point.ordinary_hours, lang),
    )


def _small_step_row(step: SmallStep, titles: dict[str, str], lang: str) -> SmallStepRow:
    return SmallStepRow(
        week=week_number(step.week),
        kind=step.kind.value,
        subgoal=titles.get(step.subgoal_id or "", ""),
        text=step.text,
        before=_hours(step.before, lang),
        after=_hours(step.after, lang),
        role=step.seen_by or "",
    )


def _setback_row(fall: Setback, titles: dict[str, str], lang: str) -> SmallStepRow:
    return SmallStepRow(
        week=week_number(fall.week),
        kind="setback",
        subgoal=titles.get(fall.subgoal_id, ""),
        text="",
        before=_hours(fall.before, lang),
        after=_hours(fall.after, lang),
        role=fall.seen_by,
    )


def _recent(overview: PlacementOverview, titles: dict[str, str], lang: str) -> list[SmallStepRow]:
    """What moved forward and what went back, newest week first; setbacks after the steps of their week."""
    rows = [(s.week, 0, _small_step_row(s, titles, lang)) for s in overview.small_steps]
    rows += [(f.week, 1, _setback_row(f, titles, lang)) for f in overview.setbacks]
    rows.sort(key=lambda row: (row[0], -row[1]), reverse=True)
    return [row for _, _, row in rows][:RECENT_ROWS]


def placement_page(overview: PlacementOverview, lang: str) -> PlacementPage:
    titles = {goal.id: goal.title for goal in overview.subgoals}
    series: dict[str, list[ScorePointRow]] = {code: [] for code in overview.history.factors if code != "F"}
    for assessment in overview.history.assessments:
        for code, score in assessment.scores.items():
            series[code].append(
                ScorePointRow(date_text(assessment.date, lang), score_text(score, lang), bar_width(score))
            )
    return PlacementPage(
        id=str(overview.id),
        company=overview.company,
        purpose=overview.purpose,
        start_text=date_text(overview.start_date, lang),
        end_text=date_text(overview.ended_on or overview.planned_end_date, lang),
        ended=overview.ended_on is not None,
        contact_person=overview.contact_person,
        mentor_name=overview.mentor_name,
        subgoals=[
            SubGoalRow(
                factor_code=goal.factor,
                factor_name=factor_name(goal.factor, lang),
                title=goal.title,
                target=goal.target,
                short=goal.horizon == "short",
                due_text=date_text(goal.due_date, lang) if goal.due_date else "",
                steps=[
                    StepRow(
                        text=s.text,
                        reached=s.reached_week is not None,
                        week=week_number(s.reached_week) if s.reached_week else None,
                    )
                    for s in goal.steps
                ],
                next_step=goal.next_step,
                reached=goal.reached,
            )
            for goal in overview.subgoals
        ],
        hours=_hours_row(overview.this_week, lang),
        small_steps=_recent(overview, titles, lang),
        factors=[
            FactorHistoryRow(code=code, name=factor_name(code, lang), points=points[-POINTS_SHOWN:])
            for code, points in series.items()
        ],
        caseworker=caseworker_page(overview.history.caseworker, lang) if overview.history.caseworker else None,
        sharing_health=overview.sharing_health,
        measurement_due=overview.measurement_due,
        measurement_date=date_text(overview.measurement.due_on, lang) if overview.measurement else "",
        measurement_late=overview.measurement is not None and overview.measurement.late,
        consent_undecided=overview.consent_undecided,
    )


@dataclass(frozen=True, slots=True)
class DataUseRow:
    """The same use by the same role on one day, counted: a page opened ten times is one line, not ten."""

    role: str
    action: str
    object_type: str
    purpose: str
    count: int
    last_time: str


@dataclass(frozen=True, slots=True)
class DataUseDay:
    day_text: str
    rows: list[DataUseRow]


def data_use_days(uses: list[DataUse], lang: str) -> list[DataUseDay]:
    """The uses by Danish calendar day, newest first, as they came from the audit trail."""
    days: dict[dt.date, dict[tuple[str, str, str, str], list[DataUse]]] = {}
    for use in uses:
        day = days.setdefault(use.at.astimezone(LOCAL_TIME).date(), {})
        day.setdefault((use.role, use.action, use.object_type, use.purpose), []).append(use)
    return [
        DataUseDay(
            day_text=date_text(day, lang),
            rows=[
                DataUseRow(
                    role=role,
                    action=action,
                    object_type=object_type,
                    purpose=purpose,
                    count=len(group),
                    last_time=format_time(group[0].at.astimezone(LOCAL_TIME), "short", locale=lang),
                )
                for (role, action, object_type, purpose), group in groups.items()
            ],
        )
        for day, groups in days.items()
    ]
