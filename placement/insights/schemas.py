"""The shapes of management information: the query asked and the figures answered (the JSON of /api/insights).

A group below the suppression threshold carries `suppressed: true` and no figures (every figure is null): nothing in
the answer lets one citizen be seen, and complementary suppression keeps a suppressed group from being derived.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

import msgspec


class GroupBy(enum.StrEnum):
    FACTOR = "factor"
    COMPANY = "company"
    TARGET_GROUP = "target_group"
    PURPOSE = "purpose"
    LENGTH = "length"


class InsightsQuery(msgspec.Struct, frozen=True):
    """A period of whole months (from the first day of `period_from` to the last of `period_to`) and the filters."""

    period_from: dt.date
    period_to: dt.date
    group_by: GroupBy = GroupBy.FACTOR
    target_group: str | None = None
    company_id: uuid.UUID | None = None
    purpose: str | None = None


class FactorChange(msgspec.Struct):
    """A factor's mean change from the first to the latest score of each placement (A–E self-assessment, F apart)."""

    factor: str
    placements: int
    mean_change: float | None


class OutcomeFigures(msgspec.Struct):
    """What became of the citizens at one checkpoint: of the placements for which the checkpoint is due."""

    checkpoint: str
    due: int
    recorded: int
    job_or_education: int
    # Of the recorded outcomes whose status is known (not `unknown`).
    job_or_education_share: float | None
    # Recorded as unknown, or due and not recorded.
    unknown: int
    by_status: dict[str, int]


class GroupFigures(msgspec.Struct):
    key: str
    label: str
    suppressed: bool
    citizens: int | None = None
    placements: int | None = None
    progression: list[FactorChange] | None = None
    subgoals: int | None = None
    subgoals_reached: int | None = None
    subgoals_reached_share: float | None = None
    # Placements that reached ordinary hours (goals.placement_facts: a logged week with ordinary hours above 0 and at
    # least the week's planned target), and the mean ordinary hours of each placement's last logged week.
    ordinary_hours_reached: int | None = None
    ordinary_hours_share: float | None = None
    ordinary_hours_at_end: float | None = None
    outcomes: list[OutcomeFigures] | None = None
    # Hours attended against hours planned, and logged weeks against weeks due, over the group's placements.
    attendance_share: float | None = None
    weeks_logged_share: float | None = None
    without_purpose: int | None = None
    without_follow_up: int | None = None


class HoursWeek(msgspec.Struct):
    """Mean ordinary and placement hours in the n-th week of the placements (week 1 is each placement's first)."""

    week: int
    placements: int | None
    planned_ordinary_hours: float | None
    ordinary_hours: float | None
    placement_hours: float | None
    # A week logged for fewer placements than the threshold shows no figures.
    suppressed: bool = False


class Insights(msgspec.Struct):
    period_from: str
    period_to: str
    group_by: str
    filters: dict[str, str]
    suppressed_below: int
    groups: list[GroupFigures]
    total: GroupFigures
    hours_by_week: list[HoursWeek]


class EvidenceRow(msgspec.Struct):
    """Of the placements with a six-month outcome in one band, how many were in a job or education then."""

    dimension: str  # a factor code A–F, or "ordinary_hours"
    band: str  # "low", "middle", "high" (thirds of the factor's change); "reached" or "not_reached"
    suppressed: bool
    placements: int | None = None
    job_or_education: int | None = None
    share: float | None = None


class Evidence(msgspec.Struct):
    period_from: str
    period_to: str
    suppressed_below: int
    placements: int | None
    rows: list[EvidenceRow]
    # Said beside the figures, always: an association in the jobcenter's own data, not a cause.
    statement: str = ""


class CalibrationRow(msgspec.Struct):
    """How far two observer roles' ratings of the same sub-goal in the same week lie apart, in one month."""

    pair: str  # e.g. "company_contact/mentor", roles in the order of placement.db.columns.Role
    month: str  # YYYY-MM
    suppressed: bool
    citizens: int | None = None
    compared: int | None = None
    mean_absolute_difference: float | None = None
    two_step_share: float | None = None


class Calibration(msgspec.Struct):
    period_from: str
    period_to: str
    suppressed_below: int
    rows: list[CalibrationRow]
