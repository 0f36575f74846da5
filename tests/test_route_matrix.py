"""Every route of the application, for every role, on its own objects and on foreign ones.

The routes come from the application itself, so a new route without a rule here fails this test. For each route and
role the test checks the status on the person's own placement, and that a foreign placement answers exactly like an
id that does not exist (same status, same JSON body) and never shows the foreign citizen's name. A canary name and
health note ride along through every request and must never appear in the logs.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from litestar.routes import HTTPRoute
from sqlalchemy import select

from goals.weeks import format_week
from placement.clock import SYSTEM_CLOCK
from placement.db.models import (
    Assessment,
    AssessmentAnswer,
    Citizen,
    QuestionSelection,
    Role,
    SubGoalRating,
    WeeklyLog,
)

ROLES = ("anonymous", "admin", "leader", "consultant", "company_contact", "mentor", "citizen")
PARTIES = frozenset({"consultant", "company_contact", "mentor", "citizen"})
OK = frozenset({200, 201, 204, 303})
NOT_ALLOWED = frozenset({403, 404})
SKIPPED_PREFIXES = ("/schema", "/static/")


@dataclass(frozen=True)
class Rule:
    """Who gets through on their own objects; everyone else gets 403 (role) or 404 (object)."""

    allowed: frozenset[str] = frozenset()
    public: bool = False
    body: Callable[[dict[str, str]], Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    form: bool = False
    ok: frozenset[int] = OK
    skip: str = ""


def _today() -> str:
    return dt.date.today().isoformat()


def _recorded(ids: dict[str, str]) -> dict[str, str]:
    return {"method": "paper", "given_on": _today()} if ids["role"] == "consultant" else {}


ALL_SIGNED_IN = frozenset(ROLES) - {"anonymous"}
INSIGHT_READERS = frozenset({"leader", "consultant", "company_contact"})
RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/health"): Rule(public=True),
    ("GET", "/"): Rule(public=True),
    ("GET", "/faktorer"): Rule(public=True),
    ("GET", "/api/questions"): Rule(public=True),
    ("POST", "/sprog"): Rule(public=True, form=True, body=lambda _: {"lang": "en", "next": "/"}),
    ("GET", "/login"): Rule(public=True),
    ("POST", "/login"): Rule(skip="each failed try counts toward the brute-force limit; tests/auth covers it"),
    ("POST", "/api/auth/login"): Rule(skip="each failed try counts toward the brute-force limit; tests/auth covers it"),
    ("POST", "/api/auth/logout"): Rule(skip="ends the session it runs in; tests/auth covers it"),
    ("POST", "/api/auth/password-reset"): Rule(
        skip="each request counts toward the brute-force limit; tests/auth/test_api_password_reset.py covers it"
    ),
    ("POST", "/glemt-adgangskode"): Rule(
        skip="each request counts toward the brute-force limit; tests/auth/test_pages_password_reset.py covers it"
    ),
    ("GET", "/glemt-adgangskode"): Rule(public=True),
    ("GET", "/ny-adgangskode"): Rule(public=True),
    ("POST", "/api/auth/password-reset/confirm"): Rule(
        public=True, body=lambda _: {"token": "unknown", "password": "long-enough-pw"}, ok=frozenset({404})
    ),
    ("POST", "/ny-adgangskode"): Rule(
        public=True, form=True, body=lambda _: {"token": "unknown", "password": "long-enough-pw"}, ok=frozenset({404})
    ),
    ("POST", "/logout"): Rule(skip="ends the session it runs in; tests/auth covers it"),
    ("GET", "/api/me"): Rule(allowed=ALL_SIGNED_IN),
    ("GET", "/api/me/data-use"): Rule(allowed=frozenset({"citizen"})),
    ("GET", "/mig"): Rule(allowed=frozenset({"citizen"})),
    ("GET", "/mig/brug-af-data"): Rule(allowed=frozenset({"citizen"})),
    ("GET", "/api/admin/users"): Rule(allowed=frozenset({"admin"})),
    ("POST", "/api/admin/users"): Rule(
        allowed=frozenset({"admin"}),
        body=lambda _: {
            "email": f"staff-{uuid.uuid4().hex[:6]}@example.dk",
            "name": "Ny",
            "role": "leader",
            "password": "long-enough-pw",
        },
    ),
    ("POST", "/api/admin/users/{user_id:uuid}/disable"): Rule(allowed=frozenset({"admin"})),
    ("POST", "/api/admin/users/{user_id:uuid}/enable"): Rule(allowed=frozenset({"admin"})),
    ("POST", "/api/admin/handover"): Rule(
        allowed=frozenset({"admin"}),
        body=lambda _: {"from_consultant_id": str(uuid.uuid4()), "to_consultant_id": str(uuid.uuid4())},
        ok=frozenset({400}),
    ),
    ("GET", "/admin"): Rule(allowed=frozenset({"admin"})),
    ("POST", "/admin/users"): Rule(
        allowed=frozenset({"admin"}),
        form=True,
        body=lambda _: {
            "email": f"staff-{uuid.uuid4().hex[:6]}@example.dk",
            "name": "Ny",
            "role": "leader",
            "password": "long-enough-pw",
        },
    ),
    ("POST", "/admin/users/{user_id:uuid}/active"): Rule(
        allowed=frozenset({"admin"}), form=True, body=lambda _: {"active": "1"}
    ),
    ("POST", "/admin/handover"): Rule(
        allowed=frozenset({"admin"}),
        form=True,
        body=lambda _: {"from_consultant_id": str(uuid.uuid4()), "to_consultant_id": str(uuid.uuid4())},
        ok=frozenset({400}),
    ),
    ("POST", "/api/placements/{placement_id:uuid}/invitations"): Rule(
        allowed=frozenset({"consultant"}), body=lambda _: {"role": "mentor", "email": "m@example.dk", "name": "M"}
    ),
    ("GET", "/api/placements/{placement_id:uuid}/invitations"): Rule(allowed=frozenset({"consultant"})),
    ("GET", "/forloeb/{placement_id:uuid}/invitationer"): Rule(allowed=frozenset({"consultant"})),
    ("POST", "/forloeb/{placement_id:uuid}/invitationer"): Rule(
        allowed=frozenset({"consultant"}),
        form=True,
        body=lambda _: {"role": "mentor", "email": "m@example.dk", "name": "M"},
    ),
    ("POST", "/api/invitations/accept"): Rule(
        public=True, body=lambda _: {"token": "unknown", "password": "long-enough-pw"}, ok=frozenset({404})
    ),
    ("GET", "/invitation"): Rule(public=True),
    ("POST", "/invitation"): Rule(
        public=True, form=True, body=lambda _: {"token": "unknown", "password": "long-enough-pw"}, ok=frozenset({404})
    ),
    ("POST", "/api/companies"): Rule(
        allowed=frozenset({"consultant"}), body=lambda _: {"name": "Ny virksomhed", "cvr": "25313763"}
    ),
    ("GET", "/api/companies"): Rule(allowed=frozenset({"consultant"})),
    ("PATCH", "/api/companies/{company_id:uuid}"): Rule(
        allowed=frozenset({"consultant"}), headers={"If-Match": "1"}, body=lambda _: {"name": "Omdøbt"}
    ),
    ("POST", "/api/citizens"): Rule(
        allowed=frozenset({"consultant"}),
        body=lambda _: {
            "name": "Ny borger",
            "case_ref": f"S-{uuid.uuid4().hex[:6]}",
            "target_group": "aktivitetsparat",
        },
    ),
    ("GET", "/api/citizens"): Rule(allowed=frozenset({"consultant"})),
    ("GET", "/api/target-groups"): Rule(allowed=ALL_SIGNED_IN),
    ("GET", "/api/companies/{company_id:uuid}"): Rule(allowed=frozenset({"consultant"})),
    ("GET", "/api/placements/{placement_id:uuid}/decisions"): Rule(allowed=frozenset({"consultant"})),
    ("GET", "/api/subgoal-library"): Rule(allowed=ALL_SIGNED_IN),
    # Planning pages are the consultant's. Forms that carry a version may meet one that other rules moved on: the
    # answer is then the conflict page (409), which is as much "let through" as a saved edit (303).
    ("GET", "/virksomheder"): Rule(allowed=frozenset({"consultant"})),
    ("POST", "/virksomheder"): Rule(
        allowed=frozenset({"consultant"}), form=True, body=lambda _: {"name": "Via siden", "cvr": "35954716"}
    ),
    ("GET", "/virksomheder/{company_id:uuid}"): Rule(allowed=frozenset({"consultant"})),
    ("POST", "/virksomheder/{company_id:uuid}"): Rule(
        allowed=frozenset({"consultant"}),
        form=True,
        ok=frozenset({303, 409}),
        body=lambda _: {"name": "Omdøbt", "cvr": "", "version": "1"},
    ),
    ("GET", "/borgere"): Rule(allowed=frozenset({"consultant"})),
    ("GET", "/borgere/ny"): Rule(allowed=frozenset({"consultant"})),
    ("POST", "/borgere/ny"): Rule(
        allowed=frozenset({"consultant"}),
        form=True,
        body=lambda _: {
            "name": "Ny borger",
            "case_ref": f"S-{uuid.uuid4().hex[:6]}",
            "target_group": "aktivitetsparat",
        },
    ),
    ("GET", "/borgere/{citizen_id:uuid}"): Rule(allowed=frozenset({"consultant"})),
    ("POST", "/borgere/{citizen_id:uuid}"): Rule(
        allowed=frozenset({"consultant"}),
        form=True,
        ok=frozenset({303, 409}),
        body=lambda _: {"name": "Kanariefugl Canarysen", "case_ref": "S-x", "target_group": "jobparat", "version": "2"},
    ),
    ("GET", "/forloeb"): Rule(allowed=frozenset({"consultant"})),
    ("GET", "/forloeb/nyt"): Rule(allowed=frozenset({"consultant"})),
    ("POST", "/forloeb/nyt"): Rule(
        allowed=frozenset({"consultant"}),
        form=True,
        body=lambda ids: {
            "action": "save",
            "citizen_id": ids["citizen_id"],
            "company_id": ids["company_id"],
            "purpose": "Afklaring",
            "start_date": _today(),
            "planned_end_date": _today(),
            "hours_from": "10",
            "hours_to": "10",
        },
    ),
    ("GET", "/forloeb/{placement_id:uuid}"): Rule(allowed=frozenset({"consultant"})),
    ("POST", "/forloeb/{placement_id:uuid}/start"): Rule(
        allowed=frozenset({"consultant"}), form=True, ok=frozenset({303, 409}), body=lambda _: {"version": "1"}
    ),
    # The placement page's old decision form: the same POST goes on to the decision page.
    ("POST", "/forloeb/{placement_id:uuid}/opfoelgning"): Rule(
        allowed=frozenset({"consultant"}),
        form=True,
        ok=frozenset({308}),
        body=lambda _: {"decision": "continue", "reason": "Godt på vej"},
    ),
    ("GET", "/forloeb/{placement_id:uuid}/rediger"): Rule(allowed=frozenset({"consultant"})),
    ("POST", "/forloeb/{placement_id:uuid}/rediger"): Rule(
        allowed=frozenset({"consultant"}),
        form=True,
        ok=frozenset({303, 409}),
        body=lambda _: {"action": "save", "version": "1", "purpose": "Afklaring", "planned_end_date": _today()},
    ),
    ("GET", "/forloeb/{placement_id:uuid}/delmaal/nyt"): Rule(allowed=frozenset({"consultant"})),
    ("POST", "/forloeb/{placement_id:uuid}/delmaal/nyt"): Rule(
        allowed=frozenset({"consultant"}),
        form=True,
        body=lambda _: {
            "factor": "E",
            "title": "Kontakter mentor",
            "target": "Skriver selv til mentoren",
            "horizon": "short",
        },
    ),
    ("POST", "/forloeb/{placement_id:uuid}/delmaal/{subgoal_id:uuid}/trin/{position:int}"): Rule(
        allowed=frozenset({"consultant"}), form=True
    ),
    ("GET", "/api/citizens/{citizen_id:uuid}"): Rule(allowed=frozenset({"consultant"})),
    # Version 2: planting the canary name below edited the citizen once.
    ("PATCH", "/api/citizens/{citizen_id:uuid}"): Rule(
        allowed=frozenset({"consultant"}),
        headers={"If-Match": "2"},
        body=lambda _: {"target_group": "uddannelsesparat"},
    ),
    ("POST", "/api/placements"): Rule(
        allowed=frozenset({"consultant"}),
        body=lambda ids: {
            "citizen_id": ids["citizen_id"],
            "company_id": ids["company_id"],
            "purpose": "Afklaring",
            "start_date": _today(),
            "planned_end_date": _today(),
            "weekly_plan": [],
        },
    ),
    ("GET", "/api/placements"): Rule(allowed=PARTIES),
    ("GET", "/api/placements/{placement_id:uuid}"): Rule(allowed=PARTIES),
    ("PATCH", "/api/placements/{placement_id:uuid}"): Rule(
        allowed=frozenset({"consultant"}), headers={"If-Match": "1"}, body=lambda _: {"follow_up_date": _today()}
    ),
    ("POST", "/api/placements/{placement_id:uuid}/decisions"): Rule(
        allowed=frozenset({"consultant"}), body=lambda _: {"decision": "continue", "reason": "Timerne stiger"}
    ),
    ("GET", "/api/placements/{placement_id:uuid}/subgoals"): Rule(allowed=PARTIES),
    ("POST", "/api/placements/{placement_id:uuid}/subgoals"): Rule(
        allowed=frozenset({"consultant"}),
        body=lambda _: {
            "factor": "C",
            "title": "Kender sin plan",
            "target": "Fortæller selv næste skridt",
            "horizon": "long",
        },
    ),
    ("PATCH", "/api/placements/{placement_id:uuid}/subgoals/{subgoal_id:uuid}"): Rule(
        allowed=frozenset({"consultant"}), headers={"If-Match": "1"}, body=lambda _: {"title": "Nyt navn"}
    ),
    ("POST", "/api/placements/{placement_id:uuid}/subgoals/{subgoal_id:uuid}/steps/{position:int}/reached"): Rule(
        allowed=frozenset({"consultant", "company_contact", "mentor"}),
        body=lambda _: {"week": format_week(dt.date.today())},
    ),
    ("PUT", "/api/placements/{placement_id:uuid}/log/{week:str}"): Rule(
        allowed=frozenset({"consultant", "company_contact", "mentor"}),
        body=lambda ids: {
            "placement_hours": 10,
            "ordinary_hours": 1,
            "ratings": [{"subgoal_id": ids["subgoal_id"], "rating": 3}],
        },
    ),
    ("GET", "/api/placements/{placement_id:uuid}/log"): Rule(allowed=PARTIES),
    ("GET", "/forloeb/{placement_id:uuid}/logbog"): Rule(
        allowed=frozenset({"consultant", "company_contact", "mentor"})
    ),
    ("POST", "/forloeb/{placement_id:uuid}/logbog"): Rule(
        allowed=frozenset({"consultant", "company_contact", "mentor"}),
        form=True,
        body=lambda ids: {
            "week": ids["week"],
            "placement_hours": "10",
            "ordinary_hours": "1",
            f"rating-{ids['subgoal_id']}": "3",
        },
    ),
    # The citizen's own weekly rating: written by the placement's citizen alone, read by every party (notes aside).
    ("PUT", "/api/placements/{placement_id:uuid}/self-rating/{week:str}"): Rule(
        allowed=frozenset({"citizen"}),
        body=lambda ids: {"ratings": [{"subgoal_id": ids["subgoal_id"], "rating": 3}]},
    ),
    ("GET", "/api/placements/{placement_id:uuid}/self-rating"): Rule(allowed=PARTIES),
    ("POST", "/forloeb/{placement_id:uuid}/egen-vurdering"): Rule(
        allowed=frozenset({"citizen"}),
        form=True,
        body=lambda ids: {"week": ids["week"], f"rating-{ids['subgoal_id']}": "3"},
    ),
    ("GET", "/forloeb/{placement_id:uuid}/logbog/{week:str}"): Rule(
        allowed=frozenset({"consultant", "company_contact", "mentor"})
    ),
    # The form's old paths send every signed-in person on to the new ones, which decide.
    ("GET", "/placements/{placement_id:uuid}/log"): Rule(allowed=ALL_SIGNED_IN, ok=frozenset({301})),
    ("GET", "/placements/{placement_id:uuid}/log/{week:str}"): Rule(allowed=ALL_SIGNED_IN, ok=frozenset({301})),
    ("GET", "/api/placements/{placement_id:uuid}/progress"): Rule(allowed=PARTIES),
    ("GET", "/api/overview"): Rule(allowed=frozenset({"consultant"})),
    ("GET", "/oversigt"): Rule(allowed=frozenset({"consultant"})),
    ("GET", "/mine-forloeb"): Rule(allowed=frozenset({"company_contact", "mentor"})),
    # The leader's old start page sends every signed-in person on to /indsigt, which decides.
    ("GET", "/ledelse"): Rule(allowed=ALL_SIGNED_IN, ok=frozenset({301})),
    # Management information: sums only; the leader's of every placement, a consultant's of the caseload, a company
    # contact's of their company. No route takes a placement's id.
    ("GET", "/api/insights"): Rule(allowed=INSIGHT_READERS),
    ("GET", "/api/insights.csv"): Rule(allowed=INSIGHT_READERS),
    ("GET", "/api/insights/evidence"): Rule(allowed=INSIGHT_READERS),
    ("GET", "/indsigt"): Rule(allowed=INSIGHT_READERS),
    # Without ?month the report is this month's.
    ("GET", "/api/insights/report.pdf"): Rule(allowed=INSIGHT_READERS),
    # Calibration: the leader's aggregate of observer agreement; no placement, no citizen.
    ("GET", "/api/insights/calibration"): Rule(allowed=frozenset({"leader"})),
    ("GET", "/indsigt/kalibrering"): Rule(allowed=frozenset({"leader"})),
    # Without ?audience the jobcenter's version is asked for: only the consultant gets it, the rest get a 404.
    ("GET", "/api/placements/{placement_id:uuid}/report.pdf"): Rule(allowed=frozenset({"consultant"})),
    ("GET", "/forloeb/{placement_id:uuid}/fremskridt"): Rule(allowed=PARTIES),
    ("GET", "/forloeb/{placement_id:uuid}/beslutning"): Rule(allowed=frozenset({"consultant"})),
    ("POST", "/forloeb/{placement_id:uuid}/beslutning"): Rule(
        allowed=frozenset({"consultant"}), form=True, body=lambda _: {"decision": "continue", "reason": "Godt"}
    ),
    ("GET", "/api/placements/{placement_id:uuid}/assessments"): Rule(allowed=PARTIES),
    ("POST", "/api/placements/{placement_id:uuid}/assessments"): Rule(
        allowed=frozenset({"consultant", "citizen"}), body=lambda _: {"date": _today(), "answers": {"A1": 4, "C2": 3}}
    ),
    ("GET", "/api/placements/{placement_id:uuid}/caseworker-assessments"): Rule(
        allowed=frozenset({"consultant", "citizen"})
    ),
    ("POST", "/api/placements/{placement_id:uuid}/caseworker-assessments"): Rule(
        allowed=frozenset({"consultant"}), body=lambda _: {"date": _today(), "score": 3, "reason": "Møder stabilt"}
    ),
    ("GET", "/api/placements/{placement_id:uuid}/consent/health"): Rule(allowed=frozenset({"consultant", "citizen"})),
    # The citizen gives consent in the service; the consultant records one given on paper, with its date.
    ("PUT", "/api/placements/{placement_id:uuid}/consent/health"): Rule(
        allowed=frozenset({"consultant", "citizen"}), body=lambda ids: {"share": True, **_recorded(ids)}
    ),
    # F is about the citizen: they read it; only the consultant records it.
    ("GET", "/forloeb/{placement_id:uuid}/konsulentvurdering"): Rule(allowed=frozenset({"consultant", "citizen"})),
    ("POST", "/forloeb/{placement_id:uuid}/konsulentvurdering"): Rule(
        allowed=frozenset({"consultant"}),
        form=True,
        body=lambda _: {"date": _today(), "score": "4", "reason": "Tager mere ansvar"},
    ),
    ("GET", "/forloeb/{placement_id:uuid}/samtykke"): Rule(allowed=frozenset({"consultant", "citizen"})),
    ("POST", "/forloeb/{placement_id:uuid}/samtykke"): Rule(
        allowed=frozenset({"consultant", "citizen"}), form=True, body=lambda ids: {"share": "ja", **_recorded(ids)}
    ),
    ("GET", "/forloeb/{placement_id:uuid}/maaling"): Rule(allowed=frozenset({"consultant", "citizen"})),
    ("POST", "/forloeb/{placement_id:uuid}/maaling"): Rule(
        allowed=frozenset({"consultant", "citizen"}), form=True, body=lambda _: {"date": _today(), "position": "-1"}
    ),
    # Outcomes are the consultant's; the own placement is still running, so the service refuses the checkpoint (422).
    ("PUT", "/api/placements/{placement_id:uuid}/outcomes/{checkpoint:str}"): Rule(
        allowed=frozenset({"consultant"}), ok=frozenset({422}), body=lambda _: {"date": _today(), "status": "none"}
    ),
    ("GET", "/api/placements/{placement_id:uuid}/outcomes"): Rule(allowed=frozenset({"consultant"})),
    ("GET", "/forloeb/{placement_id:uuid}/resultat/{checkpoint:str}"): Rule(allowed=frozenset({"consultant"})),
    ("POST", "/forloeb/{placement_id:uuid}/resultat/{checkpoint:str}"): Rule(
        allowed=frozenset({"consultant"}),
        form=True,
        ok=frozenset({422}),
        body=lambda _: {"date": _today(), "status": "none", "version": "0"},
    ),
    # The jobcenter's named selections of items per target group: the consultants' conversation practice.
    ("GET", "/api/question-selections"): Rule(allowed=frozenset({"consultant"})),
    ("POST", "/api/question-selections"): Rule(
        allowed=frozenset({"consultant"}),
        body=lambda _: {"name": f"Udvalg {uuid.uuid4().hex[:6]}", "target_group": "aktivitetsparat", "items": ["A1"]},
    ),
    ("DELETE", "/api/question-selections/{selection_id:uuid}"): Rule(allowed=frozenset({"consultant"})),
    # The agree step saves the conversation: the consultant's, with the citizen beside them.
    ("POST", "/forloeb/{placement_id:uuid}/maaling/aftale"): Rule(
        allowed=frozenset({"consultant"}),
        form=True,
        body=lambda _: {"date": _today(), "items": "A1", "draft": '{"A1": 4}', "agreed_A": "4"},
    ),
    # Every party sees a result, through the field rules (B only with consent; tests/assessments checks that).
    ("GET", "/forloeb/{placement_id:uuid}/maaling/{assessment_id:uuid}"): Rule(allowed=PARTIES),
}


@dataclass
class World:
    """Two placements with all their parties, an admin and a leader, and a logged-in client per role."""

    own: dict[str, str]
    foreign: dict[str, str]
    missing: dict[str, str]
    foreign_citizen_name: str
    clients: dict[str, httpx.AsyncClient] = field(default_factory=dict)


def _routes(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or route.path.startswith(SKIPPED_PREFIXES):
            continue
        for method in route.methods:
            if method not in ("OPTIONS", "HEAD"):
                found.append((method, route.path))
    return sorted(found, key=lambda r: (r[1], r[0]))


def _fill(path: str, ids: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        assert match.group(1) in ids, f"no test value for {match.group(0)} in {path}: add it to World"
        return ids[match.group(1)]

    return re.sub(r"\{(\w+):\w+\}", value, path)


async def _assessment(db, placement_id: uuid.UUID, recorded_by: uuid.UUID) -> uuid.UUID:  # type: ignore[no-untyped-def]
    assessment = Assessment(
        placement_id=placement_id,
        assessed_on=dt.date.today(),
        recorded_by_id=recorded_by,
        recorded_by_role=Role.CITIZEN,
    )
    assessment.answers = [AssessmentAnswer(question_key="B1", factor="B", value=2)]
    db.add(assessment)
    await db.commit()
    return assessment.id


async def _request(client: httpx.AsyncClient, method: str, url: str, rule: Rule, ids: dict[str, str]) -> httpx.Response:
    headers = {"accept": "text/html" if not url.startswith("/api") else "application/json", **rule.headers}
    kwargs: dict[str, Any] = {"headers": headers}
    if rule.body is not None:
        kwargs["data" if rule.form else "json"] = rule.body(ids)
    return await client.request(method, url, follow_redirects=False, **kwargs)


def test_every_route_has_an_access_rule(app) -> None:
    missing = [route for route in _routes(app) if route not in RULES]
    assert not missing, f"routes without a rule in {__name__}.RULES: {missing}"
    stale = [key for key in RULES if key not in _routes(app)]
    assert not stale, f"rules for routes that no longer exist: {stale}"


CANARY_NAME = "Kanariefugl Canarysen"
CANARY_HEALTH_NOTE = "CANARY-HEALTH-NOTE angst og søvnproblemer"


async def test_every_route_for_every_role_on_own_and_foreign_objects(
    app, client, db, make_placement, make_user, login_as, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    own, foreign = await make_placement(), await make_placement()
    await _plant_canaries(db, own)
    admin, leader = await make_user("admin"), await make_user("leader")
    world = World(
        own={
            "placement_id": str(own.placement_id),
            "citizen_id": str(own.citizen_id),
            "subgoal_id": str(own.subgoal_ids[0]),
            "position": "0",
            "week": format_week(dt.date.today()),
            "checkpoint": "end",
            "assessment_id": str(await _assessment(db, own.placement_id, own.citizen_user_id)),
        },
        foreign={
            "placement_id": str(foreign.placement_id),
            "citizen_id": str(foreign.citizen_id),
            "subgoal_id": str(foreign.subgoal_ids[0]),
            "position": "0",
            "week": format_week(dt.date.today()),
            "checkpoint": "end",
            "assessment_id": str(await _assessment(db, foreign.placement_id, foreign.citizen_user_id)),
        },
        missing={
            "placement_id": str(uuid.uuid4()),
            "assessment_id": str(uuid.uuid4()),
            "citizen_id": str(uuid.uuid4()),
            "subgoal_id": str(uuid.uuid4()),
            "position": "0",
            "week": format_week(dt.date.today()),
            "checkpoint": "end",
        },
        foreign_citizen_name=(await db.get(Citizen, foreign.citizen_id)).name,  # type: ignore[union-attr]
    )
    spare = await make_user("leader")
    # Accounts belong to no placement: an admin manages all of them, so there is no foreign account to compare.
    world.own["user_id"] = str(spare.id)
    world.foreign["user_id"] = world.missing["user_id"] = str(uuid.uuid4())
    # Selections of items hold no personal data and every consultant of the jobcenter shares them: none is foreign.
    # Only the consultant's DELETE reaches the row (every other role is refused before it is looked up).
    selection = QuestionSelection(
        name="Helbred først", target_group="aktivitetsparat", item_keys=["B1"], created_by_id=own.consultant_id
    )
    db.add(selection)
    await db.commit()
    world.own["selection_id"] = str(selection.id)
    world.foreign["selection_id"] = world.missing["selection_id"] = str(uuid.uuid4())
    # Companies are not personal data and every consultant shares the list: no foreign company either.
    world.own["company_id"] = str(own.company_id)
    world.foreign["company_id"] = world.missing["company_id"] = str(uuid.uuid4())
    users = {
        "admin": admin.id,
        "leader": leader.id,
        "consultant": own.consultant_id,
        "company_contact": own.company_contact_id,
        "mentor": own.mentor_id,
        "citizen": own.citizen_user_id,
    }
    failures: list[str] = []
    checked = 0
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as anonymous:
        await anonymous.get("/health")
        anonymous.headers["x-csrftoken"] = anonymous.cookies.get("csrftoken") or ""
        for role in ROLES:
            if role == "anonymous":
                checked += await _walk(app, anonymous, role, world, failures)
                continue
            async with login_as(users[role]) as signed_in:
                checked += await _walk(app, signed_in, role, world, failures)
    assert not failures, f"{len(failures)} of {checked} checks failed:\n" + "\n".join(failures)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert CANARY_NAME not in logged and "CANARY-HEALTH-NOTE" not in logged, "a citizen's data reached the logs"


async def _plant_canaries(db, arranged) -> None:  # type: ignore[no-untyped-def]
    """A recognisable name and health note on the own placement: they must show in pages, never in logs."""
    citizen = await db.get(Citizen, arranged.citizen_id)
    citizen.name = CANARY_NAME
    log = WeeklyLog(
        placement_id=arranged.placement_id,
        week=format_week(dt.date.today()),
        author_id=arranged.mentor_id,
        author_role=Role.MENTOR,
        placement_hours=12,
        ordinary_hours=0,
        absence_hours=2,
        small_steps="Mødte til tiden",
        note=CANARY_HEALTH_NOTE,
    )
    log.ratings = [SubGoalRating(subgoal_id=arranged.subgoal_ids[0], rating=3, note=CANARY_HEALTH_NOTE)]
    db.add(log)
    await db.commit()


async def _walk(app, client: httpx.AsyncClient, role: str, world: World, failures: list[str]) -> int:  # type: ignore[no-untyped-def]
    checked = 0
    for method, path in _routes(app):
        rule = RULES[(method, path)]
        if rule.skip:
            continue
        checked += 1
        own = await _request(client, method, _fill(path, world.own), rule, {**world.own, "role": role})
        where = f"{role:16} {method:6} {path}: "
        if own.status_code >= 500:
            failures.append(where + f"server error {own.status_code}")
            continue
        if rule.public:
            expected = rule.ok
        elif role == "anonymous":
            expected = frozenset({401}) if path.startswith("/api") else frozenset({303})
        else:
            expected = rule.ok if role in rule.allowed else NOT_ALLOWED
        if own.status_code not in expected:
            failures.append(where + f"own object gave {own.status_code}, expected one of {sorted(expected)}")
        if "{" in path:
            foreign = await _request(client, method, _fill(path, world.foreign), rule, {**world.foreign, "role": role})
            missing = await _request(client, method, _fill(path, world.missing), rule, {**world.missing, "role": role})
            if foreign.status_code != missing.status_code:
                failures.append(where + f"foreign gave {foreign.status_code} but a missing id {missing.status_code}")
            elif (
                foreign.headers.get("content-type", "").startswith("application/json")
                and foreign.json() != missing.json()
            ):
                failures.append(where + "foreign and missing ids answer with different bodies")
            if world.foreign_citizen_name in foreign.text:
                failures.append(where + "the foreign citizen's name leaked")
    return checked


# Field rules: a distinct canary in each restricted field, looked for in every body a party can get.
DECISION_REASON = "Kanariebeslutningsgrund"
F_REASON = "Kanariekonsulentgrund"
INTERNAL_NOTE = "Kanarieinterntnotat"
INTERNAL_STEP = "Kanarieinterntskridt"
FORMER_CONSULTANT = "Kanarieforhenkonsulent"
CASE_REF = "KANARIESAG77"
# B answers 1, 2, 2: their mean, 1.666…, in each way a page, the API or the report writes it.
B_SCORE = ("1.666", "1.67", "1,67")
HIDDEN_FROM = {
    DECISION_REASON: {"company_contact", "mentor"},
    F_REASON: {"company_contact", "mentor"},
    INTERNAL_NOTE: {"company_contact", "mentor", "citizen"},
    INTERNAL_STEP: {"company_contact", "mentor", "citizen"},
    FORMER_CONSULTANT: {"company_contact", "mentor", "citizen"},
    CASE_REF: {"company_contact", "mentor", "citizen"},
    **{text: {"company_contact", "mentor"} for text in B_SCORE},
}
REPORT_AUDIENCES = {
    "consultant": ("jobcenter", "company", "citizen"),
    "company_contact": ("company",),
    "mentor": ("company",),
    "citizen": ("citizen",),
}


def _body_text(response: httpx.Response) -> str:
    if not response.content.startswith(b"%PDF"):
        return response.text
    import subprocess

    return subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()


async def _plant_restricted_fields(db, arranged, make_user) -> None:  # type: ignore[no-untyped-def]
    from placement.db.models import CaseworkerAssessment, ConsultantAssignment, PlacementDecision

    citizen = await db.get(Citizen, arranged.citizen_id)
    citizen.case_ref = CASE_REF
    former = await make_user("consultant", name=FORMER_CONSULTANT)
    earlier = dt.datetime.now(dt.UTC) - dt.timedelta(weeks=3)
    db.add_all(
        [
            ConsultantAssignment(
                placement_id=arranged.placement_id, consultant_id=former.id, assigned_at=earlier - dt.timedelta(weeks=1)
            ),
            ConsultantAssignment(
                placement_id=arranged.placement_id, consultant_id=arranged.consultant_id, assigned_at=earlier
            ),
            PlacementDecision(
                placement_id=arranged.placement_id,
                consultant_id=arranged.consultant_id,
                decided_on=dt.date.today(),
                decision="continue",
                reason=DECISION_REASON,
            ),
            CaseworkerAssessment(
                placement_id=arranged.placement_id,
                consultant_id=arranged.consultant_id,
                assessed_on=dt.date.today(),
                score=2,
                reason=F_REASON,
            ),
        ]
    )
    internal = WeeklyLog(
        placement_id=arranged.placement_id,
        week=format_week(dt.date.today()),
        author_id=arranged.consultant_id,
        author_role=Role.CONSULTANT,
        placement_hours=12,
        ordinary_hours=0,
        absence_hours=0,
        small_steps=INTERNAL_STEP,
        note=INTERNAL_NOTE,
        shared=False,
    )
    internal.ratings = [SubGoalRating(subgoal_id=arranged.subgoal_ids[0], rating=4, note=INTERNAL_NOTE)]
    assessment = Assessment(
        placement_id=arranged.placement_id,
        assessed_on=dt.date.today(),
        recorded_by_id=arranged.citizen_user_id,
        recorded_by_role=Role.CITIZEN,
    )
    assessment.answers = [
        AssessmentAnswer(question_key=key, factor="B", value=value) for key, value in (("B1", 1), ("B2", 2), ("B3", 2))
    ]
    db.add_all([internal, assessment])
    await db.commit()


async def _party_bodies(app, login_as, arranged, role: str, ids: dict[str, str]) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(url, text) of every GET route and report version that `role` gets on the arranged placement."""
    bodies = []
    async with login_as(arranged.actor(role).user_id) as party:
        urls = [
            _fill(path, ids)
            for method, path in _routes(app)
            if method == "GET" and not RULES[(method, path)].skip and not RULES[(method, path)].public
        ]
        urls += [f"/api/placements/{arranged.placement_id}/report.pdf?audience={a}" for a in REPORT_AUDIENCES[role]]
        for url in urls:
            response = await _request(party, "GET", url, Rule(), {**ids, "role": role})
            if response.status_code < 400:
                bodies.append((url, _body_text(response)))
    return bodies


