"""The one catalogue of what a page says about a refused input: Danish texts (English by the catalogue), by field and code."""

from __future__ import annotations

import re
from collections.abc import Mapping

from jinja2 import pass_context
from jinja2.runtime import Context

from placement.errors import ServiceError


def N_(message: str) -> str:
    """Marks a Danish text for the translation catalogue; the page translates it where it renders it."""
    return message


GENERIC = N_("Noget i formularen kunne ikke gemmes. Tjek felterne, og prøv igen.")
CPR = N_("Teksten ligner et CPR-nummer, og tjenesten gemmer ingen CPR-numre. Skriv den uden nummeret.")

# Looked up most specific first: "form:field:code", "form:field", "field:code", "field", then ":code" (any field).
# A field's index is left out ("steps[2]" is "steps[]"); the form is the page's own word ("decision", "caseworker").
TEXTS: Mapping[str, str] = {
    ":cpr": CPR,
    ":text": N_("Teksten indeholder tegn, der ikke kan gemmes. Skriv den igen uden specialtegn."),
    ":required": N_("Udfyld feltet."),
    ":date": N_("Skriv en dato, fx 1. december 2026 (vælg den i kalenderen)."),
    ":date_range": N_("Datoen skal ligge mellem år 2000 og 2099."),
    ":number": N_("Skriv et antal timer som et tal, fx 7,5."),
    "name": N_("Skriv et navn på højst 200 tegn. Et CPR-nummer kan ikke bruges: tjenesten gemmer ingen CPR-numre."),
    "name:required": N_("Skriv et navn."),
    "name:too_long": N_("Navnet må højst være 200 tegn."),
    "cvr:conflict": N_("Der findes allerede en virksomhed med dette CVR-nummer. Søg efter den på listen."),
    "cvr": N_("Et CVR-nummer har 8 cifre, hvor det sidste er et kontrolciffer. Tjek, at nummeret er skrevet rigtigt."),
    "case_ref:conflict": N_(
        "Der findes allerede en borger med dette sagsnummer. Søg efter borgeren, eller spørg den konsulent, der har sagen."
    ),
    "case_ref": N_(
        "Skriv sagsnummeret fra kommunens sagssystem (højst 64 tegn). Et CPR-nummer kan ikke bruges: tjenesten gemmer "
        "ingen CPR-numre."
    ),
    "case_ref:required": N_("Skriv sagsnummeret fra kommunens sagssystem."),
    "target_group": N_("Vælg borgerens målgruppe på listen."),
    "filter:target_group": N_("Vælg en målgruppe på listen, eller vælg alle målgrupper."),
    "citizen_id": N_("Vælg en borger. Står borgeren ikke på listen, så opret borgeren først."),
    "company_id": N_("Vælg en virksomhed. Står den ikke på listen, så opret den først."),
    "purpose": N_("Skriv formålet med praktikken, fx afklaring af arbejdsevne eller optrapning mod ordinære timer."),
    "purpose:too_long": N_("Formålet må højst være 4000 tegn."),
    "contact_person": N_("Højst 200 tegn."),
    "tasks": N_("Beskriv arbejdsopgaverne med højst 4000 tegn."),
    "citizen_wishes": N_("Skriv borgerens ønsker med højst 4000 tegn."),
    # A start refused because the agreement lacks what a placement must have (goals.agreement).
    "purpose:missing_to_start": N_("Forløbet kan ikke startes uden et formål. Skriv det under »Ret plan«."),
    "tasks:missing_to_start": N_(
        "Forløbet kan ikke startes, før arbejdsopgaverne er beskrevet. Skriv dem under »Ret plan«."
    ),
    "contact_person:missing_to_start": N_(
        "Forløbet kan ikke startes uden en kontaktperson i virksomheden. Skriv navnet under »Ret plan«."
    ),
    "mentor_name": N_("Højst 200 tegn."),
    "start_date": N_("Vælg en startdato."),
    "planned_end_date": N_("Den planlagte slutdato skal være en dato på eller efter startdatoen."),
    "planned_end_date:too_long": N_(
        "Et forløb varer højst 52 uger, forlængelser medregnet. Planlæg et længere forløb som et nyt forløb."
    ),
    "decision:planned_end_date": N_("For at forlænge skal den nye slutdato ligge efter den nuværende."),
    "decision:planned_end_date:too_long": N_(
        "Et forløb varer højst 52 uger, forlængelser medregnet. Planlæg et længere forløb som et nyt forløb."
    ),
    "decision:planned_end_date:not_extend": N_(
        "En ny slutdato hører til en forlængelse. Vælg »Forlæng«, eller fjern datoen."
    ),
    "follow_up_date": N_("Vælg en dato for næste opfølgning, som ikke ligger i fortiden."),
    "hours_from": N_("Skriv et antal timer som et tal."),
    "hours_to": N_("Skriv et antal timer som et tal."),
    "ordinary_from": N_("Skriv et antal timer som et tal."),
    "ordinary_to": N_("Skriv et antal timer som et tal."),
    "weekly_plan[].week": N_(
        "Ugen ligger uden for perioden eller står to gange. Tryk »Udfyld ugeplanen«, så passer ugerne til perioden."
    ),
    "weekly_plan[].placement_hours": N_("Skriv et antal timer fra 0 til 80 om ugen."),
    "weekly_plan[].ordinary_hours_target": N_("Skriv et antal timer fra 0 til 80 om ugen."),
    "weekly_plan": N_("Skriv et antal timer fra 0 til 80 om ugen."),
    "factor:rule": N_("Forløbet er afsluttet, så der kan ikke tilføjes delmål."),
    "factor": N_("Vælg en af faktorerne A–E."),
    "title": N_("Skriv en kort titel på højst 200 tegn."),
    "title:rule": N_("Et forløb har højst 20 delmål. Ret et af de andre delmål i stedet."),
    "target": N_("Beskriv et konkret mål, som kontaktperson og mentor kan se, om er nået (højst 2000 tegn)."),
    "horizon": N_("Vælg kort eller lang sigt."),
    "due_date": N_("Vælg en gyldig dato."),
    "steps[]": N_("Et lille skridt må højst have 300 tegn."),
    "steps": N_("Et delmål har højst 10 små skridt."),
    "decision:rule": N_("Forløbet er afsluttet, så der kan ikke træffes flere beslutninger."),
    "decision": N_("Vælg en beslutning."),
    "reason": N_("Skriv en kort begrundelse (højst 4000 tegn)."),
    # What became of the citizen (the outcome form).
    "outcome:checkpoint:not_ended": N_("Forløbet er ikke slut endnu. Resultatet registreres fra forløbets sidste dag."),
    "outcome:checkpoint:too_early": N_(
        "Opfølgningen er ikke nået endnu. Resultatet kan registreres fra 14 dage før opfølgningen."
    ),
    "outcome:checkpoint": N_("Vælg afslutningen, 3 eller 6 måneder efter."),
    "outcome:status": N_("Vælg, hvad borgeren går videre til."),
    "outcome:date:future": N_("Datoen må ikke ligge i fremtiden."),
    "outcome:date:before_end": N_(
        "Datoen må ikke ligge før forløbets slutning, og ved 3 og 6 måneder højst 14 dage før opfølgningen."
    ),
    "outcome:date": N_("Vælg datoen, hvor resultatet gjaldt (ikke i fremtiden)."),
    "outcome:ordinary_hours_per_week:required": N_("Skriv, hvor mange timer om ugen borgeren arbejder i jobbet."),
    "outcome:ordinary_hours_per_week:not_a_job": N_(
        "Timer om ugen hører kun til ordinært job og fleksjob. Fjern timerne, eller vælg job."
    ),
    "outcome:ordinary_hours_per_week": N_("Skriv et antal timer fra 0 til 80 om ugen, fx 15."),
    "outcome:note": N_("Noten må højst være 2000 tegn."),
    "status": N_("Forløbet kan ikke skifte til den status. Et afsluttet forløb kan ikke ændres."),
    "If-Match:conflict": N_("En anden har ændret oplysningerne, mens du havde siden åben. Din ændring er ikke gemt."),
    "If-Match": N_("Formularen mangler den version, den blev åbnet i. Åbn siden igen."),
    # The consultant's own rating (F) and the citizen's answers.
    "caseworker:reason": N_("Skriv en kort begrundelse (højst 2000 tegn)."),
    "date": N_("Vælg en dato, der ikke ligger i fremtiden og højst 8 uger før praktikken starter."),
    "answers": N_("Alle spørgsmål blev sprunget over, så der er ikke noget at gemme. Start igen, hvis du vil svare."),
    "choice": N_("Vælg et af svarene, eller spring spørgsmålet over."),
    # The second conversation: the pick step and the agree step.
    "items": N_("Vælg mindst ét spørgsmål at tale om."),
    "remarks": N_("Bemærkningerne må højst være 2000 tegn."),
    **{f"agreed_scores.{code}": N_("Vælg en aftalt score fra 1 til 5.") for code in "ABCDE"},
    **{f"what_it_takes.{code}": N_("Skriv højst 1000 tegn om, hvad der skal til.") for code in "ABCDE"},
    "score": N_("Vælg en vurdering fra 1 til 5."),
    "assessment": N_("Svarene kunne ikke læses. Start forfra."),
    # A consent the consultant records.
    "given_on": N_("Skriv datoen, hvor borgeren gav samtykket (ikke i fremtiden)."),
    "method": N_("Vælg, hvordan borgeren gav samtykket."),
    "consent": N_("Samtykket kunne ikke gemmes. Prøv igen."),
    # An invitation.
    "invitation:email": N_("Skriv en gyldig e-mailadresse."),
    "invitation:name": N_("Skriv personens navn (højst 200 tegn)."),
    "invitation:role:has_account": N_(
        "Borgeren i forløbet har allerede en konto. Den giver adgang til alle borgerens forløb, også dette, så borgeren "
        "skal ikke inviteres igen."
    ),
    "invitation:role:conflict": N_(
        "Borgeren i forløbet har allerede en åben invitation. Borgeren kan bruge den, eller du kan invitere igen, når "
        "den er udløbet."
    ),
    "invitation:role": N_("Vælg kontaktperson, mentor eller borger."),
    "invitation": N_("Invitationen kunne ikke oprettes. Tjek felterne, og prøv igen."),
    # The admin page's accounts and handovers (its template shows them with error_summary(error, "admin")).
    "admin:email": N_("Skriv en gyldig e-mailadresse."),
    "admin:email:conflict": N_("Der findes allerede en konto med denne e-mailadresse."),
    "admin:name": N_("Skriv et navn på højst 200 tegn."),
    "admin:role": N_("Vælg administrator, leder eller konsulent. De andre parter inviteres til et forløb."),
    "admin:password": N_("Adgangskoden skal have mindst 10 tegn."),
    "admin:from_consultant_id": N_("Vælg den konsulent, der afleverer sagerne."),
    "admin:to_consultant_id": N_("Vælg en anden, aktiv konsulent til at overtage sagerne."),
    "admin:placement_ids": N_("Vælg kun forløb, som den afleverende konsulent har."),
    "admin::rule": N_("Du kan ikke deaktivere din egen konto."),
    "admin": N_("Ændringen kunne ikke gemmes. Tjek felterne, og prøv igen."),
    # A search.
    "search:q": N_("Søgningen indeholder tegn, der ikke kan bruges. Skriv et navn eller et nummer."),
    # The period and filters of management information (/indsigt).
    "insights:from": N_("Vælg den første måned, fx 2026-01. Perioden må højst være ti år og ikke ligge i fremtiden."),
    "insights:to": N_(
        "Vælg den sidste måned, fx 2026-11: ikke før den første og ikke i fremtiden. Perioden må højst være ti år."
    ),
    "insights:group_by": N_("Vælg, hvad tallene skal deles op efter."),
    "insights:target_group": N_("Vælg en målgruppe på listen, eller vælg alle målgrupper."),
    "insights:company_id": N_("Vælg en af virksomhederne på listen."),
    "insights:purpose": N_("Formålet kan ikke bruges som filter. Skriv det kortere, eller lad feltet stå tomt."),
    "insights": N_("Tallene kunne ikke vises. Tjek felterne, og prøv igen."),
    # Accepting an invitation.
    "accept::not_found": N_(
        "Linket er ikke gyldigt. Tjek, at du har hele linket med, eller bed din konsulent om et nyt."
    ),
    "accept:token:expired": N_("Invitationen er udløbet. Bed din konsulent om en ny."),
    "accept:email:conflict": N_("Din e-mail hører til en konto med en anden rolle. Kontakt din konsulent."),
    "accept:token:conflict": N_("Invitationen er allerede brugt. Log ind med din e-mail og adgangskode."),
    "accept::unauthenticated": N_(
        "Adgangskoden kan ikke bruges: en ny konto skal have mindst 10 tegn, en konto du har i forvejen sin egen "
        "adgangskode."
    ),
    "accept::too_many": N_("For mange forkerte forsøg. Vent et kvarter, og prøv igen."),
    "accept": N_("Invitationen kunne ikke tages imod. Prøv igen."),
    # Logging in.
    "login:email:required": N_("Skriv din e-mail."),
    "login:password:required": N_("Skriv din adgangskode."),
    "login::unauthenticated": N_("Forkert e-mail eller adgangskode."),
    "login::too_many": N_("For mange forkerte forsøg. Vent et kvarter, og prøv igen."),
    # A weekly log entry: its problems carry their kind as the code.
    "log::missing": N_("Skriv antal praktiktimer – 0, hvis borgeren ikke mødte."),
    "log::hours": N_("Skriv et antal timer fra 0 til 80, fx 7,5."),
    "log::sum": N_("Praktiktimer og fravær kan tilsammen højst være 80 timer om ugen."),
    "log::rating": N_("Vælg en vurdering fra 1 til 5."),
    "log::note_without_rating": N_("Vælg en vurdering, så din note til delmålet kan gemmes."),
    "log::subgoal": N_("Et delmål i formularen findes ikke længere i planen. Hent siden igen."),
    "log::too_long": N_("Teksten er for lang. Gør den kortere."),
    "log::text": CPR,
    "log::shared": N_("Kun konsulenten kan holde en registrering internt."),
    "log": N_("Feltet kunne ikke læses."),
}

