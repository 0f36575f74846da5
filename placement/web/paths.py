"""Paths a request may send the browser to."""

from __future__ import annotations

from typing import Any

from litestar import Request


def local_path(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another one (`//host` and `/\\host` lead away)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


# Each role's own start page, by route name, where its work starts; a role not named here starts on the front page.
START_PAGES = {
    "admin": "admin:index",
    "leader": "insights:index",
    "consultant": "overview:index",
    "company_contact": "partner:start",
    "mentor": "partner:start",
    "citizen": "citizen_view:overview",
}


def start_page(request: Request[Any, Any, Any], role: str) -> str:
    """Where a person lands after logging in or accepting an invitation with nowhere else to go."""
    return request.app.route_reverse(START_PAGES.get(role, "pages:start"))
