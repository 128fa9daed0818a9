"""Pages, feed and sitemap as bytes: a translator's text goes through Markdown, then nh3, then bidi isolation;
scraped source text is only escaped and isolated, since nobody wrote Markdown in it.

Everything here is pure: the same pages and site settings give the same bytes (no clock, no disk order).
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache, lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote, urlsplit
from xml.etree.ElementTree import Element

import jinja2
import nh3
from markupsafe import Markup, escape

from toolkit.catalog.entries import article_moment
from toolkit.model import without_user_info
from toolkit.scripts import language_name, script_ranges, without_bidi_controls, without_forbidden_references
from toolkit.site.interface import (
    Interface,
    SearchedLanguage,
    autonym,
    date_in_words,
    gettext_for,
    searched_languages,
    site_interfaces,
    text_direction,
)
from toolkit.site.pages import ArticlePage, ArticleSummary, Neighbour, Pair
from toolkit.site.settings import (
    ALLOWED_LINK_SCHEMES,
    ALLOWED_TAGS,
    ARABIC_FACE_LANGUAGES,
    ARABIC_FACE_PRELOADS,
    DROPPED_WITH_CONTENT,
    FIRST_BUILD_RETRY_SECONDS,
    LATIN_LETTERS_SPELT_PLAIN,
    LINK_REL,
    SCHEMES_NEVER_SHOWN,
    SHOWN_APART,
    STATE_LABELS,
    STREAM_CHUNK_CHARS,
    UNENDING_TAG,
    UNSEEN_IN_WORDS,
)
from toolkit.store.files import folder_statuses

if TYPE_CHECKING:
    import markdown

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
ARTICLES_DIR = "articles"

# Where an article page's links to its neighbours in the list go. A page is rendered before the list's order
# is known (and is carried over while its catalog is unchanged), so the links are put in afterwards, between
# these comments: no untrusted text can hold one, since source text is escaped and Markdown's comments dropped.
LINKS_START = b"<!--article-links-->"
LINKS_END = b"<!--/article-links-->"
# What search indexes of an article page lies between these comments (toolkit/site/search.py hands Pagefind
# only that part, the elements it ignores taken out): the same guarantee holds as for the links' comments.
SEARCHED_START = b"<!--searched-->"
SEARCHED_END = b"<!--/searched-->"
# An element search ignores, with its content: a cell of the other language, a label, a permalink. None of
# them holds an element of its own kind (a cell holds paragraphs and links, never a cell), so the first end
# tag of its kind is its own; untrusted text cannot hold the attribute, since ">" is escaped in text and in
# attribute values. The content is matched a run of text at a time up to each "<" (not a character at a
# time, as a lazy ".*?" does): half the time over a page.
_SEARCH_IGNORED = re.compile(rb"<(div|p|a)\b[^>]*\sdata-pagefind-ignore>[^<]*(?:<(?!/\1>)[^<]*)*</\1>\n?")
_HTML_START = re.compile(rb"<html\b[^>]*>")
# What tells the indexed language's text from the other's in the searched part of an article page: the cells'
# opening tags and the titles' attributes, as pair_rows and article.html write them (no untrusted text can
# hold either: "<" and '"' are escaped in text and in attribute values).
_CELL_OPENING = re.compile(
    rb'(<div class="cell cell-(source|target)" lang="[^"]*" dir="[^"]*")(?: data-pagefind-ignore)?>'
)
_TITLE_MARKS = re.compile(rb'( data-pagefind-meta="(source|target)_title")(?: data-pagefind-body)?')
# The byline's, in the source language: searched with the source's title and cells (article.html).
_BYLINE_MARK = re.compile(rb'<dd class="byline"(?: data-pagefind-body)?')
_BYLINE_OPENING = b'<dd class="byline"'
_IGNORED_END = b" data-pagefind-ignore>"
# The attributes of the searched part's elements Pagefind reads nothing from (it takes the language from <html>,
# the anchors from ids and the rest from its data-pagefind- attributes): left out of what it is handed, a quarter
# of the bytes it parses, for the same index byte for byte. Matched inside a tag only: the first "<" or ">" after
# an attribute is its tag's end, and text holds neither unescaped, nor does an attribute value.
_UNREAD_ATTRIBUTE = re.compile(rb' (?:class|dir|lang|data-pair)="[^"<>]*"(?=[^<>]*>)')
# Put at the start of each pair's text in what search indexes, a word of its own, so that site.js can tell
# which pair each word of the text Pagefind gives back is in (Pagefind's anchors count words as it cuts them,
# which in a script written without spaces is letter by letter); the page's own text is given without it. An
# invisible separator: Pagefind keeps it in the text and no query holds it.
PAIR_MARK = "\u2063"
_PAIR_OPENING = re.compile(rb'<div class="pair [^"]*" data-pair="[^"]*" id="p-[^"]*">\n')
_MARKED_PAIR_START = b" %s " % PAIR_MARK.encode("utf-8")
_INDEXED = b" data-pagefind-body"
# A letter of LATIN_LETTERS_SPELT_PLAIN or a character UNSEEN_IN_WORDS, and a word holding one, in the text of what
# search indexes (tags taken out; in lower case: case-blind, "ı" would match i and I). The word is looked for from
# the start of a word only: from every place, as `\\S*` first, it went over each word once for each of its letters.
_SPELT_PLAIN_LETTERS = f"{''.join(LATIN_LETTERS_SPELT_PLAIN)}{UNSEEN_IN_WORDS}"
_PLAINLY_SPELT_LETTER = re.compile(f"[{_SPELT_PLAIN_LETTERS}]")
_PLAINLY_SPELT_WORD = re.compile(f"(?<!\\S)[^\\s{_SPELT_PLAIN_LETTERS}]*[{_SPELT_PLAIN_LETTERS}]\\S*")
_UNSEEN = re.compile(f"[{UNSEEN_IN_WORDS}]")
_PUNCTUATION_AT_EDGES = re.compile(r"^\W+|\W+$")
# The meta field Pagefind is given those words in, spelt plain: it searches meta fields as it does the text.
_PLAIN_SPELLINGS = '<span data-pagefind-meta="plain_spellings[data-words]" data-words="%s"></span>\n'


# Text without these is text Markdown and nh3 give back as it is, only escaped: no inline syntax or HTML, no
# line break, no control character or tab (Markdown drops some and expands tabs), no no-break space (nh3
# writes it as &nbsp;). With nothing str.strip removes at either end (the Markdown path strips its output),
# escaping it is all the work needed: tests/site/test_render_fast_paths.py checks the two paths agree. Most
# blocks take this path, which is what keeps a 20,000-block build inside its time goal.
_MARKUP_CHARS = re.compile(r"[*_`\[\]<>&\\!\x00-\x1f\x7f\xa0]")
# Two spaces (a line break where a newline follows), looked for apart: one regex for both was 10x slower.
_LINE_BREAK = "  "

# Markdown block syntax means nothing in a single block of news text ("1. " or "- " at the start of a
# paragraph is text, not a list; "[1]: ..." is text, not a link definition), so these block processors go
# and Markdown adds inline markup only.
_DROPPED_BLOCK_PROCESSORS = (
    "indent",
    "code",
    "hashheader",
    "setextheader",
    "hr",
    "olist",
    "ulist",
    "quote",
    "reference",
)

# Runs that need isolating inside text of the other direction: Latin words and numbers inside Arabic, Arabic
# words inside English. A run may hold spaces and joining punctuation but starts and ends on a letter/digit.
# The letters are toolkit.scripts' blocks, compiled once here: isolation runs on every block of every page.
_LATIN = script_ranges("latin")
_ARABIC = script_ranges("arabic")
_LTR_RUN = re.compile(rf"[0-9{_LATIN}](?:[0-9{_LATIN} .,:/%+'’&@-]*[0-9{_LATIN}%])?")
_RTL_RUN = re.compile(rf"[{_ARABIC}](?:[{_ARABIC}\s.,:،؛-]*[{_ARABIC}])?")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TAG = re.compile(r"(<[^>]*>)")  # safe on nh3 output: it escapes ">" inside attribute values
_WHITE_RUN = re.compile(r"[ \t\n]{2,}")


@dataclass(frozen=True)
class SiteInfo:
    title: str
    description: str
    base_url: str  # "" or an absolute URL ending in "/"
    source_language: str
    target_language: str
    date_locales: tuple[tuple[str, str], ...] = ()  # (interface language, CLDR locale) pairs from toolkit.toml
    low_confidence: float = 0.0  # machine drafts less confident than this are marked

    @property
    def interfaces(self) -> tuple[Interface, ...]:
        return site_interfaces(self.source_language, self.target_language, self.date_locales)

    @property
    def searched(self) -> tuple[SearchedLanguage, ...]:
        return searched_languages(self.source_language, self.target_language, self.interfaces)


@dataclass(frozen=True)
class Alternate:
    """The same page in one of the site's interface languages."""

    language: str
    href: str  # relative: the language switch works wherever the site is served from
    url: str  # absolute when the site's address is known, for <link rel="alternate" hreflang>
    name: str  # the language's name in itself: the language switch's text
    home: str  # that interface's root, for the 404 page's links
    all_articles: str  # "All articles" in that language


