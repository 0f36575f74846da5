"""The audit trail: a read that cannot be audited returns no data; the citizen sees uses of their data by role."""

from __future__ import annotations

from sqlalchemy import select

from placement.audit import services as audit
from placement.db.models import AuditEvent, AuditOutcome, User


async def test_a_read_whose_audit_row_cannot_be_written_fails_and_returns_no_data(
    client, make_placement, login_as, monkeypatch
) -> None:
    arranged = await make_placement()

    async def broken(*args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("the audit table is unavailable")

    monkeypatch.setattr(audit, "record", broken)
    monkeypatch.setattr("placement.placements.services.record", broken)
    async with login_as(arranged.consultant_id) as consultant:
        response = await consultant.get(f"/api/placements/{arranged.placement_id}")
    assert response.status_code == 500
    assert "Afklaring" not in response.text and str(arranged.citizen_id) not in response.text


async def test_a_refused_attempt_is_kept_as_denied_even_though_the_request_rolls_back(
    client, db, make_placement, login_as
) -> None:
    arranged, other = await make_placement(), await make_placement()
    async with login_as(other.consultant_id) as stranger:
        assert (await stranger.get(f"/api/placements/{arranged.placement_id}")).status_code == 404
    denied = (
        await db.execute(
            select(AuditEvent.actor_id, AuditEvent.object_id).where(AuditEvent.outcome == AuditOutcome.DENIED)
        )
    ).all()
    assert [(r.actor_id, r.object_id) for r in denied] == [(other.consultant_id, str(arranged.placement_id))]


async def test_the_citizen_sees_which_roles_used_their_data_but_not_who(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    mentor_name = await db.scalar(select(User.name).where(User.id == arranged.mentor_id))
    async with login_as(arranged.mentor_id) as mentor:
        await mentor.get(f"/api/placements/{arranged.placement_id}")
    async with login_as(arranged.citizen_user_id) as citizen:
        uses = await citizen.get("/api/me/data-use")
    assert uses.status_code == 200
    assert "mentor" in uses.text
    assert mentor_name not in uses.text and str(arranged.mentor_id) not in uses.text
