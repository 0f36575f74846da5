"""Reading the planning forms as typed, so that a form sent back with an error shows what the user wrote."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from goals.bounds import MAX_PLACEMENT_WEEKS, period_problem
from goals.weeks import weeks_between
from placement.errors import Checks, InvalidInput, ServiceError
from placement.placements.plans import check_week_hours
from placement.placements.schemas import PlanWeekIn
from placement.placements.services import PlacementDetail, placement_values
from placement.web.error_text import problems
from placement.web.filters import hours_text
from placement.web.forms import form_hours, form_text, seen_values

_PLAN_FIELD = re.compile(r"weekly_plan\[(\d+)\]\.(\w+)")


@dataclass
class PlanRowInput:
    """One week of the plan table as typed; blank hours mean the week is not planned."""

    week: str
    placement_hours: str
    ordinary_hours_target: str
    error: str = ""
    problem: ServiceError | None = None


@dataclass
class PlanTable:
    rows: list[PlanRowInput]
    # For each week sent to the service, its row in the table, so that an error lands next to the right row.
    row_of: list[int] = field(default_factory=list)

    def to_plan(self) -> list[PlanWeekIn]:
        plan: list[PlanWeekIn] = []
        self.row_of = []
        checks = Checks()
        for number, row in enumerate(self.rows):
            if not row.placement_hours.strip() and not row.ordinary_hours_target.strip():
                continue
            where = f"weekly_plan[{len(plan)}]"
            self.row_of.append(number)
            hours = checks.take(form_hours, row.placement_hours or "0", f"{where}.placement_hours")
            ordinary = checks.take(form_hours, row.ordinary_hours_target or "0", f"{where}.ordinary_hours_target")
            week = PlanWeekIn(week=row.week, placement_hours=hours or 0, ordinary_hours_target=ordinary or 0)
            # The bounds too, so that a week of 99 hours is said with a week that is no number.
            checks.take(check_week_hours, week, where)
            plan.append(week)
        checks.done()
        return plan

    def place_errors(self, error: ServiceError) -> None:
        """Mark the row each problem of `weekly_plan[n].<field>` belongs to, so it shows beside that row."""
        for problem in problems(error):
            match = _PLAN_FIELD.fullmatch(problem.field or "")
            if match and int(match.group(1)) < len(self.row_of):
                row = self.rows[self.row_of[int(match.group(1))]]
                if row.problem is None:
                    row.error, row.problem = match.group(2), problem


def plan_table_from_form(form: Mapping[str, str]) -> PlanTable:
    """The rows the form sent (`week_<n>`, `hours_<n>`, `ordinary_<n>`), in order."""
    rows = []
    for number in range(MAX_PLACEMENT_WEEKS):
        week = form_text(form, f"week_{number}")
        if not week:
            break
        rows.append(
            PlanRowInput(
                week=week,
                placement_hours=form_text(form, f"hours_{number}"),
                ordinary_hours_target=form_text(form, f"ordinary_{number}"),
            )
        )
    return PlanTable(rows=rows)


def plan_table_for_period(start: dt.date, end: dt.date, plan: Sequence[PlanWeekIn], lang: str) -> PlanTable:
    """A row for every week of the period, filled from `plan` where it has the week."""
    by_week = {p.week: p for p in plan}
    rows = []
    for week in weeks_between(start, end)[:MAX_PLACEMENT_WEEKS]:
        planned = by_week.get(week)
        rows.append(
            PlanRowInput(
                week=week,
                placement_hours=hours_text(planned.placement_hours, lang) if planned else "",
                ordinary_hours_target=hours_text(planned.ordinary_hours_target, lang) if planned else "",
            )
        )
    return PlanTable(rows=rows)


def replan(table: PlanTable, start: dt.date, end: dt.date) -> PlanTable:
    """The table for a changed period: typed weeks keep their hours, and new weeks after the last typed one continue
    at its hours, as an extension usually does."""
    if problem := period_problem(start, end):
        raise InvalidInput(problem, field="planned_end_date")
    typed = {row.week: row for row in table.rows if row.placement_hours or row.ordinary_hours_target}
    last = typed[max(typed)] if typed else None
    rows = []
    for week in weeks_between(start, end):
        source = typed.get(week) or (last if last is not None and week > last.week else None)
        rows.append(
            PlanRowInput(
                week=week,
                placement_hours=source.placement_hours if source else "",
                ordinary_hours_target=source.ordinary_hours_target if source else "",
            )
        )
    return PlanTable(rows=rows)


@dataclass
class PlacementEditForm:
    """The edit form as typed, with the version and the values the editor started from."""

    version: str
    purpose: str
    contact_person: str
    mentor_name: str
    planned_end_date: str
    follow_up_date: str
    seen: dict[str, str]
    plan: PlanTable
    tasks: str = ""
    citizen_wishes: str = ""

    def texts(self) -> PlacementTexts:
        """The placement's texts as typed, by their field names."""
        return _texts(self)


