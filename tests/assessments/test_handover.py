"""A handover asks the new consultant for their own F within the configured days and flags it until they give it;
the jobcenter's PDF shows who held the case when, beside F, and no other party gets that."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import update

from goals.wording import date_da
from placement.db.models import CaseworkerAssessment, ConsultantAssignment, Placement

TODAY = dt.date.today()


async def _hand_over(db, arranged, to_id, *, days_ago: int) -> None:  # type: ignore[no-untyped-def]
    """The assignment record as a handover leaves it: the first consultant from the start, the new one since then."""
    start = TODAY - dt.timedelta(weeks=6)
    db.add_all(
        [
            ConsultantAssignment(
                placement_id=arranged.placement_id,
                consultant_id=arranged.consultant_id,
                assigned_by_id=arranged.consultant_id,
                assigned_at=dt.datetime.combine(start, dt.time(9), dt.UTC),
            ),
            ConsultantAssignment(
                placement_id=arranged.placement_id,
                consultant_id=to_id,
                assigned_by_id=to_id,
                assigned_at=dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(9), dt.UTC),
            ),
            CaseworkerAssessment(
                placement_id=arranged.placement_id,
                consultant_id=arranged.consultant_id,
                assessed_on=start,
                score=2,
                reason="Første vurdering",
                created_at=dt.datetime.combine(start, dt.time(10), dt.UTC),
            ),
        ]
    )
    await db.execute(
        update(Placement)
        .where(Placement.id == arranged.placement_id)
        .values(consultant_id=to_id, version=Placement.version + 1)
    )
    await db.commit()


def _chips(page, placement_id) -> list[str]:  # type: ignore[no-untyped-def]
    case = next(c for c in page.all("li", class_="case") if str(placement_id) in c.one("h2").one("a").attrs["href"])
    return [chip.text for chip in case.all("li", class_="alert-chip")]


async def test_after_a_handover_the_new_consultant_is_asked_for_their_own_f_until_they_give_it(
    client, db, make_placement, make_user, login, login_as, read_page
) -> None:
    admin, successor = await make_user("admin"), await make_user("consultant")
    arranged = await make_placement(start=TODAY - dt.timedelta(weeks=3))
    # As the placement's creation records it (the factory writes the rows directly).
    db.add(
        ConsultantAssignment(
            placement_id=arranged.placement_id,
            consultant_id=arranged.consultant_id,
            assigned_by_id=arranged.consultant_id,
            assigned_at=dt.datetime.now(dt.UTC) - dt.timedelta(weeks=3),
        )
    )
    await db.commit()
    await login(client, admin.email)
    moved = await client.post(
        "/api/admin/handover",
        json={"from_consultant_id": str(arranged.consultant_id), "to_consultant_id": str(successor.id)},
    )
    assert moved.status_code == 200
    due = TODAY + dt.timedelta(days=14)
    base = f"/api/placements/{arranged.placement_id}"
    async with login_as(successor.id) as consultant:
        row = next(
            r for r in (await consultant.get("/api/overview")).json() if r["placement_id"] == str(arranged.placement_id)
        )
        f_api = (await consultant.get(f"{base}/caseworker-assessments")).json()
        chips = _chips(read_page((await consultant.get("/oversigt")).text), arranged.placement_id)
        f_page = read_page((await consultant.get(f"/forloeb/{arranged.placement_id}/konsulentvurdering")).text)
        assert (row["own_view_due"], row["own_view_late"]) == (due.isoformat(), False)
        assert (f_api["own_view_due"], f_api["own_view_late"]) == (due.isoformat(), False)
        assert f"Overtaget sag: giv din egen vurdering (F) senest {date_da(due)}" in chips
        notice = f_page.one("div", class_="notice").text
        assert f"Du overtog sagen den {date_da(TODAY)}." in notice and f"senest {date_da(due)}" in notice
        given = await consultant.post(
            f"{base}/caseworker-assessments",
            json={"date": TODAY.isoformat(), "score": 3, "reason": "Mit eget indtryk efter første samtale"},
        )
        assert given.status_code == 201, given.text
        row = next(
            r for r in (await consultant.get("/api/overview")).json() if r["placement_id"] == str(arranged.placement_id)
        )
        f_api = (await consultant.get(f"{base}/caseworker-assessments")).json()
        chips = _chips(read_page((await consultant.get("/oversigt")).text), arranged.placement_id)
        f_page = read_page((await consultant.get(f"/forloeb/{arranged.placement_id}/konsulentvurdering")).text)
    assert (row["own_view_due"], row["own_view_late"]) == (None, False)
    assert f_api["own_view_due"] is None
    assert not [chip for chip in chips if "Overtaget sag" in chip]
    assert not f_page.all("div", class_="notice")


async def test_an_own_view_not_given_within_the_days_is_late_and_the_first_consultant_is_never_asked(
    db, make_placement, make_user, login_as, read_page
) -> None:
    successor = await make_user("consultant")
    handed = await make_placement(start=TODAY - dt.timedelta(weeks=6))
    kept = await make_placement(consultant_id=successor.id, start=TODAY - dt.timedelta(weeks=6))
    await _hand_over(db, handed, successor.id, days_ago=20)
    async with login_as(successor.id) as consultant:
        rows = {r["placement_id"]: r for r in (await consultant.get("/api/overview")).json()}
        page = read_page((await consultant.get("/oversigt")).text)
    due = TODAY - dt.timedelta(days=6)
    assert (rows[str(handed.placement_id)]["own_view_due"], rows[str(handed.placement_id)]["own_view_late"]) == (
        due.isoformat(),
        True,
    )
    assert f"Overtaget sag: din egen vurdering (F) er forsinket (senest {date_da(due)})" in _chips(
        page, handed.placement_id
    )
    assert rows[str(kept.placement_id)]["own_view_due"] is None


async def test_the_citizen_never_gets_the_flag(db, make_placement, make_user, login_as) -> None:
    successor = await make_user("consultant")
    arranged = await make_placement(start=TODAY - dt.timedelta(weeks=6))
    await _hand_over(db, arranged, successor.id, days_ago=3)
    async with login_as(arranged.citizen_user_id) as citizen:
        body = (await citizen.get(f"/api/placements/{arranged.placement_id}/caseworker-assessments")).json()
    assert body["own_view_due"] is None and body["own_view_late"] is False
    assert [h.get("name") for h in body["case_holders"]] == [None, None]


def _text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; scripts/setup installs it")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


async def test_the_jobcenter_pdf_shows_who_held_the_case_when_beside_f_and_no_other_version_does(
    db, make_placement, make_user, add_history, login_as, tmp_path
) -> None:
    successor = await make_user("consultant")
    arranged = await make_placement(start=TODAY - dt.timedelta(weeks=6))
    await add_history(arranged)
    await _hand_over(db, arranged, successor.id, days_ago=10)
    url = f"/api/placements/{arranged.placement_id}"
    async with login_as(successor.id) as consultant:
        given = await consultant.post(
            f"{url}/caseworker-assessments",
            json={"date": TODAY.isoformat(), "score": 4, "reason": "Mit eget indtryk"},
        )
        assert given.status_code == 201
        texts = {
            audience: _text(
                (await consultant.get(f"{url}/report.pdf", params={"audience": audience})).content, tmp_path
            )
            for audience in ("jobcenter", "company", "citizen")
        }
        names = [h["name"] for h in (await consultant.get(f"{url}/caseworker-assessments")).json()["case_holders"]]
    first, second = names
    jobcenter = texts["jobcenter"]
    assert "Hvem havde sagen hvornår" in jobcenter
    assert f"Konsulent 1: {first}" in jobcenter and f"Konsulent 2: {second}" in jobcenter
    # Each F stands with the consultant whose view it is.
    assert f"2 ({date_da(TODAY - dt.timedelta(weeks=6))})" in jobcenter.split(f"Konsulent 2: {second}")[0]
    assert f"4 ({date_da(TODAY)})" in jobcenter.split(f"Konsulent 2: {second}")[1]
    assert "Sagen har skiftet konsulent." in jobcenter
    for audience in ("company", "citizen"):
        assert "Hvem havde sagen" not in texts[audience], audience
        assert first not in texts[audience] and second not in texts[audience], audience
