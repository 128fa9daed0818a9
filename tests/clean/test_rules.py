"""Line -> label: on real lines read from ../shared, and on made-up lines of the same classes that the seeds
never show (other share bars, other related-list headings, English furniture, a new site suffix)."""

from __future__ import annotations

import json

import pytest
from clean_helpers import PARAGRAPHS, TITLE, article_text, clean, label_of, labels
from shared_paths import SEEDS

from toolkit.clean.corpus import build_corpus_evidence
from toolkit.clean.registry import Registry
from toolkit.clean.rules import RULES, build_rules
from toolkit.clean.settings import load_settings
from toolkit.clean.text import normalize, text_lines


def _seed_lines(label: str, max_words: int) -> list[str]:
    found = []
    for path in sorted((SEEDS / "gold").glob("*.json")):
        for line in json.loads(path.read_text(encoding="utf-8"))["lines"]:
            if line["label"] == label and len(line["text"].split()) <= max_words:
                found.append(" ".join(line["text"].split()))
    return sorted(set(found))


SEED_FURNITURE = _seed_lines("boilerplate", 8)


def test_seeds_have_short_furniture_lines():
    assert len(SEED_FURNITURE) >= 10


@pytest.mark.parametrize("line", SEED_FURNITURE)
def test_seed_furniture_is_removed_even_in_the_middle_of_a_body(line):
    assert label_of(line, "in_body") == "boilerplate"


@pytest.mark.parametrize(
    "line",
    [
        "شارك على فيسبوك",
        "شاركوا الخبر عبر واتساب",
        "Share this article",
        "Tweet",
        "انسخ الرابط",
        "أضف تعليقك",
        "لا توجد تعليقات",
        "Comments",
        "إعلان",
        "Advertisement",
        "Sponsored",
        "اشترك في النشرة البريدية",
        "Subscribe to our newsletter",
        "تابعونا على تويتر",
        "(يتبع)",
        "-انتهى-",
        "- more -",
        "تصوير: أحمد علي",
        "© AFP 2021 / Pool",
        "Photo: Reuters",
        "جميع الحقوق محفوظة 2021",
        "All rights reserved",
        "Privacy Policy",
        "Powered by WordPress",
        "Sign in",
        "+ الرياضة",
        "https://example.com/news/123",
        "Loading...",
        "اقرأ أيضاً:",
        "أخبار ذات صلة",
        "Related articles",
        "الكلمات الدالة:",
        "آخر تحديث",
    ],
)
def test_other_furniture_of_the_same_classes_is_removed(line):
    assert label_of(line, "in_body") == "boilerplate"


@pytest.mark.parametrize("line", ["نُشر:", "نشر:", "نُشرت:", "Posted:"])
def test_a_date_widget_label_left_without_its_date_is_removed(line):
    # Asharq Al-Awsat's shape: <span>نُشر:</span> <time>...</time>; the extractor dropped the time and kept the label.
    assert labels(article_text(in_body=[line]))[line] == ("boilerplate", "date_stamp")


@pytest.mark.parametrize("line", ["نشر الجيش قواته على الحدود", "نشرت الصحيفة التقرير كاملا"])
def test_a_heading_that_opens_with_the_verb_published_stays(line):
    assert labels(article_text(in_body=[line]))[line] == ("heading", "heading")


@pytest.mark.parametrize(
    "line", ["الصورة: رويترز", "(الصورة: أ ف ب)", "صورة - رويترز", "صورة أرشيفية", "Photo - AFP", "Photos: Reuters"]
)
def test_a_photo_credit_is_removed_as_one(line):
    assert labels(article_text(in_body=[line]))[line] == ("boilerplate", "photo_credit")


ZH_TITLE = "雅万高铁运营一周年 累计发送旅客超500万人次"
ZH_PARAGRAPHS = [
    "印度尼西亚雅加达至万隆高速铁路十七日迎来开通运营一周年，一年来累计发送旅客超过五百万人次，客流持续增长。",
    "雅万高铁全长一百四十二公里，最高运营时速三百五十公里，开通后两地之间的旅行时间缩短至最快四十六分钟。",
    "据介绍，为满足客流需求，雅万高铁日开行列车已由开通初期的十四列增加至目前的四十八列，周末还将加开列车。",
]


