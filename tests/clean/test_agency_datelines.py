"""A dispatch's dateline without brackets around it: the place, perhaps the date, and the agency ("الرياض واس", "جدة
12 مارس 2024 واس", "الدوحة - قنا", "باريس (أ ف ب)"). Set apart under the headline it is the attribution, its agency
the outlet, its date the date; opening the first paragraph it stays there and gives them too. Never dropped as
boilerplate, never glued to the headline of a hard-wrapped text, in raw text and in HTML."""

from __future__ import annotations

import itertools
import textwrap
from pathlib import Path

import pytest
from clean_helpers import PARAGRAPHS, TITLE, article_text, clean, labels

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config

PLACES = ["الرياض", "جدة", "الدوحة", "أبوظبي", "المنامة", "الكويت", "دمشق", "باريس", "مكة المكرمة", "عمّان"]
AGENCIES = ["واس", "قنا", "وام", "بنا", "كونا", "سانا", "أ ف ب", "بترا", "رويترز", "الأناضول"]
DATES = [("12 مارس 2024", "2024-03-12"), ("١٢ مارس ٢٠٢٤", "2024-03-12"), ("12/03/2024", "2024-03-12"), (None, None)]
FORMS = ["{place} {agency}", "{place} - {agency}", "{place}، {agency}", "{place} ({agency})", "{place} – {agency}"]


def _table() -> list[tuple[str, str, str | None]]:
    """Each place with an agency, a form and a date (or none) in turn: (dateline, agency, ISO date)."""
    forms, dates = itertools.cycle(FORMS), itertools.cycle(DATES)
    table = []
    for place, agency in zip(PLACES * 2, AGENCIES + AGENCIES[::-1], strict=True):
        written, iso = next(dates)
        line = next(forms).format(place=place if written is None else f"{place} {written}", agency=agency)
        table.append((line, agency, iso))
    return table


TABLE = _table()


def test_the_table_holds_every_place_agency_form_and_date() -> None:
    lines = " ".join(line for line, _, _ in TABLE)
    assert all(place in lines for place in PLACES) and all(agency in lines for agency in AGENCIES)
    assert {iso for _, _, iso in TABLE} == {"2024-03-12", None}
    assert all(written in lines for written, _ in DATES if written)


@pytest.mark.parametrize(("line", "agency", "date"), TABLE)
def test_set_apart_under_the_headline(line: str, agency: str, date: str | None) -> None:
    text = article_text(after_title=[line])
    article = clean(text)
    assert article.title == TITLE
    assert (article.attribution, article.outlet, article.date) == ([line], agency, date)
    assert [block.text for block in article.blocks] == PARAGRAPHS
    assert labels(text)[line] == ("date", "dated_source") if date else ("attribution", "dateline")


@pytest.mark.parametrize(("line", "agency", "date"), TABLE)
def test_opening_the_first_paragraph(line: str, agency: str, date: str | None) -> None:
    first = f"{line} {PARAGRAPHS[0]}" if line.endswith(")") else f"{line} - {PARAGRAPHS[0]}"
    article = clean("\n\n".join([TITLE, first, *PARAGRAPHS[1:]]) + "\n")
    assert [block.text for block in article.blocks] == [first, *PARAGRAPHS[1:]]
    assert (article.outlet, article.date) == (agency, date)


@pytest.mark.parametrize("width", [50, 60, 64, 70, 72, 76, 79])
@pytest.mark.parametrize(("line", "agency", "date"), TABLE[:6])
def test_under_a_wrapped_headline_it_is_no_part_of_the_headline(
    line: str, agency: str, date: str | None, width: int, tmp_path: Path
) -> None:
    # Hard-wrapped (lynx -dump, fmt, an e-mail), the headline's line filled the width and the dateline right under it
    # was taken for the rest of the headline's sentence.
    title = "السعودية تعلن عن حزمة جديدة من الإجراءات الاقتصادية لدعم القطاع الخاص"
    paragraphs = "\n\n".join("\n".join(textwrap.wrap(paragraph, width)) for paragraph in PARAGRAPHS)
    text = "\n".join([*textwrap.wrap(title, width), line]) + "\n\n" + paragraphs + "\n"
    article = clean_file(tmp_path / "wrapped.txt", text.encode(), Config(tmp_path, "ar"))
    assert (article.title, article.attribution, article.outlet) == (title, [line], agency)
    assert [block.text for block in article.blocks] == PARAGRAPHS


