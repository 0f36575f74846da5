"""Target groups from the configured list: only a key of it is stored, the lists filter by it, names in both languages.

A pilot on one target group (seeds 001 and 004) needs the group to mean the same on every citizen and the caseload to
be shown for that group alone.
"""

from __future__ import annotations

from sqlalchemy import event, func, select, update

from placement.db.models import Citizen

HTML = {"accept": "text/html"}


async def _two_groups(db, make_placement):  # type: ignore[no-untyped-def]
    """One consultant's two placements: an aktivitetsparat citizen and a jobparat one (names "Borger …")."""
    first = await make_placement()
    second = await make_placement(consultant_id=first.consultant_id)
    await db.execute(update(Citizen).where(Citizen.id == second.citizen_id).values(target_group="jobparat"))
    await db.commit()
    names = dict((await db.execute(select(Citizen.id, Citizen.name))).all())
    return first, names[first.citizen_id], names[second.citizen_id]


async def test_the_api_refuses_a_group_that_is_not_on_the_list_and_stores_nothing(client, db, make_user, login):
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    refused = await client.post(
        "/api/citizens", json={"name": "Sara", "case_ref": "SAG-1", "target_group": "Aktivitetsparat kontanthjælp"}
    )
    assert refused.status_code == 422 and refused.json()["field"] == "target_group"
    assert "aktivitetsparat" in refused.json()["detail"]  # the message names the keys that are accepted
    assert await db.scalar(select(func.count()).select_from(Citizen)) == 0
    created = (
        await client.post("/api/citizens", json={"name": "Sara", "case_ref": "SAG-1", "target_group": "jobparat"})
    ).json()
    patched = await client.patch(
        f"/api/citizens/{created['id']}", headers={"If-Match": "1"}, json={"target_group": "ledig"}
    )
    assert patched.status_code == 422 and patched.json()["field"] == "target_group"
    stored = (await client.get(f"/api/citizens/{created['id']}")).json()
    assert stored["target_group"] == "jobparat" and stored["version"] == 1


async def test_the_configured_groups_are_listed_for_api_clients(client, make_user, login):
    await login(client, (await make_user("consultant")).email)
    groups = (await client.get("/api/target-groups")).json()
    assert groups[0] == {
        "key": "aktivitetsparat",
        "name_da": "Aktivitetsparate kontanthjælpsmodtagere",
        "name_en": "Social assistance recipients, ready for activities",
    }


async def test_each_list_shows_only_the_chosen_group(client, db, make_placement, login_as):
    arranged, active_ready, job_ready = await _two_groups(db, make_placement)
    async with login_as(arranged.consultant_id) as consultant:
        for path in ("/oversigt", "/forloeb/", "/borgere/"):
            everyone = await consultant.get(path, headers=HTML)
            assert active_ready in everyone.text and job_ready in everyone.text, path
            one = await consultant.get(path, headers=HTML, params={"target_group": "jobparat"})
            assert one.status_code == 200 and job_ready in one.text and active_ready not in one.text, path
            assert '<option value="jobparat" selected>' in one.text, path
        api = (await consultant.get("/api/overview", params={"target_group": "aktivitetsparat"})).json()
        assert [row["citizen"] for row in api] == [active_ready]
        citizens = (await consultant.get("/api/citizens", params={"target_group": "jobparat"})).json()
        assert [c["name"] for c in citizens] == [job_ready]


async def test_an_unknown_group_in_a_filter_is_refused_naming_the_field(client, db, make_placement, login_as):
    arranged, active_ready, _ = await _two_groups(db, make_placement)
    async with login_as(arranged.consultant_id) as consultant:
        for path in ("/oversigt", "/forloeb/", "/borgere/"):
            page = await consultant.get(path, headers=HTML, params={"target_group": "ung"})
            assert page.status_code == 422 and 'id="target_group-error"' in page.text, path
            assert "Vælg en målgruppe på listen" in page.text and active_ready not in page.text, path
        for path in ("/api/overview", "/api/citizens"):
            refused = await consultant.get(path, params={"target_group": "ung"})
            assert refused.status_code == 422 and refused.json()["field"] == "target_group", path


