"""Aligned text into a catalog under the merge rules: a translator's work is never replaced."""

from __future__ import annotations

import polib

from toolkit.align.entries import AlignedText, apply_alignment, takes_alignment
from toolkit.catalog.entries import confidence_of, draft_hash, is_machine_draft, is_reviewed, notes_with_prefix
from toolkit.site.pages import is_doubted

SOURCE = "edition.html"


def _entry(context: str, msgstr: str = "", fuzzy: bool = False, comment: str = "kind: paragraph") -> polib.POEntry:
    return polib.POEntry(
        msgctxt=context, msgid=f"نص {context}", msgstr=msgstr, flags=["fuzzy"] if fuzzy else [], comment=comment
    )


def _catalog(*entries: polib.POEntry) -> polib.POFile:
    catalog = polib.POFile()
    for entry in entries:
        catalog.append(entry)
    return catalog


def _aligned(*contexts: str) -> dict[str, AlignedText]:
    return {context: AlignedText(f"Aligned {context}.", 0.87, 0.93) for context in contexts}


def test_an_empty_entry_takes_the_aligned_text_as_fuzzy_with_its_file_and_score() -> None:
    catalog = _catalog(_entry("b-1"))
    result = apply_alignment(catalog, _aligned("b-1"), SOURCE, reviewed=False)
    (entry,) = catalog
    assert result.written == ["b-1"]
    assert entry.msgstr == "Aligned b-1." and entry.fuzzy
    assert notes_with_prefix(entry, "aligned: ") == ["edition.html score 0.87"]
    assert entry.comment.splitlines()[0] == "kind: paragraph"
    assert not is_machine_draft(entry)  # shown as "Needs review", not as a machine draft


def test_a_reviewed_entry_is_never_replaced_not_even_with_reviewed() -> None:
    reviewed = _entry("b-1", "The translator's own words.")
    catalog = _catalog(reviewed)
    for as_reviewed in (False, True):
        result = apply_alignment(catalog, _aligned("b-1"), SOURCE, reviewed=as_reviewed)
        assert result.kept == ["b-1"] and not result.written
    assert catalog[0].msgstr == "The translator's own words." and is_reviewed(catalog[0])


def test_a_machine_draft_is_replaced_but_a_draft_a_translator_edited_is_kept() -> None:
    comment = f"kind: paragraph\nmachine: argos\nconfidence: 0.31\ndraft-sha1: {draft_hash('Machine words.')}"
    untouched = _entry("b-1", "Machine words.", fuzzy=True, comment=comment)
    edited = _entry("b-2", "Machine words, corrected by hand.", fuzzy=True, comment=comment)
    catalog = _catalog(untouched, edited)
    result = apply_alignment(catalog, _aligned("b-1", "b-2"), SOURCE, reviewed=False)
    assert result.written == ["b-1"] and result.kept == ["b-2"]
    assert catalog[0].msgstr == "Aligned b-1." and "machine: argos" not in catalog[0].comment
    assert notes_with_prefix(catalog[0], "confidence: ") == ["0.93"]  # the aligner's, not the engine's
    assert catalog[1].msgstr == "Machine words, corrected by hand."


def test_an_earlier_alignment_is_replaced_unless_someone_edited_it() -> None:
    first = _catalog(_entry("b-1"), _entry("b-2"))
    apply_alignment(first, _aligned("b-1", "b-2"), "old.txt", reviewed=False)
    first[1].msgstr = "Edited after the first alignment."
    assert takes_alignment(first[0]) and not takes_alignment(first[1])
    result = apply_alignment(
        first, {"b-1": AlignedText("Better.", 0.9, 0.9), "b-2": AlignedText("Better.", 0.9, 0.9)}, SOURCE, False
    )
    assert result.written == ["b-1"] and result.kept == ["b-2"]
    assert notes_with_prefix(first[0], "aligned: ") == ["edition.html score 0.90"]


def test_reviewed_alignment_has_no_fuzzy_flag_and_a_rerun_changes_nothing() -> None:
    catalog = _catalog(_entry("b-1"))
    apply_alignment(catalog, _aligned("b-1"), SOURCE, reviewed=True)
    assert is_reviewed(catalog[0])
    again = apply_alignment(catalog, _aligned("b-1"), SOURCE, reviewed=True)
    assert again.unchanged == ["b-1"] and not again.written and not again.kept


def test_obsolete_entries_are_left_alone() -> None:
    gone = _entry("b-1")
    gone.obsolete = 1
    catalog = _catalog(gone)
    assert not apply_alignment(catalog, _aligned("b-1"), SOURCE, reviewed=False).written
    assert catalog[0].msgstr == ""


def test_an_untrusted_pair_is_low_confidence_on_the_site_and_stays_fuzzy_even_as_reviewed() -> None:
    catalog = _catalog(_entry("b-1"), _entry("b-2"))
    aligned = {"b-1": AlignedText("Trusted.", 0.9, 0.97), "b-2": AlignedText("Paired by chance.", 0.9, 0.08)}
    apply_alignment(catalog, aligned, SOURCE, reviewed=True)
    trusted, untrusted = catalog
    assert is_reviewed(trusted) and confidence_of(trusted) is None  # reviewed: nobody's confidence to show
    assert untrusted.fuzzy and confidence_of(untrusted) == 0.08
    assert is_doubted(untrusted, low_confidence=0.5) and not is_doubted(trusted, low_confidence=0.5)
    untrusted.msgstr = "Corrected by a translator."
    assert confidence_of(untrusted) is None  # human work now, not the aligner's
