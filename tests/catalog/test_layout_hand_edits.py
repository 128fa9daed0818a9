"""One hand edit in a catalog a tool other than msgcat's default wrote: polib's own writer (a script's `save()`)
or `msgcat --strict` (the Uniforum style). The file is still read as that tool's: a write-back leaves the edited
entry as it stands and writes the entries it changed as the tool would, and the messages mean what they meant
(msgfmt and msgunfmt read the same). Built from real tool output of an Arabic seed and a Chinese catalog."""

from __future__ import annotations

import difflib
import functools
import itertools
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from zh_projects import chinese_catalog

from toolkit.catalog.poformat import GETTEXT_LAYOUT, Catalog, entry_content, format_catalog
from toolkit.catalog.store import parse_catalog, serialize_catalog
from toolkit.catalog.update import update_catalogs
from toolkit.clean.pipeline import clean_stream
from toolkit.config import load_config

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "translations" / "000_bff552917bc11dca.po"


def _msgcat(text: str, *options: str) -> str:
    made = subprocess.run(["msgcat", *options, "-"], input=text.encode(), capture_output=True, check=True, timeout=60)
    return made.stdout.decode()


def _polib_save(text: str) -> str:
    """The file as a script that reads it with polib and saves it (polib's own writer, default width) gives it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "saved.po"
        polib.pofile(text).save(str(path))
        return path.read_text(encoding="utf-8")


TOOLS: dict[str, Callable[[str], str]] = {
    "polib": _polib_save,
    "strict": lambda text: _msgcat(text, "--strict"),
    "strict, width 60": lambda text: _msgcat(text, "--strict", "--width=60"),
}
SOURCES = {"ar": lambda: SEED.read_text(encoding="utf-8"), "zh": chinese_catalog}


@functools.cache
def _written(source: str, tool: str) -> str:
    return TOOLS[tool](_msgcat(SOURCES[source]()))


def _key(entry: polib.POEntry) -> tuple:
    return entry.obsolete, entry.msgctxt, entry.msgid


def _owners(text: str) -> list[tuple | None]:
    """Each line's entry (None: the header's), a blank line or a `#` one between two entries the next one's."""
    lines = text.split("\n")
    owners: list[tuple | None] = [None] * len(lines)
    starts = sorted((entry.linenum - 1, _key(entry)) for entry in polib.pofile(text))
    for (start, key), (end, _) in itertools.pairwise([*starts, (len(lines), None)]):
        owners[start:end] = [key] * (end - start)
    for number in reversed(range(len(lines) - 1)):
        if lines[number] in ("", "#") and owners[number] != owners[number + 1]:
            owners[number] = owners[number + 1]
    return owners


def _block(text: str, key: tuple) -> list[str]:
    """An entry's lines, without the blank or `#` line that separates it from the previous entry."""
    lines = [line for line, owner in zip(text.split("\n"), _owners(text), strict=True) if owner == key]
    while lines and lines[0] in ("", "#"):
        lines.pop(0)
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _string_lines(block: list[str], keyword: str) -> tuple[int, int]:
    """Where a string of the block stands: its keyword's line and the line after its last."""
    start = next(number for number, line in enumerate(block) if line.startswith(f"{keyword} "))
    end = start + 1
    while end < len(block) and block[end].startswith('"'):
        end += 1
    return start, end


def _retyped(block: list[str], entry: polib.POEntry) -> list[str]:
    """The translation changed in vim: typed on one line, past any width."""
    start, end = _string_lines(block, "msgstr")
    text = "".join(line[line.index('"') + 1 : -1] for line in block[start:end])
    retyped = f'msgstr "{text} Checked by hand, and a few more words to run past the width."'
    return [*block[:start], retyped, *block[end:]]