@pytest.mark.parametrize(("line", "agency", "date"), TABLE[::4])
def test_html(line: str, agency: str, date: str | None, tmp_path: Path) -> None:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in [line, *PARAGRAPHS])
    page = (
        f"<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
        f"<article><h1>{TITLE}</h1>{body}</article></body></html>"
    )
    article = clean_file(tmp_path / "page.html", page.encode(), Config(tmp_path, "ar"))
    assert (article.attribution, article.outlet, article.date) == ([line], agency, date)
    assert [block.text for block in article.blocks] == PARAGRAPHS


@pytest.mark.parametrize("line", ["(أ ف ب)", "واس", "(قنا)"])
def test_an_agency_alone_under_the_headline_is_the_attribution(line: str) -> None:
    article = clean(article_text(after_title=[line]))
    assert article.attribution == [line] and [block.text for block in article.blocks] == PARAGRAPHS


# Lines that name an agency and are no dateline.
NOT_DATELINES = [
    ("in_body", "وقالت واس إن الوفد وصل إلى الرياض مساء أمس بعد جولة إقليمية."),
    ("in_body", "ونقلت قنا عن مصدر رسمي أن المحادثات ستستأنف الأسبوع المقبل في الدوحة."),
    ("in_body", "وذكرت وكالة الأنباء الكويتية كونا أن الأمير استقبل الوفد في قصر بيان."),
]


@pytest.mark.parametrize(("place", "line"), NOT_DATELINES)
def test_sentences_naming_an_agency_stay_text(place: str, line: str) -> None:
    text = article_text(**{place: [line]})
    assert labels(text)[line] == ("body", "paragraph")
    assert clean(text).outlet is None


@pytest.mark.parametrize("line", ["اتصل بنا", "الإتصال بنا", "اتصلوا بنا"])
def test_a_menu_entry_that_ends_like_an_agency_is_no_dateline(line: str) -> None:
    text = article_text(after_title=[line])  # "contact us": بنا is also Bahrain's agency
    assert labels(text)[line] == ("boilerplate", "menu_label")
    assert clean(text).attribution == []


@pytest.mark.parametrize(
    "dateline",
    [
        "(پاکستان پوائنٹ نیوز / سبوتنيك - 01 فبراير 2022ء)",
        "( أردو بوینت نتورك ۔ / سبوتنيك - 31 ديسمبر 2021ء)",
        "(الرياض - وكالة الأنباء السعودية - ١٢ مارس ٢٠٢٤)",
        "جدة 12 مارس 2024 (وكالة الأنباء السعودية واس) -",
    ],
)
def test_a_dateline_that_fills_the_first_line_of_its_wrapped_paragraph_stays_in_it(
    dateline: str, tmp_path: Path
) -> None:
    # `lynx -dump` (paragraphs indented three columns) broke the first line right after the dateline, the next word
    # not fitting: the line is a dateline alone, and still the first words of the paragraph under it.
    first = f"{dateline} {PARAGRAPHS[0]}"
    width = len(dateline) + 4

    def dumped(paragraph: str) -> str:
        return "\n".join(textwrap.wrap(paragraph, width, initial_indent="   ", subsequent_indent="   "))

    text = "\n\n".join([f"   {TITLE}", *(dumped(paragraph) for paragraph in [first, *PARAGRAPHS[1:]])]) + "\n"
    assert text.split("\n")[2].strip() == dateline
    article = clean_file(tmp_path / "dump.txt", text.encode(), Config(tmp_path, "ar"))
    assert [block.text for block in article.blocks] == [first, *PARAGRAPHS[1:]]


