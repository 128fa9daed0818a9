"""A catalog translate-toolkit wrote (Weblate's PO writer, its po tools): its strings are wrapped its way, not
gettext's, which the toolkit recognises and writes again: a run that changes entries writes them as
translate-toolkit would, and nothing else. Three ways, each from translate-toolkit's own output (the files in
data/translate_toolkit, made as make_fixtures.py says), an Arabic seed catalog and a Chinese one, each as written
and after two changes:
- 3.17 and later (3.20.4): chunks at word boundaries, an alef after a lam taking no column of its own;
- 3.16 and older (3.16.3, Debian 12 ships 3.8.4): Python's textwrap, each "\\n"-ended portion on its own;
- Weblate's "No line wrapping" (po_line_wrap -1): every string on its keyword's line, "\\n" and all, the
  header's too, where gettext starts a line after each "\\n" even when it does not wrap."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from examples import examples
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_layout_hand_edits import EDITS, _block, _hand_edit, _key, _touched
from uniseg.wordbreak import words

from toolkit.catalog.poformat import (
    _TEXTWRAP_PATTERNS,
    TT_TEXTWRAP,
    TT_WORDS,
    Layout,
    _textwrap_pieces,
    _words,
    entry_content,
    entry_lines,
)
from toolkit.catalog.store import parse_catalog, serialize_catalog

DATA = Path(__file__).parent / "data" / "translate_toolkit"
CHANGES = json.loads((DATA / "changes.json").read_text(encoding="utf-8"))
# Each writer's folder, and the layout its files are read as.
WRITERS = {
    "3.20.4": ("", Layout(translate_toolkit=TT_WORDS)),
    "3.16.3": ("3.16", Layout(translate_toolkit=TT_TEXTWRAP)),
    "weblate no wrapping": ("no_wrap", Layout(width=None, unsplit=True)),
}
CASES = [(writer, name) for writer in WRITERS for name in sorted(CHANGES)]


def _path(writer: str, name: str, suffix: str = ".po") -> Path:
    return DATA / WRITERS[writer][0] / f"{name}{suffix}"


def _messages(data: bytes) -> str:
    """The messages as msgfmt compiles them (drafts too) and msgunfmt reads them back."""

    def run(command: list[str], given: bytes) -> bytes:
        return subprocess.run(command, input=given, capture_output=True, check=True, timeout=60).stdout

    return run(["msgunfmt", "-"], run(["msgfmt", "--use-fuzzy", "-o", "-", "-"], data)).decode()


def _whole_in(text: str) -> str:
    """The file written again in the layout read off it, every entry made afresh (no line kept as read)."""
    catalog = parse_catalog(text, Path("whole.po"))
    catalog.as_read = {}
    return serialize_catalog(catalog).decode("utf-8")


def _telling(text: str, layout: Layout) -> set[tuple]:
    """The entries (by _key) that `layout` writes otherwise than gettext does."""
    catalog = parse_catalog(text, Path("telling.po"))
    return {_key(entry) for entry in catalog if entry_lines(entry, layout) != entry_lines(entry, Layout())}


@pytest.mark.parametrize(("writer", "name"), CASES)
def test_a_catalog_translate_toolkit_wrote_is_read_as_its_layout_and_given_back(writer: str, name: str) -> None:
    """Read as the writer's layout, and given back byte for byte: with its lines as read, and made afresh in that
    layout alone (every entry, the header too, as translate-toolkit writes it)."""
    written = _path(writer, name).read_text(encoding="utf-8")
    catalog = parse_catalog(written, Path(f"{name}.po"))
    assert catalog.layout == WRITERS[writer][1]
    assert serialize_catalog(catalog).decode("utf-8") == written
    assert _whole_in(written) == written


@pytest.mark.parametrize(("writer", "name"), CASES)
def test_entries_a_run_changes_are_written_as_translate_toolkit_writes_them(writer: str, name: str) -> None:
    """A source text changed (the old one kept as the previous msgid, the entry fuzzy) and a translation
    changed: the file written is the one translate-toolkit wrote after the same changes, byte for byte, and
    reads as the same messages."""
    changes = CHANGES[name]
    catalog = parse_catalog(_path(writer, name).read_text(encoding="utf-8"), Path(f"{name}.po"))
    for entry in catalog:
        if entry.msgctxt == changes["source changed"]["msgctxt"]:
            entry.previous_msgid = entry.msgid
            entry.msgid = entry.msgid.replace(changes["source changed"]["old"], changes["source changed"]["new"])
            entry.flags = ["fuzzy"]
        if entry.msgctxt == changes["translation changed"]["msgctxt"]:
            entry.msgstr += changes["translation changed"]["added"]

    written = serialize_catalog(catalog)

    expected = _path(writer, name, ".changed.po").read_bytes()
    assert written.decode("utf-8") == expected.decode("utf-8")
    assert _messages(written) == _messages(expected)
    again = parse_catalog(written.decode("utf-8"), Path(f"{name}.po"))
    assert [entry_content(entry) for entry in again] == [entry_content(entry) for entry in catalog]


@pytest.mark.parametrize(("writer", "name"), CASES)
def test_a_catalog_gettext_wrote_is_not_read_as_translate_toolkit_s(writer: str, name: str) -> None:
    """The same catalog as msgcat writes it (whose lines translate-toolkit breaks elsewhere): gettext's."""
    written = subprocess.run(
        ["msgcat", "-"], input=_path(writer, name).read_bytes(), capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    catalog = parse_catalog(written, Path(f"{name}.po"))
    assert written != _path(writer, name).read_text(encoding="utf-8")
    assert catalog.layout == Layout()
    assert serialize_catalog(catalog).decode("utf-8") == written


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case=st.sampled_from(CASES),
    edit=st.sampled_from(sorted(EDITS)),
    pick=st.integers(min_value=0, max_value=10_000),
    changed=st.integers(min_value=0, max_value=10_000),
)
def test_after_one_hand_edit_a_run_writes_what_it_changed_in_the_writer_s_layout(
    case: tuple[str, str], edit: str, pick: int, changed: int
) -> None:
    """Any one live entry of translate-toolkit's file edited by hand in any of the ways of EDITS, then any one
    entry's translation changed by a run: the file is still read as the writer's; that entry's lines alone
    differ, and they are the writer's own (as the whole file in its layout has them, which is the writer's
    file byte for byte: the test above); the edited entry stays as the translator left it; and msgunfmt reads
    the same messages before and after but the one the run changed. Written back with nothing changed, the
    edited file is given back byte for byte."""
    writer, name = case
    written_by_tool = _path(writer, name).read_text(encoding="utf-8")
    edited, edited_key = _hand_edit(written_by_tool, edit, pick)
    # A file whose only entry written otherwise than gettext writes it is the one edited is gettext's, as far as
    # any reader can tell (3.16's Arabic fixture has one: textwrap and gettext break Arabic alike).
    assume(_telling(written_by_tool, WRITERS[writer][1]) - {edited_key})
    catalog = parse_catalog(edited, Path("edited.po"))
    assert catalog.layout == WRITERS[writer][1]
    assert serialize_catalog(catalog).decode("utf-8") == edited

    live = [entry for entry in catalog if entry.msgid and not entry.obsolete]
    entry = live[changed % len(live)]
    before = entry.msgstr
    entry.msgstr = f"{before} Corrected, with words enough to be wrapped at any width there is.\nAnd a line."
    written = serialize_catalog(catalog).decode("utf-8")

    assert _touched(edited, written) == {_key(entry)}
    assert _block(written, _key(entry)) == _block(_whole_in(written), _key(entry))
    if _key(entry) != edited_key:
        assert _block(written, edited_key) == _block(edited, edited_key)
    read_back = parse_catalog(written, Path("written.po"))
    assert [entry_content(one) for one in read_back] == [entry_content(one) for one in catalog]
    # The same catalogs as gettext writes them: the layout changes nothing of what the messages say.
    catalog.as_read, catalog.layout = {}, Layout()
    assert _messages(written.encode()) == _messages(serialize_catalog(catalog))
    entry.msgstr = before
    assert _messages(edited.encode()) == _messages(serialize_catalog(catalog))


