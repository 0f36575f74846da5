"""Placements and sub-goals as JSON, per the public API."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Actor
from placement.concurrency import if_match_version
from placement.db.models import PlacementDecision, SubGoal
from placement.placements import services
from placement.placements.schemas import (
    CompanyRef,
    DecisionIn,
    DecisionOut,
    PartyOut,
    PlacementIn,
    PlacementOut,
    PlacementPatch,
    PlacementSummary,
    PlanWeekIn,
    StepOut,
    StepReachedIn,
    SubGoalIn,
    SubGoalOut,
    SubGoalPatch,
)


def subgoal_out(goal: SubGoal) -> SubGoalOut:
    return SubGoalOut(
        id=str(goal.id), factor=goal.factor, title=goal.title, target=goal.target, horizon=goal.horizon.value,
        due_date=goal.due_date, position=goal.position, version=goal.version,
        steps=[StepOut(position=s.position, text=s.text, reached_week=s.reached_week,
                       reached_by_role=s.reached_by_role.value if s.reached_by_role else None) for s in goal.steps],
    )


def placement_out(detail: services.PlacementDetail) -> PlacementOut:
    p = detail.placement
    return PlacementOut(
        id=str(p.id), version=p.version, status=p.status.value,
        citizen=PartyOut(id=str(detail.citizen.id), name=detail.citizen.name),
        company=CompanyRef(id=str(detail.company.id), name=detail.company.name, cvr=detail.company.cvr),
        consultant=PartyOut(id=str(detail.consultant.id), name=detail.consultant.name),
        purpose=p.purpose, contact_person=p.contact_person, mentor_name=p.mentor_name, start_date=p.start_date,
        planned_end_date=p.planned_end_date, ended_on=p.ended_on, follow_up_date=p.follow_up_date,
        weekly_plan=[PlanWeekIn(week=w.week, placement_hours=w.placement_hours,
                                ordinary_hours_target=w.ordinary_hours_target) for w in p.plan_weeks],
        subgoals=[subgoal_out(g) for g in p.subgoals],
    )


def decision_out(row: PlacementDecision) -> DecisionOut:
    return DecisionOut(id=str(row.id), decision=row.decision, reason=row.reason, decided_on=row.decided_on,
                       verdict_shown=row.verdict_shown)


class PlacementApiController(Controller):
    path = "/api/placements"
    tags = ["placements"]

    @post("/", summary="Plan a placement; the caller becomes its consultant")
    async def create(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                     data: Annotated[PlacementIn, Body()]) -> PlacementOut:
        placement = await services.create_placement(
            db_session, actor, citizen_id=data.citizen_id, company_id=data.company_id, purpose=data.purpose,
            start_date=data.start_date, planned_end_date=data.planned_end_date, weekly_plan=data.weekly_plan,
            contact_person=data.contact_person, mentor_name=data.mentor_name, follow_up_date=data.follow_up_date)
        return placement_out(await services.get_placement(db_session, actor, str(placement.id)))

    @get("/", summary="The placements the caller may see")
    async def list_placements(self, db_session: NamedDependency[AsyncSession],
                              actor: NamedDependency[Actor]) -> list[PlacementSummary]:
        return [
            PlacementSummary(id=str(p.id), version=p.version, status=p.status.value,
                             citizen=PartyOut(id=str(c.id), name=c.name),
                             company=CompanyRef(id=str(co.id), name=co.name, cvr=co.cvr),
                             start_date=p.start_date, planned_end_date=p.planned_end_date)
            for p, c, co in await services.list_placements(db_session, actor)
        ]

    @get("/{placement_id:str}", summary="One placement with its plan and sub-goals")
    async def get_placement(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                            placement_id: FromPath[str]) -> PlacementOut:
        return placement_out(await services.get_placement(db_session, actor, placement_id))

    @patch("/{placement_id:str}", summary="Edit a placement; send its version in If-Match (409 when stale)")
    async def update(self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession],
                     actor: NamedDependency[Actor], placement_id: FromPath[str],
                     data: Annotated[PlacementPatch, Body()]) -> PlacementOut:
        detail = await services.update_placement(
            db_session, actor, placement_id, version=if_match_version(request), purpose=data.purpose,
            contact_person=data.contact_person, mentor_name=data.mentor_name, planned_end_date=data.planned_end_date,
            follow_up_date=data.follow_up_date, status=data.status, weekly_plan=data.weekly_plan)
        return placement_out(detail)

    @post("/{placement_id:str}/decisions", summary="Record the decision taken at a follow-up and why")
    async def decide(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                     placement_id: FromPath[str], data: Annotated[DecisionIn, Body()]) -> DecisionOut:
        return decision_out(await services.record_decision(db_session, actor, placement_id, decision=data.decision,
                                                           reason=data.reason))

    @post("/{placement_id:str}/subgoals", summary="Add a sub-goal tied to factor A–E, with optional small steps")
    async def add_subgoal(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                          placement_id: FromPath[str], data: Annotated[SubGoalIn, Body()]) -> SubGoalOut:
        goal = await services.add_subgoal(db_session, actor, placement_id, factor=data.factor, title=data.title,
                                          target=data.target, horizon=data.horizon, due_date=data.due_date,
                                          steps=data.steps)
        return subgoal_out(goal)

    @get("/{placement_id:str}/subgoals", summary="The placement's sub-goals with their small steps")
    async def list_subgoals(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                            placement_id: FromPath[str]) -> list[SubGoalOut]:
        return [subgoal_out(g) for g in await services.list_subgoals(db_session, actor, placement_id)]

    @patch("/{placement_id:str}/subgoals/{subgoal_id:str}", summary="Edit a sub-goal; send its version in If-Match")
    async def update_subgoal(self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession],
                             actor: NamedDependency[Actor], placement_id: FromPath[str], subgoal_id: FromPath[str],
                             data: Annotated[SubGoalPatch, Body()]) -> SubGoalOut:
        goal = await services.update_subgoal(db_session, actor, placement_id, subgoal_id,
                                             version=if_match_version(request), title=data.title, target=data.target,
                                             horizon=data.horizon, due_date=data.due_date)
        return subgoal_out(goal)

    @post("/{placement_id:str}/subgoals/{subgoal_id:str}/steps/{position:int}/reached", status_code=200,
          summary="Mark a small step reached in a week")
    async def step_reached(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                           placement_id: FromPath[str], subgoal_id: FromPath[str], position: FromPath[int],
                           data: Annotated[StepReachedIn, Body()]) -> SubGoalOut:
        return subgoal_out(await services.mark_step_reached(db_session, actor, placement_id, subgoal_id, position,
                                                            week=data.week))
