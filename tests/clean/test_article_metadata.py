"""The article's title, byline, date and outlet on small made-up pages of the classes the WCXB misses showed
(bench/clean_metadata.py): editor credits, dates and labels in byline boxes, section suffixes, in English,
Arabic and Chinese, in raw text and HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from clean_helpers import PARAGRAPHS, article_text, clean, labels

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config, load_config
from toolkit.model import Article

ZH_TITLE = "中国与东盟签署新的贸易协定"
ZH_PARAGRAPHS = [
    "新华社北京3月5日电（记者 王明）中国与东盟国家代表五日在北京签署新的贸易协定，双方同意在未来五年内逐步降低关税，"
    "并加强在数字经济和绿色能源领域的合作。",
    "协定签署仪式在人民大会堂举行。商务部负责人表示，这一协定将为地区经济复苏注入新的动力，也将惠及各国企业和消费者。",
    "东盟秘书长在仪式上发表讲话，欢迎协定的签署，并表示东盟愿与中国一道推动协定尽快生效。分析人士认为，"
    "协定的签署表明各方支持多边贸易体制的决心。",
]
EN_TITLE = "City council approves a new plan for the old harbour district"
EN_PARAGRAPHS = [
    "The city council voted on Tuesday to approve a long-debated plan that turns the old harbour district into "
    "housing, parks and small workshops over the next ten years.",
    "Supporters said the plan would bring life back to streets that have stood empty since the shipyard closed, "
    "while critics warned that rents in the neighbouring areas would rise.",
    "The mayor said the first building permits could be issued next spring, once the last environmental "
    "surveys of the harbour basin have been completed and published.",
]


def html_article(tmp_path: Path, body: str, *, head: str = "", language: str = "en") -> Article:
    page = f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    config = Config(project_dir=tmp_path, source_language=language)
    return clean_file(tmp_path / "page.html", page.encode("utf-8"), config)


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


# --- editor credits are not bylines ------------------------------------------------------------------------


def test_a_chinese_dispatch_gives_its_reporter_and_agency_not_the_editor_credit():
    text = "\n\n".join(["首页 > 国际", ZH_TITLE, "2021年3月5日 10:30", *ZH_PARAGRAPHS, "责任编辑：李华", "相关新闻"])
    article = clean(text + "\n", source_language="zh")
    assert (article.byline, article.outlet) == ("王明", "新华社")
    assert article.provenance["byline"] == "reporters of the agency dateline, line 7"
    assert ("责任编辑：李华", "editor_credit") in {(line.text, line.rule) for line in article.removed}


def test_a_chinese_page_gives_its_reporter_and_agency_not_the_editor_credit(tmp_path):
    body = f"<h1>{ZH_TITLE}</h1><div id='detail'>{paragraphs(ZH_PARAGRAPHS)}<p class='editor'>责任编辑：李华</p></div>"
    article = html_article(tmp_path, body, head=f"<title>{ZH_TITLE}</title>", language="zh")
    assert (article.byline, article.outlet) == ("王明", "新华社")
    assert "责任编辑：李华" not in "\n".join(block.text for block in article.blocks)


@pytest.mark.parametrize("paper", ["本报", "本報", "本台", "本网"])
def test_a_paper_s_own_dispatch_names_no_outlet_but_keeps_its_reporter(paper):
    """ "本报广州11月28日电" is "this paper, Guangzhou, 28 November": 本报 was given as the article's outlet."""
    first, *rest = ZH_PARAGRAPHS
    text = "\n\n".join([ZH_TITLE, "2021年3月5日 10:30", first.replace("新华社北京", f"{paper}北京"), *rest]) + "\n"
    article = clean(text, source_language="zh")
    assert (article.byline, article.outlet) == ("王明", None)


@pytest.mark.parametrize(
    ("opening", "byline"),
    [
        ("记者王明报道 ", "王明"),
        ("本报记者 王明 报道：", "王明"),
        ("本报记者王明、李华报道 ", "王明、李华"),
        ("記者王明報導 ", "王明"),
    ],
)
def test_a_chinese_story_opening_with_its_reporter_gives_the_byline(opening, byline):
    """A paper's own story opens "记者王明报道" ("reporter Wang Ming reports"), with no agency before it."""
    first, *rest = [paragraph.split("）", 1)[-1] for paragraph in ZH_PARAGRAPHS]
    text = "\n\n".join([ZH_TITLE, "2021年3月5日 10:30", opening + first, *rest]) + "\n"
    article = clean(text, source_language="zh")
    assert (article.byline, article.outlet) == (byline, None)
    assert article.provenance["byline"] == "reporters of the agency dateline, line 5"
    assert article.blocks[0].text == opening.strip() + (" " if opening.endswith(" ") else "") + first


@pytest.mark.parametrize(
    ("line", "byline"),
    [("作者：王芳", "王芳"), ("记者：王芳", "王芳"), ("记者：王芳、李华", "王芳、李华"), ("作者： 王芳", "王芳")],
)
def test_a_chinese_byline_word_and_its_colon_run_into_the_name(line, byline):
    # Chinese writes no space after the colon: "作者：王芳" ("author: Wang Fang") under the headline was cut as
    # header furniture and gave no byline, and "记者：王芳" gave the byline "记者：王芳", its label kept.
    text = "\n\n".join([ZH_TITLE, line, *[paragraph.split("）", 1)[-1] for paragraph in ZH_PARAGRAPHS]])
    article = clean(text + "\n", source_language="zh")
    assert (article.byline, article.outlet) == (byline, None)
    assert line not in [block.text for block in article.blocks]


