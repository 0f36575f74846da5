"""Self-assessments (A–E), the consultant's view (F) and who held the case when."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from goals.bounds import MAX_REASON_LENGTH, SCORE_MAX, SCORE_MIN
from goals.factors import CASEWORKER_FACTOR_CODE
from goals.handover import DEFAULT_OWN_VIEW_DAYS, OwnViewDue
from goals.questions import QuestionBank
from goals.scoring import AnswerError, factor_scores, validate_answers
from placement.access.policy import (
    Permission,
    Relation,
    sees_case_holder_names,
    sees_caseworker_view,
)
from placement.access.scopes import PlacementAccess, placement_in_reach
from placement.assessments.handover import CaseHolder, case_holders, own_views_due
from placement.assessments.scores import (
    ScoredAssessment,
    caseworker_rows,
    scored,
    scored_assessments,
    visible_codes,
)

# Tests and callers find the factor series here, beside the rest of the slice's reads.
from placement.assessments.scores import factor_series as factor_series
from placement.assessments.talk import (
    NO_TALK,
    Conversation,
    checked_conversation,
    has_talk,
    store_talk,
    talk_view,
    talks_of,
)
from placement.audit.services import record
from placement.auth.identity import Actor
from placement.db.models import (
    Assessment,
    AssessmentAnswer,
    CaseworkerAssessment,
)
from placement.errors import Checks, Forbidden, InvalidInput, NotFound
from placement.inputs import checked_text

# The first scoring often happens at the planning conversation, some weeks before the placement starts.
DAYS_BEFORE_START = 56
# F is rated on the same 1–5 scale as the question items, 5 the most positive.

# Audit vocabulary of this slice; the citizen's data-use page turns it into plain Danish.
ASSESSMENT = "assessment"
CASEWORKER_ASSESSMENT = "caseworker_assessment"
HEALTH_CONSENT_OBJECT = "health_consent"
FOLLOW_PROGRESS = "follow_progress"


@dataclass(frozen=True, slots=True)
class CaseworkerEntry:
    """One rating of factor F; case_holder is the number of the consultant who gave it."""

    id: uuid.UUID
    date: dt.date
    score: int
    reason: str
    case_holder: int


@dataclass(frozen=True, slots=True)
class CaseworkerView:
    entries: list[CaseworkerEntry]
    case_holders: list[CaseHolder]
    # For the consultant who took the case over and has not yet given their own F: by when it is due.
    own_view_due: OwnViewDue | None = None


@dataclass(frozen=True, slots=True)
class AssessmentHistory:
    """What one party sees of a placement's assessments: the visible factor codes, A–E, and F where allowed."""

    relation: Relation
    factors: list[str]
    assessments: list[ScoredAssessment]
    caseworker: CaseworkerView | None


@dataclass(frozen=True, slots=True)
class AssessmentDetail:
    """One assessment as one party sees it, with the factor codes of A–E that party may see."""

    placement_id: uuid.UUID
    assessment: ScoredAssessment
    factors: list[str]
    relation: Relation


@dataclass(frozen=True, slots=True)
class FormTarget:
    """A placement the actor may write to with one permission, as a form page needs it."""

    placement_id: uuid.UUID
    start_date: dt.date
    relation: Relation
    citizen_id: uuid.UUID | None = None


def check_assessment_date(on: dt.date, start_date: dt.date, today: dt.date) -> None:
    """An assessment or rating date lies between shortly before the placement's start and today (in Denmark)."""
    if on > today:
        raise InvalidInput(
            f"date {on.isoformat()} is in the future; use today ({today.isoformat()}) or earlier", field="date"
        )
    earliest = start_date - dt.timedelta(days=DAYS_BEFORE_START)
    if on < earliest:
        raise InvalidInput(
            f"date {on.isoformat()} is more than {DAYS_BEFORE_START} days before the placement starts "
            f"({start_date.isoformat()}); use {earliest.isoformat()} or later",
            field="date",
        )


