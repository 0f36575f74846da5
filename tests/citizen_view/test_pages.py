"""The citizen's page /mig and their view of when their data was used, as the citizen sees them."""

from __future__ import annotations

import datetime as dt
import html
import re

from sqlalchemy import select

# The date as a Danish reader reads it ("17. december 2026"), spelt by the recommendation's own wording.
from goals.wording import date_da as _date_da
from placement.clock import SYSTEM_CLOCK
from placement.db.models import Assessment, AssessmentAnswer, Role, SubGoal, User


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


async def test_the_citizens_page_shows_their_sub_goals_and_nothing_of_another_citizen(make_placement, login_as, db):
    mine, other = await make_placement(subgoals=2), await make_placement(subgoals=1)
    foreign = await db.scalar(select(SubGoal).where(SubGoal.placement_id == other.placement_id))
    foreign.title = "Andens delmål"
    await db.commit()
    async with login_as(mine.citizen_user_id) as citizen:
        response = await citizen.get("/mig")
    text = _text(response.text)
    assert response.status_code == 200
    assert "Delmål 1" in text and "Delmål 2" in text and "Næste skridt: Første skridt" in text
    assert "Andens delmål" not in text and str(other.placement_id) not in response.text
    assert "Afklaring af arbejdsevne" in text


async def test_the_citizens_page_keeps_their_own_scores_apart_from_the_consultants_view(make_placement, login_as):
    arranged = await make_placement()
    base = f"/api/placements/{arranged.placement_id}"
    async with login_as(arranged.consultant_id) as consultant:
        await consultant.post(
            f"{base}/caseworker-assessments",
            json={"date": SYSTEM_CLOCK.today().isoformat(), "score": 3, "reason": "Godt på vej"},
        )
    async with login_as(arranged.citizen_user_id) as citizen:
        await citizen.post(f"{base}/assessments", json={"date": SYSTEM_CLOCK.today().isoformat(), "answers": {"A1": 4}})
        text = _text((await citizen.get("/mig")).text)
    own, caseworker = text.split("Din konsulents vurdering", 1)
    assert "Dine egne svar over tid" in own and "4,0 af 5" in own
    assert "3 af 5" in caseworker and "Godt på vej" in caseworker


async def test_only_a_citizen_has_the_own_pages(make_placement, login_as):
    arranged = await make_placement()
    for user_id in (arranged.consultant_id, arranged.mentor_id):
        async with login_as(user_id) as other:
            for path in ("/mig", "/mig/brug-af-data", "/api/me/data-use"):
                assert (await other.get(path)).status_code == 403


async def test_data_use_lists_role_and_action_and_never_the_persons_name(make_placement, login_as, db):
    arranged = await make_placement()
    async with login_as(arranged.company_contact_id) as contact:
        await contact.get(f"/api/placements/{arranged.placement_id}/assessments")
    names = [user.name for user in await db.scalars(select(User))]
    async with login_as(arranged.citizen_user_id) as citizen:
        api = await citizen.get("/api/me/data-use")
        page = await citizen.get("/mig/brug-af-data")
    assert api.status_code == 200
    uses = api.json()["uses"]
    assert {"role": "company_contact", "action": "read", "object_type": "assessment", "purpose": "follow_progress"} in [
        {k: v for k, v in use.items() if k != "at"} for use in uses
    ]
    assert set(uses[0]) == {"at", "role", "action", "object_type", "purpose"}
    text = _text(page.text)
    assert "Kontaktpersonen i virksomheden Så dine svar på spørgsmålene – for at følge din udvikling" in text
    assert not [name for name in names if name in api.text or name in page.text]


async def test_the_citizens_page_links_their_progress_and_their_own_pdf(make_placement, login_as, read_page):
    arranged = await make_placement()
    async with login_as(arranged.citizen_user_id) as citizen:
        page = read_page((await citizen.get("/mig")).text)
        links = {a.text: a.attrs["href"] for a in page.one("ul", class_="link-row").all("a")}
        assert links == {
            "Se dit fremskridt": f"/forloeb/{arranged.placement_id}/fremskridt",
            "Hent din rapport (PDF)": f"/api/placements/{arranged.placement_id}/report.pdf?audience=citizen",
        }
        # Both answer the citizen: the policy gives them the progress page and the citizen's version of the report.
        assert (await citizen.get(links["Se dit fremskridt"])).status_code == 200
        report = await citizen.get(links["Hent din rapport (PDF)"])
        assert report.status_code in (200, 503)  # 503: the printable HTML when a render fails


