"""Every body, path and query is decoded strictly and checked before it reaches a handler or the database."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from litestar import Litestar
from litestar.enums import RequestEncodingType
from litestar.handlers import HTTPRouteHandler
from sqlalchemy import func, select

from goals.bounds import MAX_LIST_ITEMS
from goals.weeks import format_week
from placement.app import MAX_BODY_BYTES
from placement.bodies import RequestBody
from placement.clock import SYSTEM_CLOCK
from placement.db.models import Citizen, PlacementDecision, PlanWeek, SubGoal, WeeklyLog

# About 2 KB: a thousand levels of arrays, once where a text belongs and once as the whole body.
DEEP_FIELD = b'{"email": ' + b"[" * 1000 + b"]" * 1000 + b"}"
DEEP_BODY = b"[" * 1000 + b"]" * 1000


def body_routes(app: Litestar) -> list[tuple[str, str, HTTPRouteHandler]]:
    """(method, path, handler) of every route of the application that takes a body."""
    found = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if isinstance(handler, HTTPRouteHandler) and "data" in handler.parsed_fn_signature.parameters:
                found += [(method, route.path, handler) for method in sorted(handler.http_methods)]
    return found


def _is_form(handler: HTTPRouteHandler) -> bool:
    kwarg = handler.parsed_fn_signature.parameters["data"].kwarg_definition
    return getattr(kwarg, "media_type", None) in (RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART)


def _concrete(path: str, arranged, user_id) -> str:  # type: ignore[no-untyped-def]
    values = {
        "placement_id": arranged.placement_id,
        "citizen_id": arranged.citizen_id,
        "company_id": arranged.company_id,
        "subgoal_id": arranged.subgoal_ids[0],
        "user_id": user_id,
        "position": 0,
        "week": format_week(SYSTEM_CLOCK.today()),
        "checkpoint": "end",
    }
    for name, value in values.items():
        for kind in ("str", "int", "uuid"):
            path = path.replace(f"{{{name}:{kind}}}", str(value))
    assert "{" not in path, path
    return path


async def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    await db.commit()
    return int(await db.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
async def consultant(client, make_placement, login_as):  # type: ignore[no-untyped-def]
    """A logged-in consultant client and their arranged placement."""
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as signed_in:
        yield signed_in, arranged


async def test_every_route_with_a_body_uses_the_strict_body_decoder(app: Litestar) -> None:
    routes = body_routes(app)
    assert len([r for r in routes if not _is_form(r[2])]) >= 19 and len([r for r in routes if _is_form(r[2])]) >= 15
    for method, path, handler in routes:
        dto = handler.resolve_data_dto()
        assert dto is not None and issubclass(dto, RequestBody), f"{method} {path} takes a body without RequestBody"


async def test_every_json_route_answers_deep_nesting_and_a_text_plain_body_with_a_cheap_400(
    app: Litestar, consultant, caplog: pytest.LogCaptureFixture
) -> None:
    client, arranged = consultant
    routes = [(m, p) for m, p, h in body_routes(app) if not _is_form(h)]
    caplog.set_level(logging.WARNING)
    for method, path in routes:
        url = _concrete(path, arranged, arranged.consultant_id)
        for body in (DEEP_FIELD, DEEP_BODY):
            response = await client.request(method, url, content=body, headers={"content-type": "application/json"})
            assert response.status_code == 400, (method, path, response.text)
            assert response.json()["field"], (method, path, response.text)
        plain = await client.request(method, url, content=b"{}", headers={"content-type": "text/plain"})
        assert plain.status_code == 400 and plain.json()["field"] == "content-type", (method, path, plain.text)
        assert "application/json" in plain.json()["detail"]
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.parametrize(
    "change, field",
    [
        ({"placement_hours": "10"}, "placement_hours"),
        ({"ratings": [{"rating": "3"}]}, "ratings[0].rating"),
        ({"shared": 0}, "shared"),
    ],
)
async def test_a_weekly_log_of_lax_types_is_refused_naming_the_field_and_stores_nothing(
    consultant, db, change, field
) -> None:
    client, arranged = consultant
    body = {
        "placement_hours": 10,
        "ordinary_hours": 0,
        "ratings": [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": 3}],
    }
    if "ratings" in change:
        body["ratings"][0].update(change["ratings"][0])
    else:
        body.update(change)
    response = await client.put(
        f"/api/placements/{arranged.placement_id}/log/{format_week(SYSTEM_CLOCK.today())}", json=body
    )
    assert response.status_code == 400 and response.json()["field"] == field, response.text
    assert await _count(db, WeeklyLog) == 0


async def test_a_caseworker_score_sent_as_text_is_refused(consultant) -> None:
    client, arranged = consultant
    response = await client.post(
        f"/api/placements/{arranged.placement_id}/caseworker-assessments",
        json={"date": SYSTEM_CLOCK.today().isoformat(), "score": "3", "reason": "Stabil"},
    )
    assert response.status_code == 400 and response.json()["field"] == "score"


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x1b[31m", "\u2028", "\x7f", "\x85"])
async def test_anonymous_login_refuses_control_characters_naming_the_field(client, bad) -> None:
    await client.get("/health")
    client.headers["x-csrftoken"] = client.cookies.get("csrftoken") or ""
    response = await client.post("/api/auth/login", json={"email": f"a{bad}@example.dk", "password": "x"})
    assert response.status_code == 400 and response.json()["field"] == "email", response.text
    form = await client.post(
        "/login",
        data={"email": f"a{bad}@example.dk", "password": "x", "_csrf_token": client.cookies.get("csrftoken") or ""},
    )
    assert form.status_code == 400


async def test_invitation_acceptance_refuses_a_nul_in_the_token(client) -> None:
    await client.get("/health")
    client.headers["x-csrftoken"] = client.cookies.get("csrftoken") or ""
    response = await client.post("/api/invitations/accept", json={"token": "abc\x00def", "password": "x" * 12})
    assert response.status_code == 400 and response.json()["field"] == "token"
    for url in ("/api/auth/login", "/api/invitations/accept"):
        deep = await client.post(url, content=DEEP_FIELD, headers={"content-type": "application/json"})
        assert deep.status_code == 400 and deep.json()["field"] == "email", deep.text


async def test_a_nul_in_json_form_query_and_path_is_a_400_and_nothing_is_stored(consultant, db) -> None:
    client, arranged = consultant
    before = await _count(db, Citizen)
    body = {"name": "Sara\x00", "case_ref": "SAG-77", "target_group": "aktivitetsparat"}
    as_json = await client.post("/api/citizens", json=body)
    assert as_json.status_code == 400 and as_json.json()["field"] == "name"
    assert "U+0000" in as_json.json()["detail"]
    as_form = await client.post("/borgere/ny", data=body, headers={"accept": "text/html"})
    assert as_form.status_code == 400
    query = await client.get("/api/citizens", params={"q": "Sa\x00ra"})
    assert query.status_code == 400 and query.json()["field"] == "q"
    week = f"/api/placements/{arranged.placement_id}/log/ab%00cd"
    path = await client.put(week, json={"placement_hours": 1, "ordinary_hours": 0, "ratings": []})
    assert path.status_code == 400 and path.json()["field"] == "path"
    # An id is typed in the path: a NUL makes it no id at all, like any malformed one.
    assert (await client.get("/api/citizens/ab%00cd")).status_code == 404
    assert await _count(db, Citizen) == before


async def test_line_breaks_pass_in_a_note_but_not_in_a_name(consultant) -> None:
    client, arranged = consultant
    week = format_week(SYSTEM_CLOCK.today())
    logged = await client.put(
        f"/api/placements/{arranged.placement_id}/log/{week}",
        json={"placement_hours": 10, "ordinary_hours": 0, "ratings": [], "note": "Mødte til tiden.\r\n\tGod dag."},
    )
    assert logged.status_code == 201, logged.text
    named = await client.post("/api/companies", json={"name": "Lager\nA/S", "cvr": "10150817"})
    assert named.status_code == 400 and named.json()["field"] == "name"


async def test_an_extension_to_9999_is_refused_and_inserts_no_plan_week(consultant, db) -> None:
    client, arranged = consultant
    weeks = await _count(db, PlanWeek)
    url = f"/api/placements/{arranged.placement_id}/decisions"
    far = await client.post(url, json={"decision": "extend", "reason": "Mere tid", "planned_end_date": "9999-12-31"})
    assert far.status_code == 400 and far.json()["field"] == "planned_end_date"
    beyond = (SYSTEM_CLOCK.today() + dt.timedelta(weeks=60)).isoformat()
    long = await client.post(url, json={"decision": "extend", "reason": "Mere tid", "planned_end_date": beyond})
    assert long.status_code == 400 and "at most 52 weeks" in long.json()["detail"]
    patched = await client.patch(
        f"/api/placements/{arranged.placement_id}", json={"planned_end_date": beyond}, headers={"if-match": "1"}
    )
    assert patched.status_code == 400 and patched.json()["field"] == "planned_end_date"
    assert await _count(db, PlanWeek) == weeks and await _count(db, PlacementDecision) == 0


async def test_counts_and_sizes_past_their_bounds_are_refused(consultant, db) -> None:
    client, arranged = consultant
    goals = await _count(db, SubGoal)
    url = f"/api/placements/{arranged.placement_id}/subgoals"
    steps = await client.post(
        url,
        json={
            "factor": "A",
            "title": "Mødestabilitet",
            "target": "Møder til tiden",
            "horizon": "short",
            "steps": [f"Skridt {n}" for n in range(11)],
        },
    )
    assert steps.status_code == 400 and steps.json()["field"] == "steps"
    ratings = [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": 3}] * (MAX_LIST_ITEMS + 1)
    many = await client.put(
        f"/api/placements/{arranged.placement_id}/log/{format_week(SYSTEM_CLOCK.today())}",
        json={"placement_hours": 10, "ordinary_hours": 0, "ratings": ratings},
    )
    assert many.status_code == 400 and many.json()["field"] == "ratings"
    big = await client.post(
        "/api/companies",
        content=b'{"name": "' + b"x" * MAX_BODY_BYTES + b'"}',
        headers={"content-type": "application/json"},
    )
    assert big.status_code == 413
    old = await client.post(
        f"/api/placements/{arranged.placement_id}/caseworker-assessments",
        json={"date": "1899-12-31", "score": 3, "reason": "Stabil"},
    )
    assert old.status_code == 400 and old.json()["field"] == "date"
    assert await _count(db, SubGoal) == goals and await _count(db, WeeklyLog) == 0


async def test_a_placement_longer_than_52_weeks_is_refused(consultant, db) -> None:
    client, arranged = consultant
    start = SYSTEM_CLOCK.today()
    response = await client.post(
        "/api/placements",
        json={
            "citizen_id": str(arranged.citizen_id),
            "company_id": str(arranged.company_id),
            "purpose": "Optrapning",
            "start_date": start.isoformat(),
            "planned_end_date": (start + dt.timedelta(weeks=53)).isoformat(),
        },
    )
    assert response.status_code == 400 and response.json()["field"] == "planned_end_date"
    assert "52 weeks" in response.json()["detail"]


@pytest.mark.parametrize("depth", [500, 900, 1000, 5000])
async def test_nesting_inside_the_free_form_answers_is_a_400_at_any_depth(
    client, make_placement, login_as, depth
) -> None:
    arranged = await make_placement()
    body = (
        b'{"date": "'
        + SYSTEM_CLOCK.today().isoformat().encode()
        + b'", "answers": {"A1": '
        + b"[" * depth
        + b"]" * depth
        + b"}}"
    )
    async with login_as(arranged.citizen_user_id) as citizen:
        response = await citizen.post(
            f"/api/placements/{arranged.placement_id}/assessments",
            content=body,
            headers={"content-type": "application/json"},
        )
    assert response.status_code == 400, response.text
