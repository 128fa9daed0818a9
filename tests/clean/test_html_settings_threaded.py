"""A project's [clean.language] overrides reach the HTML reader's language check."""

from __future__ import annotations

from test_html_language import ARABIC, _page

from toolkit.clean.html import extract_page
from toolkit.clean.settings import load_settings


def test_project_letters_reach_the_html_language_check() -> None:
    page = _page("مصر تسجل ثلاثين إصابة جديدة", ARABIC)
    assert extract_page(page, "ar").language == "ar"
    # A project that counts ة as a Persian letter (absurd, but it shows the setting is read) sees Persian.
    settings = load_settings({"language": {"persian_urdu_letters": "ةپچژگکیۀ"}})
    assert extract_page(page, "ar", settings).language == "fa"