@dataclass(frozen=True)
class ListPage:
    """Where one page of the article list stands among all of them."""

    number: int  # from 1
    count: int  # pages in the whole list, at least 1
    first_position: int  # the position of the page's first article in the whole list, from 1


@dataclass(frozen=True)
class SearchBundle:
    path: str  # relative to the site root, ending in "/"


def article_href(slug: str) -> str:
    return f"{ARTICLES_DIR}/{quote(slug)}.html"


def list_page_path(number: int) -> str:
    """Page 1 of the article list is the site's front page; the others follow it as index-2.html, ..."""
    return "index.html" if number == 1 else f"index-{number}.html"


def article_path(slug: str) -> str:
    """The output file of an article, relative to the site root."""
    return f"{ARTICLES_DIR}/{slug}.html"


def _keep_link(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        address = value.strip()
        return _valid_url(without_user_info(address)) if address.lower().startswith(ALLOWED_LINK_SCHEMES) else None
    return value


# What a URL holds as it is (the URL Standard's code points): ASCII letters and digits, these marks, "%" that
# begins an escape, and any character from U+00A0 on (an Arabic path stays readable).
_NOT_IN_URL = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9!$&'()*+,\-./:;=?@_~%\u00a0-\U0010ffff]")
# Where the address after a link's scheme and host starts: its host (an IPv6 address in brackets) is kept whole.
_AFTER_HOST = re.compile(r"^(?:https?://[^/?#]*|mailto:)", re.IGNORECASE)


def _valid_url(address: str) -> str:
    """A link's address with what a URL cannot hold after its host ("<", a space, "{", a second "#", a "%" that
    begins no escape) percent-encoded as UTF-8, as a browser encodes it when it follows the link: it leads where
    the written one did, and the page stays valid HTML."""
    host = _AFTER_HOST.match(address)
    start = host.end() if host else 0
    rest, hash_mark, fragment = address[start:].partition("#")
    return address[:start] + _url_encoded(rest) + hash_mark + _url_encoded(fragment)


def _url_encoded(part: str) -> str:
    """A part of a URL (a path and query, a fragment) with what a URL cannot hold percent-encoded as UTF-8; a
    fragment's "#" among them."""
    return _NOT_IN_URL.sub(lambda found: quote(found.group(), safe=""), part)


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS | SHOWN_APART),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={"*": set(), "a": {"href"}, "abbr": {"title"}},
    url_schemes={scheme.rstrip(":/") for scheme in ALLOWED_LINK_SCHEMES},
    attribute_filter=_keep_link,
    link_rel=LINK_REL,
    strip_comments=True,
)
# nh3 adds rel to every link, also one whose href it removed; HTML forbids rel without href.
_HREFLESS_LINK = f'<a rel="{LINK_REL}">'
# A tag of SHOWN_APART as nh3 writes it (no attribute kept), which the sanitizer's output shows as a space.
_APART_TAG = re.compile(rf"</?(?:{'|'.join(sorted(SHOWN_APART))})>")


# An autolink to any scheme, as CommonMark reads one: "<", a scheme of 2 to 32 characters, ":", an address
# without white space or angle brackets, ">". Python-Markdown reads only http(s)/ftp and mail addresses as
# autolinks; it took "<tel:+9611234567>" for a tag, and nh3 removed it, the number with it.
_ANY_AUTOLINK = r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>"
# Python-Markdown's "html" pattern (priority 90) reads such an autolink as a tag: this one runs before it, after
# its own autolink and mail patterns (120 and 110).
_ANY_AUTOLINK_PRIORITY = 100


def _autolink(address: str) -> Element | str:
    """An autolink as the site shows it: a link when the site links to its scheme, else its address as text,
    or nothing for SCHEMES_NEVER_SHOWN."""
    from markdown.util import AtomicString

    lowered = address.lower()
    if lowered.startswith(SCHEMES_NEVER_SHOWN):
        return ""
    if not lowered.startswith(ALLOWED_LINK_SCHEMES):
        return AtomicString(address)
    link = Element("a", href=address)
    link.text = AtomicString(address)
    return link


