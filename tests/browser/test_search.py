"""Search as a reader uses it, on the real corpus: names, places and terms in both languages find exactly the
articles that contain them, in the language they were searched in, and nothing else.

The expected articles were read off the catalogs by hand (grep): a word counts where it starts a word of the
text, also after the Arabic article or a conjunction or preposition written onto it (للكرملين, وبروكسل)."""

from __future__ import annotations

import re

import pytest

# term -> {(language of the matching text, article number)}
EXPECTED = {
    "Putin": {("en", n) for n in ("000", "001", "002", "003", "004")},
    "Lavrov": {("en", "002")},
    "Macron": {("en", "000"), ("en", "001")},
    "Bucharest": {("en", "003")},
    "Draghi": {("en", "001")},
    "Biden": {("en", "003"), ("en", "004")},
    "Geneva": {("en", "000"), ("en", "002"), ("en", "003")},
    "Tokyo": set(),  # Pagefind alone: 5 pages, through "to"
    "Zanzibar": set(),
    "بوتين": {("ar", n) for n in ("000", "001", "002", "003", "004")},
    "الناتو": {("ar", "000"), ("ar", "001"), ("ar", "002"), ("ar", "003")},  # not 004: it says حلف الأطلسي
    "بوخارست": {("ar", "003")},  # Pagefind alone: 003 and 004
    "لافروف": {("ar", "002")},
    "دراغي": {("ar", "001")},
    "ستولتنبرغ": {("ar", "002")},
    "الكرملين": {("ar", "000"), ("ar", "001"), ("ar", "003"), ("ar", "004")},  # 001: للكرملين
    "بروكسل": {("ar", "000"), ("ar", "002"), ("ar", "003")},  # 002: وبروكسل
    "زقزقلوب": set(),  # made up
    "طوكيو": set(),
}

RESULTS = """() => Array.from(document.querySelectorAll('.search-result')).map(item => ({
  href: item.querySelector('a').href,
  language: item.querySelector('.search-excerpt').lang,
  direction: getComputedStyle(item.querySelector('.search-excerpt')).direction,
  marks: Array.from(item.querySelectorAll('mark')).map(mark => mark.textContent),
  titles: Array.from(item.querySelectorAll('.search-result-title')).map(t => [t.lang, getComputedStyle(t).direction]),
}))"""


def _search(page, query: str) -> list[dict]:
    box = page.locator("#search-query")
    box.fill("")
    page.locator(".search-status:empty").wait_for(state="attached", timeout=10_000)
    box.fill(query)
    page.locator(".search-status:not(:empty)").wait_for(timeout=15_000)
    return page.evaluate(RESULTS)


def _article(href: str) -> str:
    found = re.search(r"/articles/(\d{3})_[^/]*\.html", href)
    assert found, href
    return found.group(1)


@pytest.mark.parametrize("interface", ["", "ar/"])
def test_names_and_terms_find_exactly_the_articles_that_hold_them(site, open_page, interface: str) -> None:
    watched = open_page(site.url + interface + "search.html")
    page = watched.page
    # Results come from several merged bundles (the site is built with an article to a bundle).
    assert len(page.locator("#search").get_attribute("data-bundles").split()) >= 4
    for query, expected in EXPECTED.items():
        results = _search(page, query)
        assert {(result["language"], _article(result["href"])) for result in results} == expected, query
        for result in results:
            # Every result opens the article in the interface the reader is in, at the matching pair.
            assert result["href"].startswith(site.url + interface + "articles/"), result["href"]
            assert result["direction"] == ("rtl" if result["language"] == "ar" else "ltr")
            assert result["titles"] == [["ar", "rtl"], ["en", "ltr"]]
            # The excerpt is the matching text, the match marked (للكرملين for الكرملين).
            stem = query.lower().removeprefix("ال")
            assert result["marks"] and all(stem in mark.lower() for mark in result["marks"]), result
    assert watched.errors == [] and watched.offsite == []


def test_the_language_filter_keeps_one_language(site, open_page) -> None:
    page = open_page(site.url + "search.html").page
    both = _search(page, "Putin")
    page.get_by_label("Arabic").check()
    page.wait_for_timeout(600)
    assert page.evaluate(RESULTS) == [] or all(result["language"] == "ar" for result in page.evaluate(RESULTS))
    page.get_by_label("English", exact=True).check()
    page.locator(".search-result").first.wait_for(timeout=10_000)
    english = page.evaluate(RESULTS)
    assert {r["href"] for r in english} == {r["href"] for r in both if r["language"] == "en"}
    arabic = _search(page, "بوتين")
    assert arabic == []  # English only: the Arabic word is in no English text


def test_a_result_link_opens_the_matching_pair(site, open_page) -> None:
    page = open_page(site.url + "search.html").page
    results = _search(page, "Stoltenberg")
    assert len(results) == 1 and "#p-" in results[0]["href"]
    page.locator(".search-result a").first.click()
    page.wait_for_load_state("load")
    target = page.evaluate("location.hash").lstrip("#")
    assert "Stoltenberg" in page.locator(f"[id='{target}'] .cell-target").inner_text()
