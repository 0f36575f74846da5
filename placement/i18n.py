"""Danish first, English through a gettext catalogue; the language of a request comes from a cookie or the browser."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from gettext import NullTranslations
from io import BytesIO
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

DEFAULT_LANGUAGE = "da"
LANGUAGES = ("da", "en")
LANGUAGE_COOKIE = "lang"
CATALOGUE_DIR = Path(__file__).parent / "translations"


@dataclass(frozen=True, slots=True)
class Catalogues:
    """The compiled translations of every supported language; Danish is the source language and needs none."""

    by_language: Mapping[str, NullTranslations]

    @classmethod
    def load(cls, directory: Path = CATALOGUE_DIR) -> Catalogues:
        # Compiled in memory from the .po files, so that a checkout needs no build step for its catalogues.
        loaded: dict[str, NullTranslations] = {DEFAULT_LANGUAGE: NullTranslations()}
        for language in LANGUAGES:
            po_path = directory / language / "LC_MESSAGES" / "messages.po"
            if language == DEFAULT_LANGUAGE or not po_path.is_file():
                continue
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=language)
            buffer = BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            loaded[language] = Translations(buffer)
        return cls(by_language=loaded)

    def get(self, language: str) -> NullTranslations:
        return self.by_language.get(language, self.by_language[DEFAULT_LANGUAGE])


def negotiate_language(cookie_value: str | None, accept_language: str | None) -> str:
    """The language to answer in: an explicit choice first, then the browser's preference, else Danish."""
    if cookie_value in LANGUAGES:
        return cookie_value
    if accept_language:
        preferred = [part.split(";")[0].strip().replace("-", "_") for part in accept_language.split(",")]
        try:
            chosen = Locale.negotiate([p for p in preferred if p], list(LANGUAGES), sep="_")
        except (UnknownLocaleError, ValueError):
            chosen = None
        if chosen is not None:
            return chosen.language
    return DEFAULT_LANGUAGE


def template_callables(translations: NullTranslations) -> dict[str, Callable[..., Any]]:
    """gettext and ngettext in Jinja's new style (keyword formatting, autoescape-aware), bound to one language."""

    @pass_context
    def gettext(context: Context, message: str, /, **variables: Any) -> str:
        text = translations.gettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables if variables else text

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, n: int, /, **variables: Any) -> str:
        variables.setdefault("num", n)
        text = translations.ngettext(singular, plural, n)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return {"gettext": gettext, "_": gettext, "ngettext": ngettext}
