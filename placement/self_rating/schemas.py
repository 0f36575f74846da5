"""Request and response bodies of the citizen's own weekly rating."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec

from placement.logs.rules import RatingInput
from placement.self_rating.services import SelfRatingInput, ShownSelfRating


class SelfRatingItemIn(msgspec.Struct, forbid_unknown_fields=True):
    subgoal_id: str
    rating: Annotated[
        int, msgspec.Meta(description="1 not started, 2 a little on the way, 3 halfway, 4 nearly reached, 5 reached")
    ]
    note: str = ""


class SelfRatingIn(msgspec.Struct, forbid_unknown_fields=True):
    ratings: list[SelfRatingItemIn]
    note: Annotated[
        str, msgspec.Meta(description="the citizen's own words on the week; read by the jobcenter and the citizen only")
    ] = ""

    def to_input(self) -> SelfRatingInput:
        return SelfRatingInput(
            ratings=[RatingInput(r.subgoal_id, r.rating, r.note) for r in self.ratings], note=self.note
        )


class SelfRatingItemOut(msgspec.Struct):
    subgoal_id: str
    rating: int
    note: Annotated[str | None, msgspec.Meta(description="null for a reader who may not see the citizen's notes")]


class SelfRatingOut(msgspec.Struct):
    week: str
    author_role: str
    ratings: list[SelfRatingItemOut]
    note: Annotated[str | None, msgspec.Meta(description="null for a reader who may not see the citizen's notes")]
    updated_at: dt.datetime


def self_rating_out(shown: ShownSelfRating, *, with_notes: bool) -> SelfRatingOut:
    return SelfRatingOut(
        week=shown.week,
        author_role="citizen",
        ratings=[
            SelfRatingItemOut(
                subgoal_id=str(subgoal_id),
                rating=rating,
                note=shown.notes.get(subgoal_id, "") if with_notes else None,
            )
            for subgoal_id, rating in shown.ratings.items()
        ],
        note=shown.note if with_notes else None,
        updated_at=shown.updated_at,
    )
