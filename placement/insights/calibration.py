"""Calibration for the leader: how well observer roles agree on the scale steps, per role pair and month.

Two ratings are compared when two different observer roles rated the same sub-goal in the same ISO week; each pair
of such ratings is one comparison (two mentors beside one company contact make two). One query for every pair and
the whole period counts the comparisons by pair, week, citizen and difference; goals.calibration makes the figures.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from goals.bounds import EARLIEST_DATE
from goals.calibration import Comparison, agreement, month_of_week, months_between, weeks_of_months
from placement.access.policy import Permission, require
from placement.access.scopes import placement_ids_in_aggregates
from placement.audit.services import record
from placement.auth.identity import Actor
from placement.db.models import Placement, Role, SubGoalRating, WeeklyLog
from placement.errors import InvalidInput
from placement.insights.schemas import Calibration, CalibrationRow

# The observers who rate sub-goals in the weekly log, in the order of Role; a pair is named "first/second".
OBSERVERS = tuple(role for role in Role if role in {Role.COMPANY_CONTACT, Role.MENTOR, Role.CONSULTANT})
PAIRS = tuple((first, second) for index, first in enumerate(OBSERVERS) for second in OBSERVERS[index + 1 :])
PARAMETERS = ("from", "to")
# A year back by default; never more than ten years at once.
DEFAULT_MONTHS = 12
MAX_MONTHS = 120
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")


def pair_name(first: Role, second: Role) -> str:
    return f"{first.value}/{second.value}"


def _month(raw: str, field: str) -> dt.date:
    if _MONTH.fullmatch(raw) and 1 <= int(raw[5:]) <= 12:
        day = dt.date(int(raw[:4]), int(raw[5:]), 1)
        if day >= EARLIEST_DATE:
            return day
    raise InvalidInput(f"{field} must be a month as YYYY-MM, e.g. 2026-03, from 2000 on", field=field, code="month")


def _shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def parse_period(params: Mapping[str, Sequence[str]], today: dt.date) -> tuple[dt.date, dt.date]:
    """The first days of the months `from` and `to` ("YYYY-MM") asked for, the last twelve months when not given.

    InvalidInput naming the field: an unknown or repeated parameter, a malformed month, a month after this one,
    `to` before `from`, or more than ten years.
    """
    for name, values in params.items():
        if name not in PARAMETERS:
            raise InvalidInput(f"unknown parameter {name}; use from and to (YYYY-MM)", field=name, code="unknown")
        if len(values) != 1:
            raise InvalidInput(f"{name} is given more than once", field=name, code="repeated")
    this_month = today.replace(day=1)
    given = {name: _month(values[0], name) for name, values in params.items()}
    for name, month in given.items():
        if month > this_month:
            raise InvalidInput(
                f"{name} lies in the future; the latest month is {this_month:%Y-%m}", field=name, code="future"
            )
    last = given.get("to", this_month)
    first = given.get("from", _shift(last, 1 - DEFAULT_MONTHS))
    if last < first:
        raise InvalidInput("to lies before from", field="to", code="order")
    if len(months_between(first, last)) > MAX_MONTHS:
        raise InvalidInput(
            f"the period from {first:%Y-%m} to {last:%Y-%m} is over ten years", field="from", code="too_long"
        )
    return first, last


async def _comparisons(db: AsyncSession, actor: Actor, first_week: str, last_week: str) -> list[Comparison]:
    one, other = aliased(WeeklyLog), aliased(WeeklyLog)
    rating, beside = aliased(SubGoalRating), aliased(SubGoalRating)
    difference = func.abs(rating.rating - beside.rating)
    counted = (
        select(one.author_role, other.author_role, one.week, Placement.citizen_id, difference, func.count())
        # Joined as the indexes lead: the other entries of the same placement and week (unique placement, week,
        # author), then their rating of the same sub-goal (unique log, sub-goal).
        .select_from(one)
        .join(rating, rating.log_id == one.id)
        .join(
            other,
            and_(
                other.placement_id == one.placement_id,
                other.week == one.week,
                or_(*(and_(one.author_role == first, other.author_role == second) for first, second in PAIRS)),
            ),
        )
        .join(beside, and_(beside.log_id == other.id, beside.subgoal_id == rating.subgoal_id))
        .join(Placement, Placement.id == one.placement_id)
        .where(
            one.week >= first_week,
            one.week <= last_week,
            Placement.id.in_(placement_ids_in_aggregates(actor)),
        )
        .group_by(one.author_role, other.author_role, one.week, Placement.citizen_id, difference)
    )
    return [
        Comparison(
            pair=pair_name(Role(first), Role(second)),
            month=month_of_week(week),
            citizen=citizen,
            difference=int(steps),
            count=int(count),
        )
        for first, second, week, citizen, steps, count in await db.execute(counted)
    ]


async def calibration(
    db: AsyncSession, actor: Actor, *, period_from: dt.date, period_to: dt.date, suppress_below: int
) -> Calibration:
    """The agreement of every observer pair in each month from `period_from`'s to `period_to`'s; the leader's only.

    Audited as one aggregate read: it shows no citizen, so the row names none.
    """
    first_week, last_week = weeks_of_months(period_from, period_to)
    comparisons = await _comparisons(db, actor, first_week, last_week)
    months = months_between(period_from, period_to)
    rows = agreement(
        comparisons,
        suppress_below=suppress_below,
        pairs=[pair_name(first, second) for first, second in PAIRS],
        months=months,
    )
    await record(
        db,
        actor,
        "read",
        citizen_id=None,
        object_type="insights",
        object_id="calibration",
        purpose=f"calibration {period_from:%Y-%m}..{period_to:%Y-%m}",
    )
    return Calibration(
        period_from=f"{period_from:%Y-%m}",
        period_to=f"{period_to:%Y-%m}",
        suppressed_below=suppress_below,
        rows=[
            CalibrationRow(
                pair=row.pair,
                month=row.month,
                suppressed=row.suppressed,
                citizens=row.citizens,
                compared=row.compared,
                mean_absolute_difference=_rounded(row.mean_absolute_difference, 2),
                two_step_share=_rounded(row.two_step_share, 3),
            )
            for row in rows
        ],
    )


async def calibration_asked(
    db: AsyncSession,
    actor: Actor,
    params: Mapping[str, Sequence[str]],
    *,
    today: dt.date,
    suppress_below: int,
) -> Calibration:
    """The calibration for the period a query names (parse_period); a role other than the leader's gets 403 first."""
    require(actor, Permission.READ_AGGREGATES, object_type="insights", object_id="calibration")
    period_from, period_to = parse_period(params, today)
    return await calibration(db, actor, period_from=period_from, period_to=period_to, suppress_below=suppress_below)


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
