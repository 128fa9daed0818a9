"""A kicker under the headline that opens with a given name which is also a word ("جمال الطبيعة", "سلامة المرضى", "كريم
يعود") names no writer: the words after the given name have a noun's or a verb's shape (settings.toml [words]
kicker_glued_prefixes and the lists after it), which a writer's family name has not, so no byline comes of it,
whether the line gives a place, a date or a writer after it; a writer whose family name is a nisba, a given name
with the article or a Jordanian tribe's plural ("الطراونة", "العبيدات") is still the byline."""

from __future__ import annotations

import pytest
from clean_helpers import article_text, clean, labels

KICKERS = [
    "جمال الطبيعة",
    "سلامة الغذاء",
    "نضال المعلمين",
    "إلهام الشعراء",
    "رياض الأطفال",
    "عماد الاقتصاد",
    "صالح للاستهلاك",
    "بشرى للمتقاعدين",
    "كريم يعود",
    "سالم يفوز",
    "حكيم الأمة",
    "جمال الطبيعة الساحرة",
]


@pytest.mark.parametrize("kicker", KICKERS)
def test_a_kicker_after_the_dispatch_s_place_is_no_byline(kicker: str) -> None:
    line = f"بيروت: {kicker}"
    text = article_text(after_title=[line])
    assert clean(text).byline is None
    assert labels(text)[line] == ("boilerplate", "kicker")


@pytest.mark.parametrize("kicker", KICKERS)
def test_a_kicker_before_a_date_is_no_byline(kicker: str) -> None:
    article = clean(article_text(after_title=[f"{kicker} | الجمعة 8 مارس 2024"]))
    assert (article.byline, article.date) == (None, "2024-03-08")


@pytest.mark.parametrize("kicker", KICKERS[:6])
def test_a_kicker_before_a_writer_leaves_the_writer(kicker: str) -> None:
    assert clean(article_text(after_title=[f"{kicker} - ليلى الخطيب"])).byline == "ليلى الخطيب"


NAMES = [
    "جمال الخطيب",
    "كريم بنعلي",
    "سلامة كيلة",
    "نور الدين الخطيب",
    "فاطمة الزهراء بنعيسى",
    "عبد الإله بلقزيز",
    "ناصر الطراونة",
    "يوسف العبادلة",
    "ليلى العبيدات",
    "وعد الأحمد",
    "سعاد الصباح",
    "صلاح الدين الجورشي",
    "باسم يوسف",
    "هدى الحسيني",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_writer_whose_first_name_is_also_a_word_is_the_byline(name: str) -> None:
    assert clean(article_text(after_title=[f"القاهرة - {name}"])).byline == name
    assert clean(article_text(after_title=[f"{name} | الجمعة 8 مارس 2024"])).byline == name
