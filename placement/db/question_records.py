"""Every question item the service has ever served: what its key stands for in the answers stored under it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from advanced_alchemy.base import UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class ServedQuestion(UUIDv7Base):
    """One row per item key, written the first time a bank with that key starts; never changed afterwards.

    assessment_answer stores only the key and the value, so this row is what an answer under the key meant: the
    factor, the wording and the options as served, their fingerprint (goals.bank_versions), the bank version that
    first served it and when. The unique key lets several workers starting at once insert it without conflict.
    """

    __tablename__ = "question_item_served"

    key: Mapped[str] = mapped_column(String(32), unique=True)
    factor: Mapped[str] = mapped_column(String(1))
    text: Mapped[str] = mapped_column(Text)
    # [[5, "text of answer 5"], ..., [1, "text of answer 1"]]
    options: Mapped[list[Any]] = mapped_column(JSON)
    fingerprint: Mapped[str] = mapped_column(String(64))
    bank_version: Mapped[str] = mapped_column(String(64))
    first_served_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True))
