"""Saved HTML pages in, the article's blocks and metadata out, for the line rules to finish.

One parse per page (lxml, through trafilatura's loader); trafilatura finds the main content and its structure
(html_body), the page head and markup give the metadata (html_metadata). Thresholds and word lists are in
html_settings. Nothing here raises on a malformed page: a page with no content gives no lines.
"""

from __future__ import annotations

import re
import resource
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from lxml import etree
from lxml.html import HtmlElement, HtmlElementClassLookup, HTMLParser, fromstring
from trafilatura import load_html
from trafilatura.utils import HTML_PARSER, repair_faulty_html

from toolkit.clean.html_body import (
    ExtractedBlock,
    PageBlock,
    find_lead,
    join_broken_words,
    left_out,
    main_content,
    mark_embedded_posts,
    page_blocks,
    refine_hints,
    remove_non_content,
    split_collapsed,
)
from toolkit.clean.html_metadata import Found, read_metadata
from toolkit.clean.language import language_name, persian_or_urdu
from toolkit.clean.layout import count_words
from toolkit.clean.lines import Hint, SourceLine
from toolkit.clean.metadata import standalone_dateline
from toolkit.clean.settings import CleanSettings, default_settings
from toolkit.clean.text import normalize
from toolkit.scripts import count_letters, script_letters, without_forbidden_references
from toolkit.threads import PartOfTheWork

T = TypeVar("T")


@dataclass(frozen=True)
class PageExtraction:
    lines: list[SourceLine]  # main-content blocks in page order; number is the ordinal; hint what the markup said
    title: str | None
    date: str | None  # ISO yyyy-mm-dd
    byline: str | None
    outlet: str | None  # og:site_name, JSON-LD publisher, or the site name cut from the title
    language: str | None  # what the page declares, unless its script says otherwise
    provenance: dict[str, str] = field(default_factory=dict)  # field -> where on the page it was found
    left_out: list[PageBlock] = field(default_factory=list)  # the page's visible text the extractor did not keep
    url: str | None = None  # the article's own address (canonical link or og:url)
    nested_too_deep: bool = False  # elements nested past what lxml reads: the text inside them was dropped
    sections: frozenset[str] = frozenset()  # the site's sections the page links to (html_metadata._sections)


def _letters_in_script(text: str) -> tuple[int, dict[str, int]]:
    letters = count_letters(text)
    counts = {
        "arabic": script_letters(text, "arabic"),
        "han": script_letters(text, "han"),
        "kana": script_letters(text, "kana"),
        "hangul": script_letters(text, "hangul"),
    }
    return letters, counts


def page_language(
    declared: Found | None, text: str, source_language: str, settings: CleanSettings | None = None
) -> Found | None:
    """The page's language: its declaration, unless the script of its text contradicts it.

    Script evidence wins because CMS themes declare their own default (Beirut Observer's Arabic pages say
    lang="en-US"); Persian and Urdu letters tell those languages from Arabic (a page declaring another
    Arabic-script language that uses them, such as Pashto, keeps its declaration). Han text without kana is
    Chinese or Japanese by declaration, else by the project's source language, else Chinese. `settings` are the
    project's ([clean.language] holds the Persian and Urdu letters, [clean.html] the shares), the packaged ones
    by default.
    """
    settings = settings or default_settings()
    html = settings.html
    letters_count, counts = _letters_in_script(text)
    declared_code = declared.value if declared else None
    said = f"; the page declares {declared_code} ({declared.source})" if declared else ""
    if letters_count and counts["arabic"] / letters_count >= html.min_script_share:
        if code := persian_or_urdu(text, settings.language):
            if declared and declared_code != "ar" and declared_code in html.arabic_script_languages:
                return declared  # Pashto, Kurdish, Sindhi... use these letters too, and the page says which
            return Found(code, f"script check: {language_name(code, settings)} letters{said}")
        if declared and declared_code in html.arabic_script_languages:
            return declared
        return Found("ar", f"script check: Arabic script{said}")
    if letters_count and counts["kana"] and (counts["han"] + counts["kana"]) / letters_count >= html.min_script_share:
        return declared if declared_code == "ja" else Found("ja", f"script check: kana{said}")
    if letters_count and counts["hangul"] / letters_count >= html.min_script_share:
        return declared if declared_code == "ko" else Found("ko", f"script check: Hangul{said}")
    if letters_count and counts["han"] / letters_count >= html.min_script_share:
        if declared and declared_code in html.han_script_languages:
            return declared
        code = source_language if source_language in html.han_script_languages else "zh"
        return Found(code, f"script check: Han characters{said}")
    return declared


