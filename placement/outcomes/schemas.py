"""Request and response bodies of the outcomes recorded at a placement's end and three and six months after it."""

from __future__ import annotations

import datetime as dt

import msgspec


class OutcomeIn(msgspec.Struct, forbid_unknown_fields=True):
    """What became of the citizen on `date`: a status, the weekly hours of a job (ordinary or flex), and a note."""

    date: dt.date
    status: str
    ordinary_hours_per_week: float | None = None
    note: str = ""


class OutcomeOut(msgspec.Struct):
    checkpoint: str
    date: dt.date
    status: str
    ordinary_hours_per_week: float | None
    note: str
    recorded_by: str
    version: int


class CheckpointOut(msgspec.Struct):
    """One checkpoint: the day it is due, the first day it may be recorded, and its outcome (null until recorded)."""

    checkpoint: str
    due_on: dt.date
    earliest_on: dt.date
    outcome: OutcomeOut | None