@pytest.mark.parametrize(
    "caption",
    [
        "10月17日，乘客在雅万高铁哈利姆站候车。新华社记者 徐钦 摄",
        "乘客在哈利姆站候车（新华社发 李华摄）",
        "乘客在哈利姆站候车。本报记者王明摄影",
    ],
)
def test_a_chinese_photo_caption_signed_by_its_photographer_is_a_caption(caption):
    # A Chinese paper signs a picture at the end of its caption: "新华社记者 徐钦 摄" (photographed by).
    text = "\n\n".join([ZH_TITLE, ZH_PARAGRAPHS[0], caption, *ZH_PARAGRAPHS[1:]])
    assert labels(text, source_language="zh")[caption] == ("caption", "caption")
    assert caption not in [block.text for block in clean(text, source_language="zh").blocks]


@pytest.mark.parametrize("line", ["他说，这张照片是去年夏天由他拍摄", "摄影爱好者在公园里拍下了许多珍贵的照片。"])
def test_a_chinese_line_about_photographs_is_no_caption(line):
    text = "\n\n".join([ZH_TITLE, ZH_PARAGRAPHS[0], line, *ZH_PARAGRAPHS[1:]])
    assert labels(text, source_language="zh")[line][0] not in ("boilerplate", "caption")


@pytest.mark.parametrize("line", ["الصورة الكبيرة للأزمة", "الصورة من الداخل"])
def test_a_line_that_only_talks_of_a_picture_is_no_photo_credit(line):
    # beirutobserver's op-ed list after the body: "line 99: removed by photo_credit: الصورة الكبيرة… محاولة قراءة! –
    # حسين شبكشي" ("the big picture"), and such a subheading inside the body was cut as a credit too.
    assert labels(article_text(in_body=[line]))[line] == ("heading", "heading")
    assert labels(article_text(after_body=[line]))[line] == ("boilerplate", "after_body")


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("The image of a divided city", False),
        ("Photo finish in the capital", False),
        ("Photo: Reuters", True),
        ("Image copyright Getty Images", True),
        ("Protesters in the square (Photo/AFP)", True),
    ],
)
def test_an_english_line_is_a_photo_credit_only_where_it_credits(line, credit):
    patterns = load_settings().for_language("en").patterns
    assert (patterns.photo_credit.search(normalize(line)) is not None) == credit


def test_related_list_inside_the_body_goes_until_the_next_paragraph():
    related = ["شاهد أيضا", "وزير الخارجية يلتقي نظيره الفرنسي في باريس", "ارتفاع أسعار الذهب في السوق المحلي"]
    found = labels(article_text(in_body=related))
    assert [found[line][0] for line in related] == ["boilerplate"] * 3
    assert all(found[paragraph][0] in ("body", "lead") for paragraph in PARAGRAPHS)


def test_related_headlines_after_the_body_are_removed():
    footer = ["Read more", "مقتل خمسة أشخاص في حادث سير على الطريق الدولي", "البنك المركزي يرفع أسعار الفائدة"]
    found = labels(article_text(after_body=footer))
    assert {found[line][0] for line in footer} == {"boilerplate"}


