"""Request and response bodies of placements, with the sub-goals a placement carries."""

from __future__ import annotations

import datetime as dt

import msgspec

from placement.db.models import SubGoal


class PlanWeekIn(msgspec.Struct, forbid_unknown_fields=True):
    week: str
    placement_hours: float
    ordinary_hours_target: float = 0


class PlacementIn(msgspec.Struct, forbid_unknown_fields=True):
    citizen_id: str
    company_id: str
    purpose: str
    start_date: dt.date
    planned_end_date: dt.date
    weekly_plan: list[PlanWeekIn] = msgspec.field(default_factory=list)
    contact_person: str = ""
    mentor_name: str = ""
    follow_up_date: dt.date | None = None
    # The agreement's work tasks (arbejdsopgaver) and the citizen's own wishes (borgerens ønsker).
    tasks: str = ""
    citizen_wishes: str = ""


class PlacementPatch(msgspec.Struct, forbid_unknown_fields=True):
    purpose: str | None = None
    contact_person: str | None = None
    mentor_name: str | None = None
    planned_end_date: dt.date | None = None
    follow_up_date: dt.date | None = None
    status: str | None = None
    weekly_plan: list[PlanWeekIn] | None = None
    tasks: str | None = None
    citizen_wishes: str | None = None


class StepOut(msgspec.Struct):
    position: int
    text: str
    reached_week: str | None
    reached_by_role: str | None


class SubGoalOut(msgspec.Struct):
    id: str
    factor: str
    title: str
    target: str
    horizon: str
    due_date: dt.date | None
    position: int
    version: int
    steps: list[StepOut]


class PartyOut(msgspec.Struct):
    id: str
    name: str


class MemberOut(msgspec.Struct):
    """An account tied to the placement: its company contact, mentor or citizen."""

    id: str
    name: str
    role: str


class CompanyRef(msgspec.Struct):
    id: str
    name: str
    cvr: str


class PlacementOut(msgspec.Struct):
    id: str
    version: int
    status: str
    citizen: PartyOut
    company: CompanyRef
    consultant: PartyOut
    purpose: str
    tasks: str
    citizen_wishes: str
    contact_person: str
    mentor_name: str
    start_date: dt.date
    planned_end_date: dt.date
    ended_on: dt.date | None
    follow_up_date: dt.date | None
    weekly_plan: list[PlanWeekIn]
    subgoals: list[SubGoalOut]
    members: list[MemberOut]


class PlacementSummary(msgspec.Struct):
    id: str
    version: int
    status: str
    citizen: PartyOut
    company: CompanyRef
    start_date: dt.date
    planned_end_date: dt.date
    ended_on: dt.date | None
    follow_up_date: dt.date | None


def subgoal_out(goal: SubGoal) -> SubGoalOut:
    """A sub-goal as the API shows it, in a placement or on its own; its steps must be loaded."""
    return SubGoalOut(
        id=str(goal.id),
        factor=goal.factor,
        title=goal.title,
        target=goal.target,
        horizon=goal.horizon.value,
        due_date=goal.due_date,
        position=goal.position,
        version=goal.version,
        steps=[
            StepOut(
                position=s.position,
                text=s.text,
                reached_week=s.reached_week,
                reached_by_role=s.reached_by_role.value if s.reached_by_role else None,
            )
            for s in goal.steps
        ],
    )
