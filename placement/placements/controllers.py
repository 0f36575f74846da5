"""Placements and sub-goals as JSON per the public API, and the example sub-goal library."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from goals.factors import get_factor
from goals.library import SubGoalLibrary, default_library
from placement.access.policy import Actor
from placement.concurrency import if_match_version
from placement.db.models import PlacementDecision, SubGoal
from placement.placements import services
from placement.placements.schemas import (
    CompanyRef,
    DecisionIn,
    DecisionOut,
    ExampleOut,
    LibraryFactorOut,
    LibraryOut,
    MemberOut,
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
        members=[MemberOut(id=str(m.user_id), name=m.name, role=m.role) for m in detail.members],
    )


def summary_out(row: services.PlacementRow) -> PlacementSummary:
    p = row.placement
    return PlacementSummary(id=str(p.id), version=p.version, status=p.status.value,
                            citizen=PartyOut(id=str(row.citizen.id), name=row.citizen.name),
                            company=CompanyRef(id=str(row.company.id), name=row.company.name, cvr=row.company.cvr),
                            start_date=p.start_date, planned_end_date=p.planned_end_date, ended_on=p.ended_on,
                            follow_up_date=p.follow_up_date)


def decision_out(row: PlacementDecision) -> DecisionOut:
    return DecisionOut(id=str(row.id), decision=row.decision, reason=row.reason, decided_on=row.decided_on,
                       verdict_shown=row.verdict_shown)


class PlacementApiController(Controller):
    path = "/api/placements"
    tags = ["placements"]

    @post("/", summary="Plan a placement; the caller becomes its consultant")
    async def create(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                     data: Annotated[PlacementIn, Body()]) -> PlacementOut:
        detail = await services.create_placement(
            db_session, actor, citizen_id=data.citizen_id, company_id=data.company_id, purpose=data.purpose,
            start_date=data.start_date, planned_end_date=data.planned_end_date, weekly_plan=data.weekly_plan,
            contact_person=data.contact_person, mentor_name=data.mentor_name, follow_up_date=data.follow_up_date)
        return placement_out(detail)

    @get("/", summary="The placements the caller may see")
    async def list_placements(self, db_session: NamedDependency[AsyncSession],
                              actor: NamedDependency[Actor]) -> list[PlacementSummary]:
        return [summary_out(row) for row in await services.list_placements(db_session, actor)]

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

    @post("/{placement_id:str}/decisions",
          summary="Record the decision at a follow-up and why: continue, adjust, extend (new end) or end")
    async def decide(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                     placement_id: FromPath[str], data: Annotated[DecisionIn, Body()]) -> DecisionOut:
        return decision_out(await services.record_decision(
            db_session, actor, placement_id, decision=data.decision, reason=data.reason,
            planned_end_date=data.planned_end_date, follow_up_date=data.follow_up_date))

    @get("/{placement_id:str}/decisions", summary="The decisions taken at follow-ups, oldest first (consultant)")
    async def decisions(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                        placement_id: FromPath[str]) -> list[DecisionOut]:
        return [decision_out(row) for row in await services.read_decisions(db_session, actor, placement_id)]

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


def library_out(library: SubGoalLibrary) -> LibraryOut:
    codes = dict.fromkeys(example.factor for example in library.examples)
    return LibraryOut(factors=[
        LibraryFactorOut(code=code, name=get_factor(code).name_da, examples=[
            ExampleOut(id=e.id, title=e.title, target=e.target, horizon=e.horizon, steps=list(e.steps))
            for e in library.for_factor(code)])
        for code in codes
    ])


class SubGoalLibraryApiController(Controller):
    path = "/api/subgoal-library"
    tags = ["placements"]

    @get("/", summary="Example sub-goals per factor A–E (Danish), each with a target, a horizon and small steps")
    async def library(self) -> LibraryOut:
        return library_out(default_library())
