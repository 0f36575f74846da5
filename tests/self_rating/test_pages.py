"""The citizen rates their own week on /mig: the anchored scale, saved and shown again, earlier weeks, refusals."""

from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from goals.weeks import add_weeks, format_week
from placement.clock import SYSTEM_CLOCK
from placement.db.models import AuditEvent, SelfRating, SelfSubGoalRating

HTML = {"accept": "text/html"}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _checked(page: str, subgoal_id: object) -> list[str]:
    return re.findall(rf'name="rating-{subgoal_id}" value="(\d)" checked', page)


async def test_the_citizen_rates_this_week_on_their_page_and_sees_it_saved(db, make_placement, login_as) -> None:
    arranged = await make_placement()
    week = format_week(SYSTEM_CLOCK.today())
    first, second = arranged.subgoal_ids[:2]
    async with login_as(arranged.citizen_user_id) as citizen:
        page = await citizen.get("/mig")
        text = _text(page.text)
        assert "Din egen vurdering af uge" in text
        # The anchored words of every step, as the observers' form has them.
        for words in ("Ikke startet", "Lidt på vej", "Halvvejs", "Næsten nået", "Nået"):
            assert words in text
        saved = await citizen.post(
            f"/forloeb/{arranged.placement_id}/egen-vurdering",
            data={"week": week, f"rating-{first}": "4", f"rating-{second}": "", "note": "Jeg kom hver dag"},
            headers=HTML,
            follow_redirects=False,
        )
        assert saved.status_code == 303
        again = await citizen.get(saved.headers["location"])
    assert "er gemt" in _text(again.text)
    assert _checked(again.text, first) == ["4"] and _checked(again.text, second) == []
    assert "Jeg kom hver dag" in again.text
    row = await db.scalar(select(SelfRating))
    assert row is not None and row.week == week
    reads = await db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.object_type == "self_rating", AuditEvent.action == "read")
    )
    assert reads >= 2


async def test_an_earlier_week_can_be_picked_and_changed(db, make_placement, login_as) -> None:
    arranged = await make_placement()
    earlier = add_weeks(format_week(SYSTEM_CLOCK.today()), -1)
    goal = arranged.subgoal_ids[0]
    async with login_as(arranged.citizen_user_id) as citizen:
        picked = await citizen.get(f"/mig?week={earlier}")
        assert f'name="week" value="{earlier}"' in picked.text
        for rating in ("2", "3"):
            saved = await citizen.post(
                f"/forloeb/{arranged.placement_id}/egen-vurdering",
                data={"week": earlier, f"rating-{goal}": rating},
                headers=HTML,
                follow_redirects=False,
            )
            assert saved.status_code == 303
        shown = await citizen.get(f"/mig?week={earlier}")
    assert _checked(shown.text, goal) == ["3"]
    assert await db.scalar(select(func.count()).select_from(SelfSubGoalRating)) == 1


async def test_a_refused_save_shows_the_form_again_and_stores_nothing(db, make_placement, login_as) -> None:
    arranged, other = await make_placement(), await make_placement()
    week = format_week(SYSTEM_CLOCK.today())
    async with login_as(arranged.citizen_user_id) as citizen:
        refused = await citizen.post(
            f"/forloeb/{arranged.placement_id}/egen-vurdering",
            data={"week": week, f"rating-{other.subgoal_ids[0]}": "3", f"rating-{arranged.subgoal_ids[0]}": "9"},
            headers=HTML,
            follow_redirects=False,
        )
    assert refused.status_code == 400
    assert "Din vurdering er ikke gemt endnu" in _text(refused.text)
    assert await db.scalar(select(func.count()).select_from(SelfRating)) == 0
    async with login_as(arranged.mentor_id) as mentor:
        posted = await mentor.post(
            f"/forloeb/{arranged.placement_id}/egen-vurdering",
            data={"week": week, f"rating-{arranged.subgoal_ids[0]}": "3"},
            headers=HTML,
            follow_redirects=False,
        )
    assert posted.status_code == 403
    assert await db.scalar(select(func.count()).select_from(SelfRating)) == 0
