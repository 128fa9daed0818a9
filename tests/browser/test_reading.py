"""The reader's side: the shipped Arabic face, dark mode, both interfaces, dates, line length, the phone's first
screen; screenshots of both interfaces at 1280 and 390 px, light and dark, go to test-artifacts/."""

from __future__ import annotations

import re

import pytest

WOFF2 = re.compile(r"/static/fonts/[^/]+\.woff2$")
FONT_BUDGET_BYTES = 150_000
# Letters only Persian and Urdu use, and the Urdu full stop: no space, which the Arabic face does not cover.
PERSIAN_AND_URDU = "پچژگکیٹڈڑںہےۓ۔"


def _settled(page) -> None:
    """Wait until the page and every face its text asked for have arrived: the load event (the page, its style
    sheet, script and preloaded faces) and document.fonts.ready (a face its layout asked for later). Playwright's
    "networkidle" waits the same and then half a second more on every page."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")


def _context(browser, width: int = 1280, height: int = 900, scheme: str = "light"):
    return browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)


def _fonts_of(page, selector: str) -> list[dict]:
    """The faces Chromium drew an element's own text with (DevTools' CSS.getPlatformFontsForNode)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def test_arabic_cells_use_the_face_the_site_ships(site, browser) -> None:
    context = _context(browser)
    try:
        page = context.new_page()
        fonts: list[tuple[str, int]] = []
        page.on(
            "response",
            lambda response: WOFF2.search(response.url) and fonts.append((response.url, len(response.body()))),
        )
        page.goto(site.url + site.articles[0].page)
        _settled(page)
        first_view = list(fonts)
        assert first_view and all(url.startswith(site.url) for url, _ in first_view)
        assert sum(size for _, size in first_view) <= FONT_BUDGET_BYTES
        # The letters are font-display: optional: a first view whose face came late (a slow phone, a machine at
        # load 40) stays in the fallback rather than move when it arrives, and the next view has the face from
        # the cache. The cells are checked on a view with the face there.
        if not any(font["isCustomFont"] for font in _fonts_of(page, ".cell-source .text")):
            page.reload()
            _settled(page)
        used = _fonts_of(page, ".cell-source .text")
        assert [font["familyName"] for font in used if font["isCustomFont"]] == ["Noto Naskh Arabic"], used
        # Persian and Urdu letters and the Urdu full stop: all drawn with the shipped face, no fallback.
        page.evaluate(
            """letters => { const span = document.createElement('span'); span.id = 'urdu'; span.lang = 'ur';
               span.textContent = letters; document.querySelector('.cell-source .text').append(span); }""",
            PERSIAN_AND_URDU,
        )
        page.wait_for_timeout(200)
        assert [(font["familyName"], font["isCustomFont"]) for font in _fonts_of(page, "#urdu")] == [
            ("Noto Naskh Arabic", True)
        ]
        # The English cell keeps the reader's sans: the Arabic face covers Arabic letters only.
        assert all(not font["isCustomFont"] for font in _fonts_of(page, ".cell-target .text"))
    finally:
        context.close()


def test_arabic_outside_an_arabic_element_uses_the_face_the_site_ships(site, browser) -> None:
    """Arabic where the page's language is another: a site's Arabic title in the English interface's header
    (أخبار عربية), a name or quotation left in Arabic in an English translation. It was drawn in the reader's
    system face (DejaVu Sans's screen Arabic), beside the shipped face of the Arabic cells."""
    context = _context(browser)
    try:
        page = context.new_page()
        page.goto(site.url + site.articles[0].page)
        _settled(page)
        if not any(font["isCustomFont"] for font in _fonts_of(page, ".cell-source .text")):
            page.reload()  # a first view whose face came late stays in the fallback (font-display: optional)
            _settled(page)
        page.evaluate(
            """() => { document.querySelector('.site-title').textContent = 'أخبار عربية';
               const span = document.createElement('span'); span.id = 'quoted'; span.textContent = 'الضمانات';
               document.querySelector('.cell-target .text').append(span); }"""
        )
        page.wait_for_timeout(200)
        for selector in (".site-title", "#quoted"):
            used = _fonts_of(page, selector)
            assert [font["familyName"] for font in used if font["isCustomFont"]] == ["Noto Naskh Arabic"], used
        # Latin stays in the reader's sans: the next pair's English.
        assert all(not font["isCustomFont"] for font in _fonts_of(page, ".pair + .pair .cell-target .text"))
    finally:
        context.close()


