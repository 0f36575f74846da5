"""The summary of each placement that management information reads: kept current in the transaction that writes.

One row per placement (placement_fact) and one per week of it with hours (placement_week_fact). They are derived
data, never edited by hand: placement.db.facts recomputes a placement's rows from the base tables whenever a unit of
work touches any of them, before it commits, so /api/insights never lags behind what was written.
"""

from __future__ import annotations

import datetime as dt
import uuid

from advanced_alchemy.base import orm_registry
from advanced_alchemy.types import GUID
from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from placement.db.columns import OutcomeStatus, enum_column

# Purposes are free text; groups and filters use its first characters, stripped.
PURPOSE_KEY_LENGTH = 200


class _Base(DeclarativeBase):
    # The same registry (and naming convention) as every other table, without the id and audit columns of the bases.
    registry = orm_registry


class PlacementFact(_Base):
    """One placement as management information counts it: scope, period, and its course in sums."""

    __tablename__ = "placement_fact"
    __table_args__ = (
        Index("ix_placement_fact_period", "start_date", "end_date"),
        Index("ix_placement_fact_consultant_period", "consultant_id", "start_date"),
        Index("ix_placement_fact_company_period", "company_id", "start_date"),
    )

    placement_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("placement.id", ondelete="CASCADE"), primary_key=True
    )
    citizen_id: Mapped[uuid.UUID] = mapped_column(GUID)
    consultant_id: Mapped[uuid.UUID] = mapped_column(GUID)
    company_id: Mapped[uuid.UUID] = mapped_column(GUID)
    target_group: Mapped[str] = mapped_column(String(100))
    purpose: Mapped[str] = mapped_column(String(PURPOSE_KEY_LENGTH))
    start_date: Mapped[dt.date] = mapped_column(Date)
    # The day it ended, or is planned to end.
    end_date: Mapped[dt.date] = mapped_column(Date)
    length_band: Mapped[str] = mapped_column(String(8))
    # Running week numbers of the start and end (goals.placement_facts.week_number): weeks due are a subtraction.
    start_week: Mapped[int] = mapped_column(Integer)
    end_week: Mapped[int] = mapped_column(Integer)
    has_follow_up: Mapped[bool] = mapped_column(Boolean)
    subgoals: Mapped[int] = mapped_column(Integer)
    subgoals_reached: Mapped[int] = mapped_column(Integer)
    subgoal_a: Mapped[bool] = mapped_column(Boolean)
    subgoal_b: Mapped[bool] = mapped_column(Boolean)
    subgoal_c: Mapped[bool] = mapped_column(Boolean)
    subgoal_d: Mapped[bool] = mapped_column(Boolean)
    subgoal_e: Mapped[bool] = mapped_column(Boolean)
    change_a: Mapped[float | None] = mapped_column(Float)
    change_b: Mapped[float | None] = mapped_column(Float)
    change_c: Mapped[float | None] = mapped_column(Float)
    change_d: Mapped[float | None] = mapped_column(Float)
    change_e: Mapped[float | None] = mapped_column(Float)
    change_f: Mapped[float | None] = mapped_column(Float)
    ordinary_reached: Mapped[bool] = mapped_column(Boolean)
    last_ordinary_hours: Mapped[float | None] = mapped_column(Float)
    hours_attended: Mapped[float] = mapped_column(Float)
    hours_planned: Mapped[float] = mapped_column(Float)
    weeks_logged: Mapped[int] = mapped_column(Integer)
    outcome_end: Mapped[OutcomeStatus | None] = mapped_column(enum_column(OutcomeStatus, "fact_outcome_end"))
    outcome_3m: Mapped[OutcomeStatus | None] = mapped_column(enum_column(OutcomeStatus, "fact_outcome_3m"))
    outcome_6m: Mapped[OutcomeStatus | None] = mapped_column(enum_column(OutcomeStatus, "fact_outcome_6m"))


class PlacementWeekFact(_Base):
    """One week of a placement (1 = the week it starts in) with its planned and logged hours."""

    __tablename__ = "placement_week_fact"

    placement_id: Mapped[uuid.UUID] = mapped_column(
        GUID, ForeignKey("placement_fact.placement_id", ondelete="CASCADE"), primary_key=True
    )
    week_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The placement's period, copied: the leader's chart over a period reads this table alone.
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    planned_ordinary_hours: Mapped[float | None] = mapped_column(Float)
    ordinary_hours: Mapped[float | None] = mapped_column(Float)
    placement_hours: Mapped[float | None] = mapped_column(Float)
