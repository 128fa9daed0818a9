"""What a cleaned text's language says to the user, for raw text and HTML alike: a warning when the page is in
another language of the project's script (Persian in an Arabic project), an error when it is in another script.

Kept apart from html.py so the line rules can use it without loading the HTML reader.
"""

from __future__ import annotations

import re

from toolkit.clean.lines import SourceLine
from toolkit.clean.settings import CleanSettings, LanguageCheck, default_settings
from toolkit.clean.shapes import ADDRESS, line_shape
from toolkit.scripts import dominant_script, letter_counts, primary_language, script_letters
from toolkit.scripts import language_name as english_name


def language_name(code: str, settings: CleanSettings | None = None) -> str:
    """The language's English name: the project's own ([clean.html] language_names), else CLDR's ("page is in
    it (it)" for an Italian page had only the code when a table of fourteen names lacked it)."""
    primary = primary_language(code)
    return (settings or default_settings()).html.language_names.get(primary) or english_name(primary)


def language_mismatch(language: str | None, source_language: str, settings: CleanSettings | None = None) -> str | None:
    """A warning when the page's language (declared or detected) is not the project's source language."""
    if not language or primary_language(language) == primary_language(source_language):
        return None
    name = language_name(language, settings)
    return f"page is in {name} ({language}), project source language is {source_language}"


def persian_or_urdu(text: str, check: LanguageCheck) -> str | None:
    """ "fa" or "ur" when more than [language] max_persian_urdu_share of the text's Arabic-script letters are
    ones Persian and Urdu use and Arabic does not ("ur" when some are Urdu's own); None otherwise. One check for
    raw text and HTML: a name in Persian spelling on an Arabic page stays far below the share."""
    extra = len(re.findall(f"[{re.escape(check.persian_urdu_letters + check.urdu_only_letters)}]", text))
    if not extra and check.max_persian_urdu_share >= 0:
        return None  # none of their letters: the Arabic ones need no counting (a pass over the whole text)
    arabic_letters = script_letters(text, "arabic")
    if not arabic_letters:
        return None
    if extra / arabic_letters <= check.max_persian_urdu_share:
        return None
    return "ur" if re.search(f"[{re.escape(check.urdu_only_letters)}]", text) else "fa"


def script_mismatch(
    lines: list[SourceLine], language: str | None, source_language: str, settings: CleanSettings
) -> str | None:
    """What the text is in ("page is in English (en)", "the text is in the Latin script") when most of its
    letters are not in the project's script; None when they are. `not_cleaned` says it as an error.

    Every line would otherwise fall to the script rule, and "all lines were boilerplate" says nothing of why.
    """
    # A web address is no language's text: a page of Arabic that lists its sources' links is still Arabic. A
    # paragraph that is no prose (5,000 x's in an Arabic page) is no language's either: the rules remove it.
    prose = (line.text for line in lines if not line_shape(line.text, settings.lines))
    return text_not_in_the_script_of(ADDRESS.sub("", "\n".join(prose)), source_language, settings, language)


def not_cleaned(said: str, source_language: str, settings: CleanSettings) -> str:
    """The error of a source `script_mismatch` said `said` of: one line naming what it is in and the project's
    language."""
    source = f"{language_name(source_language, settings)} ({source_language})"
    return f"{said}, project source language is {source}: not cleaned"


def text_not_in_the_script_of(
    text: str, source_language: str, settings: CleanSettings, language: str | None = None
) -> str | None:
    """What `text` is in ("page is in Persian (fa)", "the text is in the Arabic script") when too few of its
    letters are in `source_language`'s script to be of it; None when enough are, or it has no letters.
    `language`: what the page declares, if anything."""
    letters, in_source_script = letter_counts(text, source_language)
    if not letters or in_source_script / letters >= settings.lines.min_source_script_share:
        return None
    if language and primary_language(language) != primary_language(source_language):
        return f"page is in {language_name(language, settings)} ({language})"
    script = dominant_script(text)
    return f"the text is in the {script.capitalize()} script" if script else "the text is in another script"
