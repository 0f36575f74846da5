"""A command that loads the bank stops with one line, no traceback, when the bank rewords a key already served."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from placement.cli import main

ITEM = {
    "key": "A9",
    "factor": "A",
    "text": "Hvordan går det med at komme op om morgenen?",
    "source": "Jobcentrets egen formulering",
    "options": [{"value": v, "text": f"Svar {v}"} for v in (5, 4, 3, 2, 1)],
}


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("PLACEMENT_") and not name.startswith("PLACEMENT_TEST_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PLACEMENT_DATA_DIR", str(tmp_path))
    return tmp_path


def test_a_timer_command_registers_the_bank_and_refuses_it_reworded_in_one_line(data_dir: Path) -> None:
    bank = data_dir / "questions.json"
    bank.write_text(json.dumps({"items": [ITEM]}, ensure_ascii=False), encoding="utf-8")
    env = {"PLACEMENT_QUESTION_BANK": str(bank)}
    assert CliRunner().invoke(main, ["db", "upgrade"]).exit_code == 0
    first = CliRunner().invoke(main, ["reminders", "send"], env=env)
    assert first.exit_code == 0, first.output

    bank.write_text(json.dumps({"items": [ITEM | {"text": "Hvordan går det om morgenen?"}]}), encoding="utf-8")
    again = CliRunner().invoke(main, ["reminders", "send"], env=env)

    assert again.exit_code == 1
    [line] = again.output.strip().splitlines()
    assert line.startswith(f'Error: question bank {bank}: item "A9" differs from the item this service has served')
    assert "(the question's wording)" in line and line.endswith("give the changed item a new key")