@pytest.mark.parametrize(
    "info", ["2024年05月06日 来源：经济日报 作者：王芳", "2024-05-06 10:20 来源：经济日报 作者：王芳 责任编辑：张伟"]
)
def test_a_chinese_information_line_gives_the_writer_it_names_after_its_source(tmp_path, info):
    # The line under a Chinese page's headline: date, source, writer (and the desk's editor). It was all
    # attribution, and the writer was no byline.
    body = [paragraph.split("）", 1)[-1] for paragraph in ZH_PARAGRAPHS]
    page = f"<article><h1>{ZH_TITLE}</h1><p class='info'>{info}</p>{paragraphs(body)}</article>"
    article = html_article(tmp_path, page, head=f"<title>{ZH_TITLE}</title>", language="zh")
    assert (article.byline, article.date) == ("王芳", "2024-05-06")
    assert article.attribution[0].startswith("来源：经济日报")
    text = clean("\n\n".join([ZH_TITLE, info, *body]) + "\n", source_language="zh")
    assert (text.byline, text.date) == ("王芳", "2024-05-06")


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("文/王芳", "王芳"),
        ("文｜王芳", "王芳"),
        ("文 / 王芳", "王芳"),
        ("撰文：王芳", "王芳"),
        ("撰文｜王芳、李华", "王芳、李华"),
        ("图文/王芳", "王芳"),
        ("作者｜王芳", "王芳"),
    ],
)
def test_a_chinese_credit_word_and_its_slash_or_bar_give_the_name(line, byline):
    # Magazines credit "文/王芳" ("text / Wang Fang"), "撰文：王芳" ("written by: ..."), with a slash, a bar or a
    # colon as the same outlet prints it: none of these was read, the name was dropped with the header.
    text = "\n\n".join([ZH_TITLE, line, *[paragraph.split("）", 1)[-1] for paragraph in ZH_PARAGRAPHS]])
    article = clean(text + "\n", source_language="zh")
    assert (article.byline, article.outlet) == (byline, None)
    assert line not in [block.text for block in article.blocks]


@pytest.mark.parametrize(
    ("line", "byline"),
    [("记者 王明 报道", "王明"), ("本报记者 王明、李华 报道：", "王明、李华"), ("記者王明報導", "王明")],
)
def test_a_chinese_byline_line_that_says_reports_gives_the_names_alone(line, byline):
    # "记者 李明 报道" ("reporter Li Ming reports") on its own line under the headline gave the byline "李明 报道".
    text = "\n\n".join([ZH_TITLE, line, *[paragraph.split("）", 1)[-1] for paragraph in ZH_PARAGRAPHS]])
    article = clean(text + "\n", source_language="zh")
    assert (article.byline, article.outlet) == (byline, None)


def test_a_chinese_name_alone_is_no_outlet():
    text = "\n\n".join([ZH_TITLE, "记者 王明", *[paragraph.split("）", 1)[-1] for paragraph in ZH_PARAGRAPHS]])
    article = clean(text + "\n", source_language="zh")
    assert (article.byline, article.outlet) == ("王明", None)


@pytest.mark.parametrize("credit", ["تحرير: أحمد علي", "مراجعة: سارة حسن", "تدقيق لغوي: منى سعيد", "إعداد: خالد يوسف"])
def test_an_arabic_desk_credit_after_the_body_is_no_byline(credit):
    article = clean(article_text(after_body=[credit]))
    assert (article.byline, article.outlet) == (None, None)
    assert (credit, "editor_credit") in {(line.text, line.rule) for line in article.removed}


def test_the_arabic_byline_above_the_body_wins_over_the_credits_below_it():
    article = clean(article_text(after_title=["كتب: محمد عبد الله"], after_body=["تحرير: أحمد علي"]))
    assert article.byline == "محمد عبد الله"


def test_prepared_by_above_the_body_is_the_byline():
    assert labels(article_text(after_title=["إعداد: خالد يوسف"]))["إعداد: خالد يوسف"] == ("byline", "byline")


def test_a_headline_about_a_liberation_is_no_credit():
    line = "تحرير الموصل"
    assert labels(article_text(in_body=[line]))[line][0] == "heading"


def test_an_english_editing_credit_is_no_byline(tmp_path):
    text = "\n\n".join([EN_TITLE, *EN_PARAGRAPHS, "Edited by Jane Doe"])
    article = clean(text + "\n", source_language="en")
    assert article.byline is None
    body = f"<h1>{EN_TITLE}</h1>{paragraphs(EN_PARAGRAPHS)}<p class='byline'>Editing by Jane Doe</p>"
    assert html_article(tmp_path, body).byline is None


def test_an_arabic_page_takes_prepared_by_for_its_byline_above_the_body_only(tmp_path):
    title = "<h1>الحكومة تعلن خطة جديدة لدعم المزارعين في المحافظات الجنوبية</h1>"
    above = html_article(tmp_path, title + "<p>إعداد: خالد يوسف</p>" + paragraphs(PARAGRAPHS), language="ar")
    assert above.byline == "خالد يوسف"
    below = html_article(tmp_path, title + paragraphs(PARAGRAPHS) + "<p>إعداد: خالد يوسف</p>", language="ar")
    assert below.byline is None


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("تقرير: المياه الجوفية في الأردن تتراجع", None),  # a headline opening with its kind, as raw text reads it
        ("تقرير: خطة جديدة لدعم المزارعين في الجنوب", None),
        ("تقرير: محمد عبد الله", "محمد عبد الله"),
    ],
)
def test_a_line_under_the_headline_opening_with_its_kind_signs_only_with_a_name(tmp_path, line, byline):
    # The HTML byline search took any line opening with a byline word and the words of a name's shape: the rule
    # raw text follows (metadata.signs_as_byline, cbcddbb) never reached it.
    title = "<h1>الحكومة تعلن خطة جديدة لدعم المزارعين في المحافظات الجنوبية</h1>"
    article = html_article(tmp_path, title + f"<p>{line}</p>" + paragraphs(PARAGRAPHS), language="ar")
    assert article.byline == byline


