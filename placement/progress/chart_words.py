"""What a chart shows, said in words: the charts' alternative text, read by screen readers on the page and in the PDF.

The Danish texts are the catalogue's msgids (marked by the gettext calls below); `gettext` is the reader's language's,
numbers are written as that language writes them (4,5 in Danish, 4.5 in English).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from placement.web.filters import hours_text, week_number

Gettext = Callable[[str], str]


def week_label(week: str) -> str:
    """An ISO week ("2026-W48") as its number ("48"); any other label as it is."""
    try:
        return str(week_number(week))
    except (ValueError, IndexError):
        return week


def _number(value: float, lang: str) -> str:
    return hours_text(round(value, 2), lang)


def _when(x_label: str, gettext: Gettext) -> str:
    """Where on the x axis: a week's number ("i uge 48") or a day ("den 7. sep.")."""
    if x_label.isdigit():
        return gettext("i uge %(week)s") % {"week": x_label}
    return gettext("den %(day)s") % {"day": x_label}


def describe_lines(
    series: Mapping[str, Sequence[float | None]], x_labels: Sequence[str], *, gettext: Gettext, lang: str
) -> str:
    """Each line from its first value to its last: "Mentor: fra 2 i uge 37 til 5 i uge 48." """
    if not series:
        return gettext("Intet at vise endnu.")
    sentences = []
    for name, values in series.items():
        known = [(x_labels[i], v) for i, v in enumerate(values[: len(x_labels)]) if v is not None]
        if not known:
            sentences.append(gettext("%(name)s: intet endnu.") % {"name": name})
        elif len(known) == 1:
            ((where, value),) = known
            sentences.append(
                gettext("%(name)s: %(value)s %(when)s.")
                % {"name": name, "value": _number(value, lang), "when": _when(where, gettext)}
            )
        else:
            (first_at, first), (last_at, last) = known[0], known[-1]
            sentences.append(
                gettext("%(name)s: fra %(first)s %(first_when)s til %(last)s %(last_when)s.")
                % {
                    "name": name,
                    "first": _number(first, lang),
                    "first_when": _when(first_at, gettext),
                    "last": _number(last, lang),
                    "last_when": _when(last_at, gettext),
                }
            )
    # A day's label ends in a point of its own ("5. okt."), which ends the sentence too.
    return " ".join(sentence.replace("..", ".") for sentence in sentences)


def describe_hours(
    weeks: Sequence[str],
    planned: Sequence[float | None],
    attended: Sequence[float | None],
    ordinary: Sequence[float | None],
    target: Sequence[float | None],
    *,
    gettext: Gettext,
    lang: str,
) -> str:
    """The ordinary hours from the first week to the last, the target they aim at, and the hours attended of those
    planned: "Ordinære timer steg fra 0 i uge 37 til 6 i uge 48; målet er 8 timer." """
    numbers = [week_label(week) for week in weeks]
    known = [(numbers[i], v) for i, v in enumerate(ordinary[: len(numbers)]) if v is not None]
    if not known:
        trend = gettext("Ingen ordinære timer endnu")
    elif len(known) == 1:
        trend = gettext("Ordinære timer: %(hours)s i uge %(week)s") % {
            "hours": _number(known[0][1], lang),
            "week": known[0][0],
        }
    else:
        (first_week, first), (last_week, last) = known[0], known[-1]
        values = {
            "first": _number(first, lang),
            "first_week": first_week,
            "last": _number(last, lang),
            "last_week": last_week,
        }
        if last > first:
            trend = gettext("Ordinære timer steg fra %(first)s i uge %(first_week)s til %(last)s i uge %(last_week)s")
        elif last < first:
            trend = gettext("Ordinære timer faldt fra %(first)s i uge %(first_week)s til %(last)s i uge %(last_week)s")
        else:
            trend = gettext("Ordinære timer var %(last)s både i uge %(first_week)s og i uge %(last_week)s")
        trend %= values
    goals = [value for value in target if value is not None]
    if goals:
        sentence = gettext("%(trend)s; målet er %(target)s timer.") % {
            "trend": trend,
            "target": _number(goals[-1], lang),
        }
    else:
        sentence = f"{trend}."
    both = [(a, p) for a, p in zip(attended, planned, strict=False) if a is not None and p is not None]
    if both and sum(p for _, p in both) > 0:
        sentence += " " + gettext("Mødt %(attended)s af %(planned)s planlagte timer i alt.") % {
            "attended": _number(sum(a for a, _ in both), lang),
            "planned": _number(sum(p for _, p in both), lang),
        }
    return sentence
