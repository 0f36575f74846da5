"""Request and response bodies of the weekly log API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec

from placement.db.models import WeeklyLog
from placement.logs.rules import LogInput, RatingInput, StepInput


class RatingIn(msgspec.Struct, forbid_unknown_fields=True):
    subgoal_id: str
    rating: Annotated[
        int, msgspec.Meta(description="1 not started, 2 a little on the way, 3 halfway, 4 nearly reached, 5 reached")
    ]
    note: str = ""


class ReachedStepIn(msgspec.Struct, forbid_unknown_fields=True):
    subgoal_id: str
    position: Annotated[int, msgspec.Meta(description="the small step's position in its sub-goal, from 0")]


class LogIn(msgspec.Struct, forbid_unknown_fields=True):
    placement_hours: Annotated[float, msgspec.Meta(description="hours the citizen attended the placement this week")]
    ordinary_hours: Annotated[float, msgspec.Meta(description="hours of ordinary, paid work this week")]
    ratings: list[RatingIn]
    absence_hours: float = 0
    small_steps: Annotated[str, msgspec.Meta(description="the small steps seen this week, in words")] = ""
    note: str = ""
    shared: Annotated[
        bool, msgspec.Meta(description="false keeps the entry to the jobcenter; only the consultant may send false")
    ] = True
    steps_reached: Annotated[
        list[ReachedStepIn],
        msgspec.Meta(
            description="small steps of the placement's sub-goals seen reached this week; a step already reached "
            "keeps the week it was first reached"
        ),
    ] = msgspec.field(default_factory=list)

    def to_input(self) -> LogInput:
        return LogInput(
            placement_hours=self.placement_hours,
            ordinary_hours=self.ordinary_hours,
            absence_hours=self.absence_hours,
            ratings=[RatingInput(r.subgoal_id, r.rating, r.note) for r in self.ratings],
            small_steps=self.small_steps,
            note=self.note,
            shared=self.shared,
            steps_reached=[StepInput(s.subgoal_id, s.position) for s in self.steps_reached],
        )


class RatingOut(msgspec.Struct):
    subgoal_id: str
    rating: int
    note: str


class LogOut(msgspec.Struct):
    id: str
    week: str
    author_role: str
    author_name: str
    placement_hours: float
    ordinary_hours: float
    absence_hours: float
    ratings: list[RatingOut]
    small_steps: str
    note: str
    shared: bool
    version: int
    updated_at: dt.datetime


def log_out(log: WeeklyLog, author_name: str) -> LogOut:
    """An entry with its ratings loaded."""
    return LogOut(
        id=str(log.id),
        week=log.week,
        author_role=log.author_role.value,
        author_name=author_name,
        placement_hours=log.placement_hours,
        ordinary_hours=log.ordinary_hours,
        absence_hours=log.absence_hours,
        ratings=[RatingOut(subgoal_id=str(r.subgoal_id), rating=r.rating, note=r.note) for r in log.ratings],
        small_steps=log.small_steps,
        note=log.note,
        shared=log.shared,
        version=log.version,
        updated_at=log.updated_at,
    )
