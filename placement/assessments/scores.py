"""The citizen's self-assessments (A–E) scored per factor, with only the factors one party may see."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from goals.factors import CITIZEN_FACTOR_CODES
from goals.questions import QuestionBank
from goals.scoring import factor_scores
from placement.access.policy import visible_citizen_factors
from placement.access.scopes import PlacementAccess
from placement.db.models import Assessment


@dataclass(frozen=True, slots=True)
class ScoredAssessment:
    """One self-assessment with its answers and its mean per factor; an unanswered factor is absent."""

    id: uuid.UUID
    date: dt.date
    recorded_by_role: str
    scores: dict[str, float]
    answers: dict[str, int]
    # The question bank's version the answers were given in ("before-0010" for those from before it was kept).
    bank_version: str = ""


def visible_codes(access: PlacementAccess) -> list[str]:
    """The factors of A–E this party sees, in the order of the factors."""
    visible = visible_citizen_factors(access.relation, health_consent=access.health_consent)
    return [code for code in CITIZEN_FACTOR_CODES if code in visible]


def scored(bank: QuestionBank, assessment: Assessment, codes: list[str]) -> ScoredAssessment:
    """One stored assessment with its answers and scores of the factors in `codes` only."""
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
        bank_version=assessment.bank_version,
    )


async def scored_assessments(db: AsyncSession, bank: QuestionBank, access: PlacementAccess) -> list[ScoredAssessment]:
    """The placement's self-assessments, oldest first, with only the factors this party may see. Not audited."""
    codes = visible_codes(access)
    rows = await db.scalars(
        select(Assessment)
        .where(Assessment.placement_id == access.placement.id)
        .options(selectinload(Assessment.answers))
        .order_by(Assessment.assessed_on, Assessment.created_at)
    )
    return [scored(bank, row, codes) for row in rows]