class PlacementTexts(TypedDict):
    """The texts of the planning forms, named as the service's fields."""

    purpose: str
    contact_person: str
    mentor_name: str
    tasks: str
    citizen_wishes: str


def _texts(form: NewPlacementForm | PlacementEditForm) -> PlacementTexts:
    return PlacementTexts(
        purpose=form.purpose,
        contact_person=form.contact_person,
        mentor_name=form.mentor_name,
        tasks=form.tasks,
        citizen_wishes=form.citizen_wishes,
    )


def edit_form_for(detail: PlacementDetail, lang: str) -> PlacementEditForm:
    p = detail.placement
    values = placement_values(p)
    plan = [
        PlanWeekIn(week=w.week, placement_hours=w.placement_hours, ordinary_hours_target=w.ordinary_hours_target)
        for w in p.plan_weeks
    ]
    return PlacementEditForm(
        version=str(p.version),
        purpose=p.purpose,
        contact_person=p.contact_person,
        mentor_name=p.mentor_name,
        planned_end_date=values["planned_end_date"],
        follow_up_date=values["follow_up_date"],
        seen=values,
        plan=plan_table_for_period(p.start_date, p.planned_end_date, plan, lang),
        tasks=p.tasks,
        citizen_wishes=p.citizen_wishes,
    )


def edit_form_from(form: Mapping[str, str]) -> PlacementEditForm:
    return PlacementEditForm(
        version=form_text(form, "version"),
        purpose=form_text(form, "purpose"),
        contact_person=form_text(form, "contact_person"),
        mentor_name=form_text(form, "mentor_name"),
        planned_end_date=form_text(form, "planned_end_date"),
        follow_up_date=form_text(form, "follow_up_date"),
        seen=seen_values(form),
        plan=plan_table_from_form(form),
        tasks=form_text(form, "tasks"),
        citizen_wishes=form_text(form, "citizen_wishes"),
    )


@dataclass
class NewPlacementForm:
    """The new-placement form as typed; the rise fields fill the plan table from a start to a target."""

    citizen_id: str = ""
    company_id: str = ""
    purpose: str = ""
    contact_person: str = ""
    mentor_name: str = ""
    tasks: str = ""
    citizen_wishes: str = ""
    start_date: str = ""
    planned_end_date: str = ""
    follow_up_date: str = ""
    hours_from: str = "10"
    hours_to: str = "30"
    ordinary_from: str = "0"
    ordinary_to: str = "0"
    plan: PlanTable = field(default_factory=lambda: PlanTable(rows=[]))

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> NewPlacementForm:
        names = (
            "citizen_id",
            "company_id",
            "purpose",
            "contact_person",
            "mentor_name",
            "tasks",
            "citizen_wishes",
            "start_date",
            "planned_end_date",
            "follow_up_date",
            "hours_from",
            "hours_to",
            "ordinary_from",
            "ordinary_to",
        )
        return cls(**{name: form_text(form, name) for name in names}, plan=plan_table_from_form(form))

    def texts(self) -> PlacementTexts:
        """The placement's texts as typed, by their field names."""
        return _texts(self)

    def rise(self) -> dict[str, float]:
        """The linear rise as numbers; InvalidInput names the field that is not a number."""
        return {
            name: form_hours(getattr(self, name) or "0", name)
            for name in ("hours_from", "hours_to", "ordinary_from", "ordinary_to")
        }
