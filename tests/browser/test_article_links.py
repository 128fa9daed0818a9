"""Previous and next article links in Chromium: they follow the list, lead where they say, and sit the way each
interface reads (previous on the left in English, on the right in Arabic)."""

from __future__ import annotations

import pytest

LIST_LINKS = "() => [...document.querySelectorAll('.article-list h2 a')].map(link => link.href)"


@pytest.mark.parametrize("prefix", ["", "ar/"])
def test_previous_and_next_walk_the_list_in_both_directions(site, open_page, prefix: str) -> None:
    listed = open_page(site.url + prefix + "index.html").page.evaluate(LIST_LINKS)
    assert len(listed) == len(site.articles) >= 3
    page = open_page(listed[0]).page
    assert page.locator("a[rel=prev]").count() == 0  # the first article
    for expected in listed[1:]:
        following = page.locator(".article-links a[rel=next]")
        title = following.locator(".article-link-title").inner_text()
        following.click()
        page.wait_for_load_state("load")
        assert page.url == expected
        assert title in page.locator("h1").inner_text()
    assert page.locator("a[rel=next]").count() == 0  # the last article
    for expected in reversed(listed[:-1]):
        page.locator(".article-links a[rel=prev]").click()
        page.wait_for_load_state("load")
        assert page.url == expected
    page.locator(".article-link-list").click()
    assert page.url == site.url + prefix + "index.html"


@pytest.mark.parametrize(("prefix", "language", "previous_side"), [("", "en", "left"), ("ar/", "ar", "right")])
def test_links_sit_and_point_the_way_the_interface_reads(
    site, open_page, prefix: str, language: str, previous_side: str
) -> None:
    listed = open_page(site.url + prefix + "index.html").page.evaluate(LIST_LINKS)
    page = open_page(listed[1]).page
    previous, following = page.locator("a[rel=prev]"), page.locator("a[rel=next]")
    left, right = (previous, following) if previous_side == "left" else (following, previous)
    assert left.bounding_box()["x"] + left.bounding_box()["width"] <= right.bounding_box()["x"]
    assert previous.inner_text().startswith("←" if language == "en" else "→")
    assert following.locator(".article-link-label").inner_text().endswith("→" if language == "en" else "←")
    assert previous.locator(".article-link-title").get_attribute("lang") == language
    # On a phone the links stack, each as wide as the text column, and nothing scrolls sideways.
    phone = open_page(listed[1], width=390).page
    boxes = [phone.locator(selector).bounding_box() for selector in ("a[rel=prev]", "a[rel=next]")]
    assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"]
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")