class _ParagraphTextAskedOtherwise:
    """An element of a page of many paragraphs: trafilatura asks the whole page for "//p//text()" (main_extractor
    _extract, for each candidate body), which libxml2 2.14 evaluates in time quadratic in the paragraphs (it
    checks each paragraph's text against all it found before: 7.5 s of CPU at 100,000 <p>, 0.4 s at 30,000);
    asked as "//text()[ancestor::p]", the same nodes in the same order, 0.13 s. Every other path as asked."""

    def xpath(self, _path: str, **options: object) -> object:
        return super().xpath(_SAME_NODES.get(_path, _path), **options)


_SAME_NODES = {"//p//text()": "//text()[ancestor::p]"}


class _PageElement(_ParagraphTextAskedOtherwise, HtmlElement):
    pass


class _PageElementLookup(HtmlElementClassLookup):
    """lxml.html's classes (a form's, an input's), each with the mixin; _PageElement for every other element."""

    def __init__(self) -> None:
        super().__init__(mixins=[("*", _ParagraphTextAskedOtherwise)])

    def lookup(self, node_type: str, document: object, namespace: str | None, name: str) -> type | None:
        found = super().lookup(node_type, document, namespace, name)
        return _PageElement if found is HtmlElement else found


# trafilatura's parser, allowed lxml's huge_tree: nesting up to 2,048 levels instead of 256. Pages of unclosed
# <font>, <b> or <div> tags (old CMS output) pass 256, and libxml2 drops whatever lies deeper without a word.
# Its elements ask trafilatura's paragraph XPath otherwise; a page of many paragraphs is parsed by it too.
_DEEP_PARSER = HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
)
_DEEP_PARSER.set_element_class_lookup(_PageElementLookup())
# Past this many paragraphs libxml2's quadratic time shows (0.04 s at 10,000, 0.4 s at 30,000); below it a page
# is parsed through trafilatura's own loader, as every page was.
_MANY_PARAGRAPHS = 20_000
_PARAGRAPH_TAG = re.compile(r"<p[\s>]", re.IGNORECASE)


def _hit_depth_limit(parser: HTMLParser) -> bool:
    return any("Excessive depth" in entry.message for entry in parser.error_log)


# A start tag holding more attributes than any page's: libxml2 checks each attribute against those before it,
# and the extractors walk them again, so cleaning took the square of their number (60,000 on one <div>, a
# 400 kB page: 38 s of CPU; 100,000: minutes). Only a tag longer than _LONG_TAG's bound is looked into, so the
# scan is one pass; its attributes past the first _MAX_ATTRIBUTES go, none of them text a reader sees.
_MAX_ATTRIBUTES = 512
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{8192,}>")
_TAG_NAME = re.compile(r"<[A-Za-z][^\s/>]*")
_ATTRIBUTE = re.compile(r"""[^\s=>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?""")


def _fewer_attributes(tag: re.Match[str]) -> str:
    text = tag.group()
    name = _TAG_NAME.match(text)
    attributes = _ATTRIBUTE.findall(text, name.end() if name else 1, len(text) - 1)
    if len(attributes) <= _MAX_ATTRIBUTES:
        return text
    return f"{name.group() if name else '<'} {' '.join(attributes[:_MAX_ATTRIBUTES])}>"


def _parse(html: str) -> tuple[HtmlElement | None, bool]:
    """The page's tree, and whether elements nested too deep to read were dropped from it."""
    if _many_paragraphs(html):
        return _parse_deep(html, None)
    try:
        tree = load_html(html)
    except (ValueError, TypeError):
        return None, False
    if tree is None or not _hit_depth_limit(HTML_PARSER):
        return tree, False
    return _parse_deep(html, tree)


# How deep a page read by _DEEP_PARSER keeps its wrappers, and its blocks: as deep as lxml's usual parser reads,
# and a little more. Each level below the root is a frame of every recursive walk of the tree (trafilatura's
# lists and tables, the headline's text), and a page of nested lists or spans 600 to 2,048 deep went past
# Python's recursion limit: "internal error (RecursionError)", its article not cleaned.
_DEEPEST_WRAPPER = 256
_DEEPEST_BLOCK = _DEEPEST_WRAPPER + 64
# What only wraps text, and goes first where a page is too deep: unclosed <font>, <b> or <div> tags of old CMS
# output make the depth, while the paragraphs, items and cells inside them stay blocks of their own.
_WRAPPERS = (
    *("font", "span", "b", "strong", "i", "em", "u", "small", "big", "center", "div", "section", "article"),
    *("a", "abbr", "cite", "mark", "s", "strike", "sub", "sup", "tt", "nobr", "ins", "del", "q", "time", "label"),
)


