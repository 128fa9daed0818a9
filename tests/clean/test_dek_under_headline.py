"""The dek (standfirst) an Arabic outlet prints under its headline, on a page with no description naming it: the
extractor took it for the header's chrome and `clean --explain` said "removed by extractor: not main content". It
is the article's lead, as raw text's dek is; a block there the body does not tell stays out."""

from __future__ import annotations

from pathlib import Path

import pytest
from clean_helpers import PARAGRAPHS, TITLE

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config
from toolkit.model import Article

DEK = "خطة حكومية لدعم المزارعين بقروض ميسرة وبذور محسنة لرفع إنتاج الحبوب المحلي"
MENU = (
    "<nav><ul><li><a href='/'>الرئيسية</a></li><li><a href='/news'>أخبار</a></li>"
    "<li><a href='/eco'>اقتصاد</a></li></ul></nav>"
)
BODY = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)

# The markup around the headline, its dek and the body as six outlets print them ({dek} is the dek's text).
OUTLET_SHAPES = {
    "sub-headline h2, date under it": (
        f"{MENU}<div class='article-head'><h1 class='headline'>{TITLE}</h1><h2 class='sub-headline'>{{dek}}</h2>"
        f"<span class='date'>الأحد 21 أبريل 2024</span></div><div class='article-body'>{BODY}</div>"
    ),
    "subtitle div, date line": (
        f"{MENU}<article><h1>{TITLE}</h1><div class='article-subtitle'>{{dek}}</div>"
        f"<div class='byline'>نشر في: 21 أبريل 2024</div><div class='article-body'>{BODY}</div></article>"
    ),
    "subtitle field, then a picture": (
        f"{MENU}<div class='page'><h1 class='page-title'>{TITLE}</h1><div class='field-subtitle'><p>{{dek}}</p></div>"
        "<figure><img src='a.jpg'><figcaption>مزارعون يحصدون القمح في حقل قرب المدينة في موسم الحصاد الماضي"
        f"</figcaption></figure><div class='field-body'>{BODY}</div></div>"
    ),
    "h3 subtitle, Hijri and Gregorian date": (
        f"{MENU}<div class='node'><h1>{TITLE}</h1><h3 class='node-subtitle'>{{dek}}</h3>"
        "<div class='node-date'>الأحد - 12 شوال 1445 هـ - 21 أبريل 2024 مـ</div>"
        f"<div class='node-body'>{BODY}</div></div>"
    ),
    "byline and share bar between": (
        f"{MENU}<main><h1>{TITLE}</h1><div class='author'>بقلم: سامر خليل</div>"
        "<ul class='share'><li>فيسبوك</li><li>تويتر</li></ul>"
        f"<p class='excerpt'>{{dek}}</p><section class='content'>{BODY}</section></main>"
    ),
    "summary in the story's header, time after it": (
        f"{MENU}<header class='story-header'><a class='kicker' href='/eco'>اقتصاد</a><h1>{TITLE}</h1>"
        f"<p class='article-summary'>{{dek}}</p><time>21 أبريل 2024</time></header><div class='story-body'>{BODY}</div>"
    ),
}


def page_article(tmp_path: Path, body: str) -> Article:
    page = (
        f"<html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{TITLE}</title></head>"
        f"<body>{body}<footer>جميع الحقوق محفوظة</footer></body></html>"
    )
    config = Config(project_dir=tmp_path, source_language="ar")
    return clean_file(tmp_path / "page.html", page.encode("utf-8"), config, with_left_out=True)


@pytest.mark.parametrize("shape", OUTLET_SHAPES)
def test_the_dek_under_the_headline_is_the_articles_lead(tmp_path, shape):
    article = page_article(tmp_path, OUTLET_SHAPES[shape].format(dek=DEK))
    assert (article.blocks[0].kind, article.blocks[0].text) == ("lead", DEK)
    assert [block.text for block in article.blocks[1:]] == PARAGRAPHS
    assert article.title == TITLE


@pytest.mark.parametrize("shape", OUTLET_SHAPES)
def test_a_line_under_the_headline_the_body_does_not_tell_stays_out(tmp_path, shape):
    # A teaser for another story and the site's English strapline sit where a dek would.
    for other in (
        "ارتفاع أسعار الذهب في الأسواق العالمية مع تراجع الدولار الأمريكي أمام العملات",
        "Independent news from the region every day of the week",
    ):
        article = page_article(tmp_path, OUTLET_SHAPES[shape].format(dek=other))
        assert [block.text for block in article.blocks] == PARAGRAPHS
        assert other in [line.text for line in article.removed]
