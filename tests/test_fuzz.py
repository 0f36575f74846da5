"""The fuzzing gate: schemathesis sends generated requests to every operation of the app's own OpenAPI document.

Each operation is fuzzed as every role (and anonymously) on a seeded placement, with the real ids filled into the
path most of the time so that the requests reach the handlers and not only the 404 of an unknown id. Every answer
must be no server error, of a declared status code and content type, and valid against the document's schema.
Beside the generated bodies go valid ones, valid ones with one generated or hostile value (NUL, control characters,
far dates, huge numbers, long text) and one nested 5,000 levels deep. Generation is derandomised and bounded, so
a run is repeatable and short; the figures (operations, cases, failures per engine) close the terminal output.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import json
import os
import time
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from goals.weeks import format_week

ROLES = ("anonymous", "admin", "leader", "consultant", "company_contact", "mentor", "citizen")
# The status codes are checked too: placement/openapi.py derives each operation's from the handler, so a code the
# document does not name is a lie of the document or a path the handler should not take.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Cases per operation and generation mode; each goes out as every role, so a run sends about 44 x 2 x 7 x this.
# PLACEMENT_FUZZ_EXAMPLES=200 makes a deeper run by hand.
MAX_EXAMPLES = int(os.environ.get("PLACEMENT_FUZZ_EXAMPLES", "8"))
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
BASE_URL = "http://testserver.local"
# Operations that would end or replace the session they run in: only the anonymous client sends them. Logging in
# with generated bodies never hits a seeded account's email, so it cannot lock one out.
ANONYMOUS_ONLY = {("POST", "/api/auth/logout"), ("POST", "/api/auth/login"), ("POST", "/api/invitations/accept")}


# Values of the classes issue 9 names (control characters, NUL, far dates, huge numbers, long text): each must
# get a clear 4xx, never a 500.
HOSTILE: list[Any] = [
    "Nul\x00byte",
    "esc\x1b[31m",
    "9999-12-31",
    "0001-01-01",
    10**30,
    -1,
    1e308,
    "x" * 5000,
    "2026-W99",
    "010190-1234",
    {"$gt": ""},
    [],
    None,
]
SEEDS = ("generated", "hostile", "valid", "mixed", "hostile", "deep", "hostile", "mixed")
# Deeper than the thousand levels of issue 9: whether a thousand overflow depends on the stack a request starts on.
DEEP = "[" * 5000 + "]" * 5000


def _valid_bodies(real: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """A body each write operation accepts, so the fuzzer also passes validation and meets the success answers."""
    today = dt.date.today().isoformat()
    later = (dt.date.today() + dt.timedelta(weeks=8)).isoformat()
    placement = "/api/placements/{placement_id}"
    return {
        ("POST", "/api/auth/login"): {"email": "nobody@example.dk", "password": "not-the-password"},
        ("POST", "/api/invitations/accept"): {"token": "unknown", "password": "long-enough-pw"},
        ("POST", "/api/admin/users"): {
            "email": "staff@example.dk",
            "name": "Ny",
            "role": "leader",
            "password": "long-enough-pw",
        },
        # Never the seeded consultant's own id: a handover would take the placement away from the signed-in one.
        ("POST", "/api/admin/handover"): {"from_consultant_id": real["user_id"], "to_consultant_id": real["user_id"]},
        ("POST", "/api/companies"): {"name": "Ny virksomhed", "cvr": "25313763"},
        ("PATCH", "/api/companies/{company_id}"): {"name": "Omdøbt"},
        ("POST", "/api/citizens"): {"name": "Ny borger", "case_ref": "S-fuzz", "target_group": "aktivitetsparat"},
        ("PATCH", "/api/citizens/{citizen_id}"): {"target_group": "uddannelsesparat"},
        ("POST", "/api/placements"): {
            "citizen_id": real["citizen_id"],
            "company_id": real["company_id"],
            "purpose": "Afklaring",
            "start_date": today,
            "planned_end_date": later,
            "weekly_plan": [{"week": real["week"], "placement_hours": 10}],
        },
        ("PATCH", placement): {"follow_up_date": later},
        ("POST", placement + "/decisions"): {"decision": "continue", "reason": "Timerne stiger"},
        ("POST", placement + "/invitations"): {"role": "mentor", "email": "m@example.dk", "name": "M"},
        ("POST", placement + "/subgoals"): {
            "factor": "C",
            "title": "Kender sin plan",
            "target": "Fortæller selv",
            "horizon": "long",
            "steps": ["Første skridt"],
        },
        ("PATCH", placement + "/subgoals/{subgoal_id}"): {"title": "Nyt navn"},
        ("POST", placement + "/subgoals/{subgoal_id}/steps/{position}/reached"): {"week": real["week"]},
        ("PUT", placement + "/log/{week}"): {
            "placement_hours": 10,
            "ordinary_hours": 1,
            "note": "Godt",
            "ratings": [{"subgoal_id": real["subgoal_id"], "rating": 3}],
        },
        ("POST", placement + "/assessments"): {"date": today, "answers": {"A1": 4, "C2": 3}},
        ("POST", placement + "/caseworker-assessments"): {"date": today, "score": 3, "reason": "Møder stabilt"},
        ("PUT", placement + "/consent/health"): {"share": True},
    }


@dataclass
class Figures:
    """What one engine's run did, for the terminal summary."""

    engine: str
    operations: int = 0
    cases: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        spread = ", ".join(f"{code}: {count}" for code, count in sorted(self.statuses.items()))
        return (
            f"fuzz[{self.engine}]: {self.operations} operations, {self.cases} cases, "
            f"{len(self.failures)} failures, "
            f"in {self.seconds:.0f} s (statuses {spread})"
        )


