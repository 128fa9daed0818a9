"""Reading and writing PO catalogs: strict about syntax on the way in, atomic on the way out.

polib is lenient: it skips some garbage lines silently and its line numbers in errors are often off. A file
a translator broke must be reported at the right line and left untouched, never half-understood and then
rewritten, so every file passes a small strict syntax check before polib sees it. polib also knows only some
of the C escapes gettext reads (not `\\a`, `\\xHH`, `\\ooo`): strings holding others are handed to it
re-escaped with the same meaning. Files are written as GNU gettext writes them (`poformat`), in the layout
they were read in.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import click
import polib

from toolkit.catalog.entries import foreign_language_error
from toolkit.catalog.poformat import (
    PO_LINE_END,
    Catalog,
    entry_content,
    format_catalog,
    header_entry,
    is_uniforum,
    lines_as_read,
    polib_layout,
    polib_wrapped,
    read_layout,
    read_uniforum_references,
    sorted_by_msgid,
    translate_toolkit_layout,
)
from toolkit.clean.decode import MAX_SOURCE_BYTES, saved_wide
from toolkit.conflicts import CONFLICT_MARKER, unresolved_conflict
from toolkit.errors import CatalogError, FileSystemError
from toolkit.git_checkouts import checked_out_as, dos_end_of_file, with_one_cr, without_dos_end_of_file
from toolkit.store.cache import content_digest
from toolkit.store.disk import cause
from toolkit.store.files import (
    AtomicWrites,
    atomic_write_bytes,
    file_status,
    link_replaced_warning,
    read_regular_file,
    read_regular_file_and_status,
)
from toolkit.store.identity import Identity, settled_identity
from toolkit.store.listing import NAME_NOT_UTF8, is_utf8_name

# A catalog sixteen times the largest article a source may be (clean/decode.MAX_SOURCE_BYTES): more is a
# disk image or a sparse file under a catalog's name, and reading it whole held gigabytes (2 GB read, copied
# by the blank check and decoded: 6 GB for `status`).
MAX_CATALOG_BYTES = 16 * MAX_SOURCE_BYTES

# A C string as gettext reads it (po-lex.c): the escapes msgfmt understands, an octal escape of up to three
# digits, a hex escape of all the hex digits that follow. Every character can match in one way only (a run
# of plain characters is taken whole, as an atomic group would), so a line that does not match fails in
# linear time; overlapping alternatives made that exponential in the number of escapes.
_QUOTED = (
    r'"(?:(?=(?P<run>[^"\\]+))(?P=run)|\\[\\"abfnrtv]|\\[0-7]{3}|\\[0-7]{1,2}(?![0-7])'
    r"|\\x[0-9A-Fa-f]+(?![0-9A-Fa-f]))*\""
)
# What gettext's lexer (po-lex.c) reads as white space between the words of a line, and on a line of its own.
_GETTEXT_BLANKS = " \t\r\f\v"
# What the syntax check passes over at a line's ends: gettext's white space, and the characters polib would
# split the line on, which _for_polib names as what they are (a character of the line to msgfmt, which
# refuses it there). Not str.strip's white space: msgfmt refuses a line that begins with a no-break space.
_SYNTAX_CHECK_BLANKS = _GETTEXT_BLANKS + "\x1c\x1d\x1e\x85\u2028\u2029"
_KEYWORD_LINE = re.compile(rf"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t\f\v]+({_QUOTED})")
_STRING_LINE = re.compile(_QUOTED)
# `#~` (obsolete) and `#|` (previous) lines carry PO syntax after their marker; `#~|` is both.
_SYNTAX_COMMENT = re.compile(r"#(?:~\|?|\|)[ \t]?(.*)")

# Which keyword may follow which inside one entry; "start" is "between entries".
_NEXT_KEYWORDS: dict[str, frozenset[str]] = {
    "start": frozenset({"msgctxt", "msgid"}),
    "msgctxt": frozenset({"msgid"}),
    "msgid": frozenset({"msgid_plural", "msgstr"}),
    "msgid_plural": frozenset({"msgstr[]"}),
    "msgstr": frozenset({"msgctxt", "msgid"}),
    "msgstr[]": frozenset({"msgstr[]", "msgctxt", "msgid"}),
}


def _keyword_kind(keyword: str) -> str:
    return "msgstr[]" if keyword.startswith("msgstr[") else keyword


def _check_syntax_fragment(fragment: str) -> str | None:
    """Check the PO text after a `#~`/`#|` marker; says what is wrong, or None."""
    fragment = fragment.strip(_SYNTAX_CHECK_BLANKS)
    if not fragment or fragment.startswith("#"):
        return None
    if _KEYWORD_LINE.fullmatch(fragment) or _STRING_LINE.fullmatch(fragment):
        return None
    return "not a valid PO keyword line or quoted string"


_SECOND_HEADER = 'a second header (msgid "" with no msgctxt; msgfmt: duplicate message definition), keep one of the two'
# polib takes the last entry whose msgid is empty for the header, context or not: the real header became an entry,
# and the next write put this entry's translation into the header.
_CONTEXT_WITHOUT_SOURCE = 'an entry with a context and no source text (msgid ""), give it its source or remove it'


# Which keyword may follow which in an entry's previous source (`#| msgctxt`, `#| msgid`, `#| msgid_plural`).
_NEXT_PREVIOUS_KEYWORDS: dict[str, frozenset[str]] = {
    "start": frozenset({"msgctxt", "msgid"}),
    "msgctxt": frozenset({"msgid"}),
    "msgid": frozenset({"msgid_plural"}),
    "msgid_plural": frozenset(),
}
_OBSOLETE_MIXED = "an obsolete (#~) line inside an entry that is not, or the reverse (msgfmt: inconsistent use of #~)"


def find_syntax_error(text: str) -> tuple[int, str] | None:
    """The first line that is not valid PO (1-based line, reason), or None when the whole text is valid. A
    second header is one: polib would take it for the metadata and keep the first as an entry without text; so is
    an empty msgid after a msgctxt, which polib takes for the header as well. An obsolete entry (`#~` lines) is an
    entry like any other, and an entry's previous source (`#|`, `#~|` lines) comes before its entry, in order:
    polib passed over what it could not place in them, taking a stray line into the next entry or the header."""
    state = "start"
    obsolete = False  # whether the entry being read is an obsolete one
    can_continue = False  # a bare quoted string continues the keyword line just above it
    previous_state = "start"  # the same for the previous source (`#|` lines) of the entry to come
    previous_line = 0  # the line of the previous source read, until its entry begins
    headers = 0
    header_line = 0  # the line of a `msgid ""` that opens its entry, until a continuation shows it is no header
    empty_with_context = 0  # the same for a `msgid ""` after a msgctxt
    lines = PO_LINE_END.split(text)
    for number, raw in enumerate(lines, start=1):
        line = raw.strip(_SYNTAX_CHECK_BLANKS)
        if not line:
            can_continue = False
            continue
        line_obsolete = False
        if line.startswith("#"):
            marker = _SYNTAX_COMMENT.match(line)
            if not marker:
                can_continue = False
                continue
            problem = _check_syntax_fragment(marker.group(1))
            if problem:
                return number, problem
            fragment = marker.group(1).strip(_SYNTAX_CHECK_BLANKS)
            if not fragment or fragment.startswith("#"):
                can_continue = False
                continue
            if "|" in line[:3]:  # previous source
                keyword = _KEYWORD_LINE.fullmatch(fragment)
                if keyword is None:
                    if previous_state == "start":
                        return number, "previous source (#|) string without a keyword before it"
                elif (kind := keyword.group(1)) not in _NEXT_PREVIOUS_KEYWORDS[previous_state]:
                    return number, f"previous source (#|) {kind} out of place"
                else:
                    previous_state, previous_line = kind, previous_line or number
                can_continue = False
                continue
            line, line_obsolete = fragment, True
        if line.startswith('"'):
            if not can_continue:
                return number, "quoted string without a keyword (msgid, msgstr, ...) before it"
            if line_obsolete != obsolete:
                return number, _OBSOLETE_MIXED
            if not _STRING_LINE.fullmatch(line):
                return number, "badly quoted string (unclosed quote or unknown escape)"
            if state == "msgid":
                header_line = empty_with_context = 0
            continue
        keyword = _KEYWORD_LINE.fullmatch(line)
        if not keyword:
            if conflict := CONFLICT_MARKER.fullmatch(line):
                return number, unresolved_conflict(conflict.group(1))
            word = re.split(r"[ \t\f\v]", line, maxsplit=1)[0]
            if word in ("msgctxt", "msgid", "msgid_plural", "msgstr") or word.startswith("msgstr["):
                return number, f"{word} must be followed by a quoted string with valid escapes"
            return number, f"not a PO comment, keyword or quoted string: {line[:40]!r}"
        kind = _keyword_kind(keyword.group(1))
        if kind not in _NEXT_KEYWORDS[state]:
            return number, f"{keyword.group(1)} out of place (after {state.replace('start', 'an entry')})"
        if kind in _NEXT_KEYWORDS["start"] and state != "msgctxt":
            obsolete = line_obsolete  # an entry begins
            previous_state, previous_line = "start", 0
        elif line_obsolete != obsolete:
            return number, _OBSOLETE_MIXED
        if kind == "msgid":
            empty = keyword.group(2) == '""' and not obsolete
            header_line = number if state != "msgctxt" and empty else 0
            empty_with_context = number if state == "msgctxt" and empty else 0
        elif kind.startswith("msgstr") and empty_with_context:
            return empty_with_context, _CONTEXT_WITHOUT_SOURCE
        elif kind == "msgstr" and header_line:
            headers += 1
            if headers == 2:
                return header_line, _SECOND_HEADER
        state = kind
        can_continue = True
    if state in ("msgctxt", "msgid", "msgid_plural"):
        return len(PO_LINE_END.split(text.rstrip("\r\n"))), "entry ends without its msgstr"
    if previous_line:
        return previous_line, "previous source (#|) with no entry after it"
    return None


# One escape or one run of plain characters inside a quoted string (already checked by find_syntax_error).
_STRING_PART = re.compile(r"\\(?:x[0-9A-Fa-f]+|[0-7]{1,3}|.)|[^\\]+")
_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", '"': '"'}
# Characters polib splits lines on when it parses (str.splitlines), other than the ones it has escapes for.
_LINE_SPLITTERS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# The escapes polib's reader decodes, as the characters they stand for.
_POLIB_ESCAPES = {character: "\\" + name for name, character in _SIMPLE_ESCAPES.items() if name != "a"}
_POLIB_ESCAPED = re.compile("[" + re.escape("".join(_POLIB_ESCAPES)) + "]")


def gettext_unescape(quoted: str) -> str:
    """The text of a C string's inside as gettext reads it: \\xHH and \\ooo are bytes, decoded as UTF-8.

    ValueError when those bytes are not UTF-8."""
    parts: list[str] = []
    pending = bytearray()
    for match in _STRING_PART.finditer(quoted):
        part = match.group()
        if part[0] != "\\":
            value = part
        elif part[1] == "x":
            pending.append(int(part[2:], 16) & 0xFF)
            continue
        elif part[1] in "01234567":
            pending.append(int(part[1:], 8) & 0xFF)
            continue
        else:
            value = _SIMPLE_ESCAPES.get(part[1], part[1])
        if pending:
            parts.append(pending.decode("utf-8"))
            pending.clear()
        parts.append(value)
    if pending:
        parts.append(pending.decode("utf-8"))
    return "".join(parts)


def _polib_quoted(value: str) -> str:
    return '"' + _POLIB_ESCAPED.sub(lambda match: _POLIB_ESCAPES[match.group()], value) + '"'


_NEEDS_DECODING = re.compile(r"\\(?:[ax0-7])")
_QUOTED_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _quoted_strings(line: str) -> Iterator[re.Match[str]]:
    """The quoted strings of a line, left to right: `_QUOTED_STRING.finditer(line)`, in time linear in the line.
    Once a string opened at one quote has no end, none opened at a later quote has one (a later quote was read
    as escaped, and what follows it reads as it did, or it would have ended the string), so the search stops
    there. finditer tried again at every later quote, each time reading to the line's end: a comment line of
    127,000 characters of `\\"` took 40 s to read."""
    position = 0
    while (start := line.find('"', position)) != -1:
        match = _QUOTED_STRING.match(line, start)
        if match is None:
            return
        yield match
        position = match.end()


def _decoded_strings(line: str) -> str:
    """The line with each of its quoted strings' escapes decoded and written again with polib's escapes only."""
    pieces, position = [], 0
    for match in _quoted_strings(line):
        pieces += [line[position : match.start()], _polib_quoted(gettext_unescape(match.group(1)))]
        position = match.end()
    return "".join(pieces) + line[position:]


# An obsolete entry's previous source (`#~| msgid ...`, as msgmerge and msgcat write it), which polib skips.
_OBSOLETE_PREVIOUS = re.compile(r"^([ \t]*)#~\|", re.MULTILINE)
# A comment whose marker has no space after it (`#,fuzzy`, `#.note`, `#:file.c:3`, `#|msgid "a"`,
# `#~msgid "a"`, `#note`, `#= no-wrap`), as a hand or a tool other than gettext's writes it: gettext reads
# each by the character after the `#` (and `#!` as flags, like `#,`), polib refuses the file. Read as msgcat
# writes them back.
_TIGHT_COMMENT = re.compile(r"^([ \t]*)#(?:([,.:|!])(?! )|(~)(?![ |])|(?=[^\s#~,.:|!]))", re.MULTILINE)


def _spaced_comment(match: re.Match[str]) -> str:
    marker = match.group(2) or match.group(3) or ""
    return f"{match.group(1)}#{',' if marker == '!' else marker} "


# A long run of continuation lines (a string of several kB): polib appends each line to the string read so
# far, copying it every time, so a string of n lines costs n^2/2 lines' copying (a 7 MB paragraph: 35 s). The
# run is found from its keyword line (each line carries the keyword line's prefix: none, `#~`, `#|` or `#~|`);
# each line is taken whole at once (the look-ahead), so a shorter run fails without going back over it.
_CONTINUATION_RUN = re.compile(
    r'^(?P<prefix>[ \t]*(?:#~\|?|#\|)?[ \t]*)(?:msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]+"'
    r"(?=(?P<rest>[^\n]*))(?P=rest)"
    r'(?P<run>(?:\n(?P=prefix)"(?=(?P<line>[^\n]*))(?P=line)){64,})',
    re.MULTILINE,
)
# Below this many characters between two keyword lines no string can be long enough to matter, and the text is
# not searched for runs (which takes a tenth of polib's own time on a usual catalog).
_LONG_STRING_CHARS = 16_384


def _joined_runs(text: str) -> str:
    if len(text) < _LONG_STRING_CHARS or max(map(len, text.split("msg"))) < _LONG_STRING_CHARS:
        return text
    return _CONTINUATION_RUN.sub(_joined_run, text)


def _joined_run(match: re.Match[str]) -> str:
    """The run's strings as one string on its first line, and a blank line for each other line: polib copies
    the string once, and every line keeps its number (polib passes over blank lines, counting them)."""
    prefix, run = match.group("prefix"), match.group("run")
    lines = run[1:].split("\n")
    inside = "".join(line[len(prefix) :].rstrip(_GETTEXT_BLANKS)[1:-1] for line in lines)  # a CRLF line's CR too
    keyword_line = match.group()[: match.start("run") - match.start()]
    return f'{keyword_line}\n{prefix}"{inside}"' + "\n" * (len(lines) - 1)


# A line of PO syntax (after a `#~`/`#|` marker or not), its keyword and its string apart.
_SYNTAX_LINE = re.compile(
    r"(?P<marker>#~\|?|#\|)?[ \t\f\v]*(?P<keyword>(?:msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t\f\v]+)?"
    r'(?P<string>".*)',
    re.DOTALL,
)


def _blanks_for_polib(line: str) -> str:
    """The line with gettext's white space outside its strings as polib reads it: a form feed or a vertical
    tab (which polib splits lines on) at either end of the line, or between a marker, a keyword and its
    string, is dropped or made a space. One inside a string or in a comment's text is left, for the caller to
    name."""
    line = line.strip(_GETTEXT_BLANKS)
    syntax = _SYNTAX_LINE.fullmatch(line)
    if syntax is None:
        return line
    marker, keyword = syntax.group("marker"), syntax.group("keyword")
    keyword = f"{keyword.rstrip(_GETTEXT_BLANKS)} " if keyword else ""
    return (f"{marker} " if marker else "") + keyword + syntax.group("string")


def _where_on_the_line(line: str, column: int) -> str:
    if any(match.start() < column < match.end() for match in _quoted_strings(line)):
        return "inside a string"
    if line.lstrip(_GETTEXT_BLANKS).startswith("#"):
        return "inside a comment"
    return "outside any string or comment"


# A NUL, typed as such or as an escape (\0, \000, \x0): gettext's strings end at it, so msgfmt, msgcat and
# Poedit drop the rest of the string, where polib kept it: the site and the translator's editor would differ.
_NUL = (
    "a NUL character (or a \\0 escape) ends a string for gettext, which drops the rest of it (msgfmt, msgcat, "
    "Poedit); remove it, the file is left untouched"
)


def _for_polib(text: str, path: Path) -> str:
    """The text with every string polib would misread re-escaped with only the escapes polib knows, the
    `#~|` lines made `#|` lines (polib reads those into the entry they precede, obsolete all the same, and the
    writer gives an obsolete entry's previous source its `#~|` back: a rewrite must not drop it), and each long
    run of continuation lines joined into one (see _CONTINUATION_RUN)."""
    if "#~|" in text:
        text = _OBSOLETE_PREVIOUS.sub(r"\1#|", text)
    text = _TIGHT_COMMENT.sub(_spaced_comment, text)
    if not _NEEDS_DECODING.search(text) and not _LINE_SPLITTERS.search(text) and "\x00" not in text:
        return _joined_runs(text)
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if "\x00" in line:
            raise CatalogError(_NUL, path, number + 1)
        if _LINE_SPLITTERS.search(line):
            # A page break (^L) on a line of its own, or a form feed as white space around the words of a line
            # (Emacs po-mode, old GNU catalogs): msgfmt passes over it.
            line = lines[number] = _blanks_for_polib(line)
        if splitter := _LINE_SPLITTERS.search(line):
            raise CatalogError(
                f"a line separator character (U+0085, U+2028, U+2029 or a control character) "
                f"{_where_on_the_line(line, splitter.start())} cannot be kept; remove it, the file is left untouched",
                path,
                number + 1,
            )
        if not line.lstrip().startswith(("msg", '"', "#~", "#|")):
            continue
        if not _NEEDS_DECODING.search(line):
            continue
        try:
            decoded = _decoded_strings(line)
        except UnicodeDecodeError:
            raise CatalogError(
                "escapes (\\xHH or \\ooo) give bytes that are not UTF-8; fix it by hand, it is left untouched",
                path,
                number + 1,
            ) from None
        if "\x00" in decoded:
            raise CatalogError(_NUL, path, number + 1)
        if _LINE_SPLITTERS.search(decoded):
            raise CatalogError(
                "an escape gives a line separator character (U+0085, U+2028, U+2029 or a control character) "
                "that cannot be kept; remove it, the file is left untouched",
                path,
                number + 1,
            )
        lines[number] = decoded
    return _joined_runs("\n".join(lines))


# polib's parser (_POFileParser) as a table, for the lines a catalog of the usual shape holds: (symbol, state
# before) -> state after. A line of another kind (obsolete, previous, plural) or a pair missing here (polib
# refuses it) leaves the text to polib itself.
_HEADER_STATES = ("st", "he")
_ENTRY_STATES = ("gc", "oc", "fl", "ct", "tc", "ms", "mi")
_POLIB_TRANSITIONS = {
    **{("tc", state): "he" for state in _HEADER_STATES},
    **{("tc", state): "tc" for state in ("gc", "oc", "fl", "tc", "ms", "mi")},
    **{(symbol, state): symbol for symbol in ("gc", "oc", "fl") for state in _HEADER_STATES + _ENTRY_STATES},
    **{("ct", state): "ct" for state in ("st", "he", "gc", "oc", "fl", "tc", "ms")},
    **{("mi", state): "mi" for state in ("st", "he", "gc", "oc", "fl", "ct", "tc", "ms")},
    **{("ms", state): "ms" for state in ("mi", "tc")},
    **{("mc", state): state for state in ("ct", "mi", "ms")},
}
_POLIB_KEYWORDS = {"msgctxt": "ct", "msgid": "mi", "msgstr": "ms"}
# The polib whose parser the table mirrors (checked field for field against it); under another the table may
# not say what polib does, and polib reads every catalog itself.
_POLIB_MIRRORED = "1.2."
_POLIB_COMMENTS = {"#:": "oc", "#,": "fl", "#.": "gc"}


def _polib_unescape(text: str) -> str:
    return polib.unescape(text) if "\\" in text else text


def _read_usual_catalog(text: str) -> Catalog | None:
    """What `polib.pofile(text, klass=Catalog)` gives, field for field, for PO text that passed find_syntax_error
    and _for_polib (so every string is a well-formed C string with polib's escapes only: polib's regex search
    for an unescaped quote, a third of its time, finds none), when it holds only entries' comments, msgctxt,
    msgid, msgstr and their continuation lines, obsolete (`#~`) or not; None for any other text, which polib
    reads. About four times quicker than polib: the site build reads every catalog."""
    if not polib.__version__.startswith(_POLIB_MIRRORED):
        return None
    catalog = Catalog(pofile=text, encoding=polib.detect_encoding(text), check_for_duplicates=False)
    state = "st"
    entry = polib.POEntry(linenum=0)
    entries = []
    tokens: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        tokens = line.split(None, 2)
        obsolete = tokens[0] == "#~" and len(tokens) > 1
        if obsolete:
            line, tokens = line[3:].strip(), tokens[1:]
        first = tokens[0]
        if first in _POLIB_KEYWORDS and len(tokens) > 1:
            symbol = _POLIB_KEYWORDS[first]
            token = line[len(first) :].lstrip()
        elif line[0] == '"':
            symbol, token = "mc", line
        elif first in _POLIB_COMMENTS:
            if len(tokens) == 1:
                continue
            symbol, token = _POLIB_COMMENTS[first], line
        elif first == "#" or first.startswith("##"):
            symbol, token = "tc", "# " if line == "#" else line
        else:
            return None
        following = _POLIB_TRANSITIONS.get((symbol, state))
        if following is None:
            return None
        if symbol == "mc":
            value = _polib_unescape(token[1:-1])
            if state == "ct":
                entry.msgctxt += value
            elif state == "mi":
                entry.msgid += value
            else:
                entry.msgstr += value
            continue
        if following == "he":
            catalog.header += ("\n" if catalog.header else "") + token[2:]
        else:
            if state == "ms" and symbol != "ms":
                entries.append(entry)
                entry = polib.POEntry(linenum=number)
            if symbol == "tc":
                comment = token.lstrip("#")
                entry.tcomment += ("\n" if entry.tcomment else "") + comment.removeprefix(" ")
            elif symbol == "gc":
                entry.comment += ("\n" if entry.comment else "") + token[3:]
            elif symbol == "oc":
                entry.occurrences.extend(_polib_occurrence(occurrence) for occurrence in token[3:].split())
            elif symbol == "fl":
                entry.flags += [flag.strip() for flag in token[3:].split(",")]
            elif symbol == "ct":
                entry.msgctxt = _polib_unescape(token[1:-1])
            elif symbol == "mi":
                entry.obsolete = int(obsolete)
                entry.msgid = _polib_unescape(token[1:-1])
            else:
                entry.msgstr = _polib_unescape(token[1:-1])
        state = following
    if tokens and not tokens[0].startswith("#"):
        entries.append(entry)
    headers = [entry for entry in entries if entry.msgid == "" and not entry.obsolete]
    if len(headers) > 1:
        return None  # polib picks one by rules of its own
    header = headers[0] if headers else None
    catalog.extend(entry for entry in entries if entry is not header)
    if header is not None:
        catalog.metadata_is_fuzzy = header.flags
        key = None
        for line in header.msgstr.splitlines():
            try:
                key, value = line.split(":", 1)
                catalog.metadata[key] = value.strip()
            except ValueError:
                if key is not None:
                    catalog.metadata[key] += "\n" + line.strip()
    catalog.wrapwidth = 78
    return catalog


def _polib_occurrence(occurrence: str) -> tuple[str, str]:
    if ":" not in occurrence:
        return occurrence, ""
    name, line = occurrence.rsplit(":", 1)
    return (name, line) if line.isdigit() else (occurrence, "")


_POLIB_LINE = re.compile(r" ?\(line (\d+)\)")
# The other formats gettext writes a catalog in, told by their first line that is not a comment: a key=value
# line (`!=` holds the header, a key's spaces are escaped), or a `"key" = "value";` line.
_OTHER_FORMATS = (
    (
        re.compile(r'\s*(?:!|(?:[^\s"#!=:\\]|\\.)+)='),
        "a Java .properties file (msgcat --properties-output writes one); `msgcat --properties-input FILE` gives "
        "it back as PO",
    ),
    (
        re.compile(r'\s*"(?:[^"\\]|\\.)*"\s*=\s*"'),
        "a NeXTstep/GNUstep .strings file (msgcat --stringtable-output writes one); `msgcat --stringtable-input "
        "FILE` gives it back as PO",
    ),
)


def _other_format(lines: list[str]) -> str | None:
    """What a file is, given its lines up to the first that is not PO, when that is its first line that is not
    a comment and another format's (a PO file that goes wrong further down is a PO file)."""
    *before, first = lines
    if any(line.strip() and not line.lstrip().startswith("#") for line in before):
        return None
    return next((name for pattern, name in _OTHER_FORMATS if pattern.match(first)), None)


def parse_catalog(text: str, path: Path, keep_layout: bool = True) -> Catalog:
    """Parse PO text already read from `path` (a byte order mark at its start is part of its layout);
    CatalogError names the file and the first bad line. Without `keep_layout`, for a reader that never writes
    the catalog back (the site build), its layout is not looked for."""
    layout_text = with_one_cr(text)
    text = layout_text.removeprefix("\ufeff")
    if dos_end_of_file(text):  # msgfmt and Poedit refuse it too: named, not read past and left for them to fail on
        raise CatalogError(
            "it ends in a DOS end-of-file mark (Ctrl-Z, byte 0x1A), which msgfmt refuses too; delete it "
            f"(sed -i 's/\\x1a//g' {shlex.quote(path.name)}); it is left untouched",
            path,
            len(PO_LINE_END.split(without_dos_end_of_file(text))),
        )
    problem = find_syntax_error(text)
    if problem:
        line, reason = problem
        other = _other_format(PO_LINE_END.split(text, line)[:line])
        if other:
            raise CatalogError(f"not a PO file but {other}; it is left untouched", path, line)
        raise CatalogError(f"not a valid PO file: {reason}; fix it by hand, it is left untouched", path, line)
    try:
        for_polib = _for_polib(text, path)
        catalog = (None if keep_layout else _read_usual_catalog(for_polib)) or polib.pofile(for_polib, klass=Catalog)
    except (OSError, ValueError) as error:
        reason = " ".join(str(error).split())
        # polib says "Syntax error in po file (line N)": the line goes where every message puts it.
        line = _POLIB_LINE.search(reason)
        reason = _POLIB_LINE.sub("", reason).replace("Syntax error in po file", "syntax error").rstrip(" :")
        raise CatalogError(
            f"not a valid PO file: {reason}; it is left untouched", path, int(line.group(1)) if line else None
        ) from None
    _check_unique(catalog, path)
    _give_the_first_entry_its_comment(catalog, text)
    if is_uniforum(text):
        read_uniforum_references(catalog)
    if keep_layout:
        layout, unlike_gettext = read_layout(layout_text)
        layout = replace(layout, sort=sorted_by_msgid(catalog))
        catalog.as_read = lines_as_read(layout_text, catalog)
        by_polib = polib_layout(catalog, layout, catalog.as_read) if polib_wrapped(text) else None
        if by_polib is not None:
            layout = by_polib
        elif unlike_gettext:
            layout = translate_toolkit_layout(catalog, layout, catalog.as_read) or layout
        catalog.layout = layout
    elif layout_text.startswith("\ufeff"):
        catalog.layout = replace(catalog.layout, bom=True)  # `check` names it: msgfmt refuses such a file
    return catalog


# A header entry's first lines: `msgid ""` with no msgctxt before it, and no continuation string after it; lines
# ended as PO_LINE_END ends them (a classic Mac editor's CR alone). Each line before it is taken by one
# alternative only: a blank line as `\s*` and a line end both, in a repeated group, made a file opening with 24
# blank lines take over a second to match, doubling with each more. A CR before an LF is never a line end of its
# own, or each CRLF would be one line or two.
_LINE_END = r"(?:\r\n|\r(?!\n)|\n)"
_BLANKS = r"[^\S\r\n]*"
_HEADER_START = re.compile(
    rf'(?:#[^~\r\n][^\r\n]*{_LINE_END}|#{_LINE_END}|{_BLANKS}{_LINE_END})*{_BLANKS}msgid{_BLANKS}""{_BLANKS}{_LINE_END}\s*msgstr'
)


def _give_the_first_entry_its_comment(catalog: Catalog, text: str) -> None:
    """polib takes the `#` comment that opens a file for the header's even when no header entry follows (a
    catalog whose header a tool or an edit left out): gettext reads it as the first entry's, and a translator's
    note on the title was moved onto the header that the next write added."""
    if not catalog.header or _HEADER_START.match(text):
        return
    first = min(catalog, key=lambda entry: entry.linenum, default=None)
    if first is not None:
        first.tcomment = catalog.header + (f"\n{first.tcomment}" if first.tcomment else "")
        catalog.header = ""


def _check_unique(catalog: Catalog, path: Path) -> None:
    """Two live entries for one text (a hand merge, a paste): msgfmt refuses the file, and a merge would keep
    one translation and lose the other, so it is named here like any other fault of the file."""
    first_line: dict[tuple[str | None, str], int] = {}
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        line = first_line.setdefault((entry.msgctxt, entry.msgid), entry.linenum)
        if line != entry.linenum:
            raise CatalogError(
                f"not a valid PO file: a second entry for the text of line {line} (msgfmt: duplicate message "
                "definition); keep one of the two by hand, it is left untouched",
                path,
                entry.linenum,
            )


_DECLARED_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


def _charset_problem(data: bytes) -> str:
    """What is wrong with a catalog that is not UTF-8, from what its header declares."""
    declared = _DECLARED_CHARSET.search(data)
    charset = declared.group(1).decode("ascii") if declared else None
    if charset is None or charset.replace("-", "").upper() == "UTF8":
        return "not UTF-8 text, although its header says charset=UTF-8 (saved in another encoding?); save it as UTF-8"
    return (
        f"the catalog is in {charset}, and the toolkit reads UTF-8 catalogs only; convert it with "
        "msgconv --to-code=UTF-8 and fix its header"
    )


def _read_bytes(path: Path) -> bytes:
    if not is_utf8_name(path):
        raise CatalogError(NAME_NOT_UTF8, path)
    try:
        return read_regular_file(path, MAX_CATALOG_BYTES)
    except OSError as error:
        raise CatalogError(f"cannot read: {cause(error)}", path) from None


def _parse_bytes(data: bytes, path: Path, keep_layout: bool = True) -> Catalog:
    if not data.strip().removeprefix(b"\xef\xbb\xbf").strip():
        # The toolkit never writes one: a save or a copy that failed, whose page must not go blank.
        held = "is empty" if data in (b"", b"\xef\xbb\xbf") else "holds only blank lines"
        raise CatalogError(
            f"the file {held} (a save or a copy that failed?); restore it, or delete it and run "
            "`toolkit translate` to start it anew; it is left untouched",
            path,
        )
    if (instead := checked_out_as(data, path)) is not None:
        raise CatalogError(f"{instead}; it is left untouched", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        _refuse_wide_unicode(data, path)
        line = data[: error.start].count(b"\n") + 1
        raise CatalogError(_charset_problem(data), path, line) from None
    if "\0" in text:  # UTF-16 of ASCII and Arabic letters without a byte order mark decodes as UTF-8, NULs and all
        _refuse_wide_unicode(data, path)
    return parse_catalog(text, path, keep_layout)


def _refuse_wide_unicode(data: bytes, path: Path) -> None:
    """A catalog saved as UTF-16 (Notepad's "Unicode") or UTF-32 is named so: its header, a NUL byte between
    its letters, cannot be read for the charset it declares."""
    if (said := saved_wide(data, "PO files are read as UTF-8 (as gettext reads them)")) is not None:
        raise CatalogError(said, path, 1)


def read_catalog(path: Path, keep_layout: bool = True) -> Catalog:
    """Read one PO file strictly. CatalogError (with file and line) when it is unreadable or invalid. Without
    `keep_layout`, the catalog is only read, never written back (see parse_catalog)."""
    return _parse_bytes(_read_bytes(path), path, keep_layout)


def in_target_language(catalog: Catalog, path: Path, target_language: str) -> Catalog:
    """The catalog, when its Language header names the project's target language (or none); else the error
    that names it (`foreign_language_error`): to every command a catalog of another language is one that
    cannot be read as the project's, named and left as it is, its page kept from before."""
    if (foreign := foreign_language_error(catalog.metadata, path, target_language)) is not None:
        raise foreign
    return catalog


def read_project_catalog(path: Path, target_language: str, keep_layout: bool = False) -> Catalog:
    """A catalog of the project's translations/, as every command reads one: `read_catalog`, and a catalog whose
    Language header names another language than `target_language` is a CatalogError too."""
    return in_target_language(read_catalog(path, keep_layout), path, target_language)


def may_hold_field(path: Path, field: str) -> bool:
    """Whether the catalog at `path` may hold the header field `field`, told from its bytes without parsing it:
    not when they hold the field's name nowhere (ASCII, which no writer escapes or breaks a line in). A file
    that cannot be read holds none (read_catalog names it)."""
    try:
        return field.encode("ascii") in _read_bytes(path)
    except CatalogError:
        return False


def catalog_fingerprint(catalog: Catalog) -> tuple:
    """Everything polib writes, as a cheap comparable value: equal fingerprints, equal catalogs."""
    entries = tuple(entry_content(entry) for entry in catalog)
    metadata = tuple(catalog.metadata.items())
    return (catalog.header, metadata, bool(catalog.metadata_is_fuzzy), catalog.layout, entries)


def serialize_catalog(catalog: Catalog) -> bytes:
    """The bytes a catalog is stored as, GNU gettext's layout (an entry the file it was read from holds as it
    stands, word for word, is written as it was read): equal catalogs read from one file give equal bytes."""
    return format_catalog(catalog, catalog.layout, catalog.as_read, _entries_said).encode("utf-8")


_LINES_READ_ALONE = Path("lines read alone.po")


def _entries_said(text: str) -> list[polib.POEntry] | None:
    """The entries (the header as the first) that `text`, an entry's lines as a catalog held them, says as a
    file read alone; None when it is no valid PO text (poformat.ReadEntries)."""
    try:
        catalog = parse_catalog(text, _LINES_READ_ALONE, keep_layout=False)
    except CatalogError:
        return None
    header = header_entry(catalog)
    return [*([header] if header is not None else []), *catalog]


def _place_catalog(
    path: Path, data: bytes, writes: AtomicWrites | None = None, changed: Callable[[], bool] | None = None
) -> None:
    """Every write of a catalog's file: atomically now, or staged in `writes` (put in place at its commit
    unless `changed()`). A catalog that is a link becomes a file of its own, said once it is in place: writing
    through the link would merge this project's sources into another project's catalog (its reviewed entries
    made obsolete against text that is not its own)."""
    warning = link_replaced_warning(path)
    said = None if warning is None else functools.partial(click.echo, warning, err=True)
    if writes is not None:
        writes.stage(path, (data,), changed, said)
        return
    atomic_write_bytes(path, data)
    if said is not None:
        said()


@dataclass(frozen=True)
class OnDisk:
    """What a catalog's file held when this run last read or wrote it: its bytes' digest tells whether someone
    else wrote the file since, its content (`catalog_fingerprint`) whether a catalog would change it, and its
    status (`settled_identity`, None when it cannot tell) spares reading the bytes again to see that nobody
    did."""

    digest: bytes
    fingerprint: tuple
    signature: Identity | None = None


def _read_with_signature(path: Path) -> tuple[bytes, Identity | None]:
    looked_at = time.time_ns()
    data, status = read_regular_file_and_status(path, MAX_CATALOG_BYTES)
    return data, settled_identity(status, looked_at)


def load_catalog(path: Path, target_language: str) -> tuple[Catalog | None, OnDisk | None]:
    """The catalog in `path` and what the file holds, for a `save_catalog` later; (None, None) when there is
    no file yet. CatalogError (with file and line) when it is unreadable or invalid, or names another language
    than `target_language` (`read_project_catalog`)."""
    if not is_utf8_name(path):
        raise CatalogError(NAME_NOT_UTF8, path)
    try:
        data, signature = _read_with_signature(path)
    except FileNotFoundError:
        return None, None
    except OSError as error:
        raise CatalogError(f"cannot read: {cause(error)}", path) from None
    catalog = in_target_language(_parse_bytes(data, path), path, target_language)
    return catalog, OnDisk(content_digest(data), catalog_fingerprint(catalog), signature)


def _status(path: Path) -> os.stat_result | None:
    try:
        return file_status(path)
    except FileSystemError as error:
        raise CatalogError(error.message, path) from None


def save_catalog(
    path: Path,
    catalog: Catalog,
    read: OnDisk | None,
    take_outside_edits: Callable[[Catalog, Catalog], None],
    target_language: str,
    writes: AtomicWrites | None = None,
) -> tuple[bool, OnDisk]:
    """Write `catalog` atomically unless the file already holds its content (or stage it in `writes`, to be
    put in place with others); says whether it wrote, and what the file now holds (the `read` of the next
    save).

    Guarded: the file is parsed again only when its bytes are no longer the ones `read` describes (None: no
    file was there), i.e. someone saved it meanwhile (the project lock keeps out toolkit runs, not editors).
    Its bytes are read only when its status no longer vouches for them. Then `take_outside_edits(catalog,
    theirs)` takes their work into `catalog` first, unless they saved the same content, and the catalog takes
    the layout they saved the file in (line ends, byte order mark, width). CatalogError when the
    file became unreadable or invalid, or names another language than `target_language` (`in_target_language`:
    written over, it would say the target's again); it is left as it is. A file staged in `writes` is put in
    place only if nobody saved it meanwhile (else the commit leaves it out: save again).
    """
    looked_at = time.time_ns()
    status = _status(path)
    signature = None if status is None else settled_identity(status, looked_at)
    if status is None:
        current_digest = None
    elif read is not None and signature is not None and signature == read.signature:
        current_digest = read.digest
    else:
        try:
            current, signature = _read_with_signature(path)
        except FileNotFoundError:
            current, signature = None, None
        except OSError as error:
            raise CatalogError(f"cannot read: {cause(error)}", path) from None
        current_digest = None if current is None else content_digest(current)
        if current is not None and (read is None or current_digest != read.digest):
            theirs = in_target_language(_parse_bytes(current, path), path, target_language)
            saved = OnDisk(current_digest, catalog_fingerprint(theirs), signature)
            if read is None or saved.fingerprint != read.fingerprint:
                take_outside_edits(catalog, theirs)
                # The file is written in the layout it has now, as a rewrite of a file read before the run is.
                catalog.layout, catalog.as_read = theirs.layout, theirs.as_read
            read = saved
    fingerprint = catalog_fingerprint(catalog)
    if read is not None and fingerprint == read.fingerprint:
        return False, read  # the same content (even if an editor laid it out otherwise): left alone
    data = serialize_catalog(catalog)
    data_digest = content_digest(data)
    if data_digest != current_digest:
        _place_catalog(path, data, writes, lambda: _changed_since(path, signature, current_digest))
    return data_digest != current_digest, OnDisk(data_digest, fingerprint)


def _changed_since(path: Path, signature: Identity | None, digest: bytes | None) -> bool:
    """Whether the file no longer holds the bytes of `digest` (None: no file), as far as its status (when it
    vouched for them, `signature`) or else its bytes tell; one that cannot be read counts as changed (it is not
    written over: the next save names why)."""
    looked_at = time.time_ns()
    try:
        status = file_status(path)
    except FileSystemError:
        return True
    if status is None:
        return digest is not None
    if signature is not None and settled_identity(status, looked_at) == signature:
        return False
    try:
        return content_digest(read_regular_file(path, MAX_CATALOG_BYTES)) != digest
    except FileNotFoundError:
        return digest is not None
    except OSError:
        return True