def test_arabic_interface_labels_use_the_face_the_site_ships(paged_site, browser) -> None:
    """The Arabic interface's "مسودة آلية" and "تحتاج إلى مراجعة" labels, on the blocks and in the legend, are
    Arabic text like the cells: they were set in the reader's system face (DejaVu Sans's screen Arabic on a
    machine without an Arabic face), the English interface's labels keep the reader's sans."""
    context = _context(browser)
    try:
        page = context.new_page()
        page.goto(paged_site.url + "ar/" + paged_site.articles[0].page)
        _settled(page)
        if not any(font["isCustomFont"] for font in _fonts_of(page, ".cell-source .text")):
            page.reload()  # a first view whose face came late stays in the fallback (font-display: optional)
            _settled(page)
        for selector in (".cell .label-draft", ".cell .label-needs-review", ".legend .label-draft"):
            used = _fonts_of(page, selector)
            # Its letters; a space (outside the face's Arabic ranges, as in the cells) is the reader's sans.
            assert [font["familyName"] for font in used if font["isCustomFont"]] == ["Noto Naskh Arabic"], used
        page.goto(paged_site.url + paged_site.articles[0].page)
        _settled(page)
        assert all(not font["isCustomFont"] for font in _fonts_of(page, ".cell .label-draft"))
    finally:
        context.close()


