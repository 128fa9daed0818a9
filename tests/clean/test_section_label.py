"""The section's name a page prints beside its headline ("تقارير", "مقالات رأي", "Opinion"), which its menu or
breadcrumb links to, is the site's furniture and not the article's first block; the same words elsewhere in the
article, or a name the page links to nowhere, are the article's."""

from __future__ import annotations

from pathlib import Path

import pytest
from clean_helpers import PARAGRAPHS, TITLE

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config
from toolkit.model import Article

MENU = ["الرئيسية", "أخبار", "تقارير", "مقالات رأي", "كتاب وآراء", "اقتصاد"]


def _page(label: str, tmp_path: Path, *, above: bool = True, menu: list[str] = MENU) -> Article:
    links = "".join(f"<a href='/s{index}'>{name}</a> " for index, name in enumerate(menu))
    kicker = f"<div class='kicker'>{label}</div>"
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    page = (
        f"<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
        f"<nav>{links}</nav><article>{kicker if above else ''}<h1>{TITLE}</h1>{'' if above else kicker}{body}"
        "</article></body></html>"
    )
    return clean_file(tmp_path / "page.html", page.encode(), Config(tmp_path, "ar"))


@pytest.mark.parametrize("label", ["تقارير", "مقالات رأي", "كتاب وآراء", "اقتصاد"])
@pytest.mark.parametrize("above", [True, False], ids=["above", "below"])
def test_the_section_s_name_beside_the_headline_is_removed(label: str, above: bool, tmp_path: Path) -> None:
    article = _page(label, tmp_path, above=above)
    assert [block.text for block in article.blocks] == PARAGRAPHS
    assert (label, "section_label") in [(line.text, line.rule) for line in article.removed]


def test_a_name_the_page_does_not_link_to_is_the_article_s(tmp_path: Path) -> None:
    article = _page("حصاد القمح", tmp_path, above=False)
    assert [block.text for block in article.blocks] == ["حصاد القمح", *PARAGRAPHS]
