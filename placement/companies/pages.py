"""The consultant's company pages: the companies with a search and a new company, and editing one."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.companies import services
from placement.companies.schemas import CompanyForm, company_out, form_of
from placement.concurrency import Change, StaleEdit, form_version
from placement.db.unit_of_work import attempt
from placement.errors import Conflict, InvalidInput, ServiceError
from placement.web.render import page


def _saved(request: Request[Any, Any, Any]) -> Redirect:
    return Redirect(f"{request.app.route_reverse('companies:index')}?gemt=1", status_code=303)


class CompanyPageController(Controller):
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
        search_error = None
        try:
            companies = await services.list_companies(db, actor, q)
        except InvalidInput as refused:
            # Said beside the search field; nothing was searched, so nothing is listed.
            companies, search_error = [], refused
        return page(
            request,
            "companies/index.html",
            {
                "q": q,
                "companies": [company_out(c) for c in companies],
                "form": form or CompanyForm(),
                "error": error,
                "search_error": search_error,
                "saved": request.query_params.get("gemt") == "1",
            },
            status_code=shown.status_code if (shown := error or search_error) else 200,
        )

    @get("/", name="companies:index")
    async def index(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        q: FromQuery[str] = "",
    ) -> Template:
        return await self._list(request, db_session, actor, q=q)

    @post("/", name="companies:create", status_code=303)
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
        return _saved(request)

    async def _edit(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        company_id: uuid.UUID,
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
            "companies/edit.html",
            {
                "company": company_out(company),
                "form": form or form_of(company),
                "error": error,
                "changes": changes,
            },
            status_code=error.status_code if error else 200,
        )

    @get("/{company_id:uuid}", name="companies:edit")
    async def edit(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        company_id: FromPath[uuid.UUID],
    ) -> Template:
        return await self._edit(request, db_session, actor, company_id)

    @post("/{company_id:uuid}", name="companies:save", status_code=303)
    async def save(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        company_id: FromPath[uuid.UUID],
        data: URLEncodedBody[CompanyForm],
    ) -> Template | Redirect:
        try:
            async with attempt(db_session):
                await services.update_company(
                    db_session,
                    actor,
                    company_id,
                    version=form_version(data.version),
                    name=data.name,
                    cvr=data.cvr,
                    seen={"name": data.seen_name, "cvr": data.seen_cvr},
                )
        except (InvalidInput, Conflict) as error:
            return await self._edit(request, db_session, actor, company_id, data, error)
        return _saved(request)
