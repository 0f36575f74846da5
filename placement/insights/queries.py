"""The aggregate queries of management information over placement_fact: sums per group, never a placement's row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from goals.insights import (
    CHECKPOINT_MONTHS,
    CHECKPOINTS,
    JOB_OR_EDUCATION,
    OUTCOME_STATUSES,
    GroupSums,
    OutcomeSums,
    combined,
)
from goals.placement_facts import ALL_FACTOR_CODES, EVIDENCE_EDGE, week_number
from placement.db.models import PlacementFact, PlacementWeekFact

F = PlacementFact
_OUTCOME = {"end": F.outcome_end, "3m": F.outcome_3m, "6m": F.outcome_6m}
_CHANGE = {code: getattr(F, f"change_{code.lower()}") for code in ALL_FACTOR_CODES}
SUBGOAL = {code: getattr(F, f"subgoal_{code.lower()}") for code in "ABCDE"}


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day where it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _count_if(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _sums_columns(today: dt.date) -> list[Any]:
    today_week = week_number(today)
    due_end = case((F.end_week < today_week, F.end_week), else_=today_week) - F.start_week + 1
    columns: list[Any] = [
        func.count(func.distinct(F.citizen_id)).label("citizens"),
        func.count().label("placements"),
    ]
    for code, change in _CHANGE.items():
        columns += [func.count(change).label(f"n_{code}"), func.coalesce(func.sum(change), 0).label(f"sum_{code}")]
    columns += [
        func.coalesce(func.sum(F.subgoals), 0).label("subgoals"),
        func.coalesce(func.sum(F.subgoals_reached), 0).label("subgoals_reached"),
        _count_if(F.ordinary_reached).label("ordinary_reached"),
        func.count(F.last_ordinary_hours).label("last_ordinary_n"),
        func.coalesce(func.sum(F.last_ordinary_hours), 0).label("last_ordinary_sum"),
        func.coalesce(func.sum(F.hours_attended), 0).label("hours_attended"),
        func.coalesce(func.sum(F.hours_planned), 0).label("hours_planned"),
        func.coalesce(func.sum(F.weeks_logged), 0).label("weeks_logged"),
        func.coalesce(func.sum(case((F.start_week > today_week, 0), else_=due_end)), 0).label("weeks_due"),
        _count_if(F.purpose == "").label("without_purpose"),
        _count_if(~F.has_follow_up).label("without_follow_up"),
    ]
    for checkpoint in CHECKPOINTS:
        outcome, due = _OUTCOME[checkpoint], F.end_date <= months_before(today, CHECKPOINT_MONTHS[checkpoint])
        columns += [
            _count_if(due).label(f"due_{checkpoint}"),
            func.count(outcome).label(f"recorded_{checkpoint}"),
            _count_if(and_(due, outcome.is_(None))).label(f"unrecorded_{checkpoint}"),
        ]
        columns += [_count_if(outcome == status).label(f"{status}_{checkpoint}") for status in OUTCOME_STATUSES]
    return columns


def _sums(row: Any) -> GroupSums:
    values = row._mapping
    return GroupSums(
        citizens=values["citizens"],
        placements=values["placements"],
        factor_n={code: values[f"n_{code}"] for code in ALL_FACTOR_CODES},
        factor_sum={code: float(values[f"sum_{code}"]) for code in ALL_FACTOR_CODES},
        subgoals=int(values["subgoals"]),
        subgoals_reached=int(values["subgoals_reached"]),
        ordinary_reached=int(values["ordinary_reached"]),
        last_ordinary_n=values["last_ordinary_n"],
        last_ordinary_sum=float(values["last_ordinary_sum"]),
        hours_attended=float(values["hours_attended"]),
        hours_planned=float(values["hours_planned"]),
        weeks_logged=int(values["weeks_logged"]),
        weeks_due=int(values["weeks_due"]),
        without_purpose=int(values["without_purpose"]),
        without_follow_up=int(values["without_follow_up"]),
        outcomes={
            checkpoint: OutcomeSums(
                due=int(values[f"due_{checkpoint}"]),
                recorded=int(values[f"recorded_{checkpoint}"]),
                due_unrecorded=int(values[f"unrecorded_{checkpoint}"]),
                by_status={status: int(values[f"{status}_{checkpoint}"]) for status in OUTCOME_STATUSES},
            )
            for checkpoint in CHECKPOINTS
        },
    )


def in_period(period_from: dt.date, period_to: dt.date) -> ColumnElement[bool]:
    """Placements active at any time of the period: started by its end, not ended before its start."""
    return and_(F.start_date <= period_to, F.end_date >= period_from)


_GROUP_COLUMN = {"company": F.company_id, "target_group": F.target_group, "purpose": F.purpose, "length": F.length_band}


def group_statements(where: Sequence[ColumnElement[bool]], group_by: str, *, today: dt.date) -> tuple[Any, Any]:
    """The statements of the total and of the groups (distinct citizens do not add up over groups: two of them)."""
    columns = _sums_columns(today)
    total = select(*columns).where(*where)
    if group_by == "factor":
        # One pass over the facts: each placement joins the codes of the factors it has a sub-goal on.
        codes = union_all(*(select(literal(code).label("code")) for code in SUBGOAL)).subquery("factor_code")
        has_subgoal = or_(*(and_(codes.c.code == code, flag) for code, flag in SUBGOAL.items()))
        groups: Any = (
            select(codes.c.code.label("key"), *columns)
            .select_from(F)
            .join(codes, has_subgoal)
            .where(*where)
            .group_by(codes.c.code)
        )
    else:
        column = _GROUP_COLUMN[group_by]
        groups = select(column.label("key"), *columns).where(*where).group_by(column)
    return total, groups


async def group_sums(
    db: AsyncSession, where: Sequence[ColumnElement[bool]], group_by: str, *, today: dt.date
) -> tuple[dict[str, GroupSums], GroupSums]:
    """The sums per group, and of the total."""
    total_statement, groups_statement = group_statements(where, group_by, today=today)
    groups = {str(row.key): _sums(row) for row in (await db.execute(groups_statement)).all()}
    if group_by != "factor":
        # Every placement lies in exactly one group, so the total is their sum; only distinct citizens need the table
        # again, and counting them is a far lighter pass than every figure's aggregate.
        citizens = (await db.execute(select(func.count(func.distinct(F.citizen_id))).where(*where))).scalar_one()
        return groups, combined(groups.values(), citizens=citizens)
    # Factor groups overlap (a placement with sub-goals on two factors is in both): the total is counted apart.
    total = _sums((await db.execute(total_statement)).one())
    groups = {code: groups.get(code, GroupSums()) for code in SUBGOAL}
    # F is every placement: the caseworker's own rating stands beside the citizen's factors.
    groups["F"] = total
    return groups, total


def hours_statement(where: Sequence[ColumnElement[bool]], *, period: tuple[dt.date, dt.date] | None = None) -> Any:
    """Mean hours per week of the placements. Where the period is the only condition (the leader's view with no
    filter), the weeks carry their placement's period themselves and no join is needed."""
    W = PlacementWeekFact
    statement = select(
        W.week_index,
        func.count(W.ordinary_hours).label("placements"),
        func.avg(W.planned_ordinary_hours).label("planned"),
        func.avg(W.ordinary_hours).label("ordinary"),
        func.avg(W.placement_hours).label("placement"),
    )
    if period is not None:
        statement = statement.where(W.start_date <= period[1], W.end_date >= period[0])
    else:
        statement = statement.join(F, F.placement_id == W.placement_id).where(*where)
    return statement.group_by(W.week_index).order_by(W.week_index)


