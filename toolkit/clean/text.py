"""Raw text to SourceLines, and the one normalisation every comparison of the cleaner uses."""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from toolkit.clean.lines import SourceLine
from toolkit.scripts import ARABIC_PRESENTATION_FORMS, BIDI_CONTROLS, FORBIDDEN_IN_HTML

if TYPE_CHECKING:  # the settings' module is not loaded by what imports this one only to compare text
    from toolkit.clean.settings import LineThresholds

# Dropped from the text shown: a zero width space, a byte order mark and a soft hyphen are encoding leftovers;
# explicit bidi embeddings, overrides and isolates come in pairs a scraper splits, and an unpaired one reverses
# whatever follows it, while the site sets each block's direction itself; a character HTML forbids (a stray NUL
# or escape in a pasted text) is no letter, but one that is also a blank (a form feed) still parts two words.
_JUNK = re.compile(f"[\u200b{''.join(sorted(BIDI_CONTROLS))}\ufeff\u00ad]|(?!\\s){FORBIDDEN_IN_HTML.pattern}")
# Kept inside the text: the zero width non-joiner and joiner are spelling (Persian and Urdu write "می‌شود" with
# a ZWNJ; emoji sequences need the ZWJ), and the left-to-right and right-to-left marks put punctuation and
# digits on the right side where Arabic and Latin runs meet. At either end of a line they join nothing and
# only restate the line's direction, which the site sets, so they go there (a line of marks alone is blank).
_EDGE_MARKS = " \u200c\u200d\u200e\u200f"
_INVISIBLE_CHARS = "\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad"
# Harakat, Quranic marks, superscript alef and tatweel carry no meaning for matching; nor do invisible marks.
_IGNORED = re.compile(f"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640{_INVISIBLE_CHARS}]")
_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ک": "ك",
    "ی": "ي",
    "ۀ": "ه",
    **{chr(0x0660 + digit): str(digit) for digit in range(10)},
    **{chr(0x06F0 + digit): str(digit) for digit in range(10)},
}


def _fold(text: str) -> str:
    # str.translate looks every character up in a dict: a replace per folded character the text holds takes a
    # fifth of the time (no folded character is another's replacement, so their order does not matter).
    for char, folded in _FOLD.items():
        if char in text:
            text = text.replace(char, folded)
    return text


# A sentence may end with its closing quotes or brackets, and a short bracketed credit: "... مكانها. (رويترز)".
_SENTENCE_END = re.compile(r"[.!?؟:؛;۔。！？：][\"'»”’)\]\s]*(?:\([^()]{1,30}\)\s*)?$")
_FULL_STOP = re.compile(r"[.!۔。！][\"'»”’)\]\s]*(?:\([^()]{1,30}\)\s*)?$")


def ends_like_sentence(text: str) -> bool:
    """Whether the line ends as a sentence or a clause that introduces one does (a stop, a question mark, a
    colon or semicolon, in any script): the one test the line rules, the layout and corpus evidence share."""
    return bool(_SENTENCE_END.search(text))


def ends_with_stop(text: str) -> bool:
    """Whether the line ends with a full stop or an exclamation mark (not a question, colon or semicolon)."""
    return bool(_FULL_STOP.search(text))


# Arabic presentation forms: the engine, the translation memory and search know only the letters, and the
# browser shapes letters itself: each form is taken back to the letters it shows (NFKC), a mark's form to the
# mark alone (NFKC would put a space or a tatweel before it).
_PRESENTATION_FORMS = re.compile(f"[{ARABIC_PRESENTATION_FORMS}]")


def _letters_of(form: str) -> str:
    letters = unicodedata.normalize("NFKC", form)
    return letters.lstrip(" \u0640") if "\ufe70" <= form <= "\ufe7f" else letters


_LETTERS_OF_FORMS = {
    code: _letters_of(chr(code))
    for code in range(0xFB50, 0xFF00)
    if _PRESENTATION_FORMS.match(chr(code)) and unicodedata.normalize("NFKC", chr(code)) != chr(code)
}