async def test_what_is_due_from_the_citizen_a_first_measurement_and_the_health_consent(
    make_placement, login_as, read_page
):
    arranged = await make_placement()
    base = f"/api/placements/{arranged.placement_id}"
    async with login_as(arranged.citizen_user_id) as citizen:
        due = read_page((await citizen.get("/mig")).text).one("section", class_="due")
        hrefs = [a.attrs["href"] for a in due.all("a")]
        assert hrefs == [f"/forloeb/{arranged.placement_id}/maaling", f"/forloeb/{arranged.placement_id}/samtykke"]
        assert "du har ikke svaret i denne praktik endnu" in due.text and "frivilligt" in due.text
        await citizen.post(f"{base}/assessments", json={"date": SYSTEM_CLOCK.today().isoformat(), "answers": {"A1": 4}})
        # Deciding not to share is a decision too: a withdrawn consent asks nothing more.
        await citizen.put(f"{base}/consent/health", json={"share": True})
        await citizen.put(f"{base}/consent/health", json={"share": False})
        assert not read_page((await citizen.get("/mig")).text).all("section", class_="due")


async def test_an_old_measurement_is_due_again(make_placement, login_as, read_page, db):
    arranged = await make_placement(start=dt.date.today() - dt.timedelta(weeks=6))
    old = Assessment(
        placement_id=arranged.placement_id,
        assessed_on=dt.date.today() - dt.timedelta(weeks=5),
        recorded_by_id=arranged.citizen_user_id,
        recorded_by_role=Role.CITIZEN,
    )
    old.answers = [AssessmentAnswer(question_key="A1", factor="A", value=3)]
    db.add(old)
    await db.commit()
    async with login_as(arranged.citizen_user_id) as citizen:
        due = read_page((await citizen.get("/mig")).text).one("section", class_="due")
    # Five weeks is past the 14 days: late, with the date it was due.
    due_on = _date_da(dt.date.today() - dt.timedelta(weeks=5) + dt.timedelta(days=14))
    assert "Svar på spørgsmålene igen" in due.text and "skulle have været taget senest" in due.text
    assert due_on in due.text and due.one("li", class_="late")


async def test_after_an_answer_the_page_says_when_the_next_measurement_is_due(make_placement, login_as, read_page, db):
    today = SYSTEM_CLOCK.today()
    arranged = await make_placement(start=today - dt.timedelta(weeks=1))
    async with login_as(arranged.citizen_user_id) as citizen:
        await citizen.post(
            f"/api/placements/{arranged.placement_id}/assessments",
            json={"date": today.isoformat(), "answers": {"A1": 4}},
        )
        page = read_page((await citizen.get("/mig")).text)
    expected = f"Næste måling senest {_date_da(today + dt.timedelta(days=14))}."
    assert expected in page.one("p", class_="next-measurement").text


async def test_the_measuring_interval_is_the_setting(app, make_placement, login_as, read_page, db):
    today = SYSTEM_CLOCK.today()
    arranged = await make_placement(start=today - dt.timedelta(weeks=4))
    db.add(
        Assessment(
            placement_id=arranged.placement_id,
            assessed_on=today - dt.timedelta(days=20),
            recorded_by_id=arranged.citizen_user_id,
            recorded_by_role=Role.CITIZEN,
            answers=[AssessmentAnswer(question_key="A1", factor="A", value=3)],
        )
    )
    await db.commit()
    settings = app.state.settings
    app.state.settings = settings.with_overrides(self_assessment_interval_days=28)
    try:
        async with login_as(arranged.citizen_user_id) as citizen:
            page = read_page((await citizen.get("/mig")).text)
    finally:
        app.state.settings = settings
    # 20 days after the latest answer: due with the default of 14 days, not yet with 28.
    assert "Svar på spørgsmålene igen" not in page.text
    assert _date_da(today + dt.timedelta(days=8)) in page.one("p", class_="next-measurement").text


async def test_the_citizens_page_shows_a_harder_week_with_care(make_placement, add_history, login_as):
    arranged = await make_placement()
    await add_history(arranged)  # the mentor's rating of Delmål 1 falls from 3 to 2 in the last week
    async with login_as(arranged.citizen_user_id) as citizen:
        danish = _text((await citizen.get("/mig")).text)
        citizen.cookies.set("lang", "en")
        english = _text((await citizen.get("/mig")).text)
    assert "Delmål 1: en sværere uge, fra 3 til 2. Det sker for de fleste." in danish
    assert "a harder week, from 3 to 2" in english
