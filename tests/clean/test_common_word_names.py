"""A writer's name holding a common word is still a name: a family name of a plural's shape that a Jordanian family
bears ("القضاة", [words] family_name_patterns), rarer than a common noun; a noun in the middle of a name closed by a
bare family name ("إيمان البحر درويش"). A kicker of three words ends with a word that has the article or is common."""

from __future__ import annotations

import pytest
from clean_helpers import article_text, clean

NAMES = ["عمر القضاة", "خالد القضاة", "إيمان البحر درويش", "نور الشمس حداد"]
SHAPES = [["القاهرة - {}"], ["{} | الجمعة 8 مارس 2024"], ["{}", "الثلاثاء 14 ماي 2024 - 18:30"]]
KICKERS = ["جمال الطبيعة الساحرة", "أمين عام الحزب", "سلامة المرور أولا", "نضال المعلمين"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lines", SHAPES)
def test_a_name_holding_a_common_word_is_the_byline(name: str, lines: list[str]) -> None:
    assert clean(article_text(after_title=[line.format(name) for line in lines])).byline == name


@pytest.mark.parametrize("kicker", KICKERS)
@pytest.mark.parametrize("lines", SHAPES)
def test_a_kicker_of_common_words_is_no_byline(kicker: str, lines: list[str]) -> None:
    assert clean(article_text(after_title=[line.format(kicker) for line in lines])).byline is None
