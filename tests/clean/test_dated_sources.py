"""A date and where the story came from on one line ("2024-02-18 المصدر: بترا"): the date is the article's, the
source its attribution, and the line no text of the article, in raw text and in HTML. A generated table: every
date form the cleaner reads, every kind of source line, every separator, both orders, in every place; and the
sentences that merely hold a date or a source word, which stay text."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from clean_helpers import PARAGRAPHS, TITLE, article_text, clean, labels

from toolkit.clean.pipeline import clean_file
from toolkit.clean.text import text_lines
from toolkit.config import Config
from toolkit.model import Article

DATE = "2024-02-18"
# The forms of one day, as Arabic pages print it.
DATE_FORMS = [
    "2024-02-18",
    "18/02/2024",
    "18-2-2024",
    "18.02.2024",
    "18 فبراير 2024",  # Egyptian month name
    "18 شباط 2024",  # Levantine
    "18 شباط/فبراير 2024",
    "١٨ فبراير ٢٠٢٤",  # Arabic-Indic digits
    "٢٠٢٤-٠٢-١٨",
    "8 شعبان 1445 هـ - 18 فبراير 2024 م",  # Hijri beside Gregorian
    "الأحد 18 فبراير 2024 10:30 ص",
    "نشر في 18/02/2024",
    "(18/02/2024)",
]
# A source line as printed, and the attribution it gives.
SOURCES = [
    ("المصدر: بترا", "المصدر: بترا"),
    ("المصدر: وكالة الأنباء الأردنية", "المصدر: وكالة الأنباء الأردنية"),
    ("مصدر: وكالة الأنباء السعودية", "مصدر: وكالة الأنباء السعودية"),
    ("مصدر:بترا", "مصدر:بترا"),  # the label's own colon, no space before the name
    ("نقلا عن وكالة الأنباء الأردنية", "نقلا عن وكالة الأنباء الأردنية"),
    ("وكالات", "وكالات"),
    ("(بترا)", "(بترا)"),
    ("(واس)", "(واس)"),
    ("ـ رويترز", "رويترز"),
    ("Reuters", "Reuters"),
    ("AFP", "AFP"),
    ("AP", "AP"),
    ("Reuters/AFP", "Reuters/AFP"),
    ("(عمان - بترا)", "(عمان - بترا)"),  # a dispatch's place and agency
]
SEPARATORS = [" ", " | ", " - ", " – ", " · ", "، ", ", "]
PLACES = ["after_title", "in_body", "after_body"]


def _dated_line(date: str, source: str, separator: str, source_first: bool) -> str:
    if source.startswith("ـ") and source_first:  # a tatweel leads a source written after its date only
        source = source.removeprefix("ـ").strip()
    return f"{source}{separator}{date}" if source_first else f"{date}{separator}{source}"


def _table() -> list[tuple[str, str]]:
    """Every date form with every source, in both orders, the separators in turn: (line, attribution)."""
    separators = itertools.cycle(SEPARATORS)
    return [
        (_dated_line(date, source, next(separators), source_first), attribution)
        for date, (source, attribution) in itertools.product(DATE_FORMS, SOURCES)
        for source_first in (False, True)
    ]


TABLE = _table()


def _assert_dated_source(article: Article, line: str, attribution: str) -> None:
    assert all(line not in block.text for block in article.blocks), line
    assert article.date == DATE, line
    assert article.attribution == [attribution], line


@pytest.mark.parametrize("place", PLACES)
def test_raw_text(place: str) -> None:
    wrong = []
    for line, attribution in TABLE:
        text = article_text(**{place: [line]})
        article = clean(text)
        number = next(source.number for source in text_lines(text) if source.text == line)
        if (
            any(line in block.text for block in article.blocks)
            or article.date != DATE
            or article.attribution != [attribution]
            or article.provenance.get("date") != f"line {number}"
        ):
            wrong.append((line, article.date, article.attribution, article.provenance.get("date")))
    assert not wrong, f"{len(wrong)} of {len(TABLE)}: {wrong[:5]}"


def test_after_a_date_line_the_dated_source_is_removed_by_its_rule_and_still_attributes() -> None:
    line = "18 فبراير 2024 | المصدر: بترا"
    article = clean(article_text(after_title=["10 فبراير 2024"], after_body=[line]))
    assert article.date == "2024-02-10"
    assert article.attribution == ["المصدر: بترا"]
    assert [removed.rule for removed in article.removed if removed.text == line] == ["dated_source"]


def test_the_agency_of_a_dated_dispatch_line_is_the_outlet() -> None:
    article = clean(article_text(after_title=["(عمان - بترا) 18 فبراير 2024"]))
    assert (article.date, article.attribution, article.outlet) == (DATE, ["(عمان - بترا)"], "بترا")


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(
    ("line", "outlet"),
    [("(بترا - 18 فبراير 2024)", "بترا"), ("(سبوتنيك - ١٨ شباط ٢٠٢٤)", "سبوتنيك"), ("(AFP - 18/02/2024)", "AFP")],
    ids=["petra", "sputnik", "afp"],
)
def test_a_dispatch_dateline_bracketing_its_agency_and_date_is_the_date_and_the_attribution(
    line: str, outlet: str, place: str
) -> None:
    article = clean(article_text(**{place: [line]}))
    assert all(line not in block.text for block in article.blocks)
    assert (article.date, article.attribution, article.outlet) == (DATE, [line], outlet)


def _page(line: str, place: str) -> bytes:
    paragraphs = list(PARAGRAPHS)
    paragraphs.insert({"after_title": 0, "in_body": 2, "after_body": len(paragraphs)}[place], line)
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
        f"<nav><a href='/'>الرئيسية</a></nav><article><h1>{TITLE}</h1>{body}</article></body></html>"
    ).encode()


# Each date form and each source at least once in every place, both orders, every separator: a page costs the
# HTML extractor's time.
HTML_TABLE = [
    (
        _dated_line(
            DATE_FORMS[index % len(DATE_FORMS)],
            SOURCES[index % len(SOURCES)][0],
            SEPARATORS[index % len(SEPARATORS)],
            source_first=index % 2 == 1,
        ),
        SOURCES[index % len(SOURCES)][1],
    )
    for index in range(max(len(DATE_FORMS), len(SOURCES), len(SEPARATORS)))
]


def test_the_html_table_holds_every_date_form_and_every_source() -> None:
    lines = " ".join(line for line, _ in HTML_TABLE)
    assert all(form in lines for form in DATE_FORMS)
    assert {attribution for _, attribution in HTML_TABLE} == {attribution for _, attribution in SOURCES}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(("line", "attribution"), HTML_TABLE, ids=[f"line{n}" for n in range(len(HTML_TABLE))])
def test_html(line: str, attribution: str, place: str, tmp_path: Path) -> None:
    article = clean_file(tmp_path / "page.html", _page(line, place), Config(tmp_path, "ar"))
    _assert_dated_source(article, line, attribution)


# Sentences that hold a date, a source word or an agency's name, and are the article's text.
SENTENCES = [
    "وقال المصدر إن الاجتماع المقبل سيعقد في {date} في العاصمة الأردنية عمان.",
    "المصدر نفسه أكد أن الاتفاق وقع في {date} بحضور الوزراء.",
    "نقلا عن مصادر مطلعة، فإن المحادثات ستستأنف في {date} بعد توقف طويل.",
    "وذكرت وكالة رويترز أن الاجتماع عقد يوم {date} في جنيف.",
    "وكالات الأنباء نقلت في {date} أن الوفد وصل إلى عمان.",
    "المصدر الرئيسي للطاقة في البلاد هو الغاز الطبيعي منذ {date}.",
    "مصدر: الاتفاق سيوقع في {date} بحضور الطرفين.",
    "المصدر نفسه أكد أن الاتفاق وقع بحضور الوزراء والسفراء.",
    "نقلا عن شهود عيان، وصلت القوافل إلى المدينة فجر اليوم.",
    # A source word and a few words, then the date and the sentence's stop: the stop is the sentence's, not only
    # the date's, and these were removed as date lines.
    "المصدر نفسه أكد ذلك في {date}.",
    "المصادر قالت إن الوفد وصل يوم {date}.",
    "نقلا عن مسؤولين أردنيين في {date}.",
]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("sentence", SENTENCES, ids=[f"sentence{n}" for n in range(len(SENTENCES))])
def test_sentences_with_a_date_or_a_source_word_stay_text(sentence: str, place: str) -> None:
    for date in DATE_FORMS[:9]:
        line = sentence.format(date=date)
        text = article_text(**{place: [line]})
        assert labels(text)[line] == ("body", "paragraph"), line
        article = clean(text)
        assert article.attribution == [] and article.date is None, line


@pytest.mark.parametrize("place", PLACES)
def test_a_hijri_date_alone_beside_its_source_is_attribution_whole(place: str) -> None:
    """The cleaner reads no Hijri date as Gregorian: the line goes to the attribution as written, date and all."""
    line = "8 شعبان 1445 هـ - المصدر: بترا"
    article = clean(article_text(**{place: [line]}))
    assert all(line not in block.text for block in article.blocks)
    assert article.attribution == [line]
    assert article.date is None


CHINESE_PARAGRAPHS = [
    "杭州地铁十号线二期工程于十八日上午正式开通运营，全长约九公里，共设七座车站，连接城北与西湖景区。",
    "据杭州市地铁集团介绍，新线路开通后，从城北到西湖景区的出行时间将缩短约二十分钟，早晚高峰加开班次。",
]


@pytest.mark.parametrize(
    "line",
    [
        "2024年6月18日 来源：新华社",
        "来源：新华社 2024年06月18日 10时30分",
        "2024-06-18 来源:新华社",
        "2024年6月18日 上午10:30 来源：新华社",
    ],
)
def test_a_chinese_source_label_runs_into_its_name(line: str) -> None:
    """Chinese prints "来源：" with its full-width colon straight against the source's name, and its date with marks
    after the numbers (年, 月, 日)."""
    article = clean("\n\n".join(["杭州地铁新线路正式开通运营", line, *CHINESE_PARAGRAPHS]), source_language="zh")
    assert [block.text for block in article.blocks if block.kind == "paragraph"] == CHINESE_PARAGRAPHS
    assert article.date == "2024-06-18"
    assert [source.replace(":", "：") for source in article.attribution] == ["来源：新华社"]


def test_a_chinese_source_line_after_the_body_is_attribution() -> None:
    text = "\n\n".join(["杭州地铁新线路正式开通运营", *CHINESE_PARAGRAPHS, "来源：新华社"])
    article = clean(text, source_language="zh")
    assert [block.text for block in article.blocks if block.kind == "paragraph"] == CHINESE_PARAGRAPHS
    assert article.attribution == ["来源：新华社"]


def _page_with_heading(heading: str, tag: str = "h2") -> bytes:
    paragraphs = [f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS]
    paragraphs.insert(2, f"<{tag}>{heading}</{tag}>")
    return (
        f"<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
        f"<article><h1>{TITLE}</h1>{''.join(paragraphs)}</article></body></html>"
    ).encode()


@pytest.mark.parametrize("heading", ["المصادر المفتوحة والتحقق", "المصدر الرئيسي للطاقة", "نقلا عن الشهود"])
def test_a_subheading_opening_with_a_source_word_is_the_articles_heading(heading: str, tmp_path: Path) -> None:
    article = clean_file(tmp_path / "page.html", _page_with_heading(heading), Config(tmp_path, "ar"))
    assert [block.kind for block in article.blocks if block.text == heading] == ["heading"]
    assert article.attribution == []


def test_a_source_line_set_as_a_heading_with_its_label_is_attribution(tmp_path: Path) -> None:
    page = _page_with_heading("المصدر: رويترز", tag="h4")
    article = clean_file(tmp_path / "page.html", page, Config(tmp_path, "ar"))
    assert article.attribution == ["المصدر: رويترز"]
    assert all("رويترز" not in block.text for block in article.blocks)