async def _ids(db, arranged) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assessment_id = await db.scalar(select(Assessment.id).where(Assessment.placement_id == arranged.placement_id))
    return {
        "placement_id": str(arranged.placement_id),
        "citizen_id": str(arranged.citizen_id),
        "subgoal_id": str(arranged.subgoal_ids[0]),
        "position": "0",
        "week": format_week(dt.date.today()),
        "checkpoint": "end",
        "assessment_id": str(assessment_id),
        "company_id": str(arranged.company_id),
        "user_id": str(uuid.uuid4()),
    }


async def test_no_restricted_field_reaches_a_party_by_any_page_api_or_report(
    app, client, db, make_placement, make_user, login_as
) -> None:
    """Every GET route and every report version a party may get, with no consent given: each restricted field stays
    with those the policy lets see it, and the consultant does see each of them somewhere."""
    arranged = await make_placement()
    await _plant_restricted_fields(db, arranged, make_user)
    ids = await _ids(db, arranged)
    leaks: list[str] = []
    for role in ("consultant", "company_contact", "mentor", "citizen"):
        seen: set[str] = set()
        for url, text in await _party_bodies(app, login_as, arranged, role, ids):
            for canary, hidden in HIDDEN_FROM.items():
                if canary in text:
                    seen.add(canary)
                    if role in hidden:
                        leaks.append(f"{role:16} {url}: {canary}")
        if role == "consultant":
            assert set(HIDDEN_FROM) - set(B_SCORE) <= seen, f"the jobcenter misses {set(HIDDEN_FROM) - seen}"
            assert seen & set(B_SCORE), "the jobcenter misses the B score"
    assert not leaks, "restricted fields reached a party:\n" + "\n".join(leaks)


