"""A lead put back from the page by its description is dropped when the body restates it (rule restated_dek):
a dek or a social card's summary, which the benchmarks' annotators leave out of the article; a lead the body
does not restate stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_paths import DEVDATA

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config

TITLE = "New York man pleads guilty to threatening to kill a congresswoman"
BODY = [
    "A New York man pleaded guilty Monday to threatening to kill a congresswoman in March, prosecutors said.",
    "Patrick Carlineo, 55, of Addison, faces up to 10 years in prison when he is sentenced in February. He "
    "allegedly called the congresswoman's office and made the threats to a staff member.",
    "Carlineo told the staff member he would shoot her if he had the chance, according to the complaint filed "
    "by federal prosecutors in Rochester last spring.",
]
RESTATING = "Patrick Carlineo, 55, faces up to 10 years in prison when he is sentenced for the threats he called in."
OWN = "Lawmakers from both parties have asked the Capitol Police for more protection ahead of the election season."


def _page(dek: str) -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{TITLE}</title><meta name='description' content='{dek}'></head>"
        f"<body><header class='article-header'><h1>{TITLE}</h1><p class='dek'>{dek}</p></header>"
        f"<div class='article-body'>{''.join(f'<p>{text}</p>' for text in BODY)}</div></body></html>"
    ).encode()


def _clean(page: bytes, tmp_path: Path, **lines: float):
    extra = {"clean": {"lines": lines}} if lines else {}
    return clean_file(tmp_path / "page.html", page, Config(tmp_path, "en", extra=extra))


def test_a_dek_the_body_restates_is_not_put_back(tmp_path):
    article = _clean(_page(RESTATING), tmp_path)
    assert RESTATING not in [block.text for block in article.blocks]
    assert [block.text for block in article.blocks] == BODY
    assert (RESTATING, "restated_dek") in [(line.text, line.rule) for line in article.removed]


def test_a_lead_the_body_does_not_restate_is_put_back(tmp_path):
    article = _clean(_page(OWN), tmp_path)
    assert [block.text for block in article.blocks] == [OWN, *BODY]


def test_the_share_that_makes_a_dek_restated_is_a_setting(tmp_path):
    article = _clean(_page(RESTATING), tmp_path, restated_dek_share=1.0)
    assert [block.text for block in article.blocks] == [RESTATING, *BODY]


@pytest.mark.parametrize("stem", ["arN01_sputnikarabic_2020_egypt_covid"])
def test_an_arabic_lead_the_extractor_skipped_stays_in_the_article(tmp_path, stem):
    path = DEVDATA / "html" / f"{stem}.html"
    article = clean_file(path, path.read_bytes(), Config(tmp_path, "ar"))
    assert article.blocks[0].text.startswith("أعلنت وزارة الصحة والسكان المصرية، اليوم الثلاثاء")
