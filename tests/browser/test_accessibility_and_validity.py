"""axe-core in the same Chromium, and the Nu HTML checker on the files: the pages are accessible and valid."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from examples import quick_run

NODE_MODULES = Path(__file__).parent / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
BLOCKING_IMPACTS = {"serious", "critical"}


def _require(path) -> None:
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `npm ci --prefix tests/browser` (scripts/test.sh does)")


def _pages(site, articles=None) -> list[str]:
    """Every kind of page in both interfaces (the English one at the root, the Arabic one under ar/), with
    the site's articles, or the first `articles` of them."""
    list_pages = sorted(path.name for path in site.root.glob("index*.html"))
    pages = [*list_pages, "search.html", "status.html", *(article.page for article in site.articles[:articles])]
    return [*pages, *(f"ar/{page}" for page in pages), "404.html"]


# The wide screen in the quick run, the phone with the slow tests (CI): each width is about 30 s of axe.
@pytest.mark.parametrize("width", [1280, pytest.param(390, marks=pytest.mark.slow)])
def test_axe_finds_no_serious_or_critical_violation(site, hostile_site, paged_site, browser, width: int) -> None:
    """The real pages, the generated ones that hold every translation state and label, and a paged list.

    axe takes seconds a page, a third of the whole quick run: there, the real and the paged site's articles
    are stood for by their first one, while the hostile site's, each holding other states and labels, are
    all checked. The run with the slow tests (CI) checks every page at both widths."""
    _require(AXE)
    sample = 1 if quick_run() else None
    urls = [
        *(built.url + name for built in (site, paged_site) for name in _pages(built, sample)),
        *(hostile_site.url + name for name in _pages(hostile_site)),
    ]
    # The pages' Content-Security-Policy rightly refuses injected scripts; axe is let in past it. One tab walks
    # every page with axe given to each as it loads: a fresh browser context and an injected script tag a page
    # cost twice what axe's own checks do.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    try:
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        for url in urls:
            page.goto(url)
            page.wait_for_load_state("load")
            results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            blocking = [
                f"{violation['id']} ({violation['impact']}): {violation['nodes'][0]['html'][:120]}"
                for violation in results["violations"]
                if violation["impact"] in BLOCKING_IMPACTS
            ]
            assert blocking == [], url
    finally:
        context.close()


def test_nu_html_checker_reports_no_error(site, hostile_site, paged_site) -> None:
    """The real pages, the pages made of hostile markup (what the sanitizer leaves is valid HTML too), and a
    paged article list."""
    _require(VNU)
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: the Nu HTML checker needs it")
    files = [str(built.root / name) for built in (site, hostile_site, paged_site) for name in _pages(built)]
    finished = subprocess.run(
        # The JVM's quick compiler alone: one short run, half the CPU of the JVM's default (both compilers).
        [java, "-XX:TieredStopAtLevel=1", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(finished.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}" for m in messages if m["type"] == "error"]
    assert errors == []
