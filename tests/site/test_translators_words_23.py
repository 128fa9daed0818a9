"""A translator's Markdown and HTML through `toolkit build` (issue 10, sweep 23): no word a translator wrote
is lost silently, and nothing that can run reaches the page. Each case failed before its fix."""

from __future__ import annotations

import lxml.etree
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

# (msgstr, the paragraph's text as a reader sees it, the elements it holds besides <bdi>)
MARKUP = {
    "definition list": ("<dl><dt>Term</dt><dd>its meaning</dd></dl>", "Term its meaning", []),
    "list": ("<ul><li>one</li><li>two</li></ul>", "one two", []),
    "table": ("<table><tr><td>cell</td><td>next</td></tr></table>", "cell next", []),
    "details": ("<details><summary>Summary</summary>body</details>", "Summary body", []),
    "div": ("word<div>block</div>after", "word block after", []),
    "figure": ("<figure>Map<figcaption>caption</figcaption></figure>", "Map caption", []),
    "abbr": ('<abbr title="North Atlantic Treaty Organization">NATO</abbr> met.', "NATO met.", ["abbr"]),
    "q": ("He said <q>no</q>.", "He said no.", ["q"]),
    "ins": ("<del>ten</del> <ins>twelve</ins> died.", "ten twelve died.", ["del", "ins"]),
    "mark": ("A <mark>key</mark> word.", "A key word.", ["mark"]),
    "kbd cite": ("Press <kbd>Ctrl</kbd> in <cite>The Book</cite>.", "Press Ctrl in The Book.", []),
    "sub sup": ("H<sub>2</sub>O and m<sup>2</sup>.", "H2O and m2.", ["sub", "sup"]),
    "ruby": ("<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby> text", "漢(kan) text", []),
    "unknown tag": ("An <foo>unknown</foo> tag.", "An unknown tag.", []),
    "handler": ('<span onmouseover="window.__xss=2">hover</span> <div onclick=x>click</div>', "hover click", []),
}
CASES = {**AUTOLINKS, **MARKUP}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> lxml.html.HtmlElement:
    blocks = [
        BlockSpec(f"b-{number:04x}", f"فقرة رقم {number} من المقال.", written, "reviewed")
        for number, (written, _, _) in enumerate(CASES.values())
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
    paragraph = _paragraph(published, list(CASES).index(case))
    assert " ".join(paragraph.text_content().split()) == shown
    assert [link.get("href") for link in paragraph.iter("a")] == links
    assert "javascript:" not in lxml.html.tostring(paragraph, encoding="unicode").lower()


@pytest.mark.parametrize("case", list(MARKUP))
def test_a_tags_words_stay_apart_and_its_allowed_meaning_with_them(published: lxml.html.HtmlElement, case: str) -> None:
    # A block's tags (<dt>, <li>, <td>, <div>...) were removed with nothing between the words on their two sides
    # ("Termits meaning"); <abbr> lost its expansion, <q> its quotation marks, <ins> and <mark> what they said.
    _, shown, elements = MARKUP[case]
    paragraph = _paragraph(published, list(CASES).index(case))
    assert " ".join(paragraph.text_content().split()) == shown
    assert [element.tag for element in paragraph.iterdescendants() if element.tag not in {"bdi"}] == elements
    assert not [name for element in paragraph.iter() for name in element.attrib if name.startswith("on")]
    if case == "abbr":
        assert paragraph.find(".//abbr").get("title") == "North Atlantic Treaty Organization"


def test_struck_out_words_are_struck_on_the_page_and_left_out_where_only_text_goes(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # Text can show no stroke: the <title>, the meta descriptions and the feed read "Toll ten twelve", the
    # withdrawn figure as if it stood. They now give the words the translator let stand; the page strikes.
    blocks = [
        BlockSpec("b-0001", "قتل اثنا عشر شخصا.", "<del>Ten</del> Twelve people died.", "reviewed"),
        BlockSpec("b-0002", "سحب.", "<s>Withdrawn</s>", "reviewed"),
    ]
    project = write_project(
        tmp_path_factory.mktemp("struck") / "p",
        {"a1": catalog_text("a1", ("حصيلة", "Toll <s>ten</s> twelve"), blocks)},
    )
    result = run_toolkit(project, "-q", "build")
    assert result.returncode == 0, result.stderr
    page = lxml.html.parse(str(project / "site" / "articles" / "a1.html")).getroot()
    assert page.findtext(".//title").startswith("Toll twelve ·")
    assert page.xpath('//meta[@name="description"]/@content') == ["Twelve people died."]
    assert page.xpath('//meta[@property="og:description"]/@content') == ["Twelve people died."]
    assert page.xpath("//h1//s//text()") == ["ten"]
    assert "".join(_paragraph(page, 1).xpath(".//del//text()")) == "Ten"
    # A translation all struck out is still the translator's, struck on its page, not "not yet translated".
    assert "".join(_paragraph(page, 2).xpath(".//s//text()")) == "Withdrawn"
    feed = lxml.etree.parse(str(project / "site" / "feed.xml")).getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.findtext(f"{atom}entry/{atom}title") == "Toll twelve"
    assert feed.findtext(f"{atom}entry/{atom}summary") == "Twelve people died."


@pytest.mark.parametrize(
    ("written", "named"),
    [
        ("Talks resumed. <!-- check the date with the desk -->", "'check the date with the desk' (an HTML comment)"),
        ("Talks <script>resumed today</script> again.", "'resumed today' (a <script> element)"),
        ("Talks <title>resumed</title> again.", "'resumed' (a <title> element)"),
        ("See <javascript:alert(1)> now.", "'javascript:alert(1)' (a link to a scheme the site never shows)"),
        ("Talks <![CDATA[resumed]]> again.", "'resumed' (CDATA)"),
    ],
)
def test_words_the_page_does_not_show_are_named_by_check(
    tmp_path_factory: pytest.TempPathFactory, written: str, named: str
) -> None:
    # The page leaves these out, as a browser does, and nothing said so: a translator's words went silently.
    blocks = [
        BlockSpec("b-0001", "استؤنفت المحادثات.", written, "reviewed"),
        BlockSpec(
            "b-0002", "استؤنفت.", "Shown: `<!-- as code -->`, \\<!-- as text -->, <tel:+9611234567>.", "reviewed"
        ),
    ]
    project = write_project(
        tmp_path_factory.mktemp("hidden") / "p", {"a1": catalog_text("a1", ("عنوان", "Title"), blocks)}
    )
    result = run_toolkit(project, "check")
    hidden = [line for line in result.stdout.splitlines() if line.endswith("[hidden]")]
    assert result.returncode == 1
    assert len(hidden) == 1, result.stdout
    assert hidden[0].endswith(f"a1.po:22: [b-0001] words the page does not show: {named} [hidden]")