_INDEX = re.compile(r"\[\d+\]")
# Codes whose text is the same whatever the field: a CPR-shaped number is refused in every free text alike.
_ANY_FIELD = frozenset({"cpr"})


def error_msgid(field: str | None, code: str, form: str = "") -> str:
    """The Danish text (the catalogue's msgid) for a problem of `field` with `code`, on `form`."""
    name = _INDEX.sub("[]", field or "")
    keys = [f":{code}"] if code in _ANY_FIELD else []
    if form:
        keys += [f"{form}:{name}:{code}", f"{form}:{name}"]
    if name:
        keys += [f"{name}:{code}", name]
    keys += [f":{code}", form]
    for key in keys:
        if key in TEXTS:
            return TEXTS[key]
    return GENERIC


def problems(error: ServiceError | None) -> tuple[ServiceError, ...]:
    """Every problem an error carries: those of a form refused at once, else the error itself; none for no error."""
    if error is None:
        return ()
    return tuple(getattr(error, "problems", (error,)))


def field_problem(error: ServiceError | None, field: str) -> ServiceError | None:
    """The first problem about `field`, or None."""
    return next((problem for problem in problems(error) if problem.field == field), None)


@pass_context
def problem_text(context: Context, problem: ServiceError, form: str = "") -> str:
    """What a page says about one problem, in the page's language."""
    code = "has_account" if getattr(problem, "has_account", False) else problem.code
    return str(context.call(context.resolve("_"), error_msgid(problem.field, code, form)))


@pass_context
def code_text(context: Context, code: str, form: str) -> str:
    """What a page says about a problem known by its code alone (the weekly log's kinds)."""
    return str(context.call(context.resolve("_"), error_msgid(None, code, form)))


# Registered as Jinja globals: {{ problem_text(p, "decision") }}, {% for p in problems(error) %}.
GLOBALS = {"problems": problems, "field_problem": field_problem, "problem_text": problem_text, "code_text": code_text}
