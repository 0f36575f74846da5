"""The second conversation's records: which items were asked, the agreed score and what it takes per factor, the
remarks, and the jobcenter's named selections of items per target group."""

from __future__ import annotations

import uuid

from advanced_alchemy.base import UUIDv7AuditBase, UUIDv7Base
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column


class AssessmentConversation(UUIDv7Base):
    """What one assessment covered and the conversation's remarks; one row per assessment recorded with them."""

    __tablename__ = "assessment_conversation"

    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), unique=True)
    # The question keys chosen for this conversation, in bank order (answered or skipped).
    items: Mapped[list[str]] = mapped_column(JSON)
    # The conversation's notes: for the jobcenter and the citizen only (they may hold health information).
    remarks: Mapped[str] = mapped_column(Text, default="", server_default="")


class AssessmentAgreement(UUIDv7Base):
    """Per answered factor of one assessment: the score citizen and consultant agreed on and what it would take."""

    __tablename__ = "assessment_agreement"
    __table_args__ = (
        UniqueConstraint("assessment_id", "factor"),
        CheckConstraint("agreed_score IS NULL OR agreed_score BETWEEN 1 AND 5", name="agreed_score_1_to_5"),
    )

    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    factor: Mapped[str] = mapped_column(String(1))
    agreed_score: Mapped[int | None] = mapped_column(Integer, default=None)
    what_it_takes: Mapped[str] = mapped_column(Text, default="", server_default="")


class QuestionSelection(UUIDv7AuditBase):
    """A jobcenter's named selection of question items for one target group, to start a conversation from."""

    __tablename__ = "question_selection"
    __table_args__ = (UniqueConstraint("target_group", "name"),)

    name: Mapped[str] = mapped_column(String(200))
    target_group: Mapped[str] = mapped_column(String(100))
    item_keys: Mapped[list[str]] = mapped_column(JSON)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
