"""A translator's Markdown and HTML through `toolkit build` (issue 10, sweep 23): no word a translator wrote
is lost silently, and nothing that can run reaches the page. Each case failed before its fix."""

from __future__ import annotations

import lxml.html
import pytest
from abuse.abuse_projects import run_toolkit
from site_projects import BlockSpec, catalog_text, write_project

# (msgstr, the paragraph's text as a reader sees it, the links it holds)
AUTOLINKS = {
    "tel": ("Call <tel:+9611234567> now.", "Call tel:+9611234567 now.", ["tel:+9611234567"]),
    "urn": ("See <urn:isbn:0451450523> here.", "See urn:isbn:0451450523 here.", []),
    "vbscript": ("Old <vbscript:msgbox(1)> code.", "Old vbscript:msgbox(1) code.", []),
    "mailto": ("Write <mailto:desk@example.org> today.", "Write desk@example.org today.", ["mailto:desk@example.org"]),
    # What runs when pasted into an address bar is never shown (settings.SCHEMES_NEVER_SHOWN).
    "javascript": ("Bad <javascript:window.__xss=1> link.", "Bad link.", []),
    "data": ("Bad <data:text/html,hi> link.", "Bad link.", []),
}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> lxml.html.HtmlElement:
    blocks = [
        BlockSpec(f"b-{number:04x}", f"فقرة رقم {number} من المقال.", written, "reviewed")
        for number, (written, _, _) in enumerate(AUTOLINKS.values())
    ]
    project = write_project(
        tmp_path_factory.mktemp("words") / "p", {"a1": catalog_text("a1", ("عنوان", "Title"), blocks)}
    )
    result = run_toolkit(project, "-q", "build")
    assert result.returncode == 0, result.stderr
    return lxml.html.parse(str(project / "site" / "articles" / "a1.html")).getroot()


def _paragraph(page: lxml.html.HtmlElement, number: int) -> lxml.html.HtmlElement:
    target = '//*[contains(@class, "cell-target")]//*[contains(@class, "text")]'
    (cell,) = page.xpath(f'//*[@id="p-b-{number:04x}"]{target}')
    return cell


@pytest.mark.parametrize("case", list(AUTOLINKS))
def test_an_autolinks_address_is_a_link_or_its_text(published: lxml.html.HtmlElement, case: str) -> None:
    # Python-Markdown took "<tel:+961...>" or "<urn:isbn:...>" for a tag; nh3 removed it, the words with it.
    _, shown, links = AUTOLINKS[case]
    paragraph = _paragraph(published, list(AUTOLINKS).index(case))
    assert " ".join(paragraph.text_content().split()) == shown
    assert [link.get("href") for link in paragraph.iter("a")] == links
    assert "javascript:" not in lxml.html.tostring(paragraph, encoding="unicode").lower()
