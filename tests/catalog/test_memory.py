"""Translation memory: exact reuse of reviewed translations across the corpus, near matches offered."""

from __future__ import annotations

from catalog_fakes import article

from toolkit.catalog.entries import CatalogContext
from toolkit.catalog.memory import Memory, MemoryResult, fill_from_memory, reviewed_entries
from toolkit.catalog.merge import merge_catalog

CONTEXT = CatalogContext("P", "ar", "en")
SHARED = "وقال المتحدث باسم الكرملين دميتري بيسكوف إن موسكو تدرس الرد."
NEAR = "وقال المتحدث باسم الكرملين دميتري بيسكوف إن روسيا تدرس الرد."


def apply_memory(catalogs: dict) -> MemoryResult:
    """What the update workflow does: gather every reviewed entry first, then fill each catalog."""
    memory = Memory.of([item for name in sorted(catalogs) for item in reviewed_entries(name, catalogs[name])])
    results = [fill_from_memory(catalogs[name], memory) for name in sorted(catalogs)]
    return MemoryResult(sum(r.reused for r in results), sum(r.offered for r in results))


def _reviewed_catalog():
    catalog = merge_catalog(None, article("first", [SHARED, "فقرة أخرى"]), CONTEXT)
    catalog[1].msgstr = "Kremlin spokesman Dmitry Peskov said Moscow was studying the response."
    return catalog


def test_exact_source_reuses_reviewed_translation_as_fuzzy_naming_its_origin() -> None:
    first = _reviewed_catalog()
    second = merge_catalog(None, article("second", ["مقدمة", SHARED]), CONTEXT)
    result = apply_memory({"first": first, "second": second})
    reused = second[2]
    assert result.reused == 1
    assert reused.msgstr == first[1].msgstr
    assert reused.fuzzy
    assert f"tm: from first {first[1].msgctxt}" in reused.comment.splitlines()


def test_fuzzy_translations_are_not_reused() -> None:
    first = _reviewed_catalog()
    first[1].flags.append("fuzzy")
    second = merge_catalog(None, article("second", [SHARED]), CONTEXT)
    assert apply_memory({"first": first, "second": second}).reused == 0
    assert second[1].msgstr == ""


def test_near_match_is_offered_in_a_note_and_left_pending() -> None:
    first = _reviewed_catalog()
    second = merge_catalog(None, article("second", [NEAR]), CONTEXT)
    result = apply_memory({"first": first, "second": second})
    entry = second[1]
    assert result.offered == 1
    assert entry.msgstr == ""
    notes = [line for line in entry.comment.splitlines() if line.startswith("tm-near: ")]
    assert len(notes) == 1
    assert f"first {first[1].msgctxt}: Kremlin spokesman" in notes[0]


def test_reviewed_entries_are_never_touched() -> None:
    first = _reviewed_catalog()
    other = merge_catalog(None, article("other", [SHARED]), CONTEXT)
    other[1].msgstr = "A different reviewed rendering."
    apply_memory({"first": first, "other": other})
    assert other[1].msgstr == "A different reviewed rendering."
    assert not other[1].fuzzy