async def caseworker_view(db: AsyncSession, access: PlacementAccess) -> CaseworkerView:
    """Factor F over time and who held the case when; Forbidden for a party that never sees F. Not audited."""
    if not sees_caseworker_view(access.relation):
        raise Forbidden(
            "factor F, the consultant's view of the citizen, is for the jobcenter and the citizen only",
            action="read",
            object_type=CASEWORKER_ASSESSMENT,
            object_id=access.placement.id,
        )
    holders, numbers = await case_holders(db, access.placement)
    entries = [
        CaseworkerEntry(
            id=row.id,
            date=row.assessed_on,
            score=row.score,
            reason=row.reason,
            # A rating by a consultant missing from the assignment record still gets a number of its own.
            case_holder=numbers.setdefault(row.consultant_id, len(numbers) + 1),
        )
        for row in await caseworker_rows(db, access.placement.id)
    ]
    if not sees_case_holder_names(access.relation):
        holders = [replace(holder, name=None) for holder in holders]
    return CaseworkerView(entries=entries, case_holders=holders)


async def history_for(db: AsyncSession, bank: QuestionBank, access: PlacementAccess) -> AssessmentHistory:
    """A–E and, where policy shows it, F of a placement already in reach. Not audited: the caller records the read."""
    return AssessmentHistory(
        relation=access.relation,
        factors=visible_codes(access) + ([CASEWORKER_FACTOR_CODE] if sees_caseworker_view(access.relation) else []),
        assessments=await scored_assessments(db, bank, access),
        caseworker=await caseworker_view(db, access) if sees_caseworker_view(access.relation) else None,
    )


async def _record_read(db: AsyncSession, actor: Actor, access: PlacementAccess, history: AssessmentHistory) -> None:
    citizen_id, placement_id = access.placement.citizen_id, access.placement.id
    await record(
        db,
        actor,
        "read",
        citizen_id=citizen_id,
        object_type=ASSESSMENT,
        object_id=placement_id,
        purpose=FOLLOW_PROGRESS,
    )
    if history.caseworker is not None:
        await record(
            db,
            actor,
            "read",
            citizen_id=citizen_id,
            object_type=CASEWORKER_ASSESSMENT,
            object_id=placement_id,
            purpose=FOLLOW_PROGRESS,
        )


async def read_assessments(
    db: AsyncSession, actor: Actor, bank: QuestionBank, placement_id: uuid.UUID
) -> AssessmentHistory:
    """Every party of the placement reads its assessments through the field rules; the read is audited."""
    access = await placement_in_reach(db, actor, placement_id)
    history = await history_for(db, bank, access)
    await _record_read(db, actor, access, history)
    return history


async def read_assessment(
    db: AsyncSession, actor: Actor, bank: QuestionBank, placement_id: uuid.UUID, assessment_id: uuid.UUID
) -> AssessmentDetail:
    """One assessment of a placement in reach, through the field rules; the read is audited."""
    access = await placement_in_reach(db, actor, placement_id)
    row = await db.scalar(
        select(Assessment)
        .where(Assessment.id == assessment_id, Assessment.placement_id == access.placement.id)
        .options(selectinload(Assessment.answers))
    )
    if row is None:
        raise NotFound()
    await record(
        db,
        actor,
        "read",
        citizen_id=access.placement.citizen_id,
        object_type=ASSESSMENT,
        object_id=row.id,
        purpose=FOLLOW_PROGRESS,
    )
    talk = (await talks_of(db, [row.id])).get(row.id, NO_TALK)
    return AssessmentDetail(
        placement_id=access.placement.id,
        assessment=scored(bank, row, access, talk),
        factors=visible_codes(access),
        relation=access.relation,
    )


async def form_target(db: AsyncSession, actor: Actor, placement_id: uuid.UUID, permission: Permission) -> FormTarget:
    """The placement as a form needs it, or 403/404 before the form is read: no form answers for a placement
    out of reach. Reads no citizen data, so it is not audited."""
    access = await placement_in_reach(db, actor, placement_id, permission)
    return FormTarget(
        placement_id=access.placement.id,
        start_date=access.placement.start_date,
        relation=access.relation,
        citizen_id=access.placement.citizen_id,
    )


