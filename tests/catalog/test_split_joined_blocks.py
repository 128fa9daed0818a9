"""A reviewed paragraph the editor split in two, or two joined into one, carries its translation to the new
blocks as msgmerge --previous carries a split paragraph's: fuzzy, to check, with the old source in `#|` lines.
Before, each half was too unlike the whole to be it, edited: the reviewed text went to a `#~` entry unsaid and
the new blocks were drafted by the machine afresh."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
from catalog_fakes import article

from toolkit.catalog.entries import CatalogContext, entry_state, set_fuzzy
from toolkit.catalog.merge import merge_catalog
from toolkit.catalog.store import parse_catalog, serialize_catalog

CONTEXT = CatalogContext("P", "ar", "en")
FIRST = "وقال المتحدث باسم الكرملين دميتري بيسكوف إن موسكو تدرس الرد الأمريكي بعناية"
SECOND = "وأضاف أن الرئيس فلاديمير بوتين سيتخذ قراره بعد انتهاء الدراسة"
OTHER = "وتنفي موسكو الاتهامات الغربية بالتحضير لمهاجمة أوكرانيا"
REVIEWED = {
    FIRST: "Kremlin spokesman Dmitry Peskov said Moscow was studying the American response carefully.",
    SECOND: "He added that President Vladimir Putin would decide once the study was over.",
    OTHER: "Moscow denies Western accusations of preparing to attack Ukraine.",
}


def _reviewed(paragraphs: list[str], machine: tuple[str, ...] = ()) -> polib.POFile:
    catalog = merge_catalog(None, article("a", paragraphs), CONTEXT)
    for entry in catalog:
        if entry.msgid in REVIEWED:
            entry.msgstr = REVIEWED[entry.msgid]
            if entry.msgid in machine:
                set_fuzzy(entry, True)
                entry.comment += "\nmachine: argos translate-ar_en 1.0"
    return catalog


def _merged_again(catalog: polib.POFile, paragraphs: list[str]) -> polib.POFile:
    merged = merge_catalog(catalog, article("a", paragraphs), CONTEXT)
    again = merge_catalog(merged, article("a", paragraphs), CONTEXT)
    assert serialize_catalog(again) == serialize_catalog(merged)  # a second run changes nothing
    return merged


def _active(catalog: polib.POFile, text: str) -> polib.POEntry:
    (entry,) = [entry for entry in catalog if entry.msgid == text and not entry.obsolete]
    return entry


def _gone_unchanged(catalog: polib.POFile, *sources: str) -> None:
    for source in sources:
        (gone,) = [entry for entry in catalog if entry.msgid == source and entry.obsolete]
        assert gone.msgstr == REVIEWED[source] and not gone.fuzzy


def test_both_halves_of_a_split_reviewed_paragraph_get_its_translation_to_check() -> None:
    halves = ["وقال المتحدث باسم الكرملين دميتري بيسكوف", "إن موسكو تدرس الرد الأمريكي بعناية"]
    catalog = _merged_again(_reviewed([FIRST, OTHER]), [halves[0], halves[1], OTHER])
    old_context = _active(_reviewed([FIRST, OTHER]), FIRST).msgctxt
    for half in halves:
        entry = _active(catalog, half)
        assert entry.msgstr == REVIEWED[FIRST]
        assert entry_state(entry) == "needs-review"
        assert (entry.previous_msgctxt, entry.previous_msgid) == (old_context, FIRST)
    assert entry_state(_active(catalog, OTHER)) == "reviewed"
    _gone_unchanged(catalog, FIRST)


def test_paragraphs_joined_give_their_translations_in_the_joined_order() -> None:
    joined = f"{SECOND}. {FIRST}"
    catalog = _merged_again(_reviewed([FIRST, SECOND, OTHER]), [joined, OTHER])
    entry = _active(catalog, joined)
    assert entry.msgstr == f"{REVIEWED[SECOND]} {REVIEWED[FIRST]}"
    assert entry_state(entry) == "needs-review"
    assert entry.previous_msgid == f"{SECOND}\n{FIRST}" and entry.previous_msgctxt is None
    _gone_unchanged(catalog, FIRST, SECOND)


def test_a_machine_draft_split_is_drafted_again_and_an_unrelated_block_is_new() -> None:
    halves = ["وقال المتحدث باسم الكرملين دميتري بيسكوف", "إن موسكو تدرس الرد الأمريكي بعناية"]
    catalog = _merged_again(_reviewed([FIRST, OTHER], machine=(FIRST,)), [*halves, OTHER, "قال"])
    for text in (*halves, "قال"):
        entry = _active(catalog, text)
        assert entry.msgstr == "" and entry.previous_msgid is None


def test_a_catalog_with_carried_translations_passes_msgfmt(tmp_path: Path) -> None:
    joined = f"{FIRST}. {SECOND}"
    catalog = _merged_again(_reviewed([FIRST, SECOND]), [joined])
    path = tmp_path / "a.po"
    path.write_bytes(serialize_catalog(catalog))
    assert parse_catalog(path.read_text(encoding="utf-8"), path)
    checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_short_half_of_a_split_gets_the_translation_the_long_half_keeps() -> None:
    # The long half is the paragraph, edited (most of it stands); the short one is a new block.
    short = "وأضاف أن الرئيس بوتين سيقرر"
    whole = f"{FIRST} {short}"
    reviewed = merge_catalog(None, article("a", [whole]), CONTEXT)
    reviewed[1].msgstr = f"{REVIEWED[FIRST]} He added that President Putin would decide."
    catalog = _merged_again(reviewed, [FIRST, short])
    long_half, short_half = _active(catalog, FIRST), _active(catalog, short)
    assert long_half.msgctxt == reviewed[1].msgctxt  # the same block, edited
    for half in (long_half, short_half):
        assert half.msgstr == reviewed[1].msgstr and entry_state(half) == "needs-review"
        assert half.previous_msgid == whole


def test_a_gone_line_quoted_in_a_new_paragraph_or_a_phrase_of_one_carries_nothing() -> None:
    # A related-links block holding a gone headline, a short line repeating a phrase of a gone paragraph: neither
    # was made from it.
    quoting = f"{SECOND} وفي سياق آخر أعلنت وزارة الصحة تسجيل إصابات جديدة بفيروس كورونا في عدة محافظات شمالية"
    phrase = "دميتري بيسكوف"
    catalog = _merged_again(_reviewed([FIRST, SECOND, OTHER]), [quoting, phrase, OTHER])
    for text in (quoting, phrase):
        assert _active(catalog, text).msgstr == ""
