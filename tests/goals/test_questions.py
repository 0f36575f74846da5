"""The default question bank, loading and validating a bank, and a deployment's own items."""

import copy
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from goals.questions import (
    AnswerOption,
    QuestionBankError,
    QuestionItem,
    UnknownQuestionError,
    build_bank,
    default_bank,
    load_bank,
)

SOURCE_DOCUMENT = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "003_c2e76da309b090f5.txt"
FORM_INSTRUCTION = " (sæt x)"
CHECKBOX = '<input type="checkbox"/>\t'
SOURCE_PREFIX = "Kilde: "

VALID_ITEM = {
    "key": "A9",
    "factor": "A",
    "text": "Hvordan går det?",
    "source": "Egen formulering",
    "options": [{"value": value, "text": f"Svar {value}"} for value in (5, 4, 3, 2, 1)],
}


def parse_source_document(text: str) -> list[tuple[str, tuple[str, ...], str]]:
    """Return (question, options best first, source) for every item in the leaflet."""
    lines = [line for line in text.splitlines() if line.strip()]
    items = []
    for index, line in enumerate(lines):
        if not line.endswith(FORM_INSTRUCTION):
            continue
        options = tuple(option.removeprefix(CHECKBOX) for option in lines[index + 1 : index + 6])
        assert all(option_line.startswith(CHECKBOX) for option_line in lines[index + 1 : index + 6]), line
        source_line = lines[index + 6]
        source = source_line.removeprefix(SOURCE_PREFIX)
        items.append((line.removesuffix(FORM_INSTRUCTION), options, source))
    return items


