"""The consultant's planning pages as a user sees them: forms that keep what was typed, plans that rise, conflicts told."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select

from placement.clock import SYSTEM_CLOCK
from placement.db.models import (
    Assessment,
    AssessmentAnswer,
    AuditEvent,
    Placement,
    PlacementDecision,
    PlanWeek,
    Role,
    SubGoal,
    User,
)

HTML = {"accept": "text/html"}


def _text(html: str) -> str:
    """The page's visible words, whitespace collapsed (tags, scripts and styles left out)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


async def _consultant_with_citizen_and_company(client, make_user, login) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    company = (await client.post("/api/companies", json={"name": "Lager A/S", "cvr": "10150817"})).json()
    citizen = (
        await client.post(
            "/api/citizens", json={"name": "Sara Jensen", "case_ref": "SAG-1", "target_group": "aktivitetsparat"}
        )
    ).json()
    return citizen["id"], company["id"]


async def test_the_new_placement_form_offers_a_plan_that_rises_week_by_week(client, make_user, login) -> None:
    citizen_id, company_id = await _consultant_with_citizen_and_company(client, make_user, login)
    form = await client.get(f"/forloeb/nyt?borger={citizen_id}", headers=HTML)
    assert form.status_code == 200
    assert f'<option value="{citizen_id}" selected>' in form.text
    filled = await client.post(
        "/forloeb/nyt",
        headers=HTML,
        data={
            "action": "plan",
            "citizen_id": citizen_id,
            "company_id": company_id,
            "purpose": "Optrapning",
            "start_date": "2026-11-02",
            "planned_end_date": "2026-11-29",
            "hours_from": "8",
            "hours_to": "20",
            "ordinary_from": "0",
            "ordinary_to": "3",
        },
    )
    assert filled.status_code == 200
    hours = re.findall(r'name="hours_\d+" value="([^"]*)"', filled.text)
    ordinary = re.findall(r'name="ordinary_\d+" value="([^"]*)"', filled.text)
    assert hours == ["8", "12", "16", "20"] and ordinary == ["0", "1", "2", "3"]
    assert 'value="Optrapning"' not in filled.text and ">Optrapning</textarea>" in filled.text


async def test_creating_a_placement_through_the_form_stores_the_typed_plan_and_opens_its_page(
    client, db, make_user, login
) -> None:
    citizen_id, company_id = await _consultant_with_citizen_and_company(client, make_user, login)
    weeks = {f"week_{n}": w for n, w in enumerate(["2026-W45", "2026-W46", "2026-W47"])}
    created = await client.post(
        "/forloeb/nyt",
        headers=HTML,
        follow_redirects=False,
        data={
            "action": "save",
            "citizen_id": citizen_id,
            "company_id": company_id,
            "purpose": "Afklaring",
            "contact_person": "Kim",
            "mentor_name": "Mette",
            "start_date": "2026-11-02",
            "planned_end_date": "2026-11-22",
            "follow_up_date": "2026-11-16",
            **weeks,
            "hours_0": "10",
            "hours_1": "12,5",
            "hours_2": "",
            "ordinary_0": "",
            "ordinary_1": "1",
            "ordinary_2": "",
        },
    )
    assert created.status_code == 303, created.text
    placement_id = created.headers["location"].rsplit("/", 1)[1]
    plan = (
        await db.execute(
            select(PlanWeek.week, PlanWeek.placement_hours, PlanWeek.ordinary_hours_target).order_by(PlanWeek.week)
        )
    ).all()
    assert [tuple(row) for row in plan] == [("2026-W45", 10, 0), ("2026-W46", 12.5, 1)]
    shown = _text((await client.get(f"/forloeb/{placement_id}", headers=HTML)).text)
    assert "Sara Jensen" in shown and "Lager A/S" in shown and "12,5" in shown and "Kim" in shown


