"""PO text exactly as GNU gettext writes it (msgcat, msgmerge; Poedit follows the same rules). Pure.

polib reads the files and holds them; its own writer breaks long lines before the space where gettext breaks
after it, and reorders header fields, so the first editor save of a polib-written file churns every long
entry. This module is a port of gettext 0.21's `write-po.c` (message order, comment order, flags, escapes,
`#~` and `#|` lines) and of the libunistring line breaker it calls (UAX #14 pair table, column widths), so
that `msgcat FILE` gives back the same bytes. A file's own layout is kept: its width or no wrapping
(`msgcat --no-wrap`, Poedit's "don't wrap"), `msgcat --indent`'s columns, CRLF line endings... are detected
when it is read and used when it is written.
"""

from __future__ import annotations

import bisect
import copy
import functools
import itertools
import re
import string
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import polib

from toolkit.catalog.entries import (
    NO_PREVIOUS_SOURCE,
    msgid_order,
    occurrence_line,
    previous_source,
    set_previous_source,
    translation,
)

PAGE_WIDTH = 79  # gettext's default (--width)
NARROWEST = 20  # gettext's narrowest: a narrower --width is taken for this one
POLIB_WIDTH = 78  # polib's default wrapwidth


@dataclass(frozen=True)
class Layout:
    """How a catalog's file is laid out: wrapped at `width` columns (None: each string on one line per \\n),
    its line ends, whether it starts with a byte order mark (Windows editors write one), whether its strings
    are ASCII with every other byte an octal escape (`msgcat --escape`), whether its entries are in the
    order of their msgids (`msgcat --sort-output`) rather than the article's, whether its strings stand
    in columns (`msgcat --indent`: each string at the next tab stop after its keyword, continuation lines
    at the first), whether it is in the Uniforum (Solaris) style of `msgcat --strict`: references as
    `# File: NAME, line: N` comments, entries separated by a `#` line instead of a blank one, and whether
    polib's own writer wrote it (a script's `POFile.save()`: strings and comments wrapped at `width`, 78
    columns unless the script gave another, by Python's textwrap, before the space; header fields never),
    which then writes it again, and whether its
    strings are wrapped as translate-toolkit wraps them (Weblate, Virtaal, its po tools), at `width`:
    `translate_toolkit` says which of its ways, TT_WORDS (3.17 and later, _translate_toolkit_lines) or
    TT_TEXTWRAP (3.16 and older, Debian 12's 3.8.4: _textwrap_lines), "" none, and whether each string stands
    on its keyword's line whole, "\\n" and all (`unsplit`: translate-toolkit at width -1, Weblate's "No line
    wrapping"; gettext starts a line after each "\\n" even where it does not wrap). Each is what
    most of the file says: an entry or two a translator edited by hand or in an editor that writes gettext's
    layout do not change how the others are written."""

    width: int | None = PAGE_WIDTH
    newline: str = "\n"
    bom: bool = False
    escape: bool = False
    sort: bool = False
    indent: bool = False
    uniforum: bool = False
    polib: bool = False
    translate_toolkit: str = ""
    unsplit: bool = False


TT_WORDS = "3.17"  # translate-toolkit 3.17 and later: chunks at word boundaries (unicode-segmentation-rs)
TT_TEXTWRAP = "3.16"  # translate-toolkit 3.16 and older: Python's textwrap
GETTEXT_LAYOUT = Layout()
# An entry's lines as a file holds them (joined by "\n": one string holds them in less memory than a string
# each), by the entry's content (entry_content).
AsRead = Mapping[tuple, str]
# The entries (the header as the first) that PO text says, read as the store reads a file; None: it is no PO.
ReadEntries = Callable[[str], list[polib.POEntry] | None]


