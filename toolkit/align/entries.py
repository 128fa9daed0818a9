"""Aligned translations into a catalog, under the rules every writer follows. Pure: changes the catalog given.

An entry takes an aligned translation when it has none, when it holds an untouched machine draft, or when it
holds an earlier alignment nobody has edited since. A reviewed entry, a draft a translator edited, and any
other human translation are kept as they are, and counted. The aligned text lands fuzzy, noted
`aligned: <file> score <s>`, `confidence: <trust>` (as a machine draft notes the engine's: a low one is marked
on the site and listed first by `status --by-confidence`) and the hash of the text as written (so a later
edit is recognised as human work); with `reviewed` a trusted pair lands without the fuzzy flag, while one
the aligner cannot trust stays fuzzy: the edition was reviewed, its pairing with this block was not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polib

from toolkit.align.settings import MIN_TRUST
from toolkit.catalog.entries import (
    ALIGNED_NOTE,
    CONFIDENCE_NOTE,
    DRAFT_HASH_NOTE,
    KIND_NOTE,
    MACHINE_NOTE,
    MEMORY_NOTE,
    NEAR_MATCH_NOTE,
    WARNING_NOTE,
    catalog_text,
    draft_hash,
    is_machine_written,
    is_reviewed,
    note_lines,
    set_fuzzy,
    set_notes,
    set_translation,
    translation,
)

# Notes about where the msgstr came from: they go when the msgstr is replaced.
_MSGSTR_NOTES = (
    MACHINE_NOTE,
    CONFIDENCE_NOTE,
    WARNING_NOTE,
    DRAFT_HASH_NOTE,
    MEMORY_NOTE,
    NEAR_MATCH_NOTE,
    ALIGNED_NOTE,
)


@dataclass(frozen=True)
class AlignedText:
    text: str
    score: float
    trust: float


@dataclass
class AppliedAlignment:
    written: list[str] = field(default_factory=list)  # msgctxt of entries given their aligned translation
    unchanged: list[str] = field(default_factory=list)  # already held exactly this aligned translation
    kept: list[str] = field(default_factory=list)  # human work (reviewed or edited) left as it was


def takes_alignment(entry: polib.POEntry) -> bool:
    """The entry holds no human work an alignment could overwrite."""
    if not translation(entry):
        return True
    if is_reviewed(entry):
        return False
    return is_machine_written(entry)


def aligned_notes(entry: polib.POEntry, source: str, found: AlignedText, text: str, reviewed: bool) -> list[str]:
    notes = [line for line in note_lines(entry) if not line.startswith(_MSGSTR_NOTES)]
    kind = [line for line in notes if line.startswith(KIND_NOTE)]
    others = [line for line in notes if not line.startswith(KIND_NOTE)]
    aligned = [
        f"{ALIGNED_NOTE}{' '.join(source.split())} score {found.score:.2f}",
        f"{CONFIDENCE_NOTE}{found.trust:.2f}",
    ]
    if not reviewed:
        aligned.append(f"{DRAFT_HASH_NOTE}{draft_hash(text)}")
    return [*kind, *aligned, *others]


def apply_alignment(
    catalog: polib.POFile, aligned: dict[str, AlignedText], source: str, reviewed: bool
) -> AppliedAlignment:
    """Give each active entry named in `aligned` (by msgctxt) its text where the rules allow it."""
    result = AppliedAlignment()
    for entry in catalog:
        found = aligned.get(entry.msgctxt or "") if not entry.obsolete else None
        if found is None:
            continue
        text = catalog_text(found.text)
        if not text:
            continue
        as_reviewed = reviewed and found.trust >= MIN_TRUST
        if not takes_alignment(entry):
            same = translation(entry) == text and is_reviewed(entry) == as_reviewed
            (result.unchanged if same else result.kept).append(entry.msgctxt)
            continue
        before = (translation(entry), tuple(entry.flags), entry.comment)
        set_translation(entry, text)
        entry.previous_msgid = None
        set_fuzzy(entry, not as_reviewed)
        set_notes(entry, aligned_notes(entry, source, found, text, as_reviewed))
        changed = before != (translation(entry), tuple(entry.flags), entry.comment)
        (result.written if changed else result.unchanged).append(entry.msgctxt)
    return result