HOSTILE = ('"><script>alert(1)</script>', "' onload='x")


async def test_markup_written_by_users_is_text_in_every_page_chart_and_report(
    app, client, db, make_placement, add_history, login_as
) -> None:
    """Sub-goal titles, small steps, notes and names that carry markup stay text: in every page and JSON body, in the
    SVG charts (each chart parses as XML and keeps the title whole) and in each report version's HTML and PDF."""
    import xml.etree.ElementTree as ElementTree

    from placement.access.policy import Audience, relation_for_audience
    from placement.access.scopes import placement_in_reach
    from placement.db.models import Company, SubGoal, SubGoalStep
    from placement.progress import report as reports
    from placement.progress import services as progress

    arranged = await make_placement()
    await add_history(arranged)
    title = f"Møder {HOSTILE[0]} og {HOSTILE[1]}"
    goal = await db.get(SubGoal, arranged.subgoal_ids[0])
    goal.title, goal.target = title, HOSTILE[1]
    (await db.get(Company, arranged.company_id)).name = f"Firma {HOSTILE[0]}"
    (await db.get(Citizen, arranged.citizen_id)).name = f"Borger {HOSTILE[1]}"
    step = await db.scalar(select(SubGoalStep).where(SubGoalStep.subgoal_id == goal.id, SubGoalStep.position == 0))
    step.text, step.reached_week = f"Skridt {HOSTILE[0]}", format_week(dt.date.today())
    await db.commit()
    ids = await _ids(db, arranged)
    raw: list[str] = []
    charts = 0
    for role in ("consultant", "company_contact", "mentor", "citizen"):
        for url, text in await _party_bodies(app, login_as, arranged, role, ids):
            is_markup = text.lstrip().startswith("<")
            if is_markup and any(hostile in text for hostile in HOSTILE):
                raw.append(f"{role:16} {url}")
            for svg in re.findall(r"<svg\b.*?</svg>", text, flags=re.S) if is_markup else []:
                chart = ElementTree.fromstring(svg)  # a quote that broke out would leave it malformed or changed
                assert not chart.get("onload")
                if chart.get("class") != "chart":
                    continue
                label = chart.get("aria-label", "")
                assert chart.find("{*}title").text == label
                if "Møder" in label:
                    charts += 1
                    assert title in label
    assert not raw, "markup from users reached a body unescaped:\n" + "\n".join(raw)
    assert charts, "no sub-goal chart was checked"
    # The report's HTML (the PDF's source and its fallback) for each audience, as the report route builds it.
    environment = app.template_engine.engine
    for audience in Audience:
        access = await placement_in_reach(db, arranged.actor("consultant"), arranged.placement_id)
        view = await progress.build_view(
            db,
            access,
            relation_for_audience(audience),
            arranged.consultant_id,
            app.state.settings.recommendation,
            today=SYSTEM_CLOCK.today(),
        )
        context = reports.template_context(
            reports.report_data(view, audience), view.progress, generated=SYSTEM_CLOCK.today()
        )
        html = environment.get_template("reports/report.html").render(**context, report_css="")
        assert not any(hostile in html for hostile in HOSTILE), audience
        assert "&lt;script&gt;" in html, audience
