"""Every version of the PDF opens its details with the agreement: purpose, tasks and the citizen's own wishes; the
citizen's version says them in plain words, and an edit of the agreement is never hidden by a cached render."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

TASKS = "Pakke ordrer på lageret og tage imod varer"
WISHES = "Vil gerne arbejde om eftermiddagen"


def _text(pdf: bytes, tmp_path: Path, first: int | None = None) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; scripts/setup installs it")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    pages = ["-f", str(first), "-l", str(first)] if first else []
    command = ["pdftotext", *pages, str(path), "-"]
    return " ".join(subprocess.run(command, capture_output=True, text=True, check=True).stdout.split())


async def test_each_version_shows_the_agreement_on_page_two_and_follows_an_edit(
    client, make_placement, add_history, login_as, tmp_path
) -> None:
    arranged = await make_placement()
    await add_history(arranged)
    url = f"/api/placements/{arranged.placement_id}"
    async with login_as(arranged.consultant_id) as consultant:
        before = await consultant.get(f"{url}/report.pdf", params={"audience": "jobcenter"})
        assert "Arbejdsopgaver: Det er ikke skrevet ned endnu." in _text(before.content, tmp_path)
        version = (await consultant.get(url)).json()["version"]
        changed = await consultant.patch(
            url, json={"tasks": TASKS, "citizen_wishes": WISHES}, headers={"If-Match": str(version)}
        )
        assert changed.status_code == 200
        texts = {
            audience: _text(
                (await consultant.get(f"{url}/report.pdf", params={"audience": audience})).content, tmp_path
            )
            for audience in ("citizen", "company", "jobcenter")
        }
        page_two = _text(
            (await consultant.get(f"{url}/report.pdf", params={"audience": "company"})).content, tmp_path, 2
        )
    for audience, text in texts.items():
        assert f"{TASKS}." in text and f"{WISHES}." in text, audience
    assert re.search(rf"Det skal du lave: {TASKS}\. Det ønsker du: {WISHES}\.", texts["citizen"])
    assert "Målet med praktikken: Afklaring" in texts["citizen"]
    for audience in ("company", "jobcenter"):
        assert re.search(rf"Arbejdsopgaver: {TASKS}\. Borgerens ønsker: {WISHES}\.", texts[audience]), audience
    # The details, page 2, open with the agreement.
    assert page_two.split("Aftalen", 1)[1].lstrip().startswith("Formål: Afklaring")