def test_menu_before_the_headline_is_removed():
    menu = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "منوعات", "الأكثر قراءة"]
    found = labels(article_text(before_title=menu))
    assert {found[line][0] for line in menu} == {"boilerplate"}
    assert found[TITLE] == ("title", "title")


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("ردود فعل دولية", "heading"),
        ("وفنلندا هي وسيط تقليدي.", "body"),
        ("وشارك في الاجتماع ممثلون عن عشرين دولة من مختلف أنحاء العالم.", "body"),
        ("وقال الوزير في تعليق على القرار إن الحكومة ستراجع الخطة كل ستة أشهر لتقييم نتائجها.", "body"),
        ("شارك الرئيس في القمة التي عقدت في العاصمة الفرنسية بحضور قادة العالم.", "body"),
    ],
)
def test_real_text_in_the_body_is_kept(line, label):
    assert label_of(line, "in_body") == label


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("كتب: محمد عبد الله", "byline"),
        ("بقلم سارة أحمد", "byline"),
        ("By John Smith", "byline"),
        ("نشر في 12 كانون الثاني 2021", "date"),
        ("الثلاثاء 3 مارس 2020 - 10:15 ص", "date"),
        ("2020-03-17T10:00:00", "date"),
        ("القاهرة - وكالات", "attribution"),  # a dispatch's place and agencies: its dateline
    ],
)
def test_header_lines_between_headline_and_body(line, label):
    assert label_of(line, "after_title") == label


@pytest.mark.parametrize(
    "title",
    [
        "تقرير: " + TITLE,  # longer than a byline
        "تقرير: خطة جديدة لدعم المزارعين في الجنوب",  # a byline's length, with a word no name holds
    ],
)
def test_a_headline_that_opens_with_its_kind_is_the_headline_not_a_byline(title):
    article = clean(article_text(title=title, after_title=["تقرير: محمد عبد الله"]))
    assert article.title == title
    assert article.byline == "محمد عبد الله"


@pytest.mark.parametrize(
    "rows",
    [
        ["1990 360 وزارة المياه", "2010 145 وزارة المياه", "2025 61 البنك الدولي"],  # a table pasted from Word
        ["- ردم الآبار المخالفة", "- خفض الفاقد في الشبكات"],  # a list without full stops
    ],
)
def test_the_last_row_of_a_table_or_list_above_a_paragraph_is_no_heading(rows):
    found = labels(article_text(in_body=rows))
    assert [found[row] for row in rows] == [("body", "paragraph")] * len(rows)


@pytest.mark.parametrize("separator", ["ـــــــــــــــــــ", "_______________", "--------------", "* * *"])
@pytest.mark.parametrize("place", ["in_body", "after_body"])
def test_a_separator_is_explained_as_no_words_not_as_another_script(separator, place):
    # --explain said "removed by foreign_script: ـــــــــــ" of a line of Arabic tatweel above a text's notes.
    assert labels(article_text(**{place: [separator]}))[separator] == ("boilerplate", "no_words")


def test_footnotes_whose_marks_the_body_carries_are_kept_after_it():
    # Text pasted from Word: the body's marks ("¹", "[2]") and, under a rule, the notes they point to.
    body = [PARAGRAPHS[1].replace("الحبوب", "الحبوب¹"), PARAGRAPHS[2].replace("المزارعين", "المزارعين[2]")]
    notes = ["¹ بحسب أرقام وزارة الزراعة لعام 2025.", "[2] تقديرات اتحاد المزارعين."]
    stray = "³ ملاحظة لا علامة لها في النص."
    text = "\n\n".join([TITLE, PARAGRAPHS[0], *body, PARAGRAPHS[3], "ـــــــــــــــــــ", *notes, stray]) + "\n"
    found = labels(text)
    assert [found[note] for note in notes] == [("body", "footnote")] * 2
    assert found[stray] == ("boilerplate", "after_body")  # no mark of it in the body
    assert [block.text for block in clean(text).blocks][-2:] == notes


def test_source_lines_after_the_body_are_attribution():
    for line in ("المصدر: وكالة الأنباء الرسمية", "(رويترز)", "Source: AFP"):
        assert label_of(line, "after_body") == "attribution"


def test_a_new_site_suffix_is_cut_from_the_title():
    for suffix, outlet in (
        (" - الجزيرة نت", "الجزيرة نت"),
        (" | Al Arabiya", "Al Arabiya"),
        (" – BBC News عربي", "BBC News عربي"),
    ):
        article = clean(article_text(title=TITLE + suffix))
        assert article.title == TITLE
        assert article.outlet == outlet


def test_title_dash_inside_a_headline_is_kept():
    title = "روسيا - أوكرانيا: جولة مفاوضات جديدة في إسطنبول الأسبوع المقبل"
    assert clean(article_text(title=title)).title == title


