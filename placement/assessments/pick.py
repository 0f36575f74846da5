"""The pick and agree steps of the second conversation as pages need them: the factors to propose, the saved
selections of the citizen's target group, and the computed scores to agree on."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from goals.bounds import SCORE_MAX, SCORE_MIN
from goals.conversation import latest_scores, propose_factors, selected_bank
from goals.factors import CITIZEN_FACTOR_CODES
from goals.questions import QuestionBank
from placement.assessments.scores import ScoredAssessment
from placement.db.models import Citizen
from placement.questions.selections import Selection, get_selection, selections_for_group
from placement.web.filters import factor_name


@dataclass(frozen=True, slots=True)
class PickItem:
    key: str
    text: str
    checked: bool


@dataclass(frozen=True, slots=True)
class PickFactor:
    code: str
    name: str
    latest: float | None
    proposed: bool
    items: list[PickItem]


@dataclass(frozen=True, slots=True)
class PickView:
    factors: list[PickFactor]
    selections: list[Selection]
    chosen_selection: str
    first: bool


async def pick_view(
    db: AsyncSession,
    bank: QuestionBank,
    citizen_id: uuid.UUID | None,
    history: Iterable[ScoredAssessment],
    lang: str,
    *,
    selection_id: uuid.UUID | None = None,
    checked: Iterable[str] | None = None,
) -> PickView:
    """The factors lowest latest score first, their items checked as proposed (or as the saved selection or the
    form sent them). The caller has the placement in reach as its consultant and audited the history's read."""
    latest = latest_scores(a.scores for a in history)
    codes = [code for code in CITIZEN_FACTOR_CODES if bank.for_factor(code)]
    proposals = propose_factors(codes, latest)
    group = await db.scalar(select(Citizen.target_group).where(Citizen.id == citizen_id))
    saved = await selections_for_group(db, bank, group or "")
    chosen = await get_selection(db, bank, selection_id) if selection_id is not None else None
    if chosen is not None and chosen.target_group != group:
        chosen = None
    keys: set[str] | None = set(chosen.items) if chosen is not None else (set(checked) if checked is not None else None)
    factors = [
        PickFactor(
            code=p.code,
            name=factor_name(p.code, lang),
            latest=p.latest,
            proposed=p.proposed,
            items=[
                PickItem(key=item.key, text=item.text, checked=(item.key in keys) if keys is not None else p.proposed)
                for item in bank.for_factor(p.code)
            ],
        )
        for p in proposals
    ]
    return PickView(
        factors=factors,
        selections=saved,
        chosen_selection=str(chosen.id) if chosen is not None else "",
        first=not latest,
    )


def items_field(items: Iterable[str]) -> str:
    """The chosen items as the hidden field that carries them from step to step."""
    return ",".join(items)


def parse_items_field(raw: str) -> tuple[str, ...] | None:
    """The chosen items from the hidden field; None (every item) when empty. Unknown keys are left to the service."""
    keys = tuple(key for key in (part.strip() for part in raw.split(",")) if key)
    return keys or None


def step_bank(bank: QuestionBank, items: tuple[str, ...] | None) -> QuestionBank:
    """The bank the step form walks through: the chosen items only, or all of them."""
    return bank if items is None else selected_bank(bank, items)


@dataclass(frozen=True, slots=True)
class AgreeFactor:
    code: str
    name: str
    computed: float
    suggested: int
    agreed: int
    what_it_takes: str


SCALE_VALUES = tuple(range(SCORE_MIN, SCORE_MAX + 1))


def agree_factors(
    scores: Mapping[str, float],
    lang: str,
    *,
    agreed: Mapping[str, str] | None = None,
    takes: Mapping[str, str] | None = None,
) -> list[AgreeFactor]:
    """Per answered factor the computed score and the agreed one pre-filled with it (rounded to the scale)."""
    rows = []
    for code, score in scores.items():
        suggested = int(score + 0.5)
        sent = (agreed or {}).get(code, "")
        rows.append(
            AgreeFactor(
                code=code,
                name=factor_name(code, lang),
                computed=score,
                suggested=suggested,
                agreed=int(sent) if sent.isdigit() else suggested,
                what_it_takes=(takes or {}).get(code, ""),
            )
        )
    return rows
