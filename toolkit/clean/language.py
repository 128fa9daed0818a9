"""The warning a cleaned article carries when its language is not the project's, for raw text and HTML alike.

Kept apart from html.py so the line rules can use it without loading the HTML reader.
"""

from __future__ import annotations

import re

from toolkit.clean.html_settings import html_settings


def _primary(code: str) -> str:
    return re.split(r"[-_]", code.strip())[0].lower()


def language_mismatch(language: str | None, source_language: str) -> str | None:
    """A warning when the page's language (declared or detected) is not the project's source language."""
    if not language or _primary(language) == _primary(source_language):
        return None
    name = html_settings().language_names.get(_primary(language), language)
    return f"page is in {name} ({language}), project source language is {source_language}"
