"""What the markup says about each block reaches the line rules as a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.clean.html import extract_page
from toolkit.clean.pipeline import clean_file
from toolkit.config import Config

SENTENCES = [
    "أعلنت وزارة الصحة المصرية اليوم تسجيل ثلاثين حالة جديدة بفيروس كورونا في عدد من المحافظات المختلفة.",
    "وأوضح المتحدث الرسمي باسم الوزارة أن الحالات الجديدة جميعها من المخالطين للحالات المعلنة مسبقا.",
    "وأكد المتحدث أن الوزارة رفعت درجة الاستعداد في المستشفيات كافة ووفرت المستلزمات الطبية اللازمة.",
    "وتابع أن الوزارة تنسق مع منظمة الصحة العالمية بشكل يومي وتطبق اللوائح الصحية الدولية بكل شفافية.",
    "وأشار إلى أن نسبة الشفاء بين المصابين ترتفع يوما بعد يوم بفضل البروتوكول العلاجي المعتمد في مصر.",
]
TITLE = "مصر تسجل ثلاثين إصابة جديدة بفيروس كورونا"
PAGE = f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8">
<meta property="og:title" content="{TITLE}"><meta property="og:site_name" content="بوابة الخبر">
<title>{TITLE} | بوابة الخبر</title></head><body>
<header><ul><li><a href="/">الرئيسية</a></li><li><a href="/s">سياسة</a></li></ul></header>
<article>
<h1>{TITLE}</h1>
<div class="byline">بقلم: سارة أحمد</div>
<time datetime="2021-02-03T10:00:00+02:00" class="published">3 فبراير 2021</time>
<p>{SENTENCES[0]}</p>
<h2>الوضع في المحافظات</h2>
<p>{SENTENCES[1]}</p>
<figure><img src="a.jpg"><figcaption>طبيب يفحص مريضا في مستشفى العزل</figcaption></figure>
<p>{SENTENCES[2]}</p>
<h3>إجراءات الوزارة</h3>
<ul><li>{SENTENCES[3]}</li><li>{SENTENCES[4]}</li></ul>
<blockquote><p>نحن نعمل على مدار الساعة لحماية المواطنين من انتشار الفيروس في كل مكان.</p></blockquote>
</article></body></html>"""


def test_hints_follow_the_markup() -> None:
    extraction = extract_page(PAGE, "ar")
    hinted = [(line.hint, line.text) for line in extraction.lines]
    assert hinted[0] == ("title", TITLE)
    assert ("heading", "الوضع في المحافظات") in hinted
    assert ("heading", "إجراءات الوزارة") in hinted
    assert ("list-item", SENTENCES[3]) in hinted and ("list-item", SENTENCES[4]) in hinted
    assert ("quote", "نحن نعمل على مدار الساعة لحماية المواطنين من انتشار الفيروس في كل مكان.") in hinted
    assert [text for hint, text in hinted if hint == "paragraph"][:3] == SENTENCES[:3]
    texts = [text for _, text in hinted]
    assert texts.index("الوضع في المحافظات") == texts.index(SENTENCES[1]) - 1  # in page order


def test_metadata_from_markup() -> None:
    extraction = extract_page(PAGE, "ar")
    assert extraction.title == TITLE
    assert extraction.date == "2021-02-03"
    assert extraction.byline == "سارة أحمد"
    assert extraction.outlet == "بوابة الخبر"
    assert extraction.provenance["outlet"] == "og:site_name"
    assert not any(line.text.startswith("طبيب يفحص") and line.hint != "caption" for line in extraction.lines)


def test_title_from_the_title_element_loses_the_site_name() -> None:
    page = PAGE.replace(f'<meta property="og:title" content="{TITLE}">', "").replace(f"<h1>{TITLE}</h1>", "")
    extraction = extract_page(page, "ar")
    assert extraction.title == TITLE
    assert (
        extraction.provenance["title"] == "<title> (site name 'بوابة الخبر' removed: the name the page gives its site)"
    )


def test_short_blocks_are_hinted_by_their_own_markup() -> None:
    loose = "<br><br>".join([SENTENCES[0], "تطورات جديدة", SENTENCES[1], SENTENCES[2]])
    page = (
        f"<!DOCTYPE html><html lang='ar'><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
        f"<div class='story'>{loose}</div><p>{SENTENCES[3]}</p>"
        "<div class='photo-box'><img src='a.jpg'><span>مستشفى العزل في القاهرة</span></div>"
        f"<p>{SENTENCES[4]}</p></article></body></html>"
    )
    hints = {line.text: line.hint for line in extract_page(page, "ar").lines}
    assert hints["تطورات جديدة"] is None  # loose text between line breaks: the line rules decide
    assert hints[SENTENCES[3]] == "paragraph"
    assert hints["مستشفى العزل في القاهرة"] == "caption"


def test_site_name_is_never_the_title() -> None:
    site_title = '<meta property="og:title" content="بوابة الخبر">'
    page = PAGE.replace(f'<meta property="og:title" content="{TITLE}">', site_title)
    page = page.replace("<header>", "<header><h1>بوابة الخبر</h1>")
    extraction = extract_page(page, "ar")
    assert extraction.title == TITLE
    assert extraction.provenance["title"] == "h1"


# --- preformatted blocks -----------------------------------------------------------------------------------

CODE = "def greet(name):\n    if not name:\n        return '&lt;nobody&gt;'\n\n    return name"
SHOWN_CODE = "def greet(name):\n    if not name:\n        return '<nobody>'\n\n    return name"


def _code_page(pre: str) -> str:
    return PAGE.replace("<h2>", f"{pre}<h2>", 1)


@pytest.mark.parametrize(
    ("pre", "code"),
    [
        (f"<pre><code>{CODE}</code></pre>", SHOWN_CODE),
        (f"<pre class='language-python'><code class='python'>{CODE}</code></pre>", SHOWN_CODE),
        # trafilatura calls a <pre> without code-like text a quote, its line breaks gone.
        ("<pre>\n      set in by markup\n        one step more\n</pre>", "set in by markup\n  one step more"),
        ("<pre>$ pip install toolkit</pre>", "$ pip install toolkit"),
        ("<pre>first line<br>second line<br>third line</pre>", "first line\nsecond line\nthird line"),
        (
            "<pre><span class='k'>int</span> main() {<!-- a comment -->\n  <b>return</b> 0;\n}</pre>",
            "int main() {\n  return 0;\n}",
        ),
    ],
)
def test_a_pre_block_is_one_code_block_with_its_line_breaks(pre: str, code: str) -> None:
    article = clean_file(Path("page.html"), _code_page(pre).encode(), Config(Path("."), "ar"))
    assert [(block.kind, block.text) for block in article.blocks if block.kind == "code"] == [("code", code)]
    kinds = [block.kind for block in article.blocks]
    # In its place, between the first paragraph and the heading after it; the Latin letters on an Arabic page
    # are the code's, no foreign line.
    assert kinds[kinds.index("code") - 1 : kinds.index("code") + 2] == ["paragraph", "code", "heading"]
    assert [text for text in (line.text for line in article.removed) if "main" in text or "pip" in text] == []


def test_a_word_of_code_in_a_sentence_stays_in_its_paragraph() -> None:
    sentence = f"{SENTENCES[0][:-1]} <code>root.hints</code> كما هو."
    article = clean_file(Path("page.html"), PAGE.replace(SENTENCES[0], sentence).encode(), Config(Path("."), "ar"))
    assert "code" not in [block.kind for block in article.blocks]
    assert any("root.hints" in block.text and block.kind == "paragraph" for block in article.blocks)
