"""The citizen's self-assessments (A–E) scored per factor, with only the factors one party may see."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from goals.factors import CASEWORKER_FACTOR_CODE, CITIZEN_FACTOR_CODES
from goals.progress import ScorePoint
from goals.questions import QuestionBank
from goals.scoring import factor_scores
from placement.access.policy import sees_caseworker_view, visible_citizen_factors
from placement.access.scopes import PlacementAccess
from placement.assessments.talk import NO_TALK, Talk, TalkView, talk_view, talks_of
from placement.db.models import Assessment, CaseworkerAssessment


@dataclass(frozen=True, slots=True)
class ScoredAssessment:
    """One self-assessment with its answers and its mean per factor; an unanswered factor is absent."""

    id: uuid.UUID
    date: dt.date
    recorded_by_role: str
    scores: dict[str, float]
    answers: dict[str, int]
    # The second conversation's items, agreed scores and notes, through the field rules; None before it was held.
    talk: TalkView | None = None
    # The question bank's version the answers were given in ("before-0010" for those from before it was kept).
    bank_version: str = ""


def visible_codes(access: PlacementAccess) -> list[str]:
    """The factors of A–E this party sees, in the order of the factors."""
    visible = visible_citizen_factors(access.relation, health_consent=access.health_consent)
    return [code for code in CITIZEN_FACTOR_CODES if code in visible]


def scored(
    bank: QuestionBank, assessment: Assessment, access: PlacementAccess, talk: Talk = NO_TALK
) -> ScoredAssessment:
    """One stored assessment with its answers, scores and conversation of the factors this party sees only."""
    codes = visible_codes(access)
    # The stored factor decides visibility, so a health answer stays hidden whatever the bank says today.
    answers = {a.question_key: a.value for a in assessment.answers if a.factor in codes}
    # An item a deployment has since removed from its bank is no longer scored; its stored answer stays.
    scorable = {key: value for key, value in answers.items() if key in bank}
    scores = factor_scores(bank, scorable) if scorable else {}
    rank = {item.key: index for index, item in enumerate(bank.items)}
    return ScoredAssessment(
        id=assessment.id,
        date=assessment.assessed_on,
        recorded_by_role=assessment.recorded_by_role.value,
        scores={code: score for code, score in scores.items() if code in codes},
        answers={key: answers[key] for key in sorted(answers, key=lambda key: (rank.get(key, len(rank)), key))},
        talk=talk_view(bank, talk, codes, access.relation) if talk is not NO_TALK else None,
        bank_version=assessment.bank_version,
    )


async def scored_assessments(db: AsyncSession, bank: QuestionBank, access: PlacementAccess) -> list[ScoredAssessment]:
    """The placement's self-assessments, oldest first, with only the factors this party may see. Not audited."""
    rows = await db.scalars(
        select(Assessment)
        .where(Assessment.placement_id == access.placement.id)
        .options(selectinload(Assessment.answers))
        .order_by(Assessment.assessed_on, Assessment.created_at)
    )
    assessments = list(rows)
    talks = await talks_of(db, (row.id for row in assessments))
    return [scored(bank, row, access, talks.get(row.id, NO_TALK)) for row in assessments]


async def caseworker_rows(db: AsyncSession, placement_id: uuid.UUID) -> list[CaseworkerAssessment]:
    rows = await db.scalars(
        select(CaseworkerAssessment)
        .where(CaseworkerAssessment.placement_id == placement_id)
        .order_by(CaseworkerAssessment.assessed_on, CaseworkerAssessment.created_at)
    )
    return list(rows)


async def factor_series(db: AsyncSession, bank: QuestionBank, access: PlacementAccess) -> dict[str, list[ScorePoint]]:
    """Each factor's score over time for this party: the visible factors of A–E, then F where policy shows it.

    A factor without any score has an empty list; the caller audits the read.
    """
    series: dict[str, list[ScorePoint]] = {code: [] for code in visible_codes(access)}
    for assessment in await scored_assessments(db, bank, access):
        agreed = assessment.talk.agreed if assessment.talk is not None else {}
        for code, score in assessment.scores.items():
            series[code].append(ScorePoint(assessment.date, score, agreed.get(code)))
    if sees_caseworker_view(access.relation):
        series[CASEWORKER_FACTOR_CODE] = [
            ScorePoint(row.assessed_on, float(row.score)) for row in await caseworker_rows(db, access.placement.id)
        ]
    return series
