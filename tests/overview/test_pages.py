"""The consultant's start page /oversigt: each placement's recommendation and links to its log, progress and
follow-up."""

from __future__ import annotations

import datetime as dt

from goals.weeks import format_week
from placement.db.models import Role, WeeklyLog


async def test_each_case_shows_its_verdict_and_links_to_log_progress_and_follow_up(
    client, db, make_placement, add_history, login_as, read_page
) -> None:
    arranged = await make_placement()
    await add_history(arranged)
    async with login_as(arranged.consultant_id) as consultant:
        verdict = (await consultant.get(f"/api/placements/{arranged.placement_id}/progress")).json()["recommendation"]
        case = read_page((await consultant.get("/oversigt")).text).one("li", class_="case")
    words = {"continue": "Fortsæt forløbet", "adjust": "Justér forløbet", "consider_ending": "Overvej at afslutte"}
    assert case.one("p", class_="verdict").text == f"Anbefaling: {words[verdict['verdict']]}"
    base = f"/forloeb/{arranged.placement_id}"
    links = [a.attrs["href"] for a in case.one("ul", class_="case-links").all("a")]
    assert links == [f"{base}/logbog", f"{base}/fremskridt", f"{base}/beslutning"]


async def test_a_week_the_consultant_logged_links_to_its_receipt(client, db, make_placement, login_as, read_page):
    arranged = await make_placement()
    week = format_week(dt.date.today())
    db.add(
        WeeklyLog(
            placement_id=arranged.placement_id,
            week=week,
            author_id=arranged.consultant_id,
            author_role=Role.CONSULTANT,
            placement_hours=10,
            ordinary_hours=0,
            absence_hours=0,
        )
    )
    await db.commit()
    async with login_as(arranged.consultant_id) as consultant:
        case = read_page((await consultant.get("/oversigt")).text).one("li", class_="case")
    first = case.one("ul", class_="case-links").all("a")[0]
    assert first.attrs["href"] == f"/forloeb/{arranged.placement_id}/logbog/{week}"
    assert first.text.startswith(f"Logget for uge {int(week[-2:])}")
    assert case.one("p", class_="verdict").text == "Anbefaling: For tidligt at sige"
