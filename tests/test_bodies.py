"""Every body, path and query is decoded strictly and checked before it reaches a handler or the database."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from litestar import Litestar
from litestar.enums import RequestEncodingType
from litestar.handlers import HTTPRouteHandler
from sqlalchemy import func, select

from placement.bodies import RequestBody
from placement.db.models import Citizen, Company, PlanWeek, User, WeeklyLog

DEEP = b'{"email": ' + b"[" * 1000 + b"]" * 1000 + b"}"
DEEP_ANY = b"[" * 1000 + b"]" * 1000


def body_routes(app: Litestar) -> list[tuple[str, str, HTTPRouteHandler]]:
    """(method, path, handler) of every route that takes a body, from the application itself."""
    found = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if isinstance(handler, HTTPRouteHandler) and "data" in handler.parsed_fn_signature.parameters:
                for method in handler.http_methods:
                    found.append((method, route.path, handler))
    return found


def json_routes(app: Litestar) -> list[tuple[str, str, HTTPRouteHandler]]:
    def is_form(handler: HTTPRouteHandler) -> bool:
        kwarg = handler.parsed_fn_signature.parameters["data"].kwarg_definition
        return getattr(kwarg, "media_type", None) in (RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART)
    return [route for route in body_routes(app) if not is_form(route[2])]


def concrete(path: str) -> str:
    return path.replace("{placement_id:str}", "00000000-0000-0000-0000-000000000000").replace(
        "{week:str}", "2026-W10")


@pytest.mark.parametrize("engine", ["sqlite"])
async def test_every_route_with_a_body_uses_the_strict_body_decoder(app: Litestar, engine: str) -> None:
    routes = body_routes(app)
    assert len(routes) > 20
    for method, path, handler in routes:
        assert handler.resolve_data_dto() is not None and issubclass(handler.resolve_data_dto(), RequestBody), \
            f"{method} {path} takes a body without RequestBody"
