"""The citizen's own line in progress: the API, the progress page and the PDFs, with a two-step gap flagged."""

from __future__ import annotations

from goals.weeks import format_week
from placement.clock import SYSTEM_CLOCK
from tests.self_rating.test_api import pdf_text
from tests.self_rating.test_pages import _text


async def _rate(arranged, login_as, *, observer: int, own: int) -> str:  # type: ignore[no-untyped-def]
    week = format_week(SYSTEM_CLOCK.today())
    goal = str(arranged.subgoal_ids[0])
    base = f"/api/placements/{arranged.placement_id}"
    async with login_as(arranged.company_contact_id) as contact:
        logged = await contact.put(
            f"{base}/log/{week}",
            json={"placement_hours": 10, "ordinary_hours": 0, "ratings": [{"subgoal_id": goal, "rating": observer}]},
        )
        assert logged.status_code == 201, logged.text
    async with login_as(arranged.citizen_user_id) as citizen:
        rated = await citizen.put(f"{base}/self-rating/{week}", json={"ratings": [{"subgoal_id": goal, "rating": own}]})
        assert rated.status_code == 201, rated.text
    return week


async def test_the_progress_api_shows_the_citizens_ratings_and_flags_a_gap_of_two(make_placement, login_as) -> None:
    arranged = await make_placement()
    week = await _rate(arranged, login_as, observer=4, own=2)
    async with login_as(arranged.consultant_id) as consultant:
        body = (await consultant.get(f"/api/placements/{arranged.placement_id}/progress")).json()
    goal = next(s for s in body["subgoals"] if s["id"] == str(arranged.subgoal_ids[0]))
    assert {"week": week, "author_role": "citizen", "rating": 2} in goal["ratings"]
    assert {"week": week, "author_role": "company_contact", "rating": 4} in goal["ratings"]
    assert [(d["roles"], d["ratings"], d["gap"]) for d in body["disagreements"]] == [
        (["company_contact", "citizen"], [4, 2], 2)
    ]
    # The citizen's own view is no small step of the observers.
    assert all(step["seen_by"] != "citizen" for step in body["small_steps"])


async def test_a_gap_of_one_step_is_not_flagged(make_placement, login_as) -> None:
    arranged = await make_placement()
    await _rate(arranged, login_as, observer=3, own=2)
    async with login_as(arranged.consultant_id) as consultant:
        body = (await consultant.get(f"/api/placements/{arranged.placement_id}/progress")).json()
    assert body["disagreements"] == []


async def test_the_page_and_the_pdfs_show_the_citizens_own_line_and_the_gap_with_care(
    make_placement, login_as, tmp_path
) -> None:
    arranged = await make_placement()
    await _rate(arranged, login_as, observer=5, own=2)
    url = f"/api/placements/{arranged.placement_id}/report.pdf"
    async with login_as(arranged.consultant_id) as consultant:
        page = _text((await consultant.get(f"/forloeb/{arranged.placement_id}/fremskridt")).text)
        jobcenter = pdf_text((await consultant.get(f"{url}?audience=jobcenter")).content, tmp_path)
    async with login_as(arranged.citizen_user_id) as citizen:
        own_page = _text((await citizen.get(f"/forloeb/{arranged.placement_id}/fremskridt")).text)
        own_pdf = pdf_text((await citizen.get(f"{url}?audience=citizen")).content, tmp_path)
    for text in (page, jobcenter):
        assert "Borgeren selv" in text and "borgeren selv 2" in text
    careful = "Du og kontaktpersonen ser forskelligt på"
    for text in (own_page, own_pdf):
        assert "Dig selv" in text and careful in text and "du siger 2, kontaktpersonen siger 5" in text