def letters_for_forms(text: str) -> str:
    """`text` with its Arabic presentation forms made the letters they show (the rest as it was)."""
    return text.translate(_LETTERS_OF_FORMS) if _PRESENTATION_FORMS.search(text) else text


def tidy(text: str) -> str:
    """The line as shown: encoding and bidi junk dropped, presentation forms made letters, runs of spaces
    made one space, ends trimmed."""
    text = letters_for_forms(text)
    # str.split() and the regex \s agree on what a blank is; splitting is ten times as fast as substituting.
    return " ".join(_JUNK.sub("", text).split()).strip(_EDGE_MARKS)


def preformatted(text: str) -> str:
    """A preformatted block (code, a listing) as shown: its lines and their indentation kept, each line's end
    trimmed, blank lines at both ends and the indentation all its lines share removed (the page's markup
    indented the <pre>), encoding and bidi junk dropped and presentation forms made letters as in `tidy`."""
    shown = _JUNK.sub("", letters_for_forms(text)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in shown.split("\n")]
    return textwrap.dedent("\n".join(lines)).strip("\n")


# Enough for every line of a dozen pages (the 13 raw devdata and seed pages have 903 distinct lines), so a
# page's lines stay cached while its rules compare them and a menu that recurs on every page stays cached; a
# bigger cache mostly holds body paragraphs that never come back, and grows with the corpus (65,536 lines:
# ~65 MB; 4096 lines: ~4.5 MB, 3.3 MB more at every corpus size of bench/scale.py for the same hits).
NORMALIZE_CACHE_LINES = 1024


@lru_cache(maxsize=NORMALIZE_CACHE_LINES)
def normalize(text: str) -> str:
    """The line as compared: no diacritics, one alef, ASCII digits, lower case, single spaces.

    Cached: corpus evidence and the line rules compare the same lines, and a site's menus recur on every page.
    """
    return " ".join(_fold(_IGNORED.sub("", unicodedata.normalize("NFKC", text))).lower().split())


def text_lines(
    text: str,
    limits: LineThresholds | None = None,
    stands_alone: Callable[[str], bool] | None = None,
    opens_own_line: Callable[[str], bool] | None = None,
) -> list[SourceLine]:
    """One SourceLine per line of the file, numbered from 1 as an editor shows them, blank lines included; with
    the cleaner's `limits`, a hard-wrapped paragraph is one line, numbered as its first (`unwrapped`; a line
    `stands_alone` says is a line of its own is never joined, and lines a fill over the whole file ran together are
    parted where a label `opens_own_line` says a line opens with starts). A text quoted in an e-mail is read
    without its quotation marks (`unquoted`). A heading written as Markdown writes it (`marked_heading`) is its
    words, hinted as the title or a heading."""
    raw, quoted = unquoted(text.split("\n"))
    lines = [marked_heading(SourceLine(number, tidy(line))) for number, line in enumerate(raw, start=1)]
    if limits is None:
        return lines
    lines, quoted, continued = paged(lines, quoted, [line.startswith("\f") for line in raw])
    # The mail's own line above a quotation ("On ... wrote:") is no part of the quotation's first paragraph.
    unquoting = {index for index in range(len(lines) - 1) if quoted[index] != quoted[index + 1]}
    words = text_words(["\n".join(line.text for line in lines)], _BROKEN_AT_LINE_END)
    return _rejoined(unwrapped(lines, limits, words, stands_alone, unquoting, opens_own_line), continued, words)


# A printed page's number alone on its line, as a PDF's text gives it: "- 3 -", "صفحة ٣ من ١٢", "Page 3 of 12",
# "3/12", "[3]" (matched normalised: ASCII digits, ة as ه); not four digits alone, a year's.
_PAGE_NUMBER = re.compile(
    r"[-–—|•·\[(\s]*(?:(?:الصفحه|صفحه|ص|page|p)\.?\s*)?\d{1,3}(?:\s*(?:من|/|of)\s*\d{1,4})?[-–—|•·\])\s]*"
)
# Lines of a running header or footer looked at on each side of a page break (its page number aside).
_PAGE_EDGE_LINES = 2


