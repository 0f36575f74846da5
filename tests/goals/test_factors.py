"""The six progression factors and their lookup."""

import pytest

from goals.factors import (
    CASEWORKER_FACTOR_CODE,
    CITIZEN_FACTOR_CODES,
    FACTORS,
    HEALTH_FACTOR_CODE,
    UnknownFactorError,
    get_factor,
)


def test_factors_are_a_to_f_in_order():
    assert [factor.code for factor in FACTORS] == ["A", "B", "C", "D", "E", "F"]


def test_danish_names_match_the_source_document():
    assert {factor.code: factor.name_da for factor in FACTORS} == {
        "A": "Tro på egne evner",
        "B": "Helbredsmestring",
        "C": "Arbejdsmarkedsidentitet (mening og retning)",
        "D": "Samarbejde på arbejdspladsen eller uddannelsen",
        "E": "Netværk",
        "F": "Sagsbehandlerens vurdering af borgerens job-/uddannelsesparathed",
    }


def test_a_to_e_are_the_citizens_view_and_f_the_caseworkers():
    assert CITIZEN_FACTOR_CODES == ("A", "B", "C", "D", "E")
    assert CASEWORKER_FACTOR_CODE == "F"
    assert {factor.code for factor in FACTORS if factor.view == "citizen"} == set(CITIZEN_FACTOR_CODES)
    assert get_factor(CASEWORKER_FACTOR_CODE).view == "caseworker"


def test_health_factor_is_b():
    assert HEALTH_FACTOR_CODE == "B"
    assert get_factor(HEALTH_FACTOR_CODE).name_da == "Helbredsmestring"


def test_every_factor_has_names_and_descriptions_in_both_languages():
    for factor in FACTORS:
        for text in (factor.name_da, factor.name_en, factor.description_da, factor.description_en):
            assert text.strip(), factor.code


def test_get_factor_returns_the_factor_with_that_code():
    assert get_factor("C").name_en == "Labour-market identity (meaning and direction)"


@pytest.mark.parametrize("code", ["G", "a", "", "AB"])
def test_get_factor_rejects_an_unknown_code_and_names_it(code):
    with pytest.raises(UnknownFactorError, match=repr(code)) as caught:
        get_factor(code)
    assert isinstance(caught.value, ValueError)
    assert caught.value.code == code
