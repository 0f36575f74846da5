"""The overview says when each citizen's next self-assessment is due, flags one that is late, and flags a placement
whose period is used up as a decision to take, never as a plain "continue"."""

from __future__ import annotations

import datetime as dt

# The date as a Danish reader reads it ("17. december 2026"), spelt by the recommendation's own wording.
from goals.wording import date_da as _date_da
from placement.db.models import Assessment, AssessmentAnswer, Role


async def _answered(db, arranged, on: dt.date) -> None:  # type: ignore[no-untyped-def]
    db.add(
        Assessment(
            placement_id=arranged.placement_id,
            assessed_on=on,
            recorded_by_id=arranged.citizen_user_id,
            recorded_by_role=Role.CITIZEN,
            answers=[AssessmentAnswer(question_key="A1", factor="A", value=3)],
        )
    )
    await db.commit()


async def test_the_next_self_assessment_is_14_days_after_the_latest_and_a_missed_one_is_flagged(
    client, db, make_placement, login_as, read_page
) -> None:
    today = dt.date.today()
    on_time = await make_placement(start=today - dt.timedelta(weeks=2))
    late = await make_placement(consultant_id=on_time.consultant_id, start=today - dt.timedelta(weeks=5))
    never = await make_placement(consultant_id=on_time.consultant_id, start=today - dt.timedelta(days=3))
    await _answered(db, on_time, today - dt.timedelta(days=4))
    await _answered(db, late, today - dt.timedelta(days=20))
    async with login_as(on_time.consultant_id) as consultant:
        rows = {r["placement_id"]: r for r in (await consultant.get("/api/overview")).json()}
        page = read_page((await consultant.get("/oversigt")).text)
    assert rows[str(on_time.placement_id)]["next_self_assessment"] == (today + dt.timedelta(days=10)).isoformat()
    assert rows[str(on_time.placement_id)]["self_assessment_late"] is False
    assert rows[str(late.placement_id)]["next_self_assessment"] == (today - dt.timedelta(days=6)).isoformat()
    assert rows[str(late.placement_id)]["self_assessment_late"] is True
    # None yet: the first was due at the start.
    assert rows[str(never.placement_id)]["next_self_assessment"] == (today - dt.timedelta(days=3)).isoformat()
    assert rows[str(never.placement_id)]["self_assessment_late"] is True
    cases = {case.one("h2").one("a").attrs["href"].split("/")[2]: case for case in page.all("li", class_="case")}
    on_time_case, late_case = cases[str(on_time.placement_id)], cases[str(late.placement_id)]
    assert f"Borgerens næste måling senest {_date_da(today + dt.timedelta(days=10))}" in on_time_case.text
    chips = [chip.text for chip in late_case.all("li", class_="alert-chip")]
    assert f"Borgerens måling er forsinket (senest {_date_da(today - dt.timedelta(days=6))})" in chips


async def test_a_placement_in_its_last_week_is_flagged_as_a_decision_to_take(
    client, db, make_placement, add_history, login_as, read_page
) -> None:
    today = dt.date.today()
    # Four weeks from a Monday: this week is the last.
    monday = today - dt.timedelta(days=today.weekday())
    last_week = await make_placement(start=monday - dt.timedelta(weeks=3), weeks=4)
    midway = await make_placement(consultant_id=last_week.consultant_id)
    await add_history(last_week)
    await add_history(midway)
    async with login_as(last_week.consultant_id) as consultant:
        rows = {r["placement_id"]: r for r in (await consultant.get("/api/overview")).json()}
        page = read_page((await consultant.get("/oversigt")).text)
    assert rows[str(last_week.placement_id)]["decision_due"] is True
    assert rows[str(midway.placement_id)]["decision_due"] is False
    due = [c for c in page.all("li", class_="case") if "Beslutning om forlængelse" in c.text]
    assert len(due) == 1
    assert "Fortsæt forløbet" not in due[0].one("p", class_="verdict").text
