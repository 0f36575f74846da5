"""The service's one clock: instants in UTC, calendar days in Denmark, replaceable in tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from litestar.datastructures import State

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def _system_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Clock:
    """now() is the instant in UTC; today() is the date in Copenhagen, where a week turns on Monday at midnight."""

    source: Callable[[], dt.datetime] = _system_now

    def now(self) -> dt.datetime:
        return self.source().astimezone(dt.UTC)

    def today(self) -> dt.date:
        return copenhagen_date(self.now())

    @classmethod
    def fixed(cls, instant: dt.datetime) -> Clock:
        """A clock that always shows `instant` (timezone-aware), for tests and reproducible runs."""
        if instant.tzinfo is None:
            raise ValueError("a fixed clock needs a timezone-aware instant")
        return cls(source=lambda: instant)


SYSTEM_CLOCK = Clock()


def copenhagen_date(at: dt.datetime) -> dt.date:
    """The calendar day an instant falls on in Denmark."""
    return at.astimezone(COPENHAGEN).date()


def provide_clock(state: State) -> Clock:
    """The `clock` dependency: the app's clock, set by create_app."""
    clock: Clock = state.clock
    return clock
