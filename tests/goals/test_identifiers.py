"""CVR check digits and CPR detection."""

from __future__ import annotations

import pytest

from goals.identifiers import cvr_problem, looks_like_cpr


@pytest.mark.parametrize("cvr", ["10150817", "25313763", "35954716"])
def test_real_cvr_numbers_pass(cvr: str) -> None:
    assert cvr_problem(cvr) is None


@pytest.mark.parametrize(
    "cvr, problem",
    [
        ("10150818", "check digit"),
        ("1015081", "eight digits"),
        ("01508170", "eight digits"),
        ("1015O817", "eight digits"),
    ],
)
def test_wrong_cvr_numbers_say_what_is_wrong(cvr: str, problem: str) -> None:
    assert problem in (cvr_problem(cvr) or "")


@pytest.mark.parametrize("text", ["010190-1234", "0101901234", "CPR 311299 1234", "sag 150575-4321"])
def test_cpr_shapes_are_recognised(text: str) -> None:
    assert looks_like_cpr(text)


@pytest.mark.parametrize("text", ["SAG-2026-0042", "Anna Hansen", "12345", "aktivitetsparat", "320190-1234"])
def test_ordinary_references_are_not_taken_for_cpr(text: str) -> None:
    assert not looks_like_cpr(text)


@pytest.mark.parametrize(
    "text",
    [
        "290200-4123",  # 29 February 2000: the serial's 4 puts year 00 in 2000, a leap year
        "2902004234x",  # ten digits then a letter still stand alone
        "note: 2902964321 ok",  # 1996 is a leap year
        "010190 1234",
    ],
)
def test_cpr_with_a_real_date_is_recognised_with_or_without_dash(text: str) -> None:
    assert looks_like_cpr(text)


@pytest.mark.parametrize(
    "text",
    [
        "290200-1234",  # the serial's 1 puts year 00 in 1900, which was no leap year
        "290297-1234",  # 1997 is no leap year
        "310490-1234",  # April has 30 days
        "000190-1234",
        "011390-1234",
        "12345678",
        "+45 12 34 56 78",
        "01-01-1990",
        "2026-W48",
        "01019012345",
        "1010190-1234",
    ],
)
def test_numbers_that_are_no_cpr_pass(text: str) -> None:
    assert not looks_like_cpr(text)


@pytest.mark.parametrize(
    "text",
    [
        "3f2a9c1e-1b2c-4d5e-8f90-a0101901234b",
        "ab010190-1234-4d5e-8f90-0123456789ab",
        "0101901234abcdef",
    ],
)
def test_ids_holding_a_cpr_shaped_run_of_digits_are_not_taken_for_cpr(text: str) -> None:
    assert not looks_like_cpr(text)


def test_random_uuids_are_never_taken_for_cpr() -> None:
    import uuid

    assert not [u for u in (str(uuid.uuid4()) for _ in range(20_000)) if looks_like_cpr(u)]


@pytest.mark.parametrize("text", ["CPR:0101901234", "født 010190-1234.", "(0101901234)", "nr.010190 1234"])
def test_cpr_beside_punctuation_is_still_recognised(text: str) -> None:
    assert looks_like_cpr(text)
