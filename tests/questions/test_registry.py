"""The service remembers every question item it served: a start registers new keys and refuses a bank that rewords
a key already served, with one line naming the file, the key and what changed; on every engine, and with several
processes starting at once."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from goals.bank_versions import fingerprint
from goals.questions import QuestionBankError, build_bank, default_bank
from placement.app import create_app
from placement.clock import Clock
from placement.db.engine import create_engine
from placement.db.models import ServedQuestion
from placement.questions.registry import check_bank
from tests.fixtures.clients import serve

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
OWN_ITEM = {
    "key": "A9",
    "factor": "A",
    "text": "Hvordan går det med at komme op om morgenen?",
    "source": "Jobcentrets egen formulering",
    "options": [{"value": value, "text": f"Svar {value}"} for value in (5, 4, 3, 2, 1)],
}


def deployment_file(tmp_path: Path, item: dict[str, object], version: str = "egen-1") -> Path:
    path = tmp_path / "questions.json"
    path.write_text(json.dumps({"version": version, "items": [item]}, ensure_ascii=False), encoding="utf-8")
    return path


async def served_rows(db) -> dict[str, ServedQuestion]:  # type: ignore[no-untyped-def]
    db.expire_all()
    return {row.key: row for row in await db.scalars(select(ServedQuestion))}


async def test_the_first_start_registers_every_item_as_served_with_the_bank_version(app, client, db) -> None:
    rows = await served_rows(db)

    bank = default_bank()
    assert set(rows) == bank.keys()
    a1 = rows["A1"]
    assert a1.fingerprint == fingerprint(bank.item("A1"))
    assert a1.text == bank.item("A1").text and a1.factor == "A"
    assert [tuple(option) for option in a1.options] == [(o.value, o.text) for o in bank.item("A1").options]
    assert a1.bank_version == "standard-1"


async def test_a_start_with_a_reworded_registered_key_is_refused_naming_the_file_key_and_change(settings, db) -> None:
    item = default_bank().item("B3")
    db.add(
        ServedQuestion(
            key="B3",
            factor="B",
            text="Hvordan har du det i dag?",
            options=[[o.value, o.text] for o in item.options],
            fingerprint="0" * 64,
            bank_version="standard-0",
            first_served_at=NOW,
        )
    )
    await db.commit()
    app = create_app(settings)
    try:
        # The app's lifespan, as a server starts it (the `serve` helper waits for a start that never comes); Litestar
        # runs it in a task group, so the refusal arrives in a group.
        with pytest.RaisesGroup(QuestionBankError) as raised:
            async with app.lifespan():
                pass
    finally:
        await app.state.engine.dispose()

    message = str(raised.value.exceptions[0])
    assert message.startswith(f'question bank {item.origin}: item "B3" differs from the item this service has served')
    assert "since 2026-12-03 (bank version standard-0)" in message
    assert "(the question's wording)" in message and message.endswith("give the changed item a new key")
    assert "\n" not in message
    assert (await served_rows(db))["B3"].text == "Hvordan har du det i dag?"


async def test_a_deployment_item_is_registered_once_and_rewording_it_later_is_refused(settings, db, tmp_path) -> None:
    path = deployment_file(tmp_path, OWN_ITEM)
    first = create_app(dataclasses.replace(settings, question_bank_path=path), clock=Clock.fixed(NOW))
    try:
        async with serve(first):
            pass
    finally:
        await first.state.engine.dispose()
    rows = await served_rows(db)
    assert rows["A9"].bank_version == "standard-1+egen-1" and rows["A9"].first_served_at == NOW

    reworded = OWN_ITEM | {
        "options": [*OWN_ITEM["options"][:2], {"value": 3, "text": "Nogle dage"}, *OWN_ITEM["options"][3:]]
    }  # type: ignore[misc]
    deployment_file(tmp_path, reworded, version="egen-2")
    engine = create_engine(settings)
    try:
        with pytest.raises(QuestionBankError) as raised:
            await check_bank(engine, build_bank(path), Clock.fixed(NOW + dt.timedelta(days=7)))
    finally:
        await engine.dispose()
    assert str(raised.value).startswith(f'question bank {path}: item "A9" differs from the item this service')
    assert "(the text of answer 3)" in str(raised.value)


async def test_a_later_bank_with_a_new_key_registers_it_and_keeps_the_first_serving_of_the_others(
    settings, db, tmp_path
) -> None:
    engine = create_engine(settings)
    try:
        assert len(await check_bank(engine, default_bank(), Clock.fixed(NOW))) == len(default_bank().items)
        later = Clock.fixed(NOW + dt.timedelta(days=30))
        bank = build_bank(deployment_file(tmp_path, OWN_ITEM))
        assert await check_bank(engine, bank, later) == ["A9"]
        assert await check_bank(engine, bank, later) == []
    finally:
        await engine.dispose()
    rows = await served_rows(db)
    assert rows["A1"].bank_version == "standard-1" and rows["A1"].first_served_at == NOW
    assert rows["A9"].bank_version == "standard-1+egen-1" and rows["A9"].first_served_at == later.now()


async def test_several_processes_starting_at_once_register_each_key_once_without_failing(settings, db) -> None:
    engines = [create_engine(settings) for _ in range(3)]
    try:
        results = await asyncio.gather(*(check_bank(e, default_bank(), Clock.fixed(NOW)) for e in engines))
    finally:
        for engine in engines:
            await engine.dispose()

    registered = [key for keys in results for key in keys]
    assert sorted(registered) == sorted(default_bank().keys())
    assert await db.scalar(select(func.count()).select_from(ServedQuestion)) == len(default_bank().items)
