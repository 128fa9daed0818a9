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
