"""Views of the question bank for the API and the factor page."""

from __future__ import annotations

from goals.factors import FACTORS
from goals.questions import QuestionBank, QuestionItem
from placement.questions.schemas import FactorOut, OptionOut, QuestionBankOut, QuestionItemOut


def bank_view(bank: QuestionBank, *, include_caseworker_factor: bool = False) -> QuestionBankOut:
    """The factors in order with their items; F has no items and is left out unless asked for."""
    factors = []
    for factor in FACTORS:
        items = bank.for_factor(factor.code)
        if not items and not include_caseworker_factor:
            continue
        factors.append(
            FactorOut(
                code=factor.code,
                name=factor.name_da,
                name_en=factor.name_en,
                description=factor.description_da,
                view=factor.view,
                items=[_item_out(item) for item in items],
            )
        )
    return QuestionBankOut(version=bank.version, factors=factors)


def _item_out(item: QuestionItem) -> QuestionItemOut:
    guide = {str(o.value): o.guide for o in item.options if o.guide}
    guide_en = {str(o.value): o.guide_en for o in item.options if o.guide_en}
    return QuestionItemOut(
        key=item.key,
        text=item.text,
        source=item.source,
        options=[OptionOut(value=o.value, text=o.text) for o in item.options],
        guide=guide or None,
        guide_en=guide_en or None,
    )
