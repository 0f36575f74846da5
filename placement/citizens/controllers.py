"""Citizens as JSON and as the consultant's pages; no CPR number is accepted, and a body with a CPR field is refused."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Permission, require
from placement.auth.identity import Actor
from placement.citizens import services
from placement.concurrency import Change, StaleEdit, if_match_version
from placement.db.models import Citizen
from placement.db.unit_of_work import attempt
from placement.errors import Conflict, InvalidInput, ServiceError
from placement.placements import services as placement_services
from placement.placements import views as placement_views
from placement.web.render import page, request_language


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
    return CitizenOut(
        id=str(citizen.id),
        name=citizen.name,
        case_ref=citizen.case_ref,
        target_group=citizen.target_group,
        version=citizen.version,
    )


class CitizenApiController(Controller):
    path = "/api/citizens"
    tags = ["citizens"]

    @post("/", summary="Create a citizen (name, case reference, target group); no CPR number is accepted")
    async def create(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: Annotated[CitizenIn, Body()],
    ) -> CitizenOut:
        return citizen_out(
            await services.create_citizen(
                db_session, actor, name=data.name, case_ref=data.case_ref, target_group=data.target_group
            )
        )

    @get("/", summary="The consultant's citizens, optionally searched by name or case reference")
    async def list_citizens(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor], q: FromQuery[str] = ""
    ) -> list[CitizenOut]:
        return [citizen_out(c) for c in await services.list_citizens(db_session, actor, q)]

    @get("/{citizen_id:str}", summary="One citizen")
    async def get_citizen(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor], citizen_id: FromPath[str]
    ) -> CitizenOut:
        return citizen_out(await services.get_citizen(db_session, actor, citizen_id))

    @patch("/{citizen_id:str}", summary="Edit a citizen; send the version in If-Match")
    async def update(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        citizen_id: FromPath[str],
        data: Annotated[CitizenPatch, Body()],
    ) -> CitizenOut:
        citizen = await services.update_citizen(
            db_session,
            actor,
            citizen_id,
            version=if_match_version(request),
            name=data.name,
            case_ref=data.case_ref,
            target_group=data.target_group,
        )
        return citizen_out(citizen)


class CitizenForm(msgspec.Struct):
    name: str = ""
    case_ref: str = ""
    target_group: str = ""
    version: str = ""
    seen_name: str = ""
    seen_case_ref: str = ""
    seen_target_group: str = ""

    def seen(self) -> dict[str, str]:
        return {"name": self.seen_name, "case_ref": self.seen_case_ref, "target_group": self.seen_target_group}


def _form_of(citizen: Citizen) -> CitizenForm:
    return CitizenForm(
        name=citizen.name,
        case_ref=citizen.case_ref,
        target_group=citizen.target_group,
        version=str(citizen.version),
        seen_name=citizen.name,
        seen_case_ref=citizen.case_ref,
        seen_target_group=citizen.target_group,
    )


class CitizenRecordPageController(Controller):
    """The consultant's pages: their citizens with a search, a new citizen, and one citizen with their placements."""

    path = "/borgere"
    include_in_schema = False

    @get("/")
    async def index(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        q: FromQuery[str] = "",
    ) -> Template:
        citizens = await services.list_citizens(db_session, actor, q)
        return page(request, "planning/citizens.html", {"q": q, "citizens": [citizen_out(c) for c in citizens]})

    def _new(self, request: Request[Any, Any, Any], form: CitizenForm, error: ServiceError | None = None) -> Template:
        return page(
            request,
            "planning/citizen_new.html",
            {"form": form, "error": error},
            status_code=error.status_code if error else 200,
        )

    @get("/ny")
    async def new(self, request: Request[Any, Any, Any], actor: NamedDependency[Actor]) -> Template:
        require(actor, Permission.MANAGE_CITIZENS)
        return self._new(request, CitizenForm())

    @post("/ny", status_code=303)
    async def create(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: URLEncodedBody[CitizenForm],
    ) -> Template | Redirect:
        try:
            citizen = await services.create_citizen(
                db_session, actor, name=data.name, case_ref=data.case_ref, target_group=data.target_group
            )
        except (InvalidInput, Conflict) as error:
            # Only what the user typed comes back: nothing is read, so the rollback loses no audit row.
            return self._new(request, data, error)
        return Redirect(f"/borgere/{citizen.id}", status_code=303)

    async def _citizen(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        citizen_id: str,
        form: CitizenForm | None = None,
        error: ServiceError | None = None,
    ) -> Template:
        citizen = await services.get_citizen(db, actor, citizen_id)
        rows = await placement_services.list_placements(db, actor, citizen_id=citizen.id)
        changes: list[Change] = []
        if isinstance(error, StaleEdit) and form is not None:
            changes = error.changes
            fresh = _form_of(citizen)
            form.version = fresh.version
            form.seen_name, form.seen_case_ref, form.seen_target_group = (
                fresh.seen_name,
                fresh.seen_case_ref,
                fresh.seen_target_group,
            )
        return page(
            request,
            "planning/citizen.html",
            {
                "citizen": citizen_out(citizen),
                "form": form or _form_of(citizen),
                "error": error,
                "changes": changes,
                "placements": placement_views.caseload_rows(
                    rows, request.app.state.clock.today(), request_language(request)
                ),
                "saved": request.query_params.get("gemt") == "1",
            },
            status_code=error.status_code if error else 200,
        )

    @get("/{citizen_id:str}")
    async def citizen(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        citizen_id: FromPath[str],
    ) -> Template:
        return await self._citizen(request, db_session, actor, citizen_id)

    @post("/{citizen_id:str}", status_code=303)
    async def save(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        citizen_id: FromPath[str],
        data: URLEncodedBody[CitizenForm],
    ) -> Template | Redirect:
        try:
            async with attempt(db_session):
                if not data.version.isdigit():
                    raise InvalidInput("the form lacks the version it was opened at; open it again", field="If-Match")
                await services.update_citizen(
                    db_session,
                    actor,
                    citizen_id,
                    version=int(data.version),
                    name=data.name,
                    case_ref=data.case_ref,
                    target_group=data.target_group,
                    seen=data.seen(),
                )
        except (InvalidInput, Conflict) as error:
            return await self._citizen(request, db_session, actor, citizen_id, data, error)
        return Redirect(f"/borgere/{citizen_id}?gemt=1", status_code=303)