def _elements_holding_elements_at(tree: HtmlElement, level: int) -> list[HtmlElement]:
    """The elements `level` levels down (the root is level 1) that hold elements of their own."""
    found: list[HtmlElement] = []
    depth = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        if depth == level and len(element):
            found.append(element)
    return found


def _within_depth(tree: HtmlElement) -> HtmlElement:
    """The tree with no wrapper deeper than _DEEPEST_WRAPPER, their text and children kept in place, and nothing
    deeper than _DEEPEST_BLOCK (blocks in blocks: lists in lists), whose tags go too."""
    for level, tags in ((_DEEPEST_WRAPPER, _WRAPPERS), (_DEEPEST_BLOCK, ("*",))):
        deep = _elements_holding_elements_at(tree, level)
        if not deep:
            break  # nothing at this level holds elements, so nothing lies deeper: no second walk of the tree
        for element in deep:
            etree.strip_tags(element, *tags)
    return tree


def _many_paragraphs(html: str) -> bool:
    return sum(1 for _ in islice(_PARAGRAPH_TAG.finditer(html), _MANY_PARAGRAPHS + 1)) > _MANY_PARAGRAPHS


def _parse_deep(html: str, tree: HtmlElement | None) -> tuple[HtmlElement | None, bool]:
    """The page parsed by _DEEP_PARSER, and whether it too dropped elements nested too deep; `tree`, trafilatura's
    parse of it (if any), with True when it cannot be."""
    try:
        # Prepared as load_html prepares every other page (characters XML forbids out, a faulty doctype mended).
        repaired = repair_faulty_html(html, html[:50].lower())
        deeper = fromstring(repaired.encode("utf-8", "surrogatepass"), parser=_DEEP_PARSER)
    except (ValueError, TypeError, etree.ParserError):
        return tree, tree is not None
    return _within_depth(deeper), _hit_depth_limit(_DEEP_PARSER)


def _lines(title: str | None, lead: str | None, blocks: list[ExtractedBlock]) -> list[SourceLine]:
    if not blocks and not lead:
        return []
    title_key = normalize(title) if title else None
    lines = [SourceLine(1, title, "title")] if title else []
    body = ([ExtractedBlock("lead", lead)] if lead else []) + blocks
    for block in body:
        key = normalize(block.text)
        if key == title_key or (block.hint == "title" and title_key and (key in title_key or title_key in key)):
            continue  # the headline trafilatura kept in the body (maybe with a kicker or site name): the title line
        hint = "heading" if block.hint == "title" else block.hint
        lines.append(SourceLine(len(lines) + 1, block.text, hint))
    return lines


def _inserted(lines: list[SourceLine], at: int, text: str, hint: Hint | None) -> list[SourceLine]:
    texts = [(line.text, line.hint) for line in lines]
    texts.insert(at, (text, hint))
    return [SourceLine(number, text, hint) for number, (text, hint) in enumerate(texts, start=1)]


def _dek_block(visible: list[PageBlock], kept: list[str], settings: CleanSettings) -> PageBlock | None:
    """The block under the page's <h1> that its markup calls a dek ([html] dek_box_tokens: "sub-headline",
    "field-subtitle", "standfirst") and that has [lines] dek_min_words words, when the extractor left it out: without
    a description naming it, trafilatura often takes it for the header's chrome. The line rules judge it as they
    judge raw text's (layout.dek_under_headline). None once the body has begun (a long block the extractor kept)."""
    start = next((index + 1 for index, block in enumerate(visible) if block.element.tag == "h1"), None)
    if start is None:
        return None
    limits = settings.lines
    for block in visible[start : start + settings.html.dek_lookahead_blocks]:
        if count_words(block.text, limits.cjk_chars_per_word) < limits.dek_min_words:
            continue
        missed = left_out([block], kept)
        if not missed:
            return None
        if _in_dek_box(block.element, settings.html.dek_box_tokens):
            return missed[0]
    return None


def _in_dek_box(element: etree._Element, tokens: tuple[str, ...]) -> bool:
    """Whether the element or its parent (a <p> in its box) has a class or id naming a dek."""
    boxes = (element, element.getparent()) if element.getparent() is not None else (element,)
    names = " ".join(f"{box.get('class') or ''} {box.get('id') or ''}" for box in boxes).lower()
    return any(token in names for token in tokens)


