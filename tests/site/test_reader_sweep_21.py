"""Cases from the twenty-first sweep of what reaches readers (issue 10): text a translator, a scraped page or the
site's settings put where readers see it, through the real build. Each test failed before its fix."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import polib
import pytest
from abuse.abuse_projects import run_toolkit
from site_projects import sample_project

from toolkit.catalog.entries import StateCounts
from toolkit.errors import EXIT_INCOMPLETE, EXIT_USAGE
from toolkit.site.interface import LOCALES_DIR, formats_alike
from toolkit.site.pages import ArticlePage, ArticleSummary, Pair
from toolkit.site.render import ListPage, SiteInfo, render_article, render_index, sanitize

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


ARTICLE = "أعلنت وزارة الخارجية اليوم عن بدء جولة جديدة من المحادثات مع الوفد الروسي في العاصمة.\n"


@pytest.mark.parametrize(("separator", "kind"), [("\u2028", "line separator"), ("\u2029", "paragraph separator")])
def test_a_line_separator_in_the_site_title_is_named_before_anything_is_written(
    tmp_path: Path, separator: str, kind: str
) -> None:
    # The title is the first line of every catalog's header comment and its Project-Id-Version: publish wrote
    # every catalog with it, then refused each as "a line separator character ... cannot be kept", and the
    # site was built with no article at all (exit 1).
    project = tmp_path / "p"
    (project / "source").mkdir(parents=True)
    (project / "source" / "one.txt").write_text(f"عنوان الخبر\n\n{ARTICLE}", encoding="utf-8")
    escaped = f"\\u{ord(separator):04X}"  # as TOML writes it
    (project / "toolkit.toml").write_text(f'[site]\ntitle = "News{escaped}site"\n', encoding="utf-8")
    result = run_toolkit(project, "-q", "publish")
    assert result.returncode == EXIT_USAGE
    assert result.stderr == (
        f"toolkit: {project / 'toolkit.toml'}: site.title holds the {kind} U+{ord(separator):04X}; remove it\n"
    )
    assert sorted(path.name for path in project.iterdir()) == ["source", "toolkit.toml"]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_source_file_named_with_a_line_separator_is_published(tmp_path: Path, separator: str) -> None:
    # The article id (the file's stem) is written in its catalog's header: the catalog was written, then refused
    # as holding a line separator, and the article never had a page.
    project = tmp_path / "p"
    (project / "source").mkdir(parents=True)
    (project / "source" / f"one{separator}two.txt").write_text(f"عنوان الخبر\n\n{ARTICLE}", encoding="utf-8")
    (project / "toolkit.toml").write_text('[site]\ntitle = "News"\n', encoding="utf-8")
    result = run_toolkit(project, "-q", "publish", ARGOS_PACKAGES_DIR=str(tmp_path / "argos-packages"))
    assert result.returncode == EXIT_INCOMPLETE, result.stderr  # no model here: the article waits for one
    assert "cannot be kept" not in result.stderr
    assert [path.name for path in (project / "translations").iterdir()] == ["one_two.po"]
    assert (project / "site" / "articles" / "one_two.html").is_file()


def test_a_ui_translation_whose_placeholders_are_not_its_msgids_is_left_out(tmp_path: Path) -> None:
    # A percent sign of the text ("100%", "50% ...") or a misspelt placeholder in a UI catalog's msgstr ended every
    # build in "internal error (ValueError: incomplete format)" or "(KeyError: 'cout')". Such a translation is
    # left out, as msgfmt --check-format refuses it: the page shows the English string, as for an untranslated one.
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    catalog = polib.pofile(str(locales / "ar.po"))
    broken = {"Search": "بحث 100%", "Results: %(count)s": "النتائج: %(cout)s", "Articles": "المقالات %d"}
    for entry in catalog:
        entry.msgstr = broken.get(entry.msgid, entry.msgstr)
    catalog.save()
    project = sample_project(tmp_path / "p")
    done = subprocess.run(
        [sys.executable, "-c", BUILD_WITH_LOCALES, str(locales), str(project)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    search = _pages(project / "site")["ar/search.html"]
    assert search.xpath("//nav//a/text()")[:2] == ["Articles", "Search"]
    assert search.xpath("//form/@data-results") == ["Results: {count}"]
    assert search.xpath("//label[@for='search-query']/text()") == [
        catalog.find("Search the articles in both languages").msgstr
    ]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "kept"),
    [
        ("Search", "بحث %s", False),
        ("Page %(number)s", "الصفحة %(number)s %r", False),
        ("Results: %(count)s", "النتائج: %%(count)s", False),
        ("Search", "بحث 100%%", True),
        ("Results: %(count)s", "%(count)s %% النتائج", True),
    ],
)
def test_a_ui_translation_with_a_conversion_its_msgid_has_not_is_left_out(msgid: str, msgstr: str, kept: bool) -> None:
    # An unnamed "%s" (or "%r") took the whole mapping of values, {} for a string without any: "بحث {}" on every
    # page, where msgfmt --check-format refuses it; "%%(count)s" is the text "%(count)s", the count never shown.
    assert formats_alike(msgid, msgstr) is kept


@pytest.mark.parametrize(
    ("written", "href"),
    [
        ("[x](https://example.org/<b>)", "https://example.org/%3Cb%3E"),
        ("[x](<https://example.org/a b>)", "https://example.org/a%20b"),
        (
            '<a href="https://example.org/a{|}^`\\%zz?q=%41#f#g">x</a>',
            "https://example.org/a%7B%7C%7D%5E%60%5C%25zz?q=%41#f%23g",
        ),
        ("[x](https://ar.wikipedia.org/wiki/مصر)", "https://ar.wikipedia.org/wiki/مصر"),
        ('<a href="https://[::1]:8080/p">x</a>', "https://[::1]:8080/p"),
        ('<a href="mailto:a b@example.org">x</a>', "mailto:a%20b@example.org"),
    ],
)
def test_a_translators_link_is_a_valid_url_its_illegal_characters_percent_encoded(written: str, href: str) -> None:
    # A link's address went into the page as written: "<", a space, "{" or a "%" that begins no escape made the
    # page invalid HTML (the Nu checker: "Bad value ... Illegal character in path segment"). A browser encodes
    # them when it follows the link, so the encoded address leads where the written one did.
    assert lxml.html.fragment_fromstring(sanitize(written), create_parent="p").find("a").get("href") == href


def test_the_original_articles_address_is_a_valid_url() -> None:
    # The page's canonical address as the source page gave it, with "|", "{" or a stray "%" (a CMS's query
    # syntax): the same invalid href as a translator's link.
    summary = ArticleSummary("a", "a", "عنوان", "Title", "reviewed", "", "", StateCounts(reviewed=1), "")
    pairs = (Pair("b-1", "paragraph", "فقرة", "Paragraph", "reviewed"),)
    page = ArticlePage(summary, "", (), "ar", "en", pairs, original_url="https://example.org/a|b{c}?p=50%#x")
    tree = lxml.html.fromstring(render_article(page, SiteInfo("Site", "", "", "ar", "en")))
    assert tree.xpath("//dd/a/@href") == ["https://example.org/a%7Cb%7Bc%7D?p=50%25#x"]


@pytest.mark.parametrize(
    "written",
    [
        "[![](https://example.org/map.png)](https://example.org/a&b)",
        "[](https://example.org/a&b)",
        '<a href="https://example.org/a&amp;b"> <b></b> </a>',
    ],
)
def test_a_link_with_no_words_shows_its_address(written: str) -> None:
    # A linked image without alternative text (its words are what the page shows of it) or a link written with
    # none left a link with nothing to read or click: axe's "link-name" (serious) on the page.
    link = lxml.html.fragment_fromstring(sanitize(f"See {written} here."), create_parent="p").find("a")
    assert (link.get("href"), link.text_content().strip()) == ("https://example.org/a&b", "https://example.org/a&b")


@pytest.mark.parametrize("title", ["[NATO](https://www.nato.int/) summit", "[NATO](javascript:x) summit"])
def test_a_link_in_a_translated_title_is_its_words_in_the_article_list(title: str) -> None:
    # Each title of the list is inside the link to its article: a translator's link in it (or the bare <a> left
    # of one whose address was dropped) was an <a> inside an <a>, which no parser keeps: the outer link ended
    # there, the source title fell out of it, and a click on the title went to the translator's address.
    summary = ArticleSummary("a", "a", "عنوان", title, "reviewed", "", "", StateCounts(reviewed=1), "")
    tree = lxml.html.fromstring(render_index([summary], SiteInfo("Site", "", "", "ar", "en"), ListPage(1, 1, 1)))
    (link,) = tree.xpath("//h2/a")
    assert link.get("href") == "articles/a.html"
    assert [span.text_content() for span in link.iter("span")] == ["NATO summit", "عنوان"]
    assert not link.xpath(".//a")


def test_a_paragraphs_permalink_is_a_valid_url_that_leads_to_its_pair() -> None:
    # A hand-edited catalog's msgctxt is a pair's id: '"', "<" or a second "#" in it went into the permalinks'
    # href="#p-..." as written, which no URL holds (Nu: "Illegal character in fragment").
    summary = ArticleSummary("a", "a", "عنوان", "Title", "reviewed", "", "", StateCounts(reviewed=1), "")
    contexts = ('b-x"y', "b-</div>", "b-#?%zz", "b-مصر")
    pairs = tuple(Pair(context, "paragraph", "فقرة", "Paragraph", "reviewed") for context in contexts)
    tree = lxml.html.fromstring(
        render_article(ArticlePage(summary, "", (), "ar", "en", pairs), SiteInfo("S", "", "", "ar", "en"))
    )
    for context in contexts:
        (pair,) = [element for element in tree.xpath("//div[@data-pair]") if element.get("data-pair") == context]
        (href,) = {link.get("href") for link in pair.xpath(".//a[contains(@class, 'permalink')]")}
        assert unquote(href) == f"#{pair.get('id')}"
        assert re.fullmatch(r"#(?:[^\"<>#% ]|%[0-9A-F]{2})*", href), href
