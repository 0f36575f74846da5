"""What the report's template shows, in the reader's language: the first page at a glance, the timeline of small
steps, the charts and their words. The data comes from report.report_data; nothing here reads the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from goals.factors import FACTORS
from goals.glance import SubGoalStatus, status_of
from goals.progress import CITIZEN_ROLE, Progress
from goals.timeline import LineKind, Timeline, TimelineLine
from goals.weeks import format_week
from placement.progress import charts
from placement.web.filters import (
    date_text,
    hours_text,
    keep_together,
    score_text,
    sentence,
    short_date,
    week_number,
)

Gettext = Callable[[str], str]


def _(message: str) -> str:
    """Marks a Danish text for the catalogue where it is defined; the view translates it where it uses it."""
    return message


ROLE_NAMES = {
    "company_contact": _("kontaktperson"),
    "mentor": _("mentor"),
    "consultant": _("konsulent"),
    "citizen": _("borger"),
}
ROLE_TITLES = {
    "company_contact": _("Kontaktperson"),
    "mentor": _("Mentor"),
    "consultant": _("Konsulent"),
    "citizen": _("Borger"),
}
SCALE = {1: _("ikke startet"), 2: _("lidt på vej"), 3: _("halvvejs"), 4: _("næsten nået"), 5: _("nået")}
VERDICTS = {
    "continue": _("Fortsæt forløbet"),
    "adjust": _("Justér forløbet"),
    "consider_ending": _("Overvej at afslutte"),
    "too_early": _("For tidligt at sige"),
}
VERDICTS_CITIZEN = {
    "continue": _("Det går fremad. Vi fortsætter, som vi har aftalt."),
    "adjust": _("Noget går godt. Noget skal vi se på igen sammen."),
    "consider_ending": _("Vi skal tale om, om praktikken passer til dig lige nu."),
    "too_early": _("Det er for tidligt at sige noget. Vi ser på det igen om nogle uger."),
}
# When the period is used up the decision on extending or ending comes first, and "continue" is never shown plain.
DECISION_DUE = _("Beslutning om forlængelse eller afslutning skal træffes")
DECISION_DUE_CITIZEN = _("Perioden er slut. Nu skal vi sammen beslutte, om praktikken skal forlænges eller slutte.")
VERDICTS_DUE = {**VERDICTS, "continue": _("Udviklingen taler for at forlænge")}
DECISIONS = {"continue": _("Fortsætter"), "adjust": _("Justeres"), "extend": _("Forlænges"), "end": _("Afsluttes")}
DECISIONS_CITIZEN = {
    "continue": _("Vi fortsætter."),
    "adjust": _("Vi ændrer planen."),
    "extend": _("Vi gør praktikken længere."),
    "end": _("Vi slutter praktikken."),
}
AUDIENCES = {
    "citizen": _("Borgerens udgave"),
    "company": _("Virksomhedens udgave"),
    "jobcenter": _("Jobcentrets udgave"),
}
CHECKPOINTS = {"end": _("Ved afslutningen"), "3m": _("Efter 3 måneder"), "6m": _("Efter 6 måneder")}
OUTCOMES = {
    "ordinary_job": _("Ordinært job"),
    "education": _("Uddannelse"),
    "flex_job": _("Fleksjob"),
    "other_effort": _("Ny praktik eller anden indsats"),
    "none": _("Intet endnu"),
    "unknown": _("Ukendt"),
}
# The file name says what the file is, never who: forloeb-uge48-borger.pdf, placement-week48-citizen.pdf.
FILE_WORDS = {
    "da": ("forloeb", "uge", {"citizen": "borger", "company": "virksomhed", "jobcenter": "jobcenter"}),
    "en": ("placement", "week", {"citizen": "citizen", "company": "company", "jobcenter": "jobcenter"}),
}


def verdict_label(data: dict[str, Any]) -> str:
    """The verdict's words (untranslated): never a plain "continue" once the decision is due."""
    return (VERDICTS_DUE if data.get("decision_due") else VERDICTS)[data["verdict"]]


def file_name(audience: str, report_week: str, lang: str) -> str:
    stem, week_word, audiences = FILE_WORDS.get(lang, FILE_WORDS["da"])
    return f"{stem}-{week_word}{week_number(report_week)}-{audiences[audience]}.pdf"


def report_week(data: dict[str, Any], today: dt.date) -> str:
    """The week the report reaches: this week, or the last week of a placement that has ended."""
    end = dt.date.fromisoformat(data["ended_on"] or data["planned_end"])
    return format_week(min(today, end))


