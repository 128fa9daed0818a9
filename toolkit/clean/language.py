"""The warning a cleaned article carries when its language is not the project's, for raw text and HTML alike.

Kept apart from html.py so the line rules can use it without loading the HTML reader.
"""

from __future__ import annotations

from toolkit.clean.html_settings import html_settings
from toolkit.scripts import primary_language


def language_mismatch(language: str | None, source_language: str) -> str | None:
    """A warning when the page's language (declared or detected) is not the project's source language."""
    if not language or primary_language(language) == primary_language(source_language):
        return None
    name = html_settings().language_names.get(primary_language(language), language)
    return f"page is in {name} ({language}), project source language is {source_language}"
