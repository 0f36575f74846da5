"""Response bodies of the progress API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec

from placement.progress.services import ProgressView


class PointOut(msgspec.Struct, omit_defaults=True):
    date: dt.date
    score: float
    agreed: Annotated[
        int | None, msgspec.Meta(description="a factor's score agreed in the conversation; absent when none was")
    ] = None


class RatingOut(msgspec.Struct):
    week: str
    author_role: str
    rating: int


class SubGoalSeriesOut(msgspec.Struct):
    id: str
    factor: str
    title: str
    ratings: list[RatingOut]


class HoursOut(msgspec.Struct):
    week: str
    planned: float | None
    placement_hours: float | None
    ordinary_hours: float | None
    ordinary_target: float | None
    absence_hours: float | None


class SmallStepOut(msgspec.Struct):
    week: str
    kind: str
    subgoal_id: str | None
    text: str
    seen_by: str | None


class SetbackOut(msgspec.Struct):
    """A sub-goal rating that fell for one observer from one logged week to the next; never a small step."""

    week: str
    subgoal_id: str
    seen_by: str
    before: int
    after: int


class DisagreementOut(msgspec.Struct):
    week: str
    subgoal_id: str
    roles: list[str]
    ratings: list[int]
    gap: int


class ReasonOut(msgspec.Struct):
    code: str
    text: str
    text_en: str
    direction: str
    # `float`, not `float | int`: the document would say oneOf number or integer, which every integer breaks.
    values: dict[str, float | None]
    factor: str | None


class RecommendationOut(msgspec.Struct):
    verdict: str
    reasons: list[ReasonOut]
    # True at or past the planned end of a running placement: the decision on extending or ending is due.
    decision_due: bool


class DecisionOut(msgspec.Struct):
    decided_on: dt.date
    decision: str
    reason: str
    verdict_shown: str | None


class ProgressOut(msgspec.Struct):
    factors: dict[str, list[PointOut]]
    subgoals: list[SubGoalSeriesOut]
    hours: list[HoursOut]
    small_steps: list[SmallStepOut]
    setbacks: list[SetbackOut]
    disagreements: list[DisagreementOut]
    recommendation: RecommendationOut
    caseworker: list[PointOut] | None
    decisions: list[DecisionOut]
    weeks_used: int
    weeks_planned: int
    attendance_rate: float | None


def progress_out(view: ProgressView) -> ProgressOut:
    p = view.progress
    return ProgressOut(
        factors={
            code: [PointOut(s.date, s.score, s.agreed) for s in series]
            for code, series in p.factors.items()
            if code in view.visible_factors
        },
        subgoals=[
            SubGoalSeriesOut(
                id=s.id,
                factor=s.factor,
                title=s.title,
                # The citizen's own ratings beside the observers', with author_role "citizen" (API 1.1).
                ratings=[
                    RatingOut(r.week, r.author_role, r.rating)
                    for r in sorted([*s.ratings, *s.own_ratings], key=lambda r: r.week)
                ],
            )
            for s in p.subgoals
        ],
        hours=[
            HoursOut(h.week, h.planned, h.placement_hours, h.ordinary_hours, h.ordinary_target, h.absence_hours)
            for h in p.hours
        ],
        small_steps=[SmallStepOut(s.week, s.kind.value, s.subgoal_id, s.text, s.seen_by) for s in p.small_steps],
        setbacks=[SetbackOut(f.week, f.subgoal_id, f.seen_by, f.before, f.after) for f in p.setbacks],
        disagreements=[
            DisagreementOut(d.week, d.subgoal_id, list(d.roles), list(d.ratings), d.gap) for d in p.disagreements
        ],
        recommendation=RecommendationOut(
            verdict=view.recommendation.verdict.value,
            reasons=[
                ReasonOut(
                    code=r.code,
                    text=r.text_da,
                    text_en=r.text_en,
                    direction=r.direction,
                    values=dict(r.values),
                    factor=r.factor,
                )
                for r in view.recommendation.reasons
            ],
            decision_due=view.recommendation.decision_due,
        ),
        caseworker=[PointOut(s.date, s.score) for s in p.caseworker] if view.shows_caseworker else None,
        decisions=[DecisionOut(d.decided_on, d.decision, d.reason, d.verdict_shown) for d in view.decisions],
        weeks_used=p.weeks_used,
        weeks_planned=p.weeks_planned,
        attendance_rate=p.attendance_rate,
    )
