"""Every page a role may use is reached by links from that role's start page.

For each role the test signs in, opens the start page and follows every same-origin GET link (not the logout or the
language switch, which are forms, nor the JSON and PDF routes under /api) until no new page turns up. Each page the
role has a rule for in tests/test_route_matrix.py must be among those reached.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx
import pytest
from litestar.routes import HTTPRoute

from goals.weeks import format_week
from placement.db.models import Role, WeeklyLog
from tests.fixtures.pages import parse
from tests.test_route_matrix import RULES

# The pages each role may use (their rule in tests/test_route_matrix.py lets the role through), by route name.
PUBLIC = {"pages:start", "questions:factors"}
PARTNER = {"partner:start", "logs:form", "logs:receipt", "progress:page", "assessments:result", *PUBLIC}
PAGES = {
    "admin": {"admin:index", *PUBLIC},
    "leader": {"insights:index", "insights:calibration", *PUBLIC},
    "consultant": {
        "overview:index",
        "placements:caseload",
        "placements:new",
        "placements:page",
        "placements:edit",
        "subgoals:new",
        "decisions:page",
        "outcomes:form",
        "progress:page",
        "logs:form",
        "logs:receipt",
        "invitations:manage",
        "assessments:form",
        "assessments:result",
        "assessments:caseworker",
        "assessments:consent",
        "citizens:index",
        "citizens:new",
        "citizens:page",
        "companies:index",
        "companies:edit",
        "insights:index",
        *PUBLIC,
    },
    "company_contact": {*PARTNER, "insights:index"},
    "mentor": PARTNER,
    "citizen": {
        "citizen_view:overview",
        "citizen_view:data-use",
        "progress:page",
        "assessments:form",
        "assessments:result",
        "assessments:caseworker",
        "assessments:consent",
        *PUBLIC,
    },
}
START = {
    "admin": "/admin",
    "leader": "/indsigt",
    "consultant": "/oversigt",
    "company_contact": "/mine-forloeb",
    "mentor": "/mine-forloeb",
    "citizen": "/mig",
}
# Routes outside /api that a signed-in person never needs a link to: the ways in (login, invitation, password
# reset), and the load balancer's check.
NOT_LINKED = {"auth:login", "invitations:accept", "auth:forgot-password", "auth:new-password", "health:check"}
MAX_PAGES = 400


def _page_routes(app) -> dict[str, tuple[str, re.Pattern[str]]]:  # type: ignore[no-untyped-def]
    """Route name -> (path template, pattern) of every HTML page answering GET."""
    found = {}
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or route.path.startswith(("/api", "/schema", "/static")):
            continue
        for handler in route.route_handlers:
            if "GET" in handler.http_methods and handler.name:
                pattern = re.sub(r"\\\{\w+:\w+\\\}", "[^/]+", re.escape(route.path))
                found[handler.name] = (route.path, re.compile(f"{pattern}/?"))
    return found


def test_the_lists_follow_the_route_matrix(app) -> None:
    """Each role's list holds exactly the pages its route-matrix rule lets it open (the old paths that only
    redirect aside)."""
    for role, names in PAGES.items():
        expected = {
            name
            for name, (path, _) in _page_routes(app).items()
            if (rule := RULES[("GET", path)]).ok & {200}
            and (role in rule.allowed or rule.public)
            and name not in NOT_LINKED
        }
        assert names == expected, role


async def _crawl(person: httpx.AsyncClient, start: str, routes) -> tuple[set[str], list[str]]:  # type: ignore[no-untyped-def]
    """The route names of the pages reached from `start` by GET links, and any link that did not answer 200."""
    queue, seen, reached, broken = deque([start]), {start}, set(), []
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        response = await person.get(url, headers={"accept": "text/html"})
        if response.status_code != 200:
            broken.append(f"{url}: {response.status_code}")
            continue
        path = urlsplit(url).path
        reached |= {name for name, (_, pattern) in routes.items() if pattern.fullmatch(path)}
        for anchor in parse(response.text).all("a"):
            target = urldefrag(urljoin(url, anchor.attrs.get("href", "")))[0]
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver.local") or parts.path.startswith(("/api/", "/static/")):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local not in seen:
                seen.add(local)
                queue.append(local)
    return reached, broken


@pytest.mark.parametrize("role", sorted(PAGES))
async def test_every_page_of_the_role_is_reached_by_links_from_its_start_page(
    app, client, db, make_placement, make_user, add_history, login_as, role
) -> None:
    arranged = await make_placement(start=dt.date.today() - dt.timedelta(weeks=4))
    await add_history(arranged)
    # A placement of the same consultant that ended long ago: the overview lists its outcome follow-ups.
    await make_placement(consultant_id=arranged.consultant_id, start=dt.date.today() - dt.timedelta(weeks=30))
    # The consultant's own entry of this week gives the overview a receipt to link to.
    db.add(
        WeeklyLog(
            placement_id=arranged.placement_id,
            week=format_week(dt.date.today()),
            author_id=arranged.consultant_id,
            author_role=Role.CONSULTANT,
            placement_hours=10,
            ordinary_hours=0,
            absence_hours=0,
        )
    )
    await db.commit()
    user_id = (await make_user(role)).id if role in ("admin", "leader") else arranged.actor(role).user_id
    routes = _page_routes(app)
    async with login_as(user_id) as person:
        reached, broken = await _crawl(person, START[role], routes)
    assert not broken, f"links that did not open for {role}: {broken}"
    assert PAGES[role] <= reached, f"{role} reaches no link to {sorted(PAGES[role] - reached)}"