class Words:
    """The report's words in one language: the catalogue's gettext and the numbers as the reader writes them."""

    def __init__(self, lang: str, gettext: Gettext, *, citizen: bool) -> None:
        self.lang, self._, self.citizen = lang, gettext, citizen

    def role(self, role: str) -> str:
        if self.citizen and role == "citizen":
            return self._("dig")
        return self._(ROLE_NAMES.get(role, role))

    def roles(self, roles: tuple[str, ...] | list[str]) -> str:
        names = [self.role(role) for role in roles]
        if len(names) < 2:
            return "".join(names)
        return ", ".join(names[:-1]) + " " + self._("og") + " " + names[-1]

    def week(self, week: str) -> str:
        return keep_together(self._("uge %(number)s") % {"number": week_number(week)})

    def scale(self, value: int | None) -> str:
        return self._(SCALE[value]) if value in SCALE else ""

    def factor(self, code: str) -> str:
        factor = next(f for f in FACTORS if f.code == code)
        if self.citizen:
            return factor.plain_en if self.lang == "en" else factor.plain_da
        return factor.name_en if self.lang == "en" else factor.name_da

    def line(self, line: TimelineLine, titles: dict[str, str]) -> str:
        """One step as one short line; who saw it follows in its own words."""
        values = {"before": hours_text(line.before or 0, self.lang), "after": hours_text(line.after or 0, self.lang)}
        if line.kind is LineKind.STEP_REACHED:
            return "✓ " + sentence(line.text)
        if line.kind is LineKind.RATING_ROSE:
            values["word"] = self.scale(int(line.after or 0))
            return self._("Frem fra %(before)s til %(after)s (%(word)s).") % values
        if line.kind is LineKind.SETBACK:
            if self.citizen:
                return self._("En sværere uge: fra %(before)s til %(after)s.") % values
            return self._("Tilbage fra %(before)s til %(after)s.") % values
        if line.kind is LineKind.ORDINARY_HOURS_ROSE:
            return self._("Flere timer med løn: fra %(before)s til %(after)s om ugen.") % values
        quoted = "“%s”" if self.lang == "en" else "»%s«"
        return quoted % line.text.strip()

    def seen(self, line: TimelineLine) -> str:
        if not line.seen_by:
            return ""
        if line.kind is LineKind.ORDINARY_HOURS_ROSE:
            return self._("Oplyst af %(who)s.") % {"who": self.roles(line.seen_by)}
        if line.kind is LineKind.OBSERVED:
            return self._("Skrevet af %(who)s.") % {"who": self.roles(line.seen_by)}
        return self._("Set af %(who)s.") % {"who": self.roles(line.seen_by)}


def glance(data: dict[str, Any], progress: Progress, words: Words) -> list[dict[str, Any]]:
    """The first page's table: each sub-goal from where it started to where it is, and who saw it last."""
    statuses: dict[str, SubGoalStatus] = {s.id: status_of(s) for s in progress.subgoals}
    rows = []
    for goal in data["subgoals"]:
        status = statuses.get(goal["id"])
        latest = status.latest if status else ()
        rows.append(
            {
                "id": goal["id"],
                "factor": goal["factor"],
                "title": goal["title"],
                "start": status.start if status else None,
                "now": status.now if status else None,
                "start_word": words.scale(status.start if status else None),
                "now_word": words.scale(status.now if status else None),
                "reached": bool(status and status.reached),
                "seen_by": ", ".join(f"{words.role(role)} {rating}" for role, rating in latest),
                "seen_week": words.week(status.latest_week) if status and status.latest_week else "",
            }
        )
    return rows


def timeline_view(timeline: Timeline, data: dict[str, Any], words: Words) -> dict[str | None, dict[str, Any]]:
    """The timeline's groups by sub-goal id (None: the placement's own lines), each week with its lines in words."""
    titles = {goal["id"]: goal["title"] for goal in data["subgoals"]}
    return {
        group.subgoal_id: {
            "weeks": [
                {
                    "week": words.week(week),
                    "lines": [
                        {"text": words.line(line, titles), "seen": words.seen(line), "kind": line.kind.value}
                        for line in lines
                    ],
                }
                for week, lines in group.weeks
            ],
        }
        for group in timeline.groups
    }


def _line_name(role: str, words: Words) -> str:
    """The legend's name of a line: the citizen's own is theirs, "Dig selv" to the citizen, "Borgeren selv" else."""
    if role == CITIZEN_ROLE:
        return words._("Dig selv") if words.citizen else words._("Borgeren selv")
    return words._(ROLE_TITLES.get(role, role))


