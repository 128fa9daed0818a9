"""HTML pages through the whole clean stage: `toolkit clean` and the pipeline, on the real devdata pages."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import trafilatura
from shared_paths import DEVDATA, REPO
from test_html_language import ARABIC, CHINESE, PERSIAN, _page
from test_html_pages import CHROME, STEMS, _lead_probe, _meta, _raw_text

from toolkit.clean.pipeline import clean_corpus
from toolkit.clean.text import normalize
from toolkit.config import load_config
from toolkit.model import Article

# A trafilatura line that ends like a sentence with this many words, or any line of the longer length, is a
# body paragraph (or the headline): the cleaner must keep it. Its date lines and credits are neither.
SENTENCE_MIN_WORDS = 6
PARAGRAPH_MIN_WORDS = 15
SENTENCE_END = re.compile(r"[.!?؟»\"”]\s*$")


def _is_body(line: str) -> bool:
    words = len(line.split())
    return words >= PARAGRAPH_MIN_WORDS or (words >= SENTENCE_MIN_WORDS and bool(SENTENCE_END.search(line)))


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    config = load_config(tmp_path_factory.mktemp("project"))
    cleaned, errors = clean_corpus(config, [DEVDATA / "html"])
    assert errors == []
    return {article.id: article for article in cleaned}


def test_toolkit_clean_json_on_a_saved_page(tmp_path: Path) -> None:
    stem = "arN07_alyaum_2020_tehran_zadeh"
    command = [sys.executable, "-m", "toolkit", "-C", str(tmp_path), "clean", "--format", "json", "--explain"]
    result = subprocess.run(
        [*command, str(DEVDATA / "html" / f"{stem}.html")], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "from h1, agreeing with og:title" in result.stderr and "from JSON-LD datePublished" in result.stderr
    # The title's evidence (the printed headline, og:title agreeing) and the layout step that took its line for the
    # headline, as raw text says.
    assert (
        "from h1, agreeing with og:title; headline line: block 1, chosen by the layout step hinted_headline"
        in result.stderr
    )
    article = json.loads(result.stdout)
    assert set(article) == {"id", "source", "title", "date", "byline", "attribution", "blocks", "removed"}
    assert article["title"] == _meta(stem)["og_title"]
    assert article["date"] == _meta(stem)["publication_date_gold"]
    kinds = [block["kind"] for block in article["blocks"]]
    assert kinds.count("paragraph") >= 10
    assert kinds.count("heading") == 3  # the page's three subheadings
    assert normalize(article["blocks"][0]["text"]).startswith(_lead_probe(stem))


@pytest.mark.parametrize("stem", STEMS)
def test_body_text_trafilatura_finds_is_kept(stem: str, articles: dict[str, Article]) -> None:
    page = (DEVDATA / "html" / f"{stem}.html").read_text(encoding="utf-8")
    kept = {normalize(block.text) for block in articles[stem].blocks} | {normalize(articles[stem].title)}
    for line in (trafilatura.extract(page, include_comments=False) or "").split("\n"):
        if _is_body(line):
            assert normalize(line) in kept, line


@pytest.mark.parametrize("stem", STEMS)
def test_title_date_lead_and_no_chrome(stem: str, articles: dict[str, Article]) -> None:
    article = articles[stem]
    meta = _meta(stem)
    assert article.title and article.title in meta["og_title"]
    assert article.date == meta["publication_date_gold"]
    blocks = [normalize(block.text) for block in article.blocks]
    if _lead_probe(stem) in normalize(_raw_text(stem)):
        assert any(block.startswith(_lead_probe(stem)) for block in blocks[:2])
    text = "\n".join(block.text for block in article.blocks)
    assert not any(chrome in text for chrome in CHROME[stem])


def test_chinese_project_keeps_chinese_paragraphs(tmp_path: Path) -> None:
    (tmp_path / "toolkit.toml").write_text('source_language = "zh"\n', encoding="utf-8")
    page = tmp_path / "news.html"
    page.write_text(_page("全国新增确诊病例继续下降", CHINESE, "lang='zh-CN'"), encoding="utf-8")
    cleaned, errors = clean_corpus(load_config(tmp_path), [page])
    assert errors == []
    assert cleaned[0].title == "全国新增确诊病例继续下降"
    assert [block.text for block in cleaned[0].blocks] == CHINESE
    assert cleaned[0].warnings == []


def test_persian_page_in_an_arabic_project_is_warned(tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_text(_page("افزایش مبتلایان کرونا در ایران", PERSIAN), encoding="utf-8")
    cleaned, errors = clean_corpus(load_config(tmp_path), [page])
    assert errors == []
    # The language came from the script check (the page declares none): the warning must not say it was declared.
    assert cleaned[0].warnings == ["page is in Persian (fa), project source language is ar"]


def test_site_name_is_cut_from_the_title_once(tmp_path: Path) -> None:
    headline = "مصر تسجل ثلاثين إصابة جديدة - Live"
    head = f"<meta property='og:title' content='{headline} - Akhbar'><meta property='og:site_name' content='Akhbar'>"
    page = tmp_path / "news.html"
    page.write_text(_page(headline, ARABIC, "lang='ar'", head=head), encoding="utf-8")
    cleaned, errors = clean_corpus(load_config(tmp_path), [page])
    assert errors == []
    # The printed headline is the title, not og:title with "Akhbar" cut (the page names its site so); "Live" is
    # the headline's, not a second site name.
    assert cleaned[0].title == headline
    assert cleaned[0].outlet == "Akhbar"
    assert cleaned[0].provenance["title"].startswith("h1, agreeing with og:title; headline line: block 1")


ENGLISH = [
    "The health ministry said on Tuesday that thirty new cases had been recorded in several provinces, and that "
    "every patient was receiving full medical care in the isolation hospitals.",
    "A spokesman for the ministry said the new cases were all contacts of patients announced earlier this week.",
]


def test_page_in_another_script_is_one_error_naming_both_languages(tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_text(_page("Thirty new cases recorded", ENGLISH, "lang='en'"), encoding="utf-8")
    cleaned, errors = clean_corpus(load_config(tmp_path), [page])
    assert cleaned == []
    assert [error.message for error in errors] == [
        "page is in English (en), project source language is Arabic (ar): not cleaned"
    ]


def test_raw_text_in_another_script_names_the_script(tmp_path: Path) -> None:
    for name, paragraphs, script in (("en.txt", ENGLISH, "Latin"), ("zh.txt", CHINESE, "Han")):
        path = tmp_path / name
        path.write_text("Thirty new cases\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
        cleaned, errors = clean_corpus(load_config(tmp_path), [path])
        assert cleaned == []
        assert [error.message for error in errors] == [
            f"the text is in the {script} script, project source language is Arabic (ar): not cleaned"
        ]
        assert "boilerplate" not in str(errors[0])


def test_an_agency_dateline_set_apart_is_found_in_html_as_in_text(tmp_path: Path) -> None:
    stem = "arN03_albayan_ae_2020_afghan_embassy"
    paths = [DEVDATA / "html" / f"{stem}.html", DEVDATA / "text" / f"{stem}.raw.txt"]
    articles, errors = clean_corpus(load_config(tmp_path), paths)
    assert errors == []
    for article in articles:
        assert article.attribution == ["(أبوظبي - البيان)"], article.source
        assert article.outlet == "البيان"
