"""The monthly report GET /api/insights/report.pdf?month=YYYY-MM: a PDF of the month's sums in Danish, no one's name,
small groups suppressed, the evidence with its caveat; a bad or future month named; read audited as an aggregate."""

from __future__ import annotations

import subprocess
import uuid

import pytest
from sqlalchemy import select

from placement.clock import SYSTEM_CLOCK
from placement.db.models import AuditEvent, Citizen, Company, Placement
from placement.insights.views import month_text


def _month() -> str:
    today = SYSTEM_CLOCK.today()
    return f"{today.year:04d}-{today.month:02d}"


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


async def _at_company(db, arranged: list, company_id: uuid.UUID) -> None:  # type: ignore[no-untyped-def]
    for one in arranged:
        placement = await db.get(Placement, one.placement_id)
        placement.company_id = company_id
    await db.commit()


async def test_the_report_is_a_danish_pdf_of_the_month_with_no_names(
    client, db, make_placement, make_user, login_as
) -> None:
    small = [await make_placement() for _ in range(4)]
    large = [await make_placement() for _ in range(7)]
    for group in (small, large):
        await _at_company(db, group, group[0].company_id)
    names = [(await db.get(Citizen, one.citizen_id)).name for one in (*small, *large)]  # type: ignore[union-attr]
    large_company = (await db.get(Company, large[0].company_id)).name  # type: ignore[union-attr]
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get("/api/insights/report.pdf", params={"month": _month(), "group_by": "company"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="indsigt-{_month()}.pdf"' in response.headers["content-disposition"]
    text = " ".join(_text(response.content).split())
    assert f"Indsigt: summen af forløbene, {month_text(_month(), 'da')}" in text
    assert "Hele jobcentret" in text and "Opdelt efter: Virksomhed" in text
    assert "Færre end 5 borgere – vises ikke" in text
    assert large_company in text
    # A Danish figure: the total counts 11 citizens (the 7 go too, or the 4 could be worked out from the total).
    assert "I alt 11 11" in text
    assert "ikke en årsag" in text
    assert not [name for name in names if name in text]
    assert not [one for one in (*small, *large) if str(one.placement_id) in text]


async def test_the_report_follows_the_filters_and_names_them(client, db, make_placement, make_user, login_as) -> None:
    arranged = [await make_placement() for _ in range(6)]
    company = (await db.get(Company, arranged[0].company_id)).name  # type: ignore[union-attr]
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get(
            "/api/insights/report.pdf", params={"month": _month(), "company_id": str(arranged[0].company_id)}
        )
    assert response.status_code == 200
    text = " ".join(_text(response.content).split())
    assert f"Virksomhed: {company}" in text


async def test_reading_the_report_is_audited_as_an_aggregate_read(client, db, make_placement, make_user, login_as):
    await make_placement()
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        assert (await person.get("/api/insights/report.pdf", params={"month": _month()})).status_code == 200
    rows = (await db.scalars(select(AuditEvent).where(AuditEvent.actor_id == leader.id))).all()
    insights = [row for row in rows if row.object_type == "insights"]
    assert insights and all(row.citizen_id is None and row.outcome.value == "allowed" for row in insights)
    assert all(row.citizen_id is None for row in rows)


@pytest.mark.parametrize(("month", "status"), [("2026-13", 400), ("november", 400), ("2099-01", 400), ("1999-12", 400)])
async def test_a_bad_or_future_month_is_refused_naming_it(client, make_user, login_as, month, status) -> None:
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get("/api/insights/report.pdf", params={"month": month})
    assert response.status_code == status
    assert response.json()["field"] == "month"


@pytest.mark.parametrize("role", ["mentor", "citizen"])
async def test_a_party_without_insights_gets_403_whatever_the_month(client, make_placement, login_as, role) -> None:
    arranged = await make_placement()
    async with login_as(arranged.actor(role).user_id) as person:
        response = await person.get("/api/insights/report.pdf", params={"month": "bad"})
    assert response.status_code == 403


async def test_a_company_contacts_report_holds_their_company_only_without_f(
    client, db, make_placement, login_as
) -> None:
    arranged = [await make_placement() for _ in range(6)]
    await _at_company(db, arranged[:5], arranged[0].company_id)
    async with login_as(arranged[0].company_contact_id) as contact:
        response = await contact.get("/api/insights/report.pdf", params={"month": _month()})
    assert response.status_code == 200
    text = " ".join(_text(response.content).split())
    assert "Virksomhedens egne forløb" in text
    assert "Sagsbehandlerens" not in text and "Helbredsmestring" not in text
