"""Companies as JSON: create, search, read and edit."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath, FromQuery
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.companies import services
from placement.companies.schemas import CompanyIn, CompanyOut, CompanyPatch, company_out
from placement.concurrency import if_match_version


class CompanyApiController(Controller):
    path = "/api/companies"
    tags = ["companies"]

    @post("/", name="companies:api-create", summary="Create a company; the CVR number's check digit is validated")
    async def create(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: Annotated[CompanyIn, Body()],
    ) -> CompanyOut:
        return company_out(await services.create_company(db_session, actor, name=data.name, cvr=data.cvr))

    @get("/", name="companies:api-list", summary="Companies, optionally searched by name or CVR")
    async def list_companies(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor], q: FromQuery[str] = ""
    ) -> list[CompanyOut]:
        return [company_out(c) for c in await services.list_companies(db_session, actor, q)]

    @get("/{company_id:uuid}", name="companies:api-get", summary="One company")
    async def get_company(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        company_id: FromPath[uuid.UUID],
    ) -> CompanyOut:
        return company_out(await services.get_company(db_session, actor, company_id))

    @patch("/{company_id:uuid}", name="companies:api-update", summary="Edit a company; send its version in If-Match")
    async def update(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        company_id: FromPath[uuid.UUID],
        data: Annotated[CompanyPatch, Body()],
    ) -> CompanyOut:
        company = await services.update_company(
            db_session, actor, company_id, version=if_match_version(request), name=data.name, cvr=data.cvr
        )
        return company_out(company)
