"""The leader's calibration page /indsigt/kalibrering: the filter, a table per role pair, the chart, on both engines."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ElementTree

from sqlalchemy import select

from placement.db.models import AuditEvent
from tests.insights.calibration_data import arrange_ratings

URL = "/indsigt/kalibrering"
HTML = {"accept": "text/html"}


def _cells(table) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Month label -> the texts of the row's data cells."""
    return {row.one("th").text.strip(): [cell.text.strip() for cell in row.all("td")] for row in table.all("tr")[1:]}


async def test_the_leader_reads_each_pair_month_by_month_in_danish(
    client, db, make_placement, make_user, login_as, read_page
) -> None:
    await arrange_ratings(db, make_placement)
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get(URL, params={"from": "2026-03", "to": "2026-04"}, headers=HTML)
    assert response.status_code == 200
    main = read_page(response.text).one("main")
    assert [h.text for h in main.all("h2")][1:] == [
        "Konsulent og kontaktperson",
        "Konsulent og mentor",
        "Kontaktperson og mentor",
    ]
    tables = main.all("table")
    assert _cells(tables[0]) == {
        "marts 2026": ["5", "5", "0,80", "20 %"],
        "april 2026": ["Færre end 5 borgere – vises ikke"],
    }
    assert _cells(tables[1])["marts 2026"] == ["5", "5", "1,20", "40 %"]
    assert _cells(tables[2])["marts 2026"] == ["5", "7", "1,29", "43 %"]
    assert "to trin fra hinanden" in main.text and "værd at tale om" in main.text
    # The filter shows the period asked for.
    assert main.one("input", id="from").attrs["value"] == "2026-03"
    assert main.one("input", id="to").attrs["value"] == "2026-04"


async def test_the_chart_draws_a_line_per_pair_and_names_them(
    client, db, make_placement, make_user, login_as, read_page
) -> None:
    await arrange_ratings(db, make_placement)
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get(URL, params={"from": "2026-02", "to": "2026-04"}, headers=HTML)
    svg = response.text[response.text.index("<svg") : response.text.index("</svg>") + 6]
    chart = ElementTree.fromstring(svg)
    assert chart.get("role") == "img" and chart.find("{*}title").text == chart.get("aria-label")
    legend = [text.text for text in chart.iter("{http://www.w3.org/2000/svg}text")]
    assert {"Konsulent og kontaktperson", "Konsulent og mentor", "Kontaktperson og mentor"} <= set(legend)
    # Only March is shown, so each pair has one point and no line; the two-step line is drawn.
    assert len(chart.findall("{*}circle")) == 3
    assert not chart.findall("{*}polyline")
    assert 'stroke="#a4262c"' in svg


async def test_a_period_without_enough_citizens_says_so_and_draws_nothing(
    client, make_user, login_as, read_page
) -> None:
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get(URL, headers=HTML)
    assert response.status_code == 200
    main = read_page(response.text).one("main")
    assert "<svg" not in response.text
    assert "Ingen måned i perioden har vurderinger fra 5 borgere eller flere" in main.text
    assert main.text.count("Færre end 5 borgere – vises ikke") == 3 * 12


async def test_the_page_speaks_english_when_chosen(client, db, make_placement, make_user, login_as, read_page) -> None:
    await arrange_ratings(db, make_placement)
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        await person.post("/sprog", data={"lang": "en", "next": "/"})
        response = await person.get(URL, params={"from": "2026-03", "to": "2026-04"}, headers=HTML)
    main = read_page(response.text).one("main")
    assert "Consultant and contact person" in [h.text for h in main.all("h2")]
    assert _cells(main.all("table")[0])["March 2026"] == ["5", "5", "0.80", "20%"]
    assert "Fewer than 5 citizens – not shown" in main.text


async def test_only_the_leader_has_the_page(client, make_placement, make_user, login_as) -> None:
    arranged = await make_placement()
    for user_id in (
        arranged.consultant_id,
        arranged.company_contact_id,
        arranged.mentor_id,
        arranged.citizen_user_id,
        (await make_user("admin")).id,
    ):
        async with login_as(user_id) as other:
            assert (await other.get(URL, headers=HTML)).status_code == 403
    assert (await client.get(URL, headers=HTML, follow_redirects=False)).status_code == 303


async def test_the_page_read_is_one_aggregate_audit_row(client, db, make_placement, make_user, login_as) -> None:
    await arrange_ratings(db, make_placement)
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        await person.get(URL, params={"from": "2026-03", "to": "2026-03"}, headers=HTML)
    rows = list(await db.scalars(select(AuditEvent).where(AuditEvent.actor_id == leader.id)))
    assert [(r.object_type, r.object_id, r.citizen_id) for r in rows if r.object_type == "insights"] == [
        ("insights", "calibration", None)
    ]


async def test_a_bad_month_is_named_beside_its_field(client, make_user, login_as, read_page) -> None:
    today = dt.date.today()
    future = f"{today.year + 1}-01" if today.month == 12 else f"{today.year}-{today.month + 1:02d}"
    leader = await make_user("leader")
    cases = {
        ("2026-13", "2026-03"): ("from", "Skriv en måned som år og måned"),
        ("2026-03", future): ("to", "Måneden ligger i fremtiden"),
        ("2026-05", "2026-03"): ("to", "på eller efter fra-måneden"),
        ("2010-01", "2026-03"): ("from", "højst være 10 år"),
    }
    async with login_as(leader.id) as person:
        for (first, last), (field, text) in cases.items():
            response = await person.get(URL, params={"from": first, "to": last}, headers=HTML)
            assert response.status_code == 400
            main = read_page(response.text).one("main")
            field_input = main.one("input", id=field)
            assert field_input.attrs["aria-invalid"] == "true"
            assert text in main.one("p", id=f"{field}-error").text
            assert field_input.attrs["value"] == {"from": first, "to": last}[field]  # kept as typed
            assert not main.all("table")
        unknown = await person.get(URL, params={"maaned": "2026-03"}, headers=HTML)
    assert unknown.status_code == 400
    assert "en parameter, siden ikke kender" in read_page(unknown.text).one("div", id="problems").text


async def test_blank_months_mean_the_last_twelve(client, make_user, login_as, read_page) -> None:
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get(URL, params={"from": "", "to": ""}, headers=HTML)
    assert response.status_code == 200
    assert read_page(response.text).one("input", id="to").attrs["value"] == dt.date.today().strftime("%Y-%m")


async def test_the_leader_insights_page_links_to_the_page(client, make_user, login_as, read_page) -> None:
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        start = read_page((await person.get("/indsigt")).text)
    assert start.one("a", href=URL).text == "Kalibrering: er observatørerne enige om skalaen?"
