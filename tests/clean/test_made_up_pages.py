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


def test_chinese_page_in_a_chinese_project():
    paragraphs = [
        "中国政府周日宣布了一项支持南方省份农民的新计划，包括优惠贷款和向数千个农村家庭分发改良种子。",
        "农业部长在新闻发布会上表示，该计划旨在提高国内粮食产量，减少对进口的依赖，资金将来自国家预算。",
        "农民协会代表对该计划表示欢迎，但要求增加贷款金额并简化申请条件，特别是对没有足够担保的小农户。",
    ]
    page = [
        "首页",
        "新闻",
        "财经",
        "中国宣布新的农业支持计划",
        "2021年3月5日 10:30",
        "来源：新华社",
        "分享到：微信 微博",
        *paragraphs,
        "相关阅读",
        "央行下调存款准备金率",
        "多地出台稳就业措施",
        "版权所有 © 2021 新闻网",
    ]
    article = clean("\n\n".join(page), source_language="zh")
    assert article.title == "中国宣布新的农业支持计划"
    assert article.date == "2021-03-05"
    assert _kept(article) == paragraphs


def test_page_title_line_at_the_top_when_no_headline_is_printed_above_the_body():
    page = [f"{TITLE} - موقع الأخبار", *MENU, *[f"قسم رقم {number}" for number in range(12)], *PARAGRAPHS]
    article = clean("\n".join(page))
    assert article.title == TITLE
    assert _kept(article) == PARAGRAPHS


def test_a_long_report_with_a_credited_table_between_its_parts_is_kept_whole():
    # Raw text of an English report: paragraphs, a table of figures with its copyright credit, more paragraphs.
    # The credit belongs to the article's own table; it must not make the second part look like another page's.
    first = [
        f"Paragraph {n} of the report explains how the insurers' premiums grew over the year, and why it matters."
        for n in range(1, 7)
    ]
    table = [f"{n}\tInsurer number {n}\t{n * 1000:,}\t{n}.5" for n in range(1, 13)]
    second = [
        f"Closing paragraph {n} compares the market's results with those of the year before, region by region."
        for n in range(1, 4)
    ]
    page = [
        "Home",
        "Largest insurers of the year ranked by premiums",
        *first,
        "Top insurers by premiums",
        *table,
        "© Rating Agency Inc. — used by permission",
        *second,
        "Related posts",
        "Privacy policy",
    ]
    article = clean("\n\n".join(page), source_language="en")
    kept = _kept(article)
    assert all(paragraph in kept for paragraph in first + second)
    assert "Privacy policy" not in kept and "Home" not in kept