def test_headline_repeated_is_removed_once_kept_once():
    found = labels(article_text(after_title=[TITLE]))
    assert next(iter(found)) == TITLE
    article = clean(article_text(after_title=[TITLE]))
    assert article.title == TITLE
    assert [removed.rule for removed in article.removed] == ["duplicate_title"]


def test_caption_beside_a_photo_credit_is_a_caption_not_a_paragraph():
    caption = "وزير الزراعة خلال المؤتمر الصحفي"
    found = labels(article_text(in_body=[caption, "© رويترز / أحمد علي"]))
    assert found[caption] == ("caption", "caption")
    article = clean(article_text(in_body=[caption, "© رويترز / أحمد علي"]))
    assert caption not in [block.text for block in article.blocks]
    assert (caption, "caption") in [(removed.text, removed.rule) for removed in article.removed]


def test_lead_restated_by_the_body():
    lead = (
        "قررت الحكومة صرف منحة استثنائية لصغار المزارعين في المحافظات الجنوبية، بعد موسم جفاف أضر بمحاصيل "
        "القمح والشعير في المنطقة."
    )
    restated = " ".join(lead.split()[:10]) + " خلال العام الحالي."
    article = clean(article_text(after_title=[lead, "إعلان"], in_body=[restated]))
    assert article.blocks[0].kind == "lead"
    assert article.blocks[0].text == lead
    assert restated in [block.text for block in article.blocks if block.kind == "paragraph"]


def test_corpus_furniture_needs_several_articles_and_never_takes_sentences():
    shared_footer = "تابع آخر الأخبار على قناتنا"
    texts = [article_text(after_body=[shared_footer], in_body=[PARAGRAPHS[0]]) for _ in range(3)]
    texts.append(article_text())
    evidence = build_corpus_evidence((text_lines(text) for text in texts), load_settings().corpus)
    article = clean(texts[0], corpus=evidence)
    assert shared_footer in [removed.text for removed in article.removed]
    kept = [block.text for block in article.blocks]
    assert kept.count(PARAGRAPHS[0]) >= 1, "a sentence repeated across articles stays"
    assert evidence.recurring(PARAGRAPHS[0]) == 0
    assert evidence.recurring(shared_footer) == 3


def test_corpus_evidence_ignores_a_line_in_too_few_articles():
    texts = [article_text(in_body=["قسم الأخبار المحلية"])] + [article_text() for _ in range(4)]
    evidence = build_corpus_evidence((text_lines(text) for text in texts), load_settings().corpus)
    assert evidence.recurring("قسم الأخبار المحلية") == 0
    assert normalize("قسم الأخبار المحلية") not in evidence.line_articles, "a line it can never judge is not kept"


def test_chinese_project_keeps_chinese_paragraphs():
    text = "\n\n".join(
        [
            "中国宣布新的农业支持计划",
            "2021年3月5日",
            "中国政府周日宣布了一项支持南方省份农民的新计划，包括优惠贷款和向数千个农村家庭分发改良种子。",
            "农业部长在新闻发布会上表示，该计划旨在提高国内粮食产量，减少对进口的依赖，资金将来自国家预算。",
            "Share this article",
        ]
    )
    article = clean(text, source_language="zh")
    assert article.title == "中国宣布新的农业支持计划"
    assert article.date == "2021-03-05"
    assert [block.kind for block in article.blocks] == ["paragraph", "paragraph"]
    arabic_project = clean(text + "\n\n" + "\n\n".join(PARAGRAPHS), source_language="ar")
    assert not any("农业" in block.text for block in arabic_project.blocks)


def test_only_boilerplate_gives_no_blocks():
    article = clean("اعلان\n\nشارك هذا المقال\n\nCopyright 2021\n")
    assert article.blocks == []


