"""The article's blocks from a parsed page: trafilatura's main content, walked for its structure.

trafilatura finds the main content; its output tree still says what each block was (head, list item, quote,
paragraph, line breaks), which flat text would lose. What it misses is put back from the raw page: the lead
the publisher set apart from the body, and what short blocks were (picture captions, loose subheadings).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction

from toolkit.clean.html_settings import HtmlSettings
from toolkit.clean.lines import Hint
from toolkit.clean.text import joined_broken_words, normalize, preformatted, tidy

# trafilatura's internal tags (after its convert_tags) and what each tells the line rules; a head of rank h1
# is the headline.
_HINT_BY_TAG: dict[str, Hint] = {"head": "heading", "quote": "quote", "item": "list-item", "code": "code"}
_SKIPPED_TAGS = {"graphic"}
# Tags that hold blocks of their own: an element with one of these inside is walked, not read as one block.
_BLOCK_TAGS = {"p", "head", "list", "item", "quote", "code", "table", "row", "cell"}
_TRAILING_ELLIPSIS = re.compile(r"\s*(?:\.{2,}|…)\s*$")
_CAPTION_TAGS = ("figcaption", "caption")
_TEXT_HOLDING = etree.XPath("(//body//text()[contains(normalize-space(.), $needle)])[position() <= $most]")


@dataclass(frozen=True)
class ExtractedBlock:
    hint: Hint | None  # None: the markup does not say
    text: str


class ElementPaths:
    """Elements' paths in one page as lxml's getpath writes them (/html/body/div[2]/p[3]), each made from its
    parent's: getpath counts every ancestor's siblings again for each element asked, and a page of 20,000
    comments the extractor left out took 7 s to name them. Asked once the page is no longer changed."""

    def __init__(self) -> None:
        self._paths: dict[etree._Element, str] = {}
        self._steps: dict[etree._Element, dict[etree._Element, str]] = {}  # per parent, each child's last step

    def of(self, element: etree._Element) -> str:
        chain = []
        node: etree._Element | None = element
        while node is not None and node not in self._paths:
            if not isinstance(node.tag, str) or node.tag.startswith("{"):
                return element.getroottree().getpath(element)  # namespaced (XML islands): lxml's own spelling
            chain.append(node)
            node = node.getparent()
        path = "" if node is None else self._paths[node]
        for node in reversed(chain):
            parent = node.getparent()
            path += "/" + (_root_step(node) if parent is None else self._steps_under(parent)[node])
            self._paths[node] = path
        return path

    def _steps_under(self, parent: etree._Element) -> dict[etree._Element, str]:
        steps = self._steps.get(parent)
        if steps is None:
            children = [child for child in parent if isinstance(child.tag, str)]
            counts = Counter(child.tag for child in children)
            seen: Counter[str] = Counter()
            steps = {}
            for child in children:
                seen[child.tag] += 1
                steps[child] = child.tag if counts[child.tag] == 1 else f"{child.tag}[{seen[child.tag]}]"
            self._steps[parent] = steps
        return steps


def _root_step(root: etree._Element) -> str:
    """The root's step: numbered, as any element's, when the document holds another of its name beside it."""
    before = sum(1 for node in root.itersiblings(preceding=True) if node.tag == root.tag)
    if before or any(node.tag == root.tag for node in root.itersiblings()):
        return f"{root.tag}[{before + 1}]"
    return root.tag


@dataclass(frozen=True)
class PageBlock:
    """A block of the page's visible text: the text an element holds outside its child blocks, as the page shows
    it (inline elements add no space: "<a>advantages</a>." reads "advantages.")."""

    line: int  # the line of the HTML file where the element starts (0 when lxml does not know)
    text: str
    element: etree._Element = field(compare=False, repr=False)
    paths: ElementPaths = field(compare=False, repr=False)  # one for all the blocks of the page
    # The text split where the page breaks the line (<br>, a child block between): the extractor keeps each
    # run as a line of its own.
    runs: tuple[str, ...] = field(compare=False, repr=False)

    @property
    def path(self) -> str:
        """The element's path in the page, /html/body/div[2]/p[3]: asked of the blocks an explanation names, not
        of every block of the page."""
        return self.paths.of(self.element)


# Elements whose text reads as a block of its own on the page; inline elements (a, span, b) belong to theirs.
_PAGE_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"),
        *("figcaption", "caption", "address", "section", "article", "aside", "header", "footer", "nav", "main"),
        *("form", "label", "button", "option", "legend", "summary", "details", "figure", "table", "ul", "ol", "dl"),
        "body",
    }
)


def _runs(element: etree._Element) -> list[str]:
    """The element's text split where trafilatura kept a line break (<lb/>): each run is its own block."""
    runs: list[list[str]] = [[]]

    def visit(node: etree._Element) -> None:
        if node.tag == "lb":
            runs.append([])
        elif node.text:
            runs[-1].append(node.text)
        for child in node:
            visit(child)
            if child.tail:
                runs[-1].append(child.tail)

    visit(element)
    return [text for run in runs if (text := tidy("".join(run)))]


