"""The outcomes API: the consultant records end, 3m and 6m; every bad input is refused naming its field."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from placement.clock import Clock
from placement.db.models import AuditEvent, Outcome, Placement, PlacementStatus

# Today is 10 July 2026. The arranged placement ran 5 January to 5 April: its end and its 3-month follow-up
# (5 July) are due, the 6-month one (5 October) can be recorded from 21 September.
TODAY = dt.date(2026, 7, 10)
START = dt.date(2026, 1, 5)
END = dt.date(2026, 4, 5)


@pytest.fixture
def clock() -> Clock:
    return Clock.fixed(dt.datetime(2026, 7, 10, 10, 0, tzinfo=dt.UTC))


def _url(arranged, checkpoint: str = "end") -> str:
    return f"/api/placements/{arranged.placement_id}/outcomes/{checkpoint}"


JOB = {"date": "2026-04-05", "status": "ordinary_job", "ordinary_hours_per_week": 15, "note": "Fastansat i bageriet"}


async def test_the_consultant_records_the_end_outcome_then_corrects_it(client, db, make_placement, login_as) -> None:
    arranged = await make_placement(start=START)
    async with login_as(arranged.consultant_id) as consultant:
        first = await consultant.put(_url(arranged), json=JOB)
        assert first.status_code == 201, first.text
        body = first.json()
        assert (body["checkpoint"], body["status"], body["ordinary_hours_per_week"], body["version"]) == (
            "end",
            "ordinary_job",
            15,
            1,
        )
        assert body["date"] == "2026-04-05" and body["note"] == "Fastansat i bageriet"
        again = await consultant.put(_url(arranged), json={"date": "2026-04-06", "status": "education"})
        assert again.status_code == 200 and again.json()["status"] == "education"
        assert again.json()["ordinary_hours_per_week"] is None and again.json()["version"] == 2
        listed = await consultant.get(f"/api/placements/{arranged.placement_id}/outcomes")
    assert listed.status_code == 200
    by_checkpoint = {c["checkpoint"]: c for c in listed.json()}
    assert list(by_checkpoint) == ["end", "3m", "6m"]
    assert by_checkpoint["end"]["outcome"]["status"] == "education"
    assert by_checkpoint["3m"]["due_on"] == "2026-07-05" and by_checkpoint["3m"]["outcome"] is None
    assert by_checkpoint["6m"]["earliest_on"] == "2026-09-21"
    assert await db.scalar(select(func.count()).select_from(Outcome)) == 1
    audited = {
        (action, purpose)
        for action, purpose in (
            await db.execute(
                select(AuditEvent.action, AuditEvent.purpose).where(
                    AuditEvent.object_type == "outcome", AuditEvent.citizen_id == arranged.citizen_id
                )
            )
        ).all()
    }
    assert audited == {("write", "outcome end"), ("update", "outcome end"), ("read", "outcomes")}


async def test_the_three_month_outcome_is_recorded_once_it_is_due(client, make_placement, login_as) -> None:
    arranged = await make_placement(start=START)
    async with login_as(arranged.consultant_id) as consultant:
        done = await consultant.put(
            _url(arranged, "3m"), json={"date": "2026-07-06", "status": "flex_job", "ordinary_hours_per_week": 12.5}
        )
        early = await consultant.put(_url(arranged, "6m"), json={"date": "2026-07-06", "status": "none"})
    assert done.status_code == 201 and done.json()["ordinary_hours_per_week"] == 12.5
    assert early.status_code == 422 and early.json()["field"] == "checkpoint"
    assert "2026-10-05" in early.json()["detail"] and "2026-09-21" in early.json()["detail"]


async def test_an_ended_placement_counts_from_the_day_it_was_ended(client, db, make_placement, login_as) -> None:
    arranged = await make_placement(start=dt.date(2026, 5, 4), weeks=26)
    placement = await db.get(Placement, arranged.placement_id)
    placement.status, placement.ended_on = PlacementStatus.ENDED, dt.date(2026, 7, 1)
    await db.commit()
    async with login_as(arranged.consultant_id) as consultant:
        before = await consultant.put(_url(arranged), json={"date": "2026-06-30", "status": "unknown"})
        done = await consultant.put(_url(arranged), json={"date": "2026-07-01", "status": "unknown"})
    assert before.status_code == 422 and before.json()["field"] == "date"
    assert done.status_code == 201


@pytest.mark.parametrize(
    ("checkpoint", "body", "status", "field"),
    [
        ("1y", {"date": "2026-04-05", "status": "none"}, 400, "checkpoint"),
        ("end", {"date": "2026-04-05", "status": "employed"}, 400, "status"),
        ("end", {"date": "2026-07-11", "status": "none"}, 422, "date"),
        ("end", {"date": "2026-04-04", "status": "none"}, 422, "date"),
        ("3m", {"date": "2026-06-20", "status": "none"}, 422, "date"),
        ("end", {"date": "1999-12-31", "status": "none"}, 400, "date"),
        ("end", {"date": "5 april", "status": "none"}, 400, "date"),
        (
            "end",
            {"date": "2026-04-05", "status": "ordinary_job", "ordinary_hours_per_week": 81},
            400,
            "ordinary_hours_per_week",
        ),
        (
            "end",
            {"date": "2026-04-05", "status": "ordinary_job", "ordinary_hours_per_week": -1},
            400,
            "ordinary_hours_per_week",
        ),
        ("end", {"date": "2026-04-05", "status": "ordinary_job"}, 422, "ordinary_hours_per_week"),
        ("end", {"date": "2026-04-05", "status": "flex_job"}, 422, "ordinary_hours_per_week"),
        (
            "end",
            {"date": "2026-04-05", "status": "education", "ordinary_hours_per_week": 10},
            422,
            "ordinary_hours_per_week",
        ),
        ("end", {"date": "2026-04-05", "status": "none", "note": "x" * 2001}, 400, "note"),
        ("end", {"date": "2026-04-05", "status": "none", "note": "CPR 010190-1234"}, 400, "note"),
        ("end", {"date": "2026-04-05", "status": "none", "extra": 1}, 400, "extra"),
    ],
)
async def test_bad_input_is_refused_naming_the_field(
    client, db, make_placement, login_as, checkpoint, body, status, field
) -> None:
    arranged = await make_placement(start=START)
    async with login_as(arranged.consultant_id) as consultant:
        refused = await consultant.put(_url(arranged, checkpoint), json=body)
    assert refused.status_code == status, refused.text
    assert field in (refused.json().get("field") or refused.json()["detail"])
    assert await db.scalar(select(func.count()).select_from(Outcome)) == 0


async def test_a_placement_that_has_not_ended_has_no_outcome_yet(client, make_placement, login_as) -> None:
    arranged = await make_placement(start=dt.date(2026, 6, 1))
    async with login_as(arranged.consultant_id) as consultant:
        refused = await consultant.put(_url(arranged), json={"date": "2026-07-10", "status": "none"})
    assert refused.status_code == 422 and refused.json()["field"] == "checkpoint"
    assert "has not ended" in refused.json()["detail"]


async def test_if_match_guards_against_overwriting_a_newer_outcome(client, make_placement, login_as) -> None:
    arranged = await make_placement(start=START)
    async with login_as(arranged.consultant_id) as consultant:
        assert (await consultant.put(_url(arranged), json=JOB, headers={"If-Match": "0"})).status_code == 201
        again = await consultant.put(_url(arranged), json=JOB, headers={"If-Match": "0"})
        stale = await consultant.put(_url(arranged), json=JOB, headers={"If-Match": "7"})
        fresh = await consultant.put(_url(arranged), json={**JOB, "note": "Rettet"}, headers={"If-Match": '"1"'})
        none_yet = await consultant.put(
            _url(arranged, "3m"), json={"date": "2026-07-06", "status": "none"}, headers={"If-Match": "1"}
        )
    assert again.status_code == 409 and again.json()["field"] == "If-Match"
    assert stale.status_code == 409 and "version 1" in stale.json()["detail"]
    assert fresh.status_code == 200 and fresh.json()["version"] == 2
    assert none_yet.status_code == 409


async def test_a_foreign_placement_is_not_found_and_other_roles_are_refused(client, make_placement, login_as) -> None:
    own, foreign = await make_placement(start=START), await make_placement(start=START)
    async with login_as(own.consultant_id) as consultant:
        assert (await consultant.put(_url(foreign), json=JOB)).status_code == 404
        assert (await consultant.get(f"/api/placements/{foreign.placement_id}/outcomes")).status_code == 404
    for role in ("company_contact", "mentor", "citizen"):
        async with login_as(own.actor(role).user_id) as party:
            assert (await party.put(_url(own), json=JOB)).status_code == 403
            assert (await party.get(f"/api/placements/{own.placement_id}/outcomes")).status_code == 403