# Letters, digits, marks, spaces and punctuation of Latin, Arabic, Hebrew, Chinese and Japanese text, the
# characters between which word boundaries have rules of their own, and line ends and joiners (uniseg's).
WORD_CHARACTERS = [
    *"ab XY 12 ,.;:!?-/()[]{}<>\"'\\\t_،؛؟«»—–…ـ٫٬٣الناتو لأن ًٌٍَُِّْ中文字，。、（）アイウｱ",
    *"\u200b\u200c\u200d\u00a0\u00ad\u2019\u05d0\u05d1\u2060\u3000\n\r\U0001f1e6\U0001f600\ufe0f",
]
WORD_TEXT = st.text(st.sampled_from(WORD_CHARACTERS), max_size=60)


@settings(max_examples=examples(2000), deadline=None)
@given(WORD_TEXT)
def test_words_are_cut_where_uniseg_cuts_them(text: str) -> None:
    """translate-toolkit's chunks start from the text's word boundaries (UAX #29): the toolkit's quicker cut
    is uniseg's, also for marks, spaces around marks, middle punctuation, katakana and connectors."""
    assert _words(text) == list(words(text))


# The characters translate-toolkit 3.16's pieces turn on (brackets, escapes, slashes, hyphens, full-width
# punctuation), in runs, so that pieces meet inside runs and runs end where no pattern matches.
PIECE_CHARACTERS = [*"ab Z9_.#-/[](){}\\\"'!&,?=<>%\t", "\\n", '\\"', "سلا", "中", "，", "。", "ｱ", "\u0301", "\x07"]
PIECE_TEXT = st.lists(st.tuples(st.sampled_from(PIECE_CHARACTERS), st.sampled_from([1, 1, 1, 2, 3, 80]))).map(
    lambda runs: "".join(character * count for character, count in runs)
)


