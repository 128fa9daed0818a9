"""Whole pages laid out like Arabic news sites the seeds and devdata do not cover: the rules are general."""

from __future__ import annotations

from clean_helpers import PARAGRAPHS, TITLE, clean

HEADING = "ردود فعل المزارعين"
MENU = ["تخطى إلى المحتوى", "القائمة", "الرئيسية", "أخبار", "اقتصاد", "رياضة", "علوم وتكنولوجيا", "صحة"]


def _kept(article) -> list[str]:
    return [block.text for block in article.blocks]


def test_bbc_like_page():
    page = [
        *MENU,
        TITLE,
        "5 يونيو/ حزيران 2021",
        "مصدر الصورة، Getty Images",
        "التعليق على الصورة، مزارعون يحصدون القمح في الجنوب",
        PARAGRAPHS[0],
        PARAGRAPHS[1],
        HEADING,
        PARAGRAPHS[2],
        "مصدر الصورة، Reuters",
        PARAGRAPHS[3],
        "قصص مقترحة",
        "ارتفاع أسعار الخبز في العاصمة للمرة الثالثة",
        "البنك الدولي يتوقع نمو الاقتصاد العام المقبل",
        "© 2021 بي بي سي. بي بي سي ليست مسؤولة عن مضمون المواقع الخارجية.",
    ]
    article = clean("\n\n".join(page))
    assert article.title == TITLE
    assert article.date == "2021-06-05"
    assert _kept(article) == [PARAGRAPHS[0], PARAGRAPHS[1], HEADING, PARAGRAPHS[2], PARAGRAPHS[3]]
    assert [block.kind for block in article.blocks][2] == "heading"


def test_page_with_inline_read_also_box_share_bar_and_comments():
    page = [
        *MENU,
        "الأحد 6/6/2021 - 10:30 ص",
        TITLE,
        "كتب: محمد عبد الله",
        "شارك",
        "فيسبوك",
        "تويتر",
        "واتساب",
        PARAGRAPHS[0],
        PARAGRAPHS[1],
        "اقرأ أيضا",
        "الحكومة تخفض أسعار الأسمدة",
        "وزير الزراعة يزور الصعيد",
        PARAGRAPHS[2],
        PARAGRAPHS[3],
        "الوسوم",
        "الزراعة",
        "المزارعين",
        "التعليقات",
        "أحمد علي",
        "منذ ساعتين",
        "خطة جيدة لكن العبرة بالتنفيذ، فقد سمعنا وعودا كثيرة من قبل ولم يتحقق منها شيء على أرض الواقع.",
        "جميع الحقوق محفوظة",
    ]
    article = clean("\n".join(page))
    assert article.title == TITLE
    assert article.byline == "محمد عبد الله"
    assert _kept(article) == PARAGRAPHS


def test_plain_dispatch_with_agency_dateline_and_wire_markers():
    page = [
        TITLE,
        "(وكالة الأنباء / رويترز - 7 يوليو 2021) " + PARAGRAPHS[0],
        PARAGRAPHS[1],
        "(يتبع)",
        PARAGRAPHS[2],
        PARAGRAPHS[3],
        "(انتهى)",
    ]
    article = clean("\n\n".join(page))
    assert article.date == "2021-07-07"
    assert article.outlet == "رويترز"
    assert len(article.blocks) == 4
    assert [removed.rule for removed in article.removed] == ["wire_marker", "wire_marker"]
