"""Title, date, byline, outlet and declared language from a parsed page, each with where it was found.

Read straight from the lxml tree the extractor also uses (one parse per page): the page head (Open Graph,
<meta>, JSON-LD) is the publisher's own statement and beats guessing from the body; htmldate is the fallback
for the date.
"""

from __future__ import annotations

import datetime
import json
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from htmldate import find_date as htmldate_find_date
from lxml import etree
from lxml.html import HtmlElement

from toolkit.clean.html_settings import HtmlSettings
from toolkit.clean.layout import count_words, stems
from toolkit.clean.metadata import (
    CleanTitle,
    SiteEvidence,
    byline_name,
    find_date,
    is_declared_name,
    is_label,
    is_outlet_name,
    name_after_place,
    name_before_date,
    name_before_outlet,
    signs_as_byline,
    strip_site_name,
)
from toolkit.clean.patterns import Patterns, one_of
from toolkit.clean.settings import CleanSettings
from toolkit.clean.text import normalize, tidy
from toolkit.model import web_address
from toolkit.scripts import primary_language


@dataclass(frozen=True)
class Found:
    value: str
    source: str  # where on the page the value was read, for --explain


@dataclass(frozen=True)
class PageMetadata:
    title: Found | None
    date: Found | None
    byline: Found | None
    outlet: Found | None
    declared_language: Found | None
    description: str | None  # the publisher's summary: usually the lead, sometimes cut off with "..."
    url: Found | None = None  # the article's own address: <link rel="canonical">, else og:url
    sections: frozenset[str] = frozenset()  # the site's sections the page links to or declares (`_sections`)


def _literal(text: str) -> str:
    """`text` as an XPath 1.0 string literal: a token from toolkit.toml may hold either quote ("author's")."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ', "\'", '.join(f"'{part}'" for part in text.split("'")) + ")"


def _any_of(tests: Iterable[str]) -> str:
    """The XPath tests joined by `or`; none (a list emptied in toolkit.toml) is false, not an expression that
    does not parse."""
    return " or ".join(tests) or "false()"


def _class_test(tokens: tuple[str, ...]) -> str:
    return _any_of(f"contains(@class, {_literal(t)}) or contains(@id, {_literal(t)})" for t in tokens)


def _class_xpath(tokens: tuple[str, ...], scope: str) -> etree.XPath:
    return etree.XPath(f"{scope}[{_class_test(tokens)}]")


# Labels under a country's top-level domain that name no site (almasryalyoum.com.eg, bbc.co.uk).
_SECOND_LEVEL_LABELS = {"com", "co", "net", "org", "gov", "edu", "ac", "www"}
# Where a byline came from when a JSON-LD object names the author.
_JSON_LD_AUTHOR = "JSON-LD author"
_THE = re.compile(r"^the ")
_URL = re.compile(r"^(?:https?:)?//|^www\.", re.IGNORECASE)
# What XPath's normalize-space() folds: XML's four whitespace characters, not every Unicode space.
_XML_SPACE = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class MetadataFinders:
    """The project's settings compiled into what reads a page's metadata: built once per settings."""

    html: HtmlSettings
    patterns: Patterns  # the cleaner's own: dates, title separators and byline openers, as in raw text
    byline_openers: tuple[str, ...]  # the byline words as a page may print them, for the text search
    byline_opening: re.Pattern[str]  # text that opens with any of them
    body_texts: etree.XPath
    date_boxes_after_headline: etree.XPath
    texts_after_headline: etree.XPath
    texts_before_headline: etree.XPath
    byline_boxes_after_headline: etree.XPath
    byline_boxes: etree.XPath
    updated_stamp: re.Pattern[str]  # a date box's words that say it gives the last update, not the publication
    not_byline_box: etree.XPath  # a box of byline_boxes that names a commenter or holds a biography
    byline_name_elements: etree.XPath  # the element of a byline box that holds the name alone (itemprop="name")
    non_content_ancestor: etree.XPath  # metadata is read before scripts go (JSON-LD is one): text skips them
    page_chrome_ancestors: etree.XPath  # the site's header and menus: the top bar prints today's date
    settings: CleanSettings  # the title finder and the site-name test are the cleaner's own, as in raw text

    @classmethod
    def build(cls, settings: CleanSettings) -> MetadataFinders:
        html, patterns = settings.html, settings.patterns
        openers = {variant for word in settings.byline_words for variant in (word, word.capitalize())}
        return cls(
            html=html,
            patterns=patterns,
            byline_openers=tuple(sorted(openers, key=len, reverse=True)),
            byline_opening=re.compile(one_of(sorted(openers, key=len, reverse=True))),
            body_texts=etree.XPath("//body//text()"),
            date_boxes_after_headline=_class_xpath(html.date_box_tokens, "following::*"),
            texts_after_headline=etree.XPath("following::text()"),
            texts_before_headline=etree.XPath("preceding::text()"),
            byline_boxes_after_headline=_class_xpath(html.byline_box_tokens, "(//h1)[1]/following::*"),
            byline_boxes=_class_xpath(html.byline_box_tokens, "//body//*"),
            updated_stamp=re.compile(one_of(normalize(word) for word in html.updated_date_words)),
            not_byline_box=_class_xpath(html.not_byline_box_tokens, "self::*"),
            byline_name_elements=etree.XPath(f".//*[@itemprop='name' or {_class_test(html.byline_name_tokens)}]"),
            non_content_ancestor=etree.XPath(
                "ancestor-or-self::*[" + _any_of(f"name() = {_literal(tag)}" for tag in html.non_content_tags) + "]"
            ),
            page_chrome_ancestors=etree.XPath("ancestor-or-self::*[self::header or self::nav]"),
            settings=settings,
        )


def _text(element: HtmlElement) -> str:
    return tidy(element.text_content())


def _broken_text(element: HtmlElement) -> str:
    """The element's text with a space for each <br>: a headline set on two lines ("WEEKEND<br>CODING AGENT")."""
    return tidy("".join(_broken_pieces(element)))


