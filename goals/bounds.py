"""The domain's bounds on every date, count, length and list a person can send; one set, used everywhere."""

from __future__ import annotations

import datetime as dt

# A virksomhedspraktik for a citizen far from the labour market runs 13 weeks and is extended in steps of up to 13;
# a year (52 weeks) holds a placement with its extensions. A longer course is a new placement, planned anew.
MAX_PLACEMENT_WEEKS = 52
# Full-time work is 37 hours; 80 leaves room for any honest week and refuses typing slips like 400.
MAX_WEEK_HOURS = 80
MAX_SUBGOALS = 20
MAX_SUBGOAL_STEPS = 10
# The most items a list, a mapping or a form may carry (the edit form of a 52-week plan has about 180 fields).
MAX_LIST_ITEMS = 250
# The longest text of any field (a purpose, a decision reason, a week's small steps or note); shorter ones below.
MAX_TEXT_LENGTH = 4000
MAX_NAME_LENGTH = 200  # a person's or company's name, a sub-goal's title
MAX_CASE_REF_LENGTH = 64
MAX_TARGET_GROUP_LENGTH = 100
MAX_STEP_LENGTH = 300
MAX_TARGET_LENGTH = 2000  # a sub-goal's target
MAX_REASON_LENGTH = 2000  # the reason beside the consultant's own rating (F)
MAX_RATING_NOTE_LENGTH = 500
# The second conversation's remarks, and per factor what it would take for the citizen to move.
MAX_REMARKS_LENGTH = 2000
MAX_WHAT_IT_TAKES_LENGTH = 1000
# One 1–5 scale, 5 the most positive: a sub-goal's weekly rating (1 not started, 5 reached), and an answer, a factor's
# mean and the consultant's own rating (F).
RATING_MIN, RATING_MAX = 1, 5
SCORE_MIN, SCORE_MAX = 1, 5
# Dates in the service's records: nothing before the service's data begins, nothing in the next century.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)


def date_problem(day: dt.date) -> str | None:
    """Why a date lies outside what any record of the service can hold, or None."""
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        return f"a date must lie between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}"
    return None


def placement_weeks(start: dt.date, end: dt.date) -> int:
    """How many ISO weeks the period from start to end touches (0 when end is before start)."""
    if end < start:
        return 0
    first, last = start - dt.timedelta(days=start.weekday()), end - dt.timedelta(days=end.weekday())
    return (last - first).days // 7 + 1


def period_problem(start: dt.date, end: dt.date) -> str | None:
    """Why a placement cannot run from start to end, or None; cheap, so it runs before any week is counted out."""
    if end < start:
        return "planned_end_date must not be before start_date"
    if placement_weeks(start, end) > MAX_PLACEMENT_WEEKS:
        return (
            f"a placement runs at most {MAX_PLACEMENT_WEEKS} weeks, extensions included; "
            "plan a longer course as a new placement"
        )
    return None
