"""A paragraph of megabytes (a 7 MB page of one paragraph) is read in time linear in its size: polib appended
each continuation line to the string read so far, so reading a string of n lines copied n^2/2 lines (35 s of a
7 MB page's 41 s publish). Counted, not timed: the characters polib copies while it reads the catalog."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from toolkit.catalog.poformat import format_catalog
from toolkit.catalog.store import parse_catalog

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _catalog(lines: int) -> str:
    """A catalog whose paragraph, its draft and an obsolete entry each run to `lines` continuation lines."""
    words = [f'"كلمة{number} \\"{number}\\" "' for number in range(lines)]
    obsolete = [f"#~ {line}" for line in words]
    return (
        f"{HEADER}#. kind: paragraph\n#, fuzzy\nmsgctxt \"b-1\"\nmsgid \"\"\n" + "\n".join(words)
        + "\nmsgstr \"\"\n" + "\n".join(words).replace("كلمة", "word")
        + '\n\n#: source/a.txt:5\nmsgctxt "b-2"\nmsgid "قصير"\nmsgstr "short"\n\n'
        + '#~ msgctxt "b-0"\n#~ msgid ""\n' + "\n".join(obsolete) + '\n#~ msgstr "gone"\n'
    )


def _copied_while_parsing(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """The characters polib copies appending continuation lines to the strings it reads."""
    copied = 0
    handle = polib._POFileParser.handle_mc
    fields = {"ct": "msgctxt", "mi": "msgid", "mp": "msgid_plural", "ms": "msgstr", "pm": "previous_msgid"}

    def counting(parser: polib._POFileParser) -> bool:
        nonlocal copied
        copied += len(getattr(parser.current_entry, fields.get(parser.current_state, "msgstr")) or "")
        return handle(parser)

    with monkeypatch.context() as patch:
        patch.setattr(polib._POFileParser, "handle_mc", counting)
        parse_catalog(text, Path("a.po"))
    return copied


def test_reading_a_string_twice_as_long_copies_about_twice_as_much(monkeypatch: pytest.MonkeyPatch) -> None:
    single = _copied_while_parsing(_catalog(4_000), monkeypatch)
    double = _copied_while_parsing(_catalog(8_000), monkeypatch)
    assert double <= 2.2 * max(single, 1), (single, double)


@pytest.mark.parametrize("lines", [3, 64, 65, 2_000])
def test_a_long_string_reads_as_polib_reads_it_line_by_line(lines: int) -> None:
    text = _catalog(lines)
    ours = parse_catalog(text, Path("a.po"))
    theirs = polib.pofile(text)
    assert [(e.msgctxt, e.msgid, e.msgstr, e.obsolete, e.linenum) for e in ours] == [
        (e.msgctxt, e.msgid, e.msgstr, e.obsolete, e.linenum) for e in theirs
    ]
    assert 'word1 "1" word2' in ours[0].msgstr
    assert format_catalog(ours, ours.layout) == format_catalog(theirs, ours.layout)
