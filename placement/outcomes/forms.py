"""The outcome form as typed, so that an outcome sent back with an error shows what the consultant wrote."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from placement.db.models import Outcome
from placement.errors import Checks, InvalidInput
from placement.web.forms import form_hours, form_text


@dataclass
class OutcomeForm:
    date: str = ""
    status: str = ""
    ordinary_hours_per_week: str = ""
    note: str = ""
    # The version of the outcome the form was opened at; 0 when none was recorded yet.
    version: str = "0"

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> OutcomeForm:
        return cls(
            date=form_text(form, "date"),
            status=form_text(form, "status"),
            ordinary_hours_per_week=form_text(form, "ordinary_hours_per_week"),
            note=form_text(form, "note"),
            version=form_text(form, "version"),
        )

    @classmethod
    def of(cls, outcome: Outcome | None, *, today: str) -> OutcomeForm:
        if outcome is None:
            return cls(date=today)
        hours = outcome.ordinary_hours_per_week
        return cls(
            date=outcome.observed_on.isoformat(),
            status=outcome.status.value,
            ordinary_hours_per_week="" if hours is None else f"{hours:g}".replace(".", ","),
            note=outcome.note,
            version=str(outcome.version),
        )

    def hours(self, checks: Checks) -> float | None:
        """The weekly hours typed (a comma or a point), None when left blank."""
        if not self.ordinary_hours_per_week:
            return None
        return checks.take(form_hours, self.ordinary_hours_per_week, "ordinary_hours_per_week")

    def version_number(self) -> int:
        if not self.version.isdigit():
            raise InvalidInput("the form lacks the version it was opened at; open it again", field="If-Match")
        return int(self.version)
