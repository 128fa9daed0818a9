"""A pull quote, a part of a paragraph set large between paragraphs, says again what the article says: on a page's
text it is a short line without a final stop between paragraphs, which read as a subheading and was kept as one
(rule pull_quote). A subheading whose few words a paragraph repeats stays a subheading."""

from __future__ import annotations

import pytest
from clean_helpers import PARAGRAPHS, article_text, clean, labels

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config

QUOTED = [
    # verbatim, in quote marks
    "«تشمل قروضا ميسرة وتوزيع بذور محسنة على آلاف الأسر الريفية»",
    # nearly: a word left out
    "الخطة تهدف إلى رفع الإنتاج المحلي من الحبوب وتقليل الاعتماد على الاستيراد",
    # a part of a paragraph below it
    "طالبوا بزيادة المبالغ المخصصة للقروض وتبسيط شروط الحصول عليها",
]


@pytest.mark.parametrize("quote", QUOTED)
def test_a_pull_quote_repeating_a_paragraph_is_no_heading(quote: str) -> None:
    text = article_text(in_body=[quote])
    assert labels(text)[quote] == ("boilerplate", "pull_quote")
    article = clean(text)
    assert quote not in [block.text for block in article.blocks]
    assert [block.text for block in article.blocks if block.kind == "paragraph"] == PARAGRAPHS


def test_a_subheading_a_paragraph_repeats_stays() -> None:
    heading = "مكاتب في كل محافظة"
    assert labels(article_text(in_body=[heading]))[heading] == ("heading", "heading")


def test_a_short_line_of_new_words_stays_a_heading() -> None:
    heading = "ردود فعل المزارعين على الخطة الحكومية الجديدة في الجنوب"
    assert labels(article_text(in_body=[heading]))[heading] == ("heading", "heading")


PAGE = """<html lang="en"><head><title>City cuts homework</title></head><body><article>
<h1>The city's schools cut homework by half</h1>
<p>The city's schools have cut the homework of their first-year pupils by half, after a survey found that most
of them worked past eight in the evening on tasks that did not count towards their marks.</p>
<blockquote class="pullquote">Most of them worked past eight in the evening on tasks that did not count</blockquote>
<p>Teachers say the survey was started by a pupil who kept a diary of every hour she spent on homework during
one term, and who published it in the school's own paper last spring, to the surprise of her teachers.</p>
<p>The head of the council said the cut would be reviewed after a year, when a second survey would tell whether
the pupils' marks had changed, and that parents would be asked what they thought of it.</p>
</article></body></html>"""


def test_a_pull_quote_of_a_page_is_not_kept(tmp_path) -> None:
    config = Config(project_dir=tmp_path, source_language="en")
    article = clean_file(tmp_path / "page.html", PAGE.encode(), config)
    texts = [block.text for block in article.blocks]
    assert len(texts) == 3, texts
    assert all(text.startswith(("The city's", "Teachers", "The head")) for text in texts)


def test_a_pull_quote_is_found_beside_its_paragraph_whatever_repeats_it_further_off() -> None:
    quote = QUOTED[2]
    # A phrase the article says in many paragraphs: the ones far from the quote are no reason to pass over the
    # paragraphs beside it.
    restating = [f"وفي الاجتماع رقم {number} مع الوزارة {quote} كما قال المتحدثون." for number in range(40)]
    assert labels(article_text(in_body=[*restating, quote]))[quote] == ("boilerplate", "pull_quote")
