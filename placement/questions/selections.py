"""A jobcenter's named selections of question items per target group (seed 003: "Spørgsmålene kan udvælges og
kombineres, så de passer til en konkret borger eller målgruppe"). Consultants keep them; they hold no citizen data,
so they are not audited as reads of one."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from goals.bounds import MAX_NAME_LENGTH
from goals.conversation import ConversationError, check_selection
from goals.questions import QuestionBank
from goals.target_groups import TargetGroups
from placement.access.policy import Permission, require
from placement.auth.identity import Actor
from placement.citizens.groups import checked_group
from placement.db.models import QuestionSelection
from placement.errors import Checks, Conflict, NotFound, RuleViolation
from placement.inputs import checked_text


@dataclass(frozen=True, slots=True)
class Selection:
    id: uuid.UUID
    name: str
    target_group: str
    items: tuple[str, ...]
    created_at: dt.datetime


def _selection(row: QuestionSelection, bank: QuestionBank) -> Selection:
    # An item a deployment has since removed from its bank is no longer offered.
    return Selection(
        id=row.id,
        name=row.name,
        target_group=row.target_group,
        items=tuple(key for key in row.item_keys if key in bank),
        created_at=row.created_at,
    )


async def list_selections(
    db: AsyncSession, actor: Actor, bank: QuestionBank, groups: TargetGroups, target_group: str | None = None
) -> list[Selection]:
    """The saved selections, of one target group when given (a key not on the list is a 422), by group and name."""
    require(actor, Permission.MANAGE_QUESTION_SELECTIONS, object_type="question_selection")
    query = select(QuestionSelection).order_by(QuestionSelection.target_group, QuestionSelection.name)
    if target_group is not None:
        query = query.where(QuestionSelection.target_group == checked_group(target_group, groups))
    return [_selection(row, bank) for row in await db.scalars(query)]


async def selections_for_group(db: AsyncSession, bank: QuestionBank, target_group: str) -> list[Selection]:
    """The saved selections of one target group, for a consultant's pick page (the caller checked the permission)."""
    rows = await db.scalars(
        select(QuestionSelection).where(QuestionSelection.target_group == target_group).order_by(QuestionSelection.name)
    )
    return [selection for selection in (_selection(row, bank) for row in rows) if selection.items]


async def get_selection(db: AsyncSession, bank: QuestionBank, selection_id: uuid.UUID) -> Selection | None:
    row = await db.get(QuestionSelection, selection_id)
    return _selection(row, bank) if row is not None else None


async def create_selection(
    db: AsyncSession,
    actor: Actor,
    bank: QuestionBank,
    groups: TargetGroups,
    *,
    name: str,
    target_group: str,
    items: object,
) -> Selection:
    """Save a named selection; every field is checked first and a name already used in the group is a 409."""
    require(actor, Permission.MANAGE_QUESTION_SELECTIONS, object_type="question_selection")
    checks = Checks()
    clean_name = checks.take(checked_text, name, "name", MAX_NAME_LENGTH)
    group = checks.take(checked_group, target_group, groups)
    keys: tuple[str, ...] | None = None
    try:
        keys = check_selection(bank, items)
    except ConversationError as exc:
        checks.add(RuleViolation(str(exc), field=exc.field))
    checks.done()
    assert clean_name is not None and group is not None and keys is not None  # checks.done() refused otherwise
    taken = await db.scalar(
        select(QuestionSelection.id).where(
            QuestionSelection.target_group == group, QuestionSelection.name == clean_name
        )
    )
    if taken is not None:
        raise Conflict(
            f"the target group already has a selection named {clean_name!r}; choose another name", field="name"
        )
    row = QuestionSelection(name=clean_name, target_group=group, item_keys=list(keys), created_by_id=actor.user_id)
    db.add(row)
    await db.flush()
    return _selection(row, bank)


async def delete_selection(db: AsyncSession, actor: Actor, selection_id: uuid.UUID) -> None:
    require(actor, Permission.MANAGE_QUESTION_SELECTIONS, object_type="question_selection", object_id=selection_id)
    row = await db.get(QuestionSelection, selection_id)
    if row is None:
        raise NotFound()
    await db.delete(row)
    await db.flush()
