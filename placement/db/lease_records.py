"""A lease: which process may run a periodic pass (the weekly reminders) until when."""

from __future__ import annotations

import datetime as dt

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class Lease(UUIDv7Base):
    """One row per pass; a process holds it while expires_at is ahead, and takes it by a conditional write."""

    __tablename__ = "lease"

    name: Mapped[str] = mapped_column(String(40), unique=True)
    holder: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True))
