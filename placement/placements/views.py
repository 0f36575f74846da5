"""View models of the placement pages: plain values for templates, which format dates and hours with the filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from goals.agreement import missing_to_start
from goals.weeks import format_week
from placement.concurrency import Change
from placement.db.models import Placement, PlacementStatus
from placement.placements.services import PlacementDetail, PlacementRow
from placement.web.filters import date_text

# The placement page.


@dataclass(frozen=True, slots=True)
class PlanWeekView:
    week: str
    placement_hours: float
    ordinary_hours_target: float
    current: bool


@dataclass(frozen=True, slots=True)
class StepView:
    position: int
    text: str
    reached_week: str | None
    reached_by_role: str | None


@dataclass(frozen=True, slots=True)
class GoalView:
    id: str
    factor: str
    title: str
    target: str
    horizon: str
    due: dt.date | None
    steps: list[StepView]
    reached: int


@dataclass(frozen=True, slots=True)
class DecisionView:
    date: dt.date
    decision: str
    reason: str


@dataclass(frozen=True, slots=True)
class PartyView:
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class PlacementView:
    """Everything the placement page shows; `alerts` are codes the template words (missing follow-up and the like)."""

    id: str
    version: int
    status: str
    citizen_id: str
    citizen_name: str
    case_ref: str
    company_name: str
    cvr: str
    consultant_name: str
    purpose: str
    tasks: str
    citizen_wishes: str
    contact_person: str
    mentor_name: str
    start: dt.date
    planned_end: dt.date
    ended: dt.date | None
    follow_up: dt.date | None
    alerts: list[str]
    plan: list[PlanWeekView]
    goals: list[GoalView]
    members: list[PartyView]
    # Newest first.
    decisions: list[DecisionView]
    this_week: str
    # What the agreement lacks for a start (purpose, tasks, contact_person); shown while the placement runs.
    missing_to_start: list[str]


def placement_alerts(detail: PlacementDetail, today: dt.date) -> list[str]:
    """What needs the consultant's attention: a placement without a planned follow-up is a known failure of practice."""
    p = detail.placement
    if p.status is PlacementStatus.ENDED:
        return []
    alerts = []
    if p.follow_up_date is None:
        alerts.append("no_follow_up")
    elif p.follow_up_date < today:
        alerts.append("follow_up_overdue")
    if p.status is PlacementStatus.PLANNED and p.start_date <= today:
        alerts.append("not_started")
    if p.planned_end_date < today:
        alerts.append("past_planned_end")
    if not p.subgoals:
        alerts.append("no_subgoals")
    if not p.plan_weeks:
        alerts.append("no_plan")
    if agreement_missing(p):
        alerts.append("agreement_incomplete")
    return alerts


def agreement_missing(p: Placement) -> list[str]:
    """What a running placement's agreement lacks of what a start needs (an ended one is no longer asked)."""
    if p.status is PlacementStatus.ENDED:
        return []
    return missing_to_start(purpose=p.purpose, tasks=p.tasks, contact_person=p.contact_person)


def placement_view(detail: PlacementDetail, today: dt.date) -> PlacementView:
    p = detail.placement
    this_week = format_week(today)
    return PlacementView(
        id=str(p.id),
        version=p.version,
        status=p.status.value,
        citizen_id=str(detail.citizen.id),
        citizen_name=detail.citizen.name,
        case_ref=detail.citizen.case_ref,
        company_name=detail.company.name,
        cvr=detail.company.cvr,
        consultant_name=detail.consultant.name,
        purpose=p.purpose,
        tasks=p.tasks,
        citizen_wishes=p.citizen_wishes,
        contact_person=p.contact_person,
        mentor_name=p.mentor_name,
        start=p.start_date,
        planned_end=p.planned_end_date,
        ended=p.ended_on,
        follow_up=p.follow_up_date,
        alerts=placement_alerts(detail, today),
        plan=[
            PlanWeekView(
                week=w.week,
                placement_hours=w.placement_hours,
                ordinary_hours_target=w.ordinary_hours_target,
                current=w.week == this_week,
            )
            for w in p.plan_weeks
        ],
        goals=[
            GoalView(
                id=str(g.id),
                factor=g.factor,
                title=g.title,
                target=g.target,
                horizon=g.horizon.value,
                due=g.due_date,
                steps=[
                    StepView(
                        position=s.position,
                        text=s.text,
                        reached_week=s.reached_week,
                        reached_by_role=s.reached_by_role.value if s.reached_by_role else None,
                    )
                    for s in g.steps
                ],
                reached=sum(1 for s in g.steps if s.reached_week),
            )
            for g in p.subgoals
        ],
        members=[PartyView(name=m.name, role=m.role) for m in detail.members],
        decisions=[
            DecisionView(date=d.decided_on, decision=d.decision, reason=d.reason) for d in reversed(detail.decisions)
        ],
        this_week=this_week,
        missing_to_start=agreement_missing(p),
    )


# The caseload, and the citizen page's list of their placements (placement.citizens uses it).


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    id: str
    citizen_name: str
    company_name: str
    status: str
    period: str
    follow_up: str
    follow_up_missing: bool
    follow_up_overdue: bool


def caseload_rows(rows: Sequence[PlacementRow], today: dt.date, lang: str) -> list[CaseloadRow]:
    """One line per placement of `list_placements`: the period and the follow-up written in `lang`."""
    result = []
    for row in rows:
        p = row.placement
        running = p.status is not PlacementStatus.ENDED
        result.append(
            CaseloadRow(
                id=str(p.id),
                citizen_name=row.citizen.name,
                company_name=row.company.name,
                status=p.status.value,
                period=f"{date_text(p.start_date, lang)} – {date_text(p.ended_on or p.planned_end_date, lang)}",
                follow_up=date_text(p.follow_up_date, lang),
                follow_up_missing=running and p.follow_up_date is None,
                follow_up_overdue=running and p.follow_up_date is not None and p.follow_up_date < today,
            )
        )
    return result


# Editing.


@dataclass(frozen=True, slots=True)
class ChangeView:
    field: str
    seen: str
    now: str


def change_views(changes: Sequence[Change]) -> list[ChangeView]:
    return [ChangeView(field=c.field, seen=c.seen, now=c.now) for c in changes]