async def test_the_filtered_overview_uses_the_same_number_of_queries(app, client, db, make_placement, login_as):
    arranged, _, _ = await _two_groups(db, make_placement)
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    async with login_as(arranged.consultant_id) as consultant:
        event.listen(app.state.engine.sync_engine, "before_cursor_execute", count)
        try:
            await consultant.get("/api/overview")
            unfiltered = len(statements)
            statements.clear()
            await consultant.get("/api/overview", params={"target_group": "jobparat"})
        finally:
            event.remove(app.state.engine.sync_engine, "before_cursor_execute", count)
    assert len(statements) == unfiltered


async def test_groups_are_named_in_danish_and_in_english(client, db, make_placement, login_as):
    arranged, _, _ = await _two_groups(db, make_placement)
    async with login_as(arranged.consultant_id) as consultant:
        danish = await consultant.get("/borgere/", headers=HTML)
        assert "Jobparate kontanthjælpsmodtagere" in danish.text and ">jobparat<" not in danish.text
        consultant.cookies.set("lang", "en")
        english = await consultant.get("/borgere/", headers=HTML)
        assert "Social assistance recipients, ready for a job" in english.text
        assert "Jobparate kontanthjælpsmodtagere" not in english.text
        insights = await consultant.get("/indsigt", headers=HTML, params={"group_by": "target_group"})
        assert insights.status_code == 200 and "Social assistance recipients, ready for activities" in insights.text


async def test_a_stored_value_off_the_list_stays_readable_and_editing_asks_for_a_choice(
    client, db, make_placement, login_as
):
    arranged = await make_placement()
    await db.execute(
        update(Citizen).where(Citizen.id == arranged.citizen_id).values(target_group="Ung, særlig indsats")
    )
    await db.commit()
    async with login_as(arranged.consultant_id) as consultant:
        listed = await consultant.get("/borgere/", headers=HTML)
        assert "Ung, særlig indsats (ikke på listen)" in listed.text
        page = await consultant.get(f"/borgere/{arranged.citizen_id}", headers=HTML)
        assert "Den gemte målgruppe »Ung, særlig indsats« står ikke på jobcentrets liste" in page.text
        assert '<option value="" selected>' in page.text  # nothing on the list is chosen for the consultant
        name = (await consultant.get(f"/api/citizens/{arranged.citizen_id}")).json()["name"]
        kept = await consultant.post(
            f"/borgere/{arranged.citizen_id}",
            headers=HTML,
            data={"name": name, "case_ref": "SAG-OLD", "target_group": "", "version": "1"},
        )
        assert kept.status_code == 400 and 'id="target_group-error"' in kept.text
        assert await db.scalar(select(Citizen.target_group).where(Citizen.id == arranged.citizen_id)) == (
            "Ung, særlig indsats"
        )
        chosen = await consultant.post(
            f"/borgere/{arranged.citizen_id}",
            headers=HTML,
            follow_redirects=False,
            data={"name": name, "case_ref": "SAG-OLD", "target_group": "ressourceforløb", "version": "1"},
        )
        assert chosen.status_code == 303
    await db.commit()  # a fresh read: the session saw the row before the page changed it
    assert await db.scalar(select(Citizen.target_group).where(Citizen.id == arranged.citizen_id)) == "ressourceforløb"


async def test_a_role_without_a_caseload_hears_403_whatever_the_filter(client, make_placement, login_as):
    arranged = await make_placement()
    async with login_as(arranged.company_contact_id) as contact:
        for path in ("/api/overview", "/api/citizens"):
            assert (await contact.get(path, params={"target_group": "ung"})).status_code == 403, path
