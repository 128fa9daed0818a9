"""How long a site name must be to count inside a longer title segment is a setting ([html] min_site_name_chars)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from toolkit.clean import html_metadata
from toolkit.clean.html_settings import html_settings


def test_short_names_need_an_exact_match(monkeypatch: pytest.MonkeyPatch) -> None:
    assert html_settings().min_site_name_chars == 3
    assert html_metadata._is_site_name("بي بي سي عربي", ["بي بي سي"])
    monkeypatch.setattr(html_metadata, "SETTINGS", replace(html_settings(), min_site_name_chars=20))
    assert not html_metadata._is_site_name("بي بي سي عربي", ["بي بي سي"])
    assert html_metadata._is_site_name("بي بي سي", ["بي بي سي"])