@cache
def _inline_markdown() -> markdown.Markdown:
    """The converter, made (and Markdown imported) for the first text that is not plain (`is_plain`): news text
    seldom needs it, and a rebuild of plain text never loads it. Building a converter costs more than converting
    one block, so this one is kept and reset before every text: nothing of one block (reference links, stashed
    HTML) can leak into the next."""
    import markdown
    from markdown.inlinepatterns import InlineProcessor

    class AnyAutolink(InlineProcessor):
        def handleMatch(self, found: re.Match[str], data: str) -> tuple[Element | str, int, int]:
            return _autolink(found.group(1)), found.start(0), found.end(0)

    converter = markdown.Markdown(output_format="html")
    for name in _DROPPED_BLOCK_PROCESSORS:
        converter.parser.blockprocessors.deregister(name, strict=False)
    # A backslash before "<" makes it text, as CommonMark has it: Python-Markdown escapes no "<", so a translator's
    # "\<b>" was a tag and "\<script>...\</script>" was dropped with the words in it.
    converter.ESCAPED_CHARS.append("<")
    converter.inlinePatterns.register(AnyAutolink(_ANY_AUTOLINK, converter), "any_autolink", _ANY_AUTOLINK_PRIORITY)
    return converter


def is_plain(text: str) -> bool:
    """Whether Markdown and nh3 would give `text` back as it is, only escaped (see _MARKUP_CHARS)."""
    return not _MARKUP_CHARS.search(text) and _LINE_BREAK not in text and text == text.strip()


def sanitize(text: str) -> str:
    """Untrusted text as safe inline HTML: Markdown emphasis and links, nothing that can run or load."""
    return html.escape(text, quote=False) if is_plain(text) else markdown_html(text)


# Python-Markdown looks for the end of a link from every "[" and reads nested tags again at each level (a
# msgstr of 50,000 "[" held a build for minutes, 4,000 "[x](" for 10 s), and at every inline match of any kind
# it copies the rest of the text (40,000 "&amp;" took 5 s, 100,000 56 s; emphasis, code spans and escapes grow
# the same way). No translation has a thousand links, tags, entities or emphases in one paragraph; one that
# does is shown as the text it is, escaped. What is counted: the characters that can start inline markup.
MARKUP_LIMIT = 1_000
MARKUP_STARTS = "[<&*_`\\"


def markdown_html(text: str) -> str:
    """`sanitize` by the long way, whatever the text holds: Markdown, then nh3."""
    if sum(text.count(char) for char in MARKUP_STARTS) > MARKUP_LIMIT:
        return html.escape(text, quote=False)
    converted = _images_as_their_words(_inline_markdown().reset().convert(without_forbidden_references(text)))
    cleaned = _APART_TAG.sub(" ", _CLEANER.clean(_unclosed_as_text(converted)).replace(_HREFLESS_LINK, "<a>"))
    return _single_spaced(_named_links(cleaned) if "<a href" in cleaned else cleaned).strip()


# A link of the sanitizer's output with no words: nothing but white space and empty inline elements in it.
_WORDLESS_LINK = re.compile(r'(<a href="([^"]*)"[^>]*>)((?:\s|<(?!/a>)[^>]*>)*)</a>')


def _named_links(cleaned: str) -> str:
    """Each link that holds no words (a linked image without alternative text, "[](https://...)") showing its
    address: a reader, and a screen reader, has something to follow (axe: links must have discernible text)."""
    return _WORDLESS_LINK.sub(lambda link: f"{link[1]}{link[3]}{link[2]}</a>", cleaned)


# An <img> start tag as a browser's tokenizer reads it, attribute by attribute: a quoted value may hold ">".
# Atomic, as the tokenizer is: a tag that does not end is not tried again from every attribute.
_IMAGE_TAG = re.compile(
    r"""<img(?=[\s/>])(?>[\s/]+|[^\s/>=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*>""", re.IGNORECASE
)


