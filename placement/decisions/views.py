"""View model of the decision page: the placement, the rule's recommendation with its reasons, earlier decisions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from placement.decisions.services import DecisionPage


@dataclass(frozen=True, slots=True)
class ReasonView:
    text: str
    direction: str


@dataclass(frozen=True, slots=True)
class PastDecisionView:
    date: dt.date
    decision: str
    reason: str
    verdict_shown: str | None


@dataclass(frozen=True, slots=True)
class DecisionPageView:
    id: str
    citizen_name: str
    company_name: str
    status: str
    start: dt.date
    planned_end: dt.date
    ended: dt.date | None
    follow_up: dt.date | None
    verdict: str
    decision_due: bool
    reasons: list[ReasonView]
    # Newest first.
    decisions: list[PastDecisionView]


def decision_page_view(data: DecisionPage, lang: str) -> DecisionPageView:
    p = data.placement
    return DecisionPageView(
        id=str(p.id),
        citizen_name=data.citizen_name,
        company_name=data.company_name,
        status=p.status.value,
        start=p.start_date,
        planned_end=p.planned_end_date,
        ended=p.ended_on,
        follow_up=p.follow_up_date,
        verdict=data.recommendation.verdict.value,
        decision_due=data.recommendation.decision_due,
        reasons=[
            ReasonView(text=r.text_da if lang == "da" else r.text_en, direction=r.direction)
            for r in data.recommendation.reasons
        ],
        decisions=[
            PastDecisionView(date=d.decided_on, decision=d.decision, reason=d.reason, verdict_shown=d.verdict_shown)
            for d in reversed(data.decisions)
        ],
    )