# --- what a byline box prints besides the name ---------------------------------------------------------------

BOXED = f"<h1>{EN_TITLE}</h1>{{box}}{paragraphs(EN_PARAGRAPHS)}"


@pytest.mark.parametrize(
    ("box", "byline"),
    [
        # A date is never a byline: a box that prints only the date and a read time gives none.
        ("<div class='post-author-time'><time>- 2025/4/29</time></div>", None),
        ("<div class='author-wrapper'><span>August 28, 2025</span><span>•5 min read</span></div>", None),
        # The name, then the date in an element of its own: the text runs together without the spaces.
        ("<div class='author-time'><span>Oleg Petrenko</span><span>Jul 18, 2025</span> 7 min</div>", "Oleg Petrenko"),
        ("<div class='byline'><a>Chris P. Lane</a><span>Sep 21, 2025</span></div>", "Chris P. Lane"),
        ("<div class='author-block'>By:<b>Cazzy Moore</b>Last Updated:<b>August 1, 2025</b></div>", "Cazzy Moore"),
        # A label waiting for a name printed elsewhere.
        ("<p class='authors-for-screen-reader'>Authors of this article:</p>", None),
        ("<div class='author-date'>Jun 2 Written By</div>", None),
        # A name element beside a role.
        (
            "<div class='story-byline'><span class='byline-name'>Audrey Hale</span>, "
            "<span class='byline-job'>Managing Editor</span></div>",
            "Audrey Hale",
        ),
        (
            "<div class='author-info' itemprop='author' itemscope><meta itemprop='name' content='Emma Rowe'>"
            "<a href='/authors/emma-rowe'>Emma Rowe</a> <span class='author-position'>Writer</span></div>",
            "Emma Rowe",
        ),
    ],
)
def test_a_byline_box_gives_the_name_alone(tmp_path, box, byline):
    assert html_article(tmp_path, BOXED.format(box=box)).byline == byline


def test_a_commenters_name_is_no_byline(tmp_path):
    comments = (
        "<div id='comments'><p class='comment-form-author'>Name (required):</p>"
        "<div class='wp-block-comment-author-name'>fullysecret99</div><p>Great article, thanks for writing it all "
        "up in one place.</p></div>"
    )
    assert html_article(tmp_path, BOXED.format(box="") + comments).byline is None


def test_an_arabic_byline_box_gives_the_name_without_its_date(tmp_path):
    title = "<h1>الحكومة تعلن خطة جديدة لدعم المزارعين في المحافظات الجنوبية</h1>"
    box = "<div class='writer'><span>سارة أحمد</span><span>الثلاثاء 3 مارس 2020</span></div>"
    assert html_article(tmp_path, title + box + paragraphs(PARAGRAPHS), language="ar").byline == "سارة أحمد"


@pytest.mark.parametrize(
    "box",
    [
        # Independent Arabia prints the writer's role after the name, its date after both.
        "<div class='byline'><a>سلمى الحربي</a> مراسلة <time datetime='2024-10-02'>الأربعاء ٢ أكتوبر ٢٠٢٤</time></div>",
        "<div class='byline'><span>سلمى الحربي</span><span>صحافية</span></div>",
        "<div class='author'><a>سلمى الحربي</a><span>كاتبة صحفية</span></div>",
    ],
)
def test_an_arabic_byline_box_gives_the_name_without_the_writer_s_role(tmp_path, box):
    title = "<h1>الحكومة تعلن خطة جديدة لدعم المزارعين في المحافظات الجنوبية</h1>"
    assert html_article(tmp_path, title + box + paragraphs(PARAGRAPHS), language="ar").byline == "سلمى الحربي"


def test_a_byline_box_s_second_name_is_no_role(tmp_path):
    title = "<h1>الحكومة تعلن خطة جديدة لدعم المزارعين في المحافظات الجنوبية</h1>"
    box = "<div class='byline'><a>سلمى الحربي</a> و <a>كاتب ياسين</a></div>"
    assert html_article(tmp_path, title + box + paragraphs(PARAGRAPHS), language="ar").byline == (
        "سلمى الحربي و كاتب ياسين"
    )


@pytest.mark.parametrize("place", ["عمّان", "لندن", "القاهرة", "الرياض", "دار السلام", "Amman"])
def test_the_dispatch_s_place_before_the_writer_is_no_part_of_the_byline(tmp_path, place):
    """Asharq Al-Awsat prints "عمّان: رنا القاسم" where the writer's name goes, in its byline box and its JSON-LD."""
    title = "<h1>الحكومة تعلن خطة جديدة لدعم المزارعين في المحافظات الجنوبية</h1>"
    box = f"<div class='author-box'><a class='author-name'>{place}: رنا القاسم</a></div>"
    assert html_article(tmp_path, title + box + paragraphs(PARAGRAPHS), language="ar").byline == "رنا القاسم"
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", '
        f'"name": "{place}: رنا القاسم"}}}}</script>'
    )
    assert html_article(tmp_path, title + paragraphs(PARAGRAPHS), head=head, language="ar").byline == "رنا القاسم"


def test_a_live_blog_page_gives_its_json_ld_writer_date_and_publisher(tmp_path):
    # A live blog (Al Mayadeen's "مباشر", Roya's "تغطية مستمرة") says so in JSON-LD: @type LiveBlogPosting. Its
    # publisher, writer and date were not read, and a page saved by Chromium's MHTML (no scripts) had no outlet.
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "LiveBlogPosting", '
        '"headline": "مباشر | تطورات العاصفة دانيال", "datePublished": "2023-09-11T08:15:00+03:00", '
        '"author": {"@type": "Person", "name": "رنا القاسم"}, "publisher": {"@type": "Organization", '
        '"name": "الميادين"}}</script>'
    )
    title = "<h1>مباشر | تطورات العاصفة دانيال</h1>"
    article = html_article(tmp_path, title + paragraphs(PARAGRAPHS), head=head, language="ar")
    assert (article.byline, article.date, article.outlet) == ("رنا القاسم", "2023-09-11", "الميادين")


