"""The example sub-goal library: every citizen factor has concrete examples, and a broken file says what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from goals.factors import CITIZEN_FACTOR_CODES
from goals.library import LibraryError, default_library, focus_order, load_library, parse_library


def test_the_library_loads_and_every_factor_a_to_e_has_four_to_six_examples() -> None:
    library = default_library()
    for code in CITIZEN_FACTOR_CODES:
        assert 4 <= len(library.for_factor(code)) <= 6, code
    assert library.for_factor("F") == ()


def test_every_example_has_a_title_a_target_a_horizon_and_two_to_four_small_steps() -> None:
    for example in default_library().examples:
        assert example.title and example.target and example.horizon in ("short", "long")
        assert 2 <= len(example.steps) <= 4, example.id
        assert len(set(example.steps)) == len(example.steps), example.id


def test_examples_are_found_by_id() -> None:
    library = default_library()
    first = library.for_factor("D")[0]
    assert library.get(first.id) == first
    assert library.get("nothing") is None


def _document(**factor_overrides: object) -> dict:  # type: ignore[type-arg]
    example = {"id": "X", "title": "Titel", "target": "Mål", "horizon": "short", "steps": ["Et", "To"]}
    factors: dict[str, object] = {code: [{**example, "id": f"{code}1"}] for code in CITIZEN_FACTOR_CODES}
    factors.update(factor_overrides)
    return {"factors": factors}


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"F": [{"id": "F1"}]}, "factor F is the consultant's own rating"),
        ({"G": []}, "unknown factor 'G'"),
        ({"C": []}, "factor C needs a non-empty list"),
        (
            {"B": [{"id": "B1", "title": "T", "target": "M", "horizon": "medium", "steps": ["a", "b"]}]},
            "factors.B[0].horizon",
        ),
        ({"B": [{"id": "B1", "title": "T", "target": "M", "horizon": "long", "steps": ["a"]}]}, "factors.B[0].steps"),
        (
            {"B": [{"id": "B1", "title": " ", "target": "M", "horizon": "long", "steps": ["a", "b"]}]},
            "factors.B[0].title: must be a non-empty string",
        ),
        (
            {"E": [{"id": "A1", "title": "T", "target": "M", "horizon": "long", "steps": ["a", "b"]}]},
            "duplicate id 'A1'",
        ),
    ],
)
def test_a_broken_library_names_the_example_and_the_problem(change: dict, problem: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(LibraryError) as raised:
        parse_library(json.dumps(_document(**change)))
    assert problem in str(raised.value)


def test_a_missing_or_malformed_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="file not found"):
        load_library(tmp_path / "none.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(LibraryError, match="invalid JSON at line 1"):
        load_library(broken)


def test_the_lowest_self_scores_are_proposed_first_and_unscored_factors_last() -> None:
    assert focus_order({"A": 3.5, "B": 1.5, "C": 4.0, "D": 1.5}) == ("B", "D", "A", "C", "E")
    assert focus_order({}) == ("A", "B", "C", "D", "E")
