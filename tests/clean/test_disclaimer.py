"""The site's disclaimer closing an opinion piece ("إن الآراء المذكورة في هذه المقالة لا تعبّر بالضرورة عن رأي
الميادين ...") is as long as a paragraph and ends like one, and was kept as the article's last paragraph; it is
removed by the rule disclaimer ([words] disclaimer), in raw text and HTML. A story's own sentence that something
does not reflect someone's view stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from clean_helpers import PARAGRAPHS, TITLE, article_text, clean

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config

DISCLAIMERS = [
    "إن الآراء المذكورة في هذه المقالة لا تعبّر بالضرورة عن رأي الميادين وإنما تعبّر عن رأي صاحبها حصراً.",
    "المقالات المنشورة في الموقع تعبر عن آراء كتابها ولا تعبر بالضرورة عن رأي الموقع.",
    "هذا المقال يعبر عن رأي كاتبه فقط.",
    "The views expressed in this article are the author's own and do not necessarily reflect the site's position.",
]


def _html(after: str, tmp_path: Path) -> list[str]:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in [*PARAGRAPHS, after])
    page = (
        f"<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
        f"<article><h1>{TITLE}</h1>{body}</article></body></html>"
    )
    return [block.text for block in clean_file(tmp_path / "page.html", page.encode(), Config(tmp_path, "ar")).blocks]


@pytest.mark.parametrize("line", DISCLAIMERS)
def test_a_disclaimer_after_the_article_is_removed(line: str, tmp_path: Path) -> None:
    article = clean(article_text(after_body=[line]))
    assert [block.text for block in article.blocks] == PARAGRAPHS
    assert (line, "disclaimer") in [(removed.text, removed.rule) for removed in article.removed]
    assert _html(line, tmp_path) == PARAGRAPHS


def test_a_story_s_sentence_about_a_view_stays(tmp_path: Path) -> None:
    line = "وأكد المتحدث أن تصريحات النائب لا تعبر بالضرورة عن رأي الحكومة، وأن الموقف الرسمي سيعلن في بيان."
    assert _html(line, tmp_path) == [*PARAGRAPHS, line]
    assert [block.text for block in clean(article_text(after_body=[line])).blocks] == [*PARAGRAPHS, line]
