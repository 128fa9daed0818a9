"""How long a site name must be to count inside a longer title segment is a setting ([html] min_site_name_chars)."""

from __future__ import annotations

from toolkit.clean import html_metadata
from toolkit.clean.settings import load_settings


def test_short_names_need_an_exact_match() -> None:
    packaged = load_settings().metadata_finders
    assert packaged.html.min_site_name_chars == 3
    assert html_metadata._is_site_name("بي بي سي عربي", ["بي بي سي"], packaged)
    strict = load_settings({"html": {"min_site_name_chars": 20}}).metadata_finders
    assert not html_metadata._is_site_name("بي بي سي عربي", ["بي بي سي"], strict)
    assert html_metadata._is_site_name("بي بي سي", ["بي بي سي"], strict)
