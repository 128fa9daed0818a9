"""The interface languages: UI catalogs that cover every template string, dates in words, the language switch."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import polib
import pytest
from jinja2.ext import babel_extract
from site_projects import sample_project

from toolkit.catalog.entries import StateCounts
from toolkit.config import load_config
from toolkit.site.build import build_site
from toolkit.site.interface import LOCALES_DIR, date_in_words, site_interfaces, ui_strings
from toolkit.site.pages import ArticlePage, ArticleSummary, Pair
from toolkit.site.render import (
    UI_TEXTS_IN_CODE,
    ListPage,
    SearchBundle,
    SiteInfo,
    article_files,
    date_html,
    render_index,
    render_search,
)
from toolkit.site.settings import STATE_LABELS

TEMPLATES = Path(__file__).resolve().parents[2] / "toolkit" / "site" / "templates"
SITE = SiteInfo("Site", "", "https://example.org/", "ar", "en")


def _template_strings() -> set[str]:
    found = set(STATE_LABELS.values()) | set(UI_TEXTS_IN_CODE)
    for path in TEMPLATES.glob("*.html"):
        with path.open("rb") as template:
            options = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}
            for _, _, message, _ in babel_extract(template, ["_"], [], options):
                message = message[0] if isinstance(message, tuple) else message
                if message:  # a call with no literal string (the state labels' lookup) extracts as None
                    found.add(message)
    return found


def test_every_interface_string_is_in_every_catalog_and_translated_in_arabic() -> None:
    used = _template_strings()
    for path in LOCALES_DIR.glob("*.po"):
        catalog = polib.pofile(str(path))
        assert {entry.msgid for entry in catalog if not entry.obsolete} == used, path.name
    arabic = ui_strings("ar")
    assert set(arabic) == used
    assert all(any("\u0600" <= char <= "\u06ff" for char in text) for text in arabic.values())


def test_dates_in_words_from_cldr_with_configurable_month_names() -> None:
    moment = datetime(2021, 12, 31)
    english, arabic = site_interfaces("ar", "en")
    assert date_in_words(moment, english.date_locale) == "31 December 2021"
    assert date_in_words(moment, arabic.date_locale) == "31 ديسمبر 2021"
    levantine = dict((ui.language, ui) for ui in site_interfaces("ar", "en", (("ar", "ar_SY"),)))["ar"]
    assert date_in_words(datetime(2022, 1, 5), levantine.date_locale) == "5 كانون الثاني 2022"
    assert str(date_html("2021-12-31", english)) == '<time datetime="2021-12-31">31 December 2021</time>'


# Dates a catalog may hold that name no day: impossible days, another order, year 0, other digits, Hijri, markup.
UNVERIFIABLE_DATES = (
    "2023-02-30",
    "31/31/2021",
    "0000-01-01",
    "٢٠٢٣-٠٢-٣٠",
    "٢٨/٠١/٢٠٢٢",
    "15 رجب 1443 هـ",
    "2022-01-28T25:00",
    "<b>early 2021</b>",
)


@pytest.mark.parametrize("date", UNVERIFIABLE_DATES)
def test_a_date_that_names_no_day_is_shown_as_written_and_marked_unverified(date: str) -> None:
    for ui, label in zip(site_interfaces("ar", "en"), ("Date not verified", "لم يُتحقق من التاريخ"), strict=True):
        shown = lxml.html.fragment_fromstring(str(date_html(date, ui)), create_parent="dd")
        assert shown.find("time") is None
        assert [span.text_content() for span in shown.iter("span")] == [date, label]
        assert shown.find("span").get("dir") == "auto"  # a Hijri date reads right to left in an English page


def _page(date: str = "", state: str = "reviewed") -> ArticlePage:
    summary = ArticleSummary("a", "a", "عنوان", "Title", "reviewed", date, "", StateCounts(reviewed=1), "")
    return ArticlePage(summary, "", (), "ar", "en", (Pair("b-1", "paragraph", "فقرة", "Paragraph", state),))


def test_each_article_page_exists_in_both_interfaces_linked_both_ways() -> None:
    files = dict(article_files(_page("2021-12-31"), SITE))
    assert set(files) == {"articles/a.html", "ar/articles/a.html"}
    english = lxml.html.fromstring(files["articles/a.html"])
    arabic = lxml.html.fromstring(files["ar/articles/a.html"])
    assert (english.get("lang"), english.get("dir")) == ("en", "ltr")
    assert (arabic.get("lang"), arabic.get("dir")) == ("ar", "rtl")
    for tree in (english, arabic):
        alternates = {link.get("hreflang"): link.get("href") for link in tree.xpath("//link[@hreflang]")}
        assert alternates == {
            "en": "https://example.org/articles/a.html",
            "ar": "https://example.org/ar/articles/a.html",
        }
    assert english.xpath("//a[@class='language-switch']/@href") == ["../ar/articles/a.html"]
    assert arabic.xpath("//a[@class='language-switch']/@href") == ["../../articles/a.html"]
    assert arabic.findtext(".//title").startswith("عنوان")  # the interface's language first
    assert english.findtext(".//title").startswith("Title")
    assert arabic.xpath("//nav//a/text()")[:2] == ["المقالات", "البحث"]
    assert english.xpath("//time/text()") == ["31 December 2021"]
    assert arabic.xpath("//time/text()") == ["31 ديسمبر 2021"]


def test_every_page_s_other_language_versions_are_pages_of_the_site(tmp_path: Path) -> None:
    """The hreflang alternates and the language switch of every page, the 404 page too (served at any address,
    its links start from the site's own address), lead to a page the build wrote: the 404 page's switch led to
    an ar/404.html there was not, so a host answered it with the English 404 page again."""
    project = sample_project(tmp_path / "project", articles=2)
    build_site(load_config(project))
    site = project / "site"
    base = "https://example.org/news/"  # site_projects.TOML's base_url
    pages = [path for path in site.rglob("*.html") if "pagefind" not in path.parts]
    assert {"404.html", "ar/404.html"} <= {page.relative_to(site).as_posix() for page in pages}
    for page in pages:
        address = base + page.relative_to(site).as_posix()
        tree = lxml.html.fromstring(page.read_bytes())
        links = tree.xpath("//link[@hreflang]/@href | //a[@class='language-switch']/@href")
        assert len(links) == 3, page  # an alternate for each interface and the switch to the other
        for href in links:
            path = unquote(urlsplit(urljoin(address, href)).path).removeprefix(urlsplit(base).path)
            assert (site / PurePosixPath(path)).is_file(), (page, href)


def test_no_date_no_counts_and_a_legend_only_where_a_label_is() -> None:
    reviewed = dict(article_files(_page(), SITE))["articles/a.html"].decode()
    assert "Undated" not in reviewed and "<time" not in reviewed
    assert "1 reviewed" not in reviewed and "<dt>Translation</dt>" not in reviewed  # counts: the status page
    assert 'class="legend"' not in reviewed
    drafted = dict(article_files(_page(state="draft"), SITE))
    assert 'class="legend"' in drafted["articles/a.html"].decode()
    assert "مسودة آلية" in drafted["ar/articles/a.html"].decode()
    index = render_index([_page().summary], SITE, ListPage(1, 1, 1)).decode()
    assert "Undated" not in index and 'class="legend"' not in index and "1 reviewed" not in index


def test_the_date_locale_comes_from_toolkit_toml_and_a_wrong_one_is_refused(tmp_path: Path) -> None:
    import pytest

    from toolkit.config import load_config
    from toolkit.errors import ConfigError
    from toolkit.site.build import site_info

    (tmp_path / "toolkit.toml").write_text('[site]\ndate_locales = { ar = "ar_SY" }\n', encoding="utf-8")
    arabic = site_info(load_config(tmp_path)).interfaces[1]
    assert date_in_words(datetime(2022, 1, 5), arabic.date_locale) == "5 كانون الثاني 2022"
    (tmp_path / "toolkit.toml").write_text('[site]\ndate_locales = { ar = "xx_nowhere" }\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"date_locales\.ar"):
        load_config(tmp_path)


def test_the_search_page_offers_both_languages_of_the_site_whatever_its_interfaces() -> None:
    bundles = [SearchBundle("pagefind/b00/")]
    both = lxml.html.fromstring(render_search(bundles, SITE))
    assert both.xpath("//label[@for='search-query']/text()") == ["Search the articles in both languages"]
    assert both.xpath("//input[@name='language']/@value") == ["", "en", "ar"]
    assert both.xpath("//form/@data-prefixes") == [" ar/"]
    # Chinese has no interface catalog: its text is searched from the English pages, whose results open.
    chinese = lxml.html.fromstring(render_search(bundles, SiteInfo("Site", "", "", "zh", "en")))
    assert chinese.xpath("//label[@for='search-query']/text()") == ["Search the articles in both languages"]
    assert chinese.xpath("//input[@name='language']/@value") == ["", "en", "zh"]
    assert chinese.xpath("//input[@value='zh']/parent::label/text()") == [" Chinese"]
    assert chinese.xpath("//form/@data-languages") == ["en zh"]
    assert chinese.xpath("//form/@data-prefixes") == [" "]
    # Neither language has one: both from the English pages.
    persian = lxml.html.fromstring(render_search(bundles, SiteInfo("Site", "", "", "fa", "de")))
    assert persian.xpath("//form/@data-languages") == ["de fa"]
    assert persian.xpath("//form/@data-directions") == ["ltr rtl"]