# Read by tests/fixtures/fuzzing.py for the terminal summary.


async def test_no_operation_gives_a_server_error_or_breaks_its_schema(
    client, database_factory, make_placement, make_user, login_as, add_history, record_property
) -> None:
    own = await make_placement()
    await add_history(own)
    admin, leader, spare = await make_user("admin"), await make_user("leader"), await make_user("leader")
    real = {
        "placement_id": str(own.placement_id),
        "citizen_id": str(own.citizen_id),
        "company_id": str(own.company_id),
        "subgoal_id": str(own.subgoal_ids[0]),
        "position": 0,
        "week": format_week(dt.date.today()),
        # The one account that disabling may hit: never one of the signed-in clients.
        "user_id": str(spare.id),
    }
    users = {
        "admin": admin.id,
        "leader": leader.id,
        "consultant": own.consultant_id,
        "company_contact": own.company_contact_id,
        "mentor": own.mentor_id,
        "citizen": own.citizen_user_id,
    }
    document = (await client.get("/schema/openapi.json")).json()
    schema = schemathesis.openapi.from_dict(document)
    figures = Figures(engine=database_factory.engine)
    loop = asyncio.get_running_loop()
    async with AsyncExitStack() as stack:
        clients: dict[str, httpx.AsyncClient] = {"anonymous": client}
        await client.get("/health")
        client.headers["x-csrftoken"] = client.cookies.get("csrftoken") or ""
        for role, user_id in users.items():
            clients[role] = await stack.enter_async_context(login_as(user_id))

        def send(role: str, kwargs: dict[str, Any]) -> httpx.Response:
            future = asyncio.run_coroutine_threadsafe(clients[role].request(**kwargs), loop)
            return future.result(timeout=120)

        started = time.monotonic()
        await asyncio.to_thread(_fuzz, schema, real, send, figures)
        figures.seconds = time.monotonic() - started
    # The figures travel with the test's report, so that they reach the summary from a pytest-xdist worker too.
    record_property("fuzz_figures", figures.line())
    assert not figures.failures, f"{len(figures.failures)} failures:\n" + "\n".join(figures.failures)


def _fuzz(
    schema,
    real: dict[str, Any],
    send: Callable[[str, dict[str, Any]], httpx.Response],  # type: ignore[no-untyped-def]
    figures: Figures,
) -> None:
    """Runs in a worker thread: Hypothesis drives the generation, the test's own loop serves the requests."""
    seen: set[str] = set()
    for result in schema.get_all_operations():
        operation = result.ok()
        figures.operations += 1
        only_anonymous = (operation.method.upper(), operation.path) in ANONYMOUS_ONLY
        roles = ("anonymous",) if only_anonymous else ROLES
        for mode in MODES:
            # No invalid request exists for an operation that takes nothing (negative mode).
            with contextlib.suppress(Unsatisfiable):
                _run(operation, roles, mode, real, send, figures, seen)


