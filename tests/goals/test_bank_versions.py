"""What a question key stands for stays put: the fingerprint, a deployment file that rewords a default item, the
bank's version, and the conversation guide that may change freely."""

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from goals.bank_versions import ServedItem, changed_item_message, changes, fingerprint, served
from goals.questions import AnswerOption, QuestionBankError, build_bank, default_bank, load_bank
from goals.readability import lix

GUIDE = {str(v): f"Trin {v}: sådan ser det ud i hverdagen. Hvad fylder mest?" for v in (5, 4, 3, 2, 1)}
ITEM = {
    "key": "A9",
    "factor": "A",
    "text": "Hvordan går det?",
    "source": "Egen formulering",
    "options": [{"value": value, "text": f"Svar {value}"} for value in (5, 4, 3, 2, 1)],
}


def write(tmp_path: Path, items: list[dict[str, object]], **document: object) -> Path:
    path = tmp_path / "deployment.json"
    path.write_text(json.dumps({**document, "items": items}, ensure_ascii=False), encoding="utf-8")
    return path


def default_item_as_json(key: str) -> dict[str, object]:
    item = default_bank().item(key)
    return {
        "key": item.key,
        "factor": item.factor,
        "text": item.text,
        "source": item.source,
        "options": [{"value": o.value, "text": o.text} for o in item.options],
    }


def test_the_fingerprint_changes_with_the_wording_an_option_or_the_factor_only():
    item = default_bank().item("A1")
    base = fingerprint(item)
    assert re.fullmatch(r"[0-9a-f]{64}", base)
    reworded = replace(item, text=item.text + " ")
    other_option = replace(item, options=(AnswerOption(5, "Helt sikkert"), *item.options[1:]))
    moved = replace(item, factor="B")
    assert len({base, fingerprint(reworded), fingerprint(other_option), fingerprint(moved)}) == 4
    guided = replace(item, source="Et andet sted", options=tuple(replace(o, guide="Ny hjælp") for o in item.options))
    assert fingerprint(guided) == base


def test_changes_names_what_differs_and_nothing_when_the_meaning_is_the_same():
    before = ServedItem("A1", "A", "Spørgsmål?", ((5, "a"), (4, "b"), (3, "c"), (2, "d"), (1, "e")))
    assert changes(before, before) == []
    after = ServedItem("A1", "B", "Nyt spørgsmål?", ((5, "a"), (4, "B"), (3, "c"), (2, "D"), (1, "e")))
    assert changes(before, after) == [
        "its factor, A then and B now",
        "the question's wording",
        "the text of answers 4, 2",
    ]


def test_the_refusal_is_one_line_naming_the_file_the_key_and_what_changed_and_asks_for_a_new_key():
    message = changed_item_message("/etc/bank.json", "A1", ["the question's wording"], "the default bank's item")
    assert message == (
        'question bank /etc/bank.json: item "A1" differs from the default bank\'s item under that key '
        '(the question\'s wording); answers stored under "A1" would change meaning: give the changed item a new key'
    )
    assert "\n" not in message


def test_a_deployment_file_that_rewords_a_default_item_is_refused_at_load_time(tmp_path):
    changed = default_item_as_json("A1") | {"text": "Tror du, at du kan klare et job?"}
    path = write(tmp_path, [changed])
    with pytest.raises(QuestionBankError) as raised:
        build_bank(path)
    assert str(raised.value) == changed_item_message(
        str(path), "A1", ["the question's wording"], "the default bank's item"
    )


def test_a_deployment_file_that_changes_one_option_of_a_default_item_is_refused_naming_the_answer(tmp_path):
    changed = default_item_as_json("B3")
    changed["options"] = [{"value": 5, "text": "Rigtig god"}, *changed["options"][1:]]  # type: ignore[misc]
    path = write(tmp_path, [changed])
    with pytest.raises(QuestionBankError, match=r'item "B3" .*\(the text of answer 5\).*give the changed item a new'):
        build_bank(path)


