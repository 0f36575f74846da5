"""Database models: accounts, companies, citizens, placements and what hangs under them, and the audit trail."""

from __future__ import annotations

import datetime as dt
import uuid

from advanced_alchemy.base import UUIDv7AuditBase, UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.db.columns import (
    HOURS,
    WEEK,
    AuditOutcome,
    ConsentMethod,
    Horizon,
    MailStatus,
    OutcomeCheckpoint,
    OutcomeStatus,
    PlacementStatus,
    Role,
    enum_column,
)


class User(UUIDv7AuditBase):
    """An account: a person with one role."""

    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("language IN ('da', 'en')", name="language"),)

    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # The language the person chose ('da' or 'en'; none: Danish); mails to them are written in it.
    language: Mapped[str | None] = mapped_column(String(2), default=None)


class Company(UUIDv7AuditBase):
    """A workplace that hosts placements, identified by its CVR number."""

    __tablename__ = "company"

    name: Mapped[str] = mapped_column(String(200))
    cvr: Mapped[str] = mapped_column(String(8), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class Citizen(UUIDv7AuditBase):
    """A citizen in a placement. No CPR number: case_ref links to the municipal case system."""

    __tablename__ = "citizen"
    __table_args__ = (Index("ix_citizen_user_id", "user_id", unique=True),)

    name: Mapped[str] = mapped_column(String(200))
    case_ref: Mapped[str] = mapped_column(String(64), unique=True)
    target_group: Mapped[str] = mapped_column(String(100))
    # The citizen's own account, tied once by a citizen invitation: it reaches this citizen's placements and no other.
    # No ON DELETE: accounts are disabled, never deleted (and SQLite reflects no option of a column added later).
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"), default=None)
    # Who created the record: they reach the citizen until a placement decides who does.
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class Placement(UUIDv7AuditBase):
    """One citizen at one company for a period, with a purpose and a weekly hours plan."""

    __tablename__ = "placement"
    __table_args__ = (
        CheckConstraint("planned_end_date >= start_date", name="planned_end_after_start"),
        Index("ix_placement_consultant_status", "consultant_id", "status"),
    )

    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizen.id", ondelete="RESTRICT"), index=True)
    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("company.id", ondelete="RESTRICT"), index=True)
    consultant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    purpose: Mapped[str] = mapped_column(Text)
    contact_person: Mapped[str] = mapped_column(String(200), default="", server_default="")
    mentor_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Since 2020 the agreement states the purpose, the tasks (arbejdsopgaver) and the citizen's own wishes.
    tasks: Mapped[str] = mapped_column(Text, default="", server_default="")
    citizen_wishes: Mapped[str] = mapped_column(Text, default="", server_default="")
    start_date: Mapped[dt.date] = mapped_column(Date)
    planned_end_date: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    status: Mapped[PlacementStatus] = mapped_column(
        enum_column(PlacementStatus, "placement_status"), default=PlacementStatus.PLANNED
    )
    follow_up_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    citizen: Mapped[Citizen] = relationship(lazy="raise")
    company: Mapped[Company] = relationship(lazy="raise")
    consultant: Mapped[User] = relationship(lazy="raise")
    plan_weeks: Mapped[list[PlanWeek]] = relationship(
        back_populates="placement", lazy="raise", cascade="all, delete-orphan", order_by="PlanWeek.week"
    )
    subgoals: Mapped[list[SubGoal]] = relationship(
        back_populates="placement", lazy="raise", cascade="all, delete-orphan", order_by="SubGoal.position"
    )

    __mapper_args__ = {"version_id_col": version}


class PlanWeek(UUIDv7Base):
    """One ISO week of a placement's hours plan: placement hours and the ordinary-hours target."""

    __tablename__ = "plan_week"
    __table_args__ = (
        UniqueConstraint("placement_id", "week"),
        CheckConstraint("placement_hours >= 0 AND placement_hours <= 80", name="placement_hours_range"),
        CheckConstraint("ordinary_hours_target >= 0 AND ordinary_hours_target <= 80", name="ordinary_target_range"),
    )

    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(WEEK)
    placement_hours: Mapped[float] = mapped_column(HOURS)
    ordinary_hours_target: Mapped[float] = mapped_column(HOURS, default=0)

    placement: Mapped[Placement] = relationship(back_populates="plan_weeks", lazy="raise")


