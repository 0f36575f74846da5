"""A citizen's target group as people read it: its name in the configured list, or the stored value, marked."""

from __future__ import annotations

from collections.abc import Callable

from goals.target_groups import TargetGroups


def _(message: str) -> str:
    """Marks a Danish text for the catalogue; `group_name` translates it where it is used."""
    return message


# A stored value that is not a key of the list (free text of old, a group since removed): shown as it is, marked.
NOT_ON_LIST = _("%(key)s (ikke på listen)")


def group_name(groups: TargetGroups, key: str, lang: str, gettext: Callable[[str], str] | None = None) -> str:
    """The group's name in `lang`, or the value as it is, marked as not on the list (in Danish without `gettext`)."""
    name = groups.name(key, lang)
    if name is not None:
        return name
    return (gettext or (lambda message: message))(NOT_ON_LIST) % {"key": key}
