"""Free text as the service accepts it: printable, without a CPR-shaped number, within its length."""

from __future__ import annotations

import re

from goals.bounds import MAX_TEXT_LENGTH
from goals.identifiers import looks_like_cpr

NO_CPR = "no CPR number is stored here; use the case reference of the municipal case system"
# Texts typed in a text area, where line breaks and tabs belong; every other text is one line.
MULTILINE_FIELDS = frozenset(
    {"note", "small_steps", "reason", "target", "purpose", "remarks", "tasks", "citizen_wishes"}
)
# Texts that are secrets, not prose: a password may hold any ten digits, a token is random.
SECRET_FIELDS = frozenset({"password", "new_password", "current_password", "token", "_csrf_token"})
# C0 and C1 control characters, DEL, the Unicode line and paragraph separators and lone surrogates: none of them is
# text a person writes, PostgreSQL cannot store NUL, and a lone surrogate is not even UTF-8.
_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_LINE_BREAKS = frozenset("\t\n\r")
_INDEX = re.compile(r"\[[^\]]*\]")
# A field with one of these names is refused outright, whatever its value (compared without case, - or _).
CPR_FIELD_NAMES = frozenset({"cpr", "cprnr", "cprnumber", "cprnummer", "personnummer"})


def field_kind(field: str) -> str:
    """ "secret", "multiline" or "line" for a field named like `ratings[0].note`, `note-<id>` or `seen_purpose`."""
    name = _INDEX.sub("", field).rsplit(".", 1)[-1]
    name = name.removeprefix("seen_").split("-", 1)[0]
    if name in SECRET_FIELDS:
        return "secret"
    return "multiline" if name in MULTILINE_FIELDS else "line"


def control_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why the text holds a character that has no place in it, or None."""
    for match in _NOT_TEXT.finditer(value):
        if multiline and match.group() in _LINE_BREAKS:
            continue
        return f"contains the control character U+{ord(match.group()):04X}, which has no place in text"
    return None


def text_problem(value: str, field: str, *, cpr: bool = True) -> str | None:
    """Why `value` cannot be accepted as the text of `field`, or None; the reason says what to change.

    `cpr=False` leaves the CPR check to a later step that can show the reason beside the field.
    """
    kind = field_kind(field)
    if len(value) > MAX_TEXT_LENGTH:
        return f"is longer than {MAX_TEXT_LENGTH} characters"
    if problem := control_problem(value, multiline=kind == "multiline"):
        return problem
    if cpr and kind != "secret" and looks_like_cpr(value):
        return f"looks like a CPR number: {NO_CPR}"
    return None


def cpr_field_problem(name: str) -> str | None:
    """Why a field of this name is refused whatever it holds (it is meant for a CPR number), or None."""
    if name.lower().replace("_", "").replace("-", "") in CPR_FIELD_NAMES:
        return f"{name} is refused: {NO_CPR}"
    return None
