"""An attacker's text through every place it reaches the site (article pages in both interfaces, the
lists, search, titles and meta tags, the original-article link, feed, sitemap, 404 and status pages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.config import load_config
from toolkit.errors import ConfigError


@pytest.mark.parametrize("setting", ["title", "description"])
@pytest.mark.parametrize("character", ["\ufffe", "\ufdd0", "\U0001ffff"])
def test_a_noncharacter_in_the_site_title_or_description_is_named(tmp_path: Path, setting: str, character: str) -> None:
    # HTML forbids noncharacters in a page: the title reached every page of the site, the description the lists.
    escaped = f"\\U{ord(character):08X}"  # as TOML writes it
    (tmp_path / "toolkit.toml").write_text(f'[site]\n{setting} = "News {escaped} site"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"site\.{setting} holds the noncharacter U\+{ord(character):04X}; remove"):
        load_config(tmp_path)
