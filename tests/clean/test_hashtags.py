"""A page's tags printed as hashtags on a line of their own ("#غزة #وزارة_الصحة #المستشفيات"), as a browser's or
lynx's text of the page gives them after the article, were kept as its last paragraph; they are the page's, and the
rule hashtags removes them. A sentence that names a hashtag is the article's."""

from __future__ import annotations

import pytest
from clean_helpers import PARAGRAPHS, article_text, clean


@pytest.mark.parametrize("line", ["#غزة #وزارة_الصحة #المستشفيات", "#الأردن", "#طقس #عمان #2024"])
@pytest.mark.parametrize("place", ["after_body", "in_body"])
def test_a_line_of_hashtags_is_removed(line: str, place: str) -> None:
    article = clean(article_text(**{place: [line]}))
    assert [block.text for block in article.blocks] == PARAGRAPHS
    assert (line, "hashtags") in [(removed.text, removed.rule) for removed in article.removed]


def test_a_sentence_naming_a_hashtag_stays() -> None:
    line = "وانتشر وسم #غزة_تحت_القصف على مواقع التواصل الاجتماعي خلال ساعات."
    blocks = [block.text for block in clean(article_text(in_body=[line])).blocks]
    assert blocks == [*PARAGRAPHS[:2], line, *PARAGRAPHS[2:]]
