"""Request and response bodies of placements and sub-goals."""

from __future__ import annotations

import datetime as dt

import msgspec


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


class PlacementPatch(msgspec.Struct, forbid_unknown_fields=True):
    purpose: str | None = None
    contact_person: str | None = None
    mentor_name: str | None = None
    planned_end_date: dt.date | None = None
    follow_up_date: dt.date | None = None
    status: str | None = None
    weekly_plan: list[PlanWeekIn] | None = None


class StepOut(msgspec.Struct):
    position: int
    text: str
    reached_week: str | None
    reached_by_role: str | None


class SubGoalIn(msgspec.Struct, forbid_unknown_fields=True):
    factor: str
    title: str
    target: str
    horizon: str
    due_date: dt.date | None = None
    steps: list[str] = msgspec.field(default_factory=list)


class SubGoalPatch(msgspec.Struct, forbid_unknown_fields=True):
    title: str | None = None
    target: str | None = None
    horizon: str | None = None
    due_date: dt.date | None = None


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


class StepReachedIn(msgspec.Struct, forbid_unknown_fields=True):
    week: str


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


class DecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    """continue, adjust, extend (with a later planned_end_date) or end, why, and optionally the next follow-up."""

    decision: str
    reason: str
    planned_end_date: dt.date | None = None
    follow_up_date: dt.date | None = None


class DecisionOut(msgspec.Struct):
    id: str
    decision: str
    reason: str
    decided_on: dt.date
    verdict_shown: str | None


class ExampleOut(msgspec.Struct):
    id: str
    title: str
    target: str
    horizon: str
    steps: list[str]


class LibraryFactorOut(msgspec.Struct):
    code: str
    name: str
    examples: list[ExampleOut]


class LibraryOut(msgspec.Struct):
    """Example sub-goals per citizen factor A–E, in Danish, to adapt with the citizen."""

    factors: list[LibraryFactorOut]
