"""PUT and GET of the weekly log, per the public API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, put
from litestar.di import NamedDependency
from litestar.params import Body, FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Actor
from placement.db.models import WeeklyLog
from placement.logs import services


class RatingIn(msgspec.Struct, forbid_unknown_fields=True):
    subgoal_id: str
    rating: int
    note: str = ""


class LogIn(msgspec.Struct, forbid_unknown_fields=True):
    placement_hours: float
    ordinary_hours: float
    ratings: list[RatingIn]
    absence_hours: float = 0
    small_steps: str = ""
    note: str = ""
    shared: bool = True


class RatingOut(msgspec.Struct):
    subgoal_id: str
    rating: int
    note: str


class LogOut(msgspec.Struct):
    id: str
    week: str
    author_role: str
    author_name: str
    placement_hours: float
    ordinary_hours: float
    absence_hours: float
    ratings: list[RatingOut]
    small_steps: str
    note: str
    shared: bool
    version: int
    updated_at: dt.datetime


def log_out(entry: WeeklyLog, author_name: str) -> LogOut:
    return LogOut(
        id=str(entry.id), week=entry.week, author_role=entry.author_role.value, author_name=author_name,
        placement_hours=entry.placement_hours, ordinary_hours=entry.ordinary_hours,
        absence_hours=entry.absence_hours,
        ratings=[RatingOut(subgoal_id=str(r.subgoal_id), rating=r.rating, note=r.note) for r in entry.ratings],
        small_steps=entry.small_steps, note=entry.note, shared=entry.shared, version=entry.version,
        updated_at=entry.updated_at,
    )


def to_input(data: LogIn) -> services.LogInput:
    return services.LogInput(
        placement_hours=data.placement_hours, ordinary_hours=data.ordinary_hours, absence_hours=data.absence_hours,
        ratings=[services.RatingInput(r.subgoal_id, r.rating, r.note) for r in data.ratings],
        small_steps=data.small_steps, note=data.note, shared=data.shared,
    )


class LogApiController(Controller):
    path = "/api/placements/{placement_id:str}/log"
    tags = ["weekly log"]

    @put("/{week:str}", summary="Write this observer's entry for an ISO week: 201 the first time, 200 after")
    async def write(self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession],
                    actor: NamedDependency[Actor], placement_id: FromPath[str], week: FromPath[str],
                    data: Annotated[LogIn, Body()]) -> Response[LogOut]:
        entry, created = await services.write_log(db_session, actor, placement_id, week, to_input(data),
                                                  grace_weeks=request.app.state.settings.log_grace_weeks)
        user = request.scope["user"]
        return Response(log_out(entry, user.name), status_code=201 if created else 200)

    @get("/", summary="The entries the caller may see, newest week first")
    async def read(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                   placement_id: FromPath[str]) -> list[LogOut]:
        return [log_out(e.log, e.author_name) for e in await services.read_log(db_session, actor, placement_id)]
