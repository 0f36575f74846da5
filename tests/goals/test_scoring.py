"""Scoring answers into one mean per factor."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goals.questions import AnswerOption, QuestionBank, QuestionItem, default_bank
from goals.scoring import AnswerError, factor_scores, validate_answers

BANK = default_bank()


def test_factor_score_is_the_mean_of_the_answered_items():
    scores = factor_scores(BANK, {"A1": 5, "A2": 4, "A3": 4, "B1": 2})
    assert scores == {"A": 4.33, "B": 2.0}


def test_factor_score_rounds_to_two_decimals():
    assert factor_scores(BANK, {"B1": 1, "B2": 2, "B3": 2}) == {"B": 1.67}


def test_factor_score_rounds_an_exact_half_up():
    options = tuple(AnswerOption(value=value, text=f"Svar {value}") for value in (5, 4, 3, 2, 1))
    items = (QuestionItem(key=f"A{n}", factor="A", text="Spørgsmål", source="Test", options=options) for n in range(8))
    bank = QuestionBank(items=tuple(items))
    answers = {f"A{n}": value for n, value in enumerate((5, 5, 4, 4, 4, 4, 4, 3))}
    assert factor_scores(bank, answers) == {"A": 4.13}


def test_factors_without_an_answered_item_are_absent_not_zero():
    scores = factor_scores(BANK, {"C2": 3, "E1": 1})
    assert scores == {"C": 3.0, "E": 1.0}
    assert "A" not in scores and "B" not in scores and "D" not in scores


def test_unanswered_items_do_not_pull_the_mean_down():
    assert factor_scores(BANK, {"D1": 4}) == {"D": 4.0}


def test_factor_scores_are_in_a_to_e_order():
    scores = factor_scores(BANK, {"E2": 3, "C1": 2, "A4": 5, "D2": 1, "B4": 4})
    assert list(scores) == ["A", "B", "C", "D", "E"]


def test_five_is_the_most_positive_answer():
    best = {item.key: item.options[0].value for item in BANK.items}
    worst = {item.key: item.options[-1].value for item in BANK.items}
    assert set(factor_scores(BANK, best).values()) == {5.0}
    assert set(factor_scores(BANK, worst).values()) == {1.0}


def test_validate_answers_returns_the_answers_in_bank_order():
    assert list(validate_answers(BANK, {"C1": 3, "A2": 4})) == ["A2", "C1"]


def test_an_unknown_question_key_is_rejected_with_the_field_named():
    with pytest.raises(AnswerError, match="'A9'") as caught:
        factor_scores(BANK, {"A1": 3, "A9": 3})
    assert caught.value.field == "answers.A9"


@pytest.mark.parametrize("value", [0, 6, -1, 3.0, "3", None])
def test_an_answer_outside_one_to_five_is_rejected_with_key_and_value_named(value):
    with pytest.raises(AnswerError, match=f"B2.*{value!r}") as caught:
        validate_answers(BANK, {"B2": value})
    assert caught.value.field == "answers.B2"


@pytest.mark.parametrize("value", [True, False])
def test_a_bool_is_not_an_answer(value):
    with pytest.raises(AnswerError) as caught:
        validate_answers(BANK, {"A1": value})
    assert caught.value.field == "answers.A1"


def test_no_answers_at_all_is_rejected():
    with pytest.raises(AnswerError) as caught:
        factor_scores(BANK, {})
    assert caught.value.field == "answers"


def test_answer_error_is_a_value_error():
    assert issubclass(AnswerError, ValueError)


@given(st.dictionaries(st.sampled_from(sorted(BANK.keys())), st.integers(1, 5), min_size=1))
def test_every_score_lies_between_one_and_five_and_only_answered_factors_appear(answers):
    scores = factor_scores(BANK, answers)
    assert set(scores) == {BANK.item(key).factor for key in answers}
    assert all(1.0 <= score <= 5.0 for score in scores.values())
