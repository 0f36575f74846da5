"""The page /indsigt as its readers see it: the leader's jobcenter, a consultant's caseload, a company's own placements;
small groups shown without figures, bad input named beside its field, the month's PDF and CSV a link away."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from placement.clock import SYSTEM_CLOCK
from placement.db.models import Citizen, Placement
from tests.fixtures.pages import parse

SUPPRESSED = "Færre end 5 borgere – vises ikke"


def _month() -> str:
    today = SYSTEM_CLOCK.today()
    return f"{today.year:04d}-{today.month:02d}"


async def _at_company(db, arranged: list, company_id: uuid.UUID) -> None:  # type: ignore[no-untyped-def]
    for one in arranged:
        placement = await db.get(Placement, one.placement_id)
        placement.company_id = company_id
    await db.commit()


async def _three_companies(db, make_placement, add_history=None) -> dict[str, list]:  # type: ignore[no-untyped-def]
    """Companies with 4, 5 and 7 placements of their own citizens: the 4 are suppressed, and so are the 5, or the 4
    could be worked out from the total. With `add_history`, each of the 7 has four weeks of logs."""
    groups = {"small": 4, "middle": 5, "large": 7}
    made = {}
    for name, count in groups.items():
        made[name] = [await make_placement(start=dt.date.today() - dt.timedelta(weeks=3)) for _ in range(count)]
        await _at_company(db, made[name], made[name][0].company_id)
    if add_history is not None:
        for one in made["large"]:
            await add_history(one)
    return made


async def _company_name(db, arranged) -> str:  # type: ignore[no-untyped-def]
    placement = await db.get(Placement, arranged.placement_id)
    from placement.db.models import Company

    return (await db.get(Company, placement.company_id)).name  # type: ignore[union-attr]


def _rows(table) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {row.one("th").text: row.text for row in table.all("tr") if row.all("th") and row.all("td")}


async def test_the_leader_sees_the_jobcenters_figures_with_small_groups_suppressed(
    client, db, make_placement, make_user, add_history, login_as
) -> None:
    made = await _three_companies(db, make_placement, add_history)
    names = {key: await _company_name(db, group[0]) for key, group in made.items()}
    citizen = (await db.get(Citizen, made["large"][0].citizen_id)).name  # type: ignore[union-attr]
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get("/indsigt", params={"group_by": "company"})
    assert response.status_code == 200
    main = parse(response.text).one("main")
    assert main.one("h1").text == "Indsigt: summen af forløbene"
    assert "Tallene for hele jobcentret." in main.text
    groups = _rows(main.one("section", **{"aria-labelledby": "in-groups-title"}).one("table"))
    for key in ("small", "middle"):
        assert groups[names[key]] == f"{names[key]} {SUPPRESSED}"
    assert groups[names["large"]].startswith(f"{names['large']} 7 7 ")
    assert groups["I alt"].startswith("I alt 16 16 ")
    # The other tables hold no figure of a suppressed group either.
    for table in main.all("table"):
        for label, text in _rows(table).items():
            if label in (names["small"], names["middle"]):
                assert text == f"{label} {SUPPRESSED}"
    assert citizen not in response.text
    assert not any(str(one.placement_id) in response.text for group in made.values() for one in group)
    # The charts are inline SVG, each with its sentence: the hours of the 7 placements' four weeks, for one.
    figures = main.all("figure")
    assert figures and all(figure.all("svg") and figure.one("figcaption").text for figure in figures)
    hours = main.one("section", **{"aria-labelledby": "in-hours-title"})
    assert "I forløbenes uge 1 arbejdede borgerne i gennemsnit" in hours.one("figcaption").text


async def test_a_consultant_sees_the_own_caseload_only(client, db, make_placement, login_as) -> None:
    first = await make_placement()
    for _ in range(5):
        await make_placement(consultant_id=first.consultant_id)
    for _ in range(3):
        await make_placement()
    async with login_as(first.consultant_id) as consultant:
        response = await consultant.get("/indsigt")
        overview = parse((await consultant.get("/oversigt")).text)
    assert response.status_code == 200
    main = parse(response.text).one("main")
    assert "Tallene for dine egne forløb." in main.text
    total = main.one("section", class_="in-total")
    facts = {
        li.one("span", class_="in-fact-name").text: li.one("span", class_="in-fact-value").text
        for li in total.all("li")
    }
    assert facts["Borgere"] == "6" and facts["Forløb"] == "6"
    # The consultant may filter by the caseload's companies, not by others'.
    options = [option.text for option in main.one("select", id="company_id").all("option")]
    assert options[0] == "Alle virksomheder" and len(options) == 1 + 6
    assert [a.attrs["href"] for a in overview.one("main").all("a") if "Indsigt" in a.text] == ["/indsigt"]


async def test_a_company_contact_sees_the_own_companys_placements_without_b_and_f(
    client, db, make_placement, login_as
) -> None:
    arranged = [await make_placement() for _ in range(6)]
    await _at_company(db, arranged[:5], arranged[0].company_id)
    async with login_as(arranged[0].company_contact_id) as contact:
        response = await contact.get("/indsigt")
        start = parse((await contact.get("/mine-forloeb")).text)
    assert response.status_code == 200
    main = parse(response.text).one("main")
    assert "jeres virksomheds forløb" in main.one("p", class_="lead").text
    assert not main.all("select", id="company_id")
    total = main.one("section", class_="in-total")
    facts = {
        li.one("span", class_="in-fact-name").text: li.one("span", class_="in-fact-value").text
        for li in total.all("li")
    }
    assert facts["Borgere"] == "5"
    progression = main.one("section", **{"aria-labelledby": "in-progression-title"})
    codes = [abbr.text for abbr in progression.all("abbr")]
    assert codes == ["A", "C", "D", "E"]
    assert "Sagsbehandlerens" not in response.text and "Helbredsmestring" not in progression.text
    assert [a.attrs["href"] for a in start.one("main").all("a") if "Indsigt" in a.text] == ["/indsigt"]


@pytest.mark.parametrize("role", ["mentor", "citizen", "admin"])
async def test_other_roles_are_refused(client, make_placement, make_user, login_as, role) -> None:
    arranged = await make_placement()
    user_id = (await make_user("admin")).id if role == "admin" else arranged.actor(role).user_id
    async with login_as(user_id) as person:
        response = await person.get("/indsigt", params={"from": "bad"}, headers={"accept": "text/html"})
    assert response.status_code == 403
    assert "Du har ikke adgang" in response.text


async def test_without_a_session_the_page_sends_to_login(client) -> None:
    response = await client.get("/indsigt", headers={"accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


@pytest.mark.parametrize(
    ("params", "field", "status", "says"),
    [
        ({"from": "2026-13"}, "from", 400, "Vælg den første måned"),
        ({"group_by": "height"}, "group_by", 400, "Vælg, hvad tallene skal deles op efter."),
        ({"to": "2099-01"}, "to", 422, "Vælg den sidste måned"),
        ({"from": "2026-05", "to": "2026-01"}, "to", 422, "ikke før den første"),
        ({"company_id": "not-an-id"}, "company_id", 400, "Vælg en af virksomhederne på listen."),
    ],
)
async def test_bad_input_shows_the_form_again_with_the_field_named(
    client, make_user, login_as, params, field, status, says
) -> None:
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get("/indsigt", params=params)
    assert response.status_code == status
    main = parse(response.text).one("main")
    summary = main.one("div", id="problems")
    assert says in summary.text
    assert {a.attrs["href"] for a in summary.all("a")} == {f"#{field}"}
    wrong = main.one("input" if field not in ("group_by", "company_id") else "select", id=field)
    assert wrong.attrs.get("aria-invalid") == "true"
    assert says in main.one("p", id=f"{field}-error").text
    if field in ("from", "to"):
        assert wrong.attrs["value"] == params[field]
    assert not main.all("section", class_="in-total")


async def test_the_months_pdf_and_csv_are_linked_and_open(client, db, make_placement, make_user, login_as) -> None:
    for _ in range(5):
        await make_placement()
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        main = parse((await person.get("/indsigt")).text).one("main")
        links = {a.text: a.attrs["href"] for a in main.one("ul", class_="in-downloads").all("a")}
        pdf_link = next(href for text, href in links.items() if "(PDF)" in text)
        csv_link = next(href for text, href in links.items() if "CSV" in text)
        assert f"month={_month()}" in pdf_link and f"from={_month()}" in csv_link and f"to={_month()}" in csv_link
        pdf = await person.get(pdf_link)
        csv = await person.get(csv_link)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")


async def test_the_page_in_english(client, make_placement, make_user, login_as) -> None:
    for _ in range(5):
        await make_placement()
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        person.cookies.set("lang", "en")
        response = await person.get("/indsigt", params={"group_by": "company"})
    main = parse(response.text).one("main")
    assert main.one("h1").text == "Insights: the sum of the placements"
    assert "Fewer than 5 citizens – not shown" in main.text
    assert "Progress per factor" in main.text
