"""Cases from the twenty-second sweep of what reaches readers (issue 10): a translator's Markdown and what a
scraped page or the site's settings put where readers see it. Each test failed before its fix."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import polib
import pytest
from abuse.abuse_projects import run_toolkit

from toolkit.catalog.entries import URL_HEADER
from toolkit.errors import EXIT_INCOMPLETE
from toolkit.site.render import sanitize


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Write \\<b> to start bold", "Write &lt;b&gt; to start bold"),
        ("The tag \\<script>alert(1)\\</script> runs", "The tag &lt;script&gt;alert(1)&lt;/script&gt; runs"),
        ("a \\< b", "a &lt; b"),
        ("\\<vbscript:x> is no link", "&lt;vbscript:x&gt; is no link"),
    ],
)
def test_a_backslash_before_a_less_than_sign_shows_the_markup_as_text(written: str, shown: str) -> None:
    # Python-Markdown escapes no "<": "\<b>" stayed a tag (a backslash, then bold text) and "\<script>...</script>"
    # was removed with the translator's words in it.
    assert sanitize(written) == shown


PAGE_WITH_A_LOGIN = """<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>عنوان الخبر</title>
<link rel="canonical" href="{address}"></head><body><article><h1>عنوان الخبر</h1>
<p>قال الوزير اليوم إن المحادثات مع الوفد ستستمر حتى نهاية الأسبوع المقبل في العاصمة وأضاف أن الأمر مهم جدا.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    ("written", "linked"),
    [
        ("https://editor:s3cret@example.org/news/1", "https://example.org/news/1"),
        ("https://example.org@evil.example/news/1", "https://evil.example/news/1"),
    ],
)
def test_the_original_articles_address_is_published_without_a_user_name_or_password(
    tmp_path: Path, written: str, linked: str
) -> None:
    # A scraped page's canonical address went to readers with the login in it, in the catalog's header and the
    # article page's link to the original.
    project = tmp_path / "p"
    (project / "source").mkdir(parents=True)
    (project / "toolkit.toml").write_text('source_language = "ar"\ntarget_language = "en"\n', encoding="utf-8")
    (project / "source" / "news.html").write_text(PAGE_WITH_A_LOGIN.format(address=written), encoding="utf-8")
    # No model: the page is published untranslated, the run's exit saying so.
    done = run_toolkit(project, "publish", ARGOS_PACKAGES_DIR=str(tmp_path / "no-packages"))
    assert done.returncode == EXIT_INCOMPLETE, done.stderr
    assert polib.pofile(str(project / "translations" / "news.po")).metadata[URL_HEADER] == linked
    for page in (project / "site" / "articles" / "news.html", project / "site" / "ar" / "articles" / "news.html"):
        assert lxml.html.parse(str(page)).xpath("//dd/a[@rel]/@href") == [linked], page


@pytest.mark.parametrize(
    ("written", "href"),
    [
        ("[the report](https://editor:s3cret@example.org/report)", "https://example.org/report"),
        ("[the BBC](https://bbc.co.uk@evil.example/news)", "https://evil.example/news"),
        ('<a href="HTTP://bbc.co.uk:80@evil.example">the BBC</a>', "HTTP://evil.example"),
    ],
)
def test_a_translators_link_leads_where_it_says_without_a_user_name_or_password(written: str, href: str) -> None:
    # As the original article's address: a link published a login, or a host that only looked like another's.
    assert lxml.html.fragment_fromstring(sanitize(written), create_parent="p").xpath("//a/@href") == [href]


def test_text_a_translator_struck_out_as_deleted_stays_struck_out() -> None:
    # <del> was dropped and its words kept: "was <del>not</del> confirmed" read "was not confirmed".
    shown = lxml.html.fragment_fromstring(sanitize("The report was <del>not</del> confirmed"), create_parent="p")
    assert shown.xpath("//del/text()") == ["not"]