def paged(
    lines: list[SourceLine], quoted: list[bool], form_feeds: list[bool]
) -> tuple[list[SourceLine], list[bool], set[int]]:
    """Text taken from a PDF, page by page: each page's running header and footer and its number (a line the
    text repeats at page breaks, digits aside, or a page number) hinted "page", for the rule page_furniture; read
    as text they were paragraphs in the middle of the article. A page break is a form feed (pdftotext) or, in
    text pasted from a viewer, a page number with its marks where there are two or more in ascending order. A
    paragraph the break cut in two (its part above leaves its sentence open) is put back together: the break's
    lines are moved after the paragraph's end, so that unwrapping joins its lines; the number of each line below
    a break it joins is returned for `_rejoined`, for a text that is not wrapped. Lines and their quoted flags
    move together."""
    keys = [normalize(line.text) for line in lines]
    numbered = [index for index, key in enumerate(keys) if key and _PAGE_NUMBER.fullmatch(key)]
    breaks = [index for index, feed in enumerate(form_feeds) if feed]
    # Without a form feed, a page number is told by its marks ("- 3 -", "صفحة ٣ من ١٢"): a figure alone in
    # ascending order numbers an article's sections as often, and the headline above the first was taken for a
    # paragraph the page cut, and joined to the one after it.
    marked = [index for index in numbered if not keys[index].isdigit()]
    pages = [int(re.findall(r"\d+", keys[index])[0]) for index in marked]
    if len(marked) >= 2 and pages == sorted(pages) and len(set(pages)) == len(pages):
        breaks += marked
    if not breaks:
        return lines, quoted, set()
    masked = [re.sub(r"\d+", "0", key) for key in keys]
    repeats = {key for key, count in Counter(masked).items() if key and count > 1}
    furniture: set[int] = set()
    for start in breaks:
        for step in (-1, 1):
            index, seen = start, 0
            while 0 <= index < len(lines) and seen <= _PAGE_EDGE_LINES:
                if keys[index]:
                    if masked[index] not in repeats and index not in numbered:
                        break
                    furniture.add(index)
                    seen += 1
                index += step
    running = {masked[index] for index in furniture} & repeats
    furniture |= {index for index, key in enumerate(masked) if key in running}
    hinted = [line._replace(hint="page") if index in furniture else line for index, line in enumerate(lines)]
    return _moved_breaks(hinted, quoted, furniture)


def _moved_breaks(
    lines: list[SourceLine], quoted: list[bool], furniture: set[int]
) -> tuple[list[SourceLine], list[bool], set[int]]:
    """Each run of page furniture and blank lines that cuts a paragraph open above it moved after that
    paragraph's end."""
    order = list(range(len(lines)))
    continued: set[int] = set()
    index = 0
    while index < len(order):
        if order[index] not in furniture:
            index += 1
            continue
        start = index
        while index < len(order) and (order[index] in furniture or not lines[order[index]].text):
            index += 1
        above = start - 1
        while above >= 0 and not lines[order[above]].text:
            above -= 1
        if (
            above < 0
            or index >= len(order)
            or order[above] in furniture
            or ends_like_sentence(lines[order[above]].text)
        ):
            continue
        end = index
        while end < len(order) and lines[order[end]].text and order[end] not in furniture:
            end += 1
        continued.add(lines[order[index]].number)
        order[above + 1 : end] = order[index:end] + order[above + 1 : index]
        index = end
    return [lines[index] for index in order], [quoted[index] for index in order], continued


def _rejoined(lines: list[SourceLine], continued: set[int], words: Counter[str]) -> list[SourceLine]:
    """A paragraph a page break cut, joined where unwrapping left its two parts apart (a text that is not hard
    wrapped: a paragraph a line)."""
    cut = {index for index in range(1, len(lines)) if lines[index].number in continued and lines[index - 1].text}
    return _joined_up(lines, cut, words)


def _joined_up(lines: list[SourceLine], joining_above: set[int], words: Counter[str]) -> list[SourceLine]:
    """`lines` with each line of an index in `joining_above` joined to the line above it (`_joined`)."""
    joined: list[SourceLine] = []
    for index, line in enumerate(lines):
        if index in joining_above:
            joined[-1] = joined[-1]._replace(text=_joined(joined[-1].text, line.text, words))
        else:
            joined.append(line)
    return joined


