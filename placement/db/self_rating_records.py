"""The citizen's own weekly rating of their sub-goals, kept apart from the observers' weekly log."""

from __future__ import annotations

import uuid

from advanced_alchemy.base import UUIDv7AuditBase, UUIDv7Base
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.db.columns import WEEK


class SelfRating(UUIDv7AuditBase):
    """The citizen's own view of one ISO week of their placement; writing the week again replaces it as a whole."""

    __tablename__ = "self_rating"
    __table_args__ = (UniqueConstraint("placement_id", "week"),)

    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(WEEK)
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    # The citizen's own words may speak of their health: the jobcenter and the citizen read them, company and mentor
    # never (placement.access.policy.sees_self_rating_notes).
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    ratings: Mapped[list[SelfSubGoalRating]] = relationship(
        back_populates="self_rating", lazy="raise", cascade="all, delete-orphan"
    )


class SelfSubGoalRating(UUIDv7Base):
    """The citizen's own 1–5 rating of one sub-goal in one week (1 = not started, 5 = reached)."""

    __tablename__ = "self_subgoal_rating"
    __table_args__ = (
        UniqueConstraint("self_rating_id", "subgoal_id"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_1_to_5"),
    )

    self_rating_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("self_rating.id", ondelete="CASCADE"))
    subgoal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subgoal.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")

    self_rating: Mapped[SelfRating] = relationship(back_populates="ratings", lazy="raise")
