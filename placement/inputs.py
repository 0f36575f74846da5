"""Every text, date and list a request carries, checked against the domain's rules before anything stores it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import msgspec

from goals.bounds import MAX_LIST_ITEMS, date_problem
from goals.text import NO_CPR, text_problem
from placement.errors import InvalidInput


class CprRefused(InvalidInput):
    """Text refused because it holds a CPR-shaped number; a page says so beside the field, in Danish."""

    cpr = True
    default_code = "cpr"


def checked_text(value: str, field: str, limit: int, *, required: bool = True) -> str:
    """The text stripped; InvalidInput naming `field` when it is blank (if required), too long or not acceptable."""
    clean = value.strip()
    if (required and not clean) or len(clean) > limit:
        bounds = f"1 to {limit}" if required else f"at most {limit}"
        code = "too_long" if clean else "required"
        raise InvalidInput(f"{field} must be {bounds} characters", field=field, code=code)
    if problem := text_problem(clean, field):
        if problem.endswith(NO_CPR):
            raise CprRefused(f"{field} {problem}", field=field)
        raise InvalidInput(f"{field} {problem}", field=field, code="text")
    return clean


def check_search(query: str) -> None:
    """A search's text (`q`) refused like any free text, a CPR-shaped number with its own reason (and code)."""
    if problem := text_problem(query, "q"):
        refused = CprRefused if problem.endswith(NO_CPR) else InvalidInput
        raise refused(f"q {problem}", field="q")


def refuse_bad_values(value: object, field: str = "", *, cpr: bool = True) -> None:
    """InvalidInput naming the first text, date or list anywhere in a decoded body that breaks the domain's bounds.

    Forms pass `cpr=False`: their services refuse a CPR-shaped number and the page shows why beside the field.
    """
    if isinstance(value, str):
        if problem := text_problem(value, field, cpr=cpr):
            raise InvalidInput(f"{field or 'body'} {problem}", field=field or None)
    elif isinstance(value, msgspec.Struct):
        encoded = {f.name: f.encode_name for f in msgspec.structs.fields(value)}
        for name, encode_name in encoded.items():
            refuse_bad_values(getattr(value, name), f"{field}.{encode_name}" if field else encode_name, cpr=cpr)
    elif isinstance(value, Mapping):
        _refuse_long_list(value, field)
        for key, item in value.items():
            where = f"{field}.{key}" if field else str(key)
            refuse_bad_values(key, where, cpr=cpr)
            refuse_bad_values(item, where, cpr=cpr)
    elif isinstance(value, (list, tuple)):
        _refuse_long_list(value, field)
        for index, item in enumerate(value):
            refuse_bad_values(item, f"{field}[{index}]", cpr=cpr)
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime) and (problem := date_problem(value)):
        raise InvalidInput(f"{field}: {problem}", field=field)


def _refuse_long_list(items: object, field: str) -> None:
    if len(items) > MAX_LIST_ITEMS:  # type: ignore[arg-type]
        raise InvalidInput(f"{field or 'body'} holds more than {MAX_LIST_ITEMS} items", field=field or None)
