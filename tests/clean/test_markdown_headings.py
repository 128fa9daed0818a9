"""Headings marked as Markdown marks them ("# Title", "## Subheading") in a raw-text source: text saved by
trafilatura's or a CMS's Markdown export, or typed so by a writer. The marks are not the article's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from clean_helpers import PARAGRAPHS, TITLE, article_text, clean

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config

SUBHEADING = "تفاصيل الخطة"


@pytest.mark.parametrize("marks", [("# ", "## "), ("# ", "### "), ("# ", "###### "), ("#  ", "##\t")])
def test_marked_title_and_subheading_are_their_words(marks: tuple[str, str]) -> None:
    title_mark, heading_mark = marks
    article = clean(article_text(title=title_mark + TITLE, in_body=[heading_mark + SUBHEADING]))
    assert article.title == TITLE
    assert [(block.kind, block.text) for block in article.blocks if "#" in block.text] == []
    assert ("heading", SUBHEADING) in [(block.kind, block.text) for block in article.blocks]
    assert [block.text for block in article.blocks if block.kind == "paragraph"] == PARAGRAPHS


def test_closing_marks_are_left_out_too() -> None:
    article = clean(article_text(title=f"# {TITLE} #", in_body=[f"## {SUBHEADING} ##"]))
    assert article.title == TITLE
    assert ("heading", SUBHEADING) in [(block.kind, block.text) for block in article.blocks]


@pytest.mark.parametrize(
    "line",
    ["#غزة_تحت_القصف", "#1 في الترتيب العالمي", "####### سبع علامات", "# وأضاف أن الطرفين اتفقا على مواصلة الحوار."],
)
def test_a_hashtag_or_a_number_is_no_heading_mark(line: str) -> None:
    article = clean(article_text(in_body=[line]))
    assert not any(block.text == line.lstrip("# ") for block in article.blocks)
    assert article.title == TITLE


def test_a_markdown_export_saved_as_text_cleans_as_its_article(tmp_path: Path) -> None:
    text = f"# {TITLE}\n\n{PARAGRAPHS[0]}\n\n{PARAGRAPHS[1]}\n\n## {SUBHEADING}\n\n{PARAGRAPHS[2]}\n\n{PARAGRAPHS[3]}\n"
    article = clean_file(tmp_path / "story.txt", text.encode(), Config(tmp_path, "ar"))
    assert article.title == TITLE
    assert [(block.kind, block.text) for block in article.blocks] == [
        ("paragraph", PARAGRAPHS[0]),
        ("paragraph", PARAGRAPHS[1]),
        ("heading", SUBHEADING),
        ("paragraph", PARAGRAPHS[2]),
        ("paragraph", PARAGRAPHS[3]),
    ]
