"""Cases from the twenty-first sweep of what reaches readers (issue 10): text a translator, a scraped page or the
site's settings put where readers see it, through the real build. Each test failed before its fix."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import polib
from site_projects import sample_project

from toolkit.site.interface import LOCALES_DIR

# `toolkit build` with the interface catalogs read from the folder given first.
BUILD_WITH_LOCALES = """
import sys
from pathlib import Path
import toolkit.site.interface
toolkit.site.interface.LOCALES_DIR = Path(sys.argv[1])
from toolkit.cli import main
sys.argv = ["toolkit", "-C", sys.argv[2], "-q", "build"]
main()
"""
# What a translator of the interface may write: markup, and a quote that would end an attribute's value.
UI_PAYLOADS = (
    "<svg onload=window.__xss=1>",
    '" onfocus="window.__xss=2" autofocus x="',
    "<a href=javascript:window.__xss=3>",
)


def _pages(site: Path) -> dict[str, lxml.html.HtmlElement]:
    return {str(path.relative_to(site)): lxml.html.parse(str(path)).getroot() for path in site.rglob("*.html")}


def test_a_ui_catalogs_translation_is_text_on_every_page(tmp_path: Path) -> None:
    # The interface catalogs' msgstrs were printed as markup: a translator's "<svg onload=...>" in the Arabic
    # "Search" became an element of every Arabic page, and a '"' in a string printed in an attribute (the search
    # form's data-results, the navigation's aria-label) ended the value and added an attribute of its own.
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    catalog = polib.pofile(str(locales / "ar.po"))
    for number, entry in enumerate(entry for entry in catalog if not entry.obsolete):
        placeholders = "".join(part for part in entry.msgid.split() if part.startswith("%("))
        entry.msgstr = f"{UI_PAYLOADS[number % len(UI_PAYLOADS)]} نص{placeholders}"
    catalog.save()
    written = {entry.msgid: entry.msgstr for entry in catalog}
    project = sample_project(tmp_path / "p")
    done = subprocess.run(
        [sys.executable, "-c", BUILD_WITH_LOCALES, str(locales), str(project)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    pages = _pages(project / "site")
    assert {"ar/index.html", "ar/search.html", "ar/404.html", "ar/status.html"} <= set(pages)
    for name, page in pages.items():
        assert not page.xpath("//svg | //a[starts-with(@href, 'javascript')]"), name
        assert not [attribute for attribute in page.xpath("//@*") if attribute.attrname.startswith("on")], name
    search = pages["ar/search.html"]
    assert search.xpath("//nav//a/text()")[:2] == [written["Articles"], written["Search"]]
    assert search.xpath("//form/@data-results") == [written["Results: %(count)s"].replace("%(count)s", "{count}")]
