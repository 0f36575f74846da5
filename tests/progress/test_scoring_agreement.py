"""The progress API and the assessment's own result give the same factor mean, at the rounding edge too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from placement.clock import SYSTEM_CLOCK
from placement.config import Settings

# Four items of factor A beside the default bank's four: eight answers can have a mean on an exact half (4.125).
EXTRA_ITEMS = [
    {
        "key": f"A{n}",
        "factor": "A",
        "text": f"Ekstra spørgsmål {n}",
        "source": "Egen kilde",
        "options": [{"value": v, "text": f"Svar {v}"} for v in (5, 4, 3, 2, 1)],
    }
    for n in range(5, 9)
]


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    bank = tmp_path / "questions.json"
    bank.write_text(json.dumps({"items": EXTRA_ITEMS}), encoding="utf-8")
    return settings.with_overrides(question_bank_path=bank)


async def test_progress_and_the_assessment_result_round_a_half_alike(make_placement, login_as) -> None:
    arranged = await make_placement()
    answers = {f"A{n}": value for n, value in zip(range(1, 9), (5, 5, 4, 4, 4, 4, 4, 3), strict=True)}
    base = f"/api/placements/{arranged.placement_id}"
    async with login_as(arranged.consultant_id) as consultant:
        result = await consultant.post(
            f"{base}/assessments", json={"date": SYSTEM_CLOCK.today().isoformat(), "answers": answers}
        )
        assert result.status_code == 201, result.text
        progress = (await consultant.get(f"{base}/progress")).json()
    assert result.json()["scores"] == {"A": 4.13}
    assert [point["score"] for point in progress["factors"]["A"]] == [4.13]
