"""Danish identifiers: the CVR number's modulus-11 check, and recognising a CPR number so that none is stored."""

from __future__ import annotations

import datetime as dt
import re

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
# Ten ASCII digits standing alone, or six and four with one dash or space between: DDMMYY-SSSS. "Alone" means no
# digit or hex letter beside them, so that an id (a UUID such as ...-a0101901234b) is never taken for one.
_CPR_SHAPE = re.compile(r"(?<![0-9a-fA-F])([0-9]{2})([0-9]{2})([0-9]{2})[- ]?([0-9])[0-9]{3}(?![0-9a-fA-F])")


def cvr_problem(cvr: str) -> str | None:
    """Why `cvr` is not a valid CVR number, or None: eight digits, not starting with 0, weighted sum divisible by 11."""
    if not re.fullmatch(r"[1-9]\d{7}", cvr):
        return "a CVR number is eight digits and does not start with 0"
    if sum(int(d) * w for d, w in zip(cvr, CVR_WEIGHTS, strict=True)) % 11:
        return "the CVR number's check digit is wrong"
    return None


def _cpr_century(year: int, seventh: int) -> int:
    """The century the CPR office's rule gives a two-digit year from the first digit of the serial number."""
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if year <= 36 else 1900
    return 2000 if year <= 57 else 1800


def looks_like_cpr(text: str) -> bool:
    """True when the text holds a CPR-shaped number: DDMMYY-SSSS or ten digits whose date part is a real day.

    The century comes from the serial number as the CPR office assigns it, so that 29 February counts only in
    the leap years it can stand for; a ten-digit number with an impossible date (320190-1234) is not taken for one.
    """
    for match in _CPR_SHAPE.finditer(text):
        day, month, year, seventh = (int(group) for group in match.groups())
        try:
            dt.date(_cpr_century(year, seventh) + year, month, day)
        except ValueError:
            continue
        return True
    return False