@settings(max_examples=examples(2000), deadline=None)
@given(PIECE_TEXT)
def test_textwrap_pieces_are_those_of_translate_toolkit_s_regular_expression(text: str) -> None:
    """The pieces found once a run (_textwrap_pieces) are those re.split gives with the patterns in one
    regular expression, as translate-toolkit 3.16 cuts a string (and in quadratic time on a long run)."""
    patterns = re.compile("(" + "|".join(pattern for pattern, _ in _TEXTWRAP_PATTERNS) + ")")
    assert _textwrap_pieces(text) == [piece for piece in patterns.split(text) if piece]


# Whole pieces and near-pieces, so that the patterns' own bounds are met: a bracketed or quoted span of 73
# characters (the most they take) and of 74, a path up to its slash, an escape inside a word, a hyphenated word,
# a dash of hyphens, and what stands between them.
_SPAN_WORD = (
    st.lists(st.sampled_from([*"abXY9_س中.#-!'&,?=<>%", "\\n"]), min_size=1, max_size=8)
    .map("".join)
    .flatmap(lambda word: st.sampled_from([word, word * (73 // len(word)), word * (74 // len(word) + 1)]))
)
PIECE_SHAPES = st.lists(
    st.one_of(
        _SPAN_WORD,
        _SPAN_WORD.map(lambda word: f"[{word}]"),
        _SPAN_WORD.map(lambda word: f"({word})"),
        _SPAN_WORD.map(lambda word: f'\\"{word}\\"'),
        _SPAN_WORD.map(lambda word: f"{word}/"),
        _SPAN_WORD.map(lambda word: f"{word}-"),
        _SPAN_WORD.map(lambda word: f"{word}--"),
        st.sampled_from(
            [" ", "  ", "\t", "\\", "\\t", '\\"', "，", "。", "、", "-", "[", "]", "(", ")", "/", "\u0301"]
        ),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=examples(1000), deadline=None)
@given(PIECE_SHAPES)
def test_textwrap_pieces_of_whole_spans_are_those_of_translate_toolkit_s_regular_expression(text: str) -> None:
    """As above, over pieces the patterns take whole or just fail to (a span one character too long)."""
    patterns = re.compile("(" + "|".join(pattern for pattern, _ in _TEXTWRAP_PATTERNS) + ")")
    assert _textwrap_pieces(text) == [piece for piece in patterns.split(text) if piece]


@pytest.mark.parametrize("text", ["س" * 200_000, "ab-" * 70_000, "[!]" * 70_000], ids=["word", "hyphens", "brackets"])
def test_a_long_run_is_cut_into_translate_toolkit_s_pieces_in_linear_time(text: str) -> None:
    """re.split scanned a run once from each of its characters: a catalog mutated to hold a context of 50,000
    letters, its layout put to the vote, held `status` for minutes; 200,000 took hours. Run apart, so that
    the quadratic way fails at the timeout rather than holding the suite."""
    code = "import sys; from toolkit.catalog.poformat import _textwrap_filled; _textwrap_filled(sys.stdin.read(), 77)"
    subprocess.run([sys.executable, "-c", code], input=text, text=True, check=True, timeout=120)