def write_bank(tmp_path: Path, items: object, name: str = "bank.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"items": items}, ensure_ascii=False), encoding="utf-8")
    return path


def bank_error(path: Path, detail: str):
    """Expect a QuestionBankError whose message is the file, then this detail."""
    return pytest.raises(QuestionBankError, match=re.escape(f"question bank {path}: {detail}"))


def test_every_item_of_the_source_document_is_in_the_default_bank_verbatim():
    if not SOURCE_DOCUMENT.is_file():
        pytest.skip(f"source document not found at {SOURCE_DOCUMENT}")
    parsed = parse_source_document(SOURCE_DOCUMENT.read_text(encoding="utf-8"))
    bank = default_bank()
    assert len(parsed) == len(bank.items)
    for (text, options, source), item in zip(parsed, bank.items, strict=True):
        assert item.text == text
        assert tuple(option.text for option in item.options) == options
        assert item.source == source


def test_the_last_network_item_keeps_its_origin_line_as_source():
    assert default_bank().item("E2").source == (
        "Formuleret med inspiration fra den kvalitative analyse i empowermentevalueringen."
    )


def test_default_bank_has_sixteen_items_spread_over_a_to_e():
    bank = default_bank()
    assert len(bank.items) == 16
    assert Counter(item.factor for item in bank.items) == {"A": 4, "B": 4, "C": 4, "D": 2, "E": 2}
    assert [item.key for item in bank.items] == [
        "A1",
        "A2",
        "A3",
        "A4",
        "B1",
        "B2",
        "B3",
        "B4",
        "C1",
        "C2",
        "C3",
        "C4",
        "D1",
        "D2",
        "E1",
        "E2",
    ]


def test_default_bank_texts_carry_no_paper_form_instruction():
    for item in default_bank().items:
        assert "sæt x" not in item.text


def test_default_bank_options_run_from_five_for_the_first_listed_down_to_one():
    item = default_bank().item("A3")
    assert (item.options[0].value, item.options[0].text) == (5, "Gode/ok")
    assert isinstance(item.options[0], AnswerOption)
    assert [option.value for option in item.options] == [5, 4, 3, 2, 1]


def test_default_bank_is_loaded_once():
    assert default_bank() is default_bank()


def test_item_returns_the_item_with_that_key():
    item = default_bank().item("B3")
    assert isinstance(item, QuestionItem)
    assert item.factor == "B"
    assert item.text == "Hvorledes vil du vurdere din nuværende helbredstilstand i almindelighed?"


def test_item_rejects_an_unknown_key_with_a_key_error_naming_it():
    with pytest.raises(UnknownQuestionError, match="'A9'") as caught:
        default_bank().item("A9")
    assert isinstance(caught.value, KeyError)


def test_for_factor_returns_that_factors_items_in_bank_order():
    assert [item.key for item in default_bank().for_factor("D")] == ["D1", "D2"]


def test_for_factor_of_the_caseworker_factor_is_empty():
    assert default_bank().for_factor("F") == ()


def test_keys_are_every_item_key():
    assert default_bank().keys() == frozenset(item.key for item in default_bank().items)


def test_load_bank_reads_a_valid_file(tmp_path):
    bank = load_bank(write_bank(tmp_path, [VALID_ITEM]))
    assert bank.item("A9").options[-1] == AnswerOption(value=1, text="Svar 1")


def test_load_bank_rejects_a_missing_file_naming_it(tmp_path):
    path = tmp_path / "absent.json"
    with bank_error(path, "file not found"):
        load_bank(path)


def test_load_bank_rejects_invalid_json_naming_the_file_and_position(tmp_path):
    path = tmp_path / "bank.json"
    path.write_text('{"items": [\n  {"key": "A9",}\n]}', encoding="utf-8")
    with bank_error(path, "invalid JSON at line 2"):
        load_bank(path)


def test_load_bank_rejects_a_file_without_an_items_list(tmp_path):
    path = tmp_path / "bank.json"
    path.write_text('{"questions": []}', encoding="utf-8")
    with bank_error(path, 'expected an object with an "items" list'):
        load_bank(path)


def test_load_bank_rejects_a_duplicate_key_naming_it(tmp_path):
    path = write_bank(tmp_path, [VALID_ITEM, VALID_ITEM])
    with bank_error(path, 'item "A9" (index 1): duplicate key'):
        load_bank(path)


def test_load_bank_rejects_an_unknown_factor_naming_the_item(tmp_path):
    path = write_bank(tmp_path, [{**VALID_ITEM, "factor": "G"}])
    with bank_error(path, """item "A9" (index 0): factor must be one of A, B, C, D, E, found 'G'"""):
        load_bank(path)


def test_load_bank_rejects_questions_for_the_caseworker_factor(tmp_path):
    path = write_bank(tmp_path, [{**VALID_ITEM, "factor": "F"}])
    with bank_error(path, 'item "A9" (index 0): factor F is the caseworker'):
        load_bank(path)


def test_load_bank_rejects_four_options_naming_the_item_and_index(tmp_path):
    item = {**VALID_ITEM, "options": VALID_ITEM["options"][:4]}
    path = write_bank(tmp_path, [dict(VALID_ITEM, key="A8"), item])
    with bank_error(path, 'item "A9" (index 1): expected 5 options, found 4'):
        load_bank(path)


def test_load_bank_rejects_option_values_not_best_first(tmp_path):
    item = {**VALID_ITEM, "options": list(reversed(VALID_ITEM["options"]))}
    path = write_bank(tmp_path, [item])
    with bank_error(path, 'item "A9" (index 0): option values must be 5, 4, 3, 2, 1 (best first), found 1, 2, 3, 4, 5'):
        load_bank(path)


@pytest.mark.parametrize("value", [6, 0, "5", True])
def test_load_bank_rejects_option_values_outside_one_to_five(tmp_path, value):
    item = copy.deepcopy(VALID_ITEM)
    item["options"][0]["value"] = value
    path = write_bank(tmp_path, [item])
    with bank_error(path, 'item "A9" (index 0): option'):
        load_bank(path)


@pytest.mark.parametrize("field", ["text", "source"])
@pytest.mark.parametrize("blank", ["", "   ", None])
def test_load_bank_rejects_empty_text_or_source_naming_the_item(tmp_path, field, blank):
    path = write_bank(tmp_path, [{**VALID_ITEM, field: blank}])
    with bank_error(path, f'item "A9" (index 0): "{field}" must be a non-empty string'):
        load_bank(path)


def test_load_bank_rejects_an_empty_option_text_naming_the_option(tmp_path):
    item = copy.deepcopy(VALID_ITEM)
    item["options"][2]["text"] = ""
    path = write_bank(tmp_path, [item])
    with bank_error(path, 'item "A9" (index 0): option 3: "text" must be a non-empty string'):
        load_bank(path)


def test_load_bank_rejects_an_item_without_a_key_naming_its_index(tmp_path):
    item = {key: value for key, value in VALID_ITEM.items() if key != "key"}
    path = write_bank(tmp_path, [VALID_ITEM, item])
    with bank_error(path, 'item at index 1: "key" must be a non-empty string'):
        load_bank(path)


def test_build_bank_without_an_extra_file_is_the_default_bank():
    assert build_bank() == default_bank()


def test_build_bank_adds_a_new_key_and_lets_a_known_key_change_only_its_source_and_guide(tmp_path):
    b3 = default_bank().item("B3")
    same_meaning = {
        "key": "B3",
        "factor": "B",
        "text": b3.text,
        "source": "Vores egen kilde",
        "options": [{"value": o.value, "text": o.text} for o in b3.options],
        "guide": {str(v): f"Trin {v} hos os." for v in (5, 4, 3, 2, 1)},
    }
    extra = write_bank(tmp_path, [same_meaning, VALID_ITEM])
    bank = build_bank(extra)
    keys = [item.key for item in bank.items]
    assert keys == [item.key for item in default_bank().items] + ["A9"]
    assert bank.item("B3").source == "Vores egen kilde"
    assert bank.item("B3").options[0].guide == "Trin 5 hos os."
    assert bank.item("A9").source == "Egen formulering"
    assert bank.item("B2") == default_bank().item("B2")


def test_build_bank_rejects_a_broken_extra_file_naming_it(tmp_path):
    path = write_bank(tmp_path, [{**VALID_ITEM, "factor": "F"}], name="deployment.json")
    with bank_error(path, 'item "A9" (index 0): factor F'):
        build_bank(path)
