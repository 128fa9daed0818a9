"""A source word with its colon, then a short clause (and a date): a sentence of the article ("مصدر: لم يتم التوقيع
حتى 18 فبراير 2024."), not the line that names where the story came from ("المصدر: بترا"), wherever it stands, in
raw text and in HTML. The source lines themselves stay attribution."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from clean_helpers import PARAGRAPHS, TITLE, article_text, clean, labels

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config

LABELS = ["مصدر:", "المصدر:", "المصادر:", "مصدر -", "مصادر:", "Source:"]
# Short clauses, each with the place of a date ({date}) or without one.
CLAUSES = [
    "لم يتم التوقيع حتى {date}.",
    "لا اتفاق قبل {date}.",
    "التوقيع في {date}.",
    "الوفد يصل بعد {date}!",
    "الاتفاق لم يوقع بعد.",
    "الوفد يصل غدا.",
    "لن يحضر الوزير.",
    "المفاوضات قد تستأنف اليوم.",
    "الاجتماع تم تأجيله منذ {date}.",
    "لن يوقع الطرفان قبل {date}.",
]
ENGLISH_CLAUSES = ["not signed until {date}.", "the deal was not signed yet."]
DATES = ["18 فبراير 2024", "١٨ فبراير ٢٠٢٤", "18/02/2024", "2024-02-18", "١٨/٠٢/٢٠٢٤", "18 شباط 2024"]


def _sentences() -> list[str]:
    """Every clause after every label in turn, its date in every form in turn."""
    dates = itertools.cycle(DATES)
    arabic = [f"{label} {clause.format(date=next(dates))}" for clause in CLAUSES for label in LABELS[:-1]]
    english = [f"Source: {clause.format(date='February 18, 2024')}" for clause in ENGLISH_CLAUSES]
    return list(dict.fromkeys(arabic + english))


SENTENCES = _sentences()
PLACES = ["after_title", "in_body", "after_body"]


def test_the_sentences_hold_every_label_and_date_form() -> None:
    joined = " ".join(SENTENCES)
    assert all(label in joined for label in LABELS) and all(date in joined for date in DATES)
    assert len(SENTENCES) >= 30


@pytest.mark.parametrize("place", PLACES)
def test_raw_text(place: str) -> None:
    wrong = []
    for line in SENTENCES:
        text = article_text(**{place: [line]})
        article = clean(text, "en" if line.startswith("Source") else "ar")
        if line not in [block.text for block in article.blocks] or article.attribution or article.date:
            wrong.append((line, labels(text)[line], article.attribution, article.date))
    assert not wrong, f"{len(wrong)} of {len(SENTENCES)}: {wrong[:4]}"


@pytest.mark.parametrize("line", SENTENCES[::5])
def test_html(line: str, tmp_path: Path) -> None:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in [*PARAGRAPHS, line])
    page = (
        f"<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
        f"<article><h1>{TITLE}</h1>{body}</article></body></html>"
    )
    article = clean_file(tmp_path / "page.html", page.encode(), Config(tmp_path, "ar"))
    assert [block.text for block in article.blocks] == [*PARAGRAPHS, line]
    assert article.attribution == []


SOURCE_LINES = [
    "المصدر: بترا",
    "المصدر: وكالة الأنباء الأردنية.",
    "مصدر: رويترز.",
    "المصدر: موقع الكرملين",
    "المصدر: السفارة الأمريكية في عمان",
    "المصادر: رويترز، أ ف ب",
    "نقلا عن وكالة الأنباء السعودية (واس)",
]


@pytest.mark.parametrize("line", SOURCE_LINES)
def test_source_lines_after_the_body_stay_attribution(line: str) -> None:
    article = clean(article_text(after_body=[line]))
    assert article.attribution == [line]
    assert [block.text for block in article.blocks] == PARAGRAPHS


@pytest.mark.parametrize("line", ["المصدر: بترا - 18/02/2024", "١٨ فبراير ٢٠٢٤ | مصدر: وكالة الأنباء السعودية"])
def test_a_source_beside_its_date_is_still_the_date_and_the_source(line: str) -> None:
    article = clean(article_text(after_body=[line]))
    assert article.date == "2024-02-18" and article.attribution
    assert [block.text for block in article.blocks] == PARAGRAPHS