@pytest.mark.parametrize(
    ("logo", "outlet"),
    [
        ("<a href='/'>بوابة الوسط</a>", "بوابة الوسط"),
        ("<a href='https://alwasat.ly/'>بوابة الوسط</a>", "بوابة الوسط"),
        # A section's link names no site, nor does a link to another site's home page.
        ("<a href='/libya'>بوابة الوسط</a>", None),
        ("<a href='https://other.example/'>بوابة الوسط</a>", None),
    ],
)
def test_the_title_s_segment_the_logo_links_home_with_is_the_outlet(tmp_path, logo, outlet):
    # A page saved by Chromium as MHTML keeps no script, so no JSON-LD publisher; a site without og:site_name
    # names itself in its <title> and its logo only. The logo's link to the home page was taken for a section's,
    # and the outlet was not found.
    title = "مصرف ليبيا المركزي يعلن إجراءات جديدة لتوفير السيولة في المصارف"
    head = f"<title>{title} | بوابة الوسط</title><link rel='canonical' href='https://alwasat.ly/news/libya/1'>"
    body = f"<header>{logo}<nav><a href='/libya'>ليبيا</a> <a href='/economy'>اقتصاد</a></nav></header><h1>{title}</h1>"
    article = html_article(tmp_path, body + paragraphs(PARAGRAPHS), head=head, language="ar")
    assert (article.title, article.outlet) == (title, outlet)


def test_a_canonical_address_no_url_parser_reads_leaves_the_logo_s_relative_link_home(tmp_path):
    # "http://[x/..." passes for an absolute address, but has no host a parser reads ("Invalid IPv6 URL"): reading
    # the links home against it ended the clean in a traceback.
    title = "مصرف ليبيا المركزي يعلن إجراءات جديدة لتوفير السيولة في المصارف"
    head = f"<title>{title} | بوابة الوسط</title><link rel='canonical' href='http://[x/news/libya/1'>"
    body = f"<header><a href='/'>بوابة الوسط</a></header><h1>{title}</h1>"
    article = html_article(tmp_path, body + paragraphs(PARAGRAPHS), head=head, language="ar")
    assert (article.title, article.outlet) == (title, "بوابة الوسط")


# --- the site's name in a byline ---------------------------------------------------------------------------

SITE = "<meta property='og:site_name' content='Harbour Courier'>"


def _json_ld_author(kind: str, name: str) -> str:
    return (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"author": {{"@type": "{kind}", "name": "{name}"}}}}</script>'
    )


@pytest.mark.parametrize(
    ("head", "box", "byline"),
    [
        # The writers, then the paper: in JSON-LD after a comma, in a box in an element of its own.
        (
            SITE + '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", '
            '"name": "Ann Lee and Bo Kim, The Harbour Courier"}}</script>',
            "",
            "Ann Lee and Bo Kim",
        ),
        (SITE, "<div class='byline-section'><a>Ann Lee</a> <span>Harbour Courier</span></div>", "Ann Lee"),
        # The paper's staff, printed as the author, is the byline; the site's name in <meta> author is a CMS default.
        (
            SITE,
            "<span class='meta-author'>By <a rel='author'>Harbour Courier Staff</a></span>",
            "Harbour Courier Staff",
        ),
        (SITE + "<meta name='author' content='Harbour Courier'>", "", None),
        # JSON-LD naming the site itself the author is what many CMSs fill in (BBC News, AppleInsider): the writer
        # the page prints comes first; the site is the byline where the page names nobody else.
        (SITE + _json_ld_author("Organization", "Harbour Courier"), "", "Harbour Courier"),
        (SITE + _json_ld_author("NewsMediaOrganization", "The Harbour Courier"), "", "The Harbour Courier"),
        (
            SITE + _json_ld_author("Organization", "Harbour Courier"),
            "<div class='byline'>By <a>Ann Lee</a></div>",
            "Ann Lee",
        ),
        (SITE + _json_ld_author("Organization", "Harbour Courier Staff"), "", "Harbour Courier Staff"),
        (SITE + _json_ld_author("Organization", "Reuters"), "", "Reuters"),
    ],
)
def test_the_site_name_in_a_byline(tmp_path, head, box, byline):
    assert html_article(tmp_path, BOXED.format(box=box), head=head).byline == byline


# --- the publication date ----------------------------------------------------------------------------------


def test_a_utc_time_in_the_head_is_the_day_the_page_prints(tmp_path):
    head = "<meta property='article:published_time' content='2025-12-19T02:41:41+00:00'>"
    box = "<div class='entry-meta'><time datetime='2025-12-18T21:41:41-05:00'>December 18, 2025, 9:41 pm</time></div>"
    article = html_article(tmp_path, BOXED.format(box=box), head=head)
    assert article.date == "2025-12-18"
    assert article.provenance["date"] == ("meta article:published_time, in UTC, taken to the page's time zone (UTC-5)")
    # Without a time of its own in another zone, the page's UTC day stands.
    assert html_article(tmp_path, BOXED.format(box=""), head=head).date == "2025-12-19"


