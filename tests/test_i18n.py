"""Every Danish string that templates and code mark for translation has English in the catalogue."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "placement" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def _catalogue() -> Catalog:
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="en")


def _extracted() -> dict[str, list[str]]:
    """Source msgid (the singular for plurals) -> where it occurs, by the same babel.cfg that scripts/i18n uses."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(ROOT, method_map, options_map):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


def _translated(catalogue: Catalog, msgid: str) -> bool:
    entry = catalogue.get(msgid)
    if entry is None or entry.fuzzy:
        return False
    forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
    return all(form.strip() for form in forms)


def test_every_string_marked_for_translation_has_an_english_translation() -> None:
    catalogue = _catalogue()
    untranslated = [
        f"{where[0]}: {msgid!r}" for msgid, where in sorted(_extracted().items()) if not _translated(catalogue, msgid)
    ]
    assert not untranslated, (
        "these strings have no English (run scripts/i18n, then fill in the empty or fuzzy entries of "
        f"{CATALOGUE.relative_to(ROOT)}):\n" + "\n".join(untranslated)
    )


def test_english_translations_keep_the_placeholders_of_the_danish_text() -> None:
    problems = [f"{message.id!r}: {'; '.join(map(str, errors))}" for message, errors in _catalogue().check()]
    assert not problems, "\n".join(problems)


def test_the_catalogue_holds_no_english_for_a_string_the_service_no_longer_says() -> None:
    """A stale entry hides a rewording: the English of the old text stays while the new text has none."""
    extracted = _extracted()
    stale = [
        repr(message.id if isinstance(message.id, str) else message.id[0])
        for message in _catalogue()
        if message.id and (message.id if isinstance(message.id, str) else message.id[0]) not in extracted
    ]
    assert not stale, f"remove these from {CATALOGUE.relative_to(ROOT)}:\n" + "\n".join(stale)
