"""axe-core in the same Chromium: the pages are accessible (the Nu HTML checker, in test_validity.py, runs in a
file of its own, so that pytest-xdist can run the two long checks on both workers at once)."""

from __future__ import annotations

import pytest
from examples import quick_run

from .checked_pages import AXE, every_page, require

BLOCKING_IMPACTS = {"serious", "critical"}


# The wide screen in the quick run, the phone with the slow tests (CI): each width is about 30 s of axe.
@pytest.mark.parametrize("width", [1280, pytest.param(390, marks=pytest.mark.slow)])
def test_axe_finds_no_serious_or_critical_violation(site, hostile_site, paged_site, browser, width: int) -> None:
    """The real pages, the generated ones that hold every translation state and label, and a paged list.

    axe takes seconds a page, a third of the whole quick run: there, the real and the paged site's articles
    are stood for by their first one, while the hostile site's, each holding other states and labels, are
    all checked. The run with the slow tests (CI) checks every page at both widths."""
    require(AXE)
    sample = 1 if quick_run() else None
    urls = [
        *(built.url + name for built in (site, paged_site) for name in every_page(built, sample)),
        *(hostile_site.url + name for name in every_page(hostile_site)),
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