def test_the_default_bank_has_a_version_and_a_deployment_adds_its_own_or_a_digest(tmp_path):
    assert default_bank().version == "standard-1"
    assert build_bank().version == "standard-1"
    assert build_bank(write(tmp_path, [ITEM], version="aarhus-2")).version == "standard-1+aarhus-2"
    digest = build_bank(write(tmp_path, [ITEM])).version
    assert re.fullmatch(r"standard-1\+local-[0-9a-f]{12}", digest)
    other = build_bank(write(tmp_path, [ITEM | {"text": "Hvordan har du det?"}])).version
    assert other != digest


@pytest.mark.parametrize("version", ["", "har mellemrum", "x" * 25, 2])
def test_a_bad_version_is_refused_naming_it(tmp_path, version):
    path = write(tmp_path, [ITEM], version=version)
    with pytest.raises(QuestionBankError, match=re.escape(f'question bank {path}: "version" must be up to 24')):
        load_bank(path)


def test_every_default_item_has_a_danish_and_english_guide_for_each_step():
    for item in default_bank().items:
        assert [o.value for o in item.options] == [5, 4, 3, 2, 1]
        for option in item.options:
            assert option.guide.strip() and option.guide_en.strip(), (item.key, option.value)
            assert option.guide.endswith("?") and option.guide_en.endswith("?"), "each step asks something"


def test_the_default_guide_is_plain_danish():
    # LIX under 25 is "very easy" (children's books); the leaflet's own question texts are harder.
    text = " ".join(o.guide for item in default_bank().items for o in item.options)
    assert lix(text).index < 25


def test_a_deployment_item_without_a_guide_loads(tmp_path):
    bank = load_bank(write(tmp_path, [ITEM]))
    assert not bank.item("A9").has_guide
    assert all(o.guide == "" for o in bank.item("A9").options)


def test_a_guide_with_one_text_per_step_is_read_into_the_options(tmp_path):
    bank = load_bank(write(tmp_path, [ITEM | {"guide": GUIDE, "guide_en": {v: f"Step {v}?" for v in GUIDE}}]))
    options = bank.item("A9").options
    assert [o.guide for o in options] == [GUIDE[str(v)] for v in (5, 4, 3, 2, 1)]
    assert options[4].guide_en == "Step 1?"


@pytest.mark.parametrize(
    ("guide", "detail"),
    [
        (
            {k: v for k, v in GUIDE.items() if k != "3"},
            '"guide" must have one text for each answer 5, 4, 3, 2, 1: missing 3',
        ),
        (GUIDE | {"6": "For meget"}, '"guide" must have one text for each answer 5, 4, 3, 2, 1: unknown 6'),
        (GUIDE | {"2": "  "}, '"guide" for answer 2 must be a non-empty string'),
        (GUIDE | {"1": "x" * 301}, '"guide" for answer 1 is 301 characters; keep it to 300'),
        (["Trin 5", "Trin 4"], '"guide" must be an object with one text for each answer 5, 4, 3, 2, 1'),
    ],
)
def test_a_broken_guide_is_refused_naming_the_item_and_the_problem(tmp_path, guide, detail):
    path = write(tmp_path, [ITEM | {"guide": guide}])
    with pytest.raises(QuestionBankError, match=re.escape(f'question bank {path}: item "A9" (index 0): {detail}')):
        load_bank(path)


def test_an_english_guide_without_the_danish_one_is_refused(tmp_path):
    path = write(tmp_path, [ITEM | {"guide_en": GUIDE}])
    with pytest.raises(QuestionBankError, match=re.escape('"guide_en" needs the Danish "guide" beside it')):
        load_bank(path)


def test_a_key_longer_than_the_answers_can_store_is_refused(tmp_path):
    path = write(tmp_path, [ITEM | {"key": "K" * 33}])
    with pytest.raises(QuestionBankError, match=re.escape('"key" must be at most 32 characters')):
        load_bank(path)


def test_served_keeps_the_options_as_value_and_text_pairs():
    item = default_bank().item("A3")
    assert served(item).options[0] == (5, "Gode/ok")


def test_a_deployment_item_under_a_default_key_without_a_guide_keeps_the_default_guide(tmp_path):
    own = default_item_as_json("C1") | {"source": "Vores egen kilde"}
    bank = build_bank(write(tmp_path, [own]))
    assert bank.item("C1").source == "Vores egen kilde"
    assert bank.item("C1").options == default_bank().item("C1").options
