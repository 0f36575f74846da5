"""The second conversation's part of an assessment: the chosen items, the agreed scores, remarks and what it takes.

Checked before anything is stored, stored beside the assessment, read back through the field rules: agreed scores
follow their factor's visibility (B only with consent, as B's computed score); the remarks and "what it takes" are
the conversation's notes, for the jobcenter and the citizen only.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from goals.bounds import MAX_REMARKS_LENGTH, MAX_WHAT_IT_TAKES_LENGTH
from goals.conversation import ConversationError, check_agreed_scores, check_selection
from goals.questions import QuestionBank
from placement.access.policy import Relation, may_agree_scores, sees_conversation_notes
from placement.access.scopes import PlacementAccess
from placement.db.models import AssessmentAgreement, AssessmentConversation
from placement.errors import Checks, Forbidden, InvalidInput, RuleViolation
from placement.inputs import checked_text


@dataclass(frozen=True, slots=True)
class Talk:
    """What a conversation added to one assessment, as stored: none of it for an assessment without one."""

    items: tuple[str, ...] | None = None
    agreed: dict[str, int] = field(default_factory=dict)
    what_it_takes: dict[str, str] = field(default_factory=dict)
    remarks: str = ""


@dataclass(frozen=True, slots=True)
class TalkView:
    """The conversation as one party sees it; notes None means this party never sees the notes."""

    items: tuple[str, ...] | None
    agreed: dict[str, int]
    notes: Notes | None


@dataclass(frozen=True, slots=True)
class Notes:
    remarks: str
    what_it_takes: dict[str, str]


NO_TALK = Talk()


@dataclass(frozen=True, slots=True)
class Conversation:
    """What a caller sent for the second conversation, unchecked: the chosen items (None: every item), the agreed
    scores and what it takes per factor, and the remarks."""

    items: object | None = None
    agreed_scores: Mapping[str, object] | None = None
    what_it_takes: Mapping[str, object] | None = None
    remarks: str | None = None

    def agrees(self) -> bool:
        """Whether it carries anything only the conversation with the consultant records."""
        return bool(self.agreed_scores or self.what_it_takes or (self.remarks or "").strip())


def checked_items(bank: QuestionBank, items: object | None) -> tuple[str, ...] | None:
    """The chosen items in bank order, None when the caller chose none (every item was offered)."""
    if items is None:
        return None
    try:
        return check_selection(bank, items)
    except ConversationError as exc:
        raise RuleViolation(str(exc), field=exc.field) from None


def check_answers_in_selection(answers: Mapping[str, int], items: tuple[str, ...] | None) -> None:
    if items is None:
        return
    for key in answers:
        if key not in items:
            raise RuleViolation(f"answer to {key}, which is not among the chosen items", field=f"answers.{key}")


def checked_talk(
    answered_factors: Iterable[str],
    items: tuple[str, ...] | None,
    *,
    agreed_scores: Mapping[str, object] | None,
    what_it_takes: Mapping[str, object] | None,
    remarks: str | None,
) -> Talk:
    """The conversation's part checked field by field; InvalidInput naming every field that is wrong."""
    answered = tuple(answered_factors)
    checks = Checks()
    agreed: dict[str, int] = {}
    if agreed_scores:
        try:
            agreed = check_agreed_scores(agreed_scores, answered)
        except ConversationError as exc:
            checks.add(RuleViolation(str(exc), field=exc.field))
    takes: dict[str, str] = {}
    for code, text in (what_it_takes or {}).items():
        where = f"what_it_takes.{code}"
        if code not in answered:
            checks.add(RuleViolation(f"{where}: write it only for a factor answered in this assessment", field=where))
        elif not isinstance(text, str):
            checks.add(InvalidInput(f"{where} must be text", field=where))
        elif clean := checks.take(checked_text, text, where, MAX_WHAT_IT_TAKES_LENGTH, required=False):
            takes[code] = clean
    clean_remarks = checks.take(checked_text, remarks or "", "remarks", MAX_REMARKS_LENGTH, required=False) or ""
    checks.done()
    return Talk(items=items, agreed=agreed, what_it_takes=takes, remarks=clean_remarks)