class SubGoal(UUIDv7AuditBase):
    """A concrete, observable goal of a placement, tied to one citizen factor A–E."""

    __tablename__ = "subgoal"
    __table_args__ = (
        CheckConstraint("factor IN ('A', 'B', 'C', 'D', 'E')", name="factor_a_to_e"),
        Index("ix_subgoal_placement_position", "placement_id", "position"),
    )

    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    factor: Mapped[str] = mapped_column(String(1))
    title: Mapped[str] = mapped_column(String(200))
    target: Mapped[str] = mapped_column(Text)
    horizon: Mapped[Horizon] = mapped_column(enum_column(Horizon, "horizon"))
    due_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    placement: Mapped[Placement] = relationship(back_populates="subgoals", lazy="raise")
    steps: Mapped[list[SubGoalStep]] = relationship(
        back_populates="subgoal", lazy="raise", cascade="all, delete-orphan", order_by="SubGoalStep.position"
    )

    __mapper_args__ = {"version_id_col": version}


class SubGoalStep(UUIDv7Base):
    """One small, ordered step toward a sub-goal, with the week it was reached and who saw it."""

    __tablename__ = "subgoal_step"
    __table_args__ = (UniqueConstraint("subgoal_id", "position"),)

    subgoal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subgoal.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(300))
    reached_week: Mapped[str | None] = mapped_column(WEEK, default=None)
    reached_by_role: Mapped[Role | None] = mapped_column(enum_column(Role, "step_reached_by_role"), default=None)

    subgoal: Mapped[SubGoal] = relationship(back_populates="steps", lazy="raise")


class WeeklyLog(UUIDv7AuditBase):
    """One observer's entry for one ISO week of one placement; writing the same week again updates it."""

    __tablename__ = "weekly_log"
    __table_args__ = (
        UniqueConstraint("placement_id", "week", "author_id"),
        CheckConstraint("placement_hours >= 0 AND placement_hours <= 80", name="placement_hours_range"),
        CheckConstraint("ordinary_hours >= 0 AND ordinary_hours <= 80", name="ordinary_hours_range"),
        CheckConstraint("absence_hours >= 0 AND absence_hours <= 80", name="absence_hours_range"),
    )

    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(WEEK)
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    author_role: Mapped[Role] = mapped_column(enum_column(Role, "log_author_role"))
    placement_hours: Mapped[float] = mapped_column(HOURS)
    ordinary_hours: Mapped[float] = mapped_column(HOURS, default=0)
    absence_hours: Mapped[float] = mapped_column(HOURS, default=0)
    small_steps: Mapped[str] = mapped_column(Text, default="", server_default="")
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A consultant may keep an entry to the jobcenter; every other entry is shared with all parties of the placement.
    shared: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    ratings: Mapped[list[SubGoalRating]] = relationship(
        back_populates="log", lazy="raise", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class SubGoalRating(UUIDv7Base):
    """An observer's 1–5 rating of one sub-goal in one weekly log entry (1 = not started, 5 = reached)."""

    __tablename__ = "subgoal_rating"
    __table_args__ = (
        UniqueConstraint("log_id", "subgoal_id"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_1_to_5"),
    )

    log_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("weekly_log.id", ondelete="CASCADE"))
    subgoal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subgoal.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")

    log: Mapped[WeeklyLog] = relationship(back_populates="ratings", lazy="raise")


class Assessment(UUIDv7AuditBase):
    """The citizen's answers to question items on one date, by themself or in dialogue with the consultant."""

    __tablename__ = "assessment"
    __table_args__ = (Index("ix_assessment_placement_date", "placement_id", "assessed_on"),)

    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    recorded_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    recorded_by_role: Mapped[Role] = mapped_column(enum_column(Role, "assessment_recorded_by_role"))
    # The question bank's version the answers were given in (goals.bank_versions); the services set it. Rows from
    # before migration 0010, when no version was kept, hold "before-0010".
    bank_version: Mapped[str] = mapped_column(String(64), server_default="before-0010")

    answers: Mapped[list[AssessmentAnswer]] = relationship(
        back_populates="assessment", lazy="raise", cascade="all, delete-orphan"
    )


class AssessmentAnswer(UUIDv7Base):
    """One answered question item: the stable question key and the value 1–5 (5 most positive), never its text."""

    __tablename__ = "assessment_answer"
    __table_args__ = (
        UniqueConstraint("assessment_id", "question_key"),
        CheckConstraint("value BETWEEN 1 AND 5", name="value_1_to_5"),
    )

    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(String(32))
    factor: Mapped[str] = mapped_column(String(1))
    value: Mapped[int] = mapped_column(Integer)

    assessment: Mapped[Assessment] = relationship(back_populates="answers", lazy="raise")


class CaseworkerAssessment(UUIDv7AuditBase):
    """Factor F: the consultant's explicit 1–5 view of the citizen's readiness, with a reason."""

    __tablename__ = "caseworker_assessment"
    __table_args__ = (
        CheckConstraint("score BETWEEN 1 AND 5", name="score_1_to_5"),
        Index("ix_caseworker_assessment_placement_date", "placement_id", "assessed_on"),
    )

    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    consultant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    score: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)


