"""The one-question-at-a-time form keeps its whole state in the form: answers, skips, going back."""

from __future__ import annotations

import pytest

from goals.questions import default_bank
from placement.assessments.steps import Step, advance, answers_of, decode_draft, encode_draft
from placement.errors import InvalidInput

BANK = default_bank()
LAST = len(BANK.items) - 1


def test_answering_moves_to_the_next_question_and_keeps_the_answer():
    step = advance(BANK, 0, {}, choice=4, skip=False, back=False)
    assert step == Step(1, {"A1": 4})


def test_skipping_keeps_the_item_as_missing_never_zero():
    step = advance(BANK, 0, {}, choice=None, skip=True, back=False)
    assert step == Step(1, {"A1": None})
    assert answers_of(step.draft) == {}


def test_going_back_keeps_the_answers_given():
    step = advance(BANK, 2, {"A1": 4, "A2": 3}, choice=None, skip=False, back=True)
    assert step == Step(1, {"A1": 4, "A2": 3})


def test_the_last_answer_finishes_the_form():
    step = advance(BANK, LAST, {}, choice=5, skip=False, back=False)
    assert step.done(BANK) and step.draft == {BANK.items[LAST].key: 5}


@pytest.mark.parametrize("choice", [0, 6, None])
def test_a_missing_or_impossible_choice_is_refused(choice):
    with pytest.raises(InvalidInput) as raised:
        advance(BANK, 0, {}, choice=choice, skip=False, back=False)
    assert raised.value.field == "choice"


def test_a_position_outside_the_bank_is_refused():
    with pytest.raises(InvalidInput) as raised:
        advance(BANK, LAST + 1, {}, choice=3, skip=False, back=False)
    assert raised.value.field == "position"


def test_the_draft_survives_the_round_trip_through_the_form():
    draft = {"A1": 4, "B2": None, "E2": 1}
    assert decode_draft(BANK, encode_draft(draft)) == draft
    assert decode_draft(BANK, "") == {}


@pytest.mark.parametrize(
    ("raw", "field"),
    [('{"Z9": 3}', "answers.Z9"), ('{"A1": 9}', "answers.A1"), ('{"A1": "x"}', "draft"), ("not json", "draft")],
)
def test_a_tampered_draft_is_refused_naming_what_is_wrong(raw, field):
    with pytest.raises(InvalidInput) as raised:
        decode_draft(BANK, raw)
    assert raised.value.field == field
