"""The sub-goals API: a placement's sub-goals and their small steps, and the library of example sub-goals."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from goals.factors import get_factor
from goals.library import SubGoalLibrary, default_library
from placement.auth.identity import Actor
from placement.clock import Clock
from placement.concurrency import if_match_version
from placement.placements.schemas import SubGoalOut, subgoal_out
from placement.subgoals import services
from placement.subgoals.schemas import (
    ExampleOut,
    LibraryFactorOut,
    LibraryOut,
    StepReachedIn,
    SubGoalIn,
    SubGoalPatch,
)


class SubGoalApiController(Controller):
    path = "/api/placements/{placement_id:uuid}/subgoals"
    tags = ["placements"]

    @post("/", summary="Add a sub-goal tied to factor A–E, with optional small steps", name="subgoals:api-create")
    async def add_subgoal(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
        data: Annotated[SubGoalIn, Body()],
    ) -> SubGoalOut:
        goal = await services.add_subgoal(
            db_session,
            actor,
            placement_id,
            factor=data.factor,
            title=data.title,
            target=data.target,
            horizon=data.horizon,
            due_date=data.due_date,
            steps=data.steps,
        )
        return subgoal_out(goal)

    @get("/", summary="The placement's sub-goals with their small steps", name="subgoals:api-list")
    async def list_subgoals(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
    ) -> list[SubGoalOut]:
        return [subgoal_out(g) for g in await services.list_subgoals(db_session, actor, placement_id)]

    @patch("/{subgoal_id:uuid}", summary="Edit a sub-goal; send its version in If-Match", name="subgoals:api-update")
    async def update_subgoal(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
        subgoal_id: FromPath[uuid.UUID],
        data: Annotated[SubGoalPatch, Body()],
    ) -> SubGoalOut:
        goal = await services.update_subgoal(
            db_session,
            actor,
            placement_id,
            subgoal_id,
            version=if_match_version(request),
            title=data.title,
            target=data.target,
            horizon=data.horizon,
            due_date=data.due_date,
        )
        return subgoal_out(goal)

    @post(
        "/{subgoal_id:uuid}/steps/{position:int}/reached",
        status_code=200,
        summary="Mark a small step reached in a week",
        name="subgoals:api-step-reached",
    )
    async def step_reached(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        placement_id: FromPath[uuid.UUID],
        subgoal_id: FromPath[uuid.UUID],
        position: FromPath[int],
        data: Annotated[StepReachedIn, Body()],
    ) -> SubGoalOut:
        return subgoal_out(
            await services.mark_step_reached(
                db_session, actor, placement_id, subgoal_id, position, week=data.week, today=clock.today()
            )
        )


def library_out(library: SubGoalLibrary) -> LibraryOut:
    codes = dict.fromkeys(example.factor for example in library.examples)
    return LibraryOut(
        factors=[
            LibraryFactorOut(
                code=code,
                name=get_factor(code).name_da,
                examples=[
                    ExampleOut(id=e.id, title=e.title, target=e.target, horizon=e.horizon, steps=list(e.steps))
                    for e in library.for_factor(code)
                ],
            )
            for code in codes
        ]
    )


class SubGoalLibraryApiController(Controller):
    path = "/api/subgoal-library"
    tags = ["placements"]

    @get(
        "/",
        summary="Example sub-goals per factor A–E (Danish), each with a target, a horizon and small steps",
        name="subgoals:api-library",
    )
    async def library(self) -> LibraryOut:
        return library_out(default_library())