def test_registry_runs_by_priority_and_replaces_by_name():
    registry: Registry[str] = Registry()
    registry.register("low", "a", 10)
    registry.register("high", "b", 50)
    registry.register("middle", "c", 30)
    assert [item for _, item in registry] == ["high", "middle", "low"]
    registry.register("replaced", "b", 5)
    assert [name for name, _ in registry] == ["c", "a", "b"]
    registry.deregister("c")
    assert "c" not in registry
    assert len(registry) == 2


def test_default_rules_have_unique_names_and_end_with_a_catch_all():
    names = [name for name, _ in RULES["text"]]
    assert len(names) == len(set(names)) == len(build_rules("text"))
    assert names[0] == "title"
    assert names[-1] == "unclassified"


def test_a_deregistered_rule_changes_the_outcome():
    rules = build_rules()
    rules.deregister("advertisement")
    text = article_text(in_body=["اعلان"])
    from toolkit.clean.rules import classify_lines

    result = classify_lines(text_lines(text), settings=load_settings(), corpus=None, source_language="ar", rules=rules)
    decision = next(decision for decision in result.decisions if decision.text == "اعلان")
    assert decision.rule != "advertisement"


def test_inline_read_also_line_does_not_swallow_the_next_sentence():
    inline = "اقرأ أيضا: الحكومة ترفع أسعار الوقود للمرة الثانية هذا العام"
    short = "وأكد أن القرار نهائي."
    found = labels(article_text(in_body=[inline, short]))
    assert found[inline][0] == "boilerplate"
    assert found[short][0] == "body"


def test_html_hints_are_followed():
    from toolkit.clean.lines import SourceLine
    from toolkit.clean.rules import MetadataHints, clean_lines

    lines = [
        SourceLine(1, TITLE, "title"),
        SourceLine(2, "مقدمة قصيرة عن الخطة.", "paragraph"),
        SourceLine(3, PARAGRAPHS[0], "paragraph"),
        SourceLine(4, "تفاصيل الخطة", "heading"),
        SourceLine(5, PARAGRAPHS[1], "paragraph"),
        SourceLine(6, "المزارعون في الحقول", "caption"),
        SourceLine(7, PARAGRAPHS[2], "paragraph"),
    ]
    hints = MetadataHints(
        title=TITLE,  # the HTML reader already took the site name off the title
        date="2021-05-01",
        outlet="موقع الأخبار",
        language="fa",
        provenance={"title": "og:title", "date": "JSON-LD datePublished", "outlet": "og:site_name"},
    )
    article = clean_lines(
        lines,
        article_id="x",
        source="x.html",
        settings=load_settings(),
        corpus=None,
        source_language="ar",
        hints=hints,
    )
    assert article.title == TITLE
    assert article.provenance["title"] == "og:title; headline line: block 1, chosen by the layout step hinted_headline"
    assert article.date == "2021-05-01"
    assert article.provenance["date"] == "JSON-LD datePublished"
    assert article.outlet == "موقع الأخبار"
    assert [block.kind for block in article.blocks] == ["paragraph", "paragraph", "heading", "paragraph", "paragraph"]
    assert [removed.rule for removed in article.removed] == ["caption"]
    assert article.warnings == ["page is in Persian (fa), project source language is ar"]


def test_a_title_from_the_page_metadata_is_not_trimmed_again():
    from toolkit.clean.lines import SourceLine
    from toolkit.clean.rules import MetadataHints, clean_lines

    headline = TITLE + " - Live"
    lines = [SourceLine(1, headline, "title"), *(SourceLine(n, p, "paragraph") for n, p in enumerate(PARAGRAPHS, 2))]
    settings = load_settings()

    def cleaned(hints: MetadataHints):
        return clean_lines(
            lines, article_id="x", source="x.html", settings=settings, corpus=None, source_language="ar", hints=hints
        )

    # The HTML reader ran the title finder with the page's evidence; a Latin segment left there is the headline's.
    assert cleaned(MetadataHints(title=headline)).title == headline
    # Without metadata the headline line goes through the same finder: the Latin segment is guessed a site name.
    assert cleaned(None).title == TITLE


