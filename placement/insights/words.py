"""Management information in words: the catalogue's names of checkpoints, groups, filters and bands, and numbers as
the reader writes them (80 % and 7,5 in Danish; 80% and 7.5 in English)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from goals.target_groups import TargetGroups
from goals.wording import percent, percent_en
from placement.insights.schemas import GroupFigures
from placement.web.filters import factor_name, hours_text, score_text
from placement.web.groups import group_name

Gettext = Callable[..., str]


def _(message: str) -> str:
    """Marks a Danish text for the catalogue where it is defined; `Words._` translates it where it is used."""
    return message


CHECKPOINT_NAMES = {"end": _("Ved slut"), "3m": _("Efter 3 måneder"), "6m": _("Efter 6 måneder")}
GROUP_BY_NAMES = {
    "factor": _("Faktor"),
    "company": _("Virksomhed"),
    "target_group": _("Målgruppe"),
    "purpose": _("Formål"),
    "length": _("Forløbets længde"),
}
FILTER_NAMES = {
    "target_group": _("Målgruppe"),
    "company_id": _("Virksomhed"),
    "company": _("Virksomhed"),
    "purpose": _("Formål"),
}
BAND_NAMES = {
    "low": _("Mindst fremgang (nederste tredjedel)"),
    "middle": _("Midterste tredjedel"),
    "high": _("Mest fremgang (øverste tredjedel)"),
    "reached": _("Nåede ordinære timer"),
    "not_reached": _("Nåede ikke ordinære timer"),
}


@dataclass(frozen=True, slots=True)
class Words:
    """Numbers in the reader's language, and the texts of the catalogue."""

    lang: str
    translate: Gettext

    def _(self, message: str, **values: object) -> str:
        translated = self.translate(message)
        return translated % values if values else translated

    def share(self, value: float | None) -> str:
        if value is None:
            return "–"
        return percent(value) if self.lang == "da" else percent_en(value)

    def hours(self, value: float | None) -> str:
        return "–" if value is None else hours_text(round(value, 1), self.lang)

    def change(self, value: float | None) -> str:
        if value is None:
            return "–"
        sign = "+" if value > 0 else ("−" if value < 0 else "±")
        return sign + score_text(abs(round(value, 2)), self.lang)

    def count(self, value: int | None) -> str:
        return "–" if value is None else str(value)

    def part(self, part: int | None, whole: int | None) -> str:
        if part is None or whole is None:
            return "–"
        return self._("%(part)s af %(whole)s", part=part, whole=whole)


LENGTH_NAMES = {
    "1-4": _("1–4 uger"),
    "5-8": _("5–8 uger"),
    "9-13": _("9–13 uger"),
    "14-26": _("14–26 uger"),
    "27+": _("over 26 uger"),
}


def group_label(words: Words, group_by: str, group: GroupFigures, groups: TargetGroups | None = None) -> str:
    """A group's name in the reader's language where the service names it in Danish (a factor, a length band, a
    target group of `groups`)."""
    if group_by == "target_group" and groups is not None:
        return group_name(groups, group.key, words.lang, words.translate)
    if group_by == "factor" and len(group.key) == 1:
        return f"{group.key}: {factor_name(group.key, words.lang)}"
    if group_by == "length" and group.key in LENGTH_NAMES:
        return words._(LENGTH_NAMES[group.key])
    return group.label
