"""Nothing personal in the logs: a canary name, case reference, email and health note sent through every route.

The routes come from the application, and each request body is built from the route's own body type, so a new route
is covered without a line here. Every request also carries the canaries in its query string; each route is tried as
it is, with a NUL byte in every value (a 500 on PostgreSQL until text input refuses it), with the same values again
(unique violations), and with a deeply nested JSON body. Every log record at DEBUG is kept, and none may name a canary.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from litestar import Litestar, get
from litestar.params import FromPath
from litestar.routes import HTTPRoute
from sqlalchemy.exc import DBAPIError, IntegrityError

from goals.weeks import format_week
from placement.config import Settings
from placement.db.engine import create_engine
from placement.db.models import User
from placement.logging import (
    WithoutExceptionValues,
    WithoutQueryString,
    configure_logging,
    describe_exception,
    uvicorn_log_config,
)
from placement.web.handlers import EXCEPTION_HANDLERS
from placement.web.render import RequestContextMiddleware

CANARY_NAME = "Kanariefugl Canarysen"
CANARY_CASE_REF = "KANARIE-4711"
CANARY_EMAIL = "kanarie.canary@example.dk"
CANARY_NOTE = "KANARIE-HELBRED angst og søvnproblemer"
# Every canary holds one of these, whatever escaping (JSON, percent-encoding, repr) a log line gives it.
MARKERS = ("kanarie", "canarysen")
CANARY_PASSWORD = "kanarie-kodeord-0123"

# Values that must be right for a request to get as far as the database; everything else written is a canary.
VALID = {
    "role": "mentor",
    "target_group": "aktivitetsparat",
    "decision": "continue",
    "factor": "C",
    "horizon": "short",
    "lang": "en",
    "next": "/",
    "action": "save",
    "audience": "jobcenter",
    "status": "active",
    "share": "ja",
    "active": "1",
    "password": CANARY_PASSWORD,
    "cvr": "25313763",
}
NUMBERS = {
    "hours_from",
    "hours_to",
    "placement_hours",
    "ordinary_hours",
    "absence_hours",
    "score",
    "rating",
    "position",
    "version",
    "ordinary_hours_target",
}
NESTING = 1000


def _logged(records: list[logging.LogRecord], text: str) -> str:
    lines = [text]
    for record in records:
        lines.append(record.getMessage())
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            lines.append(record.stack_info)
    return "\n".join(lines).lower()


def _assert_no_canary(logged: str) -> None:
    found = {marker: logged.count(marker) for marker in MARKERS if marker in logged}
    where = logged.find(next(iter(found))) if found else 0
    assert not found, f"canaries in the log {found}: …{logged[max(0, where - 300) : where + 200]}…"


def _canary(name: str, nul: bool) -> str:
    if name == "email" or name.endswith("_email"):
        value = CANARY_EMAIL
    elif name == "case_ref":
        value = CANARY_CASE_REF
    elif name in ("name", "contact_person", "mentor_name") or name.endswith("_name"):
        value = CANARY_NAME
    else:
        value = CANARY_NOTE
    return value + "\x00" if nul else value


def _value(name: str, info: msgspec.inspect.Type, ids: dict[str, str], nul: bool, form: bool) -> Any:
    """A value of the declared type that a service accepts, with a canary wherever text is free."""
    inspect = msgspec.inspect
    if isinstance(info, inspect.Metadata):
        return _value(name, info.type, ids, nul, form)
    if isinstance(info, inspect.UnionType):
        return _value(name, next(t for t in info.types if not isinstance(t, inspect.NoneType)), ids, nul, form)
    if isinstance(info, inspect.StructType):
        return {field.encode_name: _value(field.name, field.type, ids, nul, form) for field in info.fields}
    if isinstance(info, inspect.ListType | inspect.SetType | inspect.FrozenSetType | inspect.VarTupleType):
        return [_value(name, info.item_type, ids, nul, form)]
    if isinstance(info, inspect.DictType):
        return {"A1": 4, "C2": 3} if name == "answers" else {"note": _canary("note", nul)}
    if isinstance(info, inspect.LiteralType | inspect.EnumType):
        return next(iter(info.values)) if isinstance(info, inspect.LiteralType) else next(iter(info.cls)).value
    if isinstance(info, inspect.BoolType):
        return "1" if form else True
    if isinstance(info, inspect.IntType | inspect.FloatType):
        return "3" if form else 3
    if isinstance(info, inspect.DateType) or name.endswith("date"):
        return dt.date.today().isoformat()
    if isinstance(info, inspect.UUIDType) or name.endswith("_id"):
        return ids.get(name, str(uuid.uuid4()))
    if name in VALID:
        return VALID[name]
    if name in NUMBERS:
        return "1" if name == "version" else "3"
    if name == "week":
        return ids["week"]
    return _canary(name, nul)


def _body(handler: Any, ids: dict[str, str], nul: bool) -> tuple[str, Any] | None:
    """("json" | "data", body) for a handler that takes one, from the body type it declares."""
    data = handler.parsed_fn_signature.parameters.get("data")
    if data is None:
        return None
    media_type = getattr(getattr(data.kwarg_definition, "media_type", None), "value", "application/json")
    form = media_type != "application/json"
    body = _value("data", msgspec.inspect.type_info(data.annotation), ids, nul, form)
    if form:
        if isinstance(body, dict):
            flat = {key: value if isinstance(value, str) else str(value) for key, value in body.items()}
        else:
            flat = {}
        # A free form (the weekly log's rating-<id> fields): the canaries ride in the fields it reads.
        flat.update(
            {
                "note": _canary("note", nul),
                "small_steps": _canary("note", nul),
                "week": ids["week"],
                f"rating-{ids['subgoal_id']}": "3",
                f"note-{ids['subgoal_id']}": _canary("note", nul),
            }
        )
        return "data", flat
    return "json", body


def _query(handler: Any, route: HTTPRoute, nul: bool) -> dict[str, str]:
    path_names = set(re.findall(r"\{(\w+):", route.path))
    wanted = {"q": _canary("name", nul), "email": _canary("email", nul), "case_ref": _canary("case_ref", nul)}
    for name in handler.parsed_fn_signature.parameters:
        if name not in path_names and name not in ("data", "request", "db_session", "actor", "scope", "headers"):
            wanted[name] = VALID.get(name, _canary(name, nul))
    return wanted


def _nested() -> str:
    return '{"name": ' + "[" * NESTING + f'"{CANARY_NAME}"' + "]" * NESTING + "}"


async def _walk(app: Litestar, clients: dict[str, httpx.AsyncClient], ids: dict[str, str]) -> dict[int, int]:
    statuses: dict[int, int] = {}
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or route.path.startswith(("/schema", "/static")):
            continue
        url = re.sub(r"\{(\w+):\w+\}", lambda match: ids[match.group(1)], route.path)
        for handler in route.route_handlers:
            methods = sorted(set(handler.http_methods) - {"OPTIONS", "HEAD"})
            # Public routes (login, logout, invitations) as an anonymous visitor: logging out ends a role's session.
            roles = ["anonymous"] if handler.opt.get("public") else [r for r in clients if r != "anonymous"]
            for method in methods:
                for role in roles:
                    client = clients[role]
                    headers = {"accept": "application/json" if url.startswith("/api") else "text/html", "If-Match": "1"}
                    tries: list[dict[str, Any]] = []
                    for nul in (False, False, True):  # twice as it is, so the second meets the first one's rows
                        request: dict[str, Any] = {"params": _query(handler, route, nul)}
                        if (body := _body(handler, ids, nul)) is not None:
                            request[body[0]] = body[1]
                        tries.append(request)
                    if "json" in tries[0]:
                        tries.append({"content": _nested(), "headers": {"content-type": "application/json"}})
                    for request in tries:
                        response = await client.request(
                            method,
                            url,
                            follow_redirects=False,
                            headers={**headers, **request.pop("headers", {})},
                            **request,
                        )
                        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    return statuses


async def test_no_canary_reaches_the_log_through_any_route(
    app, client, db, make_placement, make_user, login_as, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    arranged = await make_placement()
    admin = await make_user("admin")
    ids = {
        "placement_id": str(arranged.placement_id),
        "citizen_id": str(arranged.citizen_id),
        "company_id": str(arranged.company_id),
        "subgoal_id": str(arranged.subgoal_ids[0]),
        "user_id": str(arranged.mentor_id),
        "assessment_id": str(uuid.uuid4()),
        "selection_id": str(uuid.uuid4()),
        "position": "0",
        "week": format_week(dt.date.today()),
        "checkpoint": "end",
        "from_consultant_id": str(arranged.consultant_id),
        "to_consultant_id": str(arranged.consultant_id),
    }
    users = {
        "consultant": arranged.consultant_id,
        "company_contact": arranged.company_contact_id,
        "citizen": arranged.citizen_user_id,
        "admin": admin.id,
    }
    async with AsyncExitStack() as stack:
        clients = {role: await stack.enter_async_context(login_as(user_id)) for role, user_id in users.items()}
        await client.get("/health")
        client.headers["x-csrftoken"] = client.cookies.get("csrftoken") or ""
        clients["anonymous"] = client
        statuses = await _walk(app, clients, ids)
        # Two at once with the same canary email and case reference: on PostgreSQL a race reaches the unique index.
        consultant, admin_client = clients["consultant"], clients["admin"]
        await asyncio.gather(
            *[
                admin_client.post(
                    "/api/admin/users",
                    json={
                        "email": "kanarie.twice@example.dk",
                        "name": CANARY_NAME,
                        "role": "leader",
                        "password": CANARY_PASSWORD,
                    },
                )
                for _ in range(2)
            ]
        )
        await asyncio.gather(
            *[
                consultant.post(
                    "/api/citizens",
                    json={"name": CANARY_NAME, "case_ref": "KANARIE-twice", "target_group": "aktivitetsparat"},
                )
                for _ in range(2)
            ]
        )
    assert sum(n for status, n in statuses.items() if status < 300) > 100, statuses  # most got through to the data
    # The log was captured at all: the canary logins failed, and each failure is logged (without the email).
    assert any(record.name == "placement.auth" for record in caplog.records)
    _assert_no_canary(_logged(caplog.records, caplog.text))


async def test_a_database_failure_is_logged_with_request_id_route_and_types_but_no_value(db, caplog) -> None:
    """A real unique violation on this engine, under an error whose message names the email, raised in a request."""
    for _ in range(2):
        db.add(User(email=CANARY_EMAIL, name=CANARY_NAME, role="citizen", password_hash=None, is_active=True))
    try:
        await db.commit()
    except IntegrityError as error:
        failure: DBAPIError = error
    else:
        pytest.fail("the second account with one email was stored")
    await db.rollback()
    assert "[SQL parameters hidden" in str(failure), "the engine prints SQL parameters in its errors"

    @get("/things/{thing_id:str}")
    async def failing(thing_id: FromPath[str]) -> None:
        # A message that quotes the data, as drivers' and libraries' messages do, over the engine's own error.
        raise RuntimeError(f"could not store {CANARY_EMAIL} for {thing_id}") from failure

    app = Litestar(
        [failing],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        middleware=[RequestContextMiddleware(production=False)],
        logging_config=None,
    )
    configure_logging()  # as create_app does: the test client's own httpx lines would name the URL
    caplog.set_level(logging.DEBUG)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        response = await client.get(f"/things/{CANARY_NAME}", params={"q": CANARY_NAME})
    assert response.status_code == 500
    logged = _logged(caplog.records, caplog.text)
    _assert_no_canary(logged)
    record = next((r for r in caplog.records if r.name == "placement.errors"), None)
    assert record is not None, [(r.name, r.getMessage()[:300]) for r in caplog.records]
    message = record.getMessage()
    assert response.headers["x-request-id"] in message
    assert "GET /things/{thing_id} failed" in message
    assert "IntegrityError" in message and "RuntimeError" in message and "test_logging.py:" in message


def test_a_deep_recursion_is_one_short_record() -> None:
    def down(n: int) -> None:
        if n:
            down(n - 1)
        raise ValueError(CANARY_NAME)

    try:
        down(500)
    except ValueError as error:
        described = describe_exception(error)
    assert len(described.splitlines()) < 50 and "repeated" in described and "kanarie" not in described.lower()


def test_a_record_of_any_library_with_an_exception_keeps_its_types_and_frames_without_the_message() -> None:
    try:
        raise RuntimeError(f"could not store {CANARY_EMAIL}")
    except RuntimeError:
        record = logging.LogRecord(
            "uvicorn.error", logging.ERROR, __file__, 1, "Exception in ASGI application", None, sys.exc_info()
        )
    assert WithoutExceptionValues().filter(record)
    formatted = logging.Formatter().format(record)
    assert "RuntimeError" in formatted and "Exception in ASGI application" in formatted
    _assert_no_canary(formatted.lower())


def test_uvicorns_access_line_has_no_query_string() -> None:
    from uvicorn.logging import AccessFormatter

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/api/citizens?q={CANARY_NAME}", "1.1", 200),
        None,
    )
    assert WithoutQueryString().filter(record)
    line = AccessFormatter(uvicorn_log_config()["formatters"]["access"]["fmt"]).format(record)
    assert '"GET /api/citizens HTTP/1.1" 200' in line
    _assert_no_canary(line.lower())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_placement_run_logs_requests_without_their_query_strings(tmp_path: Path) -> None:
    """The real thing: `placement run` on loopback, a search with a canary, and uvicorn's own output read back."""
    port = _free_port()
    env = {
        **os.environ,
        "PLACEMENT_DATA_DIR": str(tmp_path),
        "PLACEMENT_PORT": str(port),
        "PLACEMENT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "placement", "run"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            for _ in range(300):
                try:
                    http.get("/health")
                    break
                except httpx.TransportError:
                    if server.poll() is not None:
                        break
                    time.sleep(0.1)
            assert http.get("/api/citizens", params={"q": CANARY_NAME}).status_code == 401
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert '"GET /api/citizens HTTP/1.1" 401' in output, output
    _assert_no_canary(output.lower())


def test_every_engine_of_the_code_hides_sql_parameters() -> None:
    """One place makes engines (with hide_parameters); nothing else in the service, migrations or benchmarks does."""
    root = Path(__file__).resolve().parents[1]
    makers = re.compile(r"create_async_engine\(|sqlalchemy\.create_engine\(|from sqlalchemy import .*\bcreate_engine\b")
    found = [
        str(path.relative_to(root))
        for folder in ("placement", "migrations", "bench", "scripts")
        for path in (root / folder).rglob("*.py")
        if makers.search(path.read_text())
    ]
    assert found == ["placement/db/engine.py"]
    for url in ("sqlite+aiosqlite:///:memory:", "postgresql+asyncpg://nobody@127.0.0.1/none"):
        engine = create_engine(Settings(database_url=url), immediate=False)
        assert engine.sync_engine.hide_parameters, url
