"""The built site in headless Chromium: aligned pairs, layout at two widths, toggle, highlight, search."""

from __future__ import annotations

import re

import pytest

PAIR_GEOMETRY = """() => Array.from(document.querySelectorAll('[data-pair]')).map(pair => {
  const cells = Array.from(pair.children);
  const box = cell => { const r = cell.getBoundingClientRect(); return {x: r.x, y: r.y, bottom: r.bottom}; };
  return {
    id: pair.dataset.pair,
    anchor: pair.id,
    cells: cells.length,
    source: box(cells[0]), target: box(cells[1]),
    sourceLang: cells[0].lang, sourceDir: cells[0].dir, targetLang: cells[1].lang, targetDir: cells[1].dir,
    sourceDirection: getComputedStyle(cells[0]).direction,
    targetDirection: getComputedStyle(cells[1]).direction,
    heading: cells.every(cell => cell.querySelector('h2') !== null),
  };
})"""


def _slug(page: str) -> str:
    return re.sub(r"\W+", "-", page)


def test_every_article_page_has_one_pair_per_block(site, open_page) -> None:
    assert site.articles, "the site under test has no articles"
    for article in site.articles:
        watched = open_page(site.url + article.page)
        pairs = watched.page.evaluate(PAIR_GEOMETRY)
        assert len(pairs) == article.blocks, article.page
        assert all(pair["cells"] == 2 for pair in pairs)
        assert all(pair["anchor"] == f"p-{pair['id']}" for pair in pairs)
        assert watched.errors == [] and watched.offsite == []


def test_wide_screen_pairs_share_their_top_edge_with_arabic_on_the_right(site, open_page, artifacts) -> None:
    for article in site.articles:
        watched = open_page(site.url + article.page, width=1280)
        for pair in watched.page.evaluate(PAIR_GEOMETRY):
            assert abs(pair["source"]["y"] - pair["target"]["y"]) <= 1, pair["id"]
            assert pair["source"]["x"] > pair["target"]["x"], pair["id"]
            assert (pair["sourceLang"], pair["sourceDir"], pair["sourceDirection"]) == ("ar", "rtl", "rtl")
            assert (pair["targetLang"], pair["targetDir"], pair["targetDirection"]) == ("en", "ltr", "ltr")
        artifacts.screenshot(watched.page, f"wide-{_slug(article.page)}.png")


def test_phone_width_stacks_source_above_translation(site, open_page, artifacts) -> None:
    for article in site.articles:
        watched = open_page(site.url + article.page, width=390, height=844)
        for pair in watched.page.evaluate(PAIR_GEOMETRY):
            assert pair["target"]["y"] >= pair["source"]["bottom"] - 1, pair["id"]
            assert abs(pair["source"]["x"] - pair["target"]["x"]) <= 1, pair["id"]
        assert watched.page.evaluate("document.documentElement.scrollWidth") <= 390
        artifacts.screenshot(watched.page, f"phone-{_slug(article.page)}.png")


def test_headings_pair_as_headings(site, open_page) -> None:
    page = open_page(site.url + site.articles[0].page).page
    headings = page.evaluate(
        "() => Array.from(document.querySelectorAll('.pair-heading')).map(p => p.querySelectorAll('h2').length)"
    )
    assert all(count in (1, 2) for count in headings)
    assert page.locator(".pair-heading .cell-source h2").count() == page.locator(".pair-heading").count()


def test_index_search_and_feed_load_without_errors_or_outside_requests(site, open_page, artifacts) -> None:
    for name in ("index.html", "search.html"):
        watched = open_page(site.url + name)
        watched.page.wait_for_timeout(300)
        assert watched.errors == [], name
        assert watched.offsite == [], name
        artifacts.screenshot(watched.page, name.replace(".html", ".png"))
    index = open_page(site.url + "index.html").page
    assert index.locator(".article-item").count() == len(site.articles)
    assert index.evaluate("document.documentElement.lang") == "en"


def test_the_paged_article_list_is_walked_by_its_links(paged_site, open_page) -> None:
    watched = open_page(paged_site.url + "index.html")
    page = watched.page
    assert page.locator(".article-item").count() == 2
    page.get_by_role("link", name="Older articles").click()
    page.wait_for_url("**/index-2.html")
    assert page.locator(".article-item").count() == 2
    # The list numbers go on from the page before: the first item here is the third article.
    assert page.evaluate("document.querySelector('.article-list').start") == 3
    page.get_by_role("link", name="Older articles").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/index-3.html")
    assert page.locator(".article-item").count() == 1
    assert page.get_by_role("link", name="Older articles").count() == 0
    page.get_by_role("link", name="Newer articles").click()
    page.wait_for_url("**/index-2.html")
    assert watched.errors == [] and watched.offsite == []


