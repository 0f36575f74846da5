"""CVR check digits and CPR detection."""

from __future__ import annotations

import pytest

from goals.identifiers import cvr_problem, looks_like_cpr


@pytest.mark.parametrize("cvr", ["10150817", "25313763", "35954716"])
def test_real_cvr_numbers_pass(cvr: str) -> None:
    assert cvr_problem(cvr) is None


@pytest.mark.parametrize("cvr, problem", [
    ("10150818", "check digit"), ("1015081", "eight digits"), ("01508170", "eight digits"), ("1015O817", "eight digits"),
])
def test_wrong_cvr_numbers_say_what_is_wrong(cvr: str, problem: str) -> None:
    assert problem in (cvr_problem(cvr) or "")


@pytest.mark.parametrize("text", ["010190-1234", "0101901234", "CPR 311299 1234", "sag 150575-4321"])
def test_cpr_shapes_are_recognised(text: str) -> None:
    assert looks_like_cpr(text)


@pytest.mark.parametrize("text", ["SAG-2026-0042", "Anna Hansen", "12345", "aktivitetsparat", "320190-1234"])
def test_ordinary_references_are_not_taken_for_cpr(text: str) -> None:
    assert not looks_like_cpr(text)
