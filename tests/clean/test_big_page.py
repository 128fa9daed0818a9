"""A big page's explanation: what the extractor left out is found by a lookup, not a search of all it kept, and
each left-out block's place in the page is made from its parent's (both were quadratic in the page's size)."""

from __future__ import annotations

from lxml.html import fromstring
from trafilatura.utils import load_html

from toolkit.clean.html_body import PageBlock, left_out, page_blocks


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
    blocks = _blocks(*inside, *outside)
    assert [block.text for block in left_out(blocks, kept)] == outside


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
