"""A dispatch's dateline that names the outlet itself, set apart under the headline of its page ("عمّان - رؤيا" on Roya
News, "طرابلس - بوابة الوسط" on Alwasat): the place and the name the page gives its site (og:site_name) are the
article's attribution, not its first paragraph, as an agency's dateline is. The same line on a page of another
name is the article's text, as its extractor kept it."""

from __future__ import annotations

from pathlib import Path

import pytest
from clean_helpers import PARAGRAPHS, TITLE

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config
from toolkit.model import Article


def _page(site_name: str, line: str, tmp_path: Path) -> Article:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in [line, *PARAGRAPHS])
    page = (
        f"<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>{TITLE} | {site_name}</title>"
        f"<meta property='og:site_name' content='{site_name}'></head><body>"
        f"<article><h1>{TITLE}</h1>{body}</article></body></html>"
    )
    return clean_file(tmp_path / "page.html", page.encode(), Config(tmp_path, "ar"))


@pytest.mark.parametrize(
    ("site_name", "line"),
    [
        ("رؤيا الإخباري", "عمّان - رؤيا"),
        ("بوابة الوسط", "طرابلس - بوابة الوسط"),
        ("عنب بلدي", "عنب بلدي – ريف حلب"),
        ("هسبريس", "الرباط: هسبريس"),
        ("مدى مصر", "القاهرة | مدى مصر"),
    ],
)
def test_a_dateline_naming_the_page_s_own_site_is_its_attribution(site_name: str, line: str, tmp_path: Path) -> None:
    article = _page(site_name, line, tmp_path)
    assert [block.text for block in article.blocks] == PARAGRAPHS
    assert article.attribution == [line]


def test_the_line_on_a_page_of_another_name_is_the_article_s(tmp_path: Path) -> None:
    article = _page("الغد", "عمّان - رؤيا", tmp_path)
    assert [block.text for block in article.blocks] == ["عمّان - رؤيا", *PARAGRAPHS]


def _dump(notice: str, line: str) -> str:
    """A page as `lynx -dump -nolist` prints it: the logo's and the menu's links, the headline, the outlet's
    dateline set apart, the paragraphs, the footer's copyright notice; no date under the headline."""
    menu = ["   عنب بلدي", "     * الرئيسية", "     * أخبار سوريا", "     * اقتصاد", "     * رأي وتحليل"]
    paragraphs = [f"   {paragraph}" for paragraph in PARAGRAPHS]
    return "\n\n".join(["\n".join(menu), TITLE, f"   {line}", *paragraphs, f"   {notice}"]) + "\n"


@pytest.mark.parametrize(
    ("notice", "line"),
    [
        ("© 2024 عنب بلدي. جميع الحقوق محفوظة", "عنب بلدي – إدلب"),
        ("جميع الحقوق محفوظة © مدى مصر ٢٠٢٤", "القاهرة | مدى مصر"),
        ("حقوق النشر © 2024 قناة رؤيا الفضائية", "عمّان - رؤيا"),
    ],
)
def test_in_a_page_saved_as_text_the_copyright_notice_names_the_site(notice: str, line: str, tmp_path: Path) -> None:
    # Raw text names its site nowhere but in its footer; the dateline, its words repeated by the body (the place,
    # "قال لعنب بلدي"), was taken for the headline, and the headline cut as the page's chrome above it.
    text = _dump(notice, line)
    article = clean_file(tmp_path / "dump.txt", text.encode(), Config(tmp_path, "ar"))
    assert (article.title, article.attribution) == (TITLE, [line])
    assert [block.text for block in article.blocks] == PARAGRAPHS


def test_a_page_saved_as_text_of_another_name_keeps_the_line(tmp_path: Path) -> None:
    text = _dump("© 2024 صحيفة الغد. جميع الحقوق محفوظة", "عمّان - رؤيا")
    article = clean_file(tmp_path / "dump.txt", text.encode(), Config(tmp_path, "ar"))
    assert article.attribution == []
