"""HTML mode trusts the extractor's choice of main content: named line rules remove lines, position never does.

Measured on pages nobody here wrote: the general benchmark pages of ../shared/devdata/general (English, with
human gold), cleaned in an `en` project, against trafilatura's extract() alone.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import trafilatura
from clean_quality import word_f1
from shared_paths import DEVDATA

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config
from toolkit.errors import InputError

WCXB = DEVDATA / "general" / "wcxb-dev"
WCXB_GOLD = sorted(WCXB.glob("*.gold.json"))
# Every fourth page: 30 pages, a few seconds (bench/clean_quality.py measures all of them and the other sets).
SAMPLE_STRIDE = 4


def _clean_html(tmp_path: Path, page: str | bytes, language: str = "en"):
    data = page.encode() if isinstance(page, str) else page
    return clean_file(tmp_path / "page.html", data, Config(project_dir=tmp_path, source_language=language))


def _scores(tmp_path: Path, gold_paths: list[Path]) -> tuple[float, float]:
    """Mean word F1 of trafilatura's extract() and of the toolkit's HTML mode against the human gold."""
    extractor, toolkit = [], []
    for gold_path in gold_paths:
        html = gzip.decompress((WCXB / gold_path.name.replace(".gold.json", ".html.gz")).read_bytes())
        gold = json.loads(gold_path.read_text(encoding="utf-8"))["ground_truth"]["main_content"]
        extractor.append(word_f1(trafilatura.extract(html) or "", gold))
        try:
            kept = "\n".join(block.text for block in _clean_html(tmp_path, html).blocks)
        except InputError:  # trafilatura finds nothing either on such a page (4111): both score 0
            kept = ""
        toolkit.append(word_f1(kept, gold))
    return sum(extractor) / len(extractor), sum(toolkit) / len(toolkit)


@pytest.mark.slow
def test_html_mode_is_at_least_the_extractor_on_sampled_benchmark_pages(tmp_path):
    extractor, toolkit = _scores(tmp_path, WCXB_GOLD[::SAMPLE_STRIDE])
    assert toolkit >= extractor


LONG_FORM = """<html lang="en"><head><title>How we rebuilt the archive</title></head><body>
<nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>
<article><h1>How we rebuilt the archive</h1>
<p>Short intro.</p>
<h2>What we kept</h2>
<ul><li>Every issue since 1998</li><li>The photo captions</li><li>Reader letters</li></ul>
<p>We moved eleven thousand pages from the old system to the new one over the course of the summer, checking
each page by hand against the printed edition before it went live again.</p>
<blockquote>It was slow, but nothing was lost.</blockquote>
<h2>Q&amp;A</h2>
<p>Q: How long did it take?</p><p>A: Four months.</p>
<p>The new archive is searchable by date, by author and by section, and every page links to its scan.</p>
<h2>Thanks</h2>
<p>To the volunteers.</p>
</article>
<footer>Privacy policy</footer></body></html>"""


def test_short_lines_lists_quotes_and_headings_of_a_long_form_page_are_kept(tmp_path):
    article = _clean_html(tmp_path, LONG_FORM)
    kept = [block.text for block in article.blocks]
    for line in (
        "Short intro.",
        "What we kept",
        "Every issue since 1998",
        "Reader letters",
        "It was slow, but nothing was lost.",
        "Q: How long did it take?",
        "A: Four months.",
        "Thanks",
        "To the volunteers.",
    ):
        assert line in kept
    assert not [removed for removed in article.removed if removed.rule in ("header_furniture", "after_body")]


def test_named_rules_still_remove_furniture_inside_the_extraction(tmp_path):
    page = LONG_FORM.replace("<p>Short intro.</p>", "<p>Short intro.</p><p>Share this article</p>")
    article = _clean_html(tmp_path, page)
    assert "Share this article" not in [block.text for block in article.blocks]
    assert [removed.rule for removed in article.removed if removed.text == "Share this article"] == ["share_bar"]


def test_text_left_loose_after_a_heading_is_kept(tmp_path):
    sentence = "The loose sentence after a heading is part of the article and must reach the output intact."
    page = (
        '<html lang="en"><head><title>Deals of the day</title></head><body><article><h1>Deals of the day</h1>'
        f"<h2>First deal</h2>{sentence}<br>"
        "<p>Another paragraph of the article, long enough to count as one of its sentences for sure.</p>"
        "</article></body></html>"
    )
    article = _clean_html(tmp_path, page)
    assert sentence in [block.text for block in article.blocks]


def test_what_the_extractor_left_out_is_explained_with_its_place_in_the_page(tmp_path):
    from toolkit.clean.rules import EXTRACTOR_LEFT_OUT
    from toolkit.commands.clean import explanation

    config = Config(project_dir=tmp_path, source_language="en")
    article = clean_file(tmp_path / "page.html", LONG_FORM.encode(), config, with_left_out=True)
    assert not any(removed.path for removed in _clean_html(tmp_path, LONG_FORM).removed)  # only when asked for
    left_out = {removed.text: removed for removed in article.removed if removed.rule == EXTRACTOR_LEFT_OUT}
    assert set(left_out) == {"Home Blog", "Privacy policy"}
    assert (left_out["Home Blog"].path, left_out["Home Blog"].line) == ("/html/body/nav", 2)
    assert left_out["Privacy policy"].path == "/html/body/footer"
    report = explanation(article, article.source)
    assert "page line 2 /html/body/nav: removed by extractor: not main content: Home Blog" in report
    assert "2 page blocks left out by the extractor" in report.splitlines()[0]


def test_a_sentence_quoted_in_another_script_is_kept_and_a_short_label_is_not(tmp_path):
    quote = "أحبب حبيبك هونا ما عسى أن يكون بغيضك يوما ما وأبغض بغيضك هونا ما"
    notice = "حقوق الاقتباس للمؤلف."  # short, but a sentence: a note of the article's own
    english = [
        "The preacher opened the sermon with a saying that his listeners had known since their childhood days.",
        "He then explained why moderation in love and in hatred protects a community from its own worst moods.",
        "Afterwards the congregation stayed for a long discussion about what the saying means for neighbours.",
    ]
    page = (
        '<html lang="en"><head><title>On moderation</title></head><body><article><h1>On moderation</h1>'
        f"<p>{english[0]}</p><p>{quote}</p><p>{english[1]}</p><p>مشاركة</p><p>{english[2]}</p><p>{notice}</p>"
        "</article></body></html>"
    )
    article = _clean_html(tmp_path, page)
    kept = [block.text for block in article.blocks]
    assert quote in kept and notice in kept and all(sentence in kept for sentence in english)
    assert "مشاركة" not in kept


def test_a_read_more_link_under_every_card_does_not_drop_the_cards(tmp_path):
    intro = [
        "This guide collects the research on tutoring that school districts asked us about over the last year.",
        "Each resource below is summarised by its publisher, with a link to the full report for those who need it.",
    ]
    cards = [
        ("Early lessons from tutoring at scale", "Center for Education Studies"),
        ("Funding tutoring programs in rural districts", "National Tutoring Accelerator"),
        ("What the randomized evaluations of tutoring show", "Policy Lab North America"),
    ]
    body = "".join(f"<h3>{title}</h3><p>{source}</p><p>Read more</p>" for title, source in cards)
    page = (
        '<html lang="en"><head><title>Tutoring resources</title></head><body><article><h1>Tutoring resources</h1>'
        f"<p>{intro[0]}</p><p>{intro[1]}</p>{body}</article></body></html>"
    )
    kept = [block.text for block in _clean_html(tmp_path, page).blocks]
    assert all(title in kept and source in kept for title, source in cards)
    assert "Read more" not in kept
