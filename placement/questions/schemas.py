"""Response bodies of the question bank."""

from __future__ import annotations

from typing import Annotated

import msgspec


class OptionOut(msgspec.Struct):
    value: int
    text: str


GUIDE_NOTE = "what each step means and what to talk about, by answer value 5..1; absent when the bank has none"


class QuestionItemOut(msgspec.Struct, omit_defaults=True):
    key: str
    text: str
    source: str
    options: list[OptionOut]
    guide: Annotated[dict[str, str] | None, msgspec.Meta(description=f"{GUIDE_NOTE} (Danish)")] = None
    guide_en: Annotated[dict[str, str] | None, msgspec.Meta(description=f"{GUIDE_NOTE} (English)")] = None


class FactorOut(msgspec.Struct):
    code: str
    name: str
    name_en: str
    description: str
    view: str
    items: list[QuestionItemOut]


class QuestionBankOut(msgspec.Struct):
    version: Annotated[str, msgspec.Meta(description="the bank's version, as each assessment records it")]
    factors: list[FactorOut]
