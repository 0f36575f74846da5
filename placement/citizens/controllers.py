"""Citizens as JSON; no field for a CPR number exists, and a body that brings one is refused."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.exceptions import SerializationException
from litestar.params import Body, FromPath, FromQuery
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Actor
from placement.citizens import services
from placement.concurrency import if_match_version
from placement.db.models import Citizen


class CitizenIn(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    case_ref: str
    target_group: str


class CitizenPatch(msgspec.Struct, forbid_unknown_fields=True):
    name: str | None = None
    case_ref: str | None = None
    target_group: str | None = None


class CitizenOut(msgspec.Struct):
    id: str
    name: str
    case_ref: str
    target_group: str
    version: int


def citizen_out(citizen: Citizen) -> CitizenOut:
    return CitizenOut(id=str(citizen.id), name=citizen.name, case_ref=citizen.case_ref,
                      target_group=citizen.target_group, version=citizen.version)


async def refuse_cpr_in_body(request: Request[Any, Any, Any]) -> None:
    """A body with a CPR field gets a 400 that says why, rather than msgspec's generic "unknown field"."""
    if request.method in ("POST", "PATCH", "PUT"):
        try:
            body = await request.json()
        except SerializationException:
            return  # Malformed JSON: the body parser answers it with its own 400.
        services.refuse_cpr_fields(body)


class CitizenApiController(Controller):
    path = "/api/citizens"
    tags = ["citizens"]
    before_request = refuse_cpr_in_body

    @post("/", summary="Create a citizen (name, case reference, target group); no CPR number is accepted")
    async def create(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                     data: Annotated[CitizenIn, Body()]) -> CitizenOut:
        return citizen_out(await services.create_citizen(db_session, actor, name=data.name, case_ref=data.case_ref,
                                                         target_group=data.target_group))

    @get("/", summary="The consultant's citizens, optionally searched by name or case reference")
    async def list_citizens(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                            q: FromQuery[str] = "") -> list[CitizenOut]:
        return [citizen_out(c) for c in await services.list_citizens(db_session, actor, q)]

    @get("/{citizen_id:str}", summary="One citizen")
    async def get_citizen(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                          citizen_id: FromPath[str]) -> CitizenOut:
        return citizen_out(await services.get_citizen(db_session, actor, citizen_id))

    @patch("/{citizen_id:str}", summary="Edit a citizen; send the version in If-Match")
    async def update(self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession],
                     actor: NamedDependency[Actor], citizen_id: FromPath[str],
                     data: Annotated[CitizenPatch, Body()]) -> CitizenOut:
        citizen = await services.update_citizen(db_session, actor, citizen_id, version=if_match_version(request),
                                                name=data.name, case_ref=data.case_ref, target_group=data.target_group)
        return citizen_out(citizen)
