"""The decision page: the recommendation beside the form, a refusal shown on the page, the decision kept."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from placement.db.models import AuditEvent, PlacementDecision

HTML = {"accept": "text/html"}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


async def test_the_decision_page_shows_the_recommendation_and_keeps_the_verdict_seen_with_the_decision(
    client, db, make_placement, add_history, login_as
) -> None:
    arranged = await make_placement()
    await add_history(arranged)
    url = f"/forloeb/{arranged.placement_id}/beslutning"
    async with login_as(arranged.consultant_id) as consultant:
        page = await consultant.get(url, headers=HTML)
        assert page.status_code == 200 and "Anbefaling" in _text(page.text)
        seen = re.search(r'name="verdict_shown" value="([a-z_]+)"', page.text)
        assert seen is not None
        done = await consultant.post(
            url,
            headers=HTML,
            follow_redirects=False,
            data={"decision": "adjust", "reason": "Flere ordinære timer", "verdict_shown": seen.group(1)},
        )
        assert done.status_code == 303
        assert done.headers["location"].endswith(f"/forloeb/{arranged.placement_id}#opfoelgning")
        again = _text((await consultant.get(url, headers=HTML)).text)
        assert "Justér" in again and "Flere ordinære timer" in again
    row = await db.scalar(select(PlacementDecision))
    assert row is not None and (row.decision, row.verdict_shown) == ("adjust", seen.group(1))


async def test_a_refused_decision_is_shown_on_the_page_and_keeps_the_audit_row_of_its_read(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        refused = await consultant.post(
            f"/forloeb/{arranged.placement_id}/beslutning", headers=HTML, data={"decision": "continue", "reason": " "}
        )
    assert refused.status_code == 400
    assert "Skriv en kort begrundelse (højst 4000 tegn)." in _text(refused.text)
    assert 'value="continue" checked' in refused.text
    assert await db.scalar(select(func.count()).select_from(PlacementDecision)) == 0
    reads = await db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.object_type == "progress", AuditEvent.citizen_id == arranged.citizen_id)
    )
    assert reads == 1


async def test_an_ended_placement_takes_no_more_decisions(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    url = f"/forloeb/{arranged.placement_id}/beslutning"
    async with login_as(arranged.consultant_id) as consultant:
        ended = await consultant.post(url, headers=HTML, data={"decision": "end", "reason": "Ordinært job"})
        assert ended.status_code == 303
        page = await consultant.get(url, headers=HTML)
        assert "Forløbet sluttede" in _text(page.text) and 'name="decision"' not in page.text
        late = await consultant.post(url, headers=HTML, data={"decision": "continue", "reason": "Alligevel"})
    assert late.status_code == 422
    assert "Forløbet er afsluttet, så der kan ikke træffes flere beslutninger." in _text(late.text)