def _run(
    operation,
    roles: tuple[str, ...],
    mode,
    real: dict[str, Any],
    send,
    figures: Figures,  # type: ignore[no-untyped-def]
    seen: set[str],
) -> None:
    """Each generated case goes out once per role: generating is the costly part, sending is cheap."""
    names = [p.name for p in operation.path_parameters]
    valid_bodies = _valid_bodies(real)
    turn = itertools.count()

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(generation_mode=mode),
        use_real=st.lists(st.integers(0, 4), min_size=len(names), max_size=len(names)),
        version=st.sampled_from([None, "1", "2", "3"]),
        pick=st.integers(0, 100),
    )
    def fuzz(case, use_real: list[int], version: str | None, pick: int) -> None:  # type: ignore[no-untyped-def]
        # Taken in turn, not drawn: Hypothesis favours the first of a few choices in a short run.
        number = next(turn)
        seed = SEEDS[number % len(SEEDS)]
        # Four times in five a path parameter is the seeded object's id, so the handler runs for real.
        for name, choice in zip(names, use_real, strict=True):
            if choice and name in real:
                case.path_parameters[name] = real[name]
        # Edits carry the version in If-Match, which the document cannot declare as the handler reads it itself.
        if version and operation.method.upper() == "PATCH":
            case.headers = {**(case.headers or {}), "If-Match": version}
        # Bodies come as generated, valid, valid but for one generated field or one hostile value, or nested deep.
        valid = valid_bodies.get((operation.method.upper(), operation.path))
        hostile = HOSTILE[(pick + number) % len(HOSTILE)]
        key = sorted(valid)[pick % len(valid)] if valid else ""
        if valid is not None and seed != "generated":
            body = dict(valid)
            if seed == "mixed" and isinstance(case.body, dict):
                body[key] = case.body.get(key, body[key])
            elif seed == "hostile":
                body[key] = hostile
            case.body = body
        elif seed == "hostile" and case.query:
            case.query = {**case.query, sorted(case.query)[pick % len(case.query)]: str(hostile)}
        request = _httpx_kwargs(case.as_transport_kwargs(base_url=BASE_URL))
        if seed == "deep" and valid is not None:
            # A field nested five thousand levels deep (10 KB): refused cheaply, never recursed into a 500.
            request["content"] = b'{"nested": ' + DEEP.encode() + b"}"
        for role in roles:
            try:
                response = send(role, request)
            except (UnicodeEncodeError, httpx.InvalidURL, httpx.LocalProtocolError):
                return  # a request no HTTP client can send (a header with non-ASCII text): not the app's to answer
            figures.cases += 1
            figures.statuses[response.status_code] = figures.statuses.get(response.status_code, 0) + 1
            try:
                case.validate_response(response, checks=CHECKS)
            except FailureGroup as group:
                for failure in group.exceptions:
                    found = f"{operation.method.upper()} {operation.path} [{failure.title}] {response.status_code}"
                    if found not in seen:
                        seen.add(found)
                        figures.failures.append(
                            f"{found} as {role} ({mode.value}): {_describe(request)}\n    {_short(failure.message)}"
                            f"\n    answer: {response.text[:300]!r}"
                        )

    fuzz()


def _httpx_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    request = {key: kwargs[key] for key in ("method", "url", "headers", "params") if kwargs.get(key) is not None}
    if kwargs.get("cookies"):
        request["cookies"] = kwargs["cookies"]
    if "json" in kwargs:
        request["content"] = json.dumps(kwargs["json"]).encode()
    elif kwargs.get("data") is not None:
        data = kwargs["data"]
        request["content"] = data if isinstance(data, bytes) else str(data).encode()
    request["follow_redirects"] = False
    return request


def _describe(request: dict[str, Any]) -> str:
    body = request.get("content", b"")[:200]
    return f"{request['method']} {request['url']} params={request.get('params')} body={body!r}"


def _short(message: str) -> str:
    return " ".join(message.split())[:400]
