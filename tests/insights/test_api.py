"""GET /api/insights, /api/insights.csv and /api/insights/evidence as the leader, a consultant and a company contact."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from placement.db.models import AuditEvent, Citizen, Company, Outcome, OutcomeCheckpoint, OutcomeStatus, Placement

TODAY = dt.date.today()
THIS_MONTH = f"{TODAY:%Y-%m}"


def _next_month() -> str:
    first = TODAY.replace(day=1) + dt.timedelta(days=32)
    return f"{first:%Y-%m}"


@pytest.mark.parametrize(
    ("params", "field", "status"),
    [
        ({"group": "company"}, "group", 400),
        ({"group_by": "consultant"}, "group_by", 400),
        ({"from": "2026-13"}, "from", 400),
        ({"from": "26-11"}, "from", 400),
        ({"to": "last"}, "to", 400),
        ({"from": "2020-01", "to": "2019-12"}, "to", 422),
        ({"from": "2010-01", "to": "2020-01"}, "to", 422),
        ({"to": "NEXT"}, "to", 422),
        ({"from": "NEXT", "to": "NEXT"}, "from", 422),
        ({"company_id": "not-an-id"}, "company_id", 400),
        ({"target_group": " "}, "target_group", 400),
        ({"purpose": "x" * 201}, "purpose", 400),
    ],
)
async def test_bad_input_is_refused_naming_the_field(client, make_user, login_as, params, field, status) -> None:
    leader = await make_user("leader")
    params = {key: _next_month() if value == "NEXT" else value for key, value in params.items()}
    async with login_as(leader.id) as person:
        for path in ("/api/insights", "/api/insights.csv", "/api/insights/evidence"):
            response = await person.get(path, params=params)
            assert response.status_code == status, (path, response.text)
            assert field in response.text


async def test_ten_years_are_allowed(client, make_user, login_as) -> None:
    leader = await make_user("leader")
    first = TODAY.replace(year=TODAY.year - 10, day=1) + dt.timedelta(days=32)
    async with login_as(leader.id) as person:
        response = await person.get("/api/insights", params={"from": f"{first:%Y-%m}", "to": THIS_MONTH})
    assert response.status_code == 200, response.text
    assert response.json()["period_to"] == THIS_MONTH


async def _five_at_one_company(db, make_placement) -> list:  # type: ignore[no-untyped-def]
    arranged = [await make_placement() for _ in range(5)]
    for one in arranged[1:]:
        placement = await db.get(Placement, one.placement_id)
        placement.company_id = arranged[0].company_id
    company = await db.get(Company, arranged[0].company_id)
    company.name = "Æblegården på Ærø"
    citizen = await db.get(Citizen, arranged[0].citizen_id)
    citizen.target_group = "Sygedagpengemodtager, særlig indsats"
    await db.commit()
    return arranged


async def test_the_leader_gets_the_sums_and_no_placement(client, db, make_placement, make_user, login_as) -> None:
    arranged = await _five_at_one_company(db, make_placement)
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get("/api/insights", params={"group_by": "company"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["suppressed_below"] == 5 and body["total"]["placements"] == 5 and body["total"]["citizens"] == 5
    assert [(g["label"], g["suppressed"], g["placements"]) for g in body["groups"]] == [("Æblegården på Ærø", False, 5)]
    assert {o["checkpoint"] for o in body["total"]["outcomes"]} == {"end", "3m", "6m"}
    for one in arranged:
        assert str(one.placement_id) not in response.text and str(one.citizen_id) not in response.text


async def test_a_consultant_and_a_company_contact_get_their_own(client, db, make_placement, login_as) -> None:
    arranged = await _five_at_one_company(db, make_placement)
    async with login_as(arranged[0].consultant_id) as consultant:
        body = (await consultant.get("/api/insights")).json()
    # The caseload holds one placement: suppressed, total and all.
    assert body["total"]["suppressed"] is True and body["total"]["placements"] is None
    async with login_as(arranged[0].company_contact_id) as contact:
        body = (await contact.get("/api/insights")).json()
    assert body["total"]["placements"] == 5
    assert [f["factor"] for f in body["total"]["progression"]] == ["A", "C", "D", "E"]


@pytest.mark.parametrize("role", ["mentor", "citizen"])
async def test_other_parties_are_refused(client, make_placement, login_as, role) -> None:
    arranged = await make_placement()
    async with login_as(arranged.actor(role).user_id) as person:
        for path in ("/api/insights", "/api/insights.csv", "/api/insights/evidence"):
            assert (await person.get(path, params={"group_by": "nonsense"})).status_code == 403


async def test_the_csv_opens_in_excel_with_danish_letters(client, db, make_placement, make_user, login_as) -> None:
    await _five_at_one_company(db, make_placement)
    extra = await make_placement()
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get("/api/insights.csv", params={"group_by": "company"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith("attachment;")
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Æblegården på Ærø".encode() in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, *body = rows
    assert header[:4] == ["Gruppe", "Undertrykt", "Borgere", "Forløb"]
    assert "Ændring A (gns.)" in header and "Uden opfølgning" in header
    by_label = {row[0]: row for row in body}
    # Two companies and the total; the one-citizen company is suppressed and takes the next smallest with it.
    assert len(body) == 3 and "I alt" in by_label and extra is not None
    large, total = by_label["Æblegården på Ærø"], by_label["I alt"]
    assert large[1] == "ja (færre end 5 borgere)" and all(cell == "" for cell in large[2:])
    assert total[1] == "nej" and total[2] == "6" and total[3] == "6"
    share = total[header.index("Uger logget (%)")]
    assert "," in share or share == ""
    assert "." not in "".join(total[4:])


async def test_the_csv_speaks_english_when_asked(client, make_user, login_as) -> None:
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get("/api/insights.csv", headers={"accept-language": "en"})
    assert response.content.decode("utf-8-sig").startswith("Group;Suppressed;Citizens;Placements")


async def test_evidence_counts_six_month_outcomes_with_their_n(client, db, make_placement, make_user, login_as) -> None:
    arranged = [await make_placement(start=TODAY - dt.timedelta(weeks=40), weeks=13) for _ in range(6)]
    for index, one in enumerate(arranged):
        status = OutcomeStatus.ORDINARY_JOB if index < 2 else OutcomeStatus.NONE
        db.add(
            Outcome(
                placement_id=one.placement_id,
                checkpoint=OutcomeCheckpoint.SIX_MONTHS,
                status=status,
                observed_on=TODAY,
                recorded_by_id=one.consultant_id,
            )
        )
    await db.commit()
    leader = await make_user("leader")
    first = TODAY - dt.timedelta(weeks=40)
    async with login_as(leader.id) as person:
        response = await person.get("/api/insights/evidence", params={"from": f"{first:%Y-%m}"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["placements"] == 6 and "ikke årsager" in body["statement"]
    rows = {(row["dimension"], row["band"]): row for row in body["rows"]}
    assert rows["ordinary_hours", "not_reached"] == {
        "dimension": "ordinary_hours",
        "band": "not_reached",
        "suppressed": False,
        "placements": 6,
        "job_or_education": 2,
        "share": 0.3333,
    }
    assert rows["ordinary_hours", "reached"]["suppressed"] is True
    assert rows["A", "middle"]["suppressed"] is True  # no placement has two self-assessments


async def test_each_call_writes_one_aggregate_audit_row(client, db, make_user, login_as) -> None:
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        await person.get("/api/insights")
        await person.get("/api/insights.csv")
    rows = (
        await db.execute(
            select(AuditEvent.object_type, AuditEvent.citizen_id, func.count())
            .where(AuditEvent.actor_id == leader.id)
            .group_by(AuditEvent.object_type, AuditEvent.citizen_id)
        )
    ).all()
    assert rows == [("insights", None, 2)]
