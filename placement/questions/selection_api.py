"""/api/question-selections: the jobcenter's named selections of question items per target group."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.openapi import errors
from placement.questions import selections
from placement.questions.selections import Selection

DbSession = NamedDependency[AsyncSession]
CurrentActor = NamedDependency[Actor]


class SelectionIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(description="what the consultants call it, unique within the target group")]
    target_group: Annotated[str, msgspec.Meta(description="a key from GET /api/target-groups")]
    # Any, so that a wrong key is named by the service (field "items") rather than by msgspec.
    items: Annotated[list[Any], msgspec.Meta(description="question keys from GET /api/questions; at least one")]


class SelectionOut(msgspec.Struct):
    id: str
    name: str
    target_group: str
    items: Annotated[list[str], msgspec.Meta(description="question keys in bank order")]
    created_at: dt.datetime


class SelectionListOut(msgspec.Struct):
    selections: list[SelectionOut]


def _out(selection: Selection) -> SelectionOut:
    return SelectionOut(
        id=str(selection.id),
        name=selection.name,
        target_group=selection.target_group,
        items=list(selection.items),
        created_at=selection.created_at,
    )


class QuestionSelectionApiController(Controller):
    path = "/api/question-selections"
    tags = ["questions"]

    @get(
        "/",
        name="question-selections:api-list",
        summary="The saved selections of items, per target group",
        responses=errors(422),  # a target_group that is not on the configured list
    )
    async def list_selections(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        target_group: Annotated[str | None, QueryParameter(description="a target group key")] = None,
    ) -> SelectionListOut:
        found = await selections.list_selections(
            db_session, actor, request.app.state.bank, request.app.state.target_groups, target_group
        )
        return SelectionListOut(selections=[_out(s) for s in found])

    @post("/", name="question-selections:api-create", summary="Save a named selection of items for a target group")
    async def create_selection(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        data: Annotated[SelectionIn, Body()],
    ) -> SelectionOut:
        return _out(
            await selections.create_selection(
                db_session,
                actor,
                request.app.state.bank,
                request.app.state.target_groups,
                name=data.name,
                target_group=data.target_group,
                items=data.items,
            )
        )

    @delete(
        "/{selection_id:uuid}",
        name="question-selections:api-delete",
        summary="Delete a saved selection; assessments already held keep their items",
    )
    async def delete_selection(
        self, db_session: DbSession, actor: CurrentActor, selection_id: FromPath[uuid.UUID]
    ) -> None:
        await selections.delete_selection(db_session, actor, selection_id)
