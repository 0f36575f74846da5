"""Reading HTML forms as typed values; InvalidInput names the field, like the API does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from goals.bounds import date_problem
from placement.errors import InvalidInput


def form_text(form: Mapping[str, str], name: str) -> str:
    return str(form.get(name, "")).strip()


def form_date(form: Mapping[str, str], name: str) -> dt.date:
    """A date field of a form (YYYY-MM-DD, as <input type="date"> sends it); InvalidInput names the field."""
    day = form_optional_date(form, name)
    if day is None:
        raise InvalidInput(f"{name} is required", field=name, code="required")
    return day


def form_optional_date(form: Mapping[str, str], name: str) -> dt.date | None:
    raw = form_text(form, name)
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{name} must be a date YYYY-MM-DD, found {raw!r}", field=name, code="date") from None
    if problem := date_problem(day):
        raise InvalidInput(f"{name}: {problem}", field=name, code="date_range")
    return day


def form_hours(raw: str, name: str) -> float:
    try:
        return float(raw.strip().replace(",", "."))
    except ValueError:
        raise InvalidInput(f"{name} must be a number of hours, found {raw!r}", field=name, code="number") from None


def form_id(form: Mapping[str, str], name: str) -> str:
    """An id chosen in a select; blank is a missing choice, named like the API's field."""
    raw = form_text(form, name)
    if not raw:
        raise InvalidInput(f"{name} is required", field=name, code="required")
    return raw


def seen_values(form: Mapping[str, str]) -> dict[str, str]:
    """What the editor started from: the form carries each editable field once more as `seen_<field>`."""
    return {name.removeprefix("seen_"): str(value) for name, value in form.items() if name.startswith("seen_")}
