"""The one unit of work: what a request keeps and loses when it succeeds, is refused, shows a form again or fails."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from advanced_alchemy.extensions.litestar import AsyncSessionConfig, SQLAlchemyAsyncConfig, SQLAlchemyPlugin
from litestar import Litestar, Request, Response, post
from litestar.di import NamedDependency
from litestar.response import Redirect
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from placement.audit.services import record, record_denied, record_forbidden
from placement.auth.identity import Actor
from placement.config import Settings
from placement.db.engine import create_engine
from placement.db.models import AuditEvent, AuditOutcome, Company, Role
from placement.db.unit_of_work import UnitOfWork, attempt, outside_transaction
from placement.errors import Forbidden, InvalidInput, RuleViolation
from placement.web.handlers import EXCEPTION_HANDLERS

Db = NamedDependency[AsyncSession]


def _actor(request: Request[Any, Any, Any]) -> Actor:
    return Actor(user_id=uuid.UUID(request.headers["x-user"]), role=Role.CONSULTANT, request_id="uow-test")


def _change(db: AsyncSession, name: str) -> None:
    db.add(Company(name=name, cvr=name[-8:]))


async def _read(db: AsyncSession, actor: Actor) -> None:
    await record(db, actor, "read", citizen_id=None, object_type="company_list")


@post("/succeeds", status_code=200)
async def succeeds(request: Request[Any, Any, Any], db_session: Db) -> str:
    _change(db_session, "Changed 10000001")
    await _read(db_session, _actor(request))
    return "ok"


@post("/redirects", status_code=303)
async def redirects(db_session: Db) -> Redirect:
    _change(db_session, "Changed 10000002")
    return Redirect("/elsewhere", status_code=303)


@post("/shows-the-form-again", status_code=200)
async def shows_the_form_again(request: Request[Any, Any, Any], db_session: Db) -> Response[str]:
    try:
        async with attempt(db_session):
            _change(db_session, "Changed 10000003")
            await db_session.flush()
            raise InvalidInput("cvr is wrong", field="cvr")
    except InvalidInput as error:
        await _read(db_session, _actor(request))
        return Response("the form again", status_code=error.status_code)


@post("/refused")
async def refused(request: Request[Any, Any, Any], db_session: Db) -> str:
    _change(db_session, "Changed 10000004")
    await db_session.flush()
    await _read(db_session, _actor(request))
    record_denied(db_session, _actor(request), "edit", object_type="company", object_id="x")
    raise RuleViolation("not now")


@post("/forbidden")
async def forbidden(db_session: Db) -> str:
    _change(db_session, "Changed 10000005")
    await db_session.flush()
    raise Forbidden("never for this role", action="create", object_type="company")


@post("/recovered-then-failed")
async def recovered_then_failed(request: Request[Any, Any, Any], db_session: Db) -> str:
    try:
        async with attempt(db_session):
            raise InvalidInput("first try")
    except InvalidInput:
        _change(db_session, "Changed 10000006")
        await db_session.flush()
        await _read(db_session, _actor(request))
    raise RuleViolation("then the request failed after all")


@post("/slow-step", status_code=200)
async def slow_step(request: Request[Any, Any, Any], db_session: Db) -> dict[str, bool]:
    await _read(db_session, _actor(request))
    async with outside_transaction(db_session):
        during = db_session.in_transaction()
    _change(db_session, "Changed 10000007")
    return {"in_transaction_during_the_step": during}


@pytest.fixture
async def uow_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    engine = create_engine(settings)
    alchemy = SQLAlchemyAsyncConfig(
        engine_instance=engine, session_config=AsyncSessionConfig(expire_on_commit=False), create_all=False
    )
    unit_of_work = UnitOfWork(alchemy, on_refusal=(record_forbidden,))
    alchemy.before_send_handler = unit_of_work.before_send

    def signed_in(app: Any) -> Any:
        """The session middleware's part, in short: the person named in a header is signed in."""

        async def middleware(scope: Any, receive: Any, send: Any) -> None:
            user = dict(scope.get("headers", [])).get(b"x-user")
            scope["user"] = Actor(uuid.UUID(user.decode()), Role.CONSULTANT, request_id="uow") if user else None
            await app(scope, receive, send)

        return middleware

    app = Litestar(
        route_handlers=[
            succeeds,
            redirects,
            shows_the_form_again,
            refused,
            forbidden,
            recovered_then_failed,
            slow_step,
        ],
        plugins=[SQLAlchemyPlugin(config=alchemy)],
        middleware=[signed_in],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        after_exception=[unit_of_work.after_exception],  # type: ignore[arg-type]
        logging_config=None,
    )
    started, stopping = asyncio.Event(), asyncio.Event()

    async def run_lifespan() -> None:  # one task holds the lifespan, as in the shared client fixture
        async with app.lifespan():
            started.set()
            await stopping.wait()

    lifespan = asyncio.create_task(run_lifespan())
    await started.wait()
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://uow.test") as client:
            yield client
    finally:
        stopping.set()
        await lifespan
        await engine.dispose()