async def test_a_form_error_is_shown_next_to_the_field_and_keeps_what_was_typed(client, db, make_user, login) -> None:
    citizen_id, company_id = await _consultant_with_citizen_and_company(client, make_user, login)
    response = await client.post(
        "/forloeb/nyt",
        headers=HTML,
        data={
            "action": "save",
            "citizen_id": citizen_id,
            "company_id": company_id,
            "purpose": "Mit eget formål",
            "start_date": "2026-11-30",
            "planned_end_date": "2026-11-01",
            "week_0": "2026-W49",
            "hours_0": "10",
        },
    )
    assert response.status_code == 400
    assert 'id="planned_end_date-error"' in response.text
    assert "Den planlagte slutdato skal være en dato på eller efter startdatoen." in _text(response.text)
    assert ">Mit eget formål</textarea>" in response.text
    assert await db.scalar(select(func.count()).select_from(Placement)) == 0


async def test_a_plan_row_with_too_many_hours_is_marked_on_that_row(client, make_user, login) -> None:
    citizen_id, company_id = await _consultant_with_citizen_and_company(client, make_user, login)
    response = await client.post(
        "/forloeb/nyt",
        headers=HTML,
        data={
            "action": "save",
            "citizen_id": citizen_id,
            "company_id": company_id,
            "purpose": "P",
            "start_date": "2026-11-02",
            "planned_end_date": "2026-11-22",
            "week_0": "2026-W45",
            "hours_0": "10",
            "week_1": "2026-W46",
            "hours_1": "",
            "week_2": "2026-W47",
            "hours_2": "90",
        },
    )
    assert response.status_code == 400
    assert 'id="row-2-error"' in response.text and 'name="hours_2" value="90"' in response.text
    assert "Skriv et antal timer fra 0 til 80 om ugen." in _text(response.text)


async def test_the_citizen_list_on_the_new_form_is_audited_even_when_the_form_comes_back_with_an_error(
    client, db, make_user, login
) -> None:
    citizen_id, company_id = await _consultant_with_citizen_and_company(client, make_user, login)
    await client.post(
        "/forloeb/nyt",
        headers=HTML,
        data={"action": "save", "citizen_id": citizen_id, "company_id": company_id, "purpose": ""},
    )
    listed = await db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "list", AuditEvent.object_type == "citizen", AuditEvent.citizen_id == citizen_id)
    )
    assert listed == 1


