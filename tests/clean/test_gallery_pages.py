"""Photo-gallery pages as a browser saves them (Playwright's page.content(), Chromium's "Save as"): the gallery
viewer's drawing is in the saved DOM, its counters ("1 / 5", "صورة 2 من 8") beside each picture's caption.

Thirty pages composed in the shape of five Arabic outlets and saved with Playwright: on the two gallery pages
(Enab Baladi, Alwasat) the counters "1 / 5" ... "5 / 5" and the kicker "معرض صور" were kept as paragraphs to
translate, and of Enab Baladi's captions, which end with the day the picture was taken, the dated one was kept as
a paragraph while the others were removed as captions.
"""

from __future__ import annotations

from pathlib import Path

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config
from toolkit.model import Article

TITLE = "بالصور: سوق الحميدية في دمشق قبيل عيد الفطر"
PARAGRAPHS = (
    "شهد سوق الحميدية في العاصمة دمشق حركة متوسطة قبيل عيد الفطر، وسط شكاوى من ارتفاع أسعار الملابس والحلويات.",
    "وقال أحد الباعة لعنب بلدي إن حركة البيع هذا العام أقل من العام الماضي، بسبب تراجع القدرة الشرائية للسكان.",
    "ويعتمد كثير من الأسر على الحوالات الخارجية لتأمين مستلزمات العيد، في ظل انخفاض الرواتب وارتفاع الأسعار.",
)
CAPTIONS = (
    "متسوقون في سوق الحميدية وسط دمشق - 5 نيسان 2024",
    "بائع حلويات يعرض المعمول في محله قرب الجامع الأموي",
    "واجهة محل ألبسة أطفال في السوق",
)
# A table's figures: a result alone on its line is the article's.
SCORE = "3 / 5"


def _page(counter: str, after: tuple[str, ...] = (), kept: int = 1) -> str:
    figures = "\n".join(
        f'<figure class="gallery-item"><img src="/g/{number}.jpg" alt="">\n<figcaption>{caption}</figcaption>\n'
        f'<span class="counter">{counter.format(place=number, count=len(CAPTIONS))}</span></figure>'
        for number, caption in enumerate(CAPTIONS, start=1)
    )
    body = "\n".join(f"<p>{text}</p>" for text in PARAGRAPHS[:kept])
    rest = "\n".join(f"<p>{text}</p>" for text in after)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{TITLE} | عنب بلدي</title></head>
<body><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/s">أخبار سوريا</a></li></ul></nav>
<main><article>
<header class="entry-header"><span class="section">معرض صور</span><h1 class="entry-title">{TITLE}</h1>
<div class="meta"><time datetime="2024-04-07T09:30:00+03:00">7 نيسان 2024</time></div></header>
<div class="entry-content">
{body}
{figures}
{rest}
</div></article></main>
<footer><p>جميع الحقوق محفوظة © عنب بلدي 2024</p></footer></body></html>"""


def _cleaned(tmp_path: Path, page: str) -> Article:
    return clean_file(tmp_path / "page.html", page.encode(), Config(project_dir=tmp_path, source_language="ar"))


def test_a_gallery_keeps_its_text_and_no_counter_caption_or_kicker(tmp_path: Path) -> None:
    for counter in ("{place} / {count}", "صورة {place} من {count}", "({place}/{count})", "الصورة {place} من {count}"):
        article = _cleaned(tmp_path, _page(counter))
        assert article.title == TITLE
        assert [block.text for block in article.blocks] == [PARAGRAPHS[0]], counter
        removed = {line.text: line.rule for line in article.removed}
        assert removed["معرض صور"] == "menu_label"
        places = [counter.format(place=place, count=len(CAPTIONS)) for place in range(1, len(CAPTIONS) + 1)]
        assert [removed.get(place) for place in places] == ["picture_counter"] * len(CAPTIONS), counter
        assert removed[CAPTIONS[0]] == "caption"


def test_numbers_alone_on_a_line_away_from_pictures_stay_the_articles(tmp_path: Path) -> None:
    result = "وانتهت المباراة بفوز الفريق المضيف، وجاءت نتيجة الأشواط على النحو التالي:"
    article = _cleaned(tmp_path, _page("", after=(result, SCORE), kept=len(PARAGRAPHS)))
    assert [block.text for block in article.blocks] == [*PARAGRAPHS, result, SCORE]
