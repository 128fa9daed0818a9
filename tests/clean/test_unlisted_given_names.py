"""A writer whose given name [words] given_names lacks ("عون", "معتصم") signs the story all the same: a line under
the headline of two or three words, the first without the article or a verb's shape, every word rarer in Arabic
text than a common noun (a father's given name aside), is a name; a kicker's words are written everywhere, and a
place's name ("رام الله", "شرم الشيخ") holds a common word."""

from __future__ import annotations

import pytest
from clean_helpers import article_text, clean

NAMES = ["عون الخطيب", "معتصم الشوبكي", "عزمي بشارة", "مؤيد اللامي", "أنيس منصور", "أسعد أبو خليل"]
KICKERS = ["أسعار النفط", "موسم الحصاد", "كأس العالم", "دير الزور", "شرم الشيخ", "نافذة ثقافية", "رام الله"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("shape", ["بيروت: {}", "{} | الجمعة 8 مارس 2024", "ارتفاع الأسعار - {}", "غزة/ {}"])
def test_a_writer_with_an_unlisted_given_name_is_the_byline(name: str, shape: str) -> None:
    assert clean(article_text(after_title=[shape.format(name)])).byline == name


@pytest.mark.parametrize("name", NAMES)
def test_such_a_name_over_the_date_line_is_the_byline(name: str) -> None:
    assert clean(article_text(after_title=[name, "الثلاثاء 14 ماي 2024 - 18:30"])).byline == name


@pytest.mark.parametrize("kicker", KICKERS)
@pytest.mark.parametrize("shape", ["بيروت: {}", "{} | الجمعة 8 مارس 2024", "{}\nالثلاثاء 14 ماي 2024 - 18:30"])
def test_a_kicker_of_common_words_or_a_place_is_no_byline(kicker: str, shape: str) -> None:
    assert clean(article_text(after_title=shape.format(kicker).split("\n"))).byline is None


def test_a_kicker_before_a_writer_leaves_the_writer() -> None:
    assert clean(article_text(after_title=["موسم الحصاد - عون الخطيب"])).byline == "عون الخطيب"


def test_a_persian_line_is_not_judged_by_arabic_word_counts() -> None:
    assert clean(article_text(after_title=["بیروت: گزارش ویژه"])).byline is None


# A noun and its adjective, each rarer than a common noun: the noun's plural or feminine shape tells the kicker.
NOUN_AND_ADJECTIVE = ["معارك عنيفة", "أمطار غزيرة", "اشتباكات مسلحة", "نافذة ثقافية"]


@pytest.mark.parametrize("kicker", NOUN_AND_ADJECTIVE)
def test_a_noun_and_its_adjective_is_no_byline(kicker: str) -> None:
    assert clean(article_text(after_title=[f"الخرطوم ـ {kicker}"])).byline is None
    assert clean(article_text(after_title=[f"{kicker} – ليلى الخطيب"])).byline == "ليلى الخطيب"
