"""Malformed and hostile pages: nothing raises, and script, style and friends never reach the output."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.clean.decode import decode_source
from toolkit.clean.html import extract_page

PARAGRAPHS = [
    "أعلنت وزارة الصحة المصرية اليوم تسجيل ثلاثين حالة جديدة بفيروس كورونا في عدد من المحافظات، "
    "وقالت إن جميع الحالات تخضع للرعاية الطبية الكاملة.",
    "وأوضح المتحدث الرسمي باسم الوزارة أن الحالات الجديدة جميعها من المخالطين للحالات التي أعلن عنها "
    "مسبقا، وأن فرق الترصد تتابع أسرهم.",
    "وأكد المتحدث أن الوزارة رفعت درجة الاستعداد في المستشفيات كافة، ووفرت المستلزمات الطبية اللازمة "
    "للتعامل مع أي حالات طارئة.",
    "وتابع أن الوزارة تنسق مع منظمة الصحة العالمية بشكل يومي وتطبق اللوائح الصحية الدولية بكل شفافية "
    "في الإعلان عن الحالات.",
]
TITLE = "مصر تسجل ثلاثين إصابة جديدة بفيروس كورونا"


def _page(body: str, head: str = "") -> str:
    head = f"<meta charset='utf-8'><title>{TITLE}</title>{head}"
    return f"<!DOCTYPE html><html lang='ar'><head>{head}</head><body>{body}</body></html>"


def _article(paragraphs: list[str] = PARAGRAPHS) -> str:
    return "<article><h1>" + TITLE + "</h1>" + "".join(f"<p>{text}</p>" for text in paragraphs) + "</article>"


def _all_text(html: str) -> str:
    extraction = extract_page(html, "ar")
    fields = [extraction.title, extraction.byline, extraction.outlet, extraction.date]
    return "\n".join([line.text for line in extraction.lines] + [field for field in fields if field])


def test_script_style_and_friends_never_reach_the_output() -> None:
    hostile = (
        "<script>var SECRETSCRIPT = 'أعلنت وزارة الصحة المصرية اليوم تسجيل';</script>"
        "<style>.SECRETSTYLE { color: red; }</style>"
        "<noscript><p>SECRETNOSCRIPT يرجى تفعيل جافاسكربت لمشاهدة هذا المحتوى في المتصفح الخاص بك الآن</p></noscript>"
        "<template><p>SECRETTEMPLATE فقرة مخفية داخل قالب لا يجب أن تظهر في النص النهائي أبدا مهما حدث</p></template>"
        "<iframe srcdoc='<p>SECRETIFRAME</p>'>SECRETIFRAME</iframe>"
        "<img src='x' onerror=\"alert('SECRETONERROR')\" alt='SECRETALT'>"
        "<svg><text>SECRETSVG</text></svg>"
        "<textarea>SECRETTEXTAREA</textarea>"
    )
    head = (
        "<script type='application/ld+json'>{broken json SECRETJSON</script>"
        f"<meta property='og:description' content='{PARAGRAPHS[0][:70]}'>"
        "<style>body { background: SECRETHEADSTYLE }</style>"
    )
    article = hostile.join(f"<p>{text}</p>" for text in PARAGRAPHS)
    body = f"{hostile}<div class='article'>{article}</div>{hostile}"
    text = _all_text(_page(body, head))
    assert "SECRET" not in text
    assert "أعلنت وزارة الصحة المصرية" in text  # the content around the hostile elements is kept


def test_unclosed_table_layout_keeps_its_text() -> None:
    body = "<table><tr><td>القائمة<td><p>" + "<p>".join(PARAGRAPHS) + "<table><tr><td>"
    extraction = extract_page(_page(body), "ar")
    texts = [line.text for line in extraction.lines]
    for paragraph in PARAGRAPHS:
        assert paragraph in texts


def test_declared_windows_1256_page() -> None:
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1256'>"
        f"<title>{TITLE} - موقع الأخبار</title></head><body>{_article()}</body></html>"
    )
    data = page.encode("cp1256")
    extraction = extract_page(decode_source(data, "page.html", html=True), "ar")
    assert extraction.title == TITLE
    assert [line.text for line in extraction.lines[1:]] == PARAGRAPHS


def test_empty_body_gives_no_lines() -> None:
    extraction = extract_page(_page(""), "ar")
    assert extraction.lines == []


@given(st.text(max_size=300))
@settings(max_examples=60, deadline=None)
def test_any_text_is_read_without_raising(text: str) -> None:
    extract_page(text, "ar")
    extract_page(_page(text), "ar")


def test_garbage_and_fragments_do_not_raise() -> None:
    for text in ["", " ", "<<<>>>", "<html", "<table><tr><td>", "\x00\x01binary", "<p>" * 5000, "</div>" * 100]:
        extraction = extract_page(text, "ar")
        assert isinstance(extraction.lines, list)


def test_json_ld_nested_beyond_the_stack_is_skipped() -> None:
    head = "<script type='application/ld+json'>" + "[" * 5000 + "]" * 5000 + "</script>"
    extraction = extract_page(_page(_article(), head), "ar")
    assert extraction.title == TITLE
    assert [line.text for line in extraction.lines[1:]] == PARAGRAPHS


def test_deep_nesting_does_not_raise() -> None:
    for tag in ("div", "b", "table"):
        extract_page(_page(f"<{tag}>" * 5000 + PARAGRAPHS[0] + f"</{tag}>" * 5000), "ar")


def test_page_of_many_short_paragraphs_with_one_opening_is_read_whole() -> None:
    paragraphs = [f"هذه فقرة قصيرة رقم {number} عن موضوع الخبر المهم اليوم." for number in range(400)]
    extraction = extract_page(_page(_article(paragraphs)), "ar")
    assert [line.text for line in extraction.lines[1:]] == paragraphs


def test_page_whose_root_is_not_html_does_not_raise() -> None:
    # lxml makes <math> the root; htmldate then tries to drop the root and trips an assertion.
    for root in ("math", "svg"):
        extraction = extract_page(f"<{root}><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></{root}>", "ar")
        assert extraction.date is None


def test_unknown_time_zone_in_a_date_warns_nothing() -> None:
    # htmldate hands "GST" to dateutil, which would print an UnknownTimezoneWarning on the user's stderr.
    head = "<meta name='og:published_time' content='2020-03-12 10:00 GST'>"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        extraction = extract_page(_page("".join(f"<p>{text}</p>" for text in PARAGRAPHS), head), "ar")
    assert extraction.date == "2020-03-12"
    assert caught == []


def test_a_page_nested_past_256_levels_is_prepared_as_any_other() -> None:
    # Read again with a deeper parser, the page skipped trafilatura's repair (characters XML forbids out, a
    # faulty doctype mended) that every other page goes through: the same article read differently.
    paragraphs = [paragraph.replace(" ", " \x0b", 2) for paragraph in PARAGRAPHS]
    flat = extract_page(_page(_article(paragraphs)), "ar")
    deep = extract_page(_page("<div>" * 600 + _article(paragraphs)), "ar")
    assert [line.text for line in deep.lines] == [line.text for line in flat.lines]
    assert deep.title == flat.title


def _nested(open_tags: str, close_tags: str, depth: int, inside: str) -> str:
    return open_tags * depth + inside + close_tags * depth


def _around(inside: str) -> str:
    """The article, `inside` between its second and third paragraphs."""
    paragraphs = [f"<p>{text}</p>" for text in PARAGRAPHS]
    return f"<article><h1>{TITLE}</h1>{''.join(paragraphs[:2])}{inside}{''.join(paragraphs[2:])}</article>"


# Each nests one shape as deep as the parser still reads (2,048 elements at most), where a recursive walk of the
# tree takes a frame a level: the headline's text, a code block's, trafilatura's lists; unclosed tags.
DEEP_SHAPES = {
    "headline of spans": lambda depth: _around(f"<h2>{_nested('<span>', '</span>', depth, 'عنوان فرعي')}</h2>"),
    "code in code": lambda depth: _around(f"<pre>{_nested('<code>', '</code>', depth, 'x = 1')}</pre>"),
    "lists in lists": lambda depth: _around(_nested("<ul><li>", "</li></ul>", depth // 2, "بند")),
    "unclosed bold": lambda depth: _around("<b>" * depth),
}


@pytest.mark.parametrize("depth", [300, 600, 1000, 2000])
@pytest.mark.parametrize("shape", DEEP_SHAPES)
def test_a_page_nested_up_to_the_parsers_depth_is_cleaned(shape: str, depth: int) -> None:
    # Past Python's recursion limit (about 600 levels of lists, 990 of spans or code) the page ended in
    # "internal error (RecursionError)": its article was not cleaned and nothing said why.
    flat = [line.text for line in extract_page(_page(_article()), "ar").lines]
    extraction = extract_page(_page(DEEP_SHAPES[shape](depth)), "ar")
    assert not extraction.nested_too_deep
    kept = [line.text for line in extraction.lines]
    assert all(text in kept for text in flat), kept


@pytest.mark.parametrize(
    "reference", ["&#x1b;", "&#X1B;", "&#27;", "&#0000001;", "&#x7;", "&#xb;", "&#xFFFE;", "&#x1FFFF;", "&#x1b"]
)
def test_a_reference_to_a_character_html_forbids_loses_no_article(reference: str) -> None:
    """trafilatura gave up on a page holding one such reference in its text ("no main content found"): libxml2
    decodes it into its tree, and lxml refuses the character later. The page shows nothing for it."""
    paragraphs = [*PARAGRAPHS[:3], PARAGRAPHS[3].replace("بشكل يومي", f"بشكل {reference} يومي")]
    texts = [line.text for line in extract_page(_page(_article(paragraphs)), "ar").lines]
    assert texts[-1].startswith(PARAGRAPHS[3][:40]) and "يومي" in texts[-1]
    assert not any(char in "\x07\x0b\x1b\x01\ufffe\U0001ffff" for text in texts for char in text)