class _ImageWords(HTMLParser):
    """The alternative text of the one tag it is fed, its character references decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.words = next((value or "" for name, value in attrs if name == "alt"), "")


def _image_words(match: re.Match[str]) -> str:
    parser = _ImageWords()
    parser.feed(match.group(0))
    parser.close()
    return html.escape(parser.words, quote=False)


def _images_as_their_words(converted: str) -> str:
    """Every image as its alternative text, as text, whether Markdown made it ("![the map](...)") or the
    translator wrote it (<img alt="the map" src="...">): the site loads nothing a translator points to, and nh3
    removes an <img> whole, the translator's words with it ("See ![the map](...) below." was "See below.").
    Markup in the alternative text is shown escaped, as the words it is."""
    return _IMAGE_TAG.sub(_image_words, converted) if "<img" in converted.lower() else converted


# The start and end tags of the elements that go with their content: the parser takes all that follows such a
# start tag as its content, up to its end tag (as a browser's tokenizer finds it: the name, then a space, "/"
# or ">").
_SWALLOWING_TAG = re.compile(
    rf"<(/?)({'|'.join(sorted([*DROPPED_WITH_CONTENT, UNENDING_TAG]))})(?=[\s/>])", re.IGNORECASE
)


def _unclosed_as_text(converted: str) -> str:
    """Markdown's HTML with the start tag of each element that would take the rest of the text as its content
    (one whose end tag never comes after it, or <plaintext>, which has none) escaped, so it shows as the text
    it is: a translator who writes "the <title> tag" or leaves a pasted <iframe> open loses nothing after it.
    Closed, such an element still goes with its content. Tags inside code spans are escaped by Markdown
    already, so every match here is a tag."""
    tags = list(_SWALLOWING_TAG.finditer(converted))
    last_end = {match.group(2).lower(): match.start() for match in tags if match.group(1)}
    unclosed = [
        match.start()
        for match in tags
        if not match.group(1)
        and (match.group(2).lower() == UNENDING_TAG or match.start() > last_end.get(match.group(2).lower(), -1))
    ]
    if not unclosed:
        return converted
    pieces = []
    start = 0
    for position in unclosed:
        pieces.append(converted[start:position])
        pieces.append("&lt;")
        start = position + 1
    pieces.append(converted[start:])
    return "".join(pieces)


def _single_spaced(fragment: str) -> str:
    """Each run of white space in the text of `fragment` as one space (a newline, if it holds one): a tag the
    sanitizer removed with its content leaves the spaces on its two sides together ("said <script>...</script>
    hello"), in the page and in the text indexed for search. A page shows any run as one space anyway."""
    parts = _TAG.split(fragment)
    for index in range(0, len(parts), 2):
        if "  " in parts[index] or "\n" in parts[index]:
            parts[index] = _WHITE_RUN.sub(lambda run: "\n" if "\n" in run.group() else " ", parts[index])
    return "".join(parts)


def _isolate_text(text: str, run: re.Pattern[str]) -> str:
    return _isolate_plain(html.unescape(text), run)


def _isolate_plain(plain: str, run: re.Pattern[str]) -> str:
    """Unescaped text escaped, its runs of `run` isolated."""
    pieces: list[str] = []
    start = 0
    for found in run.finditer(plain):
        pieces.append(html.escape(plain[start : found.start()], quote=False))
        pieces.append(f"<bdi>{html.escape(found.group(), quote=False)}</bdi>")
        start = found.end()
    pieces.append(html.escape(plain[start:], quote=False))
    return "".join(pieces)


def isolate_bidi(fragment: str, direction: str) -> str:
    """Wrap runs of the other direction in <bdi> so their punctuation stays put; tags pass through."""
    run = _LTR_RUN if direction == "rtl" else _RTL_RUN
    parts = _TAG.split(fragment)
    depth_in_bdi = 0
    for index, part in enumerate(parts):
        if index % 2:
            depth_in_bdi += part == "<bdi>"
            depth_in_bdi -= part == "</bdi>"
        elif part and not depth_in_bdi:
            parts[index] = _isolate_text(part, run)
    return "".join(parts)


def _run_against(language: str) -> re.Pattern[str]:
    return _LTR_RUN if text_direction(language) == "rtl" else _RTL_RUN


def rich_text(text: str, language: str) -> Markup:
    """A translator's text: Markdown and inline HTML kept as far as they are safe."""
    if is_plain(text):  # sanitize's fast path: the text as it is, no tag to pass through
        return Markup(_isolate_plain(text, _run_against(language)))
    return Markup(isolate_bidi(sanitize(text), text_direction(language)))


# A link's start or end tag in rich_text's output (nh3's: ">" is escaped in attribute values).
_LINK_TAG = re.compile(r"</?a(?:\s[^>]*)?>")


def unlinked_rich_text(text: str, language: str) -> Markup:
    """A translator's text as rich_text shows it, its links as their words: for a title printed inside the link
    to its article. An <a> inside an <a> is no HTML: a browser ends the outer link at the inner one, and a
    click on the title went to the translator's address."""
    shown = rich_text(text, language)
    return Markup(_LINK_TAG.sub("", shown)) if "<a" in shown else shown


# Struck-out text in the sanitizer's output (nh3 writes <s> and <del> with no attribute), the innermost first.
_STRUCK_OUT = re.compile(r"<(s|del)>(?:(?!<(?:s|del)>).)*?</\1>", re.DOTALL)


def _without_struck_out(fragment: str) -> str:
    while True:
        shorter = _STRUCK_OUT.sub("", fragment)
        if shorter == fragment:
            return fragment
        fragment = shorter


def shown_words(text: str) -> str:
    """The words a translator's text shows on its page, struck out or not: its Markdown and HTML rendered as on
    the page, then read back as text (tags gone, entities decoded once). "" for a text that shows nothing."""
    return text if is_plain(text) else Markup(sanitize(text)).striptags()


def reader_text(text: str) -> str:
    """A translator's text as a reader of its page sees it, for the places that hold text only: the <title>,
    the meta and Open Graph descriptions, the feed's titles and summaries, the names of links. Its Markdown
    and HTML rendered as on the page, then read back as text: tags gone, entities decoded once ("<b>a</b> &amp;
    *b*" is "a & b"). Struck-out words are left out: text can show no stroke, and "Toll <s>ten</s> twelve" read
    "Toll ten twelve", the withdrawn figure as if it stood. A str, escaped once by the template that prints it."""
    return text if is_plain(text) else Markup(_without_struck_out(sanitize(text))).striptags()


def plain_text(text: str, language: str) -> Markup:
    """Scraped source text, shown exactly as written: "<Reuters>", "5*4*3" and "[x](y)" are words, not markup.
    What isolate_bidi does to the escaped text, without escaping it only to read it back."""
    return Markup(_isolate_plain(text, _run_against(language)))


class _BidiFree(Markup):
    """Markup already without bidi controls (the pair rows, about half of an article page): the templates'
    finalize passes it as it is instead of searching it again."""

    __slots__ = ()


def _without_bidi_controls(value: object) -> object:
    """Every value a template prints loses its bidi controls: the pages isolate each run themselves, and an
    override in untrusted text (a msgstr, a scraped title) would reorder what readers see. Most values are
    ASCII (paths, attributes, class names) and cannot hold one: they are passed as they are."""
    if not isinstance(value, str) or value.isascii() or type(value) is _BidiFree:
        return value
    if isinstance(value, Markup):
        return Markup(without_bidi_controls(value))
    return without_bidi_controls(value)


class CompiledTemplates(Protocol):
    """Where compiled templates are kept from run to run (the build's state folder): bytes by key, None for
    a key not kept or not readable; keeping one may fail silently, it is only a shortcut."""

    def load(self, key: str) -> bytes | None: ...

    def save(self, key: str, compiled: bytes) -> None: ...


class _SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates kept for every interface language's environment (their settings are the same): a
    template is compiled once a build, not once a language, and not at all when it is kept from an earlier
    build (`keep_compiled_templates`): compiling them was about a tenth of a one-article rebuild. Jinja checks
    each against its source and its own and Python's version, and compiles it again when any differs."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}
        self.kept: CompiledTemplates | None = None

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is None and self.kept is not None:
            compiled = self.kept.load(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled[bucket.key] = bucket.bytecode_to_string()
        if self.kept is not None:
            self.kept.save(bucket.key, compiled)


_BYTECODE = _SharedBytecode()
# The templates' files (name, size, mtime) the environments made so far were loaded from (templates_checked).
_templates_loaded: tuple[tuple[str, int, int], ...] = ()


def templates_checked() -> None:
    """Make the environments anew if a template's file changed since they loaded it: once a build, here, not
    at every page as Jinja's auto_reload did (a stat of the file at each of a full build's 13,000 template
    lookups, 0.1 s of CPU on a quiet machine and 0.6 s under load). A template edited under `toolkit serve`
    shows in its next build."""
    global _templates_loaded
    statuses = folder_statuses(TEMPLATES_DIR)
    current = tuple(sorted((name, status.st_size, status.st_mtime_ns) for name, status in statuses))
    if current != _templates_loaded:
        _environment.cache_clear()
        _templates_loaded = current


def load_article_templates(site: SiteInfo) -> None:
    """Compile (or load) the templates of the article pages in every interface here (the page, the one it
    extends, its frame and its status row), and load the locale data they print with (the languages' names,
    the months' names), before the render workers are forked (toolkit/site/pool.py): each then has them,
    rather than each compiling and loading its own on its first page (base.html and status_row.html compiled
    twice more a build, 20 ms of CPU a worker)."""
    for ui in site.interfaces:
        for name in ("article.html", "base.html", "chrome.html", "status_row.html"):
            _environment(ui.language).get_template(name)
        autonym(ui.language)
        date_in_words(datetime(2000, 1, 1), ui.date_locale)


def keep_compiled_templates(kept: CompiledTemplates | None) -> None:
    """Load compiled templates from `kept` and save the ones compiled there (None: compile in memory only)."""
    _BYTECODE.kept = kept


@cache
def _environment(language: str) -> jinja2.Environment:
    """One environment per interface language, its UI catalog installed as gettext (new style: the strings
    are escaped and %-formatted by Jinja itself)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        finalize=_without_bidi_controls,
        bytecode_cache=_BYTECODE,
        auto_reload=False,
    )
    gettext, ngettext = gettext_for(language)
    environment.install_gettext_callables(gettext, ngettext, newstyle=True)
    # `_` as Jinja's new-style gettext prints it (%-formatted with the values escaped), but with the catalog's
    # text escaped too (`_ui_text`) and without its per-call context lookups: a page prints about 25 UI
    # strings, and Jinja's own `_` cost a fifth of rendering an article page. A string without values is made
    # once.
    environment.globals["_"] = _UiStrings(gettext).text
    environment.globals["chrome"] = functools.partial(_chrome, language)
    environment.filters["rich"] = rich_text
    environment.filters["plain"] = plain_text
    environment.filters["unlinked_rich"] = unlinked_rich_text
    environment.filters["reader_text"] = reader_text
    environment.filters["valid_url"] = _valid_url
    environment.globals.update(
        text_direction=text_direction,
        language_name=language_name,
        article_href=article_href,
        list_page_path=list_page_path,
        state_labels=STATE_LABELS,
        links_slot=Markup((LINKS_START + LINKS_END).decode("ascii")),
        searched_start=Markup(SEARCHED_START.decode("ascii")),
        searched_end=Markup(SEARCHED_END.decode("ascii")),
    )
    return environment


def _chrome(language: str, part: str, **values: object) -> Markup:
    """A part of templates/chrome.html as the pages of an interface print it: a page's frame (its links in
    the head, header and footer, the view switch) is the same on every page at the same depth, and Jinja
    printing its every value again on every page cost a third of rendering an article page."""
    return _chrome_part(_environment(language).get_template("chrome.html"), part, tuple(values.items()))


@lru_cache(maxsize=256)
def _chrome_part(template: jinja2.Template, part: str, values: tuple[tuple[str, object], ...]) -> Markup:
    """Made once a process for each template (a template edited under `toolkit serve` is a new one), part
    and values; its values went through the templates' finalize, so it holds no bidi control."""
    return _BidiFree(getattr(template.module, part)(**dict(values)))


def machine_date(date: str) -> str | None:
    """The date as <time datetime> and Atom accept it, or None when the catalog holds something else."""
    return date if article_moment(date) else None


def _atom_instant(moment: datetime) -> str:
    """RFC 3339 in UTC, as Atom wants it; a moment without its zone is taken as UTC's."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_date(date: str) -> str | None:
    """The date as Atom wants it (`_atom_instant`), or None when `date` is not a real date."""
    moment = article_moment(date)
    return None if moment is None else _atom_instant(moment)


def _entry_date(summary: ArticleSummary) -> str | None:
    """The instant Atom's required <updated> of an article's entry gives: the article's date; for an undated
    article, the catalog's PO-Revision-Date, a true fact of the catalog that an editor stamps on saving; None
    when the catalog holds neither."""
    return atom_date(summary.date) or atom_date(summary.revised)


def date_html(date: str, ui: Interface) -> Markup:
    """A catalog's date in words in the interface's language, as <time> when it is a real date; any other
    text the catalog holds (a Hijri date, "31/31/2021", 2023-02-30) is shown as written, marked unverified:
    it may be the source's own words, but nothing vouches for it."""
    return _date_html(date, ui.date_locale, gettext_for(ui.language)[0](UNVERIFIED_DATE))


@lru_cache(maxsize=4096)
def _date_html(date: str, locale: str, unverified: str) -> Markup:
    """Cached: CLDR formatting costs more than the rest of a list row, and an archive's dates repeat."""
    moment = article_moment(date)
    if moment is None:
        return Markup(
            f'<span dir="auto">{html.escape(date, quote=False)}</span> '
            f'<span class="label">{html.escape(unverified, quote=False)}</span>'
        )
    return Markup(f'<time datetime="{html.escape(date)}">{html.escape(date_in_words(moment, locale))}</time>')


def _render(template: str, ui: Interface, **values: object) -> bytes:
    return _environment(ui.language).get_template(template).render(ui=ui, **values).encode("utf-8")


def _render_xml(template: str, ui: Interface, **values: object) -> bytes:
    return _xml_text(_environment(ui.language).get_template(template).render(ui=ui, **values)).encode("utf-8")


def _render_stream(template: str, ui: Interface | None, **values: object) -> Iterator[bytes]:
    """The page in pieces of about STREAM_CHUNK_CHARS, as the template's loop reaches them: a list of every
    article is never held whole, however many there are."""
    environment = _environment(ui.language if ui else "en")
    pending: list[str] = []
    size = 0
    for text in environment.get_template(template).generate(ui=ui, **values):
        pending.append(text)
        size += len(text)
        if size >= STREAM_CHUNK_CHARS:
            yield "".join(pending).encode("utf-8")
            pending, size = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")


def _absolute(site: SiteInfo, path: str) -> str:
    return f"{site.base_url}{path}" if site.base_url else path


def _root(ui: Interface, path: str) -> str:
    """The way from the page at `path` within the interface `ui` up to the site root."""
    return "../" * (ui.prefix + path).count("/")


def _page_values(site: SiteInfo, ui: Interface, path: str, root: str | None = None) -> dict[str, object]:
    """What every page's frame needs, for the page at `path` within the interface `ui`: the way to the site
    root and to the interface's own root, the page's address, and the same page in every interface."""
    if root is None:
        root = _root(ui, path)
    alternates = [
        Alternate(
            other.language,
            root + other.prefix + path,
            _absolute(site, other.prefix + path) if site.base_url else root + other.prefix + path,
            autonym(other.language),
            root + other.prefix,
            gettext_for(other.language)[0](ALL_ARTICLES),
        )
        for other in site.interfaces
    ]
    return {
        "site": site,
        "root": root,
        "home": root + ui.prefix,
        "url": _absolute(site, ui.prefix + path) if site.base_url else "",
        "alternates": alternates if len(alternates) > 1 else [],
        "font_preloads": ARABIC_FACE_PRELOADS
        if {site.source_language, site.target_language} & ARABIC_FACE_LANGUAGES
        else (),
        "date_html": lambda date: date_html(date, ui),
    }


def _first(site: SiteInfo, ui: Interface | None) -> Interface:
    return ui or site.interfaces[0]


def page_path(ui: Interface, path: str) -> str:
    """A page's file in an interface, relative to the site root: "articles/x.html" -> "ar/articles/x.html"."""
    return ui.prefix + path


def is_labelled(state: str) -> bool:
    return state in STATE_LABELS


def render_article(
    page: ArticlePage, site: SiteInfo, ui: Interface | None = None, cells: Sequence[PairRow] | None = None
) -> bytes:
    """An article's page in one interface; `cells` (article_cells) when several interfaces share them."""
    ui = _first(site, ui)
    summary = page.summary
    return _render(
        "article.html",
        ui,
        **_page_values(site, ui, article_path(summary.slug)),
        page=page,
        summary=summary,
        labelled=is_labelled(summary.title_state) or any(is_labelled(pair.state) for pair in page.pairs),
        pair_rows=pair_rows(page, ui, article_cells(page) if cells is None else cells),
    )


def article_files(page: ArticlePage, site: SiteInfo) -> list[tuple[str, bytes]]:
    """The article's page in every interface: (path relative to the site root, bytes). The texts are
    sanitized and isolated once for all of them."""
    path = article_path(page.summary.slug)
    cells = article_cells(page)
    return [(page_path(ui, path), render_article(page, site, ui, cells)) for ui in site.interfaces]


def render_article_links(
    previous: Neighbour | None, following: Neighbour | None, site: SiteInfo, ui: Interface | None = None
) -> bytes:
    """An article page's links to the articles before and after it in the list, for `with_article_links`;
    nothing for the only article. "Previous" is the one listed above it; the arrows point the way the
    interface reads (in a right-to-left interface the previous article is to the right). Written here, like
    pair_rows, rather than in a template: every article page of a full build gets them, and Jinja's call per
    page cost a tenth of the build's own rendering. Prints what a template would: every value escaped unless
    it is markup already, no bidi control anywhere."""
    if previous is None and following is None:
        return b""
    ui = _first(site, ui)
    ui_text = _environment(ui.language).globals["_"]
    home = escape(_root(ui, article_path(ARTICLES_DIR)) + ui.prefix)
    backward, forward = ("→", "←") if ui.direction == "rtl" else ("←", "→")
    parts = [f'<nav class="article-links" aria-label="{ui_text(ARTICLE_LINKS_LABEL)}">\n']
    if previous is not None:
        parts.append(
            f'<a class="article-link article-link-prev" href="{home}{escape(article_href(previous.slug))}" '
            f'rel="prev"><span class="article-link-label"><span aria-hidden="true">{backward}</span> '
            f"{ui_text(PREVIOUS_ARTICLE)}</span>\n{_neighbour_title(previous, site, ui)}</a>\n"
        )
    parts.append(f'<a class="article-link-list" href="{home}index.html">{ui_text(ALL_ARTICLES)}</a>\n')
    if following is not None:
        parts.append(
            f'<a class="article-link article-link-next" href="{home}{escape(article_href(following.slug))}" '
            f'rel="next"><span class="article-link-label">{ui_text(NEXT_ARTICLE)} <span aria-hidden="true">'
            f"{forward}</span></span>\n{_neighbour_title(following, site, ui)}</a>\n"
        )
    parts.append("</nav>\n")
    return without_bidi_controls("".join(parts)).encode("utf-8")


@lru_cache(maxsize=1024)
def _neighbour_title(neighbour: Neighbour, site: SiteInfo, ui: Interface) -> str:
    """The neighbour's title in the interface's language where it has one, as plain text (the link is the
    markup), else its source title. Cached: an article is the neighbour of the two beside it in the list."""
    source, target = site.source_language, site.target_language
    if ui.language != source and neighbour.title_target:
        language, text = target, escape(reader_text(neighbour.title_target))
    else:
        language, text = source, plain_text(neighbour.title_source, source)
    return (
        f'<span class="article-link-title" lang="{escape(language)}" dir="{text_direction(language)}">{text}</span>\n'
    )


def search_input(page: bytes, other: SearchedLanguage | None = None) -> bytes:
    """What Pagefind needs of an article page: its <html> element (the language it is indexed as) and the
    titles and pairs, without the elements search ignores nor the attributes Pagefind reads nothing from. A
    fifth of the page: Pagefind's work grows with the HTML it parses, not only with the text it indexes (the
    attributes left out took 2% of its CPU). A page without the comments (none
    the build stages, which renders each page or keeps one its own generator made) is given whole.

    With `other`, a language of the site the page's interface is not in (SearchedLanguage.own_pages false):
    the page's title and cells of that language instead, indexed as that language. Each pair's text starts
    with PAIR_MARK."""
    start = page.find(SEARCHED_START)
    end = page.find(SEARCHED_END, start)
    if start < 0 or end < 0:
        return page
    searched = page[start + len(SEARCHED_START) : end]
    if other is None:
        html_start = _HTML_START.search(page)
        opening = html_start.group() if html_start else b"<html>"
    else:
        side = other.side.encode("ascii")
        opening = b'<html lang="%s">' % escape(other.language).encode("utf-8")
        searched = _CELL_OPENING.sub(lambda cell: cell[1] + (b">" if cell[2] == side else _IGNORED_END), searched)
        searched = _TITLE_MARKS.sub(lambda title: title[1] + (_INDEXED if title[2] == side else b""), searched)
        searched = _BYLINE_MARK.sub(_BYLINE_OPENING + (_INDEXED if side == b"source" else b""), searched)
    marked = with_pair_marks(_SEARCH_IGNORED.sub(b"", searched))
    return b'<!DOCTYPE html>\n%s<meta charset="utf-8">\n%s%s</html>\n' % (
        opening,
        _UNREAD_ATTRIBUTE.sub(b"", marked),
        plain_spellings(_indexed_part(marked)),
    )


# A start or end tag of the searched part, its name: untrusted text holds no "<" there (escaped).
_SEARCHED_TAG = re.compile(rb"<(/?)(\w+)[^>]*>")


def _indexed_part(searched: bytes) -> bytes:
    """What of `searched` Pagefind indexes: the contents of its data-pagefind-body elements (the title, byline and
    cells of the language the page is indexed as), not the other language's title nor the labels around them."""
    parts = []
    body, depth, start = b"", 0, 0  # the indexed element open, how deep in its own name, where its content starts
    for tag in _SEARCHED_TAG.finditer(searched):
        closing, name = tag[1], tag[2]
        if not body:
            if not closing and _INDEXED in tag[0]:
                body, depth, start = name, 1, tag.end()
        elif name == body:
            depth += -1 if closing else 1
            if not depth:
                parts.append(searched[start : tag.start()])
                body = b""
    return b" ".join(parts)


def plain_spellings(searched: bytes) -> bytes:
    """The words of `searched` (HTML) holding a letter of LATIN_LETTERS_SPELT_PLAIN or a character UNSEEN_IN_WORDS,
    spelt as a reader types them (Łódź: lodz; inter&shy;national: international), lower case and without accents,
    in a meta field of their own (none without such a word): Pagefind finds "Lodz" there, and site.js, folding
    both alike, marks Łódź."""
    text = _TAG.sub(" ", searched.decode("utf-8", errors="replace"))
    text = unicodedata.normalize("NFC", html.unescape(text)).lower()
    if not _PLAINLY_SPELT_LETTER.search(text.replace(f" {PAIR_MARK} ", " ")):
        return b""  # most pages: no such word but the pairs' marks (with_pair_marks), which spell nothing
    spelt = {
        _PUNCTUATION_AT_EDGES.sub("", "".join(LATIN_LETTERS_SPELT_PLAIN.get(letter, letter) for letter in plain))
        for plain in (_without_marks(_UNSEEN.sub("", word)) for word in _PLAINLY_SPELT_WORD.findall(text))
    }
    spelt.discard("")  # the pairs' marks (PAIR_MARK), each a word of its own
    if not spelt:
        return b""
    return (_PLAIN_SPELLINGS % html.escape(" ".join(sorted(spelt)))).encode("utf-8")


def _without_marks(word: str) -> str:
    return "".join(letter for letter in unicodedata.normalize("NFD", word) if not unicodedata.combining(letter))


def with_pair_marks(page: bytes) -> bytes:
    """An article page's HTML (or the searched part of it) with PAIR_MARK at the start of each pair's text, and
    nowhere else."""
    return _PAIR_OPENING.sub(lambda pair: pair[0] + _MARKED_PAIR_START, page.replace(PAIR_MARK.encode("utf-8"), b""))


def with_article_links(page: bytes, links: bytes) -> bytes:
    """An article page (as rendered, or as a previous build left it) with `links` in place of the ones it had."""
    start = page.index(LINKS_START) + len(LINKS_START)
    return page[:start] + links + page[page.index(LINKS_END, start) :]


# The UI strings the pair rows and the article links print: they are written in Python, so the UI catalogs'
# test finds these here, not by reading the templates.
LINK_TITLE = "Link to paragraph %(number)s"
NOT_TRANSLATED = "Not yet translated"
LOW_CONFIDENCE = "Low confidence"
ARTICLE_LINKS_LABEL = "Previous and next articles"
PREVIOUS_ARTICLE = "Previous article"
NEXT_ARTICLE = "Next article"
ALL_ARTICLES = "All articles"
UNVERIFIED_DATE = "Date not verified"
FIRST_BUILD = "The site is being built. This page reloads itself when it is ready."
UI_TEXTS_IN_CODE = (
    LINK_TITLE,
    NOT_TRANSLATED,
    LOW_CONFIDENCE,
    ARTICLE_LINKS_LABEL,
    PREVIOUS_ARTICLE,
    NEXT_ARTICLE,
    ALL_ARTICLES,
    UNVERIFIED_DATE,
    FIRST_BUILD,
)


def _ui_text(gettext, message: str, **values: object) -> Markup:
    """A UI string as the templates' `_()` prints it: the catalog's text escaped, as the values are. A UI catalog
    is translated like the articles' catalogs, and its strings hold no markup: a translator's "<" or '"' is
    text, in an element and in an attribute's value alike."""
    return escape(gettext(message)) % values


class _UiStrings:
    """`_ui_text` for one interface language, a string without values kept once made."""

    def __init__(self, gettext) -> None:
        self._gettext = gettext
        self._made: dict[str, Markup] = {}

    def text(self, message: str, **values: object) -> Markup:
        if values:
            return _ui_text(self._gettext, message, **values)
        made = self._made.get(message)
        if made is None:
            made = self._made[message] = _ui_text(self._gettext, message)
        return made


@dataclass(frozen=True, slots=True)
class PairRow:
    """A pair's row as every interface prints it (article_cells): its opening tag and both texts in their
    elements, escaped and without bidi controls; an interface adds only its cells' attributes, labels and
    permalinks (pair_rows). The texts, sanitized and isolated, are made once for all interfaces."""

    block: str  # the block id as a URL's fragment (`_url_encoded`) and escaped, for the permalinks
    opening: str
    source_text: str
    target_text: str  # "" for an untranslated pair, which shows a placeholder instead
    state: str
    low_confidence: bool


@dataclass(frozen=True, slots=True)
class _RowStrings:
    """What an interface prints around each pair of an article in these languages, without bidi controls."""

    source_cell: str
    target_cell: str
    ui_attributes: str
    link_title: str  # "{number}" where the pair's number goes
    placeholder: str
    labels: dict[str, str]
    low_confidence: str


@lru_cache(maxsize=64)
def _row_strings(language: str, direction: str, source: str, target: str) -> _RowStrings:
    gettext = gettext_for(language)[0]
    indexed_source = language == source
    ui_attributes = f' lang="{escape(language)}" dir="{escape(direction)}"'
    source_cell = (
        f'<div class="cell cell-source" lang="{escape(source)}" dir="{escape(text_direction(source))}"'
        f"{'' if indexed_source else ' data-pagefind-ignore'}>\n"
    )
    target_cell = (
        f'<div class="cell cell-target" lang="{escape(target)}" dir="{escape(text_direction(target))}"'
        f"{' data-pagefind-ignore' if indexed_source else ''}>\n"
    )

    def note(css_class: str, text: str) -> str:
        """A line in the interface's language that search must not index."""
        return without_bidi_controls(f'<p class="{css_class}"{ui_attributes} data-pagefind-ignore>{text}</p>\n')

    return _RowStrings(
        source_cell=without_bidi_controls(source_cell),
        target_cell=without_bidi_controls(target_cell),
        ui_attributes=without_bidi_controls(ui_attributes),
        link_title=without_bidi_controls(str(_ui_text(gettext, LINK_TITLE, number="{number}"))),
        placeholder=note("text placeholder", _ui_text(gettext, NOT_TRANSLATED)),
        labels={state: note(f"label label-{state}", escape(gettext(text))) for state, text in STATE_LABELS.items()},
        low_confidence=note("label label-low-confidence", _ui_text(gettext, LOW_CONFIDENCE)),
    )


def pair_rows(page: ArticlePage, ui: Interface, cells: Sequence[PairRow]) -> Markup:
    """The article's pairs as HTML rows, written here rather than in a template loop, which cost most of a
    build's rendering time (every printed value went through Jinja's finalize and escape). Prints what that
    loop printed: every value escaped unless it is markup already, and no bidi control anywhere (removed
    from each piece once, from the texts for every interface at once)."""
    strings = _row_strings(ui.language, ui.direction, page.source_language, page.target_language)
    rows = []
    for number, row in enumerate(cells, start=1):
        title = strings.link_title.replace("{number}", str(number))
        permalink = f'href="#p-{row.block}"{strings.ui_attributes} title="{title}" data-pagefind-ignore>{number}</a>\n'
        rows.append(
            f'{row.opening}{strings.source_cell}{row.source_text}<a class="permalink permalink-source" {permalink}'
            f"</div>\n{strings.target_cell}"
        )
        if row.state == "untranslated":
            rows.append(strings.placeholder)
        else:
            rows.append(strings.labels.get(row.state, ""))
            rows.append(strings.low_confidence if row.low_confidence else "")
            rows.append(row.target_text)
        rows.append(f'<a class="permalink" {permalink}</div>\n</div>\n')
    return _BidiFree("".join(rows))


def article_cells(page: ArticlePage) -> list[PairRow]:
    """Each pair's row as every interface prints it: the texts sanitized and isolated once for all of them."""
    return [_row(pair, page.source_language, page.target_language) for pair in page.pairs]


def _code(text: str) -> str:
    """A code block, either side: its lines as written, escaped, left to right in any page (Markdown in a
    translator's copy of the code is code too). It scrolls sideways, so a keyboard can reach it."""
    return f'<pre class="text" dir="ltr" tabindex="0"><code>{html.escape(text, quote=False)}</code></pre>\n'


def _row(pair: Pair, source_language: str, target_language: str) -> PairRow:
    tag = "h2" if pair.kind == "heading" else "p"
    block = escape(pair.block_id)
    opening = (
        f'<div class="pair pair-{escape(pair.kind)} state-{escape(pair.state)}'
        f'{" low-confidence" if pair.low_confidence else ""}" data-pair="{block}" id="p-{block}">\n'
    )
    code = pair.kind == "code"
    source = _code(pair.source) if code else f'<{tag} class="text">{plain_text(pair.source, source_language)}</{tag}>\n'
    target = ""  # an untranslated pair shows a placeholder instead
    if pair.state != "untranslated" and code:
        target = _code(pair.target)
    elif pair.state != "untranslated":
        target = f'<{tag} class="text">{rich_text(pair.target, target_language) if pair.target else ""}</{tag}>\n'
    return PairRow(
        escape(_url_encoded(without_bidi_controls(pair.block_id))),
        without_bidi_controls(opening),
        without_bidi_controls(source),
        without_bidi_controls(target),
        pair.state,
        pair.low_confidence,
    )


def render_index(
    summaries: Sequence[ArticleSummary], site: SiteInfo, list_page: ListPage, ui: Interface | None = None
) -> bytes:
    """One page of the article list, newest first."""
    ui = _first(site, ui)
    return _render(
        "index.html",
        ui,
        **_page_values(site, ui, list_page_path(list_page.number)),
        summaries=summaries,
        list_page=list_page,
        labelled=any(is_labelled(summary.title_state) for summary in summaries),
    )


def render_search(bundles: Sequence[SearchBundle], site: SiteInfo, ui: Interface | None = None) -> bytes:
    ui = _first(site, ui)
    return _render(
        "search.html",
        ui,
        **_page_values(site, ui, "search.html"),
        bundles=bundles,
        searched=site.searched,
        labelled=False,
    )


def render_status_row(summary: ArticleSummary, site: SiteInfo) -> str:
    """An article's row of the status page (the same in every interface), kept to be joined by
    `render_status`: a one-article rebuild of an archive makes one row, not a row for every article."""
    template = _environment(site.interfaces[0].language).get_template("status_row.html")
    return str(_status_row_macro(template)(summary, site.source_language))


@lru_cache(maxsize=16)
def _status_row_macro(template: jinja2.Template) -> Callable[..., Markup]:
    """Kept for each template, as `_chrome_part` is: a template edited under `toolkit serve` is a new one."""
    return template.module.status_row


def render_status(rows: Iterable[str], site: SiteInfo, ui: Interface | None = None) -> Iterator[bytes]:
    """The translators' page: every article's counts, from its row (`render_status_row`). Streamed: `rows` may
    be a cursor."""
    ui = _first(site, ui)
    kept = (_BidiFree(row) for row in rows)  # finalized as they were made
    return _render_stream("status.html", ui, **_page_values(site, ui, "status.html"), rows=kept, labelled=False)


def render_not_found(site: SiteInfo, ui: Interface | None = None) -> bytes:
    """The 404 page of an interface: served at any address, so its links start from the site's own address (or
    "/"). A host answers a missing page with the first interface's; its language switch leads to the others'."""
    ui = _first(site, ui)
    root = urlsplit(site.base_url).path if site.base_url else "/"
    return _render("404.html", ui, **_page_values(site, ui, "404.html", root=root), labelled=False)


def render_building(site: SiteInfo) -> bytes:
    """What `toolkit serve` answers every address with while its first build runs: the site's title and a word
    in each interface language, reloading itself until the page asked for is built."""
    notes = [(ui, gettext_for(ui.language)[0](FIRST_BUILD)) for ui in site.interfaces]
    return _render(
        "building.html", site.interfaces[0], site=site, notes=notes, refresh_seconds=FIRST_BUILD_RETRY_SECONDS
    )


def _xml_text(text: str) -> str:
    """Text an XML 1.0 document can hold: control characters a catalog may carry (as escapes) are dropped."""
    return _XML_ILLEGAL.sub("", text)


def render_feed(summaries: Sequence[ArticleSummary], site: SiteInfo, built_at: datetime) -> bytes:
    """The Atom feed, which carries no invented date though Atom requires an <updated> of the feed and of each
    entry. An entry's is its `_entry_date`; the feed's is the newest of those. An entry whose catalog holds no
    date takes the feed's: the newest fact the catalogs give, not the build's clock, so that a rebuild, an
    incremental build and a fresh clone's full build write the same feed. Only a feed none of whose catalogs
    holds a date takes `built_at`, the instant of the build that makes it (made again only when an entry
    changes)."""
    own_dates = [_entry_date(summary) for summary in summaries]
    updated = max(filter(None, own_dates), default=None) or _atom_instant(built_at)
    return _render_xml(
        "feed.xml",
        site.interfaces[0],
        site=site,
        entries=[(summary, date or updated) for summary, date in zip(summaries, own_dates, strict=True)],
        updated=updated,
        link=lambda path: _absolute(site, path),
    )


def render_sitemap(summaries: Iterable[ArticleSummary], list_pages: Sequence[str], site: SiteInfo) -> Iterator[bytes]:
    """Streamed: `summaries` may be a cursor over thousands of articles."""
    return _render_stream(
        "sitemap.xml",
        None,
        summaries=summaries,
        list_pages=list_pages,
        prefixes=[ui.prefix for ui in site.interfaces],
        link=lambda path: _absolute(site, path),
        machine_date=machine_date,
    )
