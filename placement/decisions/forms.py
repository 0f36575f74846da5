"""The decision form as typed, so that a decision sent back with an error shows what the consultant wrote."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from placement.web.forms import form_text


@dataclass
class DecisionForm:
    decision: str = ""
    reason: str = ""
    planned_end_date: str = ""
    follow_up_date: str = ""
    # The recommendation the consultant saw when deciding, kept with the decision.
    verdict_shown: str = ""

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> DecisionForm:
        return cls(
            decision=form_text(form, "decision"),
            reason=form_text(form, "reason"),
            planned_end_date=form_text(form, "planned_end_date"),
            follow_up_date=form_text(form, "follow_up_date"),
            verdict_shown=form_text(form, "verdict_shown"),
        )