# An e-mail's quotation marks at a line's start: "> ", "> > ", ">>".
_QUOTE_MARKS = re.compile(r"[ \t]*((?:>[ \t]?)+)")


def unquoted(lines: list[str]) -> tuple[list[str], list[bool]]:
    """The lines of a text quoted in an e-mail (most lines that are not blank open with ">": a reply's or a
    forward's quotation, perhaps under "On ... wrote:") without the marks the quoted lines share, and which lines
    were quoted: read as they were, each line kept its "> ", each paragraph became one block per line and the marks
    were translated with the words. A text with fewer quoted lines is given as it is: a quotation inside an article
    is the article's."""
    marked = [_QUOTE_MARKS.match(line) if line.strip() else None for line in lines]
    depths = [marks[1].count(">") for marks in marked if marks]
    written = sum(1 for line in lines if line.strip())
    if len(depths) < 2 or 2 * len(depths) <= written:
        return lines, [False] * len(lines)
    shared = min(depths)
    kept = [_without_marks(line, marks, shared) for line, marks in zip(lines, marked, strict=True)]
    return kept, [marks is not None for marks in marked]


def _without_marks(line: str, marks: re.Match[str] | None, count: int) -> str:
    if marks is None:  # a blank line, or one of the mail's own
        return line
    kept, taken = marks.start(1), 0
    while taken < count:
        kept = line.index(">", kept) + 1
        taken += 1
    if kept < len(line) and line[kept] in " \t":
        kept += 1
    return line[kept:]


# Markdown's heading line ("# Title", "## Subheading ##"): text saved by trafilatura's or a CMS's Markdown export,
# or by a writer who marks headings so, in a .txt file. "#غزة" is a hashtag: the marks need a space after them.
_MARKED_HEADING = re.compile(r"(#{1,6})\s+(\S.*?)(?:\s+#+)?")


def marked_heading(line: SourceLine) -> SourceLine:
    """A Markdown heading line as its words, hinted as the title ("#") or a heading ("##" to "######"), as an HTML
    page's <h1> and <h2> are; any other line as it is. A line that ends its sentence is no heading: a scraped
    paragraph opening with "# " keeps its text as written."""
    found = _MARKED_HEADING.fullmatch(line.text)
    if found is None or ends_with_stop(found[2]):
        return line
    return SourceLine(line.number, found[2], "title" if len(found[1]) == 1 else "heading")


def _columns(text: str) -> int:
    """The columns a terminal gives the text: two for a wide (CJK) character, none for a combining mark."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text
    )


def _utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


# How wrapping tools measure a line: in columns (lynx, w3m, a terminal editor), in characters (Python's textwrap,
# most editors' hard wrap), in bytes (GNU fmt and fold count bytes, two an Arabic letter).
_WRAP_MEASURES = (_columns, len, _utf8_bytes)


# A Latin word as the text writes it, a compound's hyphens inside it ("well-known"); a word broken at a line's end is
# its head and the hyphen there, and its tail opening the next line.
_LATIN_LETTERS = "A-Za-z\u00c0-\u024f"
_LATIN_WORD_PATTERN = rf"[{_LATIN_LETTERS}]+(?:-[{_LATIN_LETTERS}]+)*"
_LATIN_WORD = re.compile(_LATIN_WORD_PATTERN)
# The longest word a wrap's hyphen may follow inside a longer word though it is a word of its own ("in-" / "formation").
SHORT_WORD_HEAD = 3
_HEAD_PATTERN = rf"(?<![\w-])([{_LATIN_LETTERS}]+)-"
_TAIL_PATTERN = rf"{_LATIN_WORD_PATTERN}(?![\w-])"
_BROKEN_HEAD = re.compile(rf"{_HEAD_PATTERN}$")
_BROKEN_TAIL = re.compile(_TAIL_PATTERN)
# A Latin word broken at a line's end: between two lines of a text file, or inside one text of a page, whose source
# hard-wraps its paragraphs as a text file does and where any blanks around the line break, a blank line too, show
# as one space.
_BROKEN_AT_LINE_END = re.compile(rf"{_HEAD_PATTERN}\n({_TAIL_PATTERN})")
_BROKEN_IN_TEXT = re.compile(rf"{_HEAD_PATTERN}[ \t]*\n\s*({_TAIL_PATTERN})")


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """English's common words (jusText's stoplist, which trafilatura's boilerplate removal uses too): where both
    parts of a word hyphenated at a line's end are words, it is a compound ("well-" / "known", "long-" / "term")."""
    import justext  # only a text with a word hyphenated at a wrap needs it

    return frozenset(word.casefold() for word in justext.get_stoplist("English"))


