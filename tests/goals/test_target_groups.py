"""The target groups as data: the packaged list, a deployment's own file replacing it, and files that cannot be used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from goals.target_groups import TargetGroupsError, build_target_groups, default_target_groups, load_target_groups


def _file(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "groups.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_default_list_names_the_target_groups_of_the_documents_in_danish_and_english() -> None:
    groups = default_target_groups()
    # 000, 003, 004 name these: aktivitetsparate, uddannelsesparate, ressourceforløb, sygedagpenge, fleksjob.
    assert {"aktivitetsparat", "jobparat", "uddannelsesparat", "ressourceforløb", "sygedagpenge"} <= set(groups.keys())
    assert groups.name("aktivitetsparat", "da") == "Aktivitetsparate kontanthjælpsmodtagere"
    assert groups.name("aktivitetsparat", "en") == "Social assistance recipients, ready for activities"
    assert groups.name("ung", "da") is None and "ung" not in groups


def test_a_deployments_file_replaces_the_default_list_whole(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        {"groups": [{"key": "unge-under-30", "name_da": "Unge under 30", "name_en": "Young people under 30"}]},
    )
    groups = build_target_groups(path)
    assert groups.keys() == ("unge-under-30",)
    assert groups.choices("en") == [("unge-under-30", "Young people under 30")]
    assert build_target_groups(None) == default_target_groups()


def test_a_duplicate_key_is_refused_naming_the_key_and_the_file(tmp_path: Path) -> None:
    group = {"key": "jobparat", "name_da": "Jobparate", "name_en": "Job-ready"}
    path = _file(tmp_path, {"groups": [group, dict(group)]})
    with pytest.raises(TargetGroupsError) as raised:
        load_target_groups(path)
    message = str(raised.value)
    assert 'group "jobparat" (index 1): duplicate key' in message and str(path) in message and "\n" not in message


@pytest.mark.parametrize("missing", ["name_da", "name_en"])
@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_group_without_a_name_is_refused_naming_the_field(tmp_path: Path, missing: str, value: str | None) -> None:
    group = {"key": "jobparat", "name_da": "Jobparate", "name_en": "Job-ready"}
    if value is None:
        del group[missing]
    else:
        group[missing] = value
    with pytest.raises(TargetGroupsError, match=rf'group "jobparat" \(index 0\): "{missing}" must be a name'):
        load_target_groups(_file(tmp_path, {"groups": [group]}))


@pytest.mark.parametrize(
    ("document", "says"),
    [
        ({"groups": []}, 'a non-empty "groups" list'),
        ([], 'a non-empty "groups" list'),
        ({"groups": [{"key": "Jobparat", "name_da": "J", "name_en": "J"}]}, '"key" must be lower-case letters'),
        ({"groups": [{"key": "", "name_da": "J", "name_en": "J"}]}, '"key" must be lower-case letters'),
        ({"groups": ["jobparat"]}, "group at index 0: expected an object"),
        ({"groups": [{"key": "jobparat", "name_da": "J", "name_en": "J", "navn": "x"}]}, "unknown field 'navn'"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_saying_why(tmp_path: Path, document: object, says: str) -> None:
    with pytest.raises(TargetGroupsError, match=says.replace("(", r"\(")):
        load_target_groups(_file(tmp_path, document))


def test_a_file_that_is_not_json_or_not_there_is_refused_saying_where(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"groups": [,]}', encoding="utf-8")
    with pytest.raises(TargetGroupsError, match=r"invalid JSON at line 1, column \d+"):
        load_target_groups(broken)
    with pytest.raises(TargetGroupsError, match="file not found"):
        load_target_groups(tmp_path / "missing.json")
