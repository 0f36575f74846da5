"""The weekly log form on a phone: defaults, last week's entry, the receipt, mistakes beside their fields, idempotence."""

from __future__ import annotations

import asyncio
import re

import httpx
from sqlalchemy import func, select

from goals.weeks import add_weeks, format_week, parse_week
from placement.clock import SYSTEM_CLOCK
from placement.db.models import AuditEvent, SubGoalRating, WeeklyLog


def current_week() -> str:
    return format_week(SYSTEM_CLOCK.today())


HTML = {"accept": "text/html"}


def _form(arranged, week: str | None = None, **fields: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    first, second = arranged.subgoal_ids[:2]
    return {
        "week": week or current_week(),
        "placement_hours": "15,5",
        "ordinary_hours": "2",
        "absence_hours": "",
        f"rating-{first}": "4",
        f"note-{first}": "Spurgte selv om hjælp to gange",
        f"rating-{second}": "",
        f"note-{second}": "",
        "small_steps": "Tog selv telefonen, da kunden ringede",
        "note": "",
        **fields,
    }


def _week_number(week: str) -> int:
    return parse_week(week)[1]


async def test_the_form_shows_each_subgoal_with_five_anchored_choices_for_this_week(
    client, make_placement, login_as
) -> None:
    arranged = await make_placement(subgoals=3)
    async with login_as(arranged.mentor_id) as mentor:
        response = await mentor.get(f"/forloeb/{arranged.placement_id}/logbog", headers=HTML)
    assert response.status_code == 200
    page = response.text
    assert f"Uge {_week_number(current_week())}" in page and 'name="week" value="' + current_week() + '"' in page
    assert page.count('<fieldset class="goal-rating') == 3 and page.count('<fieldset class="goal-steps">') == 3
    for goal_id in arranged.subgoal_ids:
        assert len(re.findall(f'type="radio" name="rating-{goal_id}"', page)) == 5
    for label in ("Ikke startet", "Lidt på vej", "Halvvejs", "Næsten nået", "Nået"):
        assert label in page
    assert "Møder til tiden tre dage i træk" in page  # each sub-goal's target
    assert 'inputmode="decimal"' in page and 'for="placement_hours"' in page and 'for="small_steps"' in page
    assert 'name="internal"' not in page  # only the consultant keeps an entry internal
    tabs = re.findall(r"logbog\?week=(\d{4}-W\d{2})", page)
    assert tabs[0] == current_week() and tabs[1] == add_weeks(current_week(), -1)


async def test_last_weeks_entry_is_shown_and_its_hours_offered_never_filled_in(
    client, make_placement, login_as
) -> None:
    arranged = await make_placement()
    last = add_weeks(current_week(), -1)
    async with login_as(arranged.company_contact_id) as contact:
        await contact.put(
            f"/api/placements/{arranged.placement_id}/log/{last}",
            json={
                "placement_hours": 9.5,
                "ordinary_hours": 1,
                "absence_hours": 3,
                "small_steps": "Spiste frokost med holdet",
                "ratings": [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": 2}],
            },
        )
        page = (await contact.get(f"/forloeb/{arranged.placement_id}/logbog", headers=HTML)).text
    # A new week starts empty: last week's hours are offered with one tap, never filled in unasked.
    for name in ("placement_hours", "ordinary_hours", "absence_hours"):
        assert f'id="{name}" name="{name}" value=""' in page
    assert "Brug sidste uges timer (9,5 praktiktimer, 1 ordinære)" in page
    assert 'data-placement-hours="9,5" data-ordinary-hours="1"' in page
    assert '<script src="/static/log-form.js">' in page
    assert f"Sidst (uge {_week_number(last)}): 2 Lidt på vej" in page
    assert "Spiste frokost med holdet" in page
    assert "checked" not in page  # last week's ratings are for reference, never pre-chosen


async def test_saving_redirects_to_a_receipt_of_what_was_stored(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    week = current_week()
    async with login_as(arranged.mentor_id) as mentor:
        saved = await mentor.post(
            f"/forloeb/{arranged.placement_id}/logbog", data=_form(arranged), headers=HTML, follow_redirects=False
        )
        assert saved.status_code == 303
        assert httpx.URL(saved.headers["location"]).path == f"/forloeb/{arranged.placement_id}/logbog/{week}"
        receipt = await mentor.get(saved.headers["location"], headers=HTML)
        again = await mentor.get(f"/forloeb/{arranged.placement_id}/logbog", headers=HTML)
    assert receipt.status_code == 200 and 'role="status"' in receipt.text
    assert f"Registreringen for uge {_week_number(week)} er gemt" in receipt.text
    assert "15,5" in receipt.text and "4 Næsten nået" in receipt.text and "ikke vurderet" in receipt.text
    assert "1 af 2" in receipt.text
    log = await db.scalar(select(WeeklyLog).where(WeeklyLog.placement_id == arranged.placement_id))
    assert log is not None and (log.week, log.placement_hours, log.ordinary_hours, log.absence_hours) == (
        week,
        15.5,
        2,
        0,
    )
    assert log.small_steps == "Tog selv telefonen, da kunden ringede" and log.shared
    ratings = (await db.execute(select(SubGoalRating.subgoal_id, SubGoalRating.rating, SubGoalRating.note))).all()
    assert ratings == [(arranged.subgoal_ids[0], 4, "Spurgte selv om hjælp to gange")]
    # Opening the week again edits the same entry, filled in with what was saved.
    assert "Du har allerede registreret" in again.text and 'value="15,5"' in again.text
    assert re.search(f'name="rating-{arranged.subgoal_ids[0]}" value="4" checked', again.text)


async def test_a_double_submitted_form_stores_one_entry(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    url = f"/forloeb/{arranged.placement_id}/logbog"
    async with login_as(arranged.company_contact_id) as contact:
        results = await asyncio.gather(
            *(contact.post(url, data=_form(arranged), headers=HTML, follow_redirects=False) for _ in range(2))
        )
        assert [r.status_code for r in results] == [303, 303]
        late = await contact.post(url, data=_form(arranged), headers=HTML, follow_redirects=False)
        assert late.status_code == 303
    assert await db.scalar(select(func.count()).select_from(WeeklyLog)) == 1
    assert await db.scalar(select(func.count()).select_from(SubGoalRating)) == 1


async def test_mistakes_are_shown_beside_their_fields_and_nothing_typed_is_lost(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    second = arranged.subgoal_ids[1]
    typed = _form(arranged, placement_hours="fjorten", ordinary_hours="90", **{f"rating-{second}": "9"})
    async with login_as(arranged.mentor_id) as mentor:
        response = await mentor.post(f"/forloeb/{arranged.placement_id}/logbog", data=typed, headers=HTML)
    assert response.status_code == 400
    page = response.text
    assert 'role="alert"' in page and "Registreringen er ikke gemt endnu" in page
    assert 'id="error-placement_hours"' in page and 'id="error-ordinary_hours"' in page
    assert f'id="error-rating-{second}"' in page and "Vælg en vurdering fra 1 til 5." in page
    assert 'aria-describedby="error-placement_hours"' in page and 'value="fjorten"' in page and 'value="90"' in page
    assert re.search(f'name="rating-{arranged.subgoal_ids[0]}" value="4" checked', page)
    assert "Spurgte selv om hjælp to gange" in page and "Tog selv telefonen, da kunden ringede" in page
    assert 'id="error-absence_hours"' not in page
    assert await db.scalar(select(func.count()).select_from(WeeklyLog)) == 0
    # The page showed the placement again: that read is audited although the request answered 400.
    reads = await db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.citizen_id == arranged.citizen_id,
            AuditEvent.object_type == "weekly_log",
            AuditEvent.action == "read",
        )
    )
    assert reads == 1


async def test_a_note_without_a_rating_asks_for_the_rating_instead_of_being_dropped(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    second = arranged.subgoal_ids[1]
    typed = _form(arranged, **{f"note-{second}": "Virkede træt om morgenen"})
    async with login_as(arranged.mentor_id) as mentor:
        response = await mentor.post(f"/forloeb/{arranged.placement_id}/logbog", data=typed, headers=HTML)
    assert response.status_code == 400
    assert f'id="error-rating-{second}"' in response.text and "Virkede træt om morgenen" in response.text
    assert await db.scalar(select(func.count()).select_from(WeeklyLog)) == 0


async def test_placement_and_absence_hours_beyond_a_week_are_refused_beside_the_placement_hours(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    typed = _form(arranged, placement_hours="60", absence_hours="30")
    async with login_as(arranged.mentor_id) as mentor:
        response = await mentor.post(f"/forloeb/{arranged.placement_id}/logbog", data=typed, headers=HTML)
    assert response.status_code == 400
    assert 'id="error-placement_hours"' in response.text and "tilsammen højst være 80" in response.text
    assert await db.scalar(select(func.count()).select_from(WeeklyLog)) == 0


async def test_a_week_that_cannot_be_written_is_explained_and_the_form_shows_this_week(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    future = add_weeks(current_week(), 1)
    async with login_as(arranged.mentor_id) as mentor:
        shown = await mentor.get(f"/forloeb/{arranged.placement_id}/logbog?week={future}", headers=HTML)
        assert shown.status_code == 200
        assert f"Uge {_week_number(future)} er ikke begyndt endnu." in shown.text
        assert f'name="week" value="{current_week()}"' in shown.text
        posted = await mentor.post(
            f"/forloeb/{arranged.placement_id}/logbog", data=_form(arranged, week=future), headers=HTML
        )
        assert posted.status_code == 400 and "er ikke begyndt endnu" in posted.text
        assert 'value="15,5"' in posted.text
    assert await db.scalar(select(func.count()).select_from(WeeklyLog)) == 0


async def test_a_citizen_gets_403_and_a_foreign_placement_404_on_the_form(client, make_placement, login_as) -> None:
    arranged, other = await make_placement(), await make_placement()
    async with login_as(arranged.citizen_user_id) as citizen:
        assert (await citizen.get(f"/forloeb/{arranged.placement_id}/logbog", headers=HTML)).status_code == 403
        refused = await citizen.post(f"/forloeb/{arranged.placement_id}/logbog", data=_form(arranged), headers=HTML)
        assert refused.status_code == 403
    async with login_as(arranged.mentor_id) as mentor:
        foreign = await mentor.get(f"/forloeb/{other.placement_id}/logbog", headers=HTML)
        assert foreign.status_code == 404 and "Borger" not in foreign.text
        posted = await mentor.post(f"/forloeb/{other.placement_id}/logbog", data=_form(other), headers=HTML)
        assert posted.status_code == 404


async def test_only_the_consultant_can_keep_an_entry_internal(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    url = f"/forloeb/{arranged.placement_id}/logbog"
    async with login_as(arranged.consultant_id) as consultant:
        assert 'name="internal"' in (await consultant.get(url, headers=HTML)).text
        saved = await consultant.post(url, data=_form(arranged, internal="1"), headers=HTML, follow_redirects=False)
        assert saved.status_code == 303
        assert "Kun til jobcentret" in (await consultant.get(saved.headers["location"], headers=HTML)).text
    async with login_as(arranged.mentor_id) as mentor:
        refused = await mentor.post(url, data=_form(arranged, internal="1"), headers=HTML)
        assert refused.status_code == 400 and "Kun konsulenten kan holde en registrering internt." in refused.text
    shared = dict((await db.execute(select(WeeklyLog.author_role, WeeklyLog.shared))).all())
    assert shared == {"consultant": False}


async def test_the_form_speaks_english_when_asked(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.mentor_id) as mentor:
        page = (
            await mentor.get(f"/forloeb/{arranged.placement_id}/logbog", headers={**HTML, "accept-language": "en"})
        ).text
    for text in ("Not started", "Nearly reached", "Placement hours", "Small steps this week", "Save week"):
        assert text in page


async def test_the_forms_old_paths_answer_301_to_the_new_ones(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    week = current_week()
    async with login_as(arranged.mentor_id) as mentor:
        form = await mentor.get(f"/placements/{arranged.placement_id}/log?week={week}", follow_redirects=False)
        receipt = await mentor.get(f"/placements/{arranged.placement_id}/log/{week}", follow_redirects=False)
        followed = await mentor.get(f"/placements/{arranged.placement_id}/log", headers=HTML, follow_redirects=True)
    assert form.status_code == receipt.status_code == 301
    moved = httpx.URL(form.headers["location"])
    assert (moved.path, moved.query) == (f"/forloeb/{arranged.placement_id}/logbog", f"week={week}".encode())
    assert httpx.URL(receipt.headers["location"]).path == f"/forloeb/{arranged.placement_id}/logbog/{week}"
    assert followed.status_code == 200 and f'name="week" value="{week}"' in followed.text