def text_words(texts: Iterable[str], broken: re.Pattern[str]) -> Counter[str]:
    """How often the texts write each Latin word whole, in lower case, a compound as one word: what a word broken at
    a line's end is told from. The parts of a word hyphenated at a line's end (`broken`'s matches) are not
    counted."""
    return Counter(word.casefold() for text in texts for word in _LATIN_WORD.findall(broken.sub(" ", text)))


def _broken_word(head: str, tail: str, words: Counter[str]) -> bool:
    """Whether a Latin word hyphenated at a line's end is one word a wrap broke ("Bal-" / "anced"), not a compound
    ("well-" / "known"): the text writes it whole elsewhere, or never hyphenated elsewhere and its parts are lower
    case letters (a capital may open it) of which the tail is no word of its own, in the text or common English
    ones, nor the head but a short one ("in-" / "formation", "at-" / "tention"). Over the 120 pages of the WCXB
    development split's gold text, a compound wrapped at its hyphen is glued by this in 11.8% of cases and a long
    word broken at random is joined in 96.4% (if both parts had to be words for a compound: 29.9% and 99.6%)."""
    joined, hyphenated = f"{head}{tail}".casefold(), f"{head}-{tail}".casefold()
    if words[hyphenated] or "-" in tail:
        return False
    if words[joined]:
        return True
    if not (head[1:].islower() or len(head) == 1) or not tail.islower():  # a name, an acronym: "Jean-" / "Pierre"
        return False
    common = _common_words()
    if tail.casefold() in common or words[tail.casefold()]:
        return False
    return len(head) <= SHORT_WORD_HEAD or not (head.casefold() in common or words[head.casefold()])


_HYPHEN_AT_LINE_END = re.compile(r"-[ \t]*\n")


def joined_broken_words(texts: list[str]) -> list[str]:
    """Texts (a page's text nodes, read as one text) with each Latin word broken at a line's end at its hyphen made
    one word again: whole where a wrap broke it, hyphenated where it is a compound (`_broken_word`). A browser and
    the extractor show a blank where the line broke ("Bal- anced", "well- known")."""
    broken = {
        index for index, text in enumerate(texts) if _HYPHEN_AT_LINE_END.search(text) and _BROKEN_IN_TEXT.search(text)
    }
    if not broken:  # most pages: their words need no counting
        return texts
    words = text_words(texts, _BROKEN_IN_TEXT)

    def whole(match: re.Match[str]) -> str:
        head, tail = match[1], match[2]
        return head + tail if _broken_word(head, tail, words) else f"{head}-{tail}"

    return [_BROKEN_IN_TEXT.sub(whole, text) if index in broken else text for index, text in enumerate(texts)]


def _joined(first: str, second: str, words: Counter[str]) -> str:
    """Two lines of one paragraph as one: a space between them, but none after a word broken at its hyphen
    (`روسيا-` / `الناتو`, `well-` / `known`), whose hyphen goes where a wrap broke a Latin word (`Bal-` / `anced`,
    `_broken_word` over the text's `words`), nor between two wide characters (Chinese and Japanese put no space
    between words)."""
    if len(first) > 1 and first[-1] == "-" and not first[-2].isspace():
        head, tail = _BROKEN_HEAD.search(first), _BROKEN_TAIL.match(second)
        if head and tail and _broken_word(head[1], tail[0], words):
            return first[:-1] + second
        return first + second
    if _is_wide(first[-1]) and _is_wide(second[0]):
        return first + second
    return f"{first} {second}"


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


