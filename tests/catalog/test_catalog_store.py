"""Reading PO files strictly (errors at the right line, file untouched) and writing them only when changed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from catalog_fakes import save_over

from toolkit.catalog.store import find_syntax_error, read_catalog
from toolkit.errors import CatalogError

VALID = """msgid ""
msgstr ""
"Language: en\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

# a translator's note
#. kind: paragraph
#: source/a.txt:3
#, fuzzy
#| msgid "old"
msgctxt "b-1"
msgid "نص"
msgstr ""
"Text "
"continued."

#~ msgctxt "b-2"
#~ msgid "قديم"
#~ msgstr "old"
"""


def test_valid_catalog_reads_with_every_part(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_text(VALID, encoding="utf-8")
    catalog = read_catalog(path)
    entry = catalog[0]
    assert (entry.msgctxt, entry.msgid, entry.msgstr) == ("b-1", "نص", "Text continued.")
    assert entry.previous_msgid == "old" and entry.fuzzy and entry.tcomment == "a translator's note"
    assert [e.msgid for e in catalog.obsolete_entries()] == ["قديم"]


@pytest.mark.parametrize(
    ("broken_line", "replacement"),
    [
        (13, 'msgstr "unclosed'),
        (13, "garbage that polib would skip"),
        (13, 'msgstr "bad \\q escape"'),
        (14, 'msgstr "twice"'),
        (12, 'msgctxt "b-9"'),
        (18, '#~ msgid "unclosed'),
    ],
)
def test_syntax_error_is_reported_at_its_line(tmp_path: Path, broken_line: int, replacement: str) -> None:
    lines = VALID.splitlines()
    lines[broken_line - 1] = replacement
    text = "\n".join(lines) + "\n"
    path = tmp_path / "broken.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        read_catalog(path)
    assert raised.value.path == path
    assert raised.value.line == broken_line
    assert str(raised.value).startswith(f"{path}:{broken_line}: ")
    assert path.read_text(encoding="utf-8") == text


def test_undecodable_bytes_are_reported_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.po"
    path.write_bytes(VALID.encode("utf-8").replace("نص".encode(), b"caf\xe9"))
    with pytest.raises(CatalogError) as raised:
        read_catalog(path)
    assert raised.value.line == 12


def test_entry_without_msgstr_at_end_is_an_error() -> None:
    assert find_syntax_error('msgid "a"\n') == (1, "entry ends without its msgstr")
    assert find_syntax_error("# only a comment\n") is None


def test_write_only_when_the_content_differs(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_text(VALID, encoding="utf-8")
    first = path.stat().st_mtime_ns
    # Laid out by hand otherwise than gettext would, the same content: the translator's file is left alone.
    assert save_over(path, read_catalog(path)) is False
    assert path.stat().st_mtime_ns == first and path.read_text(encoding="utf-8") == VALID
    catalog = read_catalog(path)
    catalog.append(polib.POEntry(msgctxt="b-3", msgid="جديد", msgstr=""))
    assert save_over(path, catalog) is True
    assert [e.msgctxt for e in read_catalog(path) if not e.obsolete] == ["b-1", "b-3"]
    assert not list(tmp_path.glob(".*.tmp"))


def test_two_live_entries_for_one_text_are_reported_at_the_second(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    entry = 'msgctxt "b-1"\nmsgid "text"\nmsgstr "first"\n'
    path.write_text(f'msgid ""\nmsgstr ""\n\n{entry}\n{entry.replace("first", "second")}', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"a second entry for the text of line 4 \(msgfmt: duplicate") as raised:
        read_catalog(path)
    assert raised.value.line == 8
    path.write_text(f'msgid ""\nmsgstr ""\n\n{entry}\n#~ msgctxt "b-1"\n#~ msgid "text"\n#~ msgstr "old"\n')
    assert [item.msgstr for item in read_catalog(path)] == ["first", "old"]


@pytest.mark.parametrize(
    ("data", "held"),
    [
        (b"", "is empty"),
        (b"\xef\xbb\xbf", "is empty"),
        (b"\n \n", "holds only blank lines"),
        (b"\xef\xbb\xbf\n", "holds only blank lines"),
    ],
)
def test_an_empty_catalog_file_is_an_error_not_an_empty_catalog(tmp_path: Path, data: bytes, held: str) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(data)
    with pytest.raises(CatalogError, match=rf"the file {held} \(a save or a copy that failed\?\)"):
        read_catalog(path)
    assert path.read_bytes() == data


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("header", [True, False])
def test_the_comment_that_opens_a_catalog_after_many_blank_lines_is_placed_as_gettext_reads_it(
    tmp_path: Path, line_end: str, header: bool
) -> None:
    # Whether a header entry follows the opening comment was matched with a blank line taken two ways at each
    # line: 40 blank lines meant 2^40 tries (24 took over a second), a read that never ended.
    lines = ["# A translator's note.", *[""] * 40]
    if header:
        lines += ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    lines += ['msgctxt "title"', 'msgid "عنوان"', 'msgstr "A title"', ""]
    path = tmp_path / "a.po"
    path.write_bytes(line_end.join(lines).encode("utf-8"))
    catalog = read_catalog(path)
    title = next(entry for entry in catalog if entry.msgctxt == "title")
    note = "A translator's note."
    assert (catalog.header, title.tcomment) == ((note, "") if header else ("", note))


def _git(folder: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *arguments], cwd=folder, capture_output=True, text=True
    )


@pytest.mark.parametrize("style", ["merge", "diff3", "zdiff3"])
def test_a_merge_conflict_git_left_in_a_catalog_is_named_at_its_first_marker(tmp_path: Path, style: str) -> None:
    # Two translators changed one msgstr; git's own conflict, committed as it was, was told "not a PO comment,
    # keyword or quoted string: '<<<<<<< HEAD'".
    path = tmp_path / "a.po"
    path.write_text(VALID, encoding="utf-8")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "a.po")
    _git(tmp_path, "commit", "-q", "-m", "drafts")
    _git(tmp_path, "checkout", "-q", "-b", "other")
    path.write_text(VALID.replace('"continued."', '"continued, said one."'), encoding="utf-8")
    _git(tmp_path, "commit", "-q", "-a", "-m", "one")
    _git(tmp_path, "checkout", "-q", "main")
    path.write_text(VALID.replace('"continued."', '"continued, said another."'), encoding="utf-8")
    _git(tmp_path, "commit", "-q", "-a", "-m", "another")
    assert _git(tmp_path, "-c", f"merge.conflictStyle={style}", "merge", "other").returncode == 1
    text = path.read_text(encoding="utf-8")
    first_marker = text.splitlines().index("<<<<<<< HEAD") + 1
    with pytest.raises(CatalogError) as raised:
        read_catalog(path)
    assert raised.value.line == first_marker
    assert "a merge conflict left unresolved (a <<<<<<< line)" in str(raised.value)
    # The opening marker deleted, the others left: the first of them is named.
    path.write_text(text.replace("<<<<<<< HEAD\n", ""), encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        read_catalog(path)
    assert "a merge conflict left unresolved (a " in str(raised.value)
    assert path.read_text(encoding="utf-8") == text.replace("<<<<<<< HEAD\n", "")
