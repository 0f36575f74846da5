"""Column types and the enumerations the models store as plain strings."""

from __future__ import annotations

import enum

from sqlalchemy import Enum, Numeric, String

# Week strings are ISO "YYYY-Www"; eight characters, checked at the boundary by goals.weeks.
WEEK = String(8)
HOURS = Numeric(5, 2, asdecimal=False)


def enum_column(enum_cls: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings with a CHECK constraint: portable, and a new value is a migration, not a type change.
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Role(enum.StrEnum):
    ADMIN = "admin"
    LEADER = "leader"
    CONSULTANT = "consultant"
    COMPANY_CONTACT = "company_contact"
    MENTOR = "mentor"
    CITIZEN = "citizen"


class PlacementStatus(enum.StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    ENDED = "ended"


class Horizon(enum.StrEnum):
    SHORT = "short"
    LONG = "long"


class AuditOutcome(enum.StrEnum):
    ALLOWED = "allowed"
    DENIED = "denied"


class ConsentMethod(enum.StrEnum):
    """How a consent was given: by the citizen in the service, or to the consultant on paper or in person."""

    SERVICE = "service"
    PAPER = "paper"
    IN_PERSON = "in_person"


class MailStatus(enum.StrEnum):
    """Where a mail of the outbox stands: waiting for its (next) try, delivered, or given up after the last try."""

    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class OutcomeCheckpoint(enum.StrEnum):
    """When what became of the citizen is recorded: at the placement's end, and three and six months after it."""

    END = "end"
    THREE_MONTHS = "3m"
    SIX_MONTHS = "6m"


class OutcomeStatus(enum.StrEnum):
    """What became of the citizen at a checkpoint."""

    ORDINARY_JOB = "ordinary_job"
    EDUCATION = "education"
    FLEX_JOB = "flex_job"
    OTHER_EFFORT = "other_effort"
    NONE = "none"
    UNKNOWN = "unknown"
