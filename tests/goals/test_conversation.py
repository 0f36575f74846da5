"""The second conversation's pure rules: what to propose, what a selection may hold, what an agreed score may be."""

from __future__ import annotations

import pytest

from goals.conversation import (
    ConversationError,
    check_agreed_scores,
    check_selection,
    differs,
    latest_scores,
    propose_factors,
    selected_bank,
)
from goals.questions import default_bank

BANK = default_bank()
CODES = ["A", "B", "C", "D", "E"]


def test_the_first_conversation_proposes_every_factor_in_order() -> None:
    assert [(p.code, p.proposed) for p in propose_factors(CODES, {})] == [(c, True) for c in CODES]


def test_later_the_lowest_factors_come_first_and_the_barriers_and_the_never_asked_are_proposed() -> None:
    proposals = propose_factors(CODES, {"A": 4.5, "B": 2.0, "C": 3.0, "D": 4.0})
    assert [p.code for p in proposals] == ["B", "C", "D", "A", "E"]
    assert {p.code for p in proposals if p.proposed} == {"B", "C", "E"}
    assert proposals[0].latest == 2.0 and proposals[-1].latest is None


def test_with_no_barrier_the_lowest_factor_is_still_proposed() -> None:
    proposals = propose_factors(["A", "C"], {"A": 4.5, "C": 4.0})
    assert [(p.code, p.proposed) for p in proposals] == [("C", True), ("A", False)]


def test_a_factor_not_asked_last_time_keeps_its_earlier_score() -> None:
    assert latest_scores([{"A": 2.0, "C": 4.0}, {"A": 3.5}]) == {"A": 3.5, "C": 4.0}


def test_a_selection_comes_back_in_bank_order_and_an_empty_or_unknown_one_is_refused() -> None:
    assert check_selection(BANK, ["C1", "A2", "A1"]) == ("A1", "A2", "C1")
    for bad in ([], ["A1", "Z9"], "A1", [3]):
        with pytest.raises(ConversationError) as refused:
            check_selection(BANK, bad)
        assert refused.value.field == "items"
    assert [item.key for item in selected_bank(BANK, ["C1", "A1"]).items] == ["A1", "C1"]


def test_an_agreed_score_is_one_to_five_and_only_for_an_answered_factor() -> None:
    assert check_agreed_scores({"A": 3}, ["A", "C"]) == {"A": 3}
    for agreed, field in (
        ({"B": 3}, "agreed_scores.B"),
        ({"A": 6}, "agreed_scores.A"),
        ({"A": True}, "agreed_scores.A"),
    ):
        with pytest.raises(ConversationError) as refused:
            check_agreed_scores(agreed, ["A"])
        assert refused.value.field == field


def test_the_agreed_score_differs_when_it_is_not_the_computed_one_rounded() -> None:
    assert not differs(3.5, 4) and not differs(4.33, 4) and differs(2.0, 3) and not differs(None, 3)
