"""The citizen's own weekly rating through the API: 201 then 200, refusals that store nothing, only the citizen."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from goals.weeks import add_weeks, format_week
from placement.clock import SYSTEM_CLOCK
from placement.db.models import AuditEvent, SelfRating, SelfSubGoalRating, SubGoalRating, WeeklyLog


def current_week() -> str:
    return format_week(SYSTEM_CLOCK.today())


def _url(arranged, week: str | None = None) -> str:  # type: ignore[no-untyped-def]
    return f"/api/placements/{arranged.placement_id}/self-rating/{week or current_week()}"


def _body(arranged, *ratings: int, note: str = "") -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "ratings": [
            {"subgoal_id": str(goal), "rating": rating}
            for goal, rating in zip(arranged.subgoal_ids, ratings, strict=False)
        ],
        "note": note,
    }


async def _counts(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return (
        await db.scalar(select(func.count()).select_from(SelfRating)),
        await db.scalar(select(func.count()).select_from(SelfSubGoalRating)),
    )


async def test_the_first_put_creates_and_the_next_replaces_the_week_as_a_whole(db, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.citizen_user_id) as citizen:
        first = await citizen.put(_url(arranged), json=_body(arranged, 2, 3, note="En hård uge"))
        assert first.status_code == 201, first.text
        assert first.json()["author_role"] == "citizen" and first.json()["note"] == "En hård uge"
        assert sorted(r["rating"] for r in first.json()["ratings"]) == [2, 3]
        second = await citizen.put(_url(arranged), json=_body(arranged, 4))
        assert second.status_code == 200, second.text
        assert [r["rating"] for r in second.json()["ratings"]] == [4] and second.json()["note"] == ""
    assert await _counts(db) == (1, 1)
    # Kept apart from the observers' log: nothing of it lands there.
    assert await db.scalar(select(func.count()).select_from(WeeklyLog)) == 0
    assert await db.scalar(select(func.count()).select_from(SubGoalRating)) == 0
    writes = await db.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.object_type == "self_rating")
    )
    assert writes == 2


async def test_bad_ratings_are_refused_naming_the_field_and_nothing_is_stored(db, make_placement, login_as) -> None:
    arranged, other = await make_placement(), await make_placement()
    goal = str(arranged.subgoal_ids[0])
    cases = {
        "ratings[0].subgoal_id": {"ratings": [{"subgoal_id": str(other.subgoal_ids[0]), "rating": 3}]},
        "ratings[0].rating": {"ratings": [{"subgoal_id": goal, "rating": 6}]},
        "ratings[1].subgoal_id": {"ratings": [{"subgoal_id": goal, "rating": 3}, {"subgoal_id": goal, "rating": 4}]},
        "ratings[0].note": {"ratings": [{"subgoal_id": goal, "rating": 3, "note": "x" * 501}]},
        "note": {"ratings": [{"subgoal_id": goal, "rating": 3}], "note": "x" * 4001},
    }
    async with login_as(arranged.citizen_user_id) as citizen:
        for field, body in cases.items():
            response = await citizen.put(_url(arranged), json=body)
            assert response.status_code == 400, (field, response.text)
            assert field in response.text, (field, response.text)
        unknown = await citizen.put(_url(arranged), json={"ratings": [{"subgoal_id": str(uuid.uuid4()), "rating": 3}]})
        assert unknown.status_code == 400 and "subgoal_id" in unknown.text
        zero = await citizen.put(_url(arranged), json={"ratings": [{"subgoal_id": goal, "rating": 0}]})
        assert zero.status_code == 400 and "rating" in zero.text
        typed = await citizen.put(_url(arranged), json={"ratings": [{"subgoal_id": goal, "rating": "3"}]})
        assert typed.status_code == 400 and "rating" in typed.text
    assert await _counts(db) == (0, 0)


async def test_the_weekly_logs_week_rules_hold_for_the_own_rating(db, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.citizen_user_id) as citizen:
        future = await citizen.put(_url(arranged, add_weeks(current_week(), 1)), json=_body(arranged, 3))
        before = await citizen.put(_url(arranged, add_weeks(current_week(), -10)), json=_body(arranged, 3))
        malformed = await citizen.put(_url(arranged, "2026-48"), json=_body(arranged, 3))
        earlier = await citizen.put(_url(arranged, add_weeks(current_week(), -2)), json=_body(arranged, 3))
    assert future.status_code == 422 and "week" in future.text
    assert before.status_code == 422 and "week" in before.text
    assert malformed.status_code == 400 and "week" in malformed.text
    assert earlier.status_code == 201
    assert await _counts(db) == (1, 1)


async def test_only_the_placements_citizen_writes_and_a_foreign_placement_is_not_found(
    db, make_placement, login_as
) -> None:
    arranged, other = await make_placement(), await make_placement()
    for user_id in (arranged.consultant_id, arranged.company_contact_id, arranged.mentor_id):
        async with login_as(user_id) as observer:
            assert (await observer.put(_url(arranged), json=_body(arranged, 3))).status_code == 403
    async with login_as(arranged.citizen_user_id) as citizen:
        foreign = await citizen.put(_url(other), json=_body(other, 3))
        missing = await citizen.put(
            f"/api/placements/{uuid.uuid4()}/self-rating/{current_week()}", json=_body(other, 3)
        )
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert await _counts(db) == (0, 0)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; scripts/setup installs it")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )


async def test_the_citizens_notes_reach_the_jobcenter_and_never_the_company_or_mentor(
    make_placement, login_as, tmp_path
) -> None:
    arranged = await make_placement()
    secret, goal_secret = "Ondt i ryggen igen", "Tog piller"
    body = {"ratings": [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": 2, "note": goal_secret}], "note": secret}
    async with login_as(arranged.citizen_user_id) as citizen:
        assert (await citizen.put(_url(arranged), json=body)).status_code == 201
    base = f"/api/placements/{arranged.placement_id}"
    async with login_as(arranged.consultant_id) as consultant:
        seen = (await consultant.get(f"{base}/self-rating")).json()
        jobcenter_page = await consultant.get(f"/forloeb/{arranged.placement_id}/fremskridt")
        jobcenter_pdf = await consultant.get(f"{base}/report.pdf?audience=jobcenter")
    assert seen[0]["note"] == secret and seen[0]["ratings"][0]["note"] == goal_secret
    assert secret in jobcenter_page.text and secret in pdf_text(jobcenter_pdf.content, tmp_path)
    for user_id in (arranged.company_contact_id, arranged.mentor_id):
        async with login_as(user_id) as party:
            listed = await party.get(f"{base}/self-rating")
            paths = [f"{base}/progress", f"/forloeb/{arranged.placement_id}/fremskridt", f"{base}/log"]
            others = [await party.get(path) for path in paths]
            pdf = await party.get(f"{base}/report.pdf?audience=company")
        assert listed.status_code == 200
        assert listed.json()[0]["ratings"][0]["rating"] == 2 and listed.json()[0]["note"] is None
        for response in [listed, *others]:
            assert secret not in response.text and goal_secret not in response.text
        text = pdf_text(pdf.content, tmp_path)
        assert pdf.status_code == 200 and "Borgeren selv" in text
        assert secret not in text and goal_secret not in text
