"""The second conversation on the pages: pick what to talk about, answer those, agree the score, and who sees it."""

from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from placement.clock import SYSTEM_CLOCK
from placement.db.models import Assessment, AssessmentAgreement, QuestionSelection

TODAY = SYSTEM_CLOCK.today().isoformat()
NOTE = "Har svært ved at sove efter ny medicin"


def _field(page: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page)
    assert match, f"no field {name}"
    return html.unescape(match.group(1))


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _checked(page: str) -> set[str]:
    return set(re.findall(r'name="item" value="(\w+)" checked', page))


async def _answer_chosen(consultant, url: str, items: list[str], choice: str = "2"):  # type: ignore[no-untyped-def]
    page = await consultant.post(url, data={"position": "-1", "date": TODAY, "picked": "1", "item": items})
    assert page.status_code == 200, page.text
    assert f"Spørgsmål 1 af {len(items)}" in _text(page.text)
    for position in range(len(items)):
        form = {
            "date": TODAY,
            "position": str(position),
            "draft": _field(page.text, "draft"),
            "items": _field(page.text, "items"),
            "choice": choice,
        }
        page = await consultant.post(url, data=form)
        assert page.status_code == 200, page.text
    return page


async def test_the_consultant_picks_answers_agrees_and_the_result_shows_both_scores(make_placement, login_as, db):
    arranged = await make_placement()
    url = f"/forloeb/{arranged.placement_id}/maaling"
    async with login_as(arranged.consultant_id) as consultant:
        start = await consultant.get(url)
        assert "Vælg, hvad I vil tale om" in _text(start.text)
        # The first conversation proposes every item.
        assert len(_checked(start.text)) == 16
        agree = await _answer_chosen(consultant, url, ["B1", "B2", "C1"])
        text = _text(agree.text)
        assert "Bliv enige om scoren" in text and "Beregnet score: 2,0 af 5" in text
        # The computed score is pre-filled on the scale; factors not asked get no row.
        assert 'name="agreed_B" value="2" checked' in agree.text and "agreed_A" not in agree.text
        saved = await consultant.post(
            f"{url}/aftale",
            data={
                "date": TODAY,
                "items": _field(agree.text, "items"),
                "draft": _field(agree.text, "draft"),
                "agreed_B": "3",
                "agreed_C": "2",
                "takes_B": "Faste mødetider",
                "remarks": NOTE,
            },
            follow_redirects=False,
        )
        assert saved.status_code == 303, saved.text
        result = _text((await consultant.get(saved.headers["location"])).text)
        assert "Aftalt score: 3 af 5 – I blev enige om en anden score end den beregnede" in result
        assert "Hvad der skal til: Faste mødetider" in result and NOTE in result
        # A factor not chosen this time says so; it is not a skipped answer.
        assert "Tro på egne evner Ikke med i denne samtale" in result
        # The next conversation lists the lowest factors first and proposes them.
        again = await consultant.get(url)
        assert "Sidste score: 2,0 af 5" in _text(again.text) and "Ikke målt endnu" in _text(again.text)
        assert again.text.index("item-B1") < again.text.index("item-A1")
    assessment_id = saved.headers["location"].rsplit("/", 1)[-1]
    for user_id in (arranged.company_contact_id, arranged.mentor_id):
        async with login_as(user_id) as partner:
            page = await partner.get(f"{url}/{assessment_id}")
            assert page.status_code == 200
            assert NOTE not in page.text and "Faste mødetider" not in page.text
            assert "Aftalt score: 2 af 5" in _text(page.text)  # C, visible to all
            assert "Aftalt score: 3 af 5" not in _text(page.text)  # B, not shared
    assert await db.scalar(select(func.count()).select_from(AssessmentAgreement)) == 2


async def test_a_bad_agreed_score_shows_the_agree_step_again_and_stores_nothing(make_placement, login_as, db):
    arranged = await make_placement()
    url = f"/forloeb/{arranged.placement_id}/maaling"
    async with login_as(arranged.consultant_id) as consultant:
        agree = await _answer_chosen(consultant, url, ["C1"])
        form = {"date": TODAY, "items": "C1", "draft": _field(agree.text, "draft"), "agreed_C": "7"}
        page = await consultant.post(f"{url}/aftale", data=form)
        assert page.status_code == 400 and "Vælg en aftalt score fra 1 til 5." in _text(page.text)
        long = {**form, "agreed_C": "3", "remarks": "x" * 2001}
        assert (await consultant.post(f"{url}/aftale", data=long)).status_code == 400
        empty = await consultant.post(url, data={"position": "-1", "date": TODAY, "picked": "1"})
        assert empty.status_code == 400 and "Vælg mindst ét spørgsmål" in _text(empty.text)
    assert await db.scalar(select(func.count()).select_from(Assessment)) == 0


async def test_a_saved_selection_for_the_citizens_target_group_checks_its_items(make_placement, login_as, db):
    arranged = await make_placement()
    selection = QuestionSelection(
        name="Netværk og hverdag",
        target_group="aktivitetsparat",
        item_keys=["C1", "D2"],
        created_by_id=arranged.consultant_id,
    )
    other = QuestionSelection(
        name="Andet udvalg", target_group="jobparat", item_keys=["A1"], created_by_id=arranged.consultant_id
    )
    db.add_all([selection, other])
    await db.commit()
    url = f"/forloeb/{arranged.placement_id}/maaling"
    async with login_as(arranged.consultant_id) as consultant:
        start = await consultant.get(url)
        assert "Netværk og hverdag" in start.text and "Andet udvalg" not in start.text
        chosen = await consultant.get(f"{url}?udvalg={selection.id}")
        assert _checked(chosen.text) == {"C1", "D2"}
