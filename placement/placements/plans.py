"""The weekly hours plan of a placement: its rules, a plan that rises evenly, and keeping the stored weeks in step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from goals.bounds import MAX_WEEK_HOURS, period_problem
from goals.weeks import WeekError, format_week, parse_week, weeks_between
from placement.db.models import Placement, PlanWeek
from placement.errors import Checks, InvalidInput
from placement.placements.schemas import PlanWeekIn


def check_period(start: dt.date, end: dt.date) -> None:
    """InvalidInput when a placement cannot run from start to end; cheap, so it runs before any week is counted."""
    if problem := period_problem(start, end):
        code = "too_long" if end >= start else "invalid"
        raise InvalidInput(problem, field="planned_end_date", code=code)


def check_week_hours(item: PlanWeekIn, where: str) -> None:
    """A planned week's hours, each 0–80; every problem refused at once, named by `where` (weekly_plan[n])."""
    checks = Checks()
    for name, value in (
        ("placement_hours", item.placement_hours),
        ("ordinary_hours_target", item.ordinary_hours_target),
    ):
        if not 0 <= value <= MAX_WEEK_HOURS:
            checks.add(
                InvalidInput(f"{name} must be between 0 and {MAX_WEEK_HOURS} hours a week", field=f"{where}.{name}")
            )
    checks.done()


def validate_plan(plan: Sequence[PlanWeekIn], start: dt.date, end: dt.date) -> list[PlanWeekIn]:
    """The weekly hours plan: real ISO weeks inside the period, each once, hours 0–80; may rise week by week."""
    first, last = parse_week(format_week(start)), parse_week(format_week(end))
    seen: set[str] = set()
    checks = Checks()
    for index, item in enumerate(plan):
        where = f"weekly_plan[{index}]"
        try:
            week = parse_week(item.week)
        except WeekError as error:
            checks.add(InvalidInput(str(error), field=f"{where}.week"))
        else:
            if not first <= week <= last:
                checks.add(InvalidInput(f"week {item.week} lies outside the placement's period", field=f"{where}.week"))
            elif item.week in seen:
                checks.add(InvalidInput(f"week {item.week} is planned twice", field=f"{where}.week"))
        seen.add(item.week)
        checks.take(check_week_hours, item, where)
    checks.done()
    return sorted(plan, key=lambda p: p.week)


def linear_plan(
    start: dt.date,
    end: dt.date,
    *,
    hours_from: float,
    hours_to: float,
    ordinary_from: float = 0,
    ordinary_to: float = 0,
) -> list[PlanWeekIn]:
    """A plan for every week of the period that rises evenly from the first to the last week, in half hours."""
    check_period(start, end)
    weeks = weeks_between(start, end)

    def at(index: int, low: float, high: float) -> float:
        share = index / (len(weeks) - 1) if len(weeks) > 1 else 1.0
        return round((low + (high - low) * share) * 2) / 2

    return [
        PlanWeekIn(
            week=week,
            placement_hours=at(n, hours_from, hours_to),
            ordinary_hours_target=at(n, ordinary_from, ordinary_to),
        )
        for n, week in enumerate(weeks)
    ]


def plan_rows(plan: Sequence[PlanWeekIn]) -> list[PlanWeek]:
    return [
        PlanWeek(week=p.week, placement_hours=p.placement_hours, ordinary_hours_target=p.ordinary_hours_target)
        for p in plan
    ]


def plan_text(weeks: Sequence[PlanWeek] | Sequence[PlanWeekIn]) -> str:
    """The weekly plan as one comparable line, e.g. "2026-W45 10/0, 2026-W46 12/0"."""
    return ", ".join(f"{w.week} {w.placement_hours:g}/{w.ordinary_hours_target:g}" for w in weeks)


def apply_plan(placement: Placement, plan: Sequence[PlanWeekIn]) -> None:
    """Make the stored weeks equal `plan` in place: a kept week is updated rather than deleted and inserted again,
    so that one flush does it without tripping over the (placement, week) key, and the version moves by one."""
    wanted = {p.week: p for p in plan}
    for dropped in [w for w in placement.plan_weeks if w.week not in wanted]:
        placement.plan_weeks.remove(dropped)
    existing = {w.week: w for w in placement.plan_weeks}
    for item in plan:
        row = existing.get(item.week)
        if row is None:
            placement.plan_weeks.append(
                PlanWeek(
                    week=item.week,
                    placement_hours=item.placement_hours,
                    ordinary_hours_target=item.ordinary_hours_target,
                )
            )
        else:
            row.placement_hours, row.ordinary_hours_target = item.placement_hours, item.ordinary_hours_target
    placement.plan_weeks.sort(key=lambda w: w.week)


def check_plan_fits(placement: Placement) -> None:
    """A shorter period must not leave planned weeks behind outside it."""
    last = format_week(placement.planned_end_date)
    outside = [w.week for w in placement.plan_weeks if w.week > last]
    if outside:
        raise InvalidInput(
            f"planned_end_date leaves planned weeks outside the period ({', '.join(outside)}); "
            "send a weekly_plan without them",
            field="planned_end_date",
        )