class Catalog(polib.POFile):
    """polib's catalog, plus the layout of the file it came from and its entries' lines as the file holds
    them (`lines_as_read`), so that a rewrite keeps both."""

    def __init__(self, *args, layout: Layout = GETTEXT_LAYOUT, as_read: AsRead | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = layout
        self.as_read: AsRead = as_read or {}


# --- Line breaking: libunistring's u8_possible_linebreaks and u8_width_linebreaks ---------------------------

# UAX #14 pair table as libunistring 1.0 applies it (the line breaker of gettext 0.21, Debian 12's msgcat),
# read off its u8_possible_linebreaks class pair by class pair: row = class before, column = class after;
# D a break is possible, I only when spaces come between, P never. SP, CM, ZW and BK are rules of their own.
_TABLE = """
     WJ GL B2 BA BB HY CL CP EX IN NS OP QU IS NU PO PR SY AL H2 H3 ID JL JV JT HL RIZWJ EB EM
WJ    P  I  I  I  I  I  P  P  P  I  I  I  I  P  I  I  I  P  I  I  I  I  I  I  I  I  I  I  I  I
GL    P  I  I  I  I  I  P  P  P  I  I  I  I  P  I  I  I  P  I  I  I  I  I  I  I  I  I  I  I  I
B2    P  I  P  I  D  I  P  P  P  I  I  D  I  P  D  D  D  P  D  D  D  D  D  D  D  D  D  I  D  D
BA    P  D  D  I  D  I  P  P  P  I  I  D  I  P  D  D  D  P  D  D  D  D  D  D  D  D  D  I  D  D
BB    P  I  I  I  I  I  P  P  P  I  I  I  I  P  I  I  I  P  I  I  I  I  I  I  I  I  I  I  I  I
HY    P  D  D  I  D  I  P  P  P  I  I  D  I  P  I  D  D  P  D  D  D  D  D  D  D  D  D  I  D  D
CL    P  I  D  I  D  I  P  P  P  I  P  D  I  P  D  I  I  P  D  D  D  D  D  D  D  D  D  I  D  D
CP    P  I  D  I  D  I  P  P  P  I  I  D  I  P  I  I  I  P  I  D  D  D  D  D  D  I  D  I  D  D
EX    P  I  D  I  D  I  P  P  P  I  I  D  I  P  D  D  D  P  D  D  D  D  D  D  D  D  D  I  D  D
IN    P  I  D  I  D  I  P  P  P  I  I  D  I  P  D  D  D  P  D  D  D  D  D  D  D  D  D  I  D  D
NS    P  I  D  I  D  I  P  P  P  I  I  D  I  P  D  D  D  P  D  D  D  D  D  D  D  D  D  I  D  D
OP    P  P  P  P  P  P  P  P  P  P  P  P  P  P  P  P  P  P  P  P  P  P  P  P  P  P  P  I  P  P
QU    P  I  I  I  I  I  P  P  P  I  I  P  I  P  I  I  I  P  I  I  I  I  I  I  I  I  I  I  I  I
IS    P  I  D  I  D  I  P  P  P  I  I  D  I  P  I  D  D  P  D  D  D  D  D  D  D  D  D  I  D  D
NU    P  I  D  I  D  I  P  P  P  I  I  I  I  P  I  I  I  P  I  D  D  D  D  D  D  I  D  I  D  D
PO    P  I  D  I  D  I  P  P  P  I  I  I  I  P  I  D  D  P  I  D  D  D  D  D  D  I  D  I  D  D
PR    P  I  D  I  D  I  P  P  P  I  I  I  I  P  I  D  D  P  I  I  I  I  I  I  I  I  D  I  I  I
SY    P  I  D  I  D  I  P  P  P  I  I  D  I  P  I  D  D  P  D  D  D  D  D  D  D  I  D  I  D  D
AL    P  I  D  I  D  I  P  P  P  I  I  I  I  P  I  I  I  P  I  D  D  D  D  D  D  I  D  I  D  D
H2    P  I  D  I  D  I  P  P  P  I  I  D  I  P  D  I  D  P  D  D  D  D  D  I  I  D  D  I  D  D
H3    P  I  D  I  D  I  P  P  P  I  I  D  I  P  D  I  D  P  D  D  D  D  D  D  I  D  D  I  D  D
ID    P  I  D  I  D  I  P  P  P  I  I  D  I  P  D  I  D  P  D  D  D  D  D  D  D  D  D  I  D  D
JL    P  I  D  I  D  I  P  P  P  I  I  D  I  P  D  I  D  P  D  I  I  D  I  I  D  D  D  I  D  D
JV    P  I  D  I  D  I  P  P  P  I  I  D  I  P  D  I  D  P  D  D  D  D  D  I  I  D  D  I  D  D
JT    P  I  D  I  D  I  P  P  P  I  I  D  I  P  D  I  D  P  D  D  D  D  D  D  I  D  D  I  D  D
HL    P  I  D  I  D  I  P  P  P  I  I  I  I  P  I  I  I  P  I  D  D  D  D  D  D  I  D  I  D  D
RI    P  I  D  I  D  I  P  P  P  I  I  D  I  P  D  D  D  P  D  D  D  D  D  D  D  D  I  I  D  D
ZWJ   P  I  I  I  I  I  P  P  P  I  I  I  I  P  I  I  I  P  I  I  I  I  I  I  I  I  I  I  I  I
EB    P  I  D  I  D  I  P  P  P  I  I  D  I  P  D  I  D  P  D  D  D  D  D  D  D  D  D  I  D  I
EM    P  I  D  I  D  I  P  P  P  I  I  D  I  P  D  I  D  P  D  D  D  D  D  D  D  D  D  I  D  D
"""
_TABLE_LINES = _TABLE.strip("\n").split("\n")
_TABLE_COLUMNS = [_TABLE_LINES[0][start : start + 3].strip() for start in range(4, len(_TABLE_LINES[0]), 3)]
_PAIRS = {
    (row.split()[0], after): rule
    for row in _TABLE_LINES[1:]
    for after, rule in zip(_TABLE_COLUMNS, row.split()[1:], strict=True)
}
_KNOWN_CLASSES = frozenset(_TABLE_COLUMNS) | {"BK", "SP", "ZW", "CM"}
# Classes outside the table, as libunistring resolves them for UTF-8 text (ambiguous and unknown ones are
# letters; classes newer than its Unicode 14 data were letters then).
_RESOLVED = {"AI": "AL", "XX": "AL", "SA": "AL", "SG": "AL", "CB": "ID", "CJ": "NS", "CR": "BK", "LF": "BK", "NL": "BK"}


def _break_class(character: str) -> str:
    # uniseg is imported when a catalog is first written, not read: its import (importlib.metadata, its Unicode
    # tables) was a tenth of the imports of a build, which only reads catalogs.
    from uniseg.linebreak import line_break

    value = str(line_break(character))
    return _RESOLVED.get(value, value if value in _KNOWN_CLASSES else "AL")


def column_width(character: str) -> int:
    """Columns a character takes on a terminal, as libunistring's uc_width: 0 for marks, 2 for wide CJK."""
    category = unicodedata.category(character)
    if category in ("Mn", "Me", "Cc") or (category == "Cf" and character != "\u00ad"):
        return 0
    if "\u1160" <= character <= "\u11ff" or character == "\u200b":
        return 0
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


class _CodeTable(dict):
    """A `str.translate` table that maps each character to a one-byte code (its break class, its width),
    worked out the first time the character is met: the text is then coded in one pass at C speed."""

    def __init__(self, code_of):
        super().__init__()
        self._code_of = code_of

    def __missing__(self, codepoint: int) -> str:
        code = self[codepoint] = chr(self._code_of(chr(codepoint)))
        return code


def _coded(text: str, table: _CodeTable) -> bytes:
    return text.translate(table).encode("latin-1")


# Break classes as small numbers: the table's own, then the four with rules of their own.
_CLASS_NAMES = [*_TABLE_COLUMNS, "BK", "SP", "ZW", "CM"]
_CLASS_NUMBER = {name: number for number, name in enumerate(_CLASS_NAMES)}
_BK, _SP, _ZW, _CM, _AL = (_CLASS_NUMBER[name] for name in ("BK", "SP", "ZW", "CM", "AL"))
_NEVER, _AFTER_SPACES, _ALWAYS = 0, 1, 2  # P, I, D
_RULE_NUMBER = {"P": _NEVER, "I": _AFTER_SPACES, "D": _ALWAYS}
_PAIR_RULES = [
    [_RULE_NUMBER[_PAIRS[(before, after)]] for after in _TABLE_COLUMNS] if before in _TABLE_COLUMNS else []
    for before in _CLASS_NAMES
]
_CLASSES = _CodeTable(lambda character: _CLASS_NUMBER[_break_class(character)])
_WIDTHS = _CodeTable(column_width)


# Runs of one break class: within a run the same pair rule holds between every two characters, so the
# breaker below steps run by run (a word, a run of spaces), not character by character.
_RUNS = re.compile(rb"(.)\1*", re.DOTALL)
_BREAK_HERE = re.compile(rb"[\x01\x02]")


def _possible_breaks(text: str) -> bytearray:
    """Per character: 1 a line may break before it, 2 it must (a line separator), 0 it may not."""
    kinds = _coded(text, _CLASSES)
    breaks = bytearray(len(kinds))
    last = _BK
    seen_space = -1  # the last space since the last letter
    for run in _RUNS.finditer(kinds):
        start, end = run.span()
        kind = kinds[start]
        if kind == _BK:
            breaks[start:end] = b"\x02" * (end - start)
            last, seen_space = _BK, -1
        elif kind == _SP:
            seen_space = end - 1
        elif kind == _ZW:
            last, seen_space = _ZW, -1
        elif kind == _CM:
            # A mark opening the text, or after a space or a zero-width space, is a letter (AL) of its own, and a
            # line may break before it in the second case (libunistring 1.0 no longer makes SP CM a letter of
            # class ID, as 0.9 did: msgcat breaks "a |\u064eb", not "a| \u064eb"); any other mark belongs to
            # the character before it.
            if last == _BK:
                last, seen_space = _AL, -1
            elif last == _ZW or seen_space >= 0:
                breaks[start] = 1
                last, seen_space = _AL, -1
        else:
            if last == _ZW:
                breaks[start] = 1
            elif last != _BK:
                rule = _PAIR_RULES[last][kind]
                breaks[start] = rule == _ALWAYS or (rule == _AFTER_SPACES and seen_space >= 0)
            if end - start > 1 and _PAIR_RULES[kind][kind] == _ALWAYS:
                breaks[start + 1 : end] = b"\x01" * (end - start - 1)
            last, seen_space = kind, -1
    return breaks


def _line_breaks(
    possible: bytearray, widths: bytes, width: int, start_column: int, first_only: bool = False
) -> list[int]:
    """Where gettext starts a new line (indexes), greedily filling `width` columns: `possible` says where it
    may (`_possible_breaks`, with the breaks an escape forbids taken out), `widths` each character's columns.
    Line by line, not break by break (in Chinese a break may go before every character): a line ends at the
    last place a break may go before its columns run out, past the first such place after its start (a word
    wider than the line stays whole). `first_only` stops at the first break: whether there is one at all."""
    if 2 in possible:
        return _line_breaks_with_separators(possible, widths, width, start_column, first_only)
    result: list[int] = []
    start, column = 0, start_column
    first = possible.find(1)
    while first >= 0:
        end = _fitting_end(widths, start, width - column)
        if end >= len(widths):
            break
        last = possible.rfind(1, first + 1, end + 1)
        start, column = (last if last > first else first), 0
        result.append(start)
        if first_only:
            break
        first = possible.find(1, start + 1)
    return result


def _fitting_end(widths: bytes, start: int, room: int) -> int:
    """The last index `end` whose text from `start` takes at most `room` columns (start - 1: none fits)."""
    if room < 0:
        return start - 1
    end = start
    while end < len(widths):
        # Each character takes a column or more but marks (none): room + 1 characters are too many, unless
        # some are marks; then the next window.
        window = widths[end : end + room + 1]
        totals = list(itertools.accumulate(window))
        fitting = bisect.bisect_right(totals, room)
        if fitting < len(window):
            return end + fitting
        end, room = end + len(window), room - totals[-1]
    return len(widths)


def _line_breaks_with_separators(
    possible: bytearray, widths: bytes, width: int, start_column: int, first_only: bool
) -> list[int]:
    """`_line_breaks` for text holding a line separator (a break that must go there), break by break."""
    result: list[int] = []
    last = -1  # the last place a break may go on this line
    last_column = start_column  # the column there
    piece_start = 0  # where the text since `last` (or the line's start) begins
    for place in _BREAK_HERE.finditer(possible):
        index = place.start()
        piece = sum(widths[piece_start:index])
        if last >= 0 and last_column + piece > width:
            result.append(last)
            if first_only:
                return result
            last_column = 0
        if possible[index] == 2:
            last, last_column, piece_start = -1, 0, index + 1
        else:
            last, last_column, piece_start = index, last_column + piece, index
    if last >= 0 and last_column + sum(widths[piece_start:]) > width:
        result.append(last)
    return result


# --- Strings ---------------------------------------------------------------------------------------------

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", "\\": "\\", '"': '"'}
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
# With --escape, gettext also writes every byte that is not printable ASCII as an octal escape.
_NEEDS_ESCAPE_IN_ASCII = re.compile(r'[^\x20-\x7e]|["\\]')
_PORTION = re.compile(r"[^\n]*\n|[^\n]+")


def _escapes_of(character: str) -> list[str]:
    if character in _ESCAPES:
        return ["\\" + _ESCAPES[character]]
    return [f"\\{byte:03o}" for byte in character.encode("utf-8")]


def _escaped(portion: str, in_ascii: bool = False) -> tuple[str, list[int]]:
    """The portion as it goes between quotes (`in_ascii`: as `msgcat --escape` writes it), and the indexes
    where a break is forbidden (inside an escape)."""
    needs_escape = _NEEDS_ESCAPE_IN_ASCII if in_ascii else _NEEDS_ESCAPE
    body = portion[:-1] if portion.endswith("\n") else portion
    if not needs_escape.search(body):
        # Most portions: nothing to escape but their closing "\n", if any (a header field, a paragraph's line).
        if body is portion:
            return portion, []
        return f"{body}\\n", [len(body) + 1, len(body)]
    pieces: list[str] = []
    fixed: list[int] = []
    size = done = 0
    for match in needs_escape.finditer(portion):
        pieces.append(portion[done : match.start()])
        size += match.start() - done
        for escape in _escapes_of(match.group()):
            # No break after the backslash of an escape, nor between an octal one's digits.
            fixed += range(size + 1, size + len(escape))
            pieces.append(escape)
            size += len(escape)
        done = match.end()
    text = "".join(pieces) + portion[done:]
    if portion.endswith("\n"):
        fixed.append(len(text) - 2)  # never break just before the closing "\n"
    return text, fixed


def _fits(text: str, columns: int) -> bool:
    """Whether `text` takes at most `columns` columns; a character takes two at most, an ASCII one one at most,
    so most strings are known to fit without measuring them."""
    size = len(text)
    if size <= columns and (2 * size <= columns or text.isascii()):
        return True
    if size > columns and sum(_coded(text[: columns + 1], _WIDTHS)) > columns:
        return False  # its opening alone is too wide: the rest (a paragraph of megabytes) need not be measured
    return sum(_coded(text, _WIDTHS)) <= columns


def _breaker(text: str, fixed: list[int], width: int) -> Callable[[int], list[int]]:
    """Where gettext breaks `text` into lines of `width` columns, given the column it starts at. Most strings
    fit on their line, and then nothing is worked out; else the possible breaks are found once."""
    widths = _coded(text, _WIDTHS)
    columns = sum(widths)
    possible: bytearray | None = None
    found: dict[int, list[int]] = {}

    def breaks(start_column: int, first_only: bool = False) -> list[int]:
        nonlocal possible
        if start_column + columns <= width:
            return []
        if possible is None:
            possible = _possible_breaks(text)
            for index in fixed:
                possible[index] = 0
        if start_column in found:
            return found[start_column]
        made = _line_breaks(possible, widths, width, start_column, first_only)
        if not first_only:
            found[start_column] = made
        return made

    return breaks


def _tab_stop(column: int) -> int:
    """The column `msgcat --indent` pads to: the next multiple of 8 (never the column itself)."""
    return (column + 8) & ~7


def string_lines(
    prefix: str,
    keyword: str,
    value: str,
    width: int | None,
    in_ascii: bool = False,
    indent: bool = False,
    extra_indent: int = 0,
) -> list[str]:
    """The lines of `keyword "value"` (gettext's wrap()): one portion per "\\n", each filled to `width`;
    `in_ascii`: every byte that is not printable ASCII as an octal escape (`msgcat --escape`); `indent`: in
    `msgcat --indent`'s columns, the keyword's further on by `extra_indent` (3 in an entry with `#|` lines)."""
    if indent:
        keyword_head = f"{prefix}{keyword}".ljust(_tab_stop(len(prefix) + len(keyword) + extra_indent))
        portion_head = prefix.ljust(_tab_stop(len(prefix) + extra_indent))
        continued_head = prefix.ljust(_tab_stop(len(prefix)))
    else:
        keyword_head, portion_head, continued_head = f"{prefix}{keyword} ", prefix, prefix
    # Columns are counted from the text of a continued line; the first line's text starts `start` further on.
    limit = (width if width else 1 << 30) - 1 - (len(portion_head) + 1)
    needs_escape = _NEEDS_ESCAPE_IN_ASCII if in_ascii else _NEEDS_ESCAPE
    keyword_start = len(keyword_head) - len(portion_head)
    if "\n" not in value and not needs_escape.search(value) and _fits(value, limit - keyword_start):
        # One portion, nothing to escape, and it fits on the keyword's line (most strings).
        return [f'{keyword_head}"{value}"']
    portions = _PORTION.findall(value) or [""]
    lines: list[str] = []
    first = True
    for number, portion in enumerate(portions):
        text, fixed = _escaped(portion, in_ascii)
        more = number + 1 < len(portions)
        start = keyword_start if first else 0
        head = keyword_head if first else portion_head
        if _fits(text, limit - start):
            # On one line: after the keyword, or (not indented) on a line of its own when more portions follow.
            if first and text and more and not indent:
                lines.append(f'{keyword_head}""')
                head = portion_head
            lines.append(f'{head}"{text}"')
            first = False
            continue
        breaks_from = _breaker(text, fixed, limit)
        if first and text and not indent and (more or start > limit or breaks_from(start, first_only=True)):
            lines.append(f'{keyword_head}""')
            head, start = portion_head, 0
        first = False
        breaks = breaks_from(start)
        cuts = [0, *breaks, len(text)]
        pieces = [text[start:end] for start, end in itertools.pairwise(cuts)]
        lines.append(f'{head}"{pieces[0]}"')
        lines += [f'{continued_head}"{piece}"' for piece in pieces[1:]]
    return lines


# --- translate-toolkit's wrapping (pypo.quoteforpo, unicode_segmentation_rs.gettext_wrap 1.0) -------------

# translate-toolkit 3.17 and later cut a string into chunks at its word boundaries (UAX #29), joining to the
# chunk before a space, a tab or one of these closing characters, and any piece that follows ASCII punctuation
# or starts with it after a character that is no space, unless it opens with a parenthesis or follows one of
# the closing characters; then it fills lines of `width - 2` columns chunk by chunk (a chunk wider than that
# stands alone) and ends a line after each "\n" escape.
_TT_CLOSING = frozenset("/})>-")
_TT_JOINING = _TT_CLOSING | {" ", "\t"}
_TT_PUNCTUATION = frozenset(string.punctuation)
_LAM_ALEF = frozenset("\u0622\u0623\u0625\u0627")  # alef after lam: one glyph, one column (unicode-width)
_LIGATURE_BREAKERS = frozenset("\u200c\u200d\u00ad")


def _translate_toolkit_columns(text: str) -> int:
    """The columns of a chunk as translate-toolkit counts them (the unicode-width crate): as gettext does,
    but a soft hyphen takes none and an alef after a lam (marks and zero-width spaces between) none."""
    total = 0
    after_lam = False
    for character in text:
        if after_lam and character in _LAM_ALEF:
            after_lam = False
            continue
        columns = 0 if character == "\u00ad" else column_width(character)
        total += columns
        if character == "\u0644":
            after_lam = True
        elif columns or character in _LIGATURE_BREAKERS:
            after_lam = False
    return total


# Word break classes (UAX #29) as letters: the rules below need these; a text holding a line end, a zero-width
# joiner or a regional indicator (emoji sequences) is left to uniseg's full rules.
_WORD_BREAK_LETTER = {
    "OTHER": "o", "CR": "c", "LF": "c", "NEWLINE": "c", "ZWJ": "c", "REGIONAL_INDICATOR": "c", "EXTEND": "e",
    "FORMAT": "e", "KATAKANA": "k", "HEBREW_LETTER": "h", "ALETTER": "a", "SINGLE_QUOTE": "q",
    "DOUBLE_QUOTE": "d", "MIDNUMLET": "p", "MIDLETTER": "m", "MIDNUM": "u", "NUMERIC": "n",
    "EXTENDNUMLET": "x", "WSEGSPACE": "w",
}  # fmt: skip


def _word_class(character: str) -> int:
    from uniseg.wordbreak import word_break  # as in _break_class

    return ord(_WORD_BREAK_LETTER[word_break(character).name])


_WORD_CLASSES = _CodeTable(_word_class)
_LETTERS, _MID_LETTER, _MID_NUMBER = frozenset("ah"), frozenset("mpq"), frozenset("upq")
_JOINS_CONNECTOR = frozenset("ahnkx")


def _word_joined(before: str | None, previous: str, current: str, following: str | None) -> bool:
    """Whether UAX #29 keeps two characters (of these classes, marks skipped: WB4) in one word: letters and
    digits with each other (WB5, WB8-WB10), with a letter's or a number's middle punctuation between two of
    them (WB6, WB7, WB11, WB12), Hebrew quotes (WB7a-c), katakana (WB13), connectors (WB13a, WB13b)."""
    if previous in _LETTERS:
        if current in _LETTERS or current in "nx" or (current in _MID_LETTER and following in _LETTERS):
            return True
        return previous == "h" and (current == "q" or (current == "d" and following == "h"))
    if previous == "n":
        return current in _LETTERS or current in "nx" or (current in _MID_NUMBER and following == "n")
    if previous == "k":
        return current in "kx"
    if previous == "x":
        return current in _JOINS_CONNECTOR
    if current in _LETTERS and previous in _MID_LETTER and before in _LETTERS:
        return True
    return (current == "h" and previous == "d" and before == "h") or (
        current == "n" and previous in _MID_NUMBER and before == "n"
    )


def _words(text: str) -> list[str]:
    """The text cut at its word boundaries (UAX #29), as uniseg's `words` cuts it, several times faster."""
    codes = text.translate(_WORD_CLASSES)
    if not codes or "c" in codes:
        from uniseg.wordbreak import words  # as in _break_class

        return list(words(text))
    kept = [index for index, code in enumerate(codes) if code != "e" or index == 0]
    classes = ["o" if codes[0] == "e" else codes[0], *(codes[index] for index in kept[1:])]
    pieces: list[str] = []
    start = 0
    for number in range(1, len(kept)):
        previous, current = classes[number - 1], classes[number]
        if previous == current == "w":
            if kept[number - 1] + 1 == kept[number]:
                continue  # spaces side by side (WB3d), not across a mark
        else:
            before = classes[number - 2] if number >= 2 else None
            following = classes[number + 1] if number + 1 < len(kept) else None
            if _word_joined(before, previous, current, following):
                continue
        pieces.append(text[start : kept[number]])
        start = kept[number]
    return [*pieces, text[start:]]


def _translate_toolkit_chunks(text: str) -> list[str]:
    """The pieces translate-toolkit never breaks inside (the escaped text of a string)."""
    chunks: list[str] = []
    chunk = ""
    # The second last and the last character of the piece before (of a one-character piece: the piece and, if
    # it was joined, the character before it), as translate-toolkit tracks them.
    before = last = None
    for piece in _words(text):
        if before == "\\" and len(piece.encode()) > 1:
            # An escape's letter ends the chunk of its backslash.
            chunks.append(chunk + piece[0])
            chunk, piece = "", piece[1:]
            if not piece:
                continue
        joins = (
            before is not None
            and (last is None or before not in "\\n" or last != "\\")
            and (
                piece in _TT_JOINING
                or (
                    piece[0] not in "{("
                    and before not in _TT_CLOSING
                    and (before in _TT_PUNCTUATION or (piece[0] in _TT_PUNCTUATION and not before.isspace()))
                )
            )
        )
        if joins:
            joined_after = before
        else:
            if chunk:
                chunks.append(chunk)
            chunk, joined_after = "", None
        chunk += piece
        before, last = (piece[-2], piece[-1]) if len(piece) > 1 else (piece, joined_after)
    if chunk:
        chunks.append(chunk)
    return chunks


def _translate_toolkit_wrapped(text: str, columns: int) -> list[str]:
    """An escaped string's lines as translate-toolkit fills them, `columns` wide."""
    lines: list[str] = []
    line, used = "", 0
    for chunk in _translate_toolkit_chunks(text):
        size = _translate_toolkit_columns(chunk)
        if line and used + size > columns:
            lines.append(line)
            line, used = "", 0
        line += chunk
        used += size
        if chunk.endswith("\\n"):
            lines.append(line)
            line, used = "", 0
    return [*lines, line] if line else lines


def _translate_toolkit_lines(prefix: str, keyword: str, value: str, width: int) -> list[str]:
    """The lines of `keyword "value"` as translate-toolkit writes them at `width` (pypo.quoteforpo, its
    PoWrapper at `width - 2`): the whole escaped string wrapped, then on a line of its own under `keyword ""`
    when it takes more than one line or more than `width - 8` characters (counted, not measured). Escapes are
    gettext's (translate-toolkit writes \\a, \\b, \\f and \\v raw: either reads the same)."""
    text = "".join(_escaped(portion)[0] for portion in _PORTION.findall(value))
    lines = _translate_toolkit_wrapped(text, width - 2)
    if not lines:
        return [f'{prefix}{keyword} ""']
    if len(lines) == 1 and len(lines[0]) <= width - 8:
        return [f'{prefix}{keyword} "{lines[0]}"']
    return [f'{prefix}{keyword} ""', *(f'{prefix}"{line}"' for line in lines)]


# --- translate-toolkit 3.16 and older: Python's textwrap (read in 3.16.3's pypo: PoWrapper, quoteforpo) -----

# translate-toolkit up to 3.16 cuts each "\n"-ended portion of the escaped string into pieces: a match of one
# of these patterns (tried in this order) or the text between two matches; then Python's textwrap fills
# lines of `width - 2` columns piece by piece, spaces kept where they fall.
_TEXTWRAP_PATTERNS = (
    # (pattern, for one that scans a run of characters: what carries its failure at one place to the next)
    (r"\[[^\]]{1,73}\]", ""),  # a bracketed span
    (r"\([^)]{1,73}\)", ""),  # a parenthesised span
    (r'\\"[^"]{1,73}\\"', ""),  # a span between escaped quotes
    (r"\s+", ""),  # spaces
    (r"[A-Za-z0-9_#\[\].-]+/", r"[A-Za-z0-9_#\[\].-]"),  # a path or an address, up to each slash
    (r"\w*\\.\w*", r"\w"),  # an escape, with the word around it
    (r"[\w!'&.,?=<>%]+\s+", r"[\w!'&.,?=<>%]"),  # a word and the spaces after it
    ("[\uff0c\u3002\u3001]", ""),  # a full-width comma, stop or enumeration comma
    (r"[^\s\w]*\w+[A-Za-z]-(?=\w+[A-Za-z])", r"[^\s\w]|\w(?=\w)"),  # a hyphenated word, up to its hyphen
    (r"(?<=[\w!\"'&.,?])-{2,}(?=\w)", ""),  # a dash made of hyphens
)
# A pattern that scans a run fails where it failed one character before, when that character carries (its run
# ends where it ended): tried anew only where a run starts, or where the last piece ended; there, one known to
# fail up to the end of the run it scanned is left out. So each run is scanned once. Tried at every place,
# as re.split does (and translate-toolkit), a long run was scanned once from each of its characters: a
# 50,000-letter word took minutes to read, a long chain of short pieces ("ab-ab-ab-...") as long.
_SCANNING = tuple(index for index, (_, carry) in enumerate(_TEXTWRAP_PATTERNS) if carry)
_FAILURE_RUNS = {index: re.compile(f"(?:{_TEXTWRAP_PATTERNS[index][1]})*") for index in _SCANNING}
_TEXTWRAP_PIECE_AFTER_A_MISS = re.compile(
    "|".join(f"(?<!{carry}){pattern}" if carry else pattern for pattern, carry in _TEXTWRAP_PATTERNS)
)


@functools.cache
def _textwrap_piece_without(failing: frozenset[int]) -> re.Pattern[str]:
    """The patterns in their order, those known to fail left out, each its own group (named by its index)."""
    return re.compile(
        "|".join(
            f"(?P<p{index}>{pattern})" for index, (pattern, _) in enumerate(_TEXTWRAP_PATTERNS) if index not in failing
        )
    )


def _textwrap_pieces(text: str) -> list[str]:
    """`text` cut into translate-toolkit's pieces: the first of the patterns to match at each place, and the
    text between two matches."""
    pieces: list[str] = []
    fails_until = dict.fromkeys(_SCANNING, 0)
    position = 0
    while position < len(text):
        failing = frozenset(index for index in _SCANNING if position < fails_until[index])
        match = _textwrap_piece_without(failing).match(text, position)
        matched = int(match.lastgroup[1:]) if match else len(_TEXTWRAP_PATTERNS)
        for index in _SCANNING:
            if index not in failing and index < matched:
                fails_until[index] = _FAILURE_RUNS[index].match(text, position).end() + 1
        if match is None:
            match = _TEXTWRAP_PIECE_AFTER_A_MISS.search(text, position + 1)
            if match is None:
                pieces.append(text[position:])
                break
            pieces.append(text[position : match.start()])
        pieces.append(match.group())  # never empty: each pattern takes a character at least
        position = match.end()
    return pieces


def _textwrap_columns(text: str) -> int:
    """Columns as translate-toolkit counts them (wcwidth): as gettext does, but a text holding a control
    character counts one a character."""
    if any(unicodedata.category(character) == "Cc" for character in text):
        return len(text)
    return sum(map(column_width, text))


def _cut_to_columns(piece: str, size: int, columns: int) -> tuple[str, str, int]:
    """A piece of `size` columns cut where its start takes `columns` at most, and the columns of that start: only
    a piece holding wide characters is cut (one holding a control character counts a column a character)."""
    if size == len(piece):
        return piece, "", size
    cut = min(columns * size // len(piece), len(piece))
    head_size = _textwrap_columns(piece[:cut])  # a wide piece holds no control character: columns add up
    while head_size < columns:
        head_size += column_width(piece[cut])
        cut += 1
    while head_size > columns:
        cut -= 1
        head_size -= column_width(piece[cut])
    return piece[:cut], piece[cut:], head_size


def _textwrap_filled(text: str, columns: int) -> list[str]:
    """One portion's lines as translate-toolkit 3.16 fills them: a piece that does not fit ends the line, but
    one holding wide characters fills it first; a piece wider than a line stands alone, cut only if wide. Each
    piece's columns are counted once, and what is left of a cut one by subtraction: counting a long piece again
    at each of its lines took quadratic time."""
    pieces = [(piece, _textwrap_columns(piece)) for piece in _textwrap_pieces(text)]
    pieces.reverse()
    lines: list[str] = []
    while pieces:
        line: list[str] = []
        used = 0
        while pieces:
            piece, size = pieces[-1]
            if used + size <= columns:
                line.append(piece)
                pieces.pop()
                used += size
                continue
            if size > len(piece):
                head, rest, head_size = _cut_to_columns(piece, size, columns - used)
                if rest:
                    line.append(head)
                    used += head_size
                    pieces[-1] = (rest, size - head_size)
            break
        if not line and pieces and pieces[-1][1] > columns:
            piece, size = pieces[-1]
            head, rest, head_size = _cut_to_columns(piece, size, columns - used)
            pieces[-1] = (rest, size - head_size)
            line.append(head)
        if line:
            lines.append("".join(line))
    return lines


def _textwrap_lines(prefix: str, keyword: str, value: str, width: int) -> list[str]:
    """The lines of `keyword "value"` as translate-toolkit 3.16 writes them at `width`: each "\\n"-ended
    portion filled on its own (_textwrap_filled); the first line on the keyword's unless the string has more
    than one portion or its first portion more than `width - 8` characters (counted, not measured: a Chinese
    string may start on the keyword's line and go on under it)."""
    text = "".join(_escaped(portion)[0] for portion in _PORTION.findall(value))
    portions = text.split("\\n")
    portions = [f"{portion}\\n" for portion in portions[:-1]] + portions[-1:]
    own_line = len(portions) > 2 or (len(portions) == 2 and portions[1]) or len(portions[0]) > width - 8
    filled = [line for portion in portions for line in _textwrap_filled(portion, width - 2)]
    if filled and not own_line:
        return [f'{prefix}{keyword} "{filled[0]}"', *(f'{prefix}"{line}"' for line in filled[1:])]
    lines = [f'{prefix}{keyword} ""']
    previous = None
    for line in filled:
        if not (line == previous == ""):  # an empty line under another is left out
            lines.append(f'{prefix}"{line}"')
        previous = line
    return lines


# --- Entries ---------------------------------------------------------------------------------------------


def _comment_lines(marker: str, text: str) -> list[str]:
    return [f"{marker} {line}" if line else marker for line in text.split("\n")] if text else []


def _occurrence_lines(occurrences: list[tuple[str, str]], page_width: int, uniforum: bool) -> list[str]:
    """`#:` lines filled with references to the page width, or a `# File: NAME, line: N` line a reference in
    the Uniforum style (line -1: none)."""
    references = []
    for file, number in occurrences:
        while file.startswith("./"):
            file = file[2:]
        references.append((file, number))
    if uniforum:
        return [f"# File: {file}, line: {number or -1}" for file, number in references]
    if not references:
        return []
    lines, line, column = [], "#:", 2
    for file, number in references:
        reference = f"{file}:{number}" if number else file
        size = len(reference.encode("utf-8")) + 1
        if column > 2 and column + size > page_width:
            lines.append(line)
            line, column = "#:", 2
        line += f" {reference}"
        column += size
    return [*lines, line]


def _flags(entry_flags: list[str], fuzzy: bool) -> list[str]:
    """gettext's order: fuzzy (only on a translated entry), the others as given, no-wrap last."""
    others = [flag for flag in entry_flags if flag not in ("fuzzy", "no-wrap")]
    flags = (["fuzzy"] if fuzzy else []) + others + (["no-wrap"] if "no-wrap" in entry_flags else [])
    return [f"#, {', '.join(flags)}"] if flags else []


def _translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    if entry.msgid_plural:
        return [(f"msgstr[{index}]", entry.msgstr_plural[index]) for index in sorted(entry.msgstr_plural)]
    return [("msgstr", entry.msgstr)]


def entry_lines(entry: polib.POEntry, layout: Layout = GETTEXT_LAYOUT) -> list[str]:
    """One entry, active or obsolete (`#~`), without the line that separates it from the previous. Its
    references are filled to the page's width even where its strings are not wrapped, as gettext does. A
    previous context without its previous text (a hand edit) is left out: gettext reads no file that has one."""
    if entry.previous_msgid is None and previous_source(entry) != NO_PREVIOUS_SOURCE:
        entry = copy.copy(entry)
        set_previous_source(entry, NO_PREVIOUS_SOURCE)
    if layout.polib:
        return entry.__unicode__(layout.width or POLIB_WIDTH).removesuffix("\n").split("\n")
    width = layout.width and max(layout.width, NARROWEST)
    in_ascii, indent = layout.escape, layout.indent
    page_width = width or PAGE_WIDTH
    entry_flags = entry.flags
    if "no-wrap" in entry_flags and not entry.obsolete:
        # An obsolete entry's lines carry no flag but fuzzy (as gettext writes them): wrapped as the file is.
        width = None
    prefix, previous_prefix = ("#~ ", "#~| ") if entry.obsolete else ("", "#| ")
    lines = _comment_lines("#", entry.tcomment)
    if entry.comment:
        lines += _comment_lines("#.", entry.comment)
    if entry.occurrences:
        lines += _occurrence_lines(entry.occurrences, page_width, layout.uniforum)
    if entry.obsolete:
        lines += ["#, fuzzy"] if "fuzzy" in entry_flags else []
    elif entry_flags:
        lines += _flags(entry_flags, "fuzzy" in entry_flags and bool(translation(entry)))
    strings = [
        (previous_prefix, keyword, value)
        for keyword, value in (
            ("msgctxt", entry.previous_msgctxt),
            ("msgid", entry.previous_msgid),
            ("msgid_plural", entry.previous_msgid_plural),
        )
        if value is not None
    ]
    if entry.msgctxt is not None:
        strings.append((prefix, "msgctxt", entry.msgctxt))
    strings.append((prefix, "msgid", entry.msgid))
    if entry.msgid_plural:
        strings.append((prefix, "msgid_plural", entry.msgid_plural))
    strings += [(prefix, keyword, value) for keyword, value in _translations(entry)]
    if indent:
        # gettext sets an entry's own strings 3 columns further on when it has previous ones.
        extra_indent = 3 if strings[0][0] == previous_prefix else 0
        for string_prefix, keyword, value in strings:
            more = extra_indent if string_prefix == prefix else 0
            lines += string_lines(string_prefix, keyword, value, width, in_ascii, indent=True, extra_indent=more)
        return lines
    room = (width if width else 1 << 30) - 2  # what gettext leaves for `keyword "value"` (its quotes: 2)
    needs_escape = _NEEDS_ESCAPE_IN_ASCII if in_ascii else _NEEDS_ESCAPE
    if layout.unsplit:
        for string_prefix, keyword, value in strings:
            escaped = "".join(_escaped(portion, in_ascii)[0] for portion in _PORTION.findall(value))
            lines.append(f'{string_prefix}{keyword} "{escaped}"')
        return lines
    for string_prefix, keyword, value in strings:
        # Most strings are short and plain: on the keyword's line (string_lines's first case, inline).
        fits = room - len(string_prefix) - len(keyword) - 1
        size = len(value)
        if size <= fits and (2 * size <= fits or value.isascii()) and not needs_escape.search(value):
            lines.append(f'{string_prefix}{keyword} "{value}"')
        elif layout.translate_toolkit == TT_WORDS and width:
            lines += _translate_toolkit_lines(string_prefix, keyword, value, width)
        elif layout.translate_toolkit == TT_TEXTWRAP and width:
            lines += _textwrap_lines(string_prefix, keyword, value, width)
        else:
            lines += string_lines(string_prefix, keyword, value, width, in_ascii)
    return lines


def header_entry(catalog: polib.POFile) -> polib.POEntry | None:
    """The header as gettext sees it: an entry with an empty msgid, the metadata fields in their order."""
    if not catalog.header and not catalog.metadata:
        return None
    fields = "".join(f"{key}: {value}\n" for key, value in catalog.metadata.items())
    return polib.POEntry(
        msgid="", msgstr=fields, tcomment=catalog.header, flags=["fuzzy"] if catalog.metadata_is_fuzzy else []
    )


def format_catalog(
    catalog: polib.POFile,
    layout: Layout = GETTEXT_LAYOUT,
    as_read: AsRead | None = None,
    read_entries: ReadEntries | None = None,
) -> str:
    """The whole file: header, active entries in order, then obsolete ones. gettext drops an obsolete entry
    without a translation (a plural one without its first form); one that carries a translator's comment or
    another plural form is kept, since that is human work that comes back with its paragraph. An entry
    `as_read` holds with its content is written as it was read (lines_as_read) when `read_entries` reads those
    lines as that entry alone: a hand edit in an editor that does not wrap, which msgcat would rewrap, stays as
    it stands until the entry changes, and a run rewrites only the entries it changed."""
    header = header_entry(catalog)
    active = [entry for entry in catalog if not entry.obsolete]
    obsolete = [
        entry
        for entry in catalog
        if entry.obsolete
        and (translation(entry) or any(entry.msgstr_plural.values()) or layout.polib or entry.tcomment)
    ]
    if layout.sort:
        active, obsolete = sorted(active, key=msgid_order), sorted(obsolete, key=msgid_order)
    newline = layout.newline
    keeps = bool(as_read) and read_entries is not None
    lines: list[str] = []
    if header is not None or layout.polib:  # polib writes an empty header where there is none
        made = (
            _polib_header_lines(catalog, layout.width or POLIB_WIDTH) if layout.polib else entry_lines(header, layout)
        )
        lines += _lines_kept(header, made, layout, as_read, read_entries) if keeps and header is not None else made
    for entry in [*active, *obsolete]:
        made = entry_lines(entry, layout)
        if layout.uniforum and lines and made[0] != "#":
            # Uniforum has no blank lines: a `#` line between entries, none where the entry's comment opens with
            # an empty line. polib reads that line as the entry's first, so it is one of its lines as read.
            made = ["#", *made]
        kept = _lines_kept(entry, made, layout, as_read, read_entries) if keeps else made
        if lines and not (layout.uniforum and kept[0] == "#"):
            # Between entries, a blank line; in the Uniforum style, only before lines as read that have no `#`
            # line (an entry in gettext's layout among the file's, as it stood).
            lines.append("")
        lines += kept
    text = newline.join(lines)
    return f"{chr(0xFEFF) if layout.bom else ''}{text}{newline}" if text else ""


def entry_content(entry: polib.POEntry) -> tuple:
    """Everything of an entry that its lines say: entries of equal content are written alike."""
    return (
        entry.obsolete,
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        tuple(sorted(entry.msgstr_plural.items())),
        tuple(entry.flags),
        entry.comment,
        entry.tcomment,
        tuple(entry.occurrences),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
    )


# What ends a line of a PO file for gettext: a CR before an LF is part of it, a CR alone is one. U+2028, U+0085
# and the other characters str.splitlines also takes are characters inside a line, so a line holding one is
# reported as what it is (store._for_polib).
PO_LINE_END = re.compile(r"\r\n|\r|\n")


def _file_lines(text: str) -> tuple[list[str], str]:
    """A file's lines without their ends (a byte order mark is no part of the first), and the line end it is
    written with: its first. Every line end ends a line, whichever the file is written with: a file of mixed
    line ends (CR alone among CRLFs) split at its first kind only kept the others inside its lines, so an
    entry's lines as read held line ends that its first write turned into blank lines, and the next run wrote
    the file again without them."""
    text = text.removeprefix("\ufeff")
    line_end = PO_LINE_END.search(text)
    return PO_LINE_END.split(text), line_end.group() if line_end else "\n"


def lines_as_read(text: str, catalog: polib.POFile) -> dict[tuple, str]:
    """Each entry's lines (the header's too) as the file `text` that `catalog` was read from holds them, by
    the entry's content: from its first line (polib's `linenum`) to the blank line that ends it. An entry
    that is no such block of lines (a blank line inside it, another entry's comment at its end) is left out
    or, should its block still be taken, told from it when it is written (_lines_kept)."""
    lines, _ = _file_lines(text)
    header = header_entry(catalog)
    first_lines = [(entry.linenum - 1, entry) for entry in catalog]
    if header is not None:
        top = next((number for number, line in enumerate(lines) if line.strip()), 0)
        first_lines.insert(0, (top, header))
    as_read: dict[tuple, str] = {}
    for (first, entry), (end, _) in itertools.pairwise([*first_lines, (len(lines), None)]):
        block = lines[first:end] if 0 <= first < end else []
        while block and not block[-1].strip():
            block.pop()
        if block and all(line.strip() for line in block):
            as_read.setdefault(entry_content(entry), "\n".join(block))
    return as_read


def _lines_kept(
    entry: polib.POEntry, made: list[str], layout: Layout, as_read: AsRead, read_entries: ReadEntries
) -> list[str]:
    """The entry's lines as read when `as_read` holds them and they say the entry and nothing else (read on
    their own, checked only where they differ from the lines `made` in the file's layout), else `made`."""
    kept = as_read.get(entry_content(entry))
    if kept is None or kept == "\n".join(made):
        return made
    is_header = entry.msgid == "" and entry.msgctxt is None and not entry.obsolete
    # The comments that open a file are the header's: an entry's lines are read after an empty header, as
    # the file separates them (a Uniforum file's `#` line tells it is one, and how to read its references).
    separator = "" if layout.uniforum and kept.startswith("#\n") else "\n"
    said = read_entries(f"{kept}\n" if is_header else f'msgid ""\nmsgstr ""\n{separator}{kept}\n')
    if said is None or [entry_content(one) for one in said] != [entry_content(entry)]:
        return made
    return kept.split("\n")


def _polib_header_lines(catalog: polib.POFile, width: int = POLIB_WIDTH) -> list[str]:
    """The catalog's header as polib's `save()` writes it (its comment, then its fields in polib's order)."""
    written = polib.POFile(wrapwidth=width)
    written.header, written.metadata = catalog.header, dict(catalog.metadata)
    written.metadata_is_fuzzy = catalog.metadata_is_fuzzy
    return str(written).removesuffix("\n").split("\n")


# A string broken before a space, not after it: polib's writer (textwrap), never gettext.
_BROKEN_BEFORE_SPACE = re.compile(r'[^\s\\]"\r?\n(?:#~\|? |#\| |#~ )?" ')


def polib_wrapped(text: str) -> bool:
    """Whether a file has a string broken where polib's writer breaks and gettext never does (Layout.polib);
    whether polib wrote it is told by polib_layout."""
    return _BROKEN_BEFORE_SPACE.search(text) is not None


def polib_layout(catalog: polib.POFile, layout: Layout, as_read: AsRead) -> Layout | None:
    """The file's layout as polib's writer's (Layout.polib, at the wrapwidth it wrote at) when more of the
    entries of the file `as_read` holds stand as polib writes them than as gettext writes them in the file's
    `layout`; entries both write alike say nothing; else None. One entry a translator edited by hand (as
    neither writes it) or in an editor that writes gettext's layout (Poedit) leaves the file polib's. Its
    wrapwidth is the one most entries stand at: polib's default, or one a script gave it (`pofile(path,
    wrapwidth=...)`), the width the file's lines were read at or one either side (a file's lines say its
    width to a column or so)."""
    header = header_entry(catalog)
    entries = [entry for entry in (header, *catalog) if entry is not None]
    read = [as_read.get(entry_content(entry)) for entry in entries]
    by_gettext = [entry_lines(entry, layout) for entry in entries]
    best, most = None, 0
    read_widths = [layout.width, layout.width - 1, layout.width + 1] if layout.width else []
    for width in dict.fromkeys([POLIB_WIDTH, *read_widths]):
        by_polib_layout = replace(layout, polib=True, width=width)
        polib_count = gettext_count = compared = 0
        for entry, lines_read, gettext_lines in zip(entries, read, by_gettext, strict=True):
            polib_lines = (
                _polib_header_lines(catalog, width) if entry is header else entry_lines(entry, by_polib_layout)
            )
            if lines_read is None or polib_lines == gettext_lines:
                continue
            compared += 1
            polib_count += lines_read == "\n".join(polib_lines)
            gettext_count += lines_read == "\n".join(gettext_lines)
        if polib_count > max(gettext_count, most):
            best, most = by_polib_layout, polib_count
            if polib_count == compared:  # every entry stands as polib writes it at this width: no other does better
                break
    return best


def translate_toolkit_layout(catalog: polib.POFile, layout: Layout, as_read: AsRead) -> Layout | None:
    """The layout of the file `as_read` holds if more of its entries stand as translate-toolkit wraps them
    (Layout.translate_toolkit: either of its ways, at the file's width or at its own default, gettext's; the
    one most entries stand in) than as gettext does
    in `layout`, else None; entries both write alike say nothing. The entries that differ from gettext's are
    told first; of those that agree with it only as many are wrapped translate-toolkit's way as it takes to
    outvote them (a file a hand edit or two left differing from gettext's costs little)."""
    if layout.width is None or layout.polib or layout.uniforum or layout.indent or layout.escape:
        return None
    header = header_entry(catalog)
    agreeing: list[tuple[polib.POEntry, str]] = []  # entries as read as gettext writes them
    differing: list[tuple[polib.POEntry, str]] = []
    for entry in [*([header] if header is not None else []), *catalog]:
        read = as_read.get(entry_content(entry))
        if read is not None:
            (agreeing if read == "\n".join(entry_lines(entry, layout)) else differing).append((entry, read))
    best, best_count = None, 0
    for width, way in itertools.product(dict.fromkeys((layout.width, PAGE_WIDTH)), (TT_WORDS, TT_TEXTWRAP)):
        candidate = replace(layout, width=width, translate_toolkit=way)
        count = sum(read == "\n".join(entry_lines(entry, candidate)) for entry, read in differing)
        if count <= best_count:
            continue
        gettext_count = 0
        for entry, read in agreeing:
            if gettext_count >= count:
                break
            gettext_count += read != "\n".join(entry_lines(entry, candidate))
        if count > gettext_count:
            best, best_count = candidate, count
    return best


# --- Layout detection ------------------------------------------------------------------------------------

_STRING_LINE = re.compile(r'^(#~\|? |#\| |#~ )?(?:msg\w+(?:\[\d+\])? +| *)"(.*)"\s*$')
# A keyword followed by more than one space, or a continued string after spaces: msgcat --indent's columns.
_INDENTED = re.compile(r'^(?:#~\|? |#\| |#~ )?(?:msg\w+(?:\[\d+\])?  +| +)"')
# Widths the tools translators use write at, most common first: gettext's (msgcat, msgmerge, Poedit),
# translate-toolkit's (Weblate, Virtaal), Babel's.
_TOOL_WIDTHS = (PAGE_WIDTH, 77, 76)


def _ends_portion(content: str) -> bool:
    """Whether a string line's text ends with a "\\n" escape (not an escaped backslash before an n)."""
    if not content.endswith("\\n"):
        return False
    body = content[:-2]
    return (len(body) - len(body.rstrip("\\"))) % 2 == 0


def _holds_line_end(content: str) -> bool:
    """Whether a string line's text holds a "\\n" escape before its end."""
    return any(escape[0] == "\\n" and escape.end() < len(content) for escape in _ESCAPE.finditer(content))


def _display_width(text: str) -> int:
    return sum(_coded(text, _WIDTHS))


def _line_width(line: str) -> int:
    return len(line) if line.isascii() else _display_width(line)


_ESCAPE = re.compile(r"\\(?:[0-7]{1,3}|x[0-9a-fA-F]+|.)")
# Letters and digits of one column between which gettext never breaks (Latin, Arabic without its marks), and
# two such words with a space between, where it may.
_LETTER_OR_DIGIT = "[A-Za-z0-9\u0621-\u064a\u0660-\u0669\u0671-\u06d3]"
_WORDS = re.compile(f"{_LETTER_OR_DIGIT} {_LETTER_OR_DIGIT}")
_WORD_AND_SPACES = re.compile(f"{_LETTER_OR_DIGIT}+ +(?={_LETTER_OR_DIGIT})")
_ENDS_WITH_WORD_AND_SPACES = re.compile(f"{_LETTER_OR_DIGIT} +$")
_LETTER_OR_DIGIT_FIRST = re.compile(_LETTER_OR_DIGIT)
# How far a continued line's first piece is measured: past it, it tells of no width a file is wrapped at; and
# the opening of the line where it is looked for first.
_MEASURED = 1 << 10
_OPENING = 24


def _content_breaks(content: str) -> bytearray:
    """`_possible_breaks` of a string line's text as it stands between the quotes: gettext never breaks
    inside an escape, nor just before the "\\n" that ends a portion."""
    possible = _possible_breaks(content)
    if "\\" in content:
        for escape in _ESCAPE.finditer(content):
            possible[escape.start() + 1 : escape.end()] = bytes(escape.end() - escape.start() - 1)
        if _ends_portion(content):
            possible[len(content) - 2] = 0
    return possible


def _breakable(content: str) -> bool:
    """Whether gettext could break a line of this text inside it (a place to break after its first character):
    a line that has one was not too wide at the file's width, or gettext would have broken it there."""
    return _WORDS.search(content) is not None or 1 in _content_breaks(content)[1:]


def _gettext_break(before: str, after: str) -> bool:
    """Whether gettext may break a string between these two lines' texts (a break it cannot make, such as one
    before a zero-width space or inside a word, was made by hand and tells nothing of the width)."""
    if _ENDS_WITH_WORD_AND_SPACES.search(before) and _LETTER_OR_DIGIT_FIRST.match(after):
        return True  # most breaks: between two words, after the spaces
    tail = before[-(len(before) - len(before.rstrip(" ")) + 4) :]
    return bool(after) and _content_breaks(tail + after[:4])[len(tail)] == 1


class _WidthEvidence:
    """What a file's lines tell of the width gettext wrapped it at. At a width W, gettext fills each line of a
    string to at most W columns, breaking it before the piece of text (up to the next place it may break)
    that would run past W; a line is only wider when no place to break it came early enough (a long word).
    So a line with a place to break inside it says W >= its width; a broken line says W < its width plus
    the next line's first piece; and a string put on a line of its own under an empty `msgid ""` (one line,
    no "\\n" before its end) says it would have been broken on the keyword's line: W < that line's width.
    Each line is one say: a hand edit in an editor that does not wrap (a line typed past W, or shortened, or
    broken before W was filled) leaves a line or two that say otherwise than the rest of the file."""

    def __init__(self) -> None:
        self.below: list[int] = []  # a string broken or moved: W is less than each
        self.references_below: list[int] = []  # `#:` lines: the width they were filled to is less than each
        self.breaks = 0  # strings broken or moved (whether gettext could break there or not): each says wrapped
        self.lines: dict[int, list[str]] = {}  # the string lines by width: those with a place to break say W >=
        self.references = 0  # the widest `#:` line of several references (filled to at most W, in bytes)
        self.keywords = 0  # the widest `keyword ""` of a string left on its keyword's line (W >=)
        self.unmade_breaks = 0  # strings broken where gettext never breaks (by hand, or by another tool)
        self.unsplit = 0  # strings on one line holding a "\\n" before their end, where gettext starts a line
        self.split = 0  # strings with a line ended by "\\n", as gettext ends it
        self.contradicting = 0  # once width() is known: how many lines say otherwise of it

    def reference_lines(self, lines: list[str]) -> None:
        """An entry's `#:` lines: gettext fills them with references to the page width (also where strings
        are not wrapped), counting bytes, and starts a line before the reference that would not fit."""
        for line, following in itertools.pairwise(lines):
            self.references_below.append(len(line.encode()) + 1 + len(following[3:].split(" ", 1)[0].encode()))
        for line in lines:
            if line.count(" ") > 1:
                self.references = max(self.references, len(line.encode()))

    def string(self, lines: list[tuple[str, str]]) -> None:
        """One string's lines, (text between the quotes, whole line), its keyword line first."""
        widths = [_line_width(line) for _, line in lines]
        for (content, _), width in zip(lines, widths, strict=True):
            self.lines.setdefault(width, []).append(content)
        if len(lines) < 2:
            if lines and lines[0][0]:
                # Left on its keyword's line: there was room after the keyword.
                self.keywords = max(self.keywords, lines[0][1].index('"') + 2)
                self.unsplit += _holds_line_end(lines[0][0])
            return
        self.split += any(_ends_portion(content) for content, _ in lines[:-1])
        (first, keyword_line), *continued = lines
        if not first and len(continued) == 1 and not _ends_portion(continued[0][0]):
            self.breaks += 1
            # Moved because it would have been broken on the keyword's line, or because no room was left there.
            content = continued[0][0]
            room = len(keyword_line)
            self.below.append(room + _line_width(content) if _breakable(content) else room)
            return
        for (content, _), (following, _), filled in zip(lines[:-1], lines[1:], widths[:-1], strict=True):
            if content and not _ends_portion(content):
                self.breaks += 1
                if _gettext_break(content, following):
                    self.below.append(filled + _first_piece_width(following, _MEASURED - filled))
                else:
                    self.unmade_breaks += 1

    def width(self) -> int | None:
        """The width the fewest lines say otherwise of (a hand edit is one line or two against the many of the
        rest of the file): None (not wrapped) when no string was broken and a line runs past gettext's default,
        or when fewer lines say the strings are wrapped than say any width; else, when several widths do
        best, the one a translator's tool most likely wrote at (gettext's default first), else the narrowest
        (never under gettext's narrowest), or where no line says how wide lines may be, the widest. A break
        gettext cannot make says only that the file is wrapped."""
        string_above = sorted(
            [width for width, contents in self.lines.items() for content in contents if _breakable(content)]
            + ([self.keywords] if self.keywords else [])
        )
        below, references_below = sorted(self.below), sorted(self.references_below)

        def references_against(width: int) -> int:
            """How many `#:` lines say they were not filled to `width`."""
            return bisect.bisect_right(references_below, width) + (self.references > width)

        def against(width: int) -> int:
            """How many lines say the file is not wrapped at `width`."""
            too_wide = len(string_above) - bisect.bisect_right(string_above, width)
            return too_wide + bisect.bisect_right(below, width) + references_against(width)

        places = sorted(
            {NARROWEST, *_TOOL_WIDTHS}
            | {width for width in (*string_above, *below, *references_below, self.references) if width > NARROWEST}
        )
        counts = {width: against(width) for width in places}
        fewest = self.contradicting = min(counts.values())
        unwrapped = self.breaks + references_against(PAGE_WIDTH)
        # A string line that could have been broken past gettext's default width says they are not wrapped,
        # however wide (references, filled at that width as gettext fills them where it does not wrap strings
        # too, bound the page, not the strings). Where as many lines say the strings are wrapped as say any one
        # width, they are not if more such lines stand than strings are broken (one broken by hand).
        wide = len(string_above) - bisect.bisect_right(string_above, PAGE_WIDTH)
        if unwrapped < fewest or (unwrapped == fewest and wide > self.breaks):
            self.contradicting = unwrapped
            return None
        for width in _TOOL_WIDTHS:
            if counts[width] == fewest:
                return width
        narrowest = next(width for width in places if counts[width] == fewest)
        if string_above or self.references:
            return narrowest
        # No line that could have been broken says how wide lines may be: the widest width the breaks allow.
        following = [width for width in places if width > narrowest and counts[width] != fewest]
        return following[0] - 1 if following else PAGE_WIDTH


# A string holding a byte past ASCII as an octal escape: a file msgcat --escape wrote.
_ESCAPED_BYTE = re.compile(
    r'^(?:#~\|? |#\| |#~ )?(?:msg\w+(?:\[\d+\])? +| *)"(?:[^"\\]|\\[^23])*\\[23][0-7]{2}', re.MULTILINE
)


def sorted_by_msgid(catalog: polib.POFile) -> bool:
    """Whether a file's entries are in msgcat --sort-output's order (live ones, then obsolete ones), and not
    also in the order of the article (the lines their references name), which the toolkit writes."""
    for entries in ([entry for entry in catalog if not entry.obsolete], [entry for entry in catalog if entry.obsolete]):
        if any(msgid_order(one) > msgid_order(other) for one, other in itertools.pairwise(entries)):
            return False
    lines = [
        number
        for entry in catalog
        for _, line in entry.occurrences[:1]
        if (number := occurrence_line(line)) is not None
    ]
    return any(one > other for one, other in itertools.pairwise(lines))


def read_layout(text: str) -> tuple[Layout, int]:
    """The layout a file was written in: CRLF, CR or LF, a byte order mark or none, the width its strings are
    wrapped at (None: each string on one line per "\\n", as `msgcat --no-wrap` and editors that do not wrap
    write), read off its string lines (_WidthEvidence), so that the file written again at that width gives
    back every line as it is, and whether its strings are written in ASCII or in columns. Each is what most
    of its string lines say, so that a line or two a hand edited (an octal escape typed, a line indented by
    an editor) do not change how the whole file is written. One rule wherever a hand edit stands in the file,
    so that the same edit gives the same layout in any catalog, and in the catalog a renamed source's is made
    from (merge.merge_catalog keeps its predecessor's layout). The order of its entries is told from the
    catalog read (sorted_by_msgid). And how many of its lines gettext would not have written so: lines that
    say otherwise of its width, strings broken where gettext never breaks (a hand edit, or another tool's
    way to wrap: translate_toolkit_layout)."""
    bom = text.startswith("\ufeff")
    text = text.removeprefix("\ufeff")
    lines, newline = _file_lines(text)
    evidence = _WidthEvidence()
    string: list[tuple[str, str]] = []
    references: list[str] = []
    indented = flush = 0  # string lines in msgcat --indent's columns, and ones that are not
    escaped = raw = 0  # string lines holding a byte past ASCII as an octal escape, and a character past ASCII
    octal = "\\2" in text or "\\3" in text
    unwrapped_entry = False  # an entry flagged no-wrap: its lines say nothing of the width
    for line in lines:
        if line.startswith("#, ") or not line.strip() or line == "#":
            unwrapped_entry = line.startswith("#, ") and "no-wrap" in line.split(", ")
        if line.startswith("#: "):
            references.append(line)
            continue
        if references:
            evidence.reference_lines(references)
            references = []
        match = _STRING_LINE.match(line)
        if match is None or line.lstrip("#~| ").startswith("msg"):
            evidence.string(string)
            string = []
        if match is not None:
            content = match.group(2)
            if not unwrapped_entry:
                string.append((content, line))
            if _INDENTED.match(line):
                indented += 1
            elif not line.startswith("msgctxt "):  # msgctxt's "msgctxt " ends at --indent's first column too
                flush += 1
            if not content.isascii():
                raw += 1
            elif octal and _ESCAPED_BYTE.match(line):
                escaped += 1
    evidence.string(string)
    width = evidence.width()
    indent = indented > flush
    unsplit = width is None and not indent and evidence.unsplit > evidence.split
    layout = Layout(width, newline, bom, escaped > raw, indent=indent, uniforum=is_uniforum(text), unsplit=unsplit)
    return layout, evidence.contradicting + evidence.unmade_breaks


# msgcat --strict: an entry's last string line, then a bare `#` line; and no blank line anywhere but at the end.
_UNIFORUM_SEPARATOR = re.compile(r'^(?:#~ |[^#\r\n])[^\r\n]*"\r?\n#\r?$', re.MULTILINE)
_BLANK_LINE_BEFORE_TEXT = re.compile(r"^\r?\n(?=.)", re.MULTILINE)
_UNIFORUM_REFERENCE = re.compile(r"^File: (.*), line: (-?\d+)$")
# A bare `#` line after another line, which every separator above ends with: the regex looks for its start
# ("\n#") as a plain substring, where the separator's has it try every line, 16x slower on gettext's layout.
_BARE_HASH_LINE = re.compile(r"\n#\r?$", re.MULTILINE)


def is_uniforum(text: str) -> bool:
    """Whether a file is in the Uniforum style of `msgcat --strict` (Layout.uniforum): whether more of its
    entries are separated by a `#` line than by a blank one (an entry a translator's editor wrote in
    gettext's layout, or pasted from another file, leaves the file in its style)."""
    if _BARE_HASH_LINE.search(text) is None or _UNIFORUM_SEPARATOR.search(text) is None:
        return False
    return len(_UNIFORUM_SEPARATOR.findall(text)) > len(_BLANK_LINE_BEFORE_TEXT.findall(text))


def read_uniforum_references(catalog: polib.POFile) -> None:
    """Move the `# File: NAME, line: N` comments of a Uniforum file, which polib (and gettext 0.21) read as a
    translator's, to the entries' references, which they are: the merge sets an entry's references afresh,
    and one kept as a comment beside them would be written twice."""
    for entry in catalog:
        if "File: " not in entry.tcomment:
            continue
        kept = []
        for line in entry.tcomment.split("\n"):
            if reference := _UNIFORUM_REFERENCE.match(line):
                file, number = reference.groups()
                entry.occurrences.append((file, "" if number == "-1" else number))
            else:
                kept.append(line)
        entry.tcomment = "\n".join(kept)


def _first_piece_width(content: str, room: int) -> int:
    """The columns of a continuation line's text up to the first place gettext may break it (all of it when
    there is none): what would have filled the line above at a wider width. Past `room` columns it is not
    measured (the piece no longer narrows the file's width): `room` + 1."""
    if room < 0:
        return room + 1
    word = _WORD_AND_SPACES.match(content)
    if word is not None:
        return min(room + 1, word.end())
    # Else most first pieces are short: a break the line's opening holds short of an escape's length (4) from
    # its end is one of the whole line, as a break goes where the text before it and the character after say.
    first = _content_breaks(content[:_OPENING]).find(1, 1, _OPENING - 4)
    if first < 0:
        if room + 1 < len(content) and _line_width(content[: room + 1]) > room:
            content = content[: room + 2]  # measured on one more character
        first = _content_breaks(content).find(1, 1)
    return min(room + 1, _line_width(content if first < 0 else content[:first]))
