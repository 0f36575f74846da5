"""The leader's start page /ledelse: a plain page that says management information comes, with no case data."""

from __future__ import annotations

from sqlalchemy import func, select

from placement.db.models import AuditEvent, Citizen


async def test_the_leader_page_says_what_comes_and_shows_no_case_data(
    client, db, make_placement, make_user, login_as, read_page
) -> None:
    arranged = await make_placement()
    citizen = (await db.get(Citizen, arranged.citizen_id)).name  # type: ignore[union-attr]
    leader = await make_user("leader")
    before = await db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.citizen_id.is_not(None)))
    async with login_as(leader.id) as person:
        response = await person.get("/ledelse")
    assert response.status_code == 200
    main = read_page(response.text).one("main")
    assert "Ledelsesinformationen kommer i næste version af tjenesten." in main.text
    assert citizen not in response.text and str(arranged.placement_id) not in response.text
    after = await db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.citizen_id.is_not(None)))
    assert after == before  # nothing of a citizen was read


async def test_only_the_leader_has_the_page(client, make_placement, make_user, login_as) -> None:
    arranged = await make_placement()
    for user_id in (
        arranged.consultant_id,
        arranged.mentor_id,
        arranged.citizen_user_id,
        (await make_user("admin")).id,
    ):
        async with login_as(user_id) as other:
            assert (await other.get("/ledelse")).status_code == 403