# A list item's marker at the start of a line: never the rest of the line above, unless that line leaves its sentence
# open in a block that holds no list (`_list_items`).
_LIST_ITEM = re.compile(r"[-*+•·o▪◦]\s|\[\d+\]|\d{1,3}[.)]\s")


def _list_items(lines: list[SourceLine]) -> set[int]:
    """The lines that open a list item: a marker at the start of a line that opens its block (after a blank
    line), follows a line that ends its sentence or clause, or follows another list item of its block. A marker
    after a line left open is the sentence going on: a wrapping tool broke the line before a dash
    ("(سبوتنيك" / "- 01 فبراير 2022) أوضح ...") or a number ("rose to" / "12. Officials said")."""
    items: set[int] = set()
    in_list = False
    for index, line in enumerate(lines):
        if not line.text:
            in_list = False
            continue
        if _LIST_ITEM.match(line.text) and (
            in_list or index == 0 or not lines[index - 1].text or ends_like_sentence(lines[index - 1].text)
        ):
            items.add(index)
            in_list = True
    return items


def _evenness(widths: list[int], followed: list[int]) -> float:
    """How near the lines that go on to another line come to the widest line, in one measure (their median
    share of it): the measure the wrapping tool counted in is the one that fills its lines most evenly. Counted
    in another, a line of Latin letters in an Arabic text wrapped by GNU fmt (which counts bytes, two an Arabic
    letter) stands out as the widest and makes every other line look short."""
    width = max(widths, default=0)
    return statistics.median(widths[index] / width for index in followed) if followed and width else 0.0


# A line of a block of fields, a label of a word or two and its colon: a forwarded mail's header ("From: ...",
# "أُرسلت: ..."). Two such lines in a row are no prose a width broke: as a list's lines, they outnumbered the
# wrapped lines of a short article under them, which was then read a line a block.
_FIELD_LINE = re.compile(r"[^\s:：]+(?:\s[^\s:：]+)?\s*[:：]\s*\S")


def unwrapped(
    lines: list[SourceLine],
    limits: LineThresholds,
    words: Counter[str],
    stands_alone: Callable[[str], bool] | None = None,
    kept_apart: set[int] | frozenset[int] = frozenset(),
    opens_own_line: Callable[[str], bool] | None = None,
) -> list[SourceLine]:
    """The lines with each hard-wrapped paragraph joined into one. A text wrapped at a width (`lynx -dump`,
    `fmt`, an e-mail) breaks a line only where the next word would not fit on it; read line by line, each
    paragraph became several blocks, translated apart, the first ones often cut as the page's header. In the
    measure that fills the text's lines most evenly (`_evenness`), a break is joined where the line and the next
    one's first word would come near the text's widest line (LineThresholds.wrap_fill of it; wrap_open_fill for
    a line that leaves its sentence open, as GNU fmt, which balances a paragraph's lines, leaves some), unless the
    next line opens a list item or `stands_alone` (a dispatch's dateline under a headline that fills the width:
    "الرياض واس"; a dateline that opens a paragraph is the first words of its first line; a line ending with a
    full stop ends a sentence, and stands alone never) or the break is
    `kept_apart` (the index of the line above it), and only in a text whose lines are all short and broken so
    often enough (two lines of fields in a row, `_FIELD_LINE`, are not counted). `words`: the text's Latin words
    (`text_words`), which tell a word a wrap broke at its hyphen from a compound. A paragraph joined so is taken
    apart again where a fill over the whole file ran lines together (`_run_together`, with `opens_own_line`)."""
    if max((len(line.text) for line in lines), default=0) > 2 * limits.wrap_max_columns:
        return lines  # a line no measure makes short: the usual text, a paragraph a line, told at once
    followed = [
        index
        for index in range(len(lines) - 1)
        if lines[index].text
        and lines[index + 1].text
        and not (_FIELD_LINE.match(lines[index].text) and _FIELD_LINE.match(lines[index + 1].text))
    ]
    measured = [[measure(line.text) for line in lines] for measure in _WRAP_MEASURES]
    fitting = [
        (measure, widths)
        for measure, widths in zip(_WRAP_MEASURES, measured, strict=True)
        if limits.wrap_min_columns <= max(widths, default=0) <= limits.wrap_max_columns  # in the measure's own unit
    ]
    if not fitting:
        return lines
    measure, widths = max(fitting, key=lambda chosen: _evenness(chosen[1], followed))
    width = max(widths)
    items = _list_items(lines)
    broken = {
        index
        for index in followed
        if index + 1 not in items
        and widths[index] + 1 + measure(lines[index + 1].text.split()[0])
        > (limits.wrap_fill if ends_like_sentence(lines[index].text) else limits.wrap_open_fill) * width
    }
    if len(broken) < limits.wrap_min_breaks or len(broken) < limits.wrap_min_share * len(followed):
        return lines
    broken -= kept_apart
    if stands_alone is not None:
        # A line that ends with a full stop ends a sentence, whatever its words: "عنه وكالة رويترز." is the last
        # line of a paragraph that names its source, never a dateline under a headline.
        broken = {
            index
            for index in broken
            if ends_with_stop(lines[index + 1].text) or not stands_alone(lines[index + 1].text)
        }
    joining_above = {index + 1 for index in broken}
    joined = _joined_up(lines, joining_above, words)
    if opens_own_line is None:
        return joined
    # The lines each joined line was made of.
    wrapped = [
        lines[start:end]
        for start, end in itertools.pairwise([*sorted(set(range(len(lines))) - joining_above), len(lines)])
    ]
    return [
        piece
        for line, parts in zip(joined, wrapped, strict=True)
        for piece in (_run_together(line, parts, opens_own_line, limits) if len(parts) > 1 else [line])
    ]


