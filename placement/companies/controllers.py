"""Companies as JSON."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath, FromQuery
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Actor
from placement.companies import services
from placement.concurrency import if_match_version
from placement.db.models import Company


class CompanyIn(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    cvr: str


class CompanyPatch(msgspec.Struct, forbid_unknown_fields=True):
    name: str | None = None
    cvr: str | None = None


class CompanyOut(msgspec.Struct):
    id: str
    name: str
    cvr: str
    version: int


def company_out(company: Company) -> CompanyOut:
    return CompanyOut(id=str(company.id), name=company.name, cvr=company.cvr, version=company.version)


class CompanyApiController(Controller):
    path = "/api/companies"
    tags = ["companies"]

    @post("/", summary="Create a company; the CVR number's check digit is validated")
    async def create(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                     data: Annotated[CompanyIn, Body()]) -> CompanyOut:
        return company_out(await services.create_company(db_session, actor, name=data.name, cvr=data.cvr))

    @get("/", summary="Companies, optionally searched by name or CVR")
    async def list_companies(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                             q: FromQuery[str] = "") -> list[CompanyOut]:
        return [company_out(c) for c in await services.list_companies(db_session, actor, q)]

    @get("/{company_id:str}", summary="One company")
    async def get_company(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor],
                          company_id: FromPath[str]) -> CompanyOut:
        return company_out(await services.get_company(db_session, actor, company_id))

    @patch("/{company_id:str}", summary="Edit a company; send its version in If-Match")
    async def update(self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession],
                     actor: NamedDependency[Actor], company_id: FromPath[str],
                     data: Annotated[CompanyPatch, Body()]) -> CompanyOut:
        company = await services.update_company(db_session, actor, company_id, version=if_match_version(request),
                                                name=data.name, cvr=data.cvr)
        return company_out(company)
