"""Untrusted text through Markdown, nh3 and bidi isolation: inline markup survives, nothing that runs does."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timezone

import lxml.html
import polib
import pytest
from lxml import etree
from site_projects import SAFE_LINK, XSS_PAYLOADS

from toolkit.catalog.entries import StateCounts
from toolkit.scripts import BIDI_CONTROLS
from toolkit.site.pages import ArticlePage, ArticleSummary, Pair, article_page
from toolkit.site.render import (
    ListPage,
    SiteInfo,
    atom_date,
    isolate_bidi,
    machine_date,
    plain_text,
    render_article,
    render_feed,
    render_index,
    rich_text,
    sanitize,
)

SITE = SiteInfo("Site", "Description", "https://example.org/", "ar", "en")
FIRST_PAGE = ListPage(1, 1, 1)
ATOM = "{http://www.w3.org/2005/Atom}"
DANGEROUS = re.compile(
    r"<script|<iframe|<svg|<math|<object|<style|<img|<form|<meta|<details|\son\w+\s*=|javascript:|data:",
    re.IGNORECASE,
)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_leaves_nothing_that_can_run(payload: str) -> None:
    for text in (payload, f"نص عربي {payload} نص", f"English {payload} text"):
        assert not DANGEROUS.search(sanitize(text)), text


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("He said <script>alert(1)</script> hello", "He said hello"),
        ("a <img src=x onerror=alert(1)> b", "a b"),
        ("a <iframe src=x></iframe> <svg><circle/></svg> b", "a b"),
        ("a <!-- a note --> b", "a b"),
        ("a <span> b</span> c", "a b c"),
        ("*a* <style>p{}</style> **b**", "<em>a</em> <strong>b</strong>"),
        ("قال <script>x</script>\nإن", "قال\nإن"),
    ],
)
def test_a_tag_the_sanitizer_removes_leaves_one_space_where_it_was(written: str, shown: str) -> None:
    # A tag removed (with its content or not) left the spaces written on its two sides together.
    assert sanitize(written) == shown
    assert "  " not in str(rich_text(written, "en")) and "  " not in str(rich_text(written, "ar"))


def test_markdown_emphasis_and_safe_links_survive() -> None:
    html = sanitize(f"**bold** and *em* and {SAFE_LINK}")
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html
    assert '<a href="https://example.org/story" rel="noopener noreferrer nofollow">' in html


@pytest.mark.parametrize(
    "link", ["[x](javascript:alert(1))", "[x](data:text/html,hi)", "[x](relative/page.html)", "[x](//evil.example)"]
)
def test_only_http_https_and_mailto_links_keep_their_href(link: str) -> None:
    html = sanitize(link)
    assert "href" not in html and "<a>x</a>" in html


def test_mailto_link_is_kept() -> None:
    assert 'href="mailto:desk@example.org"' in sanitize("[desk](mailto:desk@example.org)")


def test_block_syntax_is_text_not_markup() -> None:
    assert sanitize("1. first point") == "1. first point"
    assert sanitize("- dash") == "- dash"
    assert sanitize("# not a heading") == "# not a heading"


def test_plain_text_is_escaped_on_the_fast_path() -> None:
    assert sanitize('a "quote" > b') == 'a "quote" &gt; b'
    assert sanitize("AT&T") == "AT&amp;T"


def test_latin_runs_in_arabic_and_arabic_runs_in_english_are_isolated() -> None:
    arabic = str(rich_text("قال Vladimir Putin في 28.01.2022 إن", "ar"))
    assert "<bdi>Vladimir Putin</bdi>" in arabic and "<bdi>28.01.2022</bdi>" in arabic
    english = str(rich_text("Putin (فلاديمير بوتين) said", "en"))
    assert "<bdi>فلاديمير بوتين</bdi>" in english


def test_isolation_never_touches_tags_or_entities() -> None:
    fragment = '<a href="https://example.org/Putin" rel="noopener">Putin</a> &amp; كلام'
    assert isolate_bidi(fragment, "rtl") == (
        '<a href="https://example.org/Putin" rel="noopener"><bdi>Putin</bdi></a> &amp; كلام'
    )
    assert isolate_bidi("<bdi>NATO</bdi> الناتو", "rtl") == "<bdi>NATO</bdi> الناتو"


def _page(pairs: tuple[Pair, ...], **header: str) -> ArticlePage:
    summary = ArticleSummary(
        article_id=header.get("article_id", "a1"),
        slug="a1",
        title_source=header.get("title_source", "عنوان"),
        title_target=header.get("title_target", "Title"),
        title_state="reviewed",
        date=header.get("date", "2022-01-28"),
        outlet=header.get("outlet", "وطن"),
        progress=StateCounts(reviewed=1, drafts=1, untranslated=1),
        summary_target="Lead",
    )
    return ArticlePage(summary, header.get("byline", ""), (header.get("attribution", "AFP"),), "ar", "en", pairs)


def test_article_marks_draft_untranslated_and_reviewed_cells() -> None:
    pairs = (
        Pair("b-1", "heading", "عنوان فرعي", "Subheading", "reviewed"),
        Pair("b-2", "paragraph", "فقرة", "Paragraph draft", "draft"),
        Pair("b-3", "paragraph", "فقرة أخرى", "", "untranslated"),
    )
    html = render_article(_page(pairs), SITE).decode()
    assert html.count("data-pair=") == 3
    assert 'id="p-b-1"' in html and 'href="#p-b-2"' in html
    assert '<h2 class="text">Subheading</h2>' in html
    assert html.count(">Machine draft<") == 2  # the draft's label, and the footer's legend
    assert "Not yet translated" in html
    # The English interface indexes the English cells for search, not the Arabic ones.
    assert '<div class="cell cell-source" lang="ar" dir="rtl" data-pagefind-ignore>' in html
    assert '<div class="cell cell-target" lang="en" dir="ltr">' in html
    assert '<html lang="en" dir="ltr">' in html


def test_hostile_header_metadata_is_escaped_everywhere() -> None:
    hostile = '"><script>window.__xss=1</script><img src=x onerror=alert(1)>'
    page = _page(
        (Pair('b-"><script>', "paragraph", hostile, hostile, "reviewed"),),
        title_source=hostile,
        title_target=hostile,
        outlet=hostile,
        byline=hostile,
        attribution=hostile,
        date=hostile,
    )
    for html, expected_scripts in (
        (render_article(page, SITE), ["../static/site.js"]),
        (render_index([page.summary], SITE, FIRST_PAGE), []),
    ):
        tree = lxml.html.document_fromstring(html)
        assert [script.get("src") for script in tree.iter("script")] == expected_scripts
        assert not list(tree.iter("img"))
        assert not [name for element in tree.iter() for name in element.attrib if name.startswith("on")]


def test_rendering_is_deterministic() -> None:
    pairs = (Pair("b-1", "paragraph", "فقرة", "Paragraph", "reviewed"),)
    assert render_article(_page(pairs), SITE) == render_article(_page(pairs), SITE)


BUILT_AT = datetime(2026, 3, 4, 5, 6, 7, tzinfo=timezone.utc)


@pytest.mark.parametrize("date", ["2022-02-30", "2022-13-01", "yesterday", "2022-01-28T25:00", ""])
def test_impossible_dates_are_shown_as_text_and_never_break_the_feed(date: str) -> None:
    summary = _page(()).summary
    feed = etree.fromstring(render_feed([replace(summary, date=date)], SITE, BUILT_AT))
    # No catalog in the feed holds a date: the instant of the build that made it, never an invented 1970-01-01.
    assert [element.text for element in feed.iter(f"{ATOM}updated")] == ["2026-03-04T05:06:07Z"] * 2
    assert machine_date(date) is None


@pytest.mark.parametrize(
    ("revision", "updated"),
    [
        ("2024-02-18 13:05+0300", "2024-02-18T10:05:00Z"),  # Poedit, msgmerge
        ("2024-02-18 13:05:09+03:00", "2024-02-18T10:05:09Z"),
        ("2024-02-18T13:05Z", "2024-02-18T13:05:00Z"),
        ("2024-02-18 13:05", "2024-02-18T13:05:00Z"),
        ("YEAR-MO-DA HO:MI+ZONE", "2023-05-06T00:00:00Z"),  # gettext's placeholder: no date, the feed's
        ("2024-02-30 13:05+0300", "2023-05-06T00:00:00Z"),
        ("", "2023-05-06T00:00:00Z"),
    ],
)
def test_an_undated_articles_feed_entry_carries_its_catalogs_revision_date(revision: str, updated: str) -> None:
    catalog = polib.POFile()
    catalog.metadata = {"PO-Revision-Date": revision, "X-Article-Date": ""}
    dated = replace(_page(()).summary, article_id="dated", slug="dated", date="2023-05-06")
    undated = article_page(catalog, "undated", "ar", "en").summary
    feed = etree.fromstring(render_feed([dated, undated], SITE, BUILT_AT))
    entries = {entry.findtext(f"{ATOM}id"): entry.findtext(f"{ATOM}updated") for entry in feed.iter(f"{ATOM}entry")}
    assert entries == {
        "https://example.org/articles/dated.html": "2023-05-06T00:00:00Z",
        "https://example.org/articles/undated.html": updated,
    }
    assert feed.findtext(f"{ATOM}updated") == max(entries.values())


def test_a_dated_articles_feed_entry_carries_its_date_not_its_revision() -> None:
    summary = replace(_page(()).summary, date="2023-05-06", revised="2024-02-18T13:05+03:00")
    feed = etree.fromstring(render_feed([summary], SITE, BUILT_AT))
    assert [element.text for element in feed.iter(f"{ATOM}updated")] == ["2023-05-06T00:00:00Z"] * 2


def test_feed_dates_are_rfc3339_utc() -> None:
    assert atom_date("2022-01-28") == "2022-01-28T00:00:00Z"
    assert atom_date("2022-01-28T19:44+03:00") == "2022-01-28T16:44:00Z"
    assert atom_date("") is None


SCRAPED_TEXTS = ("وكالة <Reuters> قالت", "5*4*3", "[هنا](رابط)")


@pytest.mark.parametrize("source", SCRAPED_TEXTS)
def test_source_text_is_shown_verbatim_never_as_markdown(source: str) -> None:
    page = _page(
        (Pair("b-1", "paragraph", source, "**Reviewed** text", "reviewed"),),
        title_source=source,
        outlet=source,
        byline=source,
        attribution=source,
    )
    for html in (render_article(page, SITE), render_index([page.summary], SITE, FIRST_PAGE)):
        tree = lxml.html.document_fromstring(html)
        sources = tree.xpath('//*[contains(@class, "cell-source")]/p | //*[@class="title-source"] | //dd[@lang="ar"]')
        assert sources and all(element.text_content() == source for element in sources)
        assert not [child.tag for element in sources for child in element.iterdescendants() if child.tag != "bdi"]
    target = lxml.html.fragment_fromstring(render_article(page, SITE).decode(), create_parent=True)
    assert target.xpath('//*[contains(@class, "cell-target")]//strong[text()="Reviewed"]')


def test_plain_text_escapes_and_isolates_but_adds_no_markup() -> None:
    assert str(plain_text("وكالة <Reuters> قالت", "ar")) == "وكالة &lt;<bdi>Reuters</bdi>&gt; قالت"
    assert str(plain_text("**5*4*3** & [x](y)", "en")) == "**5*4*3** &amp; [x](y)"


def test_isolation_knows_every_latin_letter_toolkit_scripts_knows() -> None:
    assert "<bdi>Nguyễn Phú Trọng</bdi>" in str(rich_text("قال Nguyễn Phú Trọng إن", "ar"))


def test_machine_drafts_and_texts_needing_review_carry_different_labels() -> None:
    pairs = (
        Pair("b-1", "paragraph", "فقرة", "Engine output", "draft"),
        Pair("b-2", "paragraph", "فقرة ثانية", "Carried over", "needs-review"),
    )
    page = _page(pairs)
    html = render_article(page, SITE).decode()
    tree = lxml.html.document_fromstring(html)
    assert [label.text_content() for label in tree.xpath('//*[@id="p-b-1"]//*[contains(@class, "label")]')] == [
        "Machine draft"
    ]
    assert [label.text_content() for label in tree.xpath('//*[@id="p-b-2"]//*[contains(@class, "label")]')] == [
        "Needs review"
    ]
    assert tree.xpath('//*[@id="p-b-2" and contains(@class, "state-needs-review")]')


@pytest.mark.parametrize(("state", "label"), [("draft", "Machine draft"), ("needs-review", "Needs review")])
def test_an_unreviewed_title_is_labelled_in_the_header_the_index_and_the_feed(state: str, label: str) -> None:
    page = _page(())
    summary = replace(page.summary, title_state=state)
    for html in (render_article(replace(page, summary=summary), SITE), render_index([summary], SITE, FIRST_PAGE)):
        tree = lxml.html.document_fromstring(html)
        titles = tree.xpath('//*[@class="titles"]//*[contains(@class, "label")]')
        assert [title.text_content() for title in titles] == [label]
    feed = render_feed([summary], SITE, BUILT_AT).decode()
    assert f"<title>Title [{label.lower()}]</title>" in feed
    reviewed = render_feed([replace(summary, title_state="reviewed")], SITE, BUILT_AT).decode()
    assert "<title>Title</title>" in reviewed and "[" not in reviewed


@pytest.mark.parametrize("title", ["<b></b>", "![](x.png)"])
def test_a_feed_title_of_no_reader_text_is_the_source_s_without_the_translation_s_label(title: str) -> None:
    # The shown title falls back to the source's, so the label and category of the translation it does not
    # show were told of the source's title.
    summary = replace(_page(()).summary, title_target=title, title_state="draft")
    atom = "{http://www.w3.org/2005/Atom}"
    [entry] = etree.fromstring(render_feed([summary], SITE, BUILT_AT)).iter(f"{atom}entry")
    assert entry.findtext(f"{atom}title") == "عنوان"
    assert entry.find(f"{atom}category") is None


def test_no_bidi_control_of_any_untrusted_text_reaches_an_article_page() -> None:
    """The pair rows skip the templates' finalize (d9c37b4): each of their inputs, and the header's, is
    stripped all the same (an override would reorder what readers see)."""
    controls = "".join(sorted(BIDI_CONTROLS))
    hostile = f"{controls}نص{controls} text *em*{controls}"
    pairs = (
        Pair(f"b{controls}1", "paragraph", hostile, hostile, "reviewed"),
        Pair(f"b{controls}2", "heading", hostile, hostile, "draft"),
        Pair("b-3", "paragraph", hostile, "", "untranslated"),
    )
    page = _page(pairs, title_source=hostile, title_target=hostile, outlet=hostile, byline=hostile)
    for ui in SITE.interfaces:
        html = render_article(page, SITE, ui).decode()
        assert "نص" in html and not BIDI_CONTROLS.intersection(html)
