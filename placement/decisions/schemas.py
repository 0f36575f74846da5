"""Request and response bodies of the decisions taken at follow-ups."""

from __future__ import annotations

import datetime as dt

import msgspec


class DecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    """continue, adjust, extend (with a later planned_end_date) or end, why, and optionally the next follow-up."""

    decision: str
    reason: str
    planned_end_date: dt.date | None = None
    follow_up_date: dt.date | None = None


class DecisionOut(msgspec.Struct):
    id: str
    decision: str
    reason: str
    decided_on: dt.date
    verdict_shown: str | None
