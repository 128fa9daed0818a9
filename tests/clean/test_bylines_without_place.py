"""A writer's name under the headline beside a date or a kicker, without a byline word or the dispatch's place: the
name is the byline where it opens with a given name ([words] given_names), and the date the date; a two-word place
before a date is the dispatch's dateline, and a kicker before a name no writer's."""

from __future__ import annotations

from pathlib import Path

import pytest
from clean_helpers import PARAGRAPHS, TITLE, article_text, clean

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config
from toolkit.model import Article


def _html_article(line: str, tmp_path: Path) -> Article:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in [line, *PARAGRAPHS])
    page = (
        f"<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
        f"<article><h1>{TITLE}</h1>{body}</article></body></html>"
    )
    return clean_file(tmp_path / "page.html", page.encode(), Config(tmp_path, "ar"))


NAMES_BEFORE_DATES = [
    ("كريم بنعلي | الجمعة 8 مارس 2024", "كريم بنعلي", "2024-03-08"),
    ("سارة المنصوري - ١٢ يناير ٢٠٢٤", "سارة المنصوري", "2024-01-12"),
    ("عبد الرحمن الشامي، 2024/03/08", "عبد الرحمن الشامي", "2024-03-08"),
    ("ليلى الخطيب — الأحد ٣ مارس ٢٠٢٤", "ليلى الخطيب", "2024-03-03"),
    ("يوسف العمراني / 18/02/2024", "يوسف العمراني", "2024-02-18"),
    ("فاطمة الزهراء بنعيسى · ٢٠٢٤-٠٥-٠٢", "فاطمة الزهراء بنعيسى", "2024-05-02"),
    ("أبو بكر الحسني | الثلاثاء ١٠ سبتمبر ٢٠٢٤", "أبو بكر الحسني", "2024-09-10"),
    ("خالد الجابري 25 ديسمبر 2023", "خالد الجابري", "2023-12-25"),
    ("منى السيد - نشر في 7 أبريل 2024", "منى السيد", "2024-04-07"),
]

DATELINES = [
    ("الدار البيضاء - 8 مارس 2024", "2024-03-08"),
    ("رام الله | الجمعة ٨ مارس ٢٠٢٤", "2024-03-08"),
    ("المملكة المغربية - 18/02/2024", "2024-02-18"),
    ("شرم الشيخ، ١٢ يناير ٢٠٢٤", "2024-01-12"),
    ("أخبار محلية | 2024-03-03", "2024-03-03"),
    ("الأمم المتحدة — الأحد ٣ مارس ٢٠٢٤", "2024-03-03"),
    ("ارتفاع الأسعار - 25 ديسمبر 2023", "2023-12-25"),
    ("بيت لحم / 7 أبريل 2024", "2024-04-07"),
]


@pytest.mark.parametrize(("line", "name", "date"), NAMES_BEFORE_DATES)
def test_a_name_before_a_date_is_the_byline_in_raw_text(line: str, name: str, date: str) -> None:
    article = clean(article_text(after_title=[line]))
    assert (article.byline, article.date) == (name, date)
    assert article.provenance["byline"] == "line 3, before its date"
    assert [block.text for block in article.blocks] == PARAGRAPHS


@pytest.mark.parametrize(("line", "name", "date"), NAMES_BEFORE_DATES)
def test_a_name_before_a_date_is_the_byline_in_html(line: str, name: str, date: str, tmp_path: Path) -> None:
    article = _html_article(line, tmp_path)
    assert (article.byline, article.date) == (name, date)
    assert [block.text for block in article.blocks] == PARAGRAPHS


@pytest.mark.parametrize(("line", "date"), DATELINES)
def test_a_place_before_a_date_is_no_writer(line: str, date: str, tmp_path: Path) -> None:
    raw = clean(article_text(after_title=[line]))
    assert (raw.byline, raw.date) == (None, date)
    html = _html_article(line, tmp_path)
    assert (html.byline, html.date) == (None, date)


KICKERS_BEFORE_NAMES = [
    ("ارتفاع الأسعار - أحمد حسن", "أحمد حسن"),
    ("أزمة الخبز | سامر خليل", "سامر خليل"),
    ("موجة حر ـ عبدالله العتيبي", "عبدالله العتيبي"),
    ("انتخابات بلدية / منية العرفاوي", "منية العرفاوي"),
    ("رام الله - رنا القاسم", "رنا القاسم"),
    ("معارك عنيفة – ليلى الخطيب", "ليلى الخطيب"),
    ("معرض الكتاب الدولي - يوسف بن سالم", "يوسف بن سالم"),
    ("الدخول المدرسي — فاطمة الزهراني", "فاطمة الزهراني"),
    ("شرم الشيخ | أبو علي الحلبي", "أبو علي الحلبي"),
]


@pytest.mark.parametrize(("line", "name"), KICKERS_BEFORE_NAMES)
def test_the_writer_is_the_part_opening_with_a_given_name(line: str, name: str, tmp_path: Path) -> None:
    assert clean(article_text(after_title=[line])).byline == name
    assert _html_article(line, tmp_path).byline == name


def test_a_kicker_before_a_name_and_its_outlet_leaves_the_name_and_the_outlet() -> None:
    article = clean(article_text(after_title=["قصف متواصل – ليلى الخطيب - الجزيرة نت"]))
    assert (article.byline, article.outlet) == ("ليلى الخطيب", "الجزيرة نت")


@pytest.mark.parametrize("line", ["محمد علي - أحمد حسن", "سارة أحمد | كريم بنعلي"])
def test_two_names_are_two_writers_and_the_line_is_the_byline_whole(line: str) -> None:
    assert clean(article_text(after_title=[line])).byline == line
