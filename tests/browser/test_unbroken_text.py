"""Text made of one unbroken run (a word, an address, a name hundreds of letters long: an attacker's, or a careless
paste) in every place a page shows it: each page still fits the reader's screen, nothing scrolls sideways (issue 10)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from local_http import served_folder
from site_projects import TOML, BlockSpec, catalog_text, write_project

LONG_WORD = "Supercalifragilistic" * 15
LONG_ARABIC_WORD = "طويلة" * 60
LONG_ADDRESS = "https://example.org/" + "a" * 300
PHONE_WIDTH = 390


def _long_words_project(root: Path) -> Path:
    blocks = [
        BlockSpec("b-00000001", f"كلمة {LONG_ARABIC_WORD}", f"Word {LONG_WORD} word", "reviewed"),
        BlockSpec("b-00000002", f"رابط {LONG_ADDRESS}", f"Link <{LONG_ADDRESS}> and [{LONG_WORD}]({LONG_ADDRESS})"),
    ]
    catalogs = {
        f"00{number}_long": catalog_text(
            f"00{number}_long",
            (f"عنوان {LONG_ARABIC_WORD}", f"Title {LONG_WORD}"),
            blocks,
            byline=f"بقلم {LONG_ARABIC_WORD}",
            outlet="Outlet" * 50,
            attribution=f"{LONG_WORD} | AFP",
        )
        for number in range(2)
    }
    return write_project(root, catalogs, TOML.replace('title = "Test site"', f'title = "{LONG_WORD}"'))


@pytest.mark.parametrize("interface", ["", "ar/"])
def test_a_word_longer_than_the_screen_is_wide_is_broken_on_every_page(tmp_path: Path, browser, interface: str) -> None:
    # A long word stood on one line past the screen's edge: the site's title in every page's header, a byline or an
    # outlet in the article's header, a title in the list and the search results, a word of a translation, and the
    # whole page scrolled sideways.
    project = _long_words_project(tmp_path / "p")
    built = subprocess.run([sys.executable, "-m", "toolkit", "-C", str(project), "-q", "build"], capture_output=True)
    assert built.returncode == 0, built.stderr
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 844})
    try:
        page = context.new_page()
        with served_folder(project / "site") as url:
            for name in ("index.html", "articles/000_long.html", "articles/001_long.html", "status.html"):
                page.goto(url + interface + name)
                assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, interface + name
            page.goto(f"{url}{interface}search.html?q={LONG_WORD}")
            page.locator(".search-result").first.wait_for(timeout=15_000)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, interface + "search.html"
    finally:
        context.close()