def _code_text(element: etree._Element) -> str:
    """A code block's text with its line breaks: those in its text, and a <br> (trafilatura's <lb/>)."""
    pieces = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):  # a comment shows nothing but its tail
            pieces.append("\n" if child.tag in ("lb", "br") else _code_text(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _is_block(element: etree._Element) -> bool:
    """Whether an element of the extractor's output is a block of its own. trafilatura writes a <pre> block and
    a word of code in a sentence alike, as <code>: the word in "a fresh copy of <code>root.hints</code>: it..."
    is on one line with text beside it, and cutting the paragraph there made three blocks of it."""
    if element.tag != "code":
        return element.tag in _BLOCK_TAGS
    parent = element.getparent()
    beside = [parent.text if parent is not None else None, element.tail]
    beside += [sibling.tail for sibling in element.itersiblings(preceding=True)]
    inline = "\n" not in "".join(element.itertext()).strip() and any(text and text.strip() for text in beside)
    return not inline


def _walk(element: etree._Element, hint: Hint, blocks: list[ExtractedBlock]) -> None:
    tag = element.tag
    if tag in _SKIPPED_TAGS:
        return
    hint = "title" if tag == "head" and element.get("rend") == "h1" else _HINT_BY_TAG.get(tag, hint)
    if not any(_is_block(child) for child in element):
        if hint == "code":
            if text := preformatted(_code_text(element)):
                blocks.append(ExtractedBlock(hint, text))
            return
        blocks.extend(ExtractedBlock(hint, text) for text in _runs(element))
        return
    # A container (a list, a table, a quote of paragraphs): its own loose text and each child block in order.
    if element.text and (text := tidy(element.text)):
        blocks.append(ExtractedBlock(hint, text))
    for child in element:
        _walk(child, hint, blocks)
        if child.tail and (text := tidy(child.tail)):
            blocks.append(ExtractedBlock(hint, text))


def remove_non_content(tree: HtmlElement, settings: HtmlSettings) -> None:
    """Drop script, style, template and the like from the page, keeping the text that follows them."""
    etree.strip_elements(tree, *settings.non_content_tags, with_tail=False)


# Where a line's end is the text's own, shown as the source writes it.
_PREFORMATTED = frozenset({"pre", "code", "textarea", "listing", "plaintext", "xmp"})


def join_broken_words(tree: HtmlElement) -> None:
    """Make one word again of each Latin word a page's hard-wrapped source breaks at a line's end at its hyphen
    (text.joined_broken_words), outside preformatted text."""
    # Smart strings: each knows its element and whether it is the element's text or its tail.
    texts = tree.xpath("//text()")
    for text, joined in zip(texts, joined_broken_words([str(text) for text in texts]), strict=True):
        if joined == text:
            continue
        element, inside = text.getparent(), _holding_element(text)
        if inside is None or not any(node.tag in _PREFORMATTED for node in (inside, *inside.iterancestors())):
            setattr(element, "text" if text.is_text else "tail", joined)


def page_blocks(tree: HtmlElement) -> list[PageBlock]:
    """The page's visible text as blocks in page order (call after remove_non_content: no script text)."""
    body = tree.find(".//body") if tree.tag != "body" else tree
    if body is None:
        return []

    def owner_of(element: etree._Element) -> etree._Element:
        while element.tag not in _PAGE_BLOCK_TAGS and element is not body:
            element = element.getparent()
        return element

    texts: dict[etree._Element, list[str]] = {}

    def add(text: str | None, owner: etree._Element) -> None:
        # Blanks between inline elements part their words; a block begins at its first letter.
        if text:
            owned = texts.setdefault(owner_of(owner), []) if text.strip() else texts.get(owner_of(owner))
            if owned is not None:
                owned.append(text)

    def line_break(owner: etree._Element) -> None:
        if (owned := texts.get(owner_of(owner))) is not None:
            owned.append("\n")

    # In document order: a tail after the text of the element it follows (iter() gives it before).
    for event, node in etree.iterwalk(body, events=("start", "end", "comment", "pi")):
        breaks = node is not body and (node.tag in _PAGE_BLOCK_TAGS or node.tag == "br")
        if event == "start":
            if breaks:
                line_break(node.getparent())
            add(node.text, node)
            continue
        if node is body:
            continue  # its tail is not in it
        if breaks:
            line_break(node.getparent())
        add(node.tail, node.getparent())  # comments and processing instructions show nothing but their tail
    paths = ElementPaths()
    blocks = []
    for element, parts in texts.items():
        runs = tuple(text for run in "".join(parts).split("\n") if (text := tidy(run)))
        if runs:
            blocks.append(PageBlock(element.sourceline or 0, " ".join(runs), element, paths, runs))
    return blocks


# Of the kept lines holding a block's rarest inner word, the first few are looked around for the block, spaces
# aside: a common word on a page of 100,000 paragraphs would make the lookup quadratic again.
_MOST_LINES_LOOKED_AROUND = 32
# How much of the page text next to a short block tells where it stands: a menu's next item or a paragraph's last
# words, enough that a word of a menu is not found beside them by chance.
_NEIGHBOUR_CHARS = 8


class _KeptText:
    """What the extractor kept, asked whether a page block's text is part of it (compared normalised). Most blocks
    are a kept line whole, found in a set; a longer one is looked for in the lines holding its rarest run of three
    whole words (its words whole, the first and last as they stand; the first and last may also be the end and
    the start of longer words, looked for only when some kept word so ends or starts: then in the lines holding
    its rarest inner words); a block of one or two words in all the text. Each text is looked up once. Searching
    all the text for every block took a page of 100,000 paragraphs a minute; the lines holding the rarest inner
    word, when every word is common on the page (its comments left out), 100 s at 20,000. Each index is made
    when first needed: the dateline's check asks of no block on most pages.

    Failing that, a block is looked for with its spaces left out, in the kept lines end to end, around the lines
    holding its rarest inner word: the extractor moves spaces ("Learn morehere" of "Learn more <a>here</a>") and
    cuts a paragraph at its inline <code> into lines in a row ("copy of" / "root.hints" / ":")."""

    def __init__(self, kept: list[str]):
        self._kept = kept
        self._held: dict[str, bool] = {}

    @cached_property
    def _lines(self) -> list[str]:
        return [normalize(text) for text in self._kept]

    @cached_property
    def _whole(self) -> set[str]:
        return set(self._lines)

    @cached_property
    def _text(self) -> str:
        """The kept lines, one a line: a text without a line break is in it where it is in one of them."""
        return "\n".join(self._lines)

    @cached_property
    def _unspaced(self) -> list[str]:
        return [line.replace(" ", "") for line in self._lines]

    @cached_property
    def _whole_unspaced(self) -> set[str]:
        return set(self._unspaced)

    @cached_property
    def _joined(self) -> str:
        """The kept lines without spaces, end to end."""
        return "".join(self._unspaced)

    @cached_property
    def _starts(self) -> list[int]:
        """Where each kept line begins in _joined."""
        starts, at = [], 0
        for line in self._unspaced:
            starts.append(at)
            at += len(line)
        return starts

    @cached_property
    def _lines_of_word(self) -> dict[str, list[int]]:
        lines_of_word: dict[str, list[int]] = {}
        for number, line in enumerate(self._lines):
            for word in set(line.split(" ")):
                lines_of_word.setdefault(word, []).append(number)
        return lines_of_word

    @cached_property
    def _lines_of_three(self) -> dict[tuple[str, str, str], list[int]]:
        """The lines holding each run of three whole words."""
        lines_of_three: dict[tuple[str, str, str], list[int]] = {}
        for number, line in enumerate(self._lines):
            words = line.split(" ")
            for three in set(zip(words, words[1:], words[2:], strict=False)):
                lines_of_three.setdefault(three, []).append(number)
        return lines_of_three

    @cached_property
    def _word_ends(self) -> set[str]:
        """Every end of a kept word shorter than the word."""
        return {word[start:] for word in self._lines_of_word for start in range(1, len(word))}

    @cached_property
    def _word_starts(self) -> set[str]:
        """Every start of a kept word shorter than the word."""
        return {word[:end] for word in self._lines_of_word for end in range(1, len(word))}

    def holds(self, text: str, before: str = "", after: str = "") -> bool:
        """Whether the text is part of the kept text; a text of one or two words, where it stands on the page: next
        to the end of the text `before` it or the start of the text `after` it (a word of a menu, "News", is in
        any article's "Newsroom"), or a kept line whole. Without either, wherever it is."""
        key = normalize(text)
        held = self._held.get(key)
        if held is None:
            held = self._held[key] = self._holds(key)
        if not held or key.count(" ") >= 2 or key in self._whole or not (before or after):
            return held
        unspaced = key.replace(" ", "")
        beside = [
            _unspaced(normalize(before))[-_NEIGHBOUR_CHARS:] + unspaced if before else None,
            unspaced + _unspaced(normalize(after))[:_NEIGHBOUR_CHARS] if after else None,
        ]
        return any(text in self._joined for text in beside if text)

    def _holds(self, key: str) -> bool:
        if key in self._whole:
            return True
        words = key.split(" ")
        unspaced = "".join(words)
        if len(words) < 3:
            return unspaced in self._joined
        lines_of_inner_words = [self._lines_of_word.get(word, []) for word in words[1:-1]]
        if self._in_a_line(key, words, lines_of_inner_words):
            return True
        if unspaced in self._whole_unspaced:
            return True
        around = min((numbers for numbers in lines_of_inner_words if numbers), key=len, default=[])
        return any(self._around(unspaced, number) for number in around[:_MOST_LINES_LOOKED_AROUND])

    def _in_a_line(self, key: str, words: list[str], lines_of_inner_words: list[list[int]]) -> bool:
        """Whether `key` (of three words or more) is part of a kept line: its words, but its first and last, are
        whole words of the line."""
        threes = [self._lines_of_three.get(three, []) for three in zip(words, words[1:], words[2:], strict=False)]
        if any(key in self._lines[number] for number in min(threes, key=len)):
            return True
        if words[0] not in self._word_ends and words[-1] not in self._word_starts:
            return False  # its first and last words could only be whole words of the line
        inner_threes = threes[1:-1]
        numbers = min(inner_threes or lines_of_inner_words, key=len)
        if len(numbers) > len(self._lines) // 4:
            return key in self._text
        return any(key in self._lines[number] for number in numbers)

    def _around(self, unspaced: str, number: int) -> bool:
        """Whether the text, spaces left out, is in the kept lines end to end where it would hold line `number`."""
        start = self._starts[number]
        end = start + len(self._unspaced[number])
        return self._joined.find(unspaced, max(0, start - len(unspaced)), end + len(unspaced)) >= 0


def left_out(blocks: list[PageBlock], kept: list[str]) -> list[PageBlock]:
    """The page's blocks whose text is not in what the extractor kept (nor the headline taken from the page): a
    block is kept when each of its runs is part of a kept line, a short run beside the runs next to it on the page
    (_KeptText.holds)."""
    kept_text = _KeptText(kept)
    runs = [(number, run) for number, block in enumerate(blocks) for run in block.runs]
    missed: set[int] = set()
    for at, (number, run) in enumerate(runs):
        before = runs[at - 1][1] if at else ""
        after = runs[at + 1][1] if at + 1 < len(runs) else ""
        if number not in missed and not kept_text.holds(run, before, after):
            missed.add(number)
    return [block for number, block in enumerate(blocks) if number in missed]


# What a page element says its text is, for a block put back from the page; any other element leaves it to the
# line rules. An h1 is the headline, as trafilatura's head of rank h1.
_HINT_BY_PAGE_TAG: dict[str, Hint] = {
    "h1": "title",
    **dict.fromkeys(("h2", "h3", "h4", "h5", "h6"), "heading"),
    "p": "paragraph",
    "li": "list-item",
    "blockquote": "quote",
    **dict.fromkeys(_CAPTION_TAGS, "caption"),
}
# How many characters (spaces left out) of a page block's start index it: enough to tell most blocks apart, few
# enough that a headline of a few Chinese characters is found whole.
_PAGE_KEY_CHARS = 8
# How many of those page blocks must be marked as blocks (a paragraph, a heading, an item): a line the page builds
# of <div>s or <span>s ("Posted on" / "Nov 21, 2018", a teaser and its button) is one line to a reader, and the
# line rules judge it whole.
_MIN_MARKED_BLOCKS = 2
_MOST_RUN_STARTS = 3


def _unspaced(text: str) -> str:
    return "".join(text.split())


def _collapsed_run(text: str, page: list[PageBlock], starts: dict[str, list[int]]) -> list[PageBlock]:
    """The page blocks in a row whose texts end to end (spaces left out) are the block's text, when enough of
    them are marked blocks; empty otherwise."""
    for chars in range(1, _PAGE_KEY_CHARS + 1):
        # The first few only: on a page of many blocks beginning alike each block would be tried from each.
        for first in starts.get(text[:chars], ())[:_MOST_RUN_STARTS]:
            run, at, index = [], 0, first
            while at < len(text) and index < len(page):
                piece = _unspaced(page[index].text)
                if not text.startswith(piece, at):
                    break
                run.append(page[index])
                at += len(piece)
                index += 1
            marked = sum(1 for block in run if block.element.tag in _HINT_BY_PAGE_TAG)
            if at == len(text) and marked >= _MIN_MARKED_BLOCKS:
                return run
    return []


def split_collapsed(blocks: list[ExtractedBlock], page: list[PageBlock]) -> list[ExtractedBlock]:
    """The blocks, with one that runs several of the page's blocks together put back as those blocks, each hinted
    by its element.

    On a short article (its text a few hundred characters: a brief, or one in Chinese, whose characters carry more
    than Latin letters) holding a line trafilatura drops (a date or source line), trafilatura falls back on its
    baseline extraction, which gives the whole <article> as one paragraph: headline, date line, subheadings and
    body in one block, which no line rule can take apart again.
    """
    starts: dict[str, list[int]] = {}
    for index, block in enumerate(page):
        starts.setdefault(_unspaced(block.text)[:_PAGE_KEY_CHARS], []).append(index)
    whole = {_unspaced(block.text) for block in page}
    split: list[ExtractedBlock] = []
    for block in blocks:
        text = _unspaced(block.text)
        run = _collapsed_run(text, page, starts) if block.hint == "paragraph" and text not in whole else []
        if not run:
            split.append(block)
            continue
        for source in run:
            hint = _HINT_BY_PAGE_TAG.get(source.element.tag)
            split.extend(ExtractedBlock(hint, text) for text in source.runs)
    return split


def main_content(tree: HtmlElement, settings: HtmlSettings) -> list[ExtractedBlock]:
    """trafilatura's main content as blocks in page order; empty when it finds none. Where its focus finds nothing
    at all (every one of its algorithms came back empty: wcxb's page 4111, a restaurant guide's 1,900 words in
    <article>), again with its recall focus. trafilatura escalates to recall by itself only when it found a little
    text, never when it found none, and then gave the page no article at all."""
    document = _extraction(tree, settings.extraction_focus, settings)
    if document is None and settings.extraction_focus != "recall":
        document = _extraction(tree, "recall", settings)
    if document is None or document.body is None:
        return []
    blocks: list[ExtractedBlock] = []
    # The body itself is walked: text trafilatura left loose in it (after a <head>) is content too.
    _walk(document.body, "paragraph", blocks)
    return blocks


def _extraction(tree: HtmlElement, focus: str, settings: HtmlSettings):
    return bare_extraction(
        tree,
        output_format="xml",
        include_comments=False,
        include_tables=settings.include_tables,
        include_images=False,
        include_links=False,
        include_formatting=False,
        favor_precision=focus == "precision",
        favor_recall=focus == "recall",
        with_metadata=False,
    )


def _lead_container(text_node: etree._ElementUnicodeResult, settings: HtmlSettings) -> etree._Element | None:
    element = text_node.getparent()
    if element is not None and text_node.is_tail:
        element = element.getparent()
    while element is not None and element.tag not in settings.lead_container_tags:
        element = element.getparent()
    return element


def find_lead(
    tree: HtmlElement, description: str | None, blocks: list[ExtractedBlock], settings: HtmlSettings
) -> str | None:
    """The lead paragraph as printed on the page, when the page's description names it and the body lacks it.

    The description in the head is the publisher's lead, often cut off ("..."); the page element whose text
    begins the same way is the lead as printed, in full.
    """
    if not description:
        return None
    summary = _TRAILING_ELLIPSIS.sub("", tidy(html.unescape(description)))
    if len(summary) < settings.min_lead_description_chars:
        return None
    probe = normalize(summary)[: settings.lead_probe_chars]
    if any(probe in normalize(block.text) for block in blocks):
        return None
    needle = " ".join(summary.split()[: settings.lead_needle_words])
    for text_node in _TEXT_HOLDING(tree, needle=needle, most=settings.lead_lookup_matches):
        container = _lead_container(text_node, settings)
        if container is None:
            continue
        lead = tidy(container.text_content())
        if len(lead) > settings.max_lead_chars:
            lead = tidy(str(text_node))
        if normalize(lead).startswith(probe):
            return lead
    return None


def _in_caption_box(element: etree._Element, settings: HtmlSettings) -> bool:
    """Whether the element sits in a caption box: a figcaption, a table caption, or a small box whose class or
    id names a picture, a few levels up at most."""
    for depth, box in enumerate((element, *element.iterancestors())):
        if depth > settings.caption_box_depth:
            return False
        names = f"{box.get('class') or ''} {box.get('id') or ''}".lower()
        if box.tag in _CAPTION_TAGS or any(token in names for token in settings.caption_box_tokens):
            return len(tidy(box.text_content())) <= settings.max_caption_chars
    return False


def _block_starts(page: list[PageBlock], chars: int) -> dict[str, list[etree._Element]]:
    """The page's block elements by the first `chars` characters of their text: most blocks the extractor
    keeps start where a page element's text does, and a dictionary finds them without searching the page."""
    starts: dict[str, list[etree._Element]] = {}
    for block in page:
        starts.setdefault(block.text[:chars], []).append(block.element)
    return starts


def _source_elements(
    tree: HtmlElement, text: str, settings: HtmlSettings, starts: dict[str, list[etree._Element]]
) -> list[etree._Element]:
    """The first few page elements whose own text holds the start of the block: those it begins, else (a
    search of the page's text) those that hold it anywhere."""
    if found := starts.get(text[: settings.lookup_chars]):
        return found[: settings.lookup_matches]
    elements = []
    for text_node in _TEXT_HOLDING(tree, needle=text[: settings.lookup_chars], most=settings.lookup_matches):
        if (element := _holding_element(text_node)) is not None:
            elements.append(element)
    return elements


def _holding_element(text_node: etree._ElementUnicodeResult) -> etree._Element | None:
    """The element a text node (an lxml smart string) is the content of: its parent's for an element's text, its
    parent's parent's for the tail after an element."""
    element = text_node.getparent()
    return element.getparent() if element is not None and text_node.is_tail else element


def _in_paragraph(element: etree._Element) -> bool:
    return element.tag == "p" or next(element.iterancestors("p"), None) is not None


def _markup_hint(
    tree: HtmlElement, block: ExtractedBlock, settings: HtmlSettings, starts: dict[str, list[etree._Element]]
) -> Hint | None:
    """What the page's markup makes of a short block trafilatura calls a paragraph."""
    elements = _source_elements(tree, block.text, settings, starts)
    if not elements:
        return block.hint
    if any(_in_caption_box(element, settings) for element in elements):
        return "caption"
    if any(_in_paragraph(element) for element in elements):
        return "paragraph"
    return None  # loose text between line breaks: a subheading or a paragraph, the line rules tell


def _pre_holding(
    tree: HtmlElement, block: ExtractedBlock, settings: HtmlSettings, starts: dict[str, list[etree._Element]]
) -> etree._Element | None:
    """The page's <pre> a block comes from, if it does: trafilatura calls a <pre> code only when its text looks
    like code to it ("{", "def "), and a quote otherwise, its line breaks gone."""
    for element in _source_elements(tree, block.text, settings, starts):
        if element.tag == "pre":
            return element
        if (pre := next(element.iterancestors("pre"), None)) is not None:
            return pre
    return None


def _in_embed_box(element: etree._Element, tokens: frozenset[str]) -> bool:
    return any(not tokens.isdisjoint((box.get("class") or "").split()) for box in (element, *element.iterancestors()))


# A post's signature in its embed's fallback text: "— Name (@handle) date", "A post shared by Name (@handle)".
_SIGNED_HANDLE = re.compile(r"\(@\w+\)")
# A bare web address a post links to: "pic.twitter.com/AbC123", "https://t.co/x".
_BARE_ADDRESS = re.compile(r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}/\S*", re.IGNORECASE)


def _post_words(block: PageBlock) -> bool:
    """Whether a page block of an embed's box is the post's own words: a paragraph of it, not its signature."""
    return _in_paragraph(block.element) and not _SIGNED_HANDLE.search(block.text)


def _post_and_addresses(text: str) -> list[ExtractedBlock]:
    """A post's words, a quote of the article, and apart from them the addresses the post links to."""
    words = tidy(_BARE_ADDRESS.sub(" ", text))
    addresses = [ExtractedBlock("embed", address) for address in _BARE_ADDRESS.findall(text)]
    return [ExtractedBlock("quote", words), *addresses] if words else addresses


def mark_embedded_posts(
    blocks: list[ExtractedBlock], page: list[PageBlock], settings: HtmlSettings
) -> list[ExtractedBlock]:
    """The blocks, with the fallback text of an embedded post's box ([html] embed_box_tokens) hinted "embed": its
    signature ("— Name (@handle) date", "A post shared by ..."), the platform's words ("View this post on
    Instagram"), the addresses the post links to ("pic.twitter.com/AbC123"). The post's own words, the paragraph
    the article embeds it for, are a quote of the article's. A block the page prints outside the box too is left
    as it is."""
    tokens = frozenset(settings.embed_box_tokens)
    inside, words, outside = [], [], []
    for block in page:
        key = normalize(block.text)
        if _in_embed_box(block.element, tokens):
            inside.append(key)
            if _post_words(block):
                words.append(key)
        else:
            outside.append(key)
    if not inside:
        return blocks
    embedded = " ".join(inside)
    marked: list[ExtractedBlock] = []
    for block in blocks:
        key = normalize(block.text)
        if key not in embedded or any(key in text for text in outside):
            marked.append(block)
        elif any(key in text for text in words):
            marked.extend(_post_and_addresses(block.text))
        else:
            marked.append(ExtractedBlock("embed", block.text))
    return marked


def refine_hints(
    tree: HtmlElement, blocks: list[ExtractedBlock], settings: HtmlSettings, page: list[PageBlock]
) -> list[ExtractedBlock]:
    """The blocks, with each short "paragraph" hinted by the page's own markup: caption, paragraph or nothing;
    and a "quote" that is a <pre> of the page made its code block, with the <pre>'s line breaks.

    trafilatura turns every text run into a <p>; a short one may be a photo caption, or a subheading set off
    by line breaks, and the line rules should not be told it is a paragraph. Past the first few dozen short
    blocks the page is a list of them, and the rest keep trafilatura's word.
    """
    refined, lookups = [], 0
    starts = _block_starts(page, settings.lookup_chars)
    last_pre = None
    for block in blocks:
        if block.hint == "quote" and lookups < settings.max_lookups:
            lookups += 1
            if (pre := _pre_holding(tree, block, settings, starts)) is not None:
                # Cut at its <br>s the <pre> made several quotes: it is one block.
                if pre is not last_pre and (text := preformatted(_code_text(pre))):
                    refined.append(ExtractedBlock("code", text))
                last_pre = pre
                continue
        last_pre = None
        short = block.hint == "paragraph" and len(block.text) <= settings.short_block_chars
        if short and lookups < settings.max_lookups:
            lookups += 1
            block = ExtractedBlock(_markup_hint(tree, block, settings, starts), block.text)
        refined.append(block)
    return refined