@pytest.mark.parametrize(
    ("boxes", "language", "date"),
    [
        (
            "<div class='post-date'>Updated on: October 28, 2024</div><div class='date'>April 26, 2024</div>",
            "en",
            "2024-04-26",
        ),
        (
            "<div class='date'>آخر تحديث: 28 أكتوبر 2024</div><div class='date'>نشر في 26 أبريل 2024</div>",
            "ar",
            "2024-04-26",
        ),
    ],
)
def test_the_printed_publication_date_beats_an_update_stamp(tmp_path, boxes, language, date):
    if language == "ar":
        title = "<h1>الحكومة تعلن خطة جديدة لدعم المزارعين في المحافظات الجنوبية</h1>"
        page = title + boxes + paragraphs(PARAGRAPHS)
    else:
        page = BOXED.format(box=boxes)
    assert html_article(tmp_path, page, language=language).date == date


# --- the title --------------------------------------------------------------------------------------------

NAV = "<nav><a href='/'>Harbour Courier</a> <a href='/news'>News</a> <a href='/opinion'>Opinion</a></nav>"


def test_the_printed_headline_beats_a_rewritten_social_title(tmp_path):
    head = "<meta property='og:title' content='Harbour plan approved: what changes for the old district'>"
    article = html_article(tmp_path, BOXED.format(box=""), head=head)
    assert article.title == EN_TITLE
    assert article.provenance["title"].startswith("h1, agreeing with og:title")


def test_an_h1_that_is_not_the_story_is_not_the_title(tmp_path):
    head = f"<meta property='og:title' content='{EN_TITLE}'><title>{EN_TITLE} | Harbour Courier</title>"
    menu = f"<h1>Contact us</h1><h1><a href='/'>Harbour Courier</a></h1>{paragraphs(EN_PARAGRAPHS)}"
    assert html_article(tmp_path, menu, head=head).title == EN_TITLE
    logo = f"<h1><a href='/'>Harbour Courier</a></h1>{paragraphs(EN_PARAGRAPHS)}"
    assert html_article(tmp_path, logo, head=f"<title>{EN_TITLE} | Harbour Courier</title>").title == EN_TITLE


@pytest.mark.parametrize(
    ("head", "body", "language", "title"),
    [
        # A section of the site after the headline, printed in the <h1> too: the page links to it.
        ("", NAV + f"<h1>{EN_TITLE} | Opinion</h1>" + paragraphs(EN_PARAGRAPHS), "en", EN_TITLE),
        (
            "<meta property='article:section' content='Opinion'>",
            f"<h1>Opinion | {EN_TITLE}</h1>" + paragraphs(EN_PARAGRAPHS),
            "en",
            EN_TITLE,
        ),
        # The site's own name printed in the <h1>.
        (SITE, f"<h1>{EN_TITLE} – Harbour Courier</h1>" + paragraphs(EN_PARAGRAPHS), "en", EN_TITLE),
        # A headline set on two lines.
        (
            "",
            "<h1>City council approves<br>a new plan for the old harbour district</h1>" + paragraphs(EN_PARAGRAPHS),
            "en",
            EN_TITLE,
        ),
        (
            "",
            "<nav><a href='/sport'>رياضة</a></nav>"
            "<h1>الحكومة تعلن خطة جديدة لدعم المزارعين في المحافظات الجنوبية | رياضة</h1>" + paragraphs(PARAGRAPHS),
            "ar",
            "الحكومة تعلن خطة جديدة لدعم المزارعين في المحافظات الجنوبية",
        ),
    ],
)
def test_a_title_keeps_no_section_nor_site_suffix(tmp_path, head, body, language, title):
    article = html_article(tmp_path, body, head=head, language=language)
    assert article.title == title
    assert article.outlet != "Opinion" and article.outlet != "رياضة"


def test_a_section_removed_from_the_title_is_explained(tmp_path):
    article = html_article(tmp_path, NAV + f"<h1>{EN_TITLE} | Opinion</h1>" + paragraphs(EN_PARAGRAPHS))
    assert "'Opinion' removed: a name the page links to (a section, or the site's logo)" in article.provenance["title"]


def test_a_chinese_printed_headline_agrees_with_its_social_title(tmp_path):
    head = "<meta property='og:title' content='中国与东盟签署新的贸易协定 双方将逐步降低关税'>"
    body = f"<h1>{ZH_TITLE}</h1>{paragraphs(ZH_PARAGRAPHS)}"
    article = html_article(tmp_path, body, head=head, language="zh")
    assert (article.title, article.provenance["title"].split(";")[0]) == (ZH_TITLE, "h1, agreeing with og:title")


def test_an_arabic_dateline_in_the_author_field_is_no_byline(tmp_path):
    head = (
        "<meta property='og:site_name' content='البيان'>"
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", '
        '"name": "(أبوظبي - البيان)"}}</script>'
    )
    title = "<h1>الحكومة تعلن خطة جديدة لدعم المزارعين في المحافظات الجنوبية</h1>"
    article = html_article(tmp_path, title + paragraphs(PARAGRAPHS), head=head, language="ar")
    assert (article.byline, article.outlet) == (None, "البيان")


@pytest.mark.parametrize(
    ("language", "line", "byline"),
    [
        ("ar", "By John Smith, March 3, 2020", "John Smith"),
        ("ar", "كتب: محمد علي - الثلاثاء 3 مارس 2020", "محمد علي"),
        # The Hijri date printed before the Gregorian one goes with it, whatever its digits.
        ("ar", "كتب: ليلى الخطيب الثلاثاء، ١٢ رجب ١٤٤١ هـ - ٣ مارس ٢٠٢٠", "ليلى الخطيب"),
        ("ar", "كتب: محمد رجب 8 رجب 1441 هـ - 3 مارس 2020 م", "محمد رجب"),  # a name that is a month's too
        ("ar", "بقلم: سارة أحمد | الثلاثاء 8 رجب 1441 هـ الموافق 3 مارس 2020", "سارة أحمد"),
        ("zh", "记者 王明 2020年3月3日", "王明"),
        ("zt", "記者 王明 2020年3月3日", "王明"),  # Argos's code for Chinese in traditional characters
        ("ar", "نشر في 3 مارس 2020", None),
    ],
)
def test_a_date_line_that_opens_with_a_byline_gives_the_writer_and_the_date(language, line, byline):
    if language in ("zh", "zt"):  # the dispatch's own reporter and date left out of its first paragraph
        text = "\n\n".join([ZH_TITLE, line, *[paragraph.split("）", 1)[-1] for paragraph in ZH_PARAGRAPHS]]) + "\n"
    else:
        text = article_text(after_title=[line])
    article = clean(text, source_language=language)
    assert (article.byline, article.date) == (byline, "2020-03-03")


