"""Every line not kept is explained, and only raw-text blocks carry a file line for `#:` references."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from clean_helpers import article_text, clean
from shared_paths import SEEDS

from toolkit.clean.pipeline import clean_file
from toolkit.clean.text import text_lines
from toolkit.config import load_config
from toolkit.model import Article

SEED_FILES = sorted(SEEDS.glob("*.txt"))
_LINE_WHERE = re.compile(r"^line (\d+)")


def _unexplained(text: str, article: Article) -> list[str]:
    """Non-empty lines that are neither a block, a metadata line, an attribution line nor a removed line."""
    accounted = {block.line for block in article.blocks} | {removed.line for removed in article.removed}
    accounted |= {int(match[1]) for where in article.provenance.values() if (match := _LINE_WHERE.match(where))}
    return [
        f"{line.number}: {line.text}"
        for line in text_lines(text)
        if line.text.strip() and line.number not in accounted and line.text not in article.attribution
    ]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.stem)
def test_every_seed_line_is_accounted_for(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _unexplained(text, clean(text)) == []


def test_a_second_date_line_is_removed_with_its_rule() -> None:
    updated = "آخر تحديث: 29.01.2022 الساعة 14:30"
    text = article_text(after_title=["السبت 29 يناير 2022", updated])
    article = clean(text)
    assert article.date == "2022-01-29"
    assert _unexplained(text, article) == []
    assert [removed.rule for removed in article.removed if removed.text == updated] == ["date_line"]


def test_html_blocks_have_no_file_line(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>{sentence}</p>"
        for sentence in (
            "أعلنت الحكومة اليوم الأحد عن خطة جديدة لدعم المزارعين في المحافظات الجنوبية، تشمل قروضا ميسرة.",
            "وقال وزير الزراعة في مؤتمر صحفي إن الخطة تهدف إلى رفع الإنتاج المحلي من الحبوب وتقليل الاستيراد.",
            "وأضاف الوزير أن الوزارة ستفتح مكاتب في كل محافظة لاستقبال طلبات المزارعين في مطلع الشهر المقبل.",
        )
    )
    page = (
        '<html lang="ar"><head><title>خطة جديدة لدعم المزارعين</title></head><body><article>'
        f"<h1>خطة جديدة لدعم المزارعين</h1>{paragraphs}</article></body></html>"
    )
    article = clean_file(tmp_path / "page.html", page.encode(), load_config(tmp_path))
    assert article.blocks
    assert [block.line for block in article.blocks] == [None] * len(article.blocks)


def test_text_blocks_keep_their_file_line() -> None:
    text = article_text()
    article = clean(text)
    numbers = {line.text: line.number for line in text_lines(text)}
    assert [block.line for block in article.blocks] == [numbers[block.text] for block in article.blocks]
