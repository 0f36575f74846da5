"""Numbers as the recommendation's sentences write them: a decimal comma in Danish, a point in English."""

from __future__ import annotations


def number_da(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def number_en(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}"


def percent(share: float) -> str:
    return f"{round(share * 100)} %"
