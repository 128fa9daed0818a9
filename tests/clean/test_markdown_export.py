"""`clean --format markdown`: scraped text, whatever it holds, renders as that text and nothing more."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup
from examples import examples
from hypothesis import example, given, settings
from hypothesis import strategies as st

from toolkit.commands.clean import article_markdown
from toolkit.model import Article, Block

# What Markdown reads at a line's start, at its end, or anywhere, beside letters, digits and spaces.
_MARKDOWN_SIGNIFICANT = "=-#*_`[]()<>&|!\\+.:;{}~^\"' \t1209aبZ"
_LINES = st.lists(st.text(st.sampled_from(_MARKDOWN_SIGNIFICANT), min_size=1, max_size=12), min_size=1, max_size=4)
_BLOCKS = st.lists(
    st.tuples(st.sampled_from(["paragraph", "heading", "lead", "caption"]), _LINES), min_size=1, max_size=4
)


def _shown(text: str) -> str:
    return " ".join(text.split())


def _rendered_text(article: Article) -> str:
    body = article_markdown(article).split("---\n", 2)[2]
    return _shown(BeautifulSoup(markdown.markdown(body), "html.parser").get_text(" "))


def _article(title: list[str], blocks: list[tuple[str, list[str]]]) -> Article:
    texts = [(kind, "\n".join(lines)) for kind, lines in blocks]
    return Article("a", "a.html", "\n".join(title), blocks=[Block(kind, text) for kind, text in texts if text.strip()])


@settings(max_examples=examples(400), deadline=None)
@given(_LINES, _BLOCKS)
@example(["Title #"], [("paragraph", ["A paragraph", "==="])])
@example(["Title"], [("paragraph", ["A paragraph", "---"]), ("heading", ["A heading ##"])])
@example(["Title"], [("paragraph", ["    four spaces: code"]), ("lead", ["\tone tab"])])
@example(["Title"], [("paragraph", ["1. one"]), ("paragraph", ["- item"]), ("paragraph", ["> quoted", "| a | b |"])])
def test_markdown_renders_as_the_scraped_text(title: list[str], blocks: list[tuple[str, list[str]]]) -> None:
    article = _article(title, blocks)
    expected = _shown(" ".join([article.title, *(block.text for block in article.blocks)]))
    assert _rendered_text(article) == expected
