"""A decision when the period is used up: the demo's placement in week 13 of 13 says the decision on extending or
ending is due, in the API, on the progress and decision pages, in every PDF version and on the overview, and never
reads as a plain "continue"."""

from __future__ import annotations

import datetime as dt
import re

from tests.progress.test_report import _demo, _pages

DUE = "Beslutning om forlængelse eller afslutning skal træffes"


def _words(text: str) -> str:
    return " ".join(text.split())


async def test_the_placement_in_its_last_week_has_the_decision_due_everywhere(client, db, login_as, tmp_path) -> None:
    placements = await _demo(db)
    placement_id, consultant_id = placements["13"]
    early_id, early_consultant = placements["2"]
    async with login_as(consultant_id) as consultant:
        progress = (await consultant.get(f"/api/placements/{placement_id}/progress")).json()
        recommendation = progress["recommendation"]
        assert progress["weeks_used"] == progress["weeks_planned"] == 13
        assert recommendation["decision_due"] is True
        first = recommendation["reasons"][0]
        assert first["code"] == "decision_due" and first["values"]["weeks_used"] == 13
        assert "13 af 13 planlagte uger" in first["text"] and "extending or ending" in first["text_en"]
        page = _words(re.sub(r"<[^>]+>", " ", (await consultant.get(f"/forloeb/{placement_id}/fremskridt")).text))
        assert DUE in page and "Fortsæt forløbet" not in page
        decision = _words(re.sub(r"<[^>]+>", " ", (await consultant.get(f"/forloeb/{placement_id}/beslutning")).text))
        assert DUE in decision and "Fortsæt forløbet" not in decision
        for audience in ("company", "jobcenter", "citizen"):
            response = await consultant.get(f"/api/placements/{placement_id}/report.pdf", params={"audience": audience})
            first_page = _words(_pages(response.content, tmp_path, 1))
            # Nowhere in the document, the case note of the jobcenter's version included.
            assert "Fortsæt forløbet" not in _words(_pages(response.content, tmp_path)), audience
            if audience == "citizen":
                assert "Perioden er slut. Nu skal vi sammen beslutte, om praktikken skal forlænges eller slutte." in (
                    first_page
                )
                assert "Vi fortsætter, som vi har aftalt" not in first_page
            else:
                assert DUE in first_page, audience
    async with login_as(early_consultant) as consultant:
        early = (await consultant.get(f"/api/placements/{early_id}/progress")).json()["recommendation"]
    assert early["decision_due"] is False and all(r["code"] != "decision_due" for r in early["reasons"])


async def test_an_extension_moves_the_end_and_takes_the_decision_off(client, db, login_as) -> None:
    placements = await _demo(db)
    placement_id, consultant_id = placements["13"]
    async with login_as(consultant_id) as consultant:
        progress = (await consultant.get(f"/api/placements/{placement_id}/progress")).json()
        planned = progress["weeks_planned"]
        placement = (await consultant.get(f"/api/placements/{placement_id}")).json()
        end = placement["planned_end_date"]
        later = (dt.date.fromisoformat(end) + dt.timedelta(weeks=4)).isoformat()
        response = await consultant.post(
            f"/api/placements/{placement_id}/decisions",
            json={"decision": "extend", "reason": "Fire uger mere", "planned_end_date": later},
        )
        assert response.status_code == 201, response.text
        after = (await consultant.get(f"/api/placements/{placement_id}/progress")).json()
    assert after["weeks_planned"] == planned + 4 and after["recommendation"]["decision_due"] is False
