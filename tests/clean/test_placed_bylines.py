"""A correspondent's story signed under the headline without a byline word: the dispatch's place and the writer's
name ("عمّان: رنا القاسم", "القاهرة - محمد علي", "غزة/ أحمد حسن"), perhaps the outlet after them or a date. The line
is the byline, its name shown, in raw text and in HTML; the lines that merely look so (a section's breadcrumb, a
quote, a label and its value) are not."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from clean_helpers import PARAGRAPHS, TITLE, article_text, clean, labels

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config

PLACES = ["عمّان", "القاهرة", "غزة", "بيروت", "دمشق", "الرياض", "الخرطوم", "تونس", "الجزائر", "دبي", "نيويورك"]
NAMES = ["رنا القاسم", "محمد علي", "أحمد حسن", "ليلى الخطيب", "عبدالله بن سعد العتيبي", "منية العرفاوي", "سامر خليل"]
SEPARATORS = [": ", " - ", "/ ", " – ", " | ", " ـ ", "- ", " — ", "/", ":"]


def _table() -> list[tuple[str, str]]:
    """Every place with a name and a separator in turn: (line, the name it signs)."""
    names, separators = itertools.cycle(NAMES), itertools.cycle(SEPARATORS)
    return [
        (f"{place}{next(separators)}{name}", name)
        for place, name in zip(PLACES * 2, itertools.islice(names, 22), strict=True)
    ]


TABLE = _table()


def test_the_table_holds_every_place_name_and_separator() -> None:
    lines = " ".join(line for line, _ in TABLE)
    assert all(place in lines for place in PLACES) and all(name in lines for name in NAMES)
    assert all(any(separator in line for line, _ in TABLE) for separator in SEPARATORS)


@pytest.mark.parametrize(("line", "name"), TABLE)
def test_raw_text(line: str, name: str) -> None:
    text = article_text(after_title=[line, "18 فبراير 2024"])
    article = clean(text)
    assert article.byline == name
    assert article.date == "2024-02-18"
    assert labels(text)[line] == ("byline", "placed_byline")
    place = line[: line.index(name)].rstrip(" :-–—ـ|/")
    assert article.provenance["byline"] == f"line 3 (after the dispatch's place {place!r})"
    assert [block.text for block in article.blocks] == PARAGRAPHS


@pytest.mark.parametrize(
    ("line", "name", "outlet"),
    [
        ("بيروت - ليلى الخطيب - النهار", "ليلى الخطيب", "النهار"),
        ("القاهرة - محمد علي - اليوم السابع", "محمد علي", "اليوم السابع"),
        ("عمّان: رنا القاسم | الغد", "رنا القاسم", "الغد"),
        ("غزة/ أحمد حسن - الجزيرة نت", "أحمد حسن", "الجزيرة نت"),
        ("محمد النجار - الجزيرة نت", "محمد النجار", "الجزيرة نت"),
        ("سامر خليل | سكاي نيوز عربية", "سامر خليل", "سكاي نيوز عربية"),
        ("دمشق - سامر خليل - أ ف ب", "سامر خليل", "أ ف ب"),
    ],
)
def test_the_outlet_after_the_name_is_the_outlet(line: str, name: str, outlet: str) -> None:
    article = clean(article_text(after_title=[line]))
    assert (article.byline, article.outlet) == (name, outlet)


@pytest.mark.parametrize(
    ("line", "name", "date"),
    [
        ("القاهرة - محمد علي - ١٨ فبراير ٢٠٢٤", "محمد علي", "2024-02-18"),
        ("عمّان: رنا القاسم 18/02/2024", "رنا القاسم", "2024-02-18"),
        ("غزة/ أحمد حسن، الأحد ٣ مارس ٢٠٢٤", "أحمد حسن", "2024-03-03"),
        ("بيروت | ليلى الخطيب | 2024-03-03", "ليلى الخطيب", "2024-03-03"),
    ],
)
def test_a_date_after_the_place_and_name_is_the_date(line: str, name: str, date: str) -> None:
    article = clean(article_text(after_title=[line]))
    assert (article.byline, article.date) == (name, date)


def test_two_words_before_a_dash_are_a_writer_where_they_open_with_a_given_name() -> None:
    # "رام الله" is a place, "محمد علي" a first writer: without a colon only the given name tells them apart.
    assert clean(article_text(after_title=["محمد علي - أحمد حسن"])).byline == "محمد علي - أحمد حسن"
    assert clean(article_text(after_title=["رام الله - أحمد حسن"])).byline == "أحمد حسن"
    assert clean(article_text(after_title=["رام الله: أحمد حسن"])).byline == "أحمد حسن"


NOT_SIGNATURES = [
    "سياسة - عربي ودولي",  # a section and its site word
    "الرئيسية / أخبار العالم",
    "أخبار - محليات",
    "روسيا - الناتو",
    "فيديو: لحظة وصول الوفد",  # a widget's label
    "تصوير: أحمد حسن",  # a photo credit
    "ترجمة: سارة أحمد",  # the translator's credit
    "المصدر: وكالة الأنباء الأردنية",
    "موسكو - كييف - واشنطن",
    "عمّان: وصل الوفد إلى المطار مساء أمس.",
    # A masthead's roles, a quotation headline of a few words (both seen in the devdata pages' text).
    "رئيس التحرير : محمود مكاوي",
    "مدير التحرير: طه جبريل",
    "الإشراف العام : إلهام أبو الفتح",
    "رئيس مجلس الإدارة : أحمد جلال",
    "لافروف لبلينكن: الغرب تجاهل مخاوفنا الأمنية",
]


@pytest.mark.parametrize("line", NOT_SIGNATURES)
def test_lines_that_only_look_like_a_place_and_a_name_sign_nothing(line: str) -> None:
    article = clean(article_text(after_title=[line]))
    assert article.byline is None
    assert labels(article_text(after_title=[line]))[line][1] != "placed_byline"


# A kicker or a dek under the headline has a place and a name's shape, and Arabic has no capitals to tell them apart:
# the article's words, never its writer.
KICKERS = [
    # The place and a noun phrase.
    "بيروت: ارتفاع الأسعار",
    "غزة - قصف متواصل",
    "القاهرة: أزمة الخبز",
    "عمّان / موجة حر",
    "الرياض | موسم الرياض",
    "تونس – انتخابات بلدية",
    "الخرطوم ـ معارك عنيفة",
    "دبي: معرض الكتاب الدولي",
    "الجزائر - الدخول المدرسي",
    # The place and a sentence with its verb.
    "دمشق: الأسد يلتقي بوتين",
    "بيروت: الحكومة تقر الموازنة",
    "غزة - الاحتلال يقصف مخيم",
    "القاهرة: البرلمان يرفض القانون",
    "نيويورك | مجلس الأمن يجتمع",
    # The place and a number.
    "غزة: 30 شهيدا",
    "بيروت - ٤٠ درجة",
    "عمّان: 5 ملايين زائر",
    # A phrase and an outlet.
    "ارتفاع الأسعار - الجزيرة نت",
]


@pytest.mark.parametrize("line", KICKERS)
def test_a_kicker_after_the_place_names_no_writer(line: str) -> None:
    text = article_text(after_title=[line])
    assert clean(text).byline is None
    assert labels(text)[line][1] != "placed_byline"


@pytest.mark.parametrize(
    "line",
    ["بيروت: ارتفاع الأسعار 18/02/2024", "القاهرة - أزمة الخبز - ١٨ فبراير ٢٠٢٤", "غزة: قصف متواصل، الأحد ٣ مارس ٢٠٢٤"],
)
def test_a_kicker_before_a_date_names_no_writer(line: str) -> None:
    article = clean(article_text(after_title=[line]))
    assert article.byline is None


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("بيروت: أبو علي الحلبي", "أبو علي الحلبي"),
        ("دمشق - عبد الرحمن الخطيب", "عبد الرحمن الخطيب"),
        ("تونس: آمنة بن سالم", "آمنة بن سالم"),
        ("الرياض / فاطمة الزهراني", "فاطمة الزهراني"),
    ],
)
def test_a_name_opening_with_a_known_given_name_is_the_writer(line: str, name: str) -> None:
    assert clean(article_text(after_title=[line])).byline == name


def test_in_a_byline_box_the_place_goes_whatever_the_name(tmp_path: Path) -> None:
    # The box says it is a byline: a writer's first name missing from [words] given_names keeps its name.
    page = (
        f"<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
        f"<article><h1>{TITLE}</h1><span class='author'>عمّان: سنابل الروسان</span>"
        f"{''.join(f'<p>{paragraph}</p>' for paragraph in PARAGRAPHS)}</article></body></html>"
    )
    assert clean_file(tmp_path / "page.html", page.encode(), Config(tmp_path, "ar")).byline == "سنابل الروسان"


@pytest.mark.parametrize(("line", "name"), TABLE[:: len(TABLE) // 6])
def test_html(line: str, name: str, tmp_path: Path) -> None:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in [line, *PARAGRAPHS])
    page = (
        f"<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
        f"<article><h1>{TITLE}</h1>{body}</article></body></html>"
    )
    article = clean_file(tmp_path / "page.html", page.encode(), Config(tmp_path, "ar"))
    assert article.byline == name
    assert [block.text for block in article.blocks] == PARAGRAPHS
