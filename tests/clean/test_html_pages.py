"""extract_page on the eight real Arabic news pages of ../shared/devdata/html, read in place."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from shared_paths import DEVDATA

from toolkit.clean.html import PageExtraction, extract_page
from toolkit.clean.text import normalize

PAGES = sorted((DEVDATA / "html").glob("*.html"))
STEMS = [page.stem for page in PAGES]

# The site name each page puts around its og:title; the others carry none.
TITLE_AFFIXES = {
    "arN02_almadenahnews_2020_us_covid": ("المدينة نيوز - ", ""),
    "arN04_youm7_2020_irrigation_minister": ("", " - اليوم السابع"),
}
# Site chrome in each page's visible text (menus, footers, related headlines, widgets): never content.
CHROME = {
    "arN01_sputnikarabic_2020_egypt_covid": ["رصد عسكري", 'تابع أخبار "سبوتنيك" من متصفحك'],
    "arN02_almadenahnews_2020_us_covid": ["حديث الكاميرا", "6 اصابات بفيروس كورونا في الصين"],
    "arN03_albayan_ae_2020_afghan_embassy": ["تخطى قائمة التنقل", "تابعوا أخبار الإمارات من البيان عبر غوغل نيوز"],
    "arN04_youm7_2020_irrigation_minister": [
        "التعليم العالى: 105 آلاف طالب سجلوا رغباتهم",
        "تم التصميم والتطوير بواسطة فريق اليوم السابع",
    ],
    "arN05_akhbarelyom_2020_naima_akef": ["رئيس مجلس الإدارة : أحمد جلال", "سلطان صلاح يشارك بـ«حارة القبة»"],
    "arN06_beirutobserver_2020_saudi_princess": ["ارتياحٌ جنبلاطي لـ “شهامة” فرنجيه", "Managed by Siteforbiz.com"],
    "arN07_alyaum_2020_tehran_zadeh": [
        "الخلاصات RSS",
        "جميع الحقوق محفوظة لدار اليوم",
        "مودي في مرمى غضب مزارعي الهند",
    ],
    "arN08_elbaladtv_2020_turki_alsheikh": ["الإشراف العام : إلهام أبو الفتح", "powered by 3a digital"],
}
# Code that would show in the text if script or style content leaked.
CODE_TRACES = re.compile(r"function\s*\(|googletag|window\.|document\.|var \w+\s*=|\{[^}]*:[^}]*;|@media")
# How much of the description identifies the lead (descriptions are cut off mid-word).
LEAD_PROBE_CHARS = 80


def _meta(stem: str) -> dict:
    return json.loads((DEVDATA / "html" / f"{stem}.meta.json").read_text(encoding="utf-8"))


def _raw_text(stem: str) -> str:
    return (DEVDATA / "text" / f"{stem}.raw.txt").read_text(encoding="utf-8")


_cache: dict[str, PageExtraction] = {}


def _extract(stem: str) -> PageExtraction:
    if stem not in _cache:
        _cache[stem] = extract_page((DEVDATA / "html" / f"{stem}.html").read_text(encoding="utf-8"), "ar")
    return _cache[stem]


def _lead_probe(stem: str) -> str:
    description = html.unescape(_meta(stem)["og_description"])
    return normalize(re.sub(r"\s*(\.{2,}|…)\s*$", "", description))[:LEAD_PROBE_CHARS]


def test_devdata_pages_are_there(shared_dir: Path) -> None:
    assert len(PAGES) == 8


@pytest.mark.parametrize("stem", STEMS)
def test_title_is_the_og_title_without_the_site_name(stem: str) -> None:
    prefix, suffix = TITLE_AFFIXES.get(stem, ("", ""))
    expected = _meta(stem)["og_title"].removeprefix(prefix).removesuffix(suffix)
    extraction = _extract(stem)
    assert extraction.title == expected
    assert extraction.lines[0].hint == "title" and extraction.lines[0].text == expected


def test_publication_dates_match_the_gold() -> None:
    found = {stem: _extract(stem).date for stem in STEMS}
    gold = {stem: _meta(stem)["publication_date_gold"] for stem in STEMS}
    right = [stem for stem in STEMS if found[stem] == gold[stem]]
    print(f"\ndates right: {len(right)}/{len(STEMS)}")
    for stem in STEMS:
        print(f"  {stem}: {found[stem]} (gold {gold[stem]}) via {_extract(stem).provenance.get('date')}")
    assert found == gold


@pytest.mark.parametrize("stem", STEMS)
def test_lead_opens_a_kept_block_when_the_page_prints_it(stem: str) -> None:
    probe = _lead_probe(stem)
    if probe not in normalize(_raw_text(stem)):
        pytest.skip("the description is not printed on the page (a slogan or a rewritten summary)")
    blocks = [normalize(line.text) for line in _extract(stem).lines if line.hint != "title"]
    assert any(block.startswith(probe) for block in blocks), probe


def test_lead_box_the_extractor_skips_is_recovered() -> None:
    extraction = _extract("arN01_sputnikarabic_2020_egypt_covid")
    assert extraction.lines[1].text.startswith("أعلنت وزارة الصحة والسكان المصرية، اليوم الثلاثاء")
    assert "lead" in extraction.provenance


@pytest.mark.parametrize("stem", STEMS)
def test_no_script_or_style_text(stem: str) -> None:
    extraction = _extract(stem)
    for line in extraction.lines:
        assert not CODE_TRACES.search(line.text), line.text


@pytest.mark.parametrize("stem", STEMS)
def test_site_chrome_is_not_extracted(stem: str) -> None:
    raw = _raw_text(stem)
    text = "\n".join(line.text for line in _extract(stem).lines)
    for chrome in CHROME[stem]:
        assert chrome in raw, f"test data: {chrome!r} is not on the page"
        assert chrome not in text


def test_photo_caption_is_hinted_as_caption() -> None:
    lines = _extract("arN02_almadenahnews_2020_us_covid").lines
    captions = [line.text for line in lines if line.hint == "caption"]
    assert captions == ["اصابات بفيروس كورونا في امريكا"]


def test_line_breaks_inside_a_paragraph_split_blocks() -> None:
    lines = _extract("arN02_almadenahnews_2020_us_covid").lines
    assert lines[-1].text == "--(بترا)"
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))


def test_metadata_and_where_it_came_from() -> None:
    youm7 = _extract("arN04_youm7_2020_irrigation_minister")
    assert (youm7.byline, youm7.outlet) == ("أسماء نصار", "اليوم السابع")
    almadenah = _extract("arN02_almadenahnews_2020_us_covid")
    assert almadenah.outlet == "المدينة نيوز"  # cut from the og:title, the page names no site otherwise
    assert almadenah.byline is None  # its meta author is the site's name
    elbalad = _extract("arN08_elbaladtv_2020_turki_alsheikh")
    assert elbalad.provenance["date"] == "JSON-LD datePublished"  # article:published_time is a day earlier (UTC)
    assert _extract("arN05_akhbarelyom_2020_naima_akef").byline == "نورهان نبيل"  # not dc.creator's web developer


def test_declared_english_on_an_arabic_page_is_read_as_arabic() -> None:
    extraction = _extract("arN06_beirutobserver_2020_saudi_princess")
    assert extraction.language == "ar"
    assert "declares en" in extraction.provenance["language"]