def _broken_pieces(element: HtmlElement) -> Iterator[str]:
    yield " " if element.tag == "br" else element.text or ""
    for child in element:
        if isinstance(child.tag, str):
            yield from _broken_pieces(child)
        yield child.tail or ""


def _name_text(element: HtmlElement) -> str:
    """A name element's text; schema.org's <meta itemprop="name" content="..."> holds it in its content."""
    return tidy(element.get("content") or "") if element.tag == "meta" else _spaced_text(element)


def _spaced_text(element: HtmlElement) -> str:
    """The element's text with a space where one element ends and the next begins: a byline box prints the name,
    the date and "5 min read" in elements of their own, which text_content() runs together ("PennSep 21")."""
    return tidy(_spaced(list(element.itertext())))


# Arabic writes its one-letter conjunctions and prepositions joined to the next word: a "و" right before an element
# ("<a>بيسان كساب</a> و<a>أحمد بكر</a>") joins the first word the element holds.
_PROCLITIC_END = re.compile(r"(?:^|\s)[وفبلك]$")


def _spaced(pieces: list[str]) -> str:
    """Text pieces of elements side by side, a space between two unless the first ends with a one-letter proclitic
    written against the next element."""
    spaced = ""
    for piece in pieces:
        # The proclitic and the blank before it are all that is looked at: searched whole, the text grown so far
        # made a box of thousands of elements take seconds to read.
        spaced += piece if _PROCLITIC_END.search(spaced[-2:]) else f" {piece}"
    return spaced


