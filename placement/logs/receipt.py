"""The receipt after saving a week: what was stored for it, read back from the database, small steps included."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from goals.weeks import add_weeks
from placement.logs.services import LogForm
from placement.web.filters import week_number


@dataclass(frozen=True, slots=True)
class ReceiptGoal:
    title: str
    rating: int | None
    note: str
    steps_reached: list[str]


@dataclass(frozen=True, slots=True)
class ReceiptPage:
    placement_id: str
    citizen_name: str
    company_name: str
    week: str
    week_number: int
    saved_at: dt.datetime
    placement_hours: float
    ordinary_hours: float
    absence_hours: float
    small_steps: str
    note: str
    internal: bool
    goals: list[ReceiptGoal]
    rated: int
    next_week: str | None


def receipt_page(form: LogForm) -> ReceiptPage | None:
    """What was stored for the week, read back from the database; None when there is no entry to show."""
    entry = form.entry
    if entry is None or form.week is None:
        return None
    following = add_weeks(form.week, 1)
    return ReceiptPage(
        placement_id=str(form.placement_id),
        citizen_name=form.citizen_name,
        company_name=form.company_name,
        week=form.week,
        week_number=week_number(form.week),
        saved_at=entry.updated_at,
        placement_hours=entry.placement_hours,
        ordinary_hours=entry.ordinary_hours,
        absence_hours=entry.absence_hours,
        small_steps=entry.small_steps,
        note=entry.note,
        internal=not entry.shared,
        goals=[
            ReceiptGoal(
                title=g.title,
                rating=entry.ratings.get(g.id),
                note=entry.notes.get(g.id, ""),
                steps_reached=[s.text for s in g.steps if s.reached_week == form.week],
            )
            for g in form.subgoals
        ],
        rated=len(entry.ratings),
        next_week=following if any(c.week == following and not c.logged for c in form.choices) else None,
    )
