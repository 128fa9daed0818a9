"""A page's code block (<pre>) keeps its lines from the page to the catalog and the site: one entry of kind code,
shown escaped in a <pre>, left to right, on both sides of the pair."""

from __future__ import annotations

import polib
import pytest

from toolkit.catalog.entries import KIND_NOTE, StateCounts
from toolkit.commands.publish import publish
from toolkit.config import load_config
from toolkit.site.pages import ArticlePage, ArticleSummary, Pair
from toolkit.site.render import SiteInfo, render_article

TITLE = "مصر تسجل ثلاثين إصابة جديدة بفيروس كورونا"
PARAGRAPHS = [
    "أعلنت وزارة الصحة المصرية اليوم تسجيل ثلاثين حالة جديدة بفيروس كورونا في عدد من المحافظات المختلفة.",
    "وأوضح المتحدث الرسمي باسم الوزارة أن الحالات الجديدة جميعها من المخالطين للحالات المعلنة مسبقا.",
    "وأكد المتحدث أن الوزارة رفعت درجة الاستعداد في المستشفيات كافة ووفرت المستلزمات الطبية اللازمة.",
]
CODE = "if (cases > 30) {\n    alert('<b>' + cases + '</b>');\n}"
PAGE = (
    f"<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>{TITLE}</title></head><body><article>"
    f"<h1>{TITLE}</h1><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>"
    "<pre><code>if (cases &gt; 30) {\n    alert('&lt;b&gt;' + cases + '&lt;/b&gt;');\n}</code></pre>"
    f"<p>{PARAGRAPHS[2]}</p></article></body></html>"
)
ESCAPED = "if (cases &gt; 30) {\n    alert('&lt;b&gt;' + cases + '&lt;/b&gt;');\n}"
SHOWN = f'<pre class="text" dir="ltr" tabindex="0"><code>{ESCAPED}</code></pre>'
SITE = SiteInfo("Site", "Description", "https://example.org/", "ar", "en")


def _page(pairs: tuple[Pair, ...]) -> ArticlePage:
    summary = ArticleSummary("a1", "a1", TITLE, "Title", "reviewed", "2022-01-28", "", StateCounts(reviewed=1), "")
    return ArticlePage(summary, "", (), "ar", "en", pairs)


@pytest.mark.parametrize("state", ["reviewed", "draft", "needs-review"])
def test_a_code_pair_is_shown_escaped_in_a_pre_on_both_sides(state):
    html = render_article(_page((Pair("b-1", "code", CODE, CODE.replace("cases", "**cases**"), state),)), SITE)
    shown = html.decode()
    assert shown.count(SHOWN) == 1  # the source cell
    # The translator's copy is code as well: its Markdown is characters, escaped like the source's.
    assert SHOWN.replace("cases", "**cases**") in shown
    assert "<b>" not in shown and "<strong>" not in shown


def test_an_untranslated_code_pair_shows_the_placeholder_beside_its_code():
    shown = render_article(_page((Pair("b-1", "code", CODE, "", "untranslated"),)), SITE).decode()
    assert shown.count(SHOWN) == 1
    assert "Not yet translated" in shown


def test_a_pre_block_reaches_the_catalog_and_the_site_with_its_lines(tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-packages"))
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "toolkit.toml").write_text('source_language = "ar"\ntarget_language = "en"\n', encoding="utf-8")
    (project / "source" / "code.html").write_text(PAGE, encoding="utf-8")
    publish(load_config(project), quiet=True)

    catalog = polib.pofile(str(project / "translations" / "code.po"))
    code = [entry for entry in catalog if f"{KIND_NOTE}code" in entry.comment]
    assert [entry.msgid for entry in code] == [CODE]
    pages = [path.read_text(encoding="utf-8") for path in (project / "site").rglob("*.html")]
    article = next(page for page in pages if PARAGRAPHS[0] in page)
    assert SHOWN in article

    # A translator's copy of the code, with its own comment, is shown as written, its lines kept.
    translated = CODE.replace("{\n", "{  // more than thirty\n")
    code[0].msgstr = translated
    catalog.save()
    publish(load_config(project), quiet=True)
    pages = [path.read_text(encoding="utf-8") for path in (project / "site").rglob("*.html")]
    article = next(page for page in pages if PARAGRAPHS[0] in page)
    assert SHOWN.replace("{\n", "{  // more than thirty\n") in article