def checked_conversation(
    bank: QuestionBank,
    access: PlacementAccess,
    conversation: Conversation | None,
    answers: Mapping[str, int],
    scores: Mapping[str, float],
) -> Talk:
    """The conversation's part of a new assessment, checked; only the consultant records agreed scores and notes."""
    said = conversation or Conversation()
    if said.agrees() and not may_agree_scores(access.relation):
        raise Forbidden(
            "agreed scores, remarks and what it takes are recorded in the conversation with the consultant",
            action="create",
            object_type="assessment",
            object_id=access.placement.id,
        )
    items = checked_items(bank, said.items)
    check_answers_in_selection(answers, items)
    return checked_talk(
        scores, items, agreed_scores=said.agreed_scores, what_it_takes=said.what_it_takes, remarks=said.remarks
    )


def has_talk(talk: Talk) -> bool:
    return talk.items is not None or bool(talk.agreed or talk.what_it_takes or talk.remarks)


def store_talk(db: AsyncSession, assessment_id: uuid.UUID, talk: Talk, all_items: Iterable[str]) -> None:
    """Add the conversation's rows for a new assessment (the caller flushes)."""
    if not has_talk(talk):
        return
    db.add(
        AssessmentConversation(
            assessment_id=assessment_id,
            items=list(talk.items if talk.items is not None else all_items),
            remarks=talk.remarks,
        )
    )
    for code in sorted(set(talk.agreed) | set(talk.what_it_takes)):
        db.add(
            AssessmentAgreement(
                assessment_id=assessment_id,
                factor=code,
                agreed_score=talk.agreed.get(code),
                what_it_takes=talk.what_it_takes.get(code, ""),
            )
        )


async def talks_of(db: AsyncSession, assessment_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Talk]:
    """The stored conversation of each assessment that has one. Not audited: the caller records the read."""
    ids = list(assessment_ids)
    if not ids:
        return {}
    conversations = {
        row.assessment_id: row
        for row in await db.scalars(select(AssessmentConversation).where(AssessmentConversation.assessment_id.in_(ids)))
    }
    agreements: dict[uuid.UUID, list[AssessmentAgreement]] = {}
    for row in await db.scalars(select(AssessmentAgreement).where(AssessmentAgreement.assessment_id.in_(ids))):
        agreements.setdefault(row.assessment_id, []).append(row)
    talks: dict[uuid.UUID, Talk] = {}
    for assessment_id in set(conversations) | set(agreements):
        conversation = conversations.get(assessment_id)
        rows = agreements.get(assessment_id, [])
        talks[assessment_id] = Talk(
            items=tuple(conversation.items) if conversation is not None else None,
            agreed={row.factor: row.agreed_score for row in rows if row.agreed_score is not None},
            what_it_takes={row.factor: row.what_it_takes for row in rows if row.what_it_takes},
            remarks=conversation.remarks if conversation is not None else "",
        )
    return talks


def talk_view(bank: QuestionBank, talk: Talk, codes: Iterable[str], relation: Relation) -> TalkView:
    """The conversation through the field rules: the chosen items and agreed scores of the visible factors; notes
    only where policy shows them."""
    visible = set(codes)
    notes = (
        Notes(
            remarks=talk.remarks,
            what_it_takes={code: text for code, text in talk.what_it_takes.items() if code in visible},
        )
        if sees_conversation_notes(relation)
        else None
    )
    return TalkView(
        items=None
        if talk.items is None
        else tuple(key for key in talk.items if key in bank and bank.item(key).factor in visible),
        agreed={code: score for code, score in talk.agreed.items() if code in visible},
        notes=notes,
    )


async def agreed_scores_of(db: AsyncSession, assessment_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, dict[str, int]]:
    """The agreed score per factor of each assessment that has any; the caller filters by the factors one may see."""
    return {key: talk.agreed for key, talk in (await talks_of(db, assessment_ids)).items() if talk.agreed}
