"""The application as an operator and a browser meet it: health, the OpenAPI document, headers, and a broken question bank."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from goals.questions import QuestionBankError
from placement.app import create_app
from placement.config import ConfigError, Settings
from tests.fixtures.clients import serve

TEST_SECRET = "test-secret-" + "x" * 40


async def test_health_is_ok_when_the_database_answers(client) -> None:
    response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_health_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    # Port 1 on localhost: nothing listens there, so the connection is refused at once.
    settings = Settings(
        database_url="postgresql+asyncpg://postgres@127.0.0.1:1/x", data_dir=tmp_path, secret_key=TEST_SECRET
    )
    app = create_app(settings)
    try:
        async with serve(app) as client:
            response = await client.get("/health")
    finally:
        await app.state.engine.dispose()

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


async def test_openapi_document_lists_the_questions_api(client) -> None:
    response = await client.get("/schema/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "get" in paths["/api/questions"]
    assert not any(path.startswith("/faktorer") or path == "/" for path in paths)


@pytest.mark.parametrize("path", ["/", "/faktorer", "/api/questions", "/health"])
async def test_pages_and_api_carry_the_security_headers_and_are_never_cached(client, path) -> None:
    response = await client.get(path)

    headers = response.headers
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"])


async def test_every_response_gets_its_own_request_id(client) -> None:
    first = await client.get("/")
    second = await client.get("/")

    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_the_stylesheet_may_be_cached(client) -> None:
    response = await client.get("/static/app.css")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "no-store" not in response.headers.get("cache-control", "")


def _bank_file(tmp_path: Path, content: str) -> Settings:
    path = tmp_path / "questions.json"
    path.write_text(content, encoding="utf-8")
    return Settings.from_env({"PLACEMENT_DATA_DIR": str(tmp_path), "PLACEMENT_QUESTION_BANK": str(path)})


def test_a_question_bank_item_without_text_stops_the_app_naming_the_item(tmp_path: Path) -> None:
    item = {
        "key": "A9",
        "factor": "A",
        "text": "",
        "source": "Egen kilde",
        "options": [{"value": v, "text": f"Svar {v}"} for v in (5, 4, 3, 2, 1)],
    }
    settings = _bank_file(tmp_path, json.dumps({"items": [item]}))

    with pytest.raises(QuestionBankError) as raised:
        create_app(settings)

    message = str(raised.value)
    assert 'item "A9"' in message and '"text"' in message and str(tmp_path / "questions.json") in message
    assert "\n" not in message


def test_a_question_bank_with_options_in_the_wrong_order_stops_the_app(tmp_path: Path) -> None:
    item = {
        "key": "B9",
        "factor": "B",
        "text": "Hvordan har du det?",
        "source": "Egen kilde",
        "options": [{"value": v, "text": f"Svar {v}"} for v in (1, 2, 3, 4, 5)],
    }
    settings = _bank_file(tmp_path, json.dumps({"items": [item]}))

    with pytest.raises(QuestionBankError, match=r'item "B9".*5, 4, 3, 2, 1 \(best first\), found 1, 2, 3, 4, 5'):
        create_app(settings)


def test_a_question_bank_that_is_not_json_stops_the_app_saying_where(tmp_path: Path) -> None:
    settings = _bank_file(tmp_path, '{"items": [{"key": "A9", "factor": "A",,}]}')

    with pytest.raises(QuestionBankError, match=r"invalid JSON at line 1, column \d+"):
        create_app(settings)


def test_a_target_group_file_with_a_duplicate_key_stops_the_app_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "groups.json"
    group = {"key": "jobparat", "name_da": "Jobparate", "name_en": "Job-ready"}
    path.write_text(json.dumps({"groups": [group, group]}), encoding="utf-8")
    settings = Settings.from_env({"PLACEMENT_DATA_DIR": str(tmp_path), "PLACEMENT_TARGET_GROUPS_FILE": str(path)})

    with pytest.raises(ConfigError) as raised:
        create_app(settings)

    message = str(raised.value)
    assert message.startswith("PLACEMENT_TARGET_GROUPS_FILE: ") and str(path) in message
    assert 'group "jobparat" (index 1): duplicate key' in message and "\n" not in message


def test_a_target_group_file_that_is_not_there_stops_the_start(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"PLACEMENT_TARGET_GROUPS_FILE points at .*, which is not a file"):
        Settings.from_env({"PLACEMENT_DATA_DIR": str(tmp_path), "PLACEMENT_TARGET_GROUPS_FILE": str(tmp_path / "x")})
