"""Quality checks on translations: numbers across digit scripts, leftover source script, loops, length."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.catalog.checks import (
    Finding,
    Pair,
    check_catalog,
    check_han_names,
    check_length,
    check_line_breaks,
    check_numbers,
    check_repetition,
    check_source_script,
    check_translation,
    numbers_in,
)
from toolkit.catalog.store import parse_catalog


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("قتل ٢٦ شخصا", "26 people were killed"),
        ("قتل ۲۶ شخصا", "26 people were killed"),
        ("بلغ العدد ١٬٢٠٠ جندي", "the number reached 1,200 soldiers"),
        ("نسبة ٣٫٥ في المئة", "a rate of 3.5 percent"),
        ("2024年3月", "March 2024 (3)"),
        ("(سبوتنيك - ٠١ فبراير 2022)", "(Sputnik - February 1, 2022)"),
    ],
)
def test_numbers_agree_across_digit_scripts_and_separators(source: str, target: str) -> None:
    assert check_numbers(source, target) is None


def test_numbers_that_differ_are_named() -> None:
    problem = check_numbers("قتل ٢٦ شخصا في ١٠ يناير", "25 people were killed on 10 January")
    assert problem is not None
    assert "missing from the translation: 26" in problem and "not in the source: 25" in problem


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("أميركا :50 الفا حصيلة الوفيات", "US: 50,000 death toll"),
        ("حصيلة الوفيات 50 ألفاً", "the death toll is 50 thousand"),
        ("٥٠ ألفًا من الجنود", "50,000 soldiers"),
        ("نحو 5 آلاف شخص", "about 5,000 people"),
        ("قرابة 3 الاف", "nearly 3000"),
        ("1.5 مليون دولار", "$1.5m"),
        ("1.5 مليون دولار", "1.5 million dollars"),
        ("٢ مليوناً", "2,000,000"),
        ("4 ملايين نازح", "4 million displaced"),
        ("7 مليارات دولار", "$7bn"),
        ("12 ملياراً", "12 billion"),
        ("عداء 100 متر و50 ألف متفرج", "a 100m runner and 50,000 spectators"),
        ("50 ألفا و50 شخصا", "50,000 and 50 people"),
        ("50 الفلاحين", "50 farmers"),  # "الف" begins a word, it is no scale word here
    ],
)
def test_a_number_with_a_scale_word_is_read_as_its_value(source: str, target: str) -> None:
    assert check_numbers(source, target, "ar", "en") is None
    assert check_numbers(source, target) is None  # languages not given: every language's scale words


@pytest.mark.parametrize(
    ("source", "target", "language"),
    [
        ("全年投入651亿元", "a total of 65.1 billion yuan", "zh"),
        ("投入161亿元", "16.1 billion yuan", "zh"),
        ("بلغت 65.1 مليار دولار", "reached $65,100 million", "ar"),
        ("عجز قدره 32.7 مليار", "a deficit of 32,700 million", "ar"),
    ],
)
def test_a_scaled_number_is_read_exactly_whichever_scale_writes_it(source: str, target: str, language: str) -> None:
    # In binary floating point 65.1 x 10^9 is 65099999999.999992 and 651 x 10^8 is 65100000000: one amount
    # written with two scale words was a false "numbers differ" on real zh -> en drafts.
    assert check_numbers(source, target, language, "en") is None


@pytest.mark.parametrize(
    "target",
    ["had claimed 49,759 lives", "had claimed 49 thousand and 759 lives"],
)
def test_an_arabic_amount_written_in_parts_is_also_read_as_their_sum(target: str) -> None:
    # ../shared/devdata's almadenahnews page: "49 ألفاً و759" is 49,759; the translation that wrote it so was told
    # "missing from the translation: 49000, 759".
    assert check_numbers("حصد فيروس كورونا أرواح 49 ألفاً و759 مصاباً", target, "ar", "en") is None
    assert check_numbers("بلغت الخسائر 3 مليارات و500 مليون دولار", "losses reached $3.5 billion", "ar", "en") is None


def test_an_arabic_amount_in_parts_that_differs_is_still_named() -> None:
    assert check_numbers("أرواح 49 ألفاً و759 مصاباً", "49,579 lives", "ar", "en") is not None
    # A larger number after "و" starts another amount: 5,000 and 3 million, not 3,005,000.
    assert check_numbers("5 آلاف و3 ملايين", "5,003,000", "ar", "en") is not None


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # ../shared/devdata's almadenahnews page, and TICO-19's English side ("42.000 participants").
        ("ليرتفع إجمالي الإصابات إلى 866.646 إصابة بعد 26.971 فحصاً", "to 866,646 cases after 26,971 tests"),
        ("شارك فيه أكثر من 42000 شخص", "with more than 42.000 participants"),
        ("بلغت الكلفة 1.250.000 دولار", "the cost reached $1,250,000"),
        ("بلغ النمو 866.646 نقطة", "growth reached 866.646 points"),  # or a decimal part, as it was read
    ],
)
def test_thousands_grouped_with_dots_are_read_as_one_number(source: str, target: str) -> None:
    assert check_numbers(source, target, "ar", "en") is None


def test_dot_grouped_thousands_that_differ_are_still_named() -> None:
    problem = check_numbers("بلغ عدد الإصابات 866.646 إصابة", "cases reached 866,464", "ar", "en")
    assert problem == "numbers differ (missing from the translation: 866.646; not in the source: 866,464)"


def test_a_scaled_number_that_differs_is_named_by_its_value() -> None:
    problem = check_numbers("أميركا: 50 ألفا حصيلة الوفيات", "US: 5,000 death toll", "ar", "en")
    assert problem == "numbers differ (missing from the translation: 50,000; not in the source: 5000)"
    problem = check_numbers("1.5 مليون دولار", "$1.5bn", "ar", "en")
    assert problem == (
        "numbers differ (missing from the translation: 1,500,000 (1.5 million); not in the source: 1,500,000,000 "
        "(1.5 billion))"
    )


@pytest.mark.parametrize(
    ("source", "target", "language", "said"),
    [
        # The new user's zh -> en draft: "missing from the translation: 67100000000".
        ("全年投入671亿元", "a total of 671 billion yuan", "zh", "67,100,000,000 (67.1 billion)"),
        ("بلغت الخسائر 3.25 مليار دولار", "losses reached $3.2 billion", "ar", "3,250,000,000 (3.25 billion)"),
        ("أرواح 49 ألفاً", "49,579 lives", "ar", "49,000"),
        ("سجلت 1234567 إصابة", "1,234,576 cases were recorded", "ar", "1,234,567"),
        ("في عام 2022 ", "in 2021", "ar", "2022"),
    ],
)
def test_a_number_a_translation_lacks_is_named_readably(source: str, target: str, language: str, said: str) -> None:
    problem = check_numbers(source, target, language, "en")
    assert problem is not None and f"missing from the translation: {said}" in problem


def test_numbers_in_normalizes() -> None:
    assert numbers_in("١٬٢٠٠ و۳ and 4,500.25") == ["1200", "3", "4500.25"]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # A compound, with the article, with "and": each was "not in the source" when written in digits.
        ("خلال الأربع والعشرين ساعة الماضية", "in the past 24 hours"),
        ("قتل خمسة وعشرون شخصا", "25 people were killed"),
        ("بعد أربعة عشر يوما", "after 14 days"),
        ("بعد مرور الثلاثة عشر عاما", "13 years on"),
        ("قتل خمسة وعشرون شخصا", "twenty-five people were killed"),
        # A counted noun's dual is two, as the alignment reads it.
        ("استمرت المعركة يومين", "the battle lasted two days"),
        ("استمرت المعركة يومين", "the battle lasted 2 days"),
        ("في الحالتين", "in the two cases"),
    ],
)
def test_arabic_number_words_are_read_as_the_alignment_reads_them(source: str, target: str) -> None:
    assert check_numbers(source, target, "ar", "en") is None


def test_an_arabic_compound_number_a_translation_lacks_is_named() -> None:
    problem = check_numbers("قتل خمسة وعشرون شخصا", "26 people were killed", "ar", "en")
    assert problem == "numbers differ (missing from the translation: 25; not in the source: 26)"
    problem = check_numbers("بعد أربعة عشر يوما", "after days", "ar", "en")
    assert problem == "numbers differ (missing from the translation: 14)"


def test_source_script_left_in_target_is_flagged_but_punctuation_is_not() -> None:
    assert check_source_script("Putin (بوتين) said", "ar") is not None
    assert check_source_script("He said، then left؟", "ar") is None
    assert check_source_script("Beijing 北京 said", "zh") is not None
    assert check_source_script("He said。", "zh") is None


def test_repetition_loops_are_flagged() -> None:
    assert check_repetition("the the the the meeting") is not None
    assert check_repetition("in the city in the city in the city") is not None
    assert check_repetition("very, very good and in the city and in the town") is None


def test_length_ratio_depends_on_the_language_pair() -> None:
    source = "一" * 40
    assert check_length(source, "x" * 160, "zh", "en") is None
    assert check_length(source, "x" * 160, "ar", "en") is not None
    assert check_length("ا" * 100, "short.", "ar", "en") is not None
    assert check_length("قصير", "A much longer translation of a short text", "ar", "en") is None


def test_whitespace_translation_is_empty() -> None:
    assert check_translation(Pair("نص", "   ", "ar", "en")) == [Finding("empty", "empty translation (only whitespace)")]


def test_catalog_warnings_carry_file_and_entry_line() -> None:
    text = """msgid ""
