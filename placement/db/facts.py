"""Keeping placement_fact current: which placements a unit of work touched, and their facts recomputed before commit.

Every write to a table a placement's facts come from is seen here, by one of two ways:
- the ORM's flush (`after_flush`): new, changed and deleted rows of the tracked models name their placement;
- statements run through the session (`do_orm_execute`), such as the weekly log's upsert: an INSERT names its
  placement (or the log its ratings belong to) in its values; an UPDATE or DELETE of a tracked table that names no
  placement marks the session so that the facts of its placements are found from the tables (`touch_all`) — slow,
  and no write path does it today.
Before the session commits (`before_commit`), the touched placements' rows are deleted and computed anew from the
base tables, in the same transaction: a fact never lags behind what was written, and a rollback takes both back.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import BindParameter, BooleanClauseList, ColumnElement, delete, event, insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression, Grouping

from placement.db.fact_records import PlacementFact, PlacementWeekFact
from placement.db.fact_rows import compute
from placement.db.models import (
    Assessment,
    AssessmentAnswer,
    CaseworkerAssessment,
    Citizen,
    Outcome,
    Placement,
    PlacementDecision,
    PlanWeek,
    SubGoal,
    SubGoalRating,
    WeeklyLog,
)

logger = logging.getLogger("placement.db")

_TOUCHED = "placement.facts.touched"
_TOUCHED_CITIZENS = "placement.facts.touched_citizens"
_TOUCHED_LOGS = "placement.facts.touched_logs"
_TOUCHED_ASSESSMENTS = "placement.facts.touched_assessments"
# Models whose rows carry their placement's id.
_BY_PLACEMENT = (PlanWeek, SubGoal, WeeklyLog, Assessment, CaseworkerAssessment, Outcome, PlacementDecision)
_TABLES: set[str] = {
    str(model.__tablename__) for model in (*_BY_PLACEMENT, Placement, SubGoalRating, AssessmentAnswer, Citizen)
}


def touch(session: Session, placement_ids: Iterable[uuid.UUID]) -> None:
    """Have these placements' facts recomputed before the session commits."""
    session.info.setdefault(_TOUCHED, set()).update(placement_ids)


def _collect(session: Session, instances: Iterable[object]) -> None:
    for obj in instances:
        if isinstance(obj, Placement):
            touch(session, [obj.id])
        elif isinstance(obj, _BY_PLACEMENT):
            touch(session, [obj.placement_id])
        elif isinstance(obj, SubGoalRating):
            session.info.setdefault(_TOUCHED_LOGS, set()).add(obj.log_id)
        elif isinstance(obj, AssessmentAnswer):
            session.info.setdefault(_TOUCHED_ASSESSMENTS, set()).add(obj.assessment_id)
        elif isinstance(obj, Citizen):
            session.info.setdefault(_TOUCHED_CITIZENS, set()).add(obj.id)


def _after_flush(session: Session, _context: Any) -> None:
    _collect(session, (*session.new, *session.dirty, *session.deleted))


# Columns of the base tables that no fact reads: a statement that sets only these touches no fact.
_IGNORED_COLUMNS = {
    "citizen": {"user_id", "name", "case_ref", "created_by_id", "version", "updated_at"},
    "placement": {"contact_person", "mentor_name", "tasks", "citizen_wishes", "status", "version", "updated_at"},
}
_ID_KEYS = {"placement_id": _TOUCHED, "log_id": _TOUCHED_LOGS, "assessment_id": _TOUCHED_ASSESSMENTS}
# The primary key of these tables names what to recompute.
_OWN_ID = {
    "placement": _TOUCHED,
    "weekly_log": _TOUCHED_LOGS,
    "assessment": _TOUCHED_ASSESSMENTS,
    "citizen": _TOUCHED_CITIZENS,
}
_ALL = "placement.facts.all"


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    statement: Any = state.statement
    name = getattr(getattr(statement, "table", None), "name", None)
    if name not in _TABLES:
        return
    params = state.parameters
    rows = [row for row in (params if isinstance(params, list) else [params or {}]) if isinstance(row, dict)]
    rows += _statement_values(statement)
    if state.is_update and name in _IGNORED_COLUMNS and all(set(row) <= _IGNORED_COLUMNS[name] for row in rows):
        return
    found: dict[str, set[Any]] = defaultdict(set)
    for row in rows:
        for key, bucket in _ID_KEYS.items():
            if row.get(key) is not None:
                found[bucket].add(row[key])
    if not state.is_insert:
        for key, values in _where_values(getattr(statement, "whereclause", None)):
            if key in _ID_KEYS:
                found[_ID_KEYS[key]] |= values
            elif key == "id" and name in _OWN_ID:
                found[_OWN_ID[name]] |= values
    for bucket, ids in found.items():
        state.session.info.setdefault(bucket, set()).update(ids)
    if not found and not state.is_insert:
        # A condition that names no placement: recompute every fact (no write path of the service does this).
        logger.warning("a %s of %s names no placement: every placement's facts are recomputed", state.statement, name)
        state.session.info[_ALL] = True