def _luminance(rgb: str) -> float:
    channels = [int(value) / 255 for value in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(ink: str, paper: str) -> float:
    high, low = sorted((_luminance(ink), _luminance(paper)), reverse=True)
    return (high + 0.05) / (low + 0.05)


COLOURS = """selectors => selectors.map(selector => {
  const node = document.querySelector(selector);
  if (!node) return null;
  const style = getComputedStyle(node);
  let paper = node, background = 'rgba(0, 0, 0, 0)';
  const clear = 'rgba(0, 0, 0, 0)';
  while (paper && (background = getComputedStyle(paper).backgroundColor) === clear) paper = paper.parentElement;
  return [selector, style.color, paper ? background : getComputedStyle(document.body).backgroundColor];
})"""
CHECKED = [
    "body",
    ".site-title",
    "nav a",
    ".label-draft",
    ".label-needs-review",
    ".state-draft .cell-target .text",
    ".state-needs-review .cell-target .text",
    ".placeholder",
    ".site-footer",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_both_colour_schemes_keep_labels_and_text_readable(paged_site, browser, scheme: str) -> None:
    context = _context(browser, scheme=scheme)
    try:
        page = context.new_page()
        page.goto(paged_site.url + paged_site.articles[0].page)
        page.wait_for_load_state("load")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (_luminance(background) < 0.05) == (scheme == "dark"), background
        found = [entry for entry in page.evaluate(COLOURS, CHECKED) if entry]
        assert {entry[0] for entry in found} >= {"body", ".label-draft", ".label-needs-review"}
        for selector, ink, paper in found:
            assert _contrast(ink, paper) >= 4.5, (scheme, selector, ink, paper)
        page.emulate_media(media="print")
        assert _luminance(page.evaluate("getComputedStyle(document.body).backgroundColor")) > 0.9  # print stays light
        # Printed, with the browser's default of no backgrounds: every ink stands on white paper. A page printed
        # from a dark screen kept the dark scheme's labels (light amber #ffd98a: 1.4:1 on paper).
        for selector, ink, _ in [entry for entry in page.evaluate(COLOURS, CHECKED) if entry]:
            assert _contrast(ink, "rgb(255, 255, 255)") >= 4.5, ("print", scheme, selector, ink)
    finally:
        context.close()


def test_the_language_switch_keeps_the_reader_on_the_article(site, open_page) -> None:
    watched = open_page(site.url + site.articles[0].page)
    page = watched.page
    page.locator("a.language-switch").click()
    page.wait_for_load_state("load")
    assert page.url == site.url + "ar/" + site.articles[0].page
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert page.locator("nav a").first.inner_text() == "المقالات"
    alternates = page.evaluate(
        "Object.fromEntries(Array.from(document.querySelectorAll('link[hreflang]')).map(l => [l.hreflang, l.href]))"
    )
    assert set(alternates) == {"ar", "en"}
    page.locator("a.language-switch").click()
    page.wait_for_load_state("load")
    assert page.url == site.url + site.articles[0].page
    assert watched.errors == [] and watched.offsite == []


def test_the_language_switch_opens_the_same_paragraph(site, open_page) -> None:
    """A reader sent to a paragraph (a permalink, a search result) who switches language was taken to the top
    of the article in the other interface; the pairs have the same ids in both."""
    watched = open_page(site.url + site.articles[0].page)
    page = watched.page
    third = page.locator(".pair").nth(2).get_attribute("id")
    page.locator(f"[id='{third}'] .cell-target .permalink").click()
    page.locator("a.language-switch").click()
    page.wait_for_load_state("load")
    assert page.url == site.url + "ar/" + site.articles[0].page + "#" + third
    page.locator("a.language-switch").click()  # and back, opened at the anchor this time
    page.wait_for_load_state("load")
    assert page.url == site.url + site.articles[0].page + "#" + third
    assert watched.errors == [] and watched.offsite == []


def test_dates_are_written_in_words_in_each_interface(site, open_page) -> None:
    english = open_page(site.url + "index.html").page.locator(".article-facts time").all_inner_texts()
    arabic = open_page(site.url + "ar/index.html").page.locator(".article-facts time").all_inner_texts()
    assert "31 December 2021" in english and "31 ديسمبر 2021" in arabic
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", date) for date in english)
    assert all(re.fullmatch(r"\d{1,2} [\u0600-\u06ff ]+ \d{4}", date) for date in arabic)


LONGEST_LINE = """() => Array.from(document.querySelectorAll('.cell .text')).filter(e => e.offsetParent).map(text => {
  const element = text;
  const lines = new Map();
  const top = element.getBoundingClientRect().top;
  const height = parseFloat(getComputedStyle(element).lineHeight);
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.textContent.length; i++) {
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      const line = Math.floor(((rect.top + rect.bottom) / 2 - top) / height);
      lines.set(line, (lines.get(line) || 0) + 1);
    }
  }
  return Math.max(0, ...lines.values());
})"""


# About 70 characters: the corpus's longest line at most 72, as news text of shorter words (the devdata pages'
# Arabic) runs some five characters a line longer at the same width; the Arabic view held 75 here and 77 there.
MOST_CHARACTERS_A_LINE = 72


@pytest.mark.parametrize("view", ["source", "target"])
def test_a_single_language_view_keeps_a_readable_measure(site, open_page, view: str) -> None:
    page = open_page(site.url + site.articles[0].page, width=1280).page
    page.evaluate("document.fonts.ready.then(() => true)")
    page.get_by_label("Arabic only" if view == "source" else "English only").check()
    longest = page.evaluate(LONGEST_LINE)
    assert longest and max(longest) <= MOST_CHARACTERS_A_LINE, longest
    assert max(longest) >= 50  # the lines are still full lines, not a narrow column


def test_a_phone_shows_the_article_on_its_first_screen(site, open_page) -> None:
    page = open_page(site.url + site.articles[0].page, width=390, height=844).page
    header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    first_pair = page.evaluate("document.querySelector('.pair').getBoundingClientRect().top")
    assert header <= 844 * 0.15 and first_pair < 844 * 0.75, (header, first_pair)


@pytest.mark.parametrize("interface", ["", "ar/"])
def test_a_phone_shows_the_status_page_s_counts_without_scrolling_sideways(site, open_page, interface) -> None:
    """At 390 px the translators' table was wider than the screen: its last two columns were behind a sideways
    scroll and each title was squeezed to a word a line. Each article's title now has a line of its own, its
    counts under their headings."""
    page = open_page(site.url + interface + "status.html", width=390, height=844).page
    _settled(page)
    table = page.evaluate(
        """() => { const scroll = document.querySelector('.table-scroll');
           return [scroll.scrollWidth, scroll.clientWidth,
                   Array.from(document.querySelectorAll('.status tbody th')).map(t => t.getBoundingClientRect().width),
                   Array.from(document.querySelectorAll('.status td')).map(t => t.getBoundingClientRect().right)]; }"""
    )
    scroll_width, shown_width, title_widths, count_ends = table
    assert scroll_width <= shown_width, table
    assert title_widths and min(title_widths) >= shown_width * 0.9, table
    assert all(0 <= end <= 390 for end in count_ends), table


def test_a_missing_page_gets_the_404_page(site, open_page) -> None:
    page = open_page(site.url + "404.html").page
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator("main a").count() == 2  # the article list in each interface


def test_counts_live_on_the_status_page_and_the_legend_only_beside_labels(site, paged_site, open_page) -> None:
    index = open_page(site.url + "index.html").page
    assert index.locator(".legend").count() == 0 and "reviewed ·" not in index.inner_text("main")
    status = open_page(site.url + "status.html").page
    assert status.locator("table.status tbody tr").count() == len(site.articles)
    labelled = open_page(paged_site.url + paged_site.articles[0].page).page
    assert labelled.locator(".cell .label").count() >= 1 and labelled.locator(".legend").count() == 1


def test_a_title_label_is_as_wide_as_its_word_not_the_title(paged_site, open_page) -> None:
    # A title is set as lines of its own (the English and the Arabic); its "Machine draft" or "Needs review"
    # label sat among them and was stretched into a bar across the whole list or page header.
    pages = ["index.html", "index-2.html", "index-3.html", *(article.page for article in paged_site.articles)]
    widths = []
    for name in pages:
        page = open_page(paged_site.url + name).page
        widths += page.eval_on_selector_all(
            ".titles .label",
            "labels => labels.map(label => [label.getBoundingClientRect().width,"
            " label.closest('.titles').getBoundingClientRect().width])",
        )
    assert len(widths) >= 4, widths  # draft and needs-review titles, in the list and on their pages
    assert all(label < title / 3 for label, title in widths), widths


# Each width and each scheme in the quick run; every pairing of the two with the slow tests (a pairing adds
# screenshots for people to look at, and a width check the same width in the other scheme has made).
SCREENSHOT_VIEWS = [
    pytest.param(1280, "light", id="light-1280"),
    pytest.param(390, "dark", id="dark-390"),
    pytest.param(1280, "dark", id="dark-1280", marks=pytest.mark.slow),
    pytest.param(390, "light", id="light-390", marks=pytest.mark.slow),
]


@pytest.mark.parametrize(("width", "scheme"), SCREENSHOT_VIEWS)
def test_screenshots_of_both_interfaces(site, browser, artifacts, width: int, scheme: str) -> None:
    context = _context(browser, width=width, height=900 if width > 400 else 844, scheme=scheme)
    try:
        page = context.new_page()
        for interface in ("", "ar/"):
            for name in ("index.html", site.articles[0].page, "search.html"):
                page.goto(site.url + interface + name)
                _settled(page)
                # Nothing sticks out sideways: in a right-to-left page that would open a scroll to the left.
                assert page.evaluate("document.documentElement.scrollWidth") <= width, interface + name
                page_name = re.sub(r"\W+", "-", name)
                label = f"{(interface or 'en/').rstrip('/')}-{page_name}-{width}-{scheme}.png"
                artifacts.screenshot(page, label)
    finally:
        context.close()


SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => { for (const entry of list.getEntries()) if (!entry.hadRecentInput)
  window.__shifts.push([entry.value, entry.sources.map(source => source.node ? source.node.nodeName + '.'
    + (source.node.className || '') : '?')]); }).observe({type: 'layout-shift', buffered: true});"""
# A slow phone's network and processor, as Lighthouse simulates them: the face and the script arrive after the
# first paint, which is when a swap of faces or a control shown late would move the text.
SLOW_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 204_800, "uploadThroughput": 96_000}
# Lighthouse scores a page's layout shift 100 up to about 0.05; nothing here should come near.
MOST_SHIFT = 0.01


# The phone in the quick run: its narrow lines are where a late face rewrapped text (up to 0.0109 at 390 px,
# 0.0003 at 1280). The wide screen, half a minute of throttled loads, with the slow tests.
@pytest.mark.parametrize("width", [pytest.param(1280, marks=pytest.mark.slow), 390])
def test_nothing_moves_while_a_page_loads_on_a_slow_phone(site, browser, width: int) -> None:
    context = _context(browser, width=width, height=900 if width > 400 else 844)
    try:
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", SLOW_NETWORK)
        session.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.add_init_script(SHIFTS)
        for interface in ("", "ar/"):
            for name in ("index.html", site.articles[0].page, "search.html"):
                page.goto(site.url + interface + name)
                page.wait_for_load_state("networkidle")
                shifts = page.evaluate("window.__shifts")
                assert sum(value for value, _ in shifts) <= MOST_SHIFT, (interface + name, shifts)
    finally:
        context.close()


def test_an_article_loads_the_letters_and_a_ligature_brings_the_forms_file(site, browser) -> None:
    """The face ships in two files a weight: an ordinary article needs only the letters; the presentation
    forms (here ﷺ) come from the other file, in the same face."""
    context = _context(browser)
    try:
        page = context.new_page()
        fetched: list[str] = []
        page.on("response", lambda response: WOFF2.search(response.url) and fetched.append(response.url))
        page.goto(site.url + site.articles[0].page)
        _settled(page)
        assert sorted(url.rsplit("/", 1)[1] for url in fetched) == [
            "noto-naskh-arabic-letters-400.woff2",
            "noto-naskh-arabic-letters-700.woff2",
        ]
        # The face is asked for only once the ligature is laid out, so the test waits on the response itself:
        # a fixed pause lost that race on a loaded machine.
        with page.expect_response(lambda response: response.url.endswith("noto-naskh-arabic-forms-400.woff2")):
            page.evaluate(
                """() => { const span = document.createElement('span'); span.id = 'ligature'; span.lang = 'ar';
                   span.textContent = 'ﷺ'; document.querySelector('.cell-source .text').append(span); }"""
            )
        page.evaluate("document.fonts.ready.then(() => true)")
        assert [(font["familyName"], font["isCustomFont"]) for font in _fonts_of(page, "#ligature")] == [
            ("Noto Naskh Arabic", True)
        ]
    finally:
        context.close()
