"""A writer's name alone on its line under the headline, just above the date line, as a page's byline box prints
them on two lines and a text dump of the page keeps them ("كريم الودغيري" over "الثلاثاء 14 ماي 2024 - 18:30"): the
name is the byline. A kicker over the date ("جمال الطبيعة", "كريم يعود") and a name with no date under it are not."""

from __future__ import annotations

import pytest
from clean_helpers import PARAGRAPHS, article_text, clean

DATE = "الثلاثاء 14 ماي 2024 - 18:30"


@pytest.mark.parametrize("name", ["كريم الودغيري", "سهى الحوامدة", "عبد الرحمن الشامي", "فاطمة الزهراء بنعيسى"])
def test_a_name_over_the_date_line_is_the_byline(name: str) -> None:
    article = clean(article_text(after_title=[name, DATE]))
    assert (article.byline, article.date) == (name, "2024-05-14")
    assert [block.text for block in article.blocks] == PARAGRAPHS


@pytest.mark.parametrize("line", ["جمال الطبيعة", "كريم يعود", "ارتفاع الأسعار", "أخبار محلية"])
def test_a_kicker_over_the_date_line_is_no_byline(line: str) -> None:
    article = clean(article_text(after_title=[line, DATE]))
    assert (article.byline, article.date) == (None, "2024-05-14")


def test_a_name_with_no_date_under_it_is_no_byline() -> None:
    assert clean(article_text(after_title=["كريم الودغيري"])).byline is None
