"""Dates to ISO from Arabic and Latin forms, site names cut from titles, bylines, agency datelines."""

from __future__ import annotations

import pytest

from toolkit.clean.metadata import (
    SiteEvidence,
    byline_name,
    find_date,
    looks_like_name,
    name_before_date,
    parse_dateline,
    strip_site_name,
)
from toolkit.clean.settings import load_settings

SETTINGS = load_settings()
PATTERNS = SETTINGS.patterns


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("28.01.2022 07:44 PM", "2022-01-28"),
        ("14 فبراير 2022 19:09", "2022-02-14"),
        ("01 فبراير 2022ء", "2022-02-01"),
        ("29 نومبر 2026", "2026-11-29"),  # Urdu
        ("۱۲ ژوئیه ۲۰۲۱", "2021-07-12"),  # Persian, Persian digits
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
        ("الأحد 29 نونبر 2026 - 22:00", "2026-11-29"),  # Moroccan month names
        ("3 يوليوز 2024", "2024-07-03"),
        ("15 غشت 2025", "2025-08-15"),
        ("10 شتنبر 2023", "2023-09-10"),
        ("1 دجنبر 2026", "2026-12-01"),
        ("2 ديسمبر (كانون الأول) 2026", "2026-12-02"),  # the second calendar's name in brackets
        ("10 أيار (مايو) 2024", "2024-05-10"),
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
def test_a_guessed_site_name_is_cut_from_the_end(title, clean, suffix):
    result = strip_site_name(title, SiteEvidence(), SETTINGS)
    assert (result.title, result.site_name) == (clean, suffix)


def test_a_site_name_seen_elsewhere_on_the_page_is_a_suffix():
    result = strip_site_name(
        "اجتماع طارئ لمجلس الأمن - صدى البلد", SiteEvidence(shown=frozenset({"صدي البلد"})), SETTINGS
    )
    assert (result.site_name, result.evidence) == ("صدى البلد", "a name the page shows on a line of its own")


def test_a_declared_site_name_goes_from_either_end_and_nothing_is_guessed_after_it():
    evidence = SiteEvidence(declared=("akhbar",))
    result = strip_site_name("Akhbar | مصر تسجل ثلاثين إصابة جديدة - Live", evidence, SETTINGS)
    assert (result.title, result.site_name) == ("مصر تسجل ثلاثين إصابة جديدة - Live", "Akhbar")
    assert result.note() == " (site name 'Akhbar' removed: the name the page gives its site)"
    both = strip_site_name("Akhbar - مصر تسجل ثلاثين إصابة جديدة | Akhbar News", evidence, SETTINGS)
    assert (both.title, both.site_name) == ("مصر تسجل ثلاثين إصابة جديدة", None)


def test_the_headline_the_page_prints_is_kept_alone_and_a_printed_title_is_left_whole():
    title = "How to repot a fern - Gardening - Weekend"
    printed = strip_site_name(title, SiteEvidence(headlines=("how to repot a fern",)), SETTINGS)
    assert (printed.title, printed.evidence) == ("How to repot a fern", "the page prints the headline without it")
    whole = strip_site_name(
        "Russia - Ukraine: new talks", SiteEvidence(headlines=("russia - ukraine: new talks",)), SETTINGS
    )
    assert whole.title == "Russia - Ukraine: new talks"


def test_thresholds_come_from_the_title_settings():
    title = "اجتماع طارئ لمجلس الأمن - BBC News Arabic Service Online"
    assert strip_site_name(title, SiteEvidence(), SETTINGS).title == title  # five words: not a site name
    roomy = load_settings({"title": {"site_name_max_words": 5}})
    assert strip_site_name(title, SiteEvidence(), roomy).title == "اجتماع طارئ لمجلس الأمن"
    short_headline = "جولة جديدة - RT EN"
    assert strip_site_name(short_headline, SiteEvidence(), SETTINGS).title == short_headline
    lenient = load_settings({"lines": {"title_min_words": 2}})
    assert strip_site_name(short_headline, SiteEvidence(), lenient).title == "جولة جديدة"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("بقلم:  يورونيوز", "يورونيوز"),
        ("كتبت أسماء نصار", "أسماء نصار"),
        ("حاوره: رشيد العلوي", "رشيد العلوي"),  # an interview's byline: "interviewed him"
        ("حاورتها سلمى أحمد", "سلمى أحمد"),
        ("By John Smith", "John Smith"),
        ("الرئيس الروسي فلاديمير بوتين", None),
    ],
)
def test_byline_name(line, name):
    assert byline_name(line, PATTERNS) == name


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("John Smith", True),
        ("JOHN SMITH", True),
        ("Ursula von der Leyen", True),
        ("Anna Schmidt und Max Müller", True),
        ("Jan de Vries, Amsterdam", True),  # a place after the name
        ("Manoj Jain and Jagpreet Chhatwal, The Commercial Appeal", True),
        ("our staff correspondent", True),
        ("the Editors", True),
        ("dpa", True),
        ("محمد علي - القاهرة", True),
        ("王明", True),
        ("the Numbers", False),
        ("The Book", False),
        ("checking out, you agree", False),
        ("Maio annuncia le dimissioni", False),
        ("2030, the city", False),
        ("", False),
    ],
)
def test_looks_like_name(words, name):
    assert looks_like_name(words, PATTERNS) is name


def test_an_english_headline_keeps_its_last_segment_unless_it_is_a_site():
    kept = strip_site_name("Brexit talks resume in Brussels - what happens next", SiteEvidence(), SETTINGS)
    assert (kept.title, kept.site_name) == ("Brexit talks resume in Brussels - what happens next", None)
    cut = strip_site_name("Brexit talks resume in Brussels - BBC News", SiteEvidence(), SETTINGS)
    assert (cut.title, cut.site_name) == ("Brexit talks resume in Brussels", "BBC News")


@pytest.mark.parametrize(
    ("text", "agency"),
    [("(أبوظبي - البيان)", "البيان"), ("(القاهرة- أ ف ب) قال الوزير", "أ ف ب"), ("(وهو ما أكده الوزير)", None)],
)
def test_place_and_agency_dateline_without_a_date(text, agency):
    dateline = parse_dateline(text, PATTERNS, 3)
    assert (dateline.agency if dateline else None) == agency
    assert dateline is None or dateline.date is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("John Smith on March 3, 2020", "John Smith"),
        ("John Smith on Tuesday, March 3, 2020", "John Smith"),
        ("Anna Schmidt am 3. März 2020", "Anna Schmidt"),
        ("محمد علي في 3 مارس 2020", "محمد علي"),
        ("Thu Le, March 3, 2020", "Thu Le"),  # a name that ends in a preposition's letters keeps them
        ("Linh Le 3 March 2020", "Linh Le"),  # a capitalised word is a name's, not a preposition
        ("Carlos El March 3, 2020", "Carlos El"),
        ("Oleg Parashchak Jul 18, 2025 7 min", "Oleg Parashchak"),
        ("يوسف يعكوبي الأحد 29 نونبر 2026 - 22:00", "يوسف يعكوبي"),
    ],
)
def test_name_before_date(text, name):
    assert name_before_date(text, PATTERNS) == name