async def record_assessment(
    db: AsyncSession,
    actor: Actor,
    bank: QuestionBank,
    placement_id: uuid.UUID,
    *,
    on: dt.date,
    answers: Mapping[str, int],
    today: dt.date,
    conversation: Conversation | None = None,
) -> ScoredAssessment:
    """Store the citizen's answers at a date, given by the citizen or by the consultant in dialogue with them; in
    the second conversation also the chosen items, the agreed scores, remarks and what it takes (checked first)."""
    access = await placement_in_reach(db, actor, placement_id, Permission.ANSWER_ASSESSMENT)
    try:
        # Checks each value too: the API hands over whatever JSON value came for an item.
        valid = validate_answers(bank, answers)
    except AnswerError as exc:
        raise InvalidInput(str(exc), field=exc.field) from None
    scores = factor_scores(bank, valid)
    talk = checked_conversation(bank, access, conversation, valid, scores)
    check_assessment_date(on, access.placement.start_date, today)
    assessment = Assessment(
        placement_id=access.placement.id,
        assessed_on=on,
        recorded_by_id=actor.user_id,
        recorded_by_role=actor.role,
        bank_version=bank.version,
        answers=[
            AssessmentAnswer(question_key=key, factor=bank.item(key).factor, value=value)
            for key, value in valid.items()
        ],
    )
    db.add(assessment)
    await db.flush()
    store_talk(db, assessment.id, talk, (item.key for item in bank.items))
    await db.flush()
    await record(
        db, actor, "create", citizen_id=access.placement.citizen_id, object_type=ASSESSMENT, object_id=assessment.id
    )
    return ScoredAssessment(
        id=assessment.id,
        date=on,
        recorded_by_role=actor.role.value,
        scores=scores,
        answers=valid,
        talk=talk_view(bank, talk, visible_codes(access), access.relation) if has_talk(talk) else None,
        bank_version=bank.version,
    )


async def record_caseworker_assessment(
    db: AsyncSession,
    actor: Actor,
    placement_id: uuid.UUID,
    *,
    on: dt.date,
    score: int | None,
    reason: str,
    today: dt.date,
) -> CaseworkerEntry:
    """The consultant's own 1–5 rating of the citizen's readiness (F) with the reason for it."""
    access = await placement_in_reach(db, actor, placement_id, Permission.RECORD_CASEWORKER_ASSESSMENT)
    # bool is a subclass of int, but True is not a rating anyone gave.
    checks = Checks()
    if type(score) is not int or not SCORE_MIN <= score <= SCORE_MAX:
        checks.add(
            InvalidInput(
                f"score must be a whole number from {SCORE_MIN} to {SCORE_MAX}, found {score!r}", field="score"
            )
        )
    if not reason.strip():
        checks.add(
            InvalidInput(
                "reason is required: say in a sentence or two why you rate the citizen so",
                field="reason",
                code="required",
            )
        )
    elif len(reason.strip()) > MAX_REASON_LENGTH:
        checks.add(
            InvalidInput(
                f"reason is {len(reason.strip())} characters; keep it to {MAX_REASON_LENGTH}",
                field="reason",
                code="too_long",
            )
        )
    else:
        checks.take(checked_text, reason, "reason", MAX_REASON_LENGTH)
    checks.take(check_assessment_date, on, access.placement.start_date, today)
    checks.done()
    assert score is not None  # checks.done() refused otherwise
    text = reason.strip()
    row = CaseworkerAssessment(
        placement_id=access.placement.id, consultant_id=actor.user_id, assessed_on=on, score=score, reason=text
    )
    db.add(row)
    await db.flush()
    await record(
        db, actor, "create", citizen_id=access.placement.citizen_id, object_type=CASEWORKER_ASSESSMENT, object_id=row.id
    )
    _, numbers = await case_holders(db, access.placement)
    return CaseworkerEntry(
        id=row.id, date=on, score=score, reason=text, case_holder=numbers.get(actor.user_id, len(numbers) + 1)
    )


async def read_caseworker_assessments(
    db: AsyncSession,
    actor: Actor,
    placement_id: uuid.UUID,
    *,
    today: dt.date | None = None,
    own_view_days: int = DEFAULT_OWN_VIEW_DAYS,
) -> CaseworkerView:
    """F and who held the case when, for the consultant and the citizen; company and mentor get 403 (audited).

    Given today, the consultant also learns whether their own F is owed after a handover (goals/handover.py)."""
    access = await placement_in_reach(db, actor, placement_id)
    view = await caseworker_view(db, access)
    if today is not None and access.relation is Relation.CONSULTANT:
        owed = await own_views_due(db, [access.placement], today=today, days=own_view_days)
        view = replace(view, own_view_due=owed.get(access.placement.id))
    await record(
        db,
        actor,
        "read",
        citizen_id=access.placement.citizen_id,
        object_type=CASEWORKER_ASSESSMENT,
        object_id=access.placement.id,
        purpose=FOLLOW_PROGRESS,
    )
    return view
