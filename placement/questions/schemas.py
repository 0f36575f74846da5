"""Response bodies of the question bank."""

from __future__ import annotations

import msgspec


class OptionOut(msgspec.Struct):
    value: int
    text: str


class QuestionItemOut(msgspec.Struct):
    key: str
    text: str
    source: str
    options: list[OptionOut]


class FactorOut(msgspec.Struct):
    code: str
    name: str
    name_en: str
    description: str
    view: str
    items: list[QuestionItemOut]


class QuestionBankOut(msgspec.Struct):
    factors: list[FactorOut]
