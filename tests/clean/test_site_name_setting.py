"""How long a site name must be to count inside a longer title segment is a setting ([title] min_site_name_chars),
read by the one test both input modes and the byline check use."""

from __future__ import annotations

from toolkit.clean.metadata import is_declared_name
from toolkit.clean.settings import load_settings


def test_short_names_need_an_exact_match() -> None:
    packaged = load_settings()
    assert packaged.title.min_site_name_chars == 3
    assert is_declared_name("بي بي سي عربي", ("بي بي سي",), packaged)
    strict = load_settings({"title": {"min_site_name_chars": 20}})
    assert not is_declared_name("بي بي سي عربي", ("بي بي سي",), strict)
    assert is_declared_name("بي بي سي", ("بي بي سي",), strict)
