"""What a cleaned text's language says to the user, for raw text and HTML alike: a warning when the page is in
another language of the project's script (Persian in an Arabic project), an error when it is in another script.

Kept apart from html.py so the line rules can use it without loading the HTML reader.
"""

from __future__ import annotations

from toolkit.clean.html_settings import html_settings
from toolkit.clean.lines import SourceLine
from toolkit.clean.patterns import script_patterns
from toolkit.clean.settings import CleanSettings
from toolkit.scripts import dominant_script, primary_language


def language_name(code: str) -> str:
    return html_settings().language_names.get(primary_language(code), code)


def language_mismatch(language: str | None, source_language: str) -> str | None:
    """A warning when the page's language (declared or detected) is not the project's source language."""
    if not language or primary_language(language) == primary_language(source_language):
        return None
    return f"page is in {language_name(language)} ({language}), project source language is {source_language}"


def script_mismatch(
    lines: list[SourceLine], language: str | None, source_language: str, settings: CleanSettings
) -> str | None:
    """The error when most of the text's letters are not in the project's script: one line naming the page's
    language (or, when nothing declares it, the script it is written in) and the project's.

    Every line would otherwise fall to the script rule, and "all lines were boilerplate" says nothing of why.
    """
    text = "\n".join(line.text for line in lines)
    letters = sum(char.isalpha() for char in text)
    if not letters:
        return None
    runs = script_patterns(settings.script_ranges(source_language)).source_run.findall(text.lower())
    in_script = sum(char.isalpha() for run in runs for char in run)
    if in_script / letters >= settings.lines.min_source_script_share:
        return None
    if language and primary_language(language) != primary_language(source_language):
        said = f"page is in {language_name(language)} ({language})"
    else:
        script = dominant_script(text)
        said = f"the text is in the {script.capitalize()} script" if script else "the text is in another script"
    source = f"{language_name(source_language)} ({source_language})"
    return f"{said}, project source language is {source}: not cleaned"
