"""The OpenAPI document says what the API answers: shapes every response can meet, the error body, empty 204s."""

from __future__ import annotations

import datetime as dt
from typing import Any

import schemathesis

from goals.weeks import format_week

PUBLIC = {
    ("GET", "/health"),
    ("GET", "/api/questions"),
    ("POST", "/api/auth/login"),
    ("POST", "/api/auth/logout"),
    ("POST", "/api/invitations/accept"),
}


def _one_ofs(node: Any, where: str = "") -> list[tuple[str, list[Any]]]:
    found = []
    if isinstance(node, dict):
        if "oneOf" in node:
            found.append((where, node["oneOf"]))
        for key, value in node.items():
            found += _one_ofs(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _one_ofs(value, f"{where}[{index}]")
    return found


def _kind(member: dict[str, Any]) -> str:
    # JSON Schema's "number" takes every integer as well, so the two are one kind for oneOf.
    kind = member.get("$ref") or member.get("type") or repr(member)
    return "number" if kind == "integer" else str(kind)


async def test_no_one_of_in_the_document_has_members_that_one_value_can_match_twice(client) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    overlapping = [where for where, members in _one_ofs(document) if len({_kind(m) for m in members}) < len(members)]
    # oneOf means exactly one: [number, integer] refuses every integer, [string, string] every string.
    assert not overlapping, f"oneOf members overlap at {overlapping}"


async def test_every_operation_declares_the_error_body_and_who_may_be_refused(client) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    assert document["components"]["schemas"]["ErrorOut"]["required"] == ["detail", "status_code"]
    assert set(document["components"]["schemas"]["ErrorOut"]["properties"]) == {"status_code", "detail", "field"}
    problems = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            where = f"{method.upper()} {path}"
            for code, response in responses.items():
                if code.startswith("4"):
                    schema = response["content"]["application/json"]["schema"]
                    if schema != {"$ref": "#/components/schemas/ErrorOut"}:
                        problems.append(f"{where} {code} does not declare the error body")
                if code == "204" and response.get("content"):
                    problems.append(f"{where} 204 declares a body")
            if (method.upper(), path) not in PUBLIC and not {"401", "403"} <= set(responses):
                problems.append(f"{where} does not declare 401 and 403")
            if "{" in path and "404" not in responses:
                problems.append(f"{where} takes an id but does not declare 404")
            if method != "get" and "403" not in responses:
                problems.append(f"{where} is unsafe but does not declare the CSRF refusal (403)")
    assert not problems, "\n".join(problems)
    log = document["paths"]["/api/placements/{placement_id}/log/{week}"]["put"]["responses"]
    assert {"200", "201"} <= set(log), "the weekly log answers 201 the first time"
    report = document["paths"]["/api/placements/{placement_id}/report.pdf"]["get"]["responses"]
    assert set(report["200"]["content"]) == {"application/pdf"}


async def test_progress_with_whole_numbers_in_its_reasons_matches_the_document(
    client, make_placement, add_history, login_as
) -> None:
    own = await make_placement()
    await add_history(own)
    schema = schemathesis.openapi.from_dict((await client.get("/schema/openapi.json")).json())
    async with login_as(own.consultant_id) as consultant:
        response = await consultant.get(f"/api/placements/{own.placement_id}/progress")
        log = await consultant.put(
            f"/api/placements/{own.placement_id}/log/{format_week(dt.date.today())}",
            json={"placement_hours": 10, "ordinary_hours": 1, "ratings": []},
        )
    assert response.status_code == 200
    values = [v for r in response.json()["recommendation"]["reasons"] for v in r["values"].values()]
    assert any(isinstance(v, int) for v in values), "the history should give a reason with a whole number"
    schema["/api/placements/{placement_id}/progress"]["GET"].validate_response(response)
    assert log.status_code == 201
    schema["/api/placements/{placement_id}/log/{week}"]["PUT"].validate_response(log)
