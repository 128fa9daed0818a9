"""The raw-text cleaner on the full visible text of eight real Arabic news pages (../shared/devdata/text):
the headline and the lead are kept, the site chrome goes."""

from __future__ import annotations

import html
import json
import re

import pytest
from shared_paths import DEVDATA

from toolkit.clean.pipeline import clean_file
from toolkit.clean.text import normalize
from toolkit.config import load_config

PAGES = sorted((DEVDATA / "text").glob("*.raw.txt"))
# Descriptions run paragraphs together and are cut anywhere: their opening identifies the lead.
LEAD_PROBE_CHARS = 80
# Chrome every page of this kind carries, recognised by what a short line says.
CHROME_MAX_WORDS = 10
CHROME_LINE = re.compile(
    r"جميع الحقوق محفوظة|الحقوق محفوظة|حقوق النشر|Copyright|All Rights Reserved|©|powered by|سياسة الخصوصية"
    r"|الفجر الشروق الظهر|^\+ |^\S+ \d\d:\d\d \d\d:\d\d|اتصل بنا|^الرئيسية$|شارك|تعليق",
    re.IGNORECASE,
)


def _stem(page) -> str:
    return page.name.removesuffix(".raw.txt")


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    config = load_config(tmp_path_factory.mktemp("project"))
    return {_stem(page): clean_file(page, page.read_bytes(), config) for page in PAGES}


def _meta(stem: str) -> dict:
    return json.loads((DEVDATA / "html" / f"{stem}.meta.json").read_text(encoding="utf-8"))


def test_all_eight_pages_are_there():
    assert len(PAGES) == 8


@pytest.mark.parametrize("page", PAGES, ids=_stem)
def test_headline_is_the_og_title_maybe_without_the_site_name(page, articles):
    article = articles[_stem(page)]
    og_title = normalize(_meta(_stem(page))["og_title"])
    title = normalize(article.title)
    assert title, "a headline was found"
    assert title in og_title
    assert len(title) >= 0.6 * len(og_title), "at most a site name was cut"


@pytest.mark.parametrize("page", PAGES, ids=_stem)
def test_lead_is_kept(page, articles):
    description = normalize(html.unescape(_meta(_stem(page))["og_description"])).rstrip(".… ")
    probe = description[:LEAD_PROBE_CHARS]
    if probe not in normalize(page.read_text(encoding="utf-8")):
        pytest.skip("this page's description is a site slogan, not its first paragraph")
    kept = [normalize(block.text) for block in articles[_stem(page)].blocks]
    assert any(block.startswith(probe) for block in kept)


@pytest.mark.parametrize("page", PAGES, ids=_stem)
def test_chrome_lines_are_dropped(page, articles):
    article = articles[_stem(page)]
    kept = [block.text for block in article.blocks] + [article.title]
    chrome = [
        line.strip()
        for line in page.read_text(encoding="utf-8").splitlines()
        if CHROME_LINE.search(line) and len(line.split()) <= CHROME_MAX_WORDS
    ]
    assert chrome, "each page has chrome to drop"
    leaked = [text for text in kept if any(line and line == text for line in chrome)]
    assert not leaked


@pytest.mark.parametrize("page", PAGES, ids=_stem)
def test_most_of_the_page_is_removed_and_explained(page, articles):
    article = articles[_stem(page)]
    lines = [line for line in page.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(article.removed) > len(lines) / 2
    assert all(removed.rule for removed in article.removed)
    assert len(article.blocks) >= 2


@pytest.mark.parametrize("page", PAGES, ids=_stem)
def test_date_is_the_publication_date(page, articles):
    assert articles[_stem(page)].date == _meta(_stem(page))["publication_date_gold"]


def test_related_headlines_and_menus_are_removed_by_name():
    """Lines read from the pages: a related headline, a menu entry, a footer, a widget."""
    config = load_config(DEVDATA)
    samples = {
        "arN04_youm7_2020_irrigation_minister": "الزمالك يرفض اعتذار وليد سليمان",
        "arN03_albayan_ae_2020_afghan_embassy": "هل تؤيد طرح تخصصات",
        "arN07_alyaum_2020_tehran_zadeh": "مودي في مرمى غضب مزارعي الهند",
        "arN08_elbaladtv_2020_turki_alsheikh": "المدير الفني لفريق الفيوم",
    }
    for stem, opening in samples.items():
        page = DEVDATA / "text" / f"{stem}.raw.txt"
        article = clean_file(page, page.read_bytes(), config)
        assert not any(block.text.startswith(opening) for block in article.blocks), stem
        assert any(removed.text.startswith(opening) for removed in article.removed), stem


def test_a_legal_notice_longer_than_the_article_does_not_win():
    """arN01 cut to its first two paragraphs: the site's comment rules (30 sentences) now outweigh it."""
    page = DEVDATA / "text" / "arN01_sputnikarabic_2020_egypt_covid.raw.txt"
    lines = page.read_text(encoding="utf-8").split("\n")
    body = [number for number, line in enumerate(lines) if line.startswith("وأشار مجاهد")]
    end = next(number for number, line in enumerate(lines) if line.startswith("وصنفت منظمة الصحة"))
    shortened = "\n".join(lines[: body[0]] + lines[end + 1 :]).encode("utf-8")
    article = clean_file(page, shortened, load_config(DEVDATA))
    assert article.title == "مصر تسجل 30 إصابة جديدة وحالتي وفاة بفيروس كورونا"
    assert [block.text[:20] for block in article.blocks if block.kind == "paragraph"] == [
        "أعلنت وزارة الصحة وا",
        "وأوضح الدكتور خالد م",
    ]
