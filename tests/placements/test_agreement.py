"""The agreement as the law asks it since 2020: purpose, tasks and the citizen's own wishes on every placement, through
the API and the planning pages; a placement starts only with a purpose, its tasks and a contact person at the
company, and a refused start names what is missing and changes nothing."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from sqlalchemy import func, select, update

from goals.bounds import MAX_TEXT_LENGTH
from goals.weeks import add_weeks, format_week
from placement.db.models import Placement, PlacementStatus

HTML = {"accept": "text/html"}
START = dt.date(2026, 11, 2)
TASKS = "Tage imod varer og pakke ordrer.\nKøre med truck, når certifikatet er taget."
WISHES = "Vil gerne arbejde om eftermiddagen og lære lagerstyring."


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


async def _body(client, cvr: str = "10150817", **fields: object) -> dict:  # type: ignore[no-untyped-def,type-arg]
    company = (await client.post("/api/companies", json={"name": "Lager A/S", "cvr": cvr})).json()
    citizen = (
        await client.post(
            "/api/citizens", json={"name": "Sara Jensen", "case_ref": f"SAG-{cvr}", "target_group": "jobparat"}
        )
    ).json()
    first = format_week(START)
    return {
        "citizen_id": citizen["id"],
        "company_id": company["id"],
        "purpose": "Optrapning mod ordinære timer",
        "start_date": START.isoformat(),
        "planned_end_date": (START + dt.timedelta(weeks=4, days=-1)).isoformat(),
        "weekly_plan": [{"week": add_weeks(first, n), "placement_hours": 10} for n in range(4)],
        **{name: value for name, value in fields.items() if value is not None},
    }


async def test_tasks_and_wishes_go_in_with_the_plan_and_come_back_and_change_with_a_patch(
    client, make_user, login
) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    created = await client.post("/api/placements", json=await _body(client, tasks=TASKS, citizen_wishes=WISHES))
    assert created.status_code == 201, created.text
    url = f"/api/placements/{created.json()['id']}"
    read = (await client.get(url)).json()
    assert read["tasks"] == TASKS and read["citizen_wishes"] == WISHES
    changed = await client.patch(
        url, json={"citizen_wishes": "Vil gerne have faste kolleger."}, headers={"If-Match": "1"}
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    read = (await client.get(url)).json()
    assert read["citizen_wishes"] == "Vil gerne have faste kolleger." and read["tasks"] == TASKS
    # Left out, they are empty text, never null.
    bare = await client.post(
        "/api/placements", json=await _body(client, citizen_wishes=None, tasks=None, cvr="25313763")
    )
    assert bare.status_code == 201 and bare.json()["tasks"] == "" and bare.json()["citizen_wishes"] == ""


@pytest.mark.parametrize("field", ["tasks", "citizen_wishes"])
async def test_a_text_over_its_bound_is_a_400_naming_the_field_and_nothing_is_stored(
    client, db, make_user, login, field
) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    body = await _body(client)
    too_long = "x" * (MAX_TEXT_LENGTH + 1)
    refused = await client.post("/api/placements", json={**body, field: too_long})
    assert refused.status_code == 400 and refused.json()["field"] == field and field in refused.json()["detail"]
    assert await db.scalar(select(func.count()).select_from(Placement)) == 0
    url = f"/api/placements/{(await client.post('/api/placements', json=body)).json()['id']}"
    refused = await client.patch(url, json={field: too_long, "mentor_name": "Mette"}, headers={"If-Match": "1"})
    assert refused.status_code == 400 and refused.json()["field"] == field
    after = (await client.get(url)).json()
    assert after[field] == "" and after["mentor_name"] == "" and after["version"] == 1
    # The bound itself is accepted, and a wrong type is a 400 naming the field.
    assert (await client.patch(url, json={field: "x" * MAX_TEXT_LENGTH}, headers={"If-Match": "1"})).status_code == 200
    wrong = await client.patch(url, json={field: 3}, headers={"If-Match": "2"})
    assert wrong.status_code == 400 and field in wrong.text


@pytest.mark.parametrize(
    ("blank", "missing"),
    [
        ({"tasks": ""}, ["tasks"]),
        ({"contact_person": ""}, ["contact_person"]),
        ({"purpose": ""}, ["purpose"]),
        ({"tasks": "  ", "contact_person": ""}, ["tasks", "contact_person"]),
        ({"purpose": "", "tasks": "", "contact_person": ""}, ["purpose", "tasks", "contact_person"]),
    ],
)
async def test_a_placement_starts_only_with_purpose_tasks_and_a_contact_person(
    client, db, make_user, login, blank, missing
) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    body = await _body(client, tasks=TASKS, contact_person="Jens Lager", citizen_wishes="")
    placement_id = (await client.post("/api/placements", json=body)).json()["id"]
    # A purpose cannot be planned blank; one of the placements from before the rule can be without (and the rest).
    await db.execute(update(Placement).where(Placement.id == uuid.UUID(placement_id)).values(**blank))
    await db.commit()
    url = f"/api/placements/{placement_id}"
    refused = await client.patch(url, json={"status": "active"}, headers={"If-Match": "1"})
    assert refused.status_code == 422
    assert refused.json()["field"] == missing[0]
    assert f"cannot start without {', '.join(missing)}:" in refused.json()["detail"], refused.json()["detail"]
    after = (await client.get(url)).json()
    assert after["status"] == "planned" and after["version"] == 1
    # Writing what was missing in the same request starts it.
    fill = {"purpose": "Afklaring", "tasks": TASKS, "contact_person": "Jens Lager"}
    started = await client.patch(
        url, json={"status": "active", **{name: fill[name] for name in missing}}, headers={"If-Match": "1"}
    )
    assert started.status_code == 200 and started.json()["status"] == "active"


async def test_the_citizens_wishes_are_no_condition_for_the_start(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    body = await _body(client, tasks=TASKS, contact_person="Jens Lager")
    url = f"/api/placements/{(await client.post('/api/placements', json=body)).json()['id']}"
    started = await client.patch(url, json={"status": "active"}, headers={"If-Match": "1"})
    assert started.status_code == 200 and started.json()["status"] == "active"


async def test_the_consultant_plans_is_refused_the_start_adds_the_tasks_and_starts(
    client, db, make_user, login
) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    body = await _body(client)
    created = await client.post(
        "/forloeb/nyt",
        headers=HTML,
        data={
            "action": "save",
            "citizen_id": body["citizen_id"],
            "company_id": body["company_id"],
            "purpose": "Optrapning mod ordinære timer",
            "contact_person": "Jens Lager",
            "citizen_wishes": WISHES,
            "start_date": START.isoformat(),
            "planned_end_date": body["planned_end_date"],
            "hours_from": "10",
            "hours_to": "16",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303, _text(created.text)
    page_url = created.headers["location"]
    page = (await client.get(page_url, headers=HTML)).text
    assert "Aftalen" in page and WISHES in page and "Arbejdsopgaver" in page and "Ikke beskrevet endnu." in page
    assert "Aftalen mangler noget, som et forløb skal have for at starte: arbejdsopgaver." in _text(page)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    refused = await client.post(f"{page_url}/start", headers=HTML, data={"version": version})
    assert refused.status_code == 422
    assert "Forløbet kan ikke startes, før arbejdsopgaverne er beskrevet." in _text(refused.text)
    placement = await db.scalar(select(Placement))
    assert placement is not None and placement.status is PlacementStatus.PLANNED
    # The edit form has both fields, with their help; saving the tasks lets the placement start.
    form = (await client.get(f"{page_url}/rediger", headers=HTML)).text
    assert 'name="tasks"' in form and 'name="citizen_wishes"' in form and WISHES in form
    assert "Aftalen skal beskrive dem" in form
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    fields.update({f"hours_{n}": h for n, h in re.findall(r'name="hours_(\d+)" value="([^"]*)"', form)})
    saved = await client.post(
        f"{page_url}/rediger",
        headers=HTML,
        data={
            **fields,
            "action": "save",
            "purpose": "Optrapning mod ordinære timer",
            "tasks": TASKS,
            "citizen_wishes": WISHES,
            "contact_person": "Jens Lager",
            "mentor_name": "",
            "planned_end_date": body["planned_end_date"],
            "follow_up_date": "",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303, _text(saved.text)
    page = (await client.get(page_url, headers=HTML)).text
    assert "Tage imod varer og pakke ordrer." in page and "Aftalen mangler" not in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    started = await client.post(f"{page_url}/start", headers=HTML, data={"version": version}, follow_redirects=False)
    assert started.status_code == 303
    after = (await client.get(f"/api/placements/{placement.id}")).json()
    assert after["status"] == "active" and after["tasks"] == TASKS


async def test_the_plan_form_keeps_the_typed_tasks_and_wishes_and_refuses_one_over_its_bound(
    client, db, make_user, login
) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    body = await _body(client)
    typed = {
        "action": "save",
        "citizen_id": "",
        "company_id": body["company_id"],
        "purpose": "Optrapning",
        "tasks": TASKS,
        "citizen_wishes": WISHES,
        "start_date": START.isoformat(),
        "planned_end_date": body["planned_end_date"],
    }
    refused = await client.post("/forloeb/nyt", headers=HTML, data=typed)
    assert refused.status_code == 400 and "Vælg en borger." in _text(refused.text)
    assert TASKS in refused.text and WISHES in refused.text
    over = await client.post(
        "/forloeb/nyt", headers=HTML, data={**typed, "citizen_id": body["citizen_id"], "tasks": "y" * 4001}
    )
    assert over.status_code == 400
    assert await db.scalar(select(func.count()).select_from(Placement)) == 0