@pytest.mark.parametrize(
    "extra",
    [
        "<ul><li><a href='/c'>By Category</a></li><li><a href='/s'>By State</a></li></ul>",  # a shop's menu
        "<p>Teams fail <a href='/x'>this test</a> by focusing on features instead of accuracy.</p>",  # a sentence
        "<p class='disclaimer'>By checking out, you agree to our terms.</p>",
        "<div class='meta'><span class='byline__separator'>|</span>"
        "<span class='byline__category'>Wellness &amp; Prevention</span></div>",
    ],
)
def test_words_after_by_that_name_nobody_are_no_byline(tmp_path, extra):
    assert html_article(tmp_path, BOXED.format(box=extra)).byline is None


@pytest.mark.parametrize(
    ("printed", "language", "date"),
    [
        ("<div class='meta'><span>Ann Lee</span> · <span>January 5, 2026</span></div>", "en", "2026-01-05"),
        ("<div class='meta'><span>الثلاثاء 3 مارس 2020</span></div>", "ar", "2020-03-03"),
    ],
)
def test_a_date_printed_under_the_headline_outside_any_date_box(tmp_path, printed, language, date):
    if language == "ar":
        page = "<h1>الحكومة تعلن خطة جديدة لدعم المزارعين في المحافظات الجنوبية</h1>" + printed + paragraphs(PARAGRAPHS)
    else:
        page = BOXED.format(box=printed)
    article = html_article(tmp_path, page, language=language)
    assert article.date == date
    assert article.provenance["date"].startswith("date text after the headline")


# --- the site's chrome around the headline -----------------------------------------------------------------

AR_TITLE = "ارتفاع أسعار القمح في الأسواق المحلية"
AR_PARAGRAPHS = [
    "ارتفعت أسعار القمح في الأسواق المحلية خلال الأسبوع الماضي بنسبة كبيرة بسبب تراجع الإمدادات من الخارج وزيادة"
    " الطلب المحلي على الدقيق والخبز في المدن الكبرى.",
    "وقال تجار في سوق الجملة إن الأسعار قد تواصل الارتفاع خلال الأسابيع المقبلة ما لم تتدخل الحكومة لزيادة المخزون"
    " الاستراتيجي من الحبوب وتوفير كميات إضافية للمطاحن.",
]


@pytest.mark.parametrize("chrome", ["header", "div"])
def test_todays_date_in_the_top_bar_under_a_logo_h1_is_not_the_articles(tmp_path, chrome):
    head = (
        f"<title>{AR_TITLE} - جريدة الوطن</title>"
        "<link rel='canonical' href='https://example.com/news/2020/05/03/wheat-prices-rise.html'>"
    )
    body = (
        f"<{chrome}><h1 class='logo'><a href='/'>جريدة الوطن</a></h1>"
        "<div class='topbar'><span>الثلاثاء 1 ديسمبر 2026</span></div>"
        f"<nav><a href='/'>الرئيسية</a> <a href='/economy'>اقتصاد</a></nav></{chrome}>"
        f"<main><article><h2>{AR_TITLE}</h2>{paragraphs(AR_PARAGRAPHS)}</article></main>"
    )
    article = html_article(tmp_path, body, head=head, language="ar")
    assert article.date == "2020-05-03"


@pytest.mark.parametrize(
    ("printed", "date"),
    [("published on 25 September 2018", "2018-09-25"), ("publiziert am 30. Juli 2018", "2018-07-30")],
)
def test_a_date_printed_just_above_the_headline(tmp_path, printed, date):
    author = "<span>By</span> <span><a href='/author/ann-lee'>Ann Lee</a></span>"
    about = f"<p class='about'>{author} <span>{printed}</span></p>"
    article = html_article(tmp_path, about + BOXED.format(box=""), head=f"<title>{EN_TITLE}</title>")
    assert article.date == date
    assert article.provenance["date"].startswith("date text above the headline")


@pytest.mark.parametrize(
    ("language", "line", "byline"),
    [
        ("en", "By our staff correspondent", "our staff correspondent"),
        ("en", "By dpa", "dpa"),
        ("de", "Von unserer Redaktion", "unserer Redaktion"),
    ],
)
def test_a_raw_text_byline_in_lower_case_is_the_byline(language, line, byline):
    article = clean("\n\n".join([EN_TITLE, line, *EN_PARAGRAPHS]) + "\n", source_language=language)
    assert article.byline == byline
    assert line not in [block.text for block in article.blocks]


# A byline in each language's words, as a page of that language prints it above the body (the body here in
# English: only the byline line is read for its language's words).
BYLINES_BY_LANGUAGE = [
    ("de", "Von Anna Schmidt", "Anna Schmidt"),
    ("de", "Geschrieben von Ursula von der Leyen", "Ursula von der Leyen"),
    ("fr", "Par Jean Dupont", "Jean Dupont"),
    ("fr", "Écrit par Marie Curie", "Marie Curie"),
    ("es", "Por María García", "María García"),
    ("it", "Di Mario Rossi", "Mario Rossi"),
    ("nl", "Door Jan de Vries", "Jan de Vries"),
    ("tr", "Yazan: Ahmet Yılmaz", "Ahmet Yılmaz"),
    ("ru", "Автор: Иван Петров", "Иван Петров"),
    ("id", "Oleh Budi Santoso", "Budi Santoso"),
    ("fa", "از علی رضایی", "علی رضایی"),
    ("ur", "بقلم: عمران خان", "عمران خان"),
    ("pb", "Por João Silva", "João Silva"),  # Argos's code for Brazilian Portuguese
    ("ar", "By Reuters staff", "Reuters staff"),  # English bylines are printed on sites in every language
]