def _dateline_block(
    visible: list[PageBlock], kept: list[str], title: str | None, settings: CleanSettings
) -> PageBlock | None:
    """An agency dateline ("(أبوظبي - البيان)") the extractor left out, alone in its element a few blocks below
    the headline."""
    start = 0
    if title:
        key = normalize(title)
        start = next((index + 1 for index, block in enumerate(visible) if normalize(block.text) == key), 0)
    words = settings.lines.dateline_agency_max_words
    below = visible[start : start + settings.html.dateline_lookahead_blocks]
    candidates = [block for block in below if standalone_dateline(block.text, settings.patterns, words)]
    return next(iter(left_out(candidates, kept)), None)


def extract_page(
    html: str, source_language: str, settings: CleanSettings | None = None, *, with_left_out: bool = False
) -> PageExtraction:
    """The page's main content as hinted lines (title first), and its metadata with where each field came from.

    `settings` are the project's cleaner settings (its [clean] overrides laid over the packaged ones, [clean.html]
    and [clean.dates] included); the packaged ones by default. `with_left_out` lists the page's visible text the
    extractor did not keep, with their place in the page: an explanation's, a page has a few hundred of them.
    """
    soft, _ = resource.getrlimit(resource.RLIMIT_STACK)
    if soft == resource.RLIM_INFINITY or soft >= _EXTRACTION_STACK_BYTES:
        return _extract_page(html, source_language, settings, with_left_out)
    return _on_a_stack_of_its_own(lambda: _extract_page(html, source_language, settings, with_left_out))


# The C stack a page nested as deep as the parser reads (2,048) takes through lxml and the extractors (justext
# walks the tree by SAX, C calls at each level): about half of Linux's usual 8 MB. Under a lower stack limit
# (`ulimit -s 512`) a page nested 2,000 deep crashed the run, SIGSEGV and no word; such a page is then read in a
# thread of this stack, which the limit on the main thread's does not bound.
_EXTRACTION_STACK_BYTES = 8 * 1024 * 1024
_STACK_SIZE_SETTING = threading.Lock()  # threading.stack_size is for every thread started while it is set


def _on_a_stack_of_its_own(work: Callable[[], T]) -> T:
    with _STACK_SIZE_SETTING:
        previous = threading.stack_size(_EXTRACTION_STACK_BYTES)
        try:
            thread = PartOfTheWork(work, "page extraction")
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    return thread.result


def _extract_page(
    html: str, source_language: str, settings: CleanSettings | None, with_left_out: bool
) -> PageExtraction:
    settings = (settings or default_settings()).for_language(source_language)
    html = without_forbidden_references(_LONG_TAG.sub(_fewer_attributes, html))
    tree, nested_too_deep = _parse(html)
    if tree is None or nested_too_deep:
        return PageExtraction(
            lines=[], title=None, date=None, byline=None, outlet=None, language=None, nested_too_deep=nested_too_deep
        )
    metadata = read_metadata(tree, settings)
    remove_non_content(tree, settings.html)
    join_broken_words(tree)
    visible = page_blocks(tree)
    blocks = split_collapsed(main_content(tree, settings.html), visible)
    lead = find_lead(tree, metadata.description, blocks, settings.html)
    title = metadata.title.value if metadata.title else None
    hinted = mark_embedded_posts(refine_hints(tree, blocks, settings.html, visible), visible, settings.html)
    lines = _lines(title, lead, hinted)
    under_headline = 1 if title else 0
    if not lead and (dek := _dek_block(visible, [line.text for line in lines], settings)):
        lines = _inserted(lines, under_headline, dek.text, "dek")
        under_headline += 1
    if dateline := _dateline_block(visible, [line.text for line in lines], title, settings):
        # Set apart above the dispatch, the extractor takes it for chrome: it goes under the headline (and its
        # dek), where the line rules find a dateline in raw text too.
        lines = _inserted(lines, under_headline, dateline.text, None)
    left = left_out(visible, [line.text for line in lines]) if with_left_out else []
    sample = " ".join(line.text for line in lines)[: settings.html.language_sample_chars]
    language = page_language(metadata.declared_language, sample, source_language, settings)
    found = {
        "title": metadata.title,
        "date": metadata.date,
        "byline": metadata.byline,
        "outlet": metadata.outlet,
        "language": language,
        "url": metadata.url,
    }
    provenance = {name: value.source for name, value in found.items() if value is not None}
    if lead:
        provenance["lead"] = "page element matching the page's description (missed by the extractor)"
    return PageExtraction(
        lines=lines,
        title=title,
        date=metadata.date.value if metadata.date else None,
        byline=metadata.byline.value if metadata.byline else None,
        outlet=metadata.outlet.value if metadata.outlet else None,
        language=language.value if language else None,
        provenance=provenance,
        left_out=left,
        url=metadata.url.value if metadata.url else None,
        sections=metadata.sections,
    )
