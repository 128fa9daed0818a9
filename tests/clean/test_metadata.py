"""Dates to ISO from Arabic and Latin forms, site names cut from titles, bylines, agency datelines."""

from __future__ import annotations

import pytest

from toolkit.clean.metadata import byline_name, clean_title, find_date, parse_dateline
from toolkit.clean.settings import load_settings

PATTERNS = load_settings().patterns


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("28.01.2022 07:44 PM", "2022-01-28"),
        ("14 فبراير 2022 19:09", "2022-02-14"),
        ("01 فبراير 2022ء", "2022-02-01"),
        ("11 شوال 1441هـ - 03 يونيو 2020م", "2020-06-03"),
        ("في 26 كانون الثاني/ يناير الماضي 2022", None),
        ("26 كانون الثاني 2022", "2022-01-26"),
        ("3 تشرين الأول 2019", "2019-10-03"),
        ("17 مارس/ آذار 2020", "2020-03-17"),
        ("الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", "2020-04-24"),
        ("٠٢:٠٠ الثلاثاء ١ / ١٢ / ٢٠٢٠", "2020-12-01"),
        ("۱۵ اسفند ۱۳۹۹ - ۰۵ مارس ۲۰۲۱", "2021-03-05"),
        ("2020/12/25 - 1:59 صباحًا", "2020-12-25"),
        ("November 9, 2020", "2020-11-09"),
        ("9 Nov 2020", "2020-11-09"),
        ("ديسمبر 25, 2020", "2020-12-25"),
        ("12 جوان 2019", "2019-06-12"),
        ("2021年3月5日", "2021-03-05"),
        ("GMT 17:27 17.03.2020(محدثة GMT 17:49 17.03.2020)", "2020-03-17"),
        ("31.02.2022", None),
        ("قتل 12 شخصا في 1985", None),
        ("نشرت في آخر تحديث", None),
    ],
)
def test_find_date(text, iso):
    found = find_date(text, PATTERNS)
    assert (found.iso if found else None) == iso


@pytest.mark.parametrize(
    ("text", "date", "agency"),
    [
        ("(پاکستان پوائنٹ نیوز / سبوتنيك - 01 فبراير 2022ء) أوضح الرئيس", "2022-02-01", "سبوتنيك"),
        ("( أردو بوینت نتورك ۔ / سبوتنيك - 31 ديسمبر 2021ء) أجرى الرئيسان", "2021-12-31", "سبوتنيك"),
        ("(موقع الأخبار / رويترز - 5 مايو 2020) قال", "2020-05-05", "رويترز"),
    ],
)
def test_agency_dateline(text, date, agency):
    dateline = parse_dateline(text, PATTERNS, 3)
    assert dateline is not None
    assert (dateline.date, dateline.agency) == (date, agency)


def test_no_dateline_in_an_ordinary_paragraph():
    assert parse_dateline("(وهو ما أكده الوزير) في بيان صدر اليوم", PATTERNS, 3) is None


@pytest.mark.parametrize(
    ("title", "clean", "suffix"),
    [
        ("هناك دائمًا فرصة للاتفاق على ضمانات أمنية – RT EN", "هناك دائمًا فرصة للاتفاق على ضمانات أمنية", "RT EN"),
        (
            "مصر تسجل 30 إصابة جديدة بفيروس كورونا - Sputnik Arabic",
            "مصر تسجل 30 إصابة جديدة بفيروس كورونا",
            "Sputnik Arabic",
        ),
        ("وزير الرى يشهد توقيع عقد دراسة - اليوم السابع", "وزير الرى يشهد توقيع عقد دراسة", "اليوم السابع"),
        ("الأسهم الأوروبية ترتفع | بوابة الأهرام", "الأسهم الأوروبية ترتفع", "بوابة الأهرام"),
        ("روسيا - أوكرانيا: جولة مفاوضات جديدة", "روسيا - أوكرانيا: جولة مفاوضات جديدة", None),
        ("بوتين لماكرون: الغرب تجاهل مخاوفنا الأمنية", "بوتين لماكرون: الغرب تجاهل مخاوفنا الأمنية", None),
        ("اجتماع طارئ لمجلس الأمن - نيويورك", "اجتماع طارئ لمجلس الأمن - نيويورك", None),
    ],
)
def test_clean_title(title, clean, suffix):
    result = clean_title(title, PATTERNS, max_suffix_words=4, min_words=3, known_names=set())
    assert (result.title, result.suffix) == (clean, suffix)


def test_a_site_name_seen_elsewhere_on_the_page_is_a_suffix():
    result = clean_title("اجتماع طارئ لمجلس الأمن - صدى البلد", PATTERNS, 4, 3, known_names={"صدي البلد"})
    assert result.suffix == "صدى البلد"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("بقلم:  يورونيوز", "يورونيوز"),
        ("كتبت أسماء نصار", "أسماء نصار"),
        ("By John Smith", "John Smith"),
        ("الرئيس الروسي فلاديمير بوتين", None),
    ],
)
def test_byline_name(line, name):
    assert byline_name(line, PATTERNS) == name


def test_an_english_headline_keeps_its_last_segment_unless_it_is_a_site():
    kept = clean_title("Brexit talks resume in Brussels - what happens next", PATTERNS, 4, 3, set())
    assert (kept.title, kept.suffix) == ("Brexit talks resume in Brussels - what happens next", None)
    cut = clean_title("Brexit talks resume in Brussels - BBC News", PATTERNS, 4, 3, set())
    assert (cut.title, cut.suffix) == ("Brexit talks resume in Brussels", "BBC News")


@pytest.mark.parametrize(
    ("text", "agency"),
    [("(أبوظبي - البيان)", "البيان"), ("(القاهرة- أ ف ب) قال الوزير", "أ ف ب"), ("(وهو ما أكده الوزير)", None)],
)
def test_place_and_agency_dateline_without_a_date(text, agency):
    dateline = parse_dateline(text, PATTERNS, 3)
    assert (dateline.agency if dateline else None) == agency
    assert dateline is None or dateline.date is None
