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


# A given name and a plain noun, in no noun's shape: only how common the noun is in Arabic text tells it from a
# family name ([lines] common_noun_zipf).
PLAIN_NOUN_KICKERS = [
    "سمير الأخبار",
    "سعيد الحظ",
    "نور الشمس",
    "عماد البيت",
    "باسم القانون",
    "رياض الشباب",
    "جمال الموسيقى",  # a noun ending in ى, which a nisba's ي is only when normalised
]


@pytest.mark.parametrize("kicker", PLAIN_NOUN_KICKERS)
def test_a_kicker_of_a_given_name_and_a_plain_noun_is_no_byline(kicker: str) -> None:
    assert clean(article_text(after_title=[f"عمّان | {kicker}"])).byline is None
    article = clean(article_text(after_title=[kicker, "الثلاثاء 14 ماي 2024 - 18:30"]))
    assert (article.byline, article.date) == (None, "2024-05-14")


# Family names with a noun's shape, a verbal noun's or a plural's ("المقاومة", "المعلمين"), that no text writes but
# as a name ([lines] family_name_zipf); family names that are common words ([words] common_family_names); a name
# ending in a compound with a common word ([words] compound_name_ends); a nisba, common or not, with its vowel marks
# written or not.
RARE_AND_COMMON_FAMILY_NAMES = [
    "منصور المعايطة",
    "خالد المحاسنة",
    "فيصل المعايطة",
    "محمود السيد",
    "أحمد الشيخ",
    "سعاد الصباح",
    "سمير عطا الله",
    "ياسر المصري",
    "ياسر المصريّ",
    "نبيل العربيّ",
]


@pytest.mark.parametrize("name", RARE_AND_COMMON_FAMILY_NAMES)
def test_a_family_name_rare_in_text_or_a_common_word_is_the_byline(name: str) -> None:
    assert clean(article_text(after_title=[f"القاهرة - {name}"])).byline == name
    article = clean(article_text(after_title=[name, "الثلاثاء 14 ماي 2024 - 18:30"]))
    assert article.byline == name