msgstr "Language: en\\n"

msgctxt "b-1"
msgid "قتل ٢٦ شخصا"
msgstr "26 people were killed"

#, fuzzy
msgctxt "b-2"
msgid "قتل ٢٦ شخصا"
msgstr "25 people were killed"

msgctxt "b-3"
msgid "لم يترجم"
msgstr ""
"""
    path = Path("translations/a.po")
    warnings = check_catalog(parse_catalog(text, path), path, "ar", "en")
    assert [(w.line, w.context) for w in warnings] == [(8, "b-2")]
    assert str(warnings[0]).startswith("translations/a.po:8: [b-2] numbers differ")


def test_line_break_mismatch_that_msgfmt_rejects_is_flagged() -> None:
    assert check_line_breaks("نص", "Text\n") is not None
    assert check_line_breaks("\nنص", "Text") is not None
    assert check_line_breaks("نص\nثان", "Text\nsecond") is None


# Drafts the real zh -> en Argos package (translate-zh_en 1.9) wrote for Chinese news sentences, names of persons
# in most: source, tab, draft.
ZH_MODEL_DRAFTS = Path(__file__).parent / "data" / "zh_model_drafts_with_names.tsv"


@pytest.mark.parametrize(
    ("source", "target", "source_language", "name"),
    [
        ("王明昨天在北京参加了会议。", "Yesterday he attended a meeting in Beijing.", "zh", "王明"),
        ("记者王明报道。", "Reported by our reporter.", "zh", "王明"),
        ("据王明介绍，项目进展顺利。", "The project is going well, he said.", "zh", "王明"),
        ("外交部发言人汪文斌在记者会上表示欢迎。", "The spokesman welcomed it.", "zh", "汪文斌"),
        ("陳水扁表示，他將出席會議。", "He said he would attend the meeting.", "zt", "陳水扁"),
        ("市长陈吉宁视察了工地。", "The mayor visited the Beijing site.", "ja", "陈吉宁"),
    ],
)
def test_a_han_name_with_no_latin_spelling_in_the_translation_is_flagged(
    source: str, target: str, source_language: str, name: str
) -> None:
    found = check_han_names(source, target, source_language, "en")
    assert found is not None and f"{name} (" in found, found


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("王明昨天在北京参加了会议。", "Wang Ming attended a meeting in Beijing yesterday."),
        ("王明说，会议很成功。", "Mr. Wong said the meeting was a success."),
        ("王先生今天去了医院。", "Mr. Wang went to the hospital today."),
        ("朝鲜领导人金正恩视察了工厂。", "North Korean leader Kim Jong-un inspected the factory."),
        ("马云说，电子商务改变了生活。", "Mayun said that e-commerce changed life."),
        ("黄金今天上涨。", "Gold rose today."),
        ("白宫表示欢迎。", "The White House welcomed it."),
        ("韩方表示愿意合作。", "The Korean side is willing to cooperate."),
        ("韩国总统表示欢迎。", "The Korean president welcomed it."),
        ("他向记者表示，美国方面表示欢迎。", "He told reporters that the United States welcomed it."),
        ("他曾多次表示支持。", "He has repeatedly expressed support."),
        ("马上就要下雨了。", "It is about to rain."),
    ],
)
def test_a_han_name_spelt_in_the_translation_or_a_word_that_is_no_name_is_not_flagged(source: str, target: str) -> None:
    assert check_han_names(source, target, "zh", "en") is None


def test_han_names_are_looked_for_only_from_han_into_latin_script() -> None:
    assert check_han_names("记者王明报道。", "تقرير المراسل.", "zh", "ar") is None
    assert check_han_names("记者王明报道。", "Reported by our reporter.", "ar", "en") is None


def test_no_name_in_the_real_zh_model_s_drafts_is_flagged() -> None:
    pairs = [line.split("\t") for line in ZH_MODEL_DRAFTS.read_text(encoding="utf-8").splitlines()]
    assert len(pairs) == 40
    flagged = [(source, target) for source, target in pairs if check_han_names(source, target, "zh", "en")]
    assert flagged == []


# The real zh -> en package's drafts of news sentences naming foreign persons whose Chinese spelling begins with a
# family name's character (史密斯 Smith, 彭斯 Pence, 罗伯特 Robert, 何塞 José, 唐纳德 Donald): source, tab, draft.
ZH_MODEL_DRAFTS_FOREIGN_NAMES = Path(__file__).parent / "data" / "zh_model_drafts_with_foreign_names.tsv"


def test_a_foreign_name_spelt_with_transliteration_characters_is_no_chinese_name() -> None:
    # Each was "a person's name in the source has no Latin spelling in the translation: 史密斯 (Shi, Shih, Sze)".
    pairs = [line.split("\t") for line in ZH_MODEL_DRAFTS_FOREIGN_NAMES.read_text(encoding="utf-8").splitlines()]
    assert len(pairs) == 29
    flagged = [(source, found) for source, target in pairs if (found := check_han_names(source, target, "zh", "en"))]
    assert flagged == []


@pytest.mark.parametrize(
    ("source", "target", "name"),
    [
        ("朱德指出，部队必须团结。", "Jude stated that the troops must be united.", "朱德"),  # the real model's draft
        ("赵克说，这个项目很重要。", "Joker says this project is important.", "赵克"),  # the real model's draft
        ("刘伯承说，这场战役非常关键。", "The battle was crucial, he said.", "刘伯承"),
        ("李克强总理说，中国经济保持稳定。", "The premier said the economy remained stable.", "李克强"),
        ("田纳西州州长李表示，将加强安全措施。", "The governor said security would be strengthened.", "李"),
    ],
)
def test_a_chinese_name_with_a_character_foreign_names_use_is_still_a_name(source: str, target: str, name: str) -> None:
    found = check_han_names(source, target, "zh", "en")
    assert found is not None and f": {name} (" in found, found


def test_a_dropped_name_is_a_catalog_warning_a_translator_can_silence() -> None:
    catalog = parse_catalog(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "p1"\nmsgid "记者王明报道。"\nmsgstr "Reported by our reporter."\n\n'
        '#, ignore-names\nmsgctxt "p2"\nmsgid "王明说，会议很成功。"\nmsgstr "He said the meeting was a success."\n',
        Path("a.po"),
    )
    warnings = check_catalog(catalog, Path("a.po"), "zh", "en")
    assert [(warning.line, warning.check) for warning in warnings] == [(5, "names")]
