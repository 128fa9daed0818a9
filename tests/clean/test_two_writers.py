"""Two writers signed without a byline word, joined by "و" written against the second's given name, before a date or
after the dispatch's place ("محمد علي وأحمد حسن | الجمعة 8 مارس 2024"): each is a writer's name, and the line gives
both as the byline. A kicker joined so ("جمال الطبيعة وسحر الجبال") names no one."""

from __future__ import annotations

import pytest
from clean_helpers import article_text, clean


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("محمد علي وأحمد حسن | الجمعة 8 مارس 2024", "محمد علي وأحمد حسن"),
        ("سارة أحمد وكريم بنعلي - 12 يناير 2024", "سارة أحمد وكريم بنعلي"),
        ("بيروت: رنا القاسم وسامر خليل", "رنا القاسم وسامر خليل"),
    ],
)
def test_two_writers_joined_by_wa_are_the_byline(line: str, byline: str) -> None:
    assert clean(article_text(after_title=[line])).byline == byline


@pytest.mark.parametrize(
    "line", ["جمال الطبيعة وسحر الجبال | الجمعة 8 مارس 2024", "جمال الطبيعة وكريم الأخلاق | الجمعة 8 مارس 2024"]
)
def test_a_kicker_joined_by_wa_names_no_one(line: str) -> None:
    assert clean(article_text(after_title=[line])).byline is None