def test_toggle_by_mouse_and_keyboard_is_remembered(site, open_page) -> None:
    page = open_page(site.url + site.articles[0].page).page
    source = page.locator(".cell-source").first
    target = page.locator(".cell-target").first
    assert source.is_visible() and target.is_visible()

    page.get_by_label("English only").click()
    assert target.is_visible() and not source.is_visible()

    page.get_by_label("English only").focus()
    page.keyboard.press("ArrowLeft")  # in a radio group: the option before, "Arabic only"
    assert page.evaluate("document.documentElement.dataset.view") == "source"
    assert source.is_visible() and not target.is_visible()

    page.reload()
    page.wait_for_load_state("load")
    assert page.get_by_label("Arabic only").is_checked()
    assert page.locator(".cell-source").first.is_visible()
    assert not page.locator(".cell-target").first.is_visible()

    page.get_by_label("Arabic only").focus()
    page.keyboard.press("ArrowLeft")
    assert page.get_by_label("Both languages").is_checked()
    assert page.locator(".cell-target").first.is_visible()


def test_hover_and_focus_highlight_the_partner(site, open_page) -> None:
    page = open_page(site.url + site.articles[0].page).page
    pair = page.locator("[data-pair]").nth(1)
    source, target = pair.locator(".cell-source"), pair.locator(".cell-target")

    source.hover()
    assert "is-partner" in (target.get_attribute("class") or "")
    assert "is-active" in (pair.get_attribute("class") or "")
    page.mouse.move(1, 1)
    assert "is-partner" not in (target.get_attribute("class") or "")

    target.locator(".permalink").focus()
    assert "is-partner" in (source.get_attribute("class") or "")
    page.keyboard.press("Tab")
    assert "is-partner" not in (source.get_attribute("class") or "")

    target.locator(".permalink").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#" + (pair.get_attribute("id") or "")


def test_keyboard_alone_reaches_the_toggle_and_the_permalinks(site, open_page) -> None:
    page = open_page(site.url + site.articles[0].page).page
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.className || document.activeElement.type || ''"))
    assert "radio" in reached
    assert "permalink" in reached


def test_pages_work_without_javascript(site, open_page) -> None:
    watched = open_page(site.url + site.articles[0].page, javascript=False)
    page = watched.page
    assert not page.locator(".view-toggle").is_visible()
    assert page.locator(".cell-source").first.is_visible() and page.locator(".cell-target").first.is_visible()
    assert page.locator("[data-pair]").count() == site.articles[0].blocks


@pytest.mark.parametrize("width", [1280, 390])
def test_hostile_content_runs_no_script(hostile_site, browser, width: int, artifacts) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        offsite: list[str] = []  # an image, style sheet or frame a payload points to, loaded
        page.on("request", lambda request: request.url.startswith(hostile_site.url) or offsite.append(request.url))
        for name in ["index.html", "search.html", *(article.page for article in hostile_site.articles)]:
            page.goto(hostile_site.url + name)
            page.wait_for_load_state("load")
            for link in page.locator(".cell .text a").all():
                link.hover()
            page.locator("details").count()
            page.wait_for_timeout(200)
            assert page.evaluate("typeof window.__xss") == "undefined", name
            assert page.evaluate("document.querySelectorAll('.pairs script, .pairs iframe, .pairs svg').length") == 0
        assert dialogs == []
        assert offsite == []
        artifacts.screenshot(page, f"hostile-{width}.png")
    finally:
        context.close()


def test_print_shows_both_columns_without_controls(site, open_page) -> None:
    page = open_page(site.url + site.articles[0].page).page
    page.emulate_media(media="print")
    assert not page.locator(".view-toggle").is_visible()
    assert not page.locator(".permalink").first.is_visible()
    assert page.locator(".cell-source").first.is_visible() and page.locator(".cell-target").first.is_visible()


# A page opened from disk has no origin ("null"), so Chromium refuses the font preloads the pages carry for a
# served site (a preload of a font is a CORS request) and says so twice a face on the console; the faces
# themselves load from disk through @font-face, which the test checks.
REFUSED_PRELOAD = re.compile(
    r"(Access to font at 'file://[^']*/static/fonts/[^']+\.woff2' from origin 'null' has been blocked by CORS"
    r"|Failed to load resource: net::ERR_FAILED \(file://[^)]*/static/fonts/[^)]+\.woff2\))"
)
LETTERS_LOADED = """() => [...document.fonts].filter(face => face.family === 'Toolkit Naskh'
  && face.unicodeRange.includes('U+600-6FF')).map(face => face.status)"""


def test_pages_opened_from_disk_work_offline(site, open_page) -> None:
    watched = open_page((site.root / site.articles[0].page).as_uri())
    page = watched.page
    assert page.evaluate("getComputedStyle(document.querySelector('.pair')).display") == "grid"
    assert page.evaluate(f"document.fonts.ready.then({LETTERS_LOADED})") == ["loaded", "loaded"]
    page.get_by_label("English only").click()
    assert not page.locator(".cell-source").first.is_visible()
    assert [error for error in watched.errors if not REFUSED_PRELOAD.search(error)] == []
    assert watched.offsite == []
    search = open_page((site.root / "search.html").as_uri()).page
    assert "served over HTTP" in search.locator(".search-note").inner_text()
