"""The page's language (declared, or told by its script) and the warning when it is not the project's."""

from __future__ import annotations

import sys

import pytest

from toolkit.clean.html import extract_page, page_language
from toolkit.clean.html_metadata import Found
from toolkit.clean.language import language_mismatch
from toolkit.clean.settings import SETTINGS_FILE, default_settings

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

PERSIAN = [
    "وزارت بهداشت ایران روز سه‌شنبه اعلام کرد که شمار مبتلایان به ویروس کرونا در کشور افزایش یافته است و "
    "بیمارستان‌ها در حالت آماده‌باش کامل قرار گرفته‌اند.",
    "سخنگوی وزارت گفت که گروه‌های پزشکی در همه استان‌ها مستقر شده‌اند و مردم باید از سفرهای غیرضروری "
    "خودداری کنند تا زنجیره انتقال بیماری قطع شود.",
    "او افزود که واکسیناسیون گروه‌های پرخطر از هفته آینده آغاز می‌شود و برنامه آن به زودی اعلام خواهد شد.",
]
URDU = [
    "پاکستان کی وزارت صحت نے منگل کے روز اعلان کیا کہ ملک میں کورونا وائرس کے نئے کیسز کی تعداد میں اضافہ ہوا "
    "ہے اور ہسپتالوں کو مکمل تیاری کا حکم دیا گیا ہے۔",
    "ترجمان نے کہا کہ تمام صوبوں میں طبی ٹیمیں تعینات کر دی گئی ہیں اور عوام غیر ضروری سفر سے گریز کریں تاکہ "
    "وائرس کا پھیلاؤ روکا جا سکے۔",
    "انہوں نے مزید کہا کہ زیادہ خطرے والے افراد کی ویکسینیشن اگلے ہفتے سے شروع ہوگی۔",
]
CHINESE = [
    "中国国家卫生健康委员会星期二宣布，全国新增确诊病例数量继续下降，各地医院已经恢复正常的门诊服务。",
    "发言人表示，医疗队已经在各个省份部署完毕，公众应当避免不必要的出行，以便切断病毒的传播链条。",
    "他还说，高风险人群的疫苗接种工作将从下周开始，具体安排将在近期公布，请大家密切关注官方通知。",
    "专家指出，冬季是呼吸道疾病的高发季节，市民要注意保暖，勤洗手，常通风，出现症状要及时就医。",
]
ARABIC = [
    "أعلنت وزارة الصحة المصرية اليوم تسجيل ثلاثين حالة جديدة بفيروس كورونا في عدد من المحافظات، وقالت إن "
    "جميع الحالات تخضع للرعاية الطبية الكاملة.",
    "وأوضح المتحدث الرسمي باسم الوزارة أن الحالات الجديدة جميعها من المخالطين للحالات التي أعلن عنها مسبقا.",
    "وأكد المتحدث أن الوزارة رفعت درجة الاستعداد في المستشفيات كافة، ووفرت المستلزمات الطبية اللازمة.",
]


def _page(title: str, paragraphs: list[str], html_attributes: str = "", head: str = "") -> str:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f"<!DOCTYPE html><html {html_attributes}><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        f"<body><nav><a href='/'>الرئيسية</a></nav><article><h1>{title}</h1>{body}</article></body></html>"
    )


def test_persian_page_without_declaration_is_persian_and_warned() -> None:
    extraction = extract_page(_page("افزایش مبتلایان کرونا در ایران", PERSIAN), "ar")
    assert extraction.language == "fa"
    assert language_mismatch(extraction.language, "ar") == "page is in Persian (fa), project source language is ar"


def test_persian_page_declared_arabic_is_still_persian() -> None:
    extraction = extract_page(_page("افزایش مبتلایان کرونا در ایران", PERSIAN, "lang='ar'"), "ar")
    assert extraction.language == "fa"
    assert "declares ar" in extraction.provenance["language"]