def subgoal_charts(data: dict[str, Any], progress: Progress, words: Words) -> dict[str, Any]:
    # The observers' weeks and the weeks the citizen rated on their own.
    own_weeks = {point.week for series in progress.subgoals for point in series.own_ratings}
    weeks = sorted(set(progress.logged_weeks) | own_weeks)
    labels = [str(week_number(w)) for w in weeks]
    result = {}
    titles = {goal["id"]: goal["title"] for goal in data["subgoals"]}
    for series in progress.subgoals:
        if series.id not in titles:
            continue
        by_role: dict[str, list[float | None]] = {}
        styles: dict[str, charts.Style] = {}
        for point in [*series.ratings, *series.own_ratings]:
            name = _line_name(point.author_role, words)
            values = by_role.setdefault(name, [None] * len(weeks))
            values[weeks.index(point.week)] = point.rating
            styles[name] = charts.ROLE_STYLE.get(point.author_role, charts.ROLE_STYLE["consultant"])
        result[series.id] = charts.line_chart(
            title=words._("Vurderingen af delmålet »%(title)s« uge for uge, fra 1 til 5")
            % {"title": titles[series.id]},
            description=charts.describe_lines(by_role, labels, gettext=words._, lang=words.lang),
            x_labels=labels,
            series=by_role,
            styles=styles,
            lang=words.lang,
        )
    return result


def factor_charts(data: dict[str, Any], words: Words) -> dict[str, Any]:
    factor_days = sorted({day for series in data["factors"].values() for day, _score in series})
    context: dict[str, Any] = {"factor_chart": None, "caseworker_chart": None}
    if factor_days:
        # The citizen reads the factors by their everyday names, without codes.
        names = {
            code: words.factor(code) if words.citizen else f"{code} {words.factor(code)}" for code in data["factors"]
        }
        series = {
            names[code]: [dict(points).get(day) for day in factor_days] for code, points in data["factors"].items()
        }
        styles = {names[code]: charts.FACTOR_STYLE[code] for code in data["factors"]}
        day_labels = [short_date(day, words.lang) for day in factor_days]
        title = (
            words._("Dine egne svar om dig selv, fra 1 til 5")
            if words.citizen
            else words._("Borgerens egne svar pr. faktor over tid, fra 1 til 5")
        )
        context["factor_chart"] = charts.line_chart(
            title=title,
            description=charts.describe_lines(series, day_labels, gettext=words._, lang=words.lang),
            x_labels=day_labels,
            series=series,
            styles=styles,
            lang=words.lang,
            width=400,
            height=170,
        )
    if data["caseworker"]:
        points = data["caseworker"][-8:]
        name = "F " + words.factor("F") if not words.citizen else words.factor("F")
        values = {name: [score for _day, score in points]}
        labels = [short_date(day, words.lang) for day, _score in points]
        context["caseworker_chart"] = charts.line_chart(
            title=words._("Din konsulents syn på dig over tid, fra 1 til 5")
            if words.citizen
            else words._("Konsulentens vurdering (F) over tid, fra 1 til 5"),
            description=charts.describe_lines(values, labels, gettext=words._, lang=words.lang),
            x_labels=labels,
            series=values,
            styles={name: charts.FACTOR_STYLE["F"]},
            lang=words.lang,
            width=240,
            height=150,
        )
    return context


def hours_chart(progress: Progress, words: Words, *, width: int, height: int) -> Any:
    hours = progress.hours
    if not hours:
        return None
    weeks = [h.week for h in hours]
    planned = [h.planned for h in hours]
    attended = [h.placement_hours for h in hours]
    ordinary = [h.ordinary_hours for h in hours]
    target = [h.ordinary_target for h in hours]
    return charts.hours_chart(
        title=words._("Timer pr. uge: planlagt, mødt og timer med løn, og målet for timer med løn"),
        description=charts.describe_hours(weeks, planned, attended, ordinary, target, gettext=words._, lang=words.lang),
        weeks=weeks,
        planned=planned,
        attended=attended,
        ordinary=ordinary,
        target=target,
        labels={
            "planned": words._("planlagt"),
            "attended": words._("mødt i praktik"),
            "ordinary": words._("timer med løn"),
            "target": words._("mål for timer med løn"),
            "week": words._("uge"),
        },
        lang=words.lang,
        width=width,
        height=height,
    )


def score_words(value: float, words: Words) -> str:
    """A factor score said in numbers and, for the citizen, in words: "4 af 5"."""
    return words._("%(score)s af 5") % {"score": score_text(value, words.lang)}


def date_words(day: str | None, words: Words) -> str:
    return date_text(day, words.lang) if day else ""
