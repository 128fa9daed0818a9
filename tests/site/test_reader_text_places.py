"""The places of a page that hold text only (its <title>, the meta and Open Graph descriptions, the feed's titles
and summaries, the names of the article links, Pagefind's metadata) get a translation's text as its reader sees it:
a translator's Markdown and HTML rendered away, entities decoded once, escaped once for the place."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import lxml.html
from lxml import etree
from site_projects import BlockSpec, catalog_text, write_project

from toolkit.config import load_config
from toolkit.site.build import build_site
from toolkit.site.render import reader_text

MARKUP = "<b>bold</b> & *it* [l](x)"
SEEN = "bold & it l"  # what the article page shows of MARKUP
ATOM = "{http://www.w3.org/2005/Atom}"


def _project(root: Path) -> Path:
    catalogs = {}
    for number in range(3):
        title, first = (MARKUP, MARKUP) if number == 1 else (f"Title {number}", f"Paragraph {number}.")
        blocks = [
            BlockSpec(f"b-{number:04x}0001", f"فقرة {number}.", first),
            BlockSpec(f"b-{number:04x}0002", f"فقرة أخرى {number}.", f"Another paragraph {number}."),
        ]
        name = f"{number:03d}_sample"
        catalogs[name] = catalog_text(name, (f"عنوان {number}", title), blocks, date=f"2022-01-0{number + 1}")
    return write_project(root, catalogs)


def _text_places(site: Path) -> list[tuple[str, str]]:
    """(where, text) of every text-only place of the site, as a reader's browser or feed reader parses it."""
    places = []
    for path in sorted(site.rglob("*.html")):
        page = lxml.html.fromstring(path.read_bytes())
        name = path.relative_to(site).as_posix()
        places += [(f"{name} <title>", title.text_content()) for title in page.iter("title")]
        places += [
            (f"{name} {meta.get('name') or meta.get('property')}", meta.get("content"))
            for meta in page.iter("meta")
            if meta.get("content") is not None
        ]
        places += [(f"{name} link", link.text_content()) for link in page.find_class("article-link-title")]
    feed = etree.fromstring((site / "feed.xml").read_bytes())
    for entry in feed.iter(f"{ATOM}entry"):
        places += [(f"feed.xml {field}", entry.findtext(f"{ATOM}{field}") or "") for field in ("title", "summary")]
    for fragment in sorted((site / "pagefind").rglob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        meta = json.loads(data[data.index(b"{") :]).get("meta", {})
        places += [(f"{fragment.name} {key}", value) for key, value in meta.items()]
    return places


def test_every_text_only_place_shows_a_translators_markup_as_the_reader_sees_it(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    build_site(load_config(project))
    places = _text_places(project / "site")
    showing = [(where, text) for where, text in places if "bold" in text]
    assert {where.split(" ", 1)[1] for where, _ in showing} >= {
        "<title>",
        "description",
        "og:title",
        "og:description",
        "link",
        "title",  # the feed's
        "summary",
        "target_title",
    }
    for where, text in showing:
        assert SEEN in text, (where, text)
        assert not set(text) & set("<>*[]") and "&amp;" not in text, (where, text)


def test_the_reader_text_of_a_translation_is_its_rendering_read_back() -> None:
    assert reader_text(MARKUP) == SEEN
    assert reader_text("AT&amp;T &lt;b&gt; and &#x41;") == "AT&T <b> and A"  # entities decoded once
    assert reader_text("5 < 6 & 7 > 2") == "5 < 6 & 7 > 2"  # plain text as it is: the template escapes it
    assert reader_text("<script>alert(1)</script>kept") == "kept"


NOTHING = ["<b></b>", "<i> </i>", "&nbsp;", "<em><b>\t</b></em>", "<img src=x onerror=alert(1)>"]


def test_a_translation_that_renders_to_nothing_is_shown_as_none_on_every_page_and_in_the_feed(
    tmp_path: Path,
) -> None:
    # A title msgstr `<b></b>` showed an empty title span with its draft label on the index and the article
    # page (the feed gave the source title); a paragraph's, an empty cell with its label.
    catalogs = {}
    for number, nothing in enumerate(NOTHING):
        blocks = [
            BlockSpec(f"b-{number:04x}0001", f"فقرة {number}.", nothing, state="draft"),
            BlockSpec(f"b-{number:04x}0002", f"فقرة أخرى {number}.", f"Another paragraph {number}."),
        ]
        name = f"{number:03d}_sample"
        catalogs[name] = catalog_text(
            name, (f"عنوان {number}", nothing), blocks, date=f"2022-01-0{number + 1}", title_state="draft"
        )
    project = write_project(tmp_path / "project", catalogs)
    build_site(load_config(project))
    site = project / "site"
    pages = [site / "index.html", *sorted((site / "articles").glob("*.html"))]
    assert len(pages) == 1 + len(NOTHING)
    for path in pages:
        page = lxml.html.fromstring(path.read_bytes())
        for element in page.find_class("title-target"):
            assert element.text_content().strip(), (path.name, lxml.html.tostring(element))
        for titles in page.find_class("titles"):  # no label beside a title showing nothing
            assert not titles.find_class("label-draft"), (path.name, lxml.html.tostring(titles))
        for cell in page.find_class("pair"):
            texts = [text.text_content().strip() for text in cell.find_class("text")]
            assert all(texts) and (texts[1:] or "untranslated" in cell.get("class")), lxml.html.tostring(cell)
        for link in page.find_class("article-link-title"):
            assert link.text_content().strip().startswith("عنوان"), path.name  # the source title instead
    article = lxml.html.fromstring((site / "articles" / "000_sample.html").read_bytes())
    assert "Title not yet translated" in article.find_class("titles")[0].text_content()
    feed = etree.fromstring((site / "feed.xml").read_bytes())
    titles = sorted(entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry"))
    assert titles == [f"عنوان {number}" for number in range(len(NOTHING))]
    summaries = [entry.findtext(f"{ATOM}summary") for entry in feed.iter(f"{ATOM}entry")]
    assert all(summary and summary.startswith("Another paragraph") for summary in summaries), summaries