async def hours_by_week(
    db: AsyncSession, where: Sequence[ColumnElement[bool]], *, period: tuple[dt.date, dt.date] | None = None
) -> list[Any]:
    return list((await db.execute(hours_statement(where, period=period))).all())


def _band(change: ColumnElement[float]) -> ColumnElement[str]:
    return case(
        (change < -EVIDENCE_EDGE, literal("low")), (change > EVIDENCE_EDGE, literal("high")), else_=literal("middle")
    )


async def evidence_sums(
    db: AsyncSession, where: Sequence[ColumnElement[bool]], factors: Sequence[str]
) -> tuple[tuple[int, int], dict[tuple[str, str], tuple[int, int, int]]]:
    """(citizens, placements) with a known six-month outcome, and per (dimension, band): citizens, placements, job."""
    known = [*where, F.outcome_6m.is_not(None), F.outcome_6m != "unknown"]
    job = _count_if(F.outcome_6m.in_(sorted(JOB_OR_EDUCATION)))
    stats = (func.count(func.distinct(F.citizen_id)), func.count(), job)
    parts: list[Select[Any]] = []
    for code in factors:
        band = _band(_CHANGE[code])
        parts.append(
            select(literal(code).label("dimension"), band.label("band"), *stats)
            .where(*known, _CHANGE[code].is_not(None))
            .group_by(band)
        )
    reached = case((F.ordinary_reached, literal("reached")), else_=literal("not_reached"))
    parts.append(select(literal("ordinary_hours"), reached.label("band"), *stats).where(*known).group_by(reached))
    parts.append(select(literal("total"), literal(""), *stats).where(*known))
    rows = (await db.execute(union_all(*parts))).all()
    found = {(row[0], row[1]): (int(row[2]), int(row[3]), int(row[4])) for row in rows}
    citizens, placements, _ = found.pop(("total", ""), (0, 0, 0))
    return (citizens, placements), found
