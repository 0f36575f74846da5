"""Mails greet a person by their first name only."""

import pytest

from placement.mail.compose import first_name


@pytest.mark.parametrize(
    ("name", "first"),
    [("Nina Mikkelsen", "Nina"), ("Demo: Karin Holm", "Karin"), ("  Bo  ", "Bo"), ("", ""), ("Demo:", "")],
)
def test_the_greeting_takes_the_first_name_and_skips_a_label(name: str, first: str) -> None:
    assert first_name(name) == first