@pytest.mark.parametrize(("language", "line", "byline"), BYLINES_BY_LANGUAGE)
def test_a_raw_text_byline_in_its_project_s_language_is_the_byline(language, line, byline):
    article = clean("\n\n".join([EN_TITLE, line, *EN_PARAGRAPHS]) + "\n", source_language=language)
    assert article.byline == byline
    assert ("byline", line) not in [(block.kind, block.text) for block in article.blocks]


@pytest.mark.parametrize(("language", "line", "byline"), BYLINES_BY_LANGUAGE[:8])
def test_a_printed_byline_in_its_project_s_language_is_the_byline(tmp_path, language, line, byline):
    article = html_article(tmp_path, BOXED.format(box=f"<p>{line}</p>"), language=language)
    assert article.byline == byline
    assert line not in [block.text for block in article.blocks]


# Subheadings of English articles that open with another language's byline word: Dutch "door", French "par",
# Italian "di", Spanish "por". Every language's words in every project made the rest of the line the byline
# ("Knocking Campaign Begins") and, on a page, took the subheading out of the article.
OTHER_LANGUAGES_WORDS = [
    "Door Knocking Campaign Begins",
    "Par Three Holes Prove Costly",
    "Di Maria Leaves Paris",
    "Por Favor Restaurant Reopens",
]


@pytest.mark.parametrize("line", OTHER_LANGUAGES_WORDS)
def test_another_language_s_byline_word_opening_an_english_line_gives_no_byline(tmp_path, line):
    assert clean("\n\n".join([EN_TITLE, line, *EN_PARAGRAPHS]) + "\n", source_language="en").byline is None
    page = html_article(tmp_path, BOXED.format(box=f"<p>{line}</p>"))
    assert page.byline is None
    assert ("heading", line) in [(block.kind, block.text) for block in page.blocks]


@pytest.mark.parametrize("heading", ["By the Numbers", "By The Book", "By checking out, you agree", "Di più"])
@pytest.mark.parametrize("where", ["header", "closing"])
def test_words_after_a_byline_word_that_are_no_name_give_no_byline_in_raw_text(heading, where):
    lines = [EN_TITLE, heading, *EN_PARAGRAPHS] if where == "header" else [EN_TITLE, *EN_PARAGRAPHS, heading]
    assert clean("\n\n".join(lines) + "\n", source_language="en").byline is None


def test_a_heading_after_a_byline_word_is_kept_as_a_heading(tmp_path):
    page = f"<article><h1>{EN_TITLE}</h1><h2>By the Numbers</h2>{paragraphs(EN_PARAGRAPHS)}</article>"
    article = html_article(tmp_path, page, head=f"<title>{EN_TITLE}</title>")
    assert article.byline is None
    assert ("heading", "By the Numbers") in [(block.kind, block.text) for block in article.blocks]


