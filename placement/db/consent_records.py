"""The citizen's consent to share their health answers (factor B) with one placement's company contact and mentor."""

from __future__ import annotations

import datetime as dt
import uuid

from advanced_alchemy.base import UUIDv7AuditBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from placement.db.columns import ConsentMethod, enum_column


class Consent(UUIDv7AuditBase):
    """The citizen's consent to share their factor-B answers and scores with one placement's company and mentor."""

    __tablename__ = "consent"
    __table_args__ = (Index("ix_consent_placement_kind", "placement_id", "kind", "given_at"),)

    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    # When it took effect in the service; given_on is the day the citizen gave it (earlier when given on paper).
    given_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True))
    given_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[ConsentMethod] = mapped_column(enum_column(ConsentMethod, "consent_method"))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    recorded_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