def test_persian_text_in_an_arabic_project_is_warned_about():
    persian = [
        "دولت ایران امروز برنامه جدیدی برای حمایت از کشاورزان در استان‌های جنوبی کشور اعلام کرد "
        "که شامل وام‌های کم‌بهره است.",
        "وزیر کشاورزی در یک کنفرانس خبری گفت که این برنامه با هدف افزایش تولید داخلی گندم و کاهش واردات اجرا می‌شود.",
    ]
    article = clean("برنامه جدید دولت برای کشاورزان\n\n" + "\n\n".join(persian))
    assert "page is in Persian (fa), project source language is ar" in article.warnings
    assert len(article.blocks) == 2


def test_an_urdu_site_name_in_a_dateline_is_no_reason_to_warn():
    gold = json.loads((SEEDS / "gold" / "001_7e7eb9076ff80330.json").read_text(encoding="utf-8"))
    article = clean((SEEDS / gold["file"]).read_text(encoding="utf-8"))
    assert article.warnings == []


def test_a_picture_label_in_the_middle_does_not_cut_the_body():
    found = labels(article_text(in_body=["مصدر الصورة، Getty Images", "التعليق على الصورة، مزارعون في حقل قمح"]))
    assert all(found[paragraph][0] in ("body", "lead") for paragraph in PARAGRAPHS)


def test_comment_section_ends_the_body():
    comments = [
        "التعليقات",
        "أحمد",
        "هذه خطة ممتازة وأتمنى أن تنفذ في أقرب وقت ممكن لأن المزارعين في حاجة ماسة إلى الدعم الحكومي.",
        "سارة",
        "لا أعتقد أن الحكومة ستلتزم بوعودها هذه المرة أيضا، فقد سمعنا مثل هذه الوعود مرات كثيرة من قبل.",
    ]
    found = labels(article_text(after_body=comments))
    assert {found[line][0] for line in comments} == {"boilerplate"}


def test_a_paragraph_first_shown_in_a_ticker_above_the_headline_is_kept():
    found = labels(article_text(before_title=["عاجل", PARAGRAPHS[0]]))
    texts = [text for text, (label, _) in found.items() if label in ("body", "lead")]
    assert PARAGRAPHS[0] in texts


def test_a_paragraph_opening_with_its_subheading_words_is_kept():
    heading = "الموقف الروسي من الأزمة"
    paragraph = "الموقف الروسي من الأزمة كان واضحا منذ البداية."
    found = labels(article_text(in_body=[heading, paragraph]))
    assert found[heading][0] == "heading"
    assert found[paragraph][0] == "body"


def test_a_wire_paragraph_ending_in_its_agency_is_body_a_phrase_with_one_is_a_caption():
    wire = "وقال المتحدث إن المحادثات ستستأنف الأسبوع المقبل، دون أن يحدد مكانها. (رويترز)"
    photo = "عناصر من الشرطة في موقع الحادث (رويترز)"
    found = labels(article_text(in_body=[wire, photo]))
    assert found[wire][0] == "body"
    assert found[photo][0] == "caption"


def test_a_date_after_the_body_counts_when_the_header_has_none():
    article = clean(article_text(after_body=["نشر بتاريخ 12 مارس 2021"]))
    assert article.date == "2021-03-12"
    dated = clean(article_text(after_title=["10 مارس 2021"], after_body=["نشر بتاريخ 12 مارس 2021"]))
    assert dated.date == "2021-03-10"


def test_corpus_evidence_keeps_only_lines_in_enough_of_a_big_corpus():
    """min_share counts once the corpus is big: a line in 3 of 10 articles is no longer furniture."""
    shared, widespread = "تابع آخر الأخبار على قناتنا", "اشترك في النشرة البريدية"
    texts = [article_text(after_body=[shared] if n < 3 else [widespread]) for n in range(10)]
    evidence = build_corpus_evidence((text_lines(text) for text in texts), load_settings().corpus)
    assert evidence.recurring(widespread) == 7 and evidence.recurring(shared) == 0
    assert normalize(shared) not in evidence.line_articles


