"""A catalog translate-toolkit wrote (Weblate's PO writer, its po tools): its strings are wrapped its way, not
gettext's (an alef after a lam takes no column of its own, chunks at word boundaries), which the toolkit
recognises and writes again: a run that changes entries writes them as translate-toolkit would, and nothing
else. The files in data/translate_toolkit are translate-toolkit 3.20.4's own output (make_fixtures.py says how
they were made): an Arabic seed catalog and a Chinese one, each as written and after two changes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from uniseg.wordbreak import words

from toolkit.catalog.poformat import _words, entry_content
from toolkit.catalog.store import parse_catalog, serialize_catalog

DATA = Path(__file__).parent / "data" / "translate_toolkit"
CHANGES = json.loads((DATA / "changes.json").read_text(encoding="utf-8"))


def _messages(data: bytes) -> str:
    """The messages as msgfmt compiles them (drafts too) and msgunfmt reads them back."""

    def run(command: list[str], given: bytes) -> bytes:
        return subprocess.run(command, input=given, capture_output=True, check=True, timeout=60).stdout

    return run(["msgunfmt", "-"], run(["msgfmt", "--use-fuzzy", "-o", "-", "-"], data)).decode()


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_catalog_translate_toolkit_wrote_is_read_as_its_layout_and_given_back(name: str) -> None:
    written = (DATA / f"{name}.po").read_text(encoding="utf-8")
    catalog = parse_catalog(written, Path(f"{name}.po"))
    assert catalog.layout.translate_toolkit and catalog.layout.width == 79
    assert serialize_catalog(catalog).decode("utf-8") == written


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_entries_a_run_changes_are_written_as_translate_toolkit_writes_them(name: str) -> None:
    """A source text changed (the old one kept as the previous msgid, the entry fuzzy) and a translation
    changed: the file written is the one translate-toolkit wrote after the same changes, byte for byte, and
    reads as the same messages."""
    changes = CHANGES[name]
    catalog = parse_catalog((DATA / f"{name}.po").read_text(encoding="utf-8"), Path(f"{name}.po"))
    for entry in catalog:
        if entry.msgctxt == changes["source changed"]["msgctxt"]:
            entry.previous_msgid = entry.msgid
            entry.msgid = entry.msgid.replace(changes["source changed"]["old"], changes["source changed"]["new"])
            entry.flags = ["fuzzy"]
        if entry.msgctxt == changes["translation changed"]["msgctxt"]:
            entry.msgstr += changes["translation changed"]["added"]

    written = serialize_catalog(catalog)

    expected = (DATA / f"{name}.changed.po").read_bytes()
    assert written.decode("utf-8") == expected.decode("utf-8")
    assert _messages(written) == _messages(expected)
    again = parse_catalog(written.decode("utf-8"), Path(f"{name}.po"))
    assert [entry_content(entry) for entry in again] == [entry_content(entry) for entry in catalog]


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_catalog_gettext_wrote_is_not_read_as_translate_toolkit_s(name: str) -> None:
    """The same catalog as msgcat writes it (whose lines translate-toolkit breaks elsewhere): gettext's."""
    written = subprocess.run(
        ["msgcat", "-"], input=(DATA / f"{name}.po").read_bytes(), capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    catalog = parse_catalog(written, Path(f"{name}.po"))
    assert written != (DATA / f"{name}.po").read_text(encoding="utf-8")
    assert not catalog.layout.translate_toolkit
    assert serialize_catalog(catalog).decode("utf-8") == written


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