def test_urdu_page_is_urdu() -> None:
    extraction = extract_page(_page("پاکستان میں کورونا کے نئے کیسز", URDU), "ar")
    assert extraction.language == "ur"
    assert language_mismatch("ur", "ar") == "page is in Urdu (ur), project source language is ar"


def test_chinese_project_keeps_its_chinese_paragraphs() -> None:
    extraction = extract_page(_page("全国新增确诊病例继续下降", CHINESE, "lang='zh-CN'"), "zh")
    assert extraction.title == "全国新增确诊病例继续下降"
    assert [line.text for line in extraction.lines if line.hint == "paragraph"] == CHINESE
    assert extraction.language == "zh"
    assert language_mismatch(extraction.language, "zh") is None


def test_undeclared_chinese_page_follows_the_script() -> None:
    assert extract_page(_page("全国新增确诊病例继续下降", CHINESE), "zh").language == "zh"


def test_arabic_page_declared_english_is_arabic() -> None:
    extraction = extract_page(_page("مصر تسجل ثلاثين إصابة جديدة", ARABIC, "lang='en-US'"), "ar")
    assert extraction.language == "ar"
    assert language_mismatch(extraction.language, "ar") is None


def test_og_locale_is_a_declaration() -> None:
    head = "<meta property='og:locale' content='ar_EG'>"
    extraction = extract_page(_page("مصر تسجل ثلاثين إصابة جديدة", ARABIC, head=head), "ar")
    assert (extraction.language, extraction.provenance["language"]) == ("ar", "og:locale")


@pytest.mark.parametrize(
    ("language", "source", "warning"),
    [
        (None, "ar", None),
        ("ar", "ar", None),
        ("ar-EG", "ar", None),
        ("fa", "ar", "page is in Persian (fa), project source language is ar"),
        ("en", "zh", "page is in English (en), project source language is zh"),
        ("xx", "ar", "page is in xx (xx), project source language is ar"),
    ],
)
def test_language_mismatch(language: str | None, source: str, warning: str | None) -> None:
    assert language_mismatch(language, source) == warning


def test_latin_text_keeps_the_declaration() -> None:
    declared = Found("fr", "html lang")
    assert page_language(declared, "Le ministère de la santé a annoncé trente nouveaux cas.", "ar") == declared
    assert page_language(None, "The ministry announced thirty new cases.", "ar") is None


def test_pashto_declaration_is_kept_over_the_persian_letters() -> None:
    pashto = [
        "د روغتیا وزارت ویلي چې په هېواد کې د کرونا ویروس نوي پېښې ثبت شوې دي او روغتونونه چمتو دي.",
        "ویاند زیاته کړه چې ټولو ولایتونو ته طبي ټیمونه لېږل شوي او خلک باید له غیر ضروري سفرونو ډډه وکړي.",
        "هغه وویل چې د لوړ خطر لرونکو کسانو واکسین به له راتلونکې اونۍ څخه پیل شي.",
    ]
    extraction = extract_page(_page("د کرونا نوې پېښې", pashto, "lang='ps'"), "ar")
    assert extraction.language == "ps"
    assert language_mismatch(extraction.language, "ar") == "page is in Pashto (ps), project source language is ar"


def test_persian_and_urdu_letters_are_listed_once_for_both_checks() -> None:
    with SETTINGS_FILE.open("rb") as handle:
        tables = tomllib.load(handle)
    holding = [name for name, table in tables.items() if isinstance(table, dict) and "persian_urdu_letters" in table]
    assert holding == ["language"]
    assert "urdu_only_letters" not in tables["html"]
    # The HTML check reads the shared list: ۀ was only in the raw-text one when there were two.
    assert "ۀ" in default_settings().language.persian_urdu_letters
    assert page_language(None, "خانۀ " * 60 + "ومن " * 40, "ar") == Found("fa", "script check: Persian letters")