class PlacementMember(UUIDv7AuditBase):
    """A company contact, mentor or citizen account tied to one placement; it sees that placement and nothing else."""

    __tablename__ = "placement_member"
    __table_args__ = (
        UniqueConstraint("placement_id", "user_id"),
        Index("ix_placement_member_user", "user_id"),
    )

    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(enum_column(Role, "member_role"))


class ConsultantAssignment(UUIDv7Base):
    """Who held the case when: one row each time a placement gets a consultant (research: changes matter)."""

    __tablename__ = "consultant_assignment"
    __table_args__ = (Index("ix_consultant_assignment_placement_at", "placement_id", "assigned_at"),)

    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    consultant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    assigned_at: Mapped[dt.datetime] = mapped_column(
        DateTimeUTC(timezone=True), default=lambda: dt.datetime.now(dt.UTC)
    )
    assigned_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))


class PlacementDecision(UUIDv7AuditBase):
    """The decision the consultant took at a follow-up (continue, adjust, end), why, and the verdict shown then."""

    __tablename__ = "placement_decision"
    __table_args__ = (
        CheckConstraint("decision IN ('continue', 'adjust', 'extend', 'end')", name="decision_kind"),
        Index("ix_placement_decision_placement", "placement_id", "decided_on"),
    )

    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    consultant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    verdict_shown: Mapped[str | None] = mapped_column(String(20), default=None)


# The service's own records live beside the case data; imported here so that `placement.db.models` names every table
# (Alembic and the queries find them all in one place).
from placement.db.consent_records import Consent  # noqa: E402
from placement.db.conversation_records import (  # noqa: E402
    AssessmentAgreement,
    AssessmentConversation,
    QuestionSelection,
)
from placement.db.fact_records import PlacementFact, PlacementWeekFact  # noqa: E402
from placement.db.lease_records import Lease  # noqa: E402
from placement.db.mail_records import MailOutbox, PasswordReset  # noqa: E402
from placement.db.outcome_records import Outcome  # noqa: E402
from placement.db.question_records import ServedQuestion  # noqa: E402
from placement.db.records import AuditEvent, AuthSession, Invitation, LoginAttempt, ReportCache  # noqa: E402
from placement.db.self_rating_records import SelfRating, SelfSubGoalRating  # noqa: E402

# Every table, and the stored enumerations, importable from here.
__all__ = [
    "HOURS",
    "WEEK",
    "Assessment",
    "AssessmentAgreement",
    "AssessmentAnswer",
    "AssessmentConversation",
    "AuditEvent",
    "AuditOutcome",
    "AuthSession",
    "CaseworkerAssessment",
    "Citizen",
    "Company",
    "Consent",
    "ConsentMethod",
    "ConsultantAssignment",
    "Horizon",
    "Invitation",
    "Lease",
    "LoginAttempt",
    "MailOutbox",
    "MailStatus",
    "Outcome",
    "OutcomeCheckpoint",
    "OutcomeStatus",
    "PasswordReset",
    "Placement",
    "PlacementDecision",
    "PlacementFact",
    "PlacementMember",
    "PlacementStatus",
    "PlacementWeekFact",
    "PlanWeek",
    "QuestionSelection",
    "ReportCache",
    "Role",
    "SelfRating",
    "SelfSubGoalRating",
    "ServedQuestion",
    "SubGoal",
    "SubGoalRating",
    "SubGoalStep",
    "User",
    "WeeklyLog",
]
