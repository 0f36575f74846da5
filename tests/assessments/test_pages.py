"""The assessment pages as a person uses them: one question at a time, the scores at once, the F form, consent."""

from __future__ import annotations

import html
import re

from goals.questions import default_bank
from placement.clock import SYSTEM_CLOCK

BANK = default_bank()


def _field(page: str, name: str) -> str:
    """The value a form on the page sends for `name` (a hidden field, or the date the consultant may change)."""
    match = re.search(rf'<input type="(?:hidden|date)"(?: id="{name}")? name="{name}" value="([^"]*)"', page)
    assert match, f"no field {name}"
    return html.unescape(match.group(1))


def _text(page: str) -> str:
    """The visible text of a page, tags and runs of whitespace removed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


async def test_the_citizen_answers_one_question_at_a_time_skips_one_and_sees_the_scores_at_once(
    make_placement, login_as
):
    arranged = await make_placement()
    url = f"/forloeb/{arranged.placement_id}/maaling"
    async with login_as(arranged.citizen_user_id) as citizen:
        start = await citizen.get(url)
        assert start.status_code == 200 and "Hvordan går det?" in start.text
        page = await citizen.post(url, data={"position": "-1", "date": _field(start.text, "date")})
        assert page.status_code == 200
        first = BANK.items[0]
        assert "Spørgsmål 1 af 16" in _text(page.text)
        assert first.text in _text(page.text) and f"Kilde: {first.source}" in _text(page.text)
        assert all(option.text in _text(page.text) for option in first.options)
        assert "Spring over" in _text(page.text)

        for position, item in enumerate(BANK.items):
            form = {"date": _field(page.text, "date"), "position": str(position), "draft": _field(page.text, "draft")}
            # Every factor-B item is skipped; the others get 4, except A1 which gets 2.
            if item.factor == "B":
                form["skip"] = "1"
            else:
                form["choice"] = "2" if item.key == "A1" else "4"
            page = await citizen.post(url, data=form, follow_redirects=False)
            if position < len(BANK.items) - 1:
                assert f"Spørgsmål {position + 2} af 16" in _text(page.text)
        assert page.status_code == 303
        result = await citizen.get(page.headers["location"])
    text = _text(result.text)
    assert result.status_code == 200 and "Dine svar er gemt" in text
    assert "Tro på egne evner 3,5 af 5" in text and "Netværk 4,0 af 5" in text
    # Skipped means missing: B shows as not answered, never as a 0 or a bar.
    assert "Helbredsmestring Ikke besvaret – tæller ikke med" in text


async def test_going_back_shows_the_answer_given_and_keeps_it(make_placement, login_as):
    arranged = await make_placement()
    url = f"/forloeb/{arranged.placement_id}/maaling"
    async with login_as(arranged.citizen_user_id) as citizen:
        page = await citizen.post(url, data={"position": "-1", "date": _field((await citizen.get(url)).text, "date")})
        page = await citizen.post(
            url,
            data={
                "date": _field(page.text, "date"),
                "position": "0",
                "draft": _field(page.text, "draft"),
                "choice": "3",
            },
        )
        page = await citizen.post(
            url,
            data={"date": _field(page.text, "date"), "position": "1", "draft": _field(page.text, "draft"), "back": "1"},
        )
    assert "Spørgsmål 1 af 16" in _text(page.text)
    assert f"Dit svar: {BANK.items[0].options[2].text}" in _text(page.text)


async def test_skipping_every_question_saves_nothing_and_says_so(make_placement, login_as):
    arranged = await make_placement()
    url = f"/forloeb/{arranged.placement_id}/maaling"
    async with login_as(arranged.citizen_user_id) as citizen:
        date = _field((await citizen.get(url)).text, "date")
        draft = "{" + ",".join(f'"{item.key}":null' for item in BANK.items[:-1]) + "}"
        page = await citizen.post(
            url, data={"date": date, "position": str(len(BANK.items) - 1), "draft": draft, "skip": "1"}
        )
        history = (await citizen.get(f"/api/placements/{arranged.placement_id}/assessments")).json()
    assert page.status_code == 400 and "Alle spørgsmål blev sprunget over" in page.text
    assert history["assessments"] == []


async def test_the_consultant_and_citizen_answer_together_on_one_screen(make_placement, login_as):
    arranged = await make_placement()
    url = f"/forloeb/{arranged.placement_id}/maaling"
    async with login_as(arranged.consultant_id) as consultant:
        start = await consultant.get(url)
        page = await consultant.post(url, data={"position": "-1", "date": _field(start.text, "date")})
    assert "Måling sammen med borgeren" in start.text and 'type="date"' in start.text
    assert "I svarer sammen" in page.text


async def test_the_mentor_and_the_company_contact_get_403_on_the_question_pages(make_placement, login_as):
    arranged = await make_placement()
    for user_id in (arranged.mentor_id, arranged.company_contact_id):
        async with login_as(user_id) as other:
            assert (await other.get(f"/forloeb/{arranged.placement_id}/maaling")).status_code == 403
            response = await other.post(f"/forloeb/{arranged.placement_id}/maaling", data={"position": "-1"})
            assert response.status_code == 403


async def test_the_f_form_needs_a_reason_and_then_shows_the_rating_in_the_history(make_placement, login_as):
    arranged = await make_placement()
    url = f"/forloeb/{arranged.placement_id}/konsulentvurdering"
    async with login_as(arranged.consultant_id) as consultant:
        form = await consultant.get(url)
        date = _field(form.text, "date")
        missing = await consultant.post(url, data={"date": date, "score": "4", "reason": ""})
        saved = await consultant.post(
            url, data={"date": date, "score": "4", "reason": "Møder stabilt"}, follow_redirects=False
        )
        history = await consultant.get(url)
    assert missing.status_code == 400 and "Skriv en kort begrundelse" in missing.text
    assert saved.status_code == 303
    assert "4 af 5" in _text(history.text) and "Møder stabilt" in history.text
    async with login_as(arranged.company_contact_id) as contact:
        assert (await contact.get(url)).status_code == 403


async def test_the_citizen_gives_and_withdraws_consent_on_the_consent_page(make_placement, login_as):
    arranged = await make_placement()
    url = f"/forloeb/{arranged.placement_id}/samtykke"
    async with login_as(arranged.citizen_user_id) as citizen:
        before = await citizen.get(url)
        given = await citizen.post(url, data={"share": "ja"}, follow_redirects=False)
        after = await citizen.get(url)
        await citizen.post(url, data={"share": "nej"})
        withdrawn = await citizen.get(url)
    assert "Du deler ikke dine svar om helbred." in _text(before.text) and "Del mine svar om helbred" in before.text
    assert given.status_code == 303
    assert "Du deler dine svar om helbred med virksomheden og mentoren siden" in _text(after.text)
    assert "Stop delingen" in after.text
    assert "Du deler ikke dine svar om helbred." in _text(withdrawn.text) and "stoppet" in _text(withdrawn.text)


async def test_the_consultant_records_a_paper_consent_with_its_date_and_the_citizen_sees_how_it_was_given(
    make_placement, login_as
):
    arranged = await make_placement()
    url = f"/forloeb/{arranged.placement_id}/samtykke"
    day = SYSTEM_CLOCK.today().isoformat()
    async with login_as(arranged.consultant_id) as consultant:
        form = await consultant.get(url)
        assert 'name="method"' in form.text and 'name="given_on"' in form.text and 'value="nej"' not in form.text
        undated = await consultant.post(url, data={"share": "ja", "method": "paper", "given_on": ""})
        assert undated.status_code == 400
        assert "Skriv datoen, hvor borgeren gav samtykket" in _text(undated.text)
        saved = await consultant.post(
            url, data={"share": "ja", "method": "paper", "given_on": day}, follow_redirects=False
        )
        assert saved.status_code == 303
        recorded = await consultant.get(url)
        assert "Kun borgeren selv kan stoppe delingen" in _text(recorded.text) and 'value="nej"' not in recorded.text
    async with login_as(arranged.citizen_user_id) as citizen:
        own = _text((await citizen.get(url)).text)
        data_use = _text((await citizen.get("/mig/brug-af-data")).text)
    assert "Samtykke givet på papir den" in own and "registreret af konsulenten" in own
    assert "Valget gælder kun denne praktik" in own
    assert "Samtykke givet på papir den" in data_use and "registreret af konsulenten" in data_use