async def _state(db: AsyncSession, name: str) -> tuple[int, int, int]:
    """(the change's rows, allowed audit rows, denied audit rows) as another session sees them."""
    await db.rollback()
    changed = await db.scalar(select(func.count()).select_from(Company).where(Company.name == name))
    allowed = await db.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.outcome == AuditOutcome.ALLOWED)
    )
    denied = await db.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.outcome == AuditOutcome.DENIED)
    )
    return changed or 0, allowed or 0, denied or 0


@pytest.fixture
async def headers(make_user: Any) -> dict[str, str]:
    user = await make_user("consultant")
    return {"x-user": str(user.id), "accept": "application/json"}


async def test_a_request_that_succeeds_keeps_its_change_and_its_audit_row(uow_client, db, headers) -> None:
    response = await uow_client.post("/succeeds", headers=headers)
    assert response.status_code == 200
    assert await _state(db, "Changed 10000001") == (1, 1, 0)


async def test_a_form_post_that_redirects_is_committed(uow_client, db, headers) -> None:
    response = await uow_client.post("/redirects", headers=headers)
    assert response.status_code == 303
    assert await _state(db, "Changed 10000002") == (1, 0, 0)


async def test_a_form_shown_again_loses_the_refused_change_and_keeps_the_audit_row_of_its_read(
    uow_client, db, headers
) -> None:
    response = await uow_client.post("/shows-the-form-again", headers=headers)
    assert response.status_code == 400
    assert await _state(db, "Changed 10000003") == (0, 1, 0)


async def test_a_refused_request_is_rolled_back_and_keeps_only_the_row_of_its_refusal(uow_client, db, headers) -> None:
    response = await uow_client.post("/refused", headers=headers)
    assert response.status_code == 422
    assert await _state(db, "Changed 10000004") == (0, 0, 1)


async def test_a_role_refusal_gets_its_denied_row_from_the_refusal_hook(uow_client, db, headers) -> None:
    response = await uow_client.post("/forbidden", headers=headers)
    assert response.status_code == 403
    assert await _state(db, "Changed 10000005") == (0, 0, 1)
    denied = await db.scalar(select(AuditEvent).where(AuditEvent.outcome == AuditOutcome.DENIED))
    assert (denied.action, denied.object_type, denied.actor_id) == ("create", "company", uuid.UUID(headers["x-user"]))


async def test_a_request_that_fails_after_showing_a_form_again_rolls_all_of_it_back(uow_client, db, headers) -> None:
    response = await uow_client.post("/recovered-then-failed", headers=headers)
    assert response.status_code == 422
    assert await _state(db, "Changed 10000006") == (0, 0, 0)


async def test_a_slow_step_runs_with_no_transaction_open_and_the_request_goes_on_after_it(
    uow_client, db, headers
) -> None:
    response = await uow_client.post("/slow-step", headers=headers)
    assert response.status_code == 200
    assert response.json() == {"in_transaction_during_the_step": False}
    assert await _state(db, "Changed 10000007") == (1, 1, 0)
