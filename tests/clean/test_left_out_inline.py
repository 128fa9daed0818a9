"""`clean --explain` lists as left out only page text the article does not keep: a paragraph split by inline
markup (a link, bold, a span around a comma) reads on the page as it does in the article, not "advantages ."."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from lxml.html import fromstring
from shared_paths import DEVDATA

from toolkit.clean.html import extract_page
from toolkit.clean.html_body import left_out, page_blocks
from toolkit.clean.pipeline import clean_file
from toolkit.clean.rules import EXTRACTOR_LEFT_OUT
from toolkit.clean.text import normalize
from toolkit.commands.clean import explanation
from toolkit.config import Config
from toolkit.model import Article, Block, RemovedLine

ENGLISH = """<html lang="en"><head><title>Learning apps tested</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/apps">Apps</a></li></ul></nav>
<article><h1>Learning apps tested</h1>
<p>Using apps for language learning has many <a href="/adv">advantages</a>. But the selection in 2025 is
<b>huge</b>, so the question arises: which of the apps is the <span class="hl">right one</span>, for me?</p>
<p>Our expert <a href="/christian"><b>Christian</b></a>, who teaches three languages, tried each app for a month
(<i>every day</i>) and wrote down what he liked<span>,</span> what he did not, and what it cost him.</p>
<p>The first app we tried <!-- ad slot -->kept us going with a streak counter<br>and a reminder every evening,
which worked better than we expected for a group of busy adults learning <em>Spanish</em>.</p>
<p>Prices vary a lot: some apps charge a monthly fee<a href="#n1"><sup>1</sup></a>, others sell a lifetime
licence, and a few are free with advertising that interrupts every lesson after a few minutes of practice.</p>
</article>
<footer><p>Privacy policy</p></footer>
</body></html>"""

ARABIC = """<html lang="ar" dir="rtl"><head><title>وزارة الصحة تعلن حالات جديدة</title></head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/news">أخبار</a></li></ul></nav>
<article><h1>وزارة الصحة تعلن حالات جديدة</h1>
<p>أعلنت وزارة الصحة في <a href="/cairo">القاهرة</a>، اليوم الأحد، تسجيل حالات جديدة بفيروس كورونا المستجد
بين المصريين العائدين من الخارج، وقالت إن <b>جميع</b> الحالات مستقرة.</p>
<p>وأشار <a href="/m">مجاهد</a> إلى تسجيل حالتي وفاة جديدتين<span>،</span> واحدة لامرأة تبلغ من العمر ستين عاما
والأخرى لرجل من محافظة <a href="/alex"><b>الإسكندرية</b></a> (<i>شمال البلاد</i>)، بحسب البيان.</p>
<p>وقال المتحدث الرسمي للوزارة إن جميع الحالات المسجلة تخضع للرعاية الطبية في مستشفيات العزل وفقا لإرشادات
منظمة الصحة العالمية، وإن الوزارة تتابع الموقف على مدار الساعة.</p>
</article>
<footer><p>سياسة الخصوصية</p></footer>
</body></html>"""


def _unspaced(text: str) -> str:
    """Compared whatever the spaces: the old explanation read "advantages ." where the article has "advantages."."""
    return normalize(text).replace(" ", "")


def _kept_and_left_out(tmp_path: Path, page: str, language: str) -> tuple[list[str], list[str]]:
    config = Config(project_dir=tmp_path, source_language=language)
    article = clean_file(tmp_path / "page.html", page.encode(), config, with_left_out=True)
    return [block.text for block in article.blocks], [
        removed.text for removed in article.removed if removed.rule == EXTRACTOR_LEFT_OUT
    ]


@pytest.mark.parametrize(
    ("page", "language", "kept_start", "chrome"),
    [
        (
            ENGLISH,
            "en",
            "Using apps for language learning has many advantages. But",
            {"Home", "Apps", "Privacy policy"},
        ),
        (ARABIC, "ar", "أعلنت وزارة الصحة في القاهرة، اليوم", {"الرئيسية", "أخبار", "سياسة الخصوصية"}),
    ],
)
def test_a_kept_paragraph_split_by_inline_markup_is_not_listed_as_left_out(
    tmp_path, page, language, kept_start, chrome
) -> None:
    kept, left = _kept_and_left_out(tmp_path, page, language)
    assert any(text.startswith(kept_start) for text in kept), kept
    # A word of a menu may be a word of the article too ("Apps"): listed, as it stands in the menu; the article's
    # own words in a row are not.
    assert [text for text in left if " " in text and _unspaced(text) in _unspaced("\n".join(kept))] == []
    assert chrome <= set(left)  # what the article does not keep is still listed


def test_a_page_block_reads_as_the_page_shows_it() -> None:
    tree = fromstring(
        "<html><body><p>many <a>advantages</a>. But <b><i>nested</i></b> tail<!-- c -->after<br>next line</p>"
        "<div>before <p>inner</p> after</div><p>القاهرة <a>،</a> اليوم</p><p><a>one</a> <a>two</a></p></body></html>"
    )
    blocks = page_blocks(tree)
    assert [(block.text, block.runs) for block in blocks] == [
        ("many advantages. But nested tailafter next line", ("many advantages. But nested tailafter", "next line")),
        ("before after", ("before", "after")),
        ("inner", ("inner",)),
        ("القاهرة ، اليوم", ("القاهرة ، اليوم",)),
        ("one two", ("one two",)),
    ]


def test_a_block_is_kept_when_each_of_its_runs_is_and_when_only_its_spaces_or_line_ends_differ() -> None:
    page = (
        "<html><body><p>first line<br>second line</p><p>Learn more <a>here</a> today</p><p>qqq<br>y z</p>"
        "<p>Next, download a fresh copy of <code>root.hints</code>: it changes</p>"
        "<p>So keep <code>root.hints</code> up to date</p><p>Next, download a copy of root.hints</p></body>"
    )
    kept = [
        "first line",
        "second line",
        "Learn morehere today",
        "y z",
        "Next, download a fresh copy of",  # the extractor cut the paragraph at its inline <code>
        "root.hints",
        ": it changes",
        "So keep",
        "up to date",  # not in a row with "So keep": the block is not kept
        "root.hints",
    ]
    assert [block.text for block in left_out(page_blocks(fromstring(page)), kept)] == [
        "qqq y z",
        "So keep root.hints up to date",
        "Next, download a copy of root.hints",
    ]


def test_the_summary_counts_in_the_singular_for_one() -> None:
    removed = [RemovedLine(2, "Share", "social"), RemovedLine(9, "Home", EXTRACTOR_LEFT_OUT, "/html/body/nav")]
    one = Article("page", "page.html", "T", blocks=[Block("paragraph", "Body.")], removed=removed)
    assert explanation(one, "page.html").splitlines()[0] == (
        "page.html: 1 block kept, 1 block removed, 1 page block left out by the extractor"
    )
    text = Article("notes", "notes.txt", "T", blocks=[Block("paragraph", "a"), Block("paragraph", "b")])
    text.removed = [RemovedLine(1, "x", "social")]
    assert explanation(text, "notes.txt").splitlines()[0] == "notes.txt: 2 blocks kept, 1 line removed"


# Page text of more than this many characters found in the kept body is a kept paragraph listed as left out;
# shorter text (a word, a name) may well be both in a menu and in the article.
LONG_TEXT_CHARS = 40


@pytest.mark.slow
def test_no_kept_text_is_listed_as_left_out_on_the_devdata_pages() -> None:
    """All WCXB dev pages (English) and the Arabic devdata pages: before, 796 kept paragraphs on 102 of 128."""
    pages = [(path, "en") for path in sorted((DEVDATA / "general" / "wcxb-dev").glob("*.html.gz"))]
    pages += [(path, "ar") for path in sorted((DEVDATA / "html").glob("*.html"))]
    assert len(pages) > 100
    wrong = []
    for path, language in pages:
        data = path.read_bytes()
        html = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8", "replace")
        page = extract_page(html, language, with_left_out=True)
        body = _unspaced("\n".join(line.text for line in page.lines))
        wrong += [
            f"{path.name} {block.path}: {block.text[:80]}"
            for block in page.left_out
            if len(block.text) > LONG_TEXT_CHARS and _unspaced(block.text) in body
        ]
    assert wrong == []


CODE = """<html lang="en"><head><title>Resolver set-up</title></head><body><article>
<h1>Resolver set-up for a small office network</h1>
<p>Next, download a fresh copy of <code>root.hints</code>: it is the list of root servers that every resolver
needs to start, and it changes rarely.</p>
<p>This paragraph is long enough to be kept by the extractor as main content of the page, with <code>dig</code>
and <code>unbound-checkconf</code> named in it.</p>
<pre><code>curl -o root.hints https://www.internic.net/domain/named.root
unbound-checkconf</code></pre>
<p>Then restart the resolver and check that it answers queries for names outside the office network.</p>
</article></body></html>"""


def test_a_word_of_code_in_a_sentence_leaves_its_paragraph_whole(tmp_path: Path) -> None:
    # trafilatura writes inline code and a <pre> block alike as <code>: each word of code cut its paragraph
    # into three blocks (WCXB 2534, 2825), which went into the catalog as three entries.
    article = clean_file(tmp_path / "code.html", CODE.encode(), Config(project_dir=tmp_path, source_language="en"))
    texts = [block.text for block in article.blocks]
    assert texts[0].startswith("Next, download a fresh copy of root.hints: it is the list")
    assert texts[1].endswith("with dig and unbound-checkconf named in it.")
    assert "curl -o root.hints" in texts[2] and texts[2] not in texts[:2], "the <pre> block is one of its own"
    assert texts[3].startswith("Then restart the resolver")
    assert len(texts) == 4, texts


MENU_INSIDE_WORDS = """<html lang="en"><head><title>Newsroom cuts homework for artists</title></head><body>
<nav><ul><li><a href="/news">News</a></li><li><a href="/home">Home</a></li><li><a href="/art">Art</a></li></ul></nav>
<article><h1>Newsroom cuts homework for artists</h1>
<p>The newsroom of the city's art school has cut the homework of its first-year artists by half, after a
survey found that most of them worked past midnight on assignments that did not count towards their degree.</p>
<h2>Results</h2>
<p>Teachers say the article that started the debate was written by a student who kept a diary of every hour
she spent on homework during one term, and who published it in the school's own paper last spring.</p>
</article></body></html>"""


def test_a_menu_item_whose_text_stands_inside_a_kept_word_is_listed_as_left_out(tmp_path) -> None:
    """Matched where they stand, not anywhere in the kept text: "News" is in "Newsroom", "Home" in "homework",
    "Art" in "artists", but the menu's words are not the article's; a short subheading the article keeps is not
    listed."""
    kept, left = _kept_and_left_out(tmp_path, MENU_INSIDE_WORDS, "en")
    assert "Results" in kept
    assert {"News", "Home", "Art"} <= set(left)
    assert "Results" not in left


def test_a_short_block_given_alone_is_looked_for_anywhere_in_the_kept_text() -> None:
    page = "<html><body><p>News</p></body></html>"
    assert left_out(page_blocks(fromstring(page)), ["Newsroom cuts homework"]) == []
