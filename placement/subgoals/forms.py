"""The sub-goal form as typed, so that a form sent back with an error shows what the user wrote."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from goals.library import Example
from placement.web.forms import form_text

SUBGOAL_STEP_FIELDS = 5


@dataclass
class SubGoalForm:
    factor: str = ""
    title: str = ""
    target: str = ""
    horizon: str = "short"
    due_date: str = ""
    steps: list[str] = field(default_factory=lambda: [""] * SUBGOAL_STEP_FIELDS)

    @classmethod
    def from_example(cls, example: Example) -> SubGoalForm:
        steps = list(example.steps) + [""] * (SUBGOAL_STEP_FIELDS - len(example.steps))
        return cls(
            factor=example.factor, title=example.title, target=example.target, horizon=example.horizon, steps=steps
        )

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> SubGoalForm:
        return cls(
            factor=form_text(form, "factor"),
            title=form_text(form, "title"),
            target=form_text(form, "target"),
            horizon=form_text(form, "horizon"),
            due_date=form_text(form, "due_date"),
            steps=[form_text(form, f"step_{n}") for n in range(SUBGOAL_STEP_FIELDS)],
        )

    def chosen_steps(self) -> list[str]:
        return [step for step in self.steps if step]
