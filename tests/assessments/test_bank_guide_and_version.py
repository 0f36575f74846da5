"""The step form shows what each step means (the conversation guide), and every assessment records and shows the
question bank version its answers were given in."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from sqlalchemy import select

from goals.questions import build_bank, default_bank
from placement.clock import SYSTEM_CLOCK
from placement.db.models import Assessment

BANK = default_bank()
TODAY = SYSTEM_CLOCK.today().isoformat()


def _field(page: str, name: str) -> str:
    match = re.search(rf'<input type="(?:hidden|date)"(?: id="{name}")? name="{name}" value="([^"]*)"', page)
    assert match, f"no field {name}"
    return html.unescape(match.group(1))


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


async def _first_step(client, url: str, **headers: str) -> str:  # type: ignore[no-untyped-def]
    start = await client.get(url, headers=headers)
    page = await client.post(url, data={"position": "-1", "date": _field(start.text, "date")}, headers=headers)
    assert page.status_code == 200
    return page.text


async def test_the_step_form_folds_out_what_each_step_of_the_question_means_in_danish(make_placement, login_as):
    arranged = await make_placement()
    async with login_as(arranged.citizen_user_id) as citizen:
        page = await _first_step(citizen, f"/forloeb/{arranged.placement_id}/maaling")

    first = BANK.items[0]
    assert '<details class="step-guide">' in page and "Hvad betyder trinnene?" in page
    guide = page[page.index('<details class="step-guide">') : page.index("</details>")]
    assert '<dl lang="da">' in guide
    for option in first.options:
        assert html.escape(option.guide, quote=False) in guide
    assert "Du ved ikke, om du kan passe et job. Hvad fylder mest, når du tænker på at arbejde?" in _text(guide)
    # The answers stay plain buttons named by their text alone.
    assert f'class="choice">{first.options[0].text}</button>' in page


async def test_the_step_form_in_english_shows_the_english_guide(make_placement, login_as):
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        page = await _first_step(consultant, f"/forloeb/{arranged.placement_id}/maaling", **{"accept-language": "en"})

    assert "What do the steps mean?" in page and '<dl lang="en">' in page
    assert "You fully believe you can hold a job. What makes you so sure?" in page


async def test_a_deployment_item_without_a_guide_is_asked_without_the_fold_out(app, make_placement, login_as, tmp_path):
    path = Path(tmp_path) / "questions.json"
    item = {
        "key": "A9",
        "factor": "A",
        "text": "Hvordan går det med at komme op om morgenen?",
        "source": "Jobcentrets egen formulering",
        "options": [{"value": v, "text": f"Svar {v}"} for v in (5, 4, 3, 2, 1)],
    }
    path.write_text(json.dumps({"items": [item]}, ensure_ascii=False), encoding="utf-8")
    app.state.bank = build_bank(path)
    arranged = await make_placement()
    url = f"/forloeb/{arranged.placement_id}/maaling"
    draft = json.dumps({i.key: None for i in BANK.items[:-1]})
    async with login_as(arranged.citizen_user_id) as citizen:
        page = await citizen.post(
            url, data={"date": TODAY, "position": str(len(BANK.items) - 1), "draft": draft, "skip": "1"}
        )
    assert page.status_code == 200, page.text
    assert "Hvordan går det med at komme op om morgenen?" in page.text and "Svar 5" in page.text
    assert "step-guide" not in page.text


async def test_an_assessment_records_the_bank_version_and_the_history_shows_it(make_placement, login_as, db):
    arranged = await make_placement()
    base = f"/api/placements/{arranged.placement_id}"
    async with login_as(arranged.citizen_user_id) as citizen:
        created = await citizen.post(f"{base}/assessments", json={"date": TODAY, "answers": {"A1": 4}})
        assert created.status_code == 201, created.text
        history = (await citizen.get(f"{base}/assessments")).json()

    stored = await db.scalar(select(Assessment.bank_version).where(Assessment.placement_id == arranged.placement_id))
    assert stored == "standard-1"
    [shown] = history["assessments"]
    assert shown["bank_version"] == "standard-1" and shown["answers"] == {"A1": 4}


async def test_an_assessment_from_before_versions_were_kept_shows_the_marker(make_placement, login_as, db):
    arranged = await make_placement()
    # A row written without a version, as those from before migration 0010 were.
    db.add(
        Assessment(
            placement_id=arranged.placement_id,
            assessed_on=SYSTEM_CLOCK.today(),
            recorded_by_id=arranged.consultant_id,
            recorded_by_role="consultant",
        )
    )
    await db.commit()
    async with login_as(arranged.consultant_id) as consultant:
        history = (await consultant.get(f"/api/placements/{arranged.placement_id}/assessments")).json()
    assert [a["bank_version"] for a in history["assessments"]] == ["before-0010"]