async def test_an_edit_on_an_old_version_shows_the_other_persons_change_and_keeps_mine(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        form = (await consultant.get(f"/forloeb/{arranged.placement_id}/rediger", headers=HTML)).text
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
        fields.update({f"hours_{n}": h for n, h in re.findall(r'name="hours_(\d+)" value="([^"]*)"', form)})
        fields.update({f"ordinary_{n}": h for n, h in re.findall(r'name="ordinary_(\d+)" value="([^"]*)"', form)})
        # Meanwhile a colleague (here: the API) changes the purpose.
        other = await consultant.patch(
            f"/api/placements/{arranged.placement_id}",
            headers={"If-Match": "1"},
            json={"purpose": "Afklaring af skånehensyn"},
        )
        assert other.status_code == 200
        mine = {
            **fields,
            "action": "save",
            "purpose": "Mit nye formål",
            "contact_person": "Ny kontakt",
            "mentor_name": "",
            "planned_end_date": fields["seen_planned_end_date"],
            "follow_up_date": "",
        }
        response = await consultant.post(f"/forloeb/{arranged.placement_id}/rediger", headers=HTML, data=mine)
        assert response.status_code == 409
        shown = _text(response.text)
        assert "En anden har ændret oplysningerne, mens du redigerede" in shown
        assert "Nu: Afklaring af skånehensyn" in shown
        assert ">Mit nye formål</textarea>" in response.text and 'value="Ny kontakt"' in response.text
        assert '<input type="hidden" name="version" value="2">' in response.text
        # Saving again is a deliberate overwrite on top of the new version.
        again = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', response.text))
        saved = await consultant.post(
            f"/forloeb/{arranged.placement_id}/rediger", headers=HTML, data={**mine, **again}, follow_redirects=False
        )
        assert saved.status_code == 303
    assert await db.scalar(select(Placement.purpose)) == "Mit nye formål"


async def test_the_sub_goal_form_proposes_the_lowest_self_scores_first_and_offers_examples(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    assessment = Assessment(
        placement_id=arranged.placement_id,
        assessed_on=SYSTEM_CLOCK.today(),
        recorded_by_id=arranged.citizen_user_id,
        recorded_by_role=Role.CITIZEN,
    )
    assessment.answers = [
        AssessmentAnswer(question_key="A1", factor="A", value=4),
        AssessmentAnswer(question_key="C1", factor="C", value=1),
        AssessmentAnswer(question_key="D1", factor="D", value=2),
    ]
    db.add(assessment)
    await db.commit()
    async with login_as(arranged.consultant_id) as consultant:
        page = await consultant.get(f"/forloeb/{arranged.placement_id}/delmaal/nyt", headers=HTML)
        assert page.status_code == 200
        radios = re.findall(r'name="factor" value="([A-E])"', page.text)
        assert radios[:3] == ["C", "D", "A"]
        proposed = re.findall(
            r'value="([A-E])"[^>]*>\s*<span class="factor-code"[^<]*</span>\s*<span>[^<]*<span class="tag">', page.text
        )
        assert proposed == ["C", "D"]
        assert "Spørger en kollega om hjælp" in page.text
        example = await consultant.get(f"/forloeb/{arranged.placement_id}/delmaal/nyt?eksempel=D1", headers=HTML)
        assert 'value="Spørger en kollega om hjælp"' in example.text
        assert re.search(r'value="D" checked', example.text)
        saved = await consultant.post(
            f"/forloeb/{arranged.placement_id}/delmaal/nyt",
            headers=HTML,
            follow_redirects=False,
            data={
                "factor": "D",
                "title": "Spørger en kollega om hjælp",
                "target": "Spørger selv",
                "horizon": "short",
                "step_0": "Ved hvem",
                "step_1": "",
                "step_2": "Spørger selv",
            },
        )
        assert saved.status_code == 303
    goal = await db.scalar(select(SubGoal).where(SubGoal.factor == "D", SubGoal.title == "Spørger en kollega om hjælp"))
    assert goal is not None and goal.position == 2
    reads = await db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.object_type == "assessment", AuditEvent.purpose == "choosing sub-goals")
    )
    assert reads == 2


