"""The agreed score in the progress API and the PDF beside the computed one; the conversation's notes never in the
company's or mentor's version, by any path."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from placement.clock import SYSTEM_CLOCK

TODAY = SYSTEM_CLOCK.today().isoformat()
NOTE = "Sover dårligt efter ny medicin"
TAKES = "Faste mødetider"


def _text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; scripts/setup installs it")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


async def test_the_agreed_score_shows_beside_the_computed_one_and_the_notes_never_reach_company_or_mentor(
    make_placement, login_as, tmp_path
) -> None:
    arranged = await make_placement(start=SYSTEM_CLOCK.today())
    base = f"/api/placements/{arranged.placement_id}"
    conversation = {
        "date": TODAY,
        "items": ["B1", "C1", "C2"],
        "answers": {"B1": 2, "C1": 4, "C2": 4},
        "agreed_scores": {"B": 3, "C": 3},
        "what_it_takes": {"B": TAKES},
        "remarks": NOTE,
    }
    async with login_as(arranged.consultant_id) as consultant:
        assert (await consultant.post(f"{base}/assessments", json=conversation)).status_code == 201
        progress = (await consultant.get(f"{base}/progress")).json()
        assert progress["factors"]["C"] == [{"date": TODAY, "score": 4.0, "agreed": 3}]
        jobcenter = await consultant.get(f"{base}/report.pdf", params={"audience": "jobcenter"})
        company = await consultant.get(f"{base}/report.pdf", params={"audience": "company"})
    text = " ".join(_text(jobcenter.content, tmp_path).split())
    assert "Aftalt i samtalen" in text and "3 af 5 (afviger fra den beregnede)" in text
    assert NOTE not in _text(company.content, tmp_path) and TAKES not in _text(company.content, tmp_path)
    for user_id in (arranged.company_contact_id, arranged.mentor_id):
        async with login_as(user_id) as partner:
            seen = await partner.get(f"{base}/progress")
            assert seen.status_code == 200
            assert "B" not in seen.json()["factors"] and seen.json()["factors"]["C"][0]["agreed"] == 3
            pdf = await partner.get(f"{base}/report.pdf", params={"audience": "company"})
            assert pdf.status_code == 200
            shown = _text(pdf.content, tmp_path)
            assert NOTE not in shown and TAKES not in shown and "Helbredsmestring" not in shown
            listing = await partner.get(f"{base}/assessments")
            assert NOTE not in listing.text and TAKES not in listing.text
