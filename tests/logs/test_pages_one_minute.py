"""The weekly log in one minute: no hours filled in unasked, last week's offered with one tap, small steps ticked."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from goals.weeks import add_weeks, format_week, parse_week
from placement.clock import SYSTEM_CLOCK
from placement.db.models import AuditEvent, SubGoalStep, WeeklyLog

HTML = {"accept": "text/html"}
OFFER = "Brug sidste uges timer"


def current_week() -> str:
    return format_week(SYSTEM_CLOCK.today())


def _number(week: str) -> int:
    return parse_week(week)[1]


def _hours_value(page: str, name: str) -> str:
    found = re.search(f'id="{name}" name="{name}" value="([^"]*)"', page)
    assert found, name
    return found.group(1)


async def _log(contact, arranged, week: str, placement_hours: float = 12, ordinary_hours: float = 3) -> None:  # type: ignore[no-untyped-def]
    response = await contact.put(
        f"/api/placements/{arranged.placement_id}/log/{week}",
        json={"placement_hours": placement_hours, "ordinary_hours": ordinary_hours, "absence_hours": 2, "ratings": []},
    )
    assert response.status_code == 201, response.text


async def test_a_new_week_starts_empty_and_a_saved_week_shows_its_own_hours(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    url = f"/forloeb/{arranged.placement_id}/logbog"
    async with login_as(arranged.company_contact_id) as contact:
        await _log(contact, arranged, add_weeks(current_week(), -1), 12, 3)
        new_week = (await contact.get(url, headers=HTML)).text
        await _log(contact, arranged, current_week(), 7.5, 1)
        saved_week = (await contact.get(url, headers=HTML)).text
    assert [_hours_value(new_week, n) for n in ("placement_hours", "ordinary_hours", "absence_hours")] == ["", "", ""]
    assert "udfyldt fra" not in new_week  # nothing says the hours were filled in, because they are not
    assert [_hours_value(saved_week, n) for n in ("placement_hours", "ordinary_hours", "absence_hours")] == [
        "7,5",
        "1",
        "2",
    ]
    assert OFFER not in saved_week  # the week has its own values: nothing to offer


async def test_last_weeks_hours_are_offered_only_when_last_week_has_an_entry(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    url = f"/forloeb/{arranged.placement_id}/logbog"
    async with login_as(arranged.mentor_id) as mentor:
        nothing = (await mentor.get(url, headers=HTML)).text
        await _log(mentor, arranged, add_weeks(current_week(), -2), 10, 0)
        two_weeks_ago = (await mentor.get(url, headers=HTML)).text
        await _log(mentor, arranged, add_weeks(current_week(), -1), 12.5, 3)
        last_week = (await mentor.get(url, headers=HTML)).text
        older_week = (await mentor.get(f"{url}?week={add_weeks(current_week(), -1)}", headers=HTML)).text
    assert OFFER not in nothing and 'id="use-previous-hours"' not in nothing
    assert OFFER not in two_weeks_ago  # an entry two weeks back is not last week's
    assert "Brug sidste uges timer (12,5 praktiktimer, 3 ordinære)" in last_week
    assert 'name="use_previous_hours" value="1" formnovalidate' in last_week
    assert OFFER not in older_week  # last week itself is logged; its week before is not
    # The other author's entry is theirs: the company contact is offered nothing.
    async with login_as(arranged.company_contact_id) as contact:
        assert OFFER not in (await contact.get(url, headers=HTML)).text


async def test_without_a_script_the_offer_fills_the_hours_keeps_what_was_typed_and_saves_nothing(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    first = arranged.subgoal_ids[0]
    async with login_as(arranged.company_contact_id) as contact:
        await _log(contact, arranged, add_weeks(current_week(), -1), 12, 3)
        response = await contact.post(
            f"/forloeb/{arranged.placement_id}/logbog",
            data={
                "week": current_week(),
                "placement_hours": "",
                "ordinary_hours": "",
                "absence_hours": "1",
                f"rating-{first}": "4",
                f"step-{first}-0": "1",
                "small_steps": "Hilste på alle",
                "use_previous_hours": "1",
            },
            headers=HTML,
        )
    assert response.status_code == 200
    page = response.text
    assert [_hours_value(page, n) for n in ("placement_hours", "ordinary_hours", "absence_hours")] == ["12", "3", "1"]
    assert f"Timerne fra uge {_number(add_weeks(current_week(), -1))} er sat ind, men ikke gemt endnu." in page
    assert re.search(f'name="rating-{first}" value="4" checked', page)
    assert f'name="step-{first}-0" value="1" checked' in page and "Hilste på alle" in page
    assert 'role="alert"' not in page
    saved = await db.scalar(select(func.count()).select_from(WeeklyLog).where(WeeklyLog.week == current_week()))
    assert saved == 0
    assert (
        await db.scalar(select(func.count()).select_from(SubGoalStep).where(SubGoalStep.reached_week.is_not(None))) == 0
    )


async def test_small_steps_ticked_on_the_form_are_saved_with_the_entry_and_shown_on_receipt_and_progress(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    first, second = arranged.subgoal_ids
    week = current_week()
    url = f"/forloeb/{arranged.placement_id}/logbog"
    async with login_as(arranged.company_contact_id) as contact:
        form = (await contact.get(url, headers=HTML)).text
        assert f'name="step-{first}-0" value="1"' in form and f'name="step-{second}-1" value="1"' in form
        assert "Første skridt" in form and "Andet skridt" in form
        saved = await contact.post(
            url,
            data={"week": week, "placement_hours": "12", f"rating-{first}": "3", f"step-{first}-1": "1"},
            headers=HTML,
            follow_redirects=False,
        )
        assert saved.status_code == 303
        receipt = (await contact.get(saved.headers["location"], headers=HTML)).text
        again = (await contact.get(url, headers=HTML)).text
        progress = (await contact.get(f"/api/placements/{arranged.placement_id}/progress")).json()
    assert 'Lille skridt nået: <span lang="da">Andet skridt</span>' in receipt
    assert receipt.count("Lille skridt nået") == 1
    assert 'href="/mine-forloeb">Til startsiden</a>' in receipt
    # The step reached is no longer a checkbox: it shows the week it was reached.
    assert f'name="step-{first}-1"' not in again and f"nået i uge {_number(week)}" in again
    assert f'name="step-{first}-0"' in again
    reached = (
        await db.execute(
            select(
                SubGoalStep.subgoal_id, SubGoalStep.position, SubGoalStep.reached_week, SubGoalStep.reached_by_role
            ).where(SubGoalStep.reached_week.is_not(None))
        )
    ).all()
    assert [(g, p, w, r.value) for g, p, w, r in reached] == [(first, 1, week, "company_contact")]
    steps = [s for s in progress["small_steps"] if s["kind"] == "step_reached"]
    assert steps == [
        {
            "week": week,
            "kind": "step_reached",
            "subgoal_id": str(first),
            "text": "Andet skridt",
            "seen_by": "company_contact",
        }
    ]
    changes = await db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.object_type == "subgoal", AuditEvent.object_id == str(first), AuditEvent.action == "update")
    )
    assert changes == 1


async def test_a_step_already_reached_keeps_its_first_week_and_observer(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    first = arranged.subgoal_ids[0]
    last_week = add_weeks(current_week(), -1)
    url = f"/forloeb/{arranged.placement_id}/logbog"
    async with login_as(arranged.mentor_id) as mentor:
        await mentor.post(url, data={"week": last_week, "placement_hours": "10", f"step-{first}-0": "1"}, headers=HTML)
    async with login_as(arranged.company_contact_id) as contact:
        saved = await contact.post(
            url,
            data={"week": current_week(), "placement_hours": "10", f"step-{first}-0": "1"},
            headers=HTML,
            follow_redirects=True,
        )
        assert saved.status_code == 200  # followed to the receipt
    step = await db.scalar(select(SubGoalStep).where(SubGoalStep.subgoal_id == first, SubGoalStep.position == 0))
    assert step is not None and (step.reached_week, step.reached_by_role.value) == (last_week, "mentor")  # type: ignore[union-attr]
    assert "Lille skridt nået" not in saved.text  # reached in an earlier week, not in this one


async def test_a_step_of_another_placements_subgoal_is_refused_and_nothing_is_saved(
    client, db, make_placement, login_as
) -> None:
    arranged, other = await make_placement(), await make_placement()
    foreign = other.subgoal_ids[0]
    async with login_as(arranged.company_contact_id) as contact:
        response = await contact.post(
            f"/forloeb/{arranged.placement_id}/logbog",
            data={"week": current_week(), "placement_hours": "12", f"step-{foreign}-0": "1"},
            headers=HTML,
        )
    assert response.status_code == 400
    assert "Registreringen er ikke gemt endnu" in response.text and 'value="12"' in response.text
    assert await db.scalar(select(func.count()).select_from(WeeklyLog)) == 0
    assert (
        await db.scalar(select(func.count()).select_from(SubGoalStep).where(SubGoalStep.reached_week.is_not(None))) == 0
    )
