"""What the service keeps about its own use: the audit trail, sign-in sessions and tries, invitations, the PDF cache."""

from __future__ import annotations

import datetime as dt
import uuid

from advanced_alchemy.base import UUIDv7AuditBase, UUIDv7Base
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from placement.db.columns import AuditOutcome, Role, enum_column


class AuditEvent(UUIDv7Base):
    """One append-only row per read or change of a citizen's data; the database refuses updates and deletes."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_citizen_at", "citizen_id", "at"),)

    at: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True), default=lambda: dt.datetime.now(dt.UTC))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(String(80), default="", server_default="")
    citizen_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("citizen.id", ondelete="RESTRICT"))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64), default=None)
    outcome: Mapped[AuditOutcome] = mapped_column(enum_column(AuditOutcome, "audit_outcome"))
    request_id: Mapped[str] = mapped_column(String(64), default="", server_default="")


class Invitation(UUIDv7AuditBase):
    """A single-use, expiring invitation to a placement; only the token's hash is stored."""

    __tablename__ = "invitation"

    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "invitation_role"))
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True))
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    accepted_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))


class AuthSession(UUIDv7Base):
    """A server-side login session shared by every worker process; the cookie holds a token, the row its hash."""

    __tablename__ = "auth_session"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)


class LoginAttempt(UUIDv7Base):
    """A failed login, counted per account and per client for the brute-force limit; both keyed by keyed hashes."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_account_at", "account_key", "at"),
        Index("ix_login_attempt_client_at", "client_key", "at"),
    )

    at: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True))
    account_key: Mapped[str] = mapped_column(String(64))
    client_key: Mapped[str] = mapped_column(String(64))


class ReportCache(UUIDv7Base):
    """A rendered PDF, keyed by a hash of the data it was made from, so an unchanged placement is served at once."""

    __tablename__ = "report_cache"

    cache_key: Mapped[str] = mapped_column(String(64), unique=True)
    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"), index=True)
    audience: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTimeUTC(timezone=True), default=lambda: dt.datetime.now(dt.UTC))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
