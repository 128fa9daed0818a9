"""A short article trafilatura gives as one block (its baseline fallback) is put back as the page's blocks."""

from __future__ import annotations

import pytest

from toolkit.clean.html import extract_page

# Made-up briefs, each under 250 characters of body with a date and source line trafilatura drops: it then
# returns the whole <article> as one paragraph.
ARABIC = {
    "title": "افتتاح حديقة عامة في إربد",
    "lead": "افتتحت بلدية إربد اليوم حديقة عامة جديدة شمال المدينة.",
    "meta": '<time datetime="2024-03-02">2024-03-02</time> المصدر: وكالة الأنباء',
    "heading": "مواعيد الزيارة",
    "body": ["تستقبل الحديقة زوارها يوميا من الثامنة صباحا.", "وقال رئيس البلدية إن الحديقة تضم ملعبا للأطفال."],
}
CHINESE = {
    "title": "杭州新建图书馆开放",
    "lead": "杭州市新建的城市图书馆今天正式向公众开放。",
    "meta": '<time datetime="2024-03-02">2024年03月02日</time> 来源：新闻网',
    "heading": "开放时间",
    "body": ["图书馆每天上午九点至晚上九点开放。", "馆长表示，馆藏图书超过三十万册。"],
}


def _page(article: dict, lang: str) -> str:
    body = "".join(f"<p>{text}</p>" for text in article["body"])
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{article["title"]}</title></head>
<body><nav><a href="/">home</a> | <a href="/news">news</a></nav>
<article><h1>{article["title"]}</h1>
<p>{article["lead"]}</p>
<p class="meta">{article["meta"]}</p><h2>{article["heading"]}</h2>
{body}
</article><footer>footer text</footer></body></html>"""


@pytest.mark.parametrize(("article", "lang"), [(ARABIC, "ar"), (CHINESE, "zh")], ids=["arabic", "chinese"])
def test_a_short_article_keeps_its_blocks_and_their_hints(article: dict, lang: str) -> None:
    extraction = extract_page(_page(article, lang), lang)
    hinted = [(line.hint, line.text) for line in extraction.lines]
    assert hinted[0] == ("title", article["title"])
    assert ("heading", article["heading"]) in hinted
    paragraphs = [text for hint, text in hinted if hint == "paragraph"]
    assert [article["lead"], *article["body"]] == [text for text in paragraphs if "2024" not in text]
    texts = [text for _, text in hinted]
    assert texts.index(article["heading"]) == texts.index(article["body"][0]) - 1  # in page order
    assert extraction.date == "2024-03-02"
