"""What became of a citizen after a placement: the outcome at its end and at the follow-ups three and six months later."""

from __future__ import annotations

import datetime as dt
import uuid

from advanced_alchemy.base import UUIDv7AuditBase
from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from placement.db.columns import HOURS, OutcomeCheckpoint, OutcomeStatus, enum_column


class Outcome(UUIDv7AuditBase):
    """What became of the citizen at one checkpoint after a placement (end, 3 and 6 months), recorded by the consultant."""

    __tablename__ = "outcome"
    __table_args__ = (
        UniqueConstraint("placement_id", "checkpoint"),
        CheckConstraint(
            "ordinary_hours_per_week IS NULL OR (ordinary_hours_per_week >= 0 AND ordinary_hours_per_week <= 80)",
            name="ordinary_hours_per_week_range",
        ),
    )

    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    checkpoint: Mapped[OutcomeCheckpoint] = mapped_column(enum_column(OutcomeCheckpoint, "outcome_checkpoint"))
    status: Mapped[OutcomeStatus] = mapped_column(enum_column(OutcomeStatus, "outcome_status"))
    # The day the status held (the day it was learnt), not the day it was typed in.
    observed_on: Mapped[dt.date] = mapped_column(Date)
    # Weekly hours of the job, for an ordinary or flex job.
    ordinary_hours_per_week: Mapped[float | None] = mapped_column(HOURS, default=None)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    recorded_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
