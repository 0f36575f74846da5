"""The mails themselves: Danish first, English for an account that chose it; plain text and simple HTML from
templates/mail/. A mail carries no health data and no full name: at most a first name, and a link."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from placement.i18n import DEFAULT_LANGUAGE, LANGUAGES, Catalogues, template_callables
from placement.web.render import jinja_environment


@dataclass(frozen=True, slots=True)
class Mail:
    kind: str
    language: str
    subject: str
    text: str
    html: str


@functools.cache
def _environment() -> Environment:
    return jinja_environment()


@functools.cache
def _catalogues() -> Catalogues:
    return Catalogues.load()


def mail_language(chosen: str | None) -> str:
    """The language a mail to someone is written in: theirs if they chose one, else Danish."""
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def first_name(name: str) -> str:
    """The first name a mail greets with; a leading label such as the demo's "Demo:" is not a name."""
    words = [word for word in name.split() if not word.endswith(":")]
    return words[0] if words else ""


# The subjects, written here so that babel finds them; the catalogue gives their English.
def _subjects(gettext: Any) -> dict[str, str]:
    return {
        "invitation": gettext("Du er inviteret til en virksomhedspraktik"),
        "password_reset": gettext("Vælg en ny adgangskode"),
        "reminder": gettext("Husk ugens logbog"),
        "reminder_digest": gettext("Det venter i denne uge"),
    }


def compose(kind: str, language: str, **context: Any) -> Mail:
    """The mail `kind` in `language`, from templates/mail/<kind>.txt and .html."""
    language = mail_language(language)
    translations = _catalogues().get(language)
    values = {"lang": language, **template_callables(translations), **context}
    environment = _environment()
    return Mail(
        kind=kind,
        language=language,
        subject=_subjects(translations.gettext)[kind],
        text=environment.get_template(f"mail/{kind}.txt").render(values),
        html=environment.get_template(f"mail/{kind}.html").render(values),
    )
