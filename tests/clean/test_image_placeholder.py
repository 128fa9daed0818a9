"""A text browser's dump of a page (lynx -dump, w3m -dump) prints a picture without alt text as its file's name or
"IMG" in brackets, its caption after it on the line ("[d.jpg] مقر مصرف ليبيا المركزي في طرابلس. (أرشيفية:
الإنترنت)"): that line is the picture's caption, not the article's first paragraph. A footnote's number in
brackets opens a paragraph of the article."""

from __future__ import annotations

import pytest
from clean_helpers import PARAGRAPHS, article_text, clean

CAPTION = "مقر مصرف ليبيا المركزي في طرابلس. (أرشيفية: الإنترنت)"


@pytest.mark.parametrize("mark", ["[d.jpg]", "[IMG]", "[photo_2024-05-11.webp]", "[image]"])
@pytest.mark.parametrize("place", ["after_title", "in_body"])
def test_a_line_opening_with_a_picture_s_placeholder_is_its_caption(mark: str, place: str) -> None:
    line = f"{mark} {CAPTION}"
    article = clean(article_text(**{place: [line]}))
    assert [block.text for block in article.blocks] == PARAGRAPHS
    assert (line, "caption") in [(removed.text, removed.rule) for removed in article.removed]


def test_a_footnote_s_number_opens_a_paragraph() -> None:
    line = "[1] وقال الوزير إن الخطة ستطبق على مراحل تبدأ في المحافظات الجنوبية خلال الشهر المقبل."
    blocks = [block.text for block in clean(article_text(in_body=[line])).blocks]
    assert line in blocks