_SENTENCE_BREAK = re.compile(r"(?<=[.!?؟])\s+")
# The most words a label a line of its own opens with has ("نشر الخبر", "آخر تحديث", "بقلم: name").
_LABEL_WORDS = 3


def _run_together(
    line: SourceLine, parts: list[SourceLine], opens_own_line: Callable[[str], bool], limits: LineThresholds
) -> list[SourceLine]:
    """A joined paragraph as the lines a fill over the whole file ran together: GNU fmt joins every line up to a
    blank one, and a page saved a block a line with no blank between its header's lines (a caption, its credit,
    "بقلم: يورونيوز", "نشرت في", "شارك هذا المقال") came out as one paragraph with the byline inside it. Taken apart
    where a label a line opens with starts (`opens_own_line`), when everything from the first label on is short
    labelled lines (none over [lines] furniture_max_words, none ending a sentence) and what comes before it ends one;
    that part is a sentence a line where each is shorter than a paragraph's ([lines] anchor_min_words: captions, as
    "بقلم" follows them), else a paragraph the labels closed. Each piece keeps the number of the file's line it
    starts on. A paragraph that mentions a label in its prose is none of that: its label is followed by a sentence,
    or by nothing that ends it."""
    text = line.text
    spans = [match.span() for match in re.finditer(r"\S+", text)]
    starts = [
        start
        for index, (start, _) in enumerate(spans)
        if index and opens_own_line(text[start : spans[min(index + _LABEL_WORDS, len(spans)) - 1][1]])
    ]
    if not starts:
        return [line]
    head = text[: starts[0]].rstrip()
    labelled = [text[start:end].strip() for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]
    if head and not ends_like_sentence(head):
        return [line]
    if any(len(piece.split()) > limits.furniture_max_words or ends_with_stop(piece) for piece in labelled):
        return [line]
    sentences = _SENTENCE_BREAK.split(head) if head else []
    if any(len(sentence.split()) >= limits.anchor_min_words for sentence in sentences):
        sentences = [head]
    pieces = [*sentences, *labelled]
    # Where each piece starts in the file: the wrapped line its first words were on.
    line_starts = list(itertools.accumulate((len(part.text) + 1 for part in parts[:-1]), initial=0))
    numbers, position = [], 0
    for piece in pieces:
        position = text.index(piece, position)
        numbers.append(parts[bisect.bisect_right(line_starts, position) - 1].number)
        position += len(piece)
    return [line._replace(number=number, text=piece) for number, piece in zip(numbers, pieces, strict=True)]
