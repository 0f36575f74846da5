"""Companies as JSON, and the consultant's pages to find, add and edit them."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.companies import services
from placement.concurrency import Change, StaleEdit, if_match_version
from placement.db.models import Company
from placement.db.unit_of_work import attempt
from placement.errors import Conflict, InvalidInput, ServiceError
from placement.web.render import page


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
    async def create(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: Annotated[CompanyIn, Body()],
    ) -> CompanyOut:
        return company_out(await services.create_company(db_session, actor, name=data.name, cvr=data.cvr))

    @get("/", summary="Companies, optionally searched by name or CVR")
    async def list_companies(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor], q: FromQuery[str] = ""
    ) -> list[CompanyOut]:
        return [company_out(c) for c in await services.list_companies(db_session, actor, q)]

    @get("/{company_id:str}", summary="One company")
    async def get_company(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor], company_id: FromPath[str]
    ) -> CompanyOut:
        return company_out(await services.get_company(db_session, actor, company_id))

    @patch("/{company_id:str}", summary="Edit a company; send its version in If-Match")
    async def update(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        company_id: FromPath[str],
        data: Annotated[CompanyPatch, Body()],
    ) -> CompanyOut:
        company = await services.update_company(
            db_session, actor, company_id, version=if_match_version(request), name=data.name, cvr=data.cvr
        )
        return company_out(company)


class CompanyForm(msgspec.Struct):
    name: str = ""
    cvr: str = ""
    version: str = ""
    seen_name: str = ""
    seen_cvr: str = ""


def _form_of(company: Company) -> CompanyForm:
    return CompanyForm(
        name=company.name, cvr=company.cvr, version=str(company.version), seen_name=company.name, seen_cvr=company.cvr
    )


class CompanyPageController(Controller):
    """The consultant's pages: the companies with a search, a new company, and editing one."""

    path = "/virksomheder"
    include_in_schema = False

    async def _list(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        *,
        q: str = "",
        form: CompanyForm | None = None,
        error: ServiceError | None = None,
    ) -> Template:
        companies = await services.list_companies(db, actor, q)
        return page(
            request,
            "planning/companies.html",
            {
                "q": q,
                "companies": [company_out(c) for c in companies],
                "form": form or CompanyForm(),
                "error": error,
                "saved": request.query_params.get("gemt") == "1",
            },
            status_code=error.status_code if error else 200,
        )

    @get("/")
    async def index(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        q: FromQuery[str] = "",
    ) -> Template:
        return await self._list(request, db_session, actor, q=q)

    @post("/", status_code=303)
    async def create(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: URLEncodedBody[CompanyForm],
    ) -> Template | Redirect:
        try:
            async with attempt(db_session):
                await services.create_company(db_session, actor, name=data.name, cvr=data.cvr)
        except (InvalidInput, Conflict) as error:
            return await self._list(request, db_session, actor, form=data, error=error)
        return Redirect("/virksomheder?gemt=1", status_code=303)

    async def _edit(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        company_id: str,
        form: CompanyForm | None = None,
        error: ServiceError | None = None,
    ) -> Template:
        company = await services.get_company(db, actor, company_id)
        changes: list[Change] = []
        if isinstance(error, StaleEdit) and form is not None:
            changes = error.changes
            form.version, form.seen_name, form.seen_cvr = str(company.version), company.name, company.cvr
        return page(
            request,
            "planning/company_edit.html",
            {
                "company": company_out(company),
                "form": form or _form_of(company),
                "error": error,
                "changes": changes,
            },
            status_code=error.status_code if error else 200,
        )

    @get("/{company_id:str}")
    async def edit(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        company_id: FromPath[str],
    ) -> Template:
        return await self._edit(request, db_session, actor, company_id)

    @post("/{company_id:str}", status_code=303)
    async def save(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        company_id: FromPath[str],
        data: URLEncodedBody[CompanyForm],
    ) -> Template | Redirect:
        try:
            async with attempt(db_session):
                if not data.version.isdigit():
                    raise InvalidInput("the form lacks the version it was opened at; open it again", field="If-Match")
                await services.update_company(
                    db_session,
                    actor,
                    company_id,
                    version=int(data.version),
                    name=data.name,
                    cvr=data.cvr,
                    seen={"name": data.seen_name, "cvr": data.seen_cvr},
                )
        except (InvalidInput, Conflict) as error:
            return await self._edit(request, db_session, actor, company_id, data, error)
        return Redirect("/virksomheder?gemt=1", status_code=303)