# A share bar's buttons written in Arabic letters: "واتس اب" (WhatsApp) ends in اب, an agency's name (AP), so the
# buttons before it read as a dispatch's place and the bar became the article's attribution, shown to readers.
SHARE_BARS = [
    "فيسبوك تويتر واتس اب",
    "فيس بوك | تويتر | واتس آب",
    "تلغرام واتس اب",
    "لينكد إن - إكس - واتس أب",
    "واتس اب",
]


@pytest.mark.parametrize("line", SHARE_BARS)
def test_a_share_bar_in_arabic_letters_is_no_dateline(line: str) -> None:
    for text in (article_text(after_title=[line]), article_text(after_body=[line])):
        article = clean(text)
        assert labels(text)[line][0] == "boilerplate"
        assert (article.attribution, article.outlet) == ([], None)
        assert [block.text for block in article.blocks] == PARAGRAPHS


def test_a_share_bar_of_a_saved_page_is_no_attribution(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    page = tmp_path / "story.html"
    page.write_text(
        f'<html lang="ar" dir="rtl"><body><article><h1>{TITLE}</h1>{paragraphs}'
        '<div class="sharedaddy"><h3>شارك هذه المقالة</h3><a>فيسبوك</a> <a>تويتر</a> <a>واتس اب</a></div>'
        "</article></body></html>",
        encoding="utf-8",
    )
    article = clean_file(page, page.read_bytes(), Config(tmp_path))
    assert article.attribution == []


@pytest.mark.parametrize(
    ("line", "agency", "date"),
    [
        ("الرياض 8 شعبان 1445 هـ الموافق 18 فبراير 2024 م واس", "واس", "2024-02-18"),  # the Hijri date beside it
        ("الرياض 1445/8/8 هـ واس", "واس", None),
        ("الرياض، الأحد ١٨ فبراير ٢٠٢٤ (واس)", "واس", "2024-02-18"),
        ("الرياض 18 فبراير 2024م (واس)", "واس", "2024-02-18"),
        ("الكويت ١٨-٢-٢٠٢٤ (كونا)", "كونا", "2024-02-18"),
        ("دمشق-سانا", "سانا", None),
        ("المنامة في 18 فبراير/ بنا/", "بنا", None),  # the Bahraini agency's own form, no year
    ],
)
def test_more_of_the_agencies_forms(line: str, agency: str, date: str | None) -> None:
    article = clean(article_text(after_title=[line]))
    assert (article.attribution, article.outlet, article.date) == ([line], agency, date)
    assert [block.text for block in article.blocks] == PARAGRAPHS


# A sentence that ends naming its agency, its place or its source: wrapped, its last line alone reads as a dateline
# ("السعودية واس.", "عنه وكالة رويترز.", "نقلت الأناضول."), and was kept apart from the sentence it ends, then
# taken from the body as the article's source or lost.
AGENCY_ENDINGS = [
    "، بحسب وكالة الأنباء السعودية واس",
    "، كما نقلت عنه وكالة رويترز",
    "، بحسب ما نقلت الأناضول",
    " في الدوحة - قنا",
    "، وفق ما ذكرت سانا",
]


@pytest.mark.parametrize("width", [50, 60, 64, 70, 72, 76, 79])
@pytest.mark.parametrize("ending", AGENCY_ENDINGS)
def test_a_wrapped_sentence_ending_with_its_agency_stays_whole(ending: str, width: int, tmp_path: Path) -> None:
    paragraphs = [PARAGRAPHS[0], PARAGRAPHS[1].removesuffix(".") + ending + ".", *PARAGRAPHS[2:]]
    wrapped = "\n\n".join("\n".join(textwrap.wrap(paragraph, width)) for paragraph in paragraphs)
    article = clean_file(tmp_path / "wrapped.txt", f"{TITLE}\n\n{wrapped}\n".encode(), Config(tmp_path, "ar"))
    assert [block.text for block in article.blocks] == paragraphs