def test_corpus_evidence_that_cannot_be_counted_is_one_clear_error(monkeypatch: pytest.MonkeyPatch):
    import sqlite3

    from toolkit.clean import corpus
    from toolkit.errors import ToolkitError

    def full_disk(self: object, lines: set[str]) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(corpus._LineCounts, "add_article", full_disk)
    with pytest.raises(ToolkitError, match="cannot count lines in a temporary file: database or disk is full"):
        build_corpus_evidence([text_lines(article_text())], load_settings().corpus)


def test_the_layout_step_that_chose_the_headline_is_named():
    article = clean(article_text())
    assert article.title == TITLE
    assert article.provenance["title"].endswith("chosen by the layout step headline_above_body")


def test_a_deregistered_layout_step_is_not_run():
    from toolkit.clean.layout import build_layout_steps
    from toolkit.clean.rules import classify_lines

    steps = build_layout_steps("text")
    steps.deregister("headline_above_body")
    result = classify_lines(
        text_lines(article_text()), settings=load_settings(), corpus=None, source_language="ar", layout_steps=steps
    )
    assert result.layout.title is None
    assert TITLE not in [decision.text for decision in result.decisions if decision.label == "title"]


def test_a_deregistered_furniture_rule_no_longer_shapes_the_layout():
    from toolkit.clean.rules import classify_lines

    related = ["اقرأ أيضا", "الحكومة ترفع أسعار الوقود للمرة الثانية هذا العام", "انخفاض أسعار الذهب في الأسواق"]
    text = article_text(in_body=related)
    assert [labels(text)[line][1] for line in related] == ["related_heading", "related_list", "related_list"]
    rules = build_rules("text")
    rules.deregister("related_heading")
    result = classify_lines(text_lines(text), settings=load_settings(), corpus=None, source_language="ar", rules=rules)
    found = {decision.text: decision.rule for decision in result.decisions}
    # Without its rule the heading is no furniture at all: no related list is cut under it either.
    assert all(line.furniture is None for line in result.lines if line.text == related[0])
    assert "related_list" not in {found[line] for line in related}


# --- the subtitle under the headline in raw text ------------------------------------------------------------

# A side of the story the body tells (clean_helpers.PARAGRAPHS: half its words).
DEK = "الخطة تثير جدلا بين النواب حول كلفة القروض الميسرة وتوزيع البذور المحسنة"


@pytest.mark.parametrize(
    "after_title",
    [
        [DEK],
        [DEK, "عمّان: رنا القاسم", "نُشر: ١٨:٠٠-٢٠ يوليو ٢٠٢٤ م", "شاركFacebookXWhatsAppTelegram"],
        ["شاركFacebookXWhatsAppTelegram", DEK],
    ],
)
def test_the_subtitle_under_the_headline_is_the_article_s_in_raw_text(after_title):
    found = labels(article_text(after_title=after_title))
    assert found[DEK] == ("lead", "dek")
    assert all(found[line][0] != "lead" for line in after_title if line != DEK)


@pytest.mark.parametrize(
    "after_title",
    [
        ["جانب من حفل افتتاح الدورة السابقة من مهرجان جرش (الشرق الأوسط)"],  # a caption with its credit
        ["اشترك في النشرة البريدية"],  # a widget: too few words
        ["Subscribe to our newsletter for the latest farming news today"],  # another script
        ["نادية الشريفبي بي سي نيوز عربي"],  # a byline run into its outlet: no word of the story
        # A widget's heading over its question.
        ["استطلاع الرأي", "هل تؤيد طرح تخصصات تعتمد التعلم عن بعد في جامعات تقليدية؟"],
        # Past the date: a photo's caption.
        ["الإثنين، 24 أغسطس 2020 09:23 ص", "وزير الزراعة خلال جولته في المحافظات الجنوبية اليوم الأحد"],
    ],
)
def test_a_line_between_headline_and_body_that_is_no_subtitle_is_removed_in_raw_text(after_title):
    found = labels(article_text(after_title=after_title))
    assert all(found[line][0] != "lead" for line in after_title)
    assert found[after_title[-1]][0] == "boilerplate"