def _meta_values(tree: HtmlElement) -> dict[str, list[str]]:
    """Every <meta> content by its lower-cased name, property, itemprop or http-equiv, in page order."""
    values: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        content = tidy(meta.get("content") or "")
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attribute)
            if key:
                values.setdefault(key.strip().lower(), []).append(content)
    return values


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict]:
    """Every JSON object in the page's JSON-LD blocks, @graph members included; broken blocks are skipped."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except (ValueError, RecursionError):  # broken, or nested deeper than Python's stack
            continue
        pending = [data]
        while pending:
            item = pending.pop(0)
            if isinstance(item, list):
                pending[:0] = item
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    pending[:0] = item["@graph"]


def _types(item: dict) -> list[str]:
    kind = item.get("@type")
    return [kind] if isinstance(kind, str) else [k for k in kind or [] if isinstance(k, str)]


def _article_object(objects: list[dict], finders: MetadataFinders) -> dict | None:
    for wanted in finders.html.article_types:
        for item in objects:
            if wanted in _types(item):
                return item
    return None


def _names(value: object) -> list[str]:
    """Names in a JSON-LD person or organization field: a string, an object with a name, or a list of them."""
    if isinstance(value, str):
        return [tidy(value)] if value.strip() else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _date_in(text: str, finders: MetadataFinders) -> str | None:
    found = find_date(text, finders.patterns)
    return found.iso if found else None


def _first(metas: dict[str, list[str]], *keys: str) -> Found | None:
    for key in keys:
        for value in metas.get(key, []):
            return Found(value, f"meta {key}")
    return None


def _outlet(metas: dict[str, list[str]], article: dict | None, objects: list[dict]) -> Found | None:
    for value in metas.get("og:site_name", []):
        if not _URL.match(value):
            return Found(value, "og:site_name")
    publishers = _names(article.get("publisher")) if article else []
    if not publishers:
        publishers = [name for item in objects if "Organization" in _types(item) for name in _names(item)]
    if publishers:
        return Found(publishers[0], "JSON-LD publisher")
    return _first(metas, "application-name")


def _title(
    tree: HtmlElement,
    metas: dict[str, list[str]],
    site_names: list[str],
    sections: frozenset[str],
    home: frozenset[str],
    finders: MetadataFinders,
) -> tuple[Found | None, CleanTitle | None, str | None]:
    """The headline and where it was found, what the title finder cut from the page's title, and which title
    that was (the site's name it cut is the outlet's evidence)."""
    social = [Found(value, source) for source in ("og:title", "twitter:title") for value in metas.get(source, [])]
    page_titles = [Found(text, "<title>") for element in tree.iter("title") if (text := _text(element))]
    stated = [*social, *page_titles]
    # An <h1> that is a shorter segment of the page's title and a link is the site's name set as a logo
    # ("Reflections on Building a UI Pipeline | Playful Tones" over a linked <h1> "Playful Tones").
    segments = sorted(finders.patterns.title_split.split(stated[0].value)[0::2], key=len)[:-1] if stated else []
    logos = {key for segment in segments if (key := normalize(segment)) in sections}
    headlines = [text for h1 in tree.iter("h1") if (text := _broken_text(h1)) and normalize(text) not in logos]
    evidence = SiteEvidence(
        declared=tuple(site_names),
        headlines=tuple(normalize(text) for text in headlines),
        sections=sections,
        home=home,
    )
    # The headline the page prints beats the title it gives search engines and social cards ("Top 10 Picks" in
    # og:title, "(tested by experts)" on the page), when it is the same story's: an <h1> that shares few words
    # with the page's title is a logo, a menu heading or another story.
    if stated:
        reference = strip_site_name(stated[0].value, evidence, finders.settings)
        # og:title often leaves out the site's name that <title> carries: the first stated title that has one.
        cuts = ((strip_site_name(found.value, evidence, finders.settings), found.source) for found in stated)
        named, named_in = next(((cut, source) for cut, source in cuts if cut.site_name), (reference, stated[0].source))
        agreeing = (text for text in headlines if normalize(text) not in site_names)
        if printed := next((text for text in agreeing if _agrees(text, reference.title, finders)), None):
            cleaned = strip_site_name(printed, evidence, finders.settings)
            source = f"h1, agreeing with {stated[0].source}"
            if cleaned.site_name or not named.site_name:
                return Found(cleaned.title, source + cleaned.note()), cleaned, "h1"
            # The site's name a stated title carries is still the outlet's evidence.
            cut = CleanTitle(cleaned.title, named.site_name, named.evidence, cleaned.sections)
            return Found(cleaned.title, source + cleaned.note()), cut, named_in
    candidates = [*social, *[Found(text, "h1") for text in headlines], *page_titles]
    for candidate in candidates:
        cleaned = strip_site_name(candidate.value, evidence, finders.settings)
        # Not a logo in an <h1>, nor an og:title left at the site's name.
        if cleaned.title and normalize(cleaned.title) not in site_names:
            return Found(cleaned.title, candidate.source + cleaned.note()), cleaned, candidate.source
    return None, None, None


def _timestamp(value: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _page_offset(tree: HtmlElement) -> datetime.timedelta | None:
    """The time zone the page writes its own times in: the first <time datetime> with an offset other than UTC."""
    for time in tree.iter("time"):
        stamp = _timestamp(time.get("datetime") or "")
        if stamp and (offset := stamp.utcoffset()):
            return offset
    return None


def _stated_date(value: str, source: str, tree: HtmlElement, finders: MetadataFinders) -> Found | None:
    """The day a publication time in the page's head gives. A time in UTC ("2025-12-19T02:41:41+00:00") is
    taken to the time zone the page prints its other times in, when it does: the publisher's readers saw the
    evening before (WCXB 0479; elbaladtv's head is a day early in the same way)."""
    iso = _date_in(value, finders)
    stamp = _timestamp(value)
    if iso and stamp and stamp.utcoffset() == datetime.timedelta(0) and (offset := _page_offset(tree)):
        local = (stamp + offset).date().isoformat()
        if local != iso:
            hours = offset.total_seconds() / 3600
            return Found(local, f"{source}, in UTC, taken to the page's time zone (UTC{hours:+g})")
    return Found(iso, source) if iso else None


def _agrees(headline: str, title: str, finders: MetadataFinders) -> bool:
    stemmer = finders.patterns.stemmer
    words, stated = stems(normalize(headline), stemmer), stems(normalize(title), stemmer)
    # Shared words over both texts' (Dice): a site's name in an <h1> shares a word with a headline about its town,
    # but that word is a small share of the headline's.
    return bool(words) and 2 * len(words & stated) >= finders.html.headline_min_shared * (len(words) + len(stated))


def _sections(tree: HtmlElement, metas: dict[str, list[str]], finders: MetadataFinders) -> frozenset[str]:
    """The sections of the site the page names: its menus' and breadcrumbs' short links, and the section its head
    declares (article:section, JSON-LD articleSection). A title's last segment that is one of them ("| Opinion")
    is no part of the headline."""
    longest = finders.settings.title.site_name_max_words
    names = {normalize(_text(link)) for link in tree.iter("a")}
    names.update(normalize(value) for value in metas.get("article:section", []))
    return frozenset(name for name in names if name and len(name.split()) <= longest)


def _address_parts(address: str) -> SplitResult | None:
    """`address` split as urlsplit splits it; None where it cannot ("http://[": a bracket opens a host no parser
    reads, though the page's own address passes model.web_address with it)."""
    try:
        return urlsplit(address)
    except ValueError:
        return None


def _home_link_names(tree: HtmlElement, own_address: Found | None) -> frozenset[str]:
    """The names of the page's links to its site's home page ("/", or the root of its own address's host): the
    logo's is the site's name. A page saved by Chromium as MHTML has lost its JSON-LD (scripts are not kept), and a
    site that sets no og:site_name names itself there and in its <title> only ("... | بوابة الوسط")."""
    own = _address_parts(own_address.value) if own_address else None
    own_hosts = {own.netloc.lower()} if own else set()
    names = set()
    for link in tree.iter("a"):
        href = (link.get("href") or "").strip()
        address = _address_parts(href) if href and not href.startswith("#") else None
        if address is None:
            continue
        on_this_site = not address.netloc or address.netloc.lower() in own_hosts
        if on_this_site and address.path in ("", "/") and not address.query and (address.netloc or address.path):
            names.add(normalize(_text(link)))
    return frozenset(name for name in names if name)


def _head_date(
    tree: HtmlElement, metas: dict[str, list[str]], article: dict | None, finders: MetadataFinders
) -> Found | None:
    if (
        article
        and isinstance(article.get("datePublished"), str)
        and (found := _stated_date(article["datePublished"], "JSON-LD datePublished", tree, finders))
    ):
        return found
    for key in finders.html.date_meta_keys:
        for value in metas.get(key, []):
            if found := _stated_date(value, f"meta {key}", tree, finders):
                return found
    return None


def _published_time(tree: HtmlElement, finders: MetadataFinders) -> Found | None:
    for time in tree.iter("time"):
        published = time.get("itemprop") == "datePublished" or "publish" in (time.get("class") or "")
        if published and (iso := _date_in(time.get("datetime") or _text(time), finders)):
            return Found(iso, "<time datetime>")
    return None


@dataclass(frozen=True)
class _Headline:
    """Where the page prints its headline: the landmark of the date printed near it."""

    element: HtmlElement
    matched: bool  # the element prints the title; else it is only the first <h1> (maybe a logo)


def _headline(tree: HtmlElement, title: Found | None) -> _Headline | None:
    """The first heading that prints the title, else the first <h1>: a logo in the first <h1> sits above the top
    bar's date (today's), the headline below it."""
    wanted = normalize(title.value) if title else ""
    headings = tree.xpath("//h1 | //h2 | //h3")
    for heading in headings if wanted else ():
        if wanted in normalize(_broken_text(heading)):
            return _Headline(heading, matched=True)
    first = tree.find(".//h1")
    return _Headline(first, matched=False) if first is not None else None


def _in_page_chrome(node: HtmlElement, headline: _Headline, finders: MetadataFinders) -> bool:
    """Whether `node` is in the site's header or menus (a <header> holding the headline is the article's own)."""
    return any(
        not (headline.matched and chrome in headline.element.iterancestors())
        for chrome in finders.page_chrome_ancestors(node)
    )


def _date_of(
    text: str, element: HtmlElement | None, headline: _Headline, finders: MetadataFinders, *, updated: bool
) -> str | None:
    """The date a short text near the headline prints (`element` holds it), or None: a long text, one in a script
    or the site's chrome, or an update stamp (unless `updated`, and then only one) gives none."""
    if (
        text
        and len(text) <= finders.html.max_date_box_chars
        and element is not None
        and not finders.non_content_ancestor(element)
        and not _in_page_chrome(element, headline, finders)
        and updated == bool(finders.updated_stamp.search(normalize(text)))
    ):
        return _date_in(text, finders)
    return None


def _printed_date(headline: _Headline | None, finders: MetadataFinders, *, updated: bool) -> Found | None:
    """The date the page prints under its headline: in a date box, else in a short text among the first few
    after it. An update stamp ("Updated on: October 28, 2024") counts only with `updated`."""
    if headline is None:
        return None
    for box in finders.date_boxes_after_headline(headline.element):
        text = _text(box)
        if iso := _date_of(text, box, headline, finders, updated=updated):
            return Found(iso, f"date line after the headline ({text})")
    for node in finders.texts_after_headline(headline.element)[: finders.html.date_text_lookahead]:
        text = tidy(node)
        if iso := _date_of(text, node.getparent(), headline, finders, updated=updated):
            return Found(iso, f"date text after the headline ({text})")
    return None


def _date_above_headline(headline: _Headline | None, finders: MetadataFinders) -> Found | None:
    """The date printed in one of the few short texts just above the headline ("Von Moritz Bachmann publiziert am
    25. September 2018" over the <h1>): after htmldate's guess, for the site's top bar prints today's date there."""
    if headline is None or not headline.matched:
        return None
    texts = [node for node in reversed(finders.texts_before_headline(headline.element)) if node.strip()]
    for node in texts[: finders.html.date_text_lookbehind]:
        text = tidy(node)
        if iso := _date_of(text, node.getparent(), headline, finders, updated=False):
            return Found(iso, f"date text above the headline ({text})")
    return None


def _guessed_date(tree: HtmlElement) -> Found | None:
    try:
        with warnings.catch_warnings():  # dateutil warns on stderr about time zone names it does not know
            warnings.simplefilter("ignore")
            # Not its extensive search: its last resort, dateparser, takes a second or two a page.
            found = htmldate_find_date(tree, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except (ValueError, TypeError, AssertionError):  # lxml's drop_tree asserts on a fragment's root element
        found = None
    return Found(found, "htmldate") if found else None


def _any_time(tree: HtmlElement, finders: MetadataFinders) -> Found | None:
    for time in tree.iter("time"):
        if iso := _date_in(time.get("datetime") or "", finders):
            return Found(iso, "<time datetime>")
    return None


def _date(
    tree: HtmlElement,
    metas: dict[str, list[str]],
    article: dict | None,
    headline: _Headline | None,
    finders: MetadataFinders,
) -> Found | None:
    """The publication date, from the most to the least trusted evidence: what the head states, a <time> marked
    as the publication's, the date printed under the headline (htmldate prefers the latest date it finds: WCXB
    4659 prints "April 26, 2024", then "Updated on: October 28, 2024"), htmldate's guess, the date printed just
    above the headline, the last update the page prints, any <time>."""
    steps = (
        lambda: _head_date(tree, metas, article, finders),
        lambda: _published_time(tree, finders),
        lambda: _printed_date(headline, finders, updated=False),
        lambda: _guessed_date(tree),
        lambda: _date_above_headline(headline, finders),
        lambda: _printed_date(headline, finders, updated=True),
        lambda: _any_time(tree, finders),
    )
    return next((found for step in steps if (found := step()) is not None), None)


def _clean_byline(text: str, declared: tuple[str, ...], finders: MetadataFinders, *, source: str) -> str | None:
    """The byline a candidate from `source` gives, or None. A site's name counts only where the page prints it
    or its JSON-LD names it the author ("Resy Staff", a company's own blog): in <meta> it is what a CMS fills in
    by default."""
    text = tidy(text)
    text = byline_name(text, finders.patterns) or text
    text = name_before_date(text, finders.patterns)
    if not any(char.isalpha() for char in text):  # "|", a separator box between the name and the date
        return None
    if len(text) > finders.html.max_byline_chars or _URL.match(text) or is_label(text, finders.patterns):
        return None
    if any(word in text.casefold() for word in finders.html.not_byline_words):
        return None
    if finders.patterns.editor_credit.match(normalize(text)):  # the desk's credit, not the reporter's
        return None
    text = name_after_place(text, finders.patterns, finders.settings.lines)
    names, comma, outlet = text.rpartition(",")
    if comma and _is_site_name(outlet, declared, finders):
        # "Manoj Jain and Jagpreet Chhatwal, The Commercial Appeal": the writers, then the paper they write for.
        text = names.strip()
        if not text:  # ", USA TODAY": the paper's name alone, where the CMS left the writer's empty
            return None
    else:
        text = _without_trailing_site_name(text, declared, finders)
    # Printed or in JSON-LD, the paper beside a writer or a place is no writer, but the paper's staff ("Resy
    # Staff") is; in <meta> the site's name alone is what a CMS fills in.
    text = name_before_outlet(text, declared, finders.settings)
    if text is None or (source.startswith("meta ") and is_declared_name(text, declared, finders.settings)):
        return None
    return text


def _is_site_name(text: str, declared: tuple[str, ...], finders: MetadataFinders, *, whole: bool = False) -> bool:
    """Whether a byline's part is the site's name, spaced as the page spells it or as its address runs the words
    together ("The Commercial Appeal", commercialappeal.com); `whole`: the name and nothing more, with or
    without its article ("Resy Staff" is not "Resy")."""
    if whole:
        key = _THE.sub("", normalize(text)).replace(" ", "")
        return key in {_THE.sub("", name).replace(" ", "") for name in declared}
    compact = tuple(name.replace(" ", "") for name in declared)
    return is_declared_name(text, declared, finders.settings) or is_declared_name(
        normalize(text).replace(" ", ""), compact, finders.settings
    )


def _without_trailing_site_name(text: str, declared: tuple[str, ...], finders: MetadataFinders) -> str:
    """ "Brian Truitt USA TODAY" -> "Brian Truitt": a byline box prints the paper's name in an element after the
    writer's. Only the whole name counts here (a word of it may be the writer's)."""
    words = text.split()
    compact = {name.replace(" ", "") for name in declared}
    for count in range(min(len(words) - 1, finders.settings.title.site_name_max_words), 0, -1):
        tail = normalize(" ".join(words[-count:]))
        if tail in declared or tail.replace(" ", "") in compact:
            return " ".join(words[:-count]).rstrip(" ,-–—|")
    return text


def _box_text(box: HtmlElement, declared: tuple[str, ...], finders: MetadataFinders) -> str:
    """A byline box's text without the outlet's name or the writer's role it prints in an element of its own after
    the writer's ("<span>نادية الشريف</span><span>بي بي سي نيوز عربي</span>", "<a>سلمى الحربي</a> مراسلة"),
    spaced as _spaced_text spaces it."""
    pieces = [text for text in box.itertext() if tidy(text)]
    name = tidy(pieces[0]) if pieces else ""
    roles = finders.patterns.byline_roles
    kept = [
        *pieces[:1],
        *(
            piece
            for piece in pieces[1:]
            if not is_outlet_name(tidy(piece), name, declared, finders.settings)
            and not all(word in roles for word in normalize(piece).split())
        ),
    ]
    return tidy(_spaced(kept)).rstrip(" ,،;|•·/-–—")  # the bar that stood between the name and the outlet


def _byline_candidates(
    tree: HtmlElement,
    metas: dict[str, list[str]],
    article: dict | None,
    declared: tuple[str, ...],
    finders: MetadataFinders,
) -> Iterator[Found]:
    """Bylines in the order they are believed: JSON-LD, the byline the page prints, rel=author, then <meta>.

    The page's own byline beats <meta>: CMSs fill meta author with the site's name or its web developer.
    """
    if article and (names := _names(article.get("author"))):
        yield Found(", ".join(names), _JSON_LD_AUTHOR)
    boxes = finders.byline_boxes_after_headline(tree) if tree.find(".//h1") is not None else finders.byline_boxes(tree)
    for box in boxes:
        if (
            len(box) <= finders.html.max_byline_box_children
            and not finders.non_content_ancestor(box)
            and not finders.not_byline_box(box)
        ):
            named = next((text for element in finders.byline_name_elements(box) if (text := _name_text(element))), None)
            where = f"byline box <{box.tag} class={box.get('class') or box.get('id')!r}>"
            if named:
                yield Found(named, f"{where}, its name element")
            else:
                yield Found(_box_text(box, declared, finders), where)
    for element in tree.xpath("//body//a[@rel='author']"):
        yield Found(_text(element), "rel=author")
    for key in finders.html.author_meta_keys:
        for value in metas.get(key, []):
            yield Found(value, f"meta {key}")
    # One pass over the page's text finds every line that opens with a byline word; they are tried opener by
    # opener (longest first), in page order, as a search per opener would find them.
    opening = [
        (spaced, text)
        for text in finders.body_texts(tree)
        if finders.byline_opening.match(spaced := _XML_SPACE.sub(" ", text).strip(" \t\r\n"))
    ]
    for opener in finders.byline_openers:
        for spaced, text in opening:
            if not spaced.startswith(opener):
                continue
            element = text.getparent()
            key = normalize(tidy(text))
            # "إعداد: ..." is a byline above the body and a credit below it: where it stands is the line rules'
            # to say, once the body is found.
            if (
                element is not None
                and _opens_a_line(text, element)
                and not finders.non_content_ancestor(element)
                and not finders.patterns.credit_after_body.match(key)
                and _signs_as_byline(tidy(text), finders)
            ):
                yield Found(str(text), f'"{opener}" line')


def _signs_as_byline(text: str, finders: MetadataFinders) -> bool:
    """Whether a line the byline search found signs the story, by the raw-text rule (metadata.signs_as_byline):
    "تقرير: المياه الجوفية في الأردن تتراجع" under the <h1> is a headline that opens with its kind, not a byline."""
    lines = finders.settings.lines
    return signs_as_byline(text, count_words(text, lines.cjk_chars_per_word), finders.patterns, lines)


def _opens_a_line(text: etree._ElementUnicodeResult, element: HtmlElement) -> bool:
    """Whether a text found by the byline search can be a byline line: not the rest of a sentence after a link
    ("... by focusing on features"), nor a link's own words ("By Category", "By State" in a shop's menu)."""
    return not text.is_tail and element.tag != "a"


def _byline(
    tree: HtmlElement,
    metas: dict[str, list[str]],
    article: dict | None,
    site_names: list[str],
    finders: MetadataFinders,
) -> Found | None:
    # JSON-LD naming the site itself the author ("BBC News", "AppleInsider") is what many CMSs fill in: the
    # writer the page prints comes first, and the site is the byline only where the page names nobody else.
    site_as_author = None
    declared = tuple(site_names)
    for candidate in _byline_candidates(tree, metas, article, declared, finders):
        if candidate.source == _JSON_LD_AUTHOR and _is_site_name(candidate.value, declared, finders, whole=True):
            site_as_author = Found(tidy(candidate.value), f"{candidate.source}, the site's own name")
        elif byline := _clean_byline(candidate.value, declared, finders, source=candidate.source):
            return Found(byline, candidate.source)
    return site_as_author


def _primary_subtag(code: str) -> str | None:
    """The language of a declaration, or None when it is not a language tag ("arabic", "x-default")."""
    primary = primary_language(code)
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _declared_language(tree: HtmlElement, metas: dict[str, list[str]]) -> Found | None:
    declarations = [
        ("html lang", tree.get("lang")),
        ("html xml:lang", tree.get("{http://www.w3.org/XML/1998/namespace}lang")),
        *[("og:locale", value) for value in metas.get("og:locale", [])],
        *[("meta content-language", value) for value in metas.get("content-language", [])],
        *[("meta language", value) for value in metas.get("language", [])],
    ]
    for source, value in declarations:
        if value and (code := _primary_subtag(value)):
            return Found(code, source)
    return None


def _description(metas: dict[str, list[str]]) -> str | None:
    for key in ("og:description", "description", "twitter:description"):
        for value in metas.get(key, []):
            return value
    return None


def _site_names(tree: HtmlElement, metas: dict[str, list[str]], outlet: Found | None) -> list[str]:
    names = [outlet.value] if outlet else []
    names += metas.get("og:site_name", []) + metas.get("application-name", [])
    for url in metas.get("og:url", []) + [link.get("href") or "" for link in tree.xpath("//link[@rel='canonical']")]:
        names.append(_domain_name(url))
    return [normalize(name) for name in names if name.strip()]


def _domain_name(url: str) -> str:
    """The name a site's address gives it: "akhbarelyom" for https://akhbarelyom.com/news/..., "sputniknews"
    for arabic.sputniknews.com, "almasryalyoum" for www.almasryalyoum.com.eg."""
    host = re.sub(r"^(?:https?:)?//", "", url.strip(), flags=re.IGNORECASE).split("/")[0].split(":")[0].lower()
    labels = [label for label in host.split(".") if label][:-1]
    while labels and labels[-1] in _SECOND_LEVEL_LABELS:
        labels.pop()
    return labels[-1] if labels else ""


def read_metadata(tree: HtmlElement, settings: CleanSettings) -> PageMetadata:
    """What the page says about itself, read as the project's settings say; a field the page does not state is
    None."""
    finders = settings.metadata_finders
    metas = _meta_values(tree)
    objects = list(_json_ld_objects(tree))
    article = _article_object(objects, finders)
    outlet = _outlet(metas, article, objects)
    site_names = _site_names(tree, metas, outlet)
    sections = _sections(tree, metas, finders)
    own_address = _own_address(tree, metas)
    title, cleaned, cut_from = _title(tree, metas, site_names, sections, _home_link_names(tree, own_address), finders)
    if outlet is None and title and cleaned and cleaned.site_name:
        outlet = Found(cleaned.site_name, f"{cut_from} site name")
        site_names.append(normalize(cleaned.site_name))
    return PageMetadata(
        title=title,
        date=_date(tree, metas, article, _headline(tree, title), finders),
        byline=_byline(tree, metas, article, site_names, finders),
        outlet=outlet,
        declared_language=_declared_language(tree, metas),
        description=_description(metas),
        url=own_address,
        sections=sections,
    )


def _own_address(tree: HtmlElement, metas: dict[str, list[str]]) -> Found | None:
    """The first absolute http(s) address the page gives itself; a relative one names no site to link to."""
    candidates = [("link rel=canonical", link.get("href") or "") for link in tree.xpath("//link[@rel='canonical']")]
    candidates += [("og:url", url) for url in metas.get("og:url", [])]
    for source, url in candidates:
        if address := web_address(url):
            return Found(address, source)
    return None