def _line_edited(block: list[str], entry: polib.POEntry, early_break: bool) -> list[str]:
    """One continued line of a wrapped string shortened by a word, or broken before its middle."""
    continued = [number for number, line in enumerate(block) if line.startswith('"') and len(line) > 12]
    if not continued:
        return _retyped(block, entry)
    number = continued[len(continued) // 2]
    content = block[number][1:-1]
    middle = content.find(" ", len(content) // 3)
    if middle < 0 or middle + 1 >= len(content):
        middle = len(content) // 2
    if early_break:
        edited = [f'"{content[: middle + 1]}"', f'"{content[middle + 1 :]}"']
    else:
        following = content.find(" ", middle + 1)
        edited = [f'"{content[: middle + 1]}{content[following + 1 :] if following > 0 else ""}"']
    return [*block[:number], *edited, *block[number + 1 :]]


_ENTRY_FIELDS = ("msgctxt", "msgid", "msgstr", "comment", "tcomment", "occurrences", "flags", "previous_msgid")


def _saved_by_poedit(block: list[str], entry: polib.POEntry) -> list[str]:
    """The translation changed in an editor that writes gettext's layout (Poedit): the entry as msgcat writes
    it, references as `#:` lines."""
    changed = polib.POEntry(**{name: getattr(entry, name) for name in _ENTRY_FIELDS})
    changed.msgstr = f"{entry.msgstr} Checked in Poedit, and a few more words to be wrapped at any width."
    catalog = Catalog()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(changed)
    return _msgcat(format_catalog(catalog)).rstrip("\n").split("\n\n")[-1].split("\n")


EDITS: dict[str, Callable[[list[str], polib.POEntry], list[str]]] = {
    "translation retyped on one line": _retyped,
    "line shortened": functools.partial(_line_edited, early_break=False),
    "line broken early": functools.partial(_line_edited, early_break=True),
    "saved by Poedit": _saved_by_poedit,
}


def _hand_edit(text: str, edit: str, pick: int) -> tuple[str, tuple]:
    """The file with the hand edit made to its `pick`-th live entry, and that entry's key as edited."""
    catalog = parse_catalog(text, Path("tool.po"))
    live = [entry for entry in catalog if entry.msgid and not entry.obsolete]
    entry = live[pick % len(live)]
    lines, owners = text.split("\n"), _owners(text)
    block = _block(text, _key(entry))
    first = next(number for number, owner in enumerate(owners) if owner == _key(entry))
    start = lines.index(block[0], first)
    edited = EDITS[edit](block, entry)
    if edit == "saved by Poedit" and lines[start - 1] == "#":
        start -= 1
        edited = ["", *edited]  # and the line before it blank, as gettext separates entries
    lines[start : lines.index(block[-1], start) + 1] = edited
    text = "\n".join(lines)
    (edited_entry,) = [one for one in polib.pofile(text) if one.msgctxt == entry.msgctxt and not one.obsolete]
    return text, _key(edited_entry)


def _messages(text: str) -> str:
    """The messages as msgfmt compiles them (drafts too) and msgunfmt reads them back."""

    def run(command: list[str], data: bytes) -> bytes:
        return subprocess.run(command, input=data, capture_output=True, check=True, timeout=60).stdout

    return run(["msgunfmt", "-"], run(["msgfmt", "--use-fuzzy", "-o", "-", "-"], text.encode())).decode()


def _touched(before: str, after: str) -> set[tuple | None]:
    """The entries (None: the header) a line of which differs between the two files."""
    old, new = before.split("\n"), after.split("\n")
    old_owners, new_owners = _owners(before), _owners(after)
    touched: set[tuple | None] = set()
    for tag, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag != "equal":
            touched |= set(old_owners[old_start:old_end]) | set(new_owners[new_start:new_end])
    return touched


def _as_gettext(text: str) -> str:
    catalog = parse_catalog(text, Path("tool.po"))
    catalog.layout, catalog.as_read = GETTEXT_LAYOUT, {}
    return serialize_catalog(catalog).decode("utf-8")


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=st.sampled_from(sorted(SOURCES)),
    tool=st.sampled_from(sorted(TOOLS)),
    edit=st.sampled_from(sorted(EDITS)),
    pick=st.integers(min_value=0, max_value=10_000),
    changed=st.integers(min_value=0, max_value=10_000),
)
def test_after_one_hand_edit_the_file_keeps_its_tool_s_layout(
    source: str, tool: str, edit: str, pick: int, changed: int
) -> None:
    """Any one live entry edited by hand in any of the ways of EDITS, then any one entry's translation changed
    by a run: that entry's lines alone differ, and they are the tool's own (polib's writer, msgcat --strict),
    the edited entry's lines stay as the translator left them, and every message reads as before but the one
    the run changed. Written back with nothing changed, the file is given back byte for byte."""
    edited, edited_key = _hand_edit(_written(source, tool), edit, pick)
    assert serialize_catalog(parse_catalog(edited, Path("edited.po"))).decode("utf-8") == edited

    catalog = parse_catalog(edited, Path("edited.po"))
    live = [entry for entry in catalog if entry.msgid and not entry.obsolete]
    entry = live[changed % len(live)]
    entry.msgstr = f"{entry.msgstr} Corrected, with words enough to be wrapped at any width there is."
    expected = [entry_content(one) for one in catalog]
    written = serialize_catalog(catalog).decode("utf-8")

    assert _touched(edited, written) == {_key(entry)}
    assert [entry_content(one) for one in parse_catalog(written, Path("written.po"))] == expected
    assert _block(written, _key(entry)) == _block(TOOLS[tool](_as_gettext(written)), _key(entry))
    assert _messages(written) == _messages(_as_gettext(written))
    assert _messages(edited) == _messages(_as_gettext(edited))
    if _key(entry) != edited_key:
        assert _block(written, edited_key) == _block(edited, edited_key)


@pytest.mark.parametrize("edit", sorted(EDITS))
@pytest.mark.parametrize("tool", ["polib", "strict"])
def test_a_publish_after_a_hand_edit_and_a_changed_paragraph_touches_only_that_entry(
    tmp_path: Path, tool: str, edit: str
) -> None:
    """The seed project's catalog as the tool wrote it, one entry edited by hand, then a paragraph of its
    article changed: the next run rewrites that paragraph's entry alone, as the tool writes it."""
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "translations").mkdir()
    shutil.copy(REPO / "toolkit.toml", project)
    name = SEED.stem
    shutil.copy(REPO / "source" / f"{name}.txt", project / "source")
    path = project / "translations" / f"{name}.po"
    edited, edited_key = _hand_edit(_written("ar", tool), edit, pick=5)
    assert edited_key[1] != "b-924c67e7"
    path.write_text(edited, encoding="utf-8")
    source = project / "source" / f"{name}.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("الهواجس الأساسية لروسيا", "المخاوف الأساسية لروسيا", 1), encoding="utf-8")
    config = load_config(project)

    result = update_catalogs(config, clean_stream(config).articles, lambda: None, lambda total: None)

    assert result.errors == [] and result.drafted == 0
    written = path.read_text(encoding="utf-8")
    (changed,) = [entry for entry in polib.pofile(written) if entry.msgctxt == "b-924c67e7" and not entry.obsolete]
    assert changed.fuzzy and "المخاوف" in changed.msgid and changed.previous_msgid
    assert _touched(edited, written) == {_key(changed), (False, "b-924c67e7", _msgid_before(edited))}
    assert _block(written, _key(changed)) == _block(TOOLS[tool](_as_gettext(written)), _key(changed))
    assert _block(written, edited_key) == _block(edited, edited_key)


def _msgid_before(text: str) -> str:
    return next(entry.msgid for entry in polib.pofile(text) if entry.msgctxt == "b-924c67e7")
