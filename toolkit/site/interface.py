"""The site's interface languages: which exist, where their pages live, their UI strings and their dates.

Every page is built once per interface language: the target language's pages at the site root (their URLs
are the ones the site always had), the source language's under "<code>/" (ar/index.html,
ar/articles/<slug>.html). A language has an interface when a UI catalog for it ships in locales/ (one PO file
per language, translated like everything else here); a site whose languages have none gets English.

Search indexes both languages of the site's text whatever its interfaces (searched_languages): a language
with an interface from its own pages, one without (Chinese, or both languages of a Persian -> German site)
from the first interface's pages, their cells of that language taken as that language's text.

Pure: catalogs are read once per process from the package, dates come from CLDR through Babel.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from babel import UnknownLocaleError

from toolkit.catalog.store import read_catalog
from toolkit.scripts import language_name, primary_language
from toolkit.site.settings import (
    DATE_LOCALES,
    FALLBACK_INTERFACE,
    RTL_LANGUAGES,
    SEARCHED_BY_LETTER,
    WRITTEN_IN_TWO_WIDTHS,
)
from toolkit.store.files import is_regular_file, matching

LOCALES_DIR = Path(__file__).parent / "locales"


def _format_date():
    """babel.dates's format_date, imported with the TZ variable hidden: babel.localtime works out the machine's
    time zone at its import, and fails on a TZ naming a file that holds none (TZ=:/etc/timezone, Debian's text
    file "Etc/UTC"; a folder): an internal error of every build. The site's dates are calendar dates, in no zone."""
    hidden = os.environ.pop("TZ", None)
    try:
        from babel.dates import format_date
    finally:
        if hidden is not None:
            os.environ["TZ"] = hidden
    return format_date


format_date = _format_date()


@dataclass(frozen=True)
class Interface:
    language: str
    prefix: str  # where its pages live, relative to the site root: "" or "ar/"
    date_locale: str  # the CLDR locale its dates are written in: "en_GB", "ar", "ar_SY" (Levantine months)

    @property
    def direction(self) -> str:
        return text_direction(self.language)


@dataclass(frozen=True)
class SearchedLanguage:
    """A language of the site's text as search indexes it: from the pages of `interface`, whose cells of
    `side` ("source" or "target") hold it; the interface's own language is the one its pages index as they
    are, another is taken from them (render.search_input). A result opens the article in `interface`."""

    language: str
    side: str
    interface: Interface

    @property
    def own_pages(self) -> bool:
        return self.interface.language == self.language

    @property
    def prefix(self) -> str:
        return self.interface.prefix

    @property
    def direction(self) -> str:
        return text_direction(self.language)

    @property
    def letters_cut(self) -> bool:
        """Whether its letters are given to Pagefind as words (search.cut_letters), and a query cut alike."""
        return primary_language(self.language) in SEARCHED_BY_LETTER

    @property
    def two_widths(self) -> bool:
        """Whether a query is looked up in its index in both widths too (full-width Latin, half-width kana)."""
        return primary_language(self.language) in WRITTEN_IN_TWO_WIDTHS


@cache
def searched_languages(
    source_language: str, target_language: str, interfaces: tuple[Interface, ...]
) -> tuple[SearchedLanguage, ...]:
    """The target language, then the source language, each with the interface whose pages it is indexed
    from: its own when it has one, else the first (at the site root)."""
    by_language = {interface.language: interface for interface in interfaces}
    return tuple(
        SearchedLanguage(language, side, by_language.get(language, interfaces[0]))
        for language, side in ((target_language, "target"), (source_language, "source"))
    )


def text_direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


@cache
def available_languages() -> frozenset[str]:
    return frozenset(path.stem for path in matching(LOCALES_DIR, "*.po"))


@cache
def site_interfaces(
    source_language: str, target_language: str, date_locales: tuple[tuple[str, str], ...] = ()
) -> tuple[Interface, ...]:
    """The target language's interface first (at the root), then the source language's, each when it has a
    catalog; English alone when neither has."""
    shipped = available_languages()
    languages = [code for code in dict.fromkeys((target_language, source_language)) if code in shipped]
    chosen = dict(date_locales)
    return tuple(
        Interface(code, "" if number == 0 else f"{code}/", chosen.get(code) or DATE_LOCALES.get(code, code))
        for number, code in enumerate(languages or [FALLBACK_INTERFACE])
    )


@cache
def ui_strings(language: str) -> dict[str, str]:
    """msgid -> msgstr of the language's UI catalog; an untranslated or fuzzy entry is left out, so the
    English msgid shows instead of an empty or unchecked string, and so is one that does not format as its msgid
    does (`formats_alike`)."""
    path = LOCALES_DIR / f"{language}.po"
    if not is_regular_file(path):
        return {}
    return {
        entry.msgid: entry.msgstr
        for entry in read_catalog(path, keep_layout=False)  # read, never written back
        if entry.msgstr
        and not entry.obsolete
        and "fuzzy" not in entry.flags
        and formats_alike(entry.msgid, entry.msgstr)
    }


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def formats_alike(msgid: str, msgstr: str) -> bool:
    """Whether a UI string's translation takes the values its msgid names and no others, every other "%" written
    "%%" (every UI string is %-formatted, with or without values): as msgfmt --check-format checks a
    python-format entry. A translator's "100%" or "%(cout)s" ended every build in an internal error; an unnamed
    "%s", which formats without one (it takes the whole mapping of values), showed "{}" on every page."""
    names = set(_PLACEHOLDER.findall(msgid))
    try:
        msgstr % dict.fromkeys(names, "")
    except (KeyError, ValueError, TypeError):
        return False
    conversions = msgstr.replace("%%", "")  # "%%" is the text's own percent sign, and "%%(count)s" text too
    return "%" not in _PLACEHOLDER.sub("", conversions) and set(_PLACEHOLDER.findall(conversions)) == names


def gettext_for(language: str):
    strings = ui_strings(language)

    def gettext(message: str) -> str:
        return strings.get(message, message)

    def ngettext(singular: str, plural: str, count: int) -> str:
        return gettext(singular if count == 1 else plural)

    return gettext, ngettext


@cache
def autonym(code: str) -> str:
    """A language's name in itself, for the language switch: العربية, English (français as Français)."""
    name = language_name(code, code)
    return name[:1].upper() + name[1:]


def date_in_words(moment: datetime, locale: str) -> str:
    """ "31 December 2021", "31 ديسمبر 2021", "31 كانون الأول 2021": the day, the month's name, the year."""
    try:
        return format_date(moment.date(), "d MMMM y", locale=locale)
    except (UnknownLocaleError, ValueError):
        return format_date(moment.date(), "d MMMM y", locale=FALLBACK_INTERFACE)
