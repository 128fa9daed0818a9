"""A big page's explanation: what the extractor left out is found by a lookup, not a search of all it kept, and
each left-out block's place in the page is made from its parent's (both were quadratic in the page's size)."""

from __future__ import annotations

import random

import pytest
from lxml.html import fromstring
from trafilatura.utils import load_html

from toolkit.clean import html
from toolkit.clean.html import _MANY_PARAGRAPHS, _ParagraphTextAskedOtherwise, _parse, extract_page
from toolkit.clean.html_body import PageBlock, _KeptText, left_out, page_blocks
from toolkit.clean.text import normalize


def _blocks(*texts: str) -> list[PageBlock]:
    return page_blocks(fromstring("<html><body>" + "".join(f"<p>{text}</p>" for text in texts) + "</body></html>"))


def test_a_block_is_left_out_unless_it_is_part_of_kept_lines_in_a_row_compared_normalised() -> None:
    kept = ["Alpha beta gamma delta epsilon.", "Zeta eta theta", "أحمد قال"]
    inside = [
        "Alpha beta gamma delta epsilon.",  # a kept line whole
        "beta gamma delta",  # whole words inside one
        "ta gamma del",  # cut words at both ends
        "pha beta",  # two words, the first cut
        "theta",  # one word
        "ALPHA  beta",  # compared normalised: case and spaces
        "احمد",  # and the alef's hamza
        "epsilon. Zeta",  # kept lines in a row (the extractor cut a paragraph), spaces aside
        "gamma delta epsilon.zeta",
    ]
    outside = ["delta alpha", "beta delta gamma", "iota", "gamma delta zeta", "theta Alpha"]
    # Each given alone: a short block among others is looked for beside them (test_left_out_inline).
    blocks = _blocks(*inside, *outside)
    assert [block.text for block in blocks if left_out([block], kept)] == outside


def test_every_block_s_path_is_the_one_lxml_gives() -> None:
    page = (
        "<html><body><nav><ul>" + "".join(f"<li><a>link {n}</a></li>" for n in range(5)) + "</ul></nav>"
        "<main><div>lone</div><!-- a comment between siblings --><div><p>one</p><p>two</p><span>three</span>"
        "<p>four<b>bold</b> tail</p></div><section><p>only p</p></section></main>"
        "<footer><p>a</p><div>b</div><p>c</p></footer></body></html>"
    )
    tree = fromstring(page)
    blocks = page_blocks(tree)
    assert len(blocks) == 14
    assert [block.path for block in blocks] == [tree.getroottree().getpath(block.element) for block in blocks]
    assert blocks[0].path == "/html/body/nav/ul/li[1]"


def test_the_root_is_numbered_when_the_page_holds_another_of_its_name() -> None:
    """A page with a second <html> after the first: lxml's parser puts it beside the root, and numbers both."""
    tree = load_html("<html><body><p>one</p><div>two</div></body></html><html><p>three</p></html>")
    blocks = page_blocks(tree)
    assert [block.path for block in blocks] == [tree.getroottree().getpath(block.element) for block in blocks]
    assert blocks[0].path == "/html[1]/body/p"


# bench/big_page.py's common-words page: every word is on almost every line.
COMMON = (
    *("قال", "وزير", "الخارجية", "إن", "المفاوضات", "مع", "الجانب", "الروسي", "ستستمر", "الأسبوع", "المقبل"),
    *("في", "العاصمة", "بحضور", "ممثلين", "عن", "الحلف", "والاتحاد", "الأوروبي", "وأكد", "أن", "الضمانات"),
)


class _CountedLines(list):
    """The kept lines, counting how many times one is looked at."""

    looked_at = 0

    def __getitem__(self, number):
        type(self).looked_at += 1
        return super().__getitem__(number)


def test_blocks_of_words_common_on_the_page_are_looked_up_in_a_few_lines_each() -> None:
    """A page whose left-out comments are made of the words of its every line: each was looked for in every line
    holding its rarest inner word, all of them (100 s of --explain at 20,000 paragraphs)."""
    chooser = random.Random(5)
    kept = [" ".join(chooser.choices(COMMON, k=chooser.randint(40, 80))) for _ in range(2000)]
    comments = [" ".join(chooser.choices(COMMON, k=chooser.randint(3, 8))) for _ in range(200)]
    kept_text = _KeptText(kept)
    kept_text.__dict__["_lines"] = _CountedLines(normalize(line) for line in kept)
    lines = [normalize(line) for line in kept]
    in_a_line = [any(normalize(comment) in line for line in lines) for comment in comments]
    assert [kept_text.holds(comment) for comment in comments] == in_a_line
    assert any(in_a_line) and not all(in_a_line)
    assert _CountedLines.looked_at < 20 * len(comments)


def test_a_block_is_held_exactly_where_a_search_of_every_kept_line_finds_it() -> None:
    """The index finds what a search of every line finds, with words that end or start others cut anywhere."""
    words = ("ab", "b", "abc", "bc", "c", "ca", "a", "cab")
    for seed in range(300):
        chooser = random.Random(seed)
        kept = [" ".join(chooser.choices(words, k=chooser.randint(1, 12))) for _ in range(chooser.randint(1, 20))]
        kept_text = _KeptText(kept)
        for _ in range(20):
            line = chooser.choice(kept)
            start = chooser.randint(0, len(line))
            cut = line[start : chooser.randint(start, len(line))].strip()
            for text in (cut, " ".join(chooser.choices(words, k=chooser.randint(3, 6)))):
                if len(text.split()) >= 3 and any(text in line for line in kept):
                    assert kept_text.holds(text), (text, kept)
                elif not any(text.replace(" ", "") in line.replace(" ", "") for line in kept) and " " in text:
                    assert not kept_text.holds(text) or text.replace(" ", "") in "".join(kept).replace(" ", "")


def test_a_page_of_many_paragraphs_is_read_as_trafilatura_reads_it_without_its_quadratic_xpath(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """trafilatura asks the page for "//p//text()", which libxml2 2.14 answers in time quadratic in the page's
    paragraphs (7.5 s of clean's 15 s at 100,000 <p>): a page of many is parsed into elements that ask for the
    same nodes another way, and extracted as trafilatura's own parse of it is."""
    paragraphs = "".join(
        f"<p>Paragraph number {number} of the long article.</p>" for number in range(_MANY_PARAGRAPHS + 1)
    )
    page = f"<html><head><title>Long</title></head><body><article><h1>Long</h1>{paragraphs}</article></body></html>"
    tree, nested_too_deep = _parse(page)
    assert not nested_too_deep
    assert isinstance(tree, _ParagraphTextAskedOtherwise)
    assert tree.xpath("//p//text()") == load_html(page).xpath("//p//text()")
    extracted = extract_page(page, "en", with_left_out=True)
    monkeypatch.setattr(html, "_MANY_PARAGRAPHS", 10 * _MANY_PARAGRAPHS)  # through trafilatura's loader
    assert extract_page(page, "en", with_left_out=True) == extracted
    assert len(extracted.lines) > _MANY_PARAGRAPHS
