"""Danish identifiers: the CVR number's modulus-11 check, and recognising a CPR number so that none is stored."""

from __future__ import annotations

import re

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
_CPR_PATTERN = re.compile(r"(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[-\s]?\d{4}(?!\d)")


def cvr_problem(cvr: str) -> str | None:
    """Why `cvr` is not a valid CVR number, or None: eight digits, not starting with 0, weighted sum divisible by 11."""
    if not re.fullmatch(r"[1-9]\d{7}", cvr):
        return "a CVR number is eight digits and does not start with 0"
    if sum(int(d) * w for d, w in zip(cvr, CVR_WEIGHTS, strict=True)) % 11:
        return "the CVR number's check digit is wrong"
    return None


def looks_like_cpr(text: str) -> bool:
    """True when the text holds something shaped like a CPR number (DDMMYY-XXXX or ten digits)."""
    return bool(_CPR_PATTERN.search(text))
