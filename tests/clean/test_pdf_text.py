"""Text taken from a PDF (pdftotext's output, or copied from a viewer and pasted): each page's running header,
footer and number stand between the article's paragraphs, and a page break cuts a paragraph in two. Read as text,
the header and page numbers were paragraphs of the article and the cut paragraph two blocks, translated apart."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from clean_helpers import PARAGRAPHS, TITLE

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config

HEADERS = {
    "ar": ("صحيفة الغد الأردنية — الخميس ٢١ نوفمبر ٢٠٢٤", "صفحة {n} من {total}"),
    "dashes": ("النشرة الاقتصادية — العدد ٤١٢", "- {n} -"),
    "latin": ("Al-Ghad Daily · Economy", "Page {n} of {total}"),
}


def _pdf_text(header: str, footer: str, *, wrap: int | None, form_feed: bool, cut_at: int = 7) -> str:
    """The article on two pages, the break `cut_at` lines into the body: inside the second paragraph when wrapped
    at `wrap` columns, else (a paragraph a line) inside the third, cut between its words."""
    body: list[str] = []
    for paragraph in PARAGRAPHS:
        if wrap:
            body += textwrap.wrap(paragraph, wrap)
        else:
            words = paragraph.split()
            body += [" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2 :])]
        body.append("")
    if not wrap:  # a paragraph a line, but the one the page cuts
        kept: list[str] = []
        for index, paragraph in enumerate(PARAGRAPHS):
            kept += [paragraph, ""] if index != 2 else [body[3 * index], body[3 * index + 1], ""]
        body, cut_at = kept, 5
    first = [header, "", TITLE, "", *body[:cut_at]]
    second = [header, "", *body[cut_at:]]
    feed = "\f" if form_feed else ""
    pages = [[*first, "", footer.format(n=1, total=2)], [*second, "", footer.format(n=2, total=2)]]
    return "\n".join(pages[0]) + "\n" + feed + "\n".join(pages[1]) + "\n" + feed


@pytest.mark.parametrize("form_feed", [True, False], ids=["pdftotext", "pasted"])
@pytest.mark.parametrize("wrap", [60, None], ids=["wrapped", "unwrapped"])
@pytest.mark.parametrize("kind", sorted(HEADERS))
def test_page_headers_and_numbers_go_and_the_cut_paragraph_is_whole(
    kind: str, wrap: int | None, form_feed: bool, tmp_path: Path
) -> None:
    header, footer = HEADERS[kind]
    text = _pdf_text(header, footer, wrap=wrap, form_feed=form_feed)
    article = clean_file(tmp_path / "report.txt", text.encode(), Config(tmp_path, "ar"))
    assert article.title == TITLE
    assert [block.text for block in article.blocks] == PARAGRAPHS
    removed = {line.text: line.rule for line in article.removed}
    assert removed[header] == "page_furniture"
    assert removed[footer.format(n=1, total=2)] == removed[footer.format(n=2, total=2)] == "page_furniture"


def test_a_paragraph_ending_its_sentence_at_the_break_stays_apart(tmp_path: Path) -> None:
    header, footer = HEADERS["ar"]
    pages = [
        [header, "", TITLE, "", PARAGRAPHS[0], "", PARAGRAPHS[1], "", footer.format(n=1, total=2)],
        [header, "", PARAGRAPHS[2], "", PARAGRAPHS[3], "", footer.format(n=2, total=2)],
    ]
    text = "\n".join(pages[0]) + "\n\f" + "\n".join(pages[1]) + "\n"
    article = clean_file(tmp_path / "report.txt", text.encode(), Config(tmp_path, "ar"))
    assert [block.text for block in article.blocks] == PARAGRAPHS


def test_numbers_that_are_no_pages_stay_text(tmp_path: Path) -> None:
    # figures alone on their lines: years in ascending order, small numbers out of it; no page numbers
    for figures in (["1999", "2024"], ["12", "3"]):
        text = "\n\n".join([TITLE, PARAGRAPHS[0], figures[0], PARAGRAPHS[1], figures[1], *PARAGRAPHS[2:]]) + "\n"
        article = clean_file(tmp_path / "story.txt", text.encode(), Config(tmp_path, "ar"))
        assert "page_furniture" not in {line.rule for line in article.removed}


@pytest.mark.parametrize("figures", [["1", "2", "3"], ["١", "٢", "٣"]])
def test_numbered_sections_are_no_pages(figures: list[str], tmp_path: Path) -> None:
    # A figure alone on its line, in ascending order, numbers an article's sections as often as a pasted PDF's pages:
    # taken for page breaks, the headline above the first was joined to the paragraph after it as a cut paragraph.
    sections = [line for figure, paragraph in zip(figures, PARAGRAPHS, strict=False) for line in (figure, paragraph)]
    text = "\n\n".join([TITLE, *sections, *PARAGRAPHS[len(figures) :]]) + "\n"
    article = clean_file(tmp_path / "story.txt", text.encode(), Config(tmp_path, "ar"))
    assert article.title == TITLE
    assert [block.text for block in article.blocks if block.text not in figures] == PARAGRAPHS
