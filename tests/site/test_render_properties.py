"""Properties over any text: the sanitizer never lets markup that runs through, slugs are always safe."""

from __future__ import annotations

import re

import lxml.html
import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.site.pages import article_page, article_slug
from toolkit.site.render import SiteInfo, render_article
from toolkit.site.settings import ALLOWED_TAGS

# Pieces hostile markup is made of, mixed with ordinary Arabic and Latin text by the strategy below.
FRAGMENTS = [
    "<script>",
    "</script>",
    "<img src=x onerror=",
    "javascript:",
    "data:",
    "<svg onload=",
    '<a href="',
    '">',
    "[",
    "](",
    ")",
    "*",
    "_",
    "`",
    "&#x61;",
    "&lt;",
    "<",
    ">",
    '"',
    "'",
    "<style>",
    "<iframe",
    "onclick=",
    "<math>",
    "<!--",
    "-->",
    "<![CDATA[",
    "\\",
    "\n",
    "بوتين",
    "NATO",
    " ",
    "<bdi>",
    "</a>",
]
SITE = SiteInfo("Site", "", "", "ar", "en")
hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=30).map("".join)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(hostile_text, hostile_text)
def test_rendered_blocks_hold_only_allowed_tags_and_safe_links(source: str, target: str) -> None:
    catalog = polib.POFile()
    catalog.metadata = {"Language": "en", "X-Source-Language": "ar", "X-Article-Id": "a", "X-Article-Outlet": source}
    catalog.append(polib.POEntry(msgctxt="title", msgid=source or "t", msgstr=target))
    catalog.append(polib.POEntry(msgctxt="b-1", msgid=source or "s", msgstr=target, comment="kind: paragraph"))
    html = render_article(article_page(catalog, "a", "ar", "en"), SITE)
    tree = lxml.html.document_fromstring(html)
    texts = tree.find_class("text") + tree.find_class("title-source") + tree.find_class("title-target")
    assert texts
    for element in (descendant for text in texts for descendant in text.iterdescendants()):
        assert element.tag in ALLOWED_TAGS | {"span"}, element.tag
        assert set(element.attrib) <= {"href", "rel", "class", "data-pagefind-ignore", "title"}
        href = element.get("href")
        assert href is None or re.match(r"(https?://|mailto:|tel:)", href.strip(), re.IGNORECASE), href
    assert [script.get("src") for script in tree.iter("script")] == ["../static/site.js"]


@given(st.text(max_size=300))
def test_any_id_gives_a_safe_file_name(article_id: str) -> None:
    slug = article_slug(article_id)
    assert slug and "/" not in slug and "\\" not in slug and ".." not in slug and not slug.startswith(".")
    assert not any(ord(character) < 32 or character == "\x7f" for character in slug)
    assert len(f"{slug}.html".encode()) < 255
