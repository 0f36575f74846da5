"""A CPR-shaped number is refused in every free text, with the reason; ordinary numbers pass."""

from __future__ import annotations

import datetime as dt

import pytest

from goals.weeks import format_week
from placement.clock import SYSTEM_CLOCK

CPR = "010190-1234"
TODAY = SYSTEM_CLOCK.today()


def _log(arranged, **text: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    note = text.pop("rating_note", "")
    return {
        "placement_hours": 10,
        "ordinary_hours": 0,
        "ratings": [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": 3, "note": note}],
        **text,
    }


def _subgoal(**text: str) -> dict:  # type: ignore[type-arg]
    steps = [text.pop("step")] if "step" in text else []
    return {
        "factor": "A",
        "title": "Mødestabilitet",
        "target": "Møder til tiden",
        "horizon": "short",
        "steps": steps,
        **text,
    }


def _placement(arranged, **text: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return {
        "citizen_id": str(arranged.citizen_id),
        "company_id": str(arranged.company_id),
        "purpose": "Optrapning",
        "start_date": TODAY.isoformat(),
        "planned_end_date": (TODAY + dt.timedelta(weeks=12)).isoformat(),
        **text,
    }


# (method, path under the placement or absolute, body from the arranged placement and the text, refused field)
CASES = [
    ("PUT", "log/{week}", lambda a, t: _log(a, note=t), "note"),
    ("PUT", "log/{week}", lambda a, t: _log(a, small_steps=t), "small_steps"),
    ("PUT", "log/{week}", lambda a, t: _log(a, rating_note=t), "ratings[0].note"),
    ("POST", "subgoals", lambda a, t: _subgoal(title=t), "title"),
    ("POST", "subgoals", lambda a, t: _subgoal(target=t), "target"),
    ("POST", "subgoals", lambda a, t: _subgoal(step=t), "steps[0]"),
    ("POST", "caseworker-assessments", lambda a, t: {"date": TODAY.isoformat(), "score": 3, "reason": t}, "reason"),
    ("POST", "decisions", lambda a, t: {"decision": "continue", "reason": t}, "reason"),
    ("POST", "invitations", lambda a, t: {"role": "mentor", "email": "m@example.dk", "name": t}, "name"),
    ("POST", "/api/placements", lambda a, t: _placement(a, purpose=t), "purpose"),
    ("POST", "/api/placements", lambda a, t: _placement(a, contact_person=t), "contact_person"),
    ("POST", "/api/placements", lambda a, t: _placement(a, mentor_name=t), "mentor_name"),
    ("POST", "/api/companies", lambda a, t: {"name": t, "cvr": "10150817"}, "name"),
    ("POST", "/api/citizens", lambda a, t: {"name": t, "case_ref": "SAG-9", "target_group": "jobparat"}, "name"),
]


def _url(arranged, path: str) -> str:  # type: ignore[no-untyped-def]
    path = path.replace("{week}", format_week(TODAY))
    return path if path.startswith("/") else f"/api/placements/{arranged.placement_id}/{path}"


@pytest.mark.parametrize("method, path, body, field", CASES)
@pytest.mark.parametrize("cpr", [CPR, "Ring om 0101901234 i morgen"])
async def test_a_cpr_number_in_free_text_is_refused_with_the_reason(
    client, make_placement, login_as, method, path, body, field, cpr
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        response = await consultant.request(method, _url(arranged, path), json=body(arranged, cpr))
    assert response.status_code == 400, response.text
    assert response.json()["field"] == field and "no CPR number is stored" in response.json()["detail"]


@pytest.mark.parametrize("method, path, body, field", CASES)
async def test_phone_numbers_and_dates_in_free_text_pass(
    client, make_placement, login_as, method, path, body, field
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        response = await consultant.request(
            method, _url(arranged, path), json=body(arranged, "Tlf 12345678, født 01-01-1990")
        )
    assert response.status_code in (200, 201), response.text


async def test_an_admin_account_name_with_a_cpr_number_is_refused(client, make_user, login) -> None:
    admin = await make_user("admin")
    await login(client, admin.email)
    response = await client.post(
        "/api/admin/users",
        json={"email": "k@example.dk", "name": f"Kim {CPR}", "role": "consultant", "password": "lang-nok-adgangskode"},
    )
    assert response.status_code == 400 and response.json()["field"] == "name"
    missing = await client.post("/api/admin/users", json={"email": "k@example.dk", "name": "Kim", "role": "consultant"})
    assert missing.status_code == 400 and missing.json()["field"] == "password"


async def test_a_search_for_a_cpr_number_is_refused_with_the_reason(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    response = await client.get("/api/citizens", params={"q": CPR})
    assert response.status_code == 400 and response.json()["field"] == "q"
    assert "no CPR number is stored" in response.json()["detail"]


async def test_the_log_form_shows_why_a_cpr_number_is_refused_in_danish(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.mentor_id) as mentor:
        page = await mentor.post(
            f"/forloeb/{arranged.placement_id}/logbog",
            headers={"accept": "text/html"},
            data={
                "week": format_week(TODAY),
                "placement_hours": "10",
                "ordinary_hours": "0",
                "small_steps": f"Mødte med papirer {CPR}",
            },
        )
    assert page.status_code == 400
    assert "Teksten ligner et CPR-nummer" in page.text and "Mødte med papirer" in page.text


@pytest.mark.parametrize(
    "path, form",
    [
        ("delmaal/nyt", {"factor": "A", "title": f"Møde {CPR}", "target": "Møder til tiden", "horizon": "short"}),
        (
            "delmaal/nyt",
            {"factor": "A", "title": "Møde", "target": "Møder til tiden", "horizon": "short", "step_0": CPR},
        ),
        ("invitationer", {"role": "mentor", "email": "m@example.dk", "name": f"Mette {CPR}"}),
        ("konsulentvurdering", {"date": TODAY.isoformat(), "score": "3", "reason": f"Samtale om {CPR}"}),
    ],
)
async def test_the_planning_pages_say_in_danish_why_a_cpr_number_is_refused(
    client, make_placement, login_as, path, form
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        page = await consultant.post(
            f"/forloeb/{arranged.placement_id}/{path}", data=form, headers={"accept": "text/html"}
        )
    assert page.status_code == 400
    assert "Teksten ligner et CPR-nummer, og tjenesten gemmer ingen CPR-numre" in page.text