def test_a_project_adds_its_languages_byline_words(tmp_path):
    toml = 'source_language = "en"\ntarget_language = "ar"\n\n[clean.bylines]\nsv = ["av", "skriven av"]\n'
    (tmp_path / "toolkit.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "a.txt").write_text("\n\n".join([EN_TITLE, "Av Anna Svensson", *EN_PARAGRAPHS]) + "\n")
    config = load_config(tmp_path)
    assert clean_file(tmp_path / "a.txt", (tmp_path / "a.txt").read_bytes(), config).byline == "Anna Svensson"
    packaged = clean_file(tmp_path / "a.txt", (tmp_path / "a.txt").read_bytes(), Config(tmp_path, "en"))
    assert packaged.byline is None


@pytest.mark.parametrize(
    "headline",
    [
        "Is An Oxygen Bar In Delhi Offering Fresh Air For Rs 300?",
        "Home Depot Stock Is Falling After Its Earnings Release. Why That Matters.",
        "The harbour district gets its parks, its workshops and its homes at last!",
    ],
)
def test_a_headline_that_ends_like_a_sentence_is_not_the_bodys_first_paragraph(tmp_path, headline):
    head = f"<title>{headline}</title><meta property='og:title' content='{headline}'>"
    article = html_article(tmp_path, f"<article><h1>{headline}</h1>{paragraphs(EN_PARAGRAPHS)}</article>", head=head)
    assert article.title == headline
    assert [block.text for block in article.blocks] == EN_PARAGRAPHS


# --- the outlet beside the writer in a byline ----------------------------------------------------------------

AR_TITLE = "الحكومة تعلن خطة جديدة لدعم المزارعين في المحافظات الجنوبية"


@pytest.mark.parametrize(
    ("head", "box", "byline"),
    [
        # The outlet in an element of its own after the name, spelled otherwise than the title's suffix says.
        (
            f"<title>{AR_TITLE} - BBC News عربي</title><meta property='og:title' content='{AR_TITLE}'>",
            "<div class='byline'><div><span>نادية الشريف</span><span>بي بي سي نيوز عربي</span></div>"
            "<time>٢ نوفمبر/ تشرين الثاني ٢٠٢٣</time></div>",
            "نادية الشريف",
        ),
        ("", "<div class='byline'><span>نادية الشريف</span><span>BBC News</span></div>", "نادية الشريف"),
        # After a separator, named by the page or by a site word, with the dispatch's place between.
        ("", "<div class='author'>بقلم: محمد النجار - الجزيرة نت</div>", "محمد النجار"),
        (
            "<meta property='og:site_name' content='الجزيرة نت'>",
            "<div class='author'>بقلم: محمد النجار - الجزيرة نت</div>",
            "محمد النجار",
        ),
        ("", "<span class='author'>سامر خليل | سكاي نيوز عربية</span>", "سامر خليل"),
        ("", "<div class='writeBy'>أحمد عرفة، القاهرة - اليوم السابع</div>", "أحمد عرفة"),
        ("", "<div class='author'>سامر خليل - Reuters</div>", "سامر خليل"),
        ("", "<div class='author'>سامر خليل، القاهرة - رويترز</div>", "سامر خليل"),
        # A place after the name, with no outlet, stays as the page prints it.
        ("", "<div class='author'>سامر خليل - القاهرة</div>", "سامر خليل - القاهرة"),
    ],
)
def test_the_outlet_beside_the_writer_is_no_part_of_the_byline(tmp_path, head, box, byline):
    body = f"<h1>{AR_TITLE}</h1>{box}{paragraphs(PARAGRAPHS)}"
    assert html_article(tmp_path, body, head=head, language="ar").byline == byline


def test_a_latin_outlet_beside_an_english_writer_is_no_part_of_the_byline(tmp_path):
    box = "<div class='byline'><a>Ann Lee</a> | <span>Harbour Daily News</span></div>"
    assert html_article(tmp_path, BOXED.format(box=box)).byline == "Ann Lee"


def test_the_outlet_named_only_by_the_page_title_s_suffix_is_the_outlet(tmp_path):
    head = f"<title>{AR_TITLE} - BBC News عربي</title><meta property='og:title' content='{AR_TITLE}'>"
    body = f"<h1>{AR_TITLE}</h1>{paragraphs(PARAGRAPHS)}"
    assert html_article(tmp_path, body, head=head, language="ar").outlet == "BBC News عربي"


# --- embedded posts ------------------------------------------------------------------------------------------


def _kept_text(article: Article) -> str:
    return "\n".join(block.text for block in article.blocks)


TWEET_TEXT = "الوضع المائي في غزة كارثي، والأطفال يدفعون الثمن الأكبر"


@pytest.mark.parametrize(
    "embed",
    [
        # A tweet signed in Latin letters and in Arabic, a date in either.
        f"<blockquote class='twitter-tweet'><p lang='ar' dir='rtl'>{TWEET_TEXT} <a href='https://t.co/x'>"
        "pic.twitter.com/AbC123</a></p>— UNICEF عربي (@UNICEF_ar) <a href='https://twitter.com/x'>March 12, 2024</a>"
        "</blockquote>",
        f"<blockquote class='twitter-tweet'><p lang='ar' dir='rtl'>{TWEET_TEXT} <a href='https://t.co/x'>"
        "pic.twitter.com/AbC123</a></p>— يونيسف بالعربية (@UNICEF_ar) <a href='https://twitter.com/x'>١٢ مارس ٢٠٢٤</a>"
        "</blockquote>",
        # Instagram's, TikTok's and Facebook's fallback text.
        "<blockquote class='instagram-media' data-instgrm-permalink='https://www.instagram.com/p/x/'><div><p>"
        f"<a href='https://www.instagram.com/p/x/'>{TWEET_TEXT}</a></p><p>منشور مشترك من قبل يونيسف "
        "(@unicef_ar)</p></div></blockquote>",
        f"<blockquote class='tiktok-embed' cite='https://www.tiktok.com/@x/video/1'><section><p>{TWEET_TEXT}</p>"
        "<a href='https://www.tiktok.com/@unicef'>@unicef</a></section></blockquote>",
        f"<div class='fb-post' data-href='https://www.facebook.com/x'><blockquote class='fb-xfbml-parse-ignore'><p>"
        f"{TWEET_TEXT}</p>Posted by <a href='https://www.facebook.com/unicef'>UNICEF</a> on Tuesday, March 12, 2024"
        "</blockquote></div>",
    ],
)
def test_an_embedded_post_s_furniture_is_removed_whatever_its_script(tmp_path, embed):
    """The post's words are what the article embeds it for; its signature, links and the platform's words are
    furniture, in Latin letters or in Arabic."""
    body = f"<article><h1>{AR_TITLE}</h1>{paragraphs(PARAGRAPHS[:2])}{embed}{paragraphs(PARAGRAPHS[2:])}</article>"
    article = html_article(tmp_path, body, language="ar")
    kept = [block.text for block in article.blocks]
    assert TWEET_TEXT in kept and all(paragraph in kept for paragraph in PARAGRAPHS)
    assert not [text for text in kept if "@" in text or "twitter.com" in text or "UNICEF" in text]
    furniture = [removed for removed in article.removed if any(mark in removed.text for mark in ("@", "UNICEF"))]
    assert furniture and all(removed.rule == "embedded_post" for removed in furniture)


def test_the_posts_sentence_the_journalist_quotes_in_the_body_is_the_article_s(tmp_path):
    quoted = f"وكتبت المنظمة على منصة إكس: {TWEET_TEXT}."
    embed = (
        f"<blockquote class='twitter-tweet'><p>{TWEET_TEXT} pic.twitter.com/AbC123</p>— UNICEF عربي (@UNICEF_ar) "
        "March 12, 2024</blockquote>"
    )
    body = f"<article><h1>{AR_TITLE}</h1>{paragraphs([*PARAGRAPHS[:2], quoted])}{embed}{paragraphs(PARAGRAPHS[2:])}"
    text = _kept_text(html_article(tmp_path, body + "</article>", language="ar"))
    assert quoted in text and "pic.twitter.com" not in text and "@UNICEF_ar" not in text