def _where_values(clause: Any) -> list[tuple[str, set[Any]]]:
    """(column, values) of the `column = value` and `column IN (...)` terms of a WHERE clause."""
    if clause is None:
        return []
    found = []
    for node in [clause, *clause.get_children()] if isinstance(clause, BooleanClauseList) else [clause]:
        if not isinstance(node, BinaryExpression) or not isinstance(node.left, ColumnElement):
            continue
        key = getattr(node.left, "key", None)
        right: Any = node.right
        if isinstance(right, Grouping):
            right = right.element
        if isinstance(right, BindParameter) and key is not None:
            value = right.effective_value
            if node.operator is operators.eq and value is not None:
                found.append((key, {value}))
            elif node.operator is operators.in_op and value:
                found.append((key, set(value)))
    return found


def _statement_values(statement: Any) -> list[dict[str, Any]]:
    """The values given with .values(...) on the statement itself, keyed by column name."""
    rows = []
    given = getattr(statement, "_values", None)
    if given:
        rows.append({str(getattr(k, "key", k)): getattr(v, "value", v) for k, v in given.items()})
    for batch in getattr(statement, "_multi_values", None) or ():
        for row in batch:
            if isinstance(row, dict):
                rows.append({str(getattr(k, "key", k)): getattr(v, "value", v) for k, v in row.items()})
    return rows


def _before_commit(session: Session) -> None:
    session.flush()
    info = session.info
    if not any(info.get(key) for key in (_TOUCHED, _TOUCHED_LOGS, _TOUCHED_ASSESSMENTS, _TOUCHED_CITIZENS)) and not (
        info.get(_ALL)
    ):
        return
    ids: set[uuid.UUID] = set(info.pop(_TOUCHED, set()))
    if logs := info.pop(_TOUCHED_LOGS, None):
        ids |= set(session.scalars(select(WeeklyLog.placement_id).where(WeeklyLog.id.in_(logs))))
    if assessments := info.pop(_TOUCHED_ASSESSMENTS, None):
        ids |= set(session.scalars(select(Assessment.placement_id).where(Assessment.id.in_(assessments))))
    if citizens := info.pop(_TOUCHED_CITIZENS, None):
        ids |= set(session.scalars(select(Placement.id).where(Placement.citizen_id.in_(citizens))))
    if info.pop(_ALL, False):
        ids |= set(session.scalars(select(Placement.id)))
    if ids:
        refresh(session, sorted(ids))


def _after_rollback(session: Session) -> None:
    for key in (_TOUCHED, _TOUCHED_LOGS, _TOUCHED_ASSESSMENTS, _TOUCHED_CITIZENS, _ALL):
        session.info.pop(key, None)


def install() -> None:
    """Listen on every session of the process (idempotent); placement.db.engine.create_engine calls it."""
    for name, listener in (
        ("after_flush", _after_flush),
        ("do_orm_execute", _on_execute),
        ("before_commit", _before_commit),
        ("after_rollback", _after_rollback),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


_BATCH = 500


def refresh(session: Session, placement_ids: Sequence[uuid.UUID]) -> None:
    """Recompute the facts of these placements from the base tables (a deleted placement's rows just go).

    On PostgreSQL two transactions writing to one placement at once would each compute the facts without the other's
    write, the later one's winning: the placement rows are locked first (FOR NO KEY UPDATE, in id order, so that two
    refreshes never wait on each other crosswise; it does not wait for the key-share locks of inserts that reference
    the placement), and what is computed then sees every write committed before. SQLite has one writer at a time.
    """
    postgresql = session.get_bind().dialect.name == "postgresql"
    upsert = postgresql_insert if postgresql else sqlite_insert
    for start in range(0, len(placement_ids), _BATCH):
        batch = sorted(placement_ids[start : start + _BATCH])
        if postgresql:
            session.execute(
                select(Placement.id)
                .where(Placement.id.in_(batch))
                .order_by(Placement.id)
                .with_for_update(key_share=True)
            )
        facts, weeks = compute(session, batch)
        session.execute(delete(PlacementWeekFact).where(PlacementWeekFact.placement_id.in_(batch)))
        gone = set(batch) - {row["placement_id"] for row in facts}
        if gone:
            session.execute(delete(PlacementFact).where(PlacementFact.placement_id.in_(gone)))
        if facts:
            statement = upsert(PlacementFact)
            columns = {name: statement.excluded[name] for name in facts[0] if name != "placement_id"}
            session.execute(statement.on_conflict_do_update(index_elements=["placement_id"], set_=columns), facts)
        if weeks:
            session.execute(insert(PlacementWeekFact), weeks)
