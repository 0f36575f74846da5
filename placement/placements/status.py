"""A placement's status: planned, then active, then ended (by a decision only); a start needs a complete agreement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from goals.agreement import missing_to_start
from goals.rhythm import DEFAULT_INTERVAL_DAYS, SelfAssessmentRhythm, next_self_assessment
from placement.db.models import Placement, PlacementStatus
from placement.errors import InvalidInput, RuleViolation

_NEXT_STATUS = {
    PlacementStatus.PLANNED: {PlacementStatus.ACTIVE},
    PlacementStatus.ACTIVE: set(),
    PlacementStatus.ENDED: set(),
}


def wanted_status(status: str) -> PlacementStatus:
    try:
        return PlacementStatus(status)
    except ValueError:
        raise InvalidInput("status must be planned, active or ended", field="status") from None


def start_problems(placement: Placement, status: str | None, changed: Mapping[str, str | None]) -> list[RuleViolation]:
    """Why `placement` cannot start with the texts `changed` by the same request, one problem per missing field."""
    if status != PlacementStatus.ACTIVE.value or placement.status is not PlacementStatus.PLANNED:
        return []
    values = {
        name: value if (value := changed.get(name)) is not None else getattr(placement, name)
        for name in ("purpose", "tasks", "contact_person")
    }
    missing = missing_to_start(**values)
    return [
        RuleViolation(
            f"a placement cannot start without {', '.join(missing)}: the agreement states the purpose and the tasks, "
            f"and the citizen has a contact person at the company; {name} is missing",
            field=name,
            code="missing_to_start",
        )
        for name in missing
    ]


def change_status(placement: Placement, status: str) -> None:
    wanted = wanted_status(status)
    if wanted is placement.status:
        return
    if wanted is PlacementStatus.ENDED:
        raise RuleViolation(
            "end a placement by recording the decision: POST …/decisions with decision end", field="status"
        )
    if wanted not in _NEXT_STATUS[placement.status]:
        raise RuleViolation(f"a placement cannot go from {placement.status.value} to {wanted.value}", field="status")
    placement.status = wanted


def self_assessment_rhythm(
    placement: Placement, latest: dt.date | None, today: dt.date, interval_days: int = DEFAULT_INTERVAL_DAYS
) -> SelfAssessmentRhythm | None:
    """The citizen's next self-assessment of this placement (goals/rhythm.py), given the date of the latest."""
    return next_self_assessment(
        start=placement.start_date,
        planned_end=placement.planned_end_date,
        today=today,
        latest=latest,
        interval_days=interval_days,
        ended=placement.ended_on is not None or placement.status is PlacementStatus.ENDED,
    )