async def test_a_sub_goal_form_error_names_the_field_in_danish(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        response = await consultant.post(
            f"/forloeb/{arranged.placement_id}/delmaal/nyt",
            headers=HTML,
            data={"factor": "F", "title": "Mit mål", "target": "Noget man kan se", "horizon": "short"},
        )
        assert response.status_code == 400
        assert "Vælg en af faktorerne A–E." in _text(response.text) and 'value="Mit mål"' in response.text


async def test_the_placement_page_shows_plan_goals_parties_and_what_needs_attention(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        page = await consultant.get(f"/forloeb/{arranged.placement_id}", headers=HTML)
        assert page.status_code == 200
        shown = _text(page.text)
        assert "Delmål 1" in shown and "Første skridt" in shown and "denne uge" in shown
        assert "Der er ingen opfølgning planlagt" in shown
        contact = (await db.get(User, arranged.company_contact_id)).name  # type: ignore[union-attr]
        assert f"{contact} – Kontaktperson i virksomheden" in shown


async def test_a_small_step_is_marked_reached_from_the_placement_page(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        url = f"/forloeb/{arranged.placement_id}/delmaal/{arranged.subgoal_ids[0]}/trin/1"
        done = await consultant.post(url, headers=HTML, follow_redirects=False)
        assert done.status_code == 303
        page = _text((await consultant.get(f"/forloeb/{arranged.placement_id}", headers=HTML)).text)
        assert f"nået i uge {SYSTEM_CLOCK.today().isocalendar().week} (Konsulent)" in page


async def test_a_follow_up_records_the_decision_and_extending_adds_weeks(client, db, make_placement, login_as) -> None:
    arranged = await make_placement(weeks=4)
    before = await db.scalar(select(func.count()).select_from(PlanWeek))
    end = await db.scalar(select(Placement.planned_end_date))
    async with login_as(arranged.consultant_id) as consultant:
        url = f"/forloeb/{arranged.placement_id}/beslutning"
        missing = await consultant.post(
            url, headers=HTML, data={"decision": "extend", "reason": "Flere timer", "planned_end_date": ""}
        )
        assert missing.status_code == 400
        assert "For at forlænge skal den nye slutdato ligge efter den nuværende." in _text(missing.text)
        assert ">Flere timer</textarea>" in missing.text
        new_end = end + dt.timedelta(weeks=2)
        done = await consultant.post(
            url,
            headers=HTML,
            follow_redirects=False,
            data={
                "decision": "extend",
                "reason": "Flere timer",
                "planned_end_date": new_end.isoformat(),
                "follow_up_date": (SYSTEM_CLOCK.today() + dt.timedelta(days=14)).isoformat(),
            },
        )
        assert done.status_code == 303
        page = _text((await consultant.get(f"/forloeb/{arranged.placement_id}", headers=HTML)).text)
        assert "Forlæng" in page and "Flere timer" in page and "Der er ingen opfølgning planlagt" not in page
    assert await db.scalar(select(func.count()).select_from(PlanWeek)) == before + 2
    assert await db.scalar(select(Placement.planned_end_date)) == new_end


async def test_the_placement_page_links_to_the_decision_page_which_shows_the_recommendation(
    client, make_placement, login_as
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        placement_page = await consultant.get(f"/forloeb/{arranged.placement_id}", headers=HTML)
        assert f'href="/forloeb/{arranged.placement_id}/beslutning"' in placement_page.text
        page = await consultant.get(f"/forloeb/{arranged.placement_id}/beslutning", headers=HTML)
        assert page.status_code == 200
        shown = _text(page.text)
        assert "Anbefaling" in shown and "For tidligt at sige" in shown
        assert '<input type="hidden" name="verdict_shown" value="too_early">' in page.text
    async with login_as(arranged.company_contact_id) as contact:
        assert (await contact.get(f"/forloeb/{arranged.placement_id}/beslutning", headers=HTML)).status_code == 403


async def test_the_old_follow_up_path_sends_the_decision_on_to_the_decision_page(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        old = f"/forloeb/{arranged.placement_id}/opfoelgning"
        moved = await consultant.post(old, headers=HTML, data={"decision": "continue", "reason": "Godt på vej"})
        assert moved.status_code == 308
        assert moved.headers["location"].endswith(f"/forloeb/{arranged.placement_id}/beslutning")
        done = await consultant.post(
            moved.headers["location"], headers=HTML, data={"decision": "continue", "reason": "Godt på vej"}
        )
        assert done.status_code == 303
    assert await db.scalar(select(PlacementDecision.reason)) == "Godt på vej"


async def test_planning_pages_are_the_consultants_alone(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.company_contact_id) as contact:
        for url in ("/forloeb", f"/forloeb/{arranged.placement_id}", "/forloeb/nyt", "/borgere", "/virksomheder"):
            assert (await contact.get(url, headers=HTML)).status_code == 403, url


async def test_the_consultant_menu_links_to_placements_citizens_and_companies(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    page = await client.get("/forloeb", headers=HTML)
    for link in ('href="/forloeb"', 'href="/borgere"', 'href="/virksomheder"'):
        assert link in page.text
