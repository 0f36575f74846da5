"""Request and response bodies of sub-goals, their small steps and the library of example sub-goals."""

from __future__ import annotations

import datetime as dt

import msgspec


class SubGoalIn(msgspec.Struct, forbid_unknown_fields=True):
    factor: str
    title: str
    target: str
    horizon: str
    due_date: dt.date | None = None
    steps: list[str] = msgspec.field(default_factory=list)


class SubGoalPatch(msgspec.Struct, forbid_unknown_fields=True):
    title: str | None = None
    target: str | None = None
    horizon: str | None = None
    due_date: dt.date | None = None


class StepReachedIn(msgspec.Struct, forbid_unknown_fields=True):
    week: str


class ExampleOut(msgspec.Struct):
    id: str
    title: str
    target: str
    horizon: str
    steps: list[str]


class LibraryFactorOut(msgspec.Struct):
    code: str
    name: str
    examples: list[ExampleOut]


class LibraryOut(msgspec.Struct):
    """Example sub-goals per citizen factor A–E, in Danish, to adapt with the citizen."""

    factors: list[LibraryFactorOut]
