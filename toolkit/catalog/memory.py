"""Translation memory across the corpus: the seeds are several reports of one story and repeat sentences.

A pending entry whose source is word for word a reviewed entry's source anywhere in the corpus takes that
translation, marked fuzzy (someone should still read it in its new context) with a note naming where it
came from. A pending entry with only similar reviewed sources gets them offered in notes, and stays pending
for the machine. No I/O: the caller gathers `reviewed_entries` of every catalog into a `Memory` first, then
calls `fill_from_memory` on each catalog as it comes, so only the reviewed entries stay in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import polib

from toolkit.catalog.entries import (
    MEMORY_NOTE,
    NEAR_MATCH_NOTE,
    is_pending,
    is_reviewed,
    note_lines,
    set_fuzzy,
    set_notes,
)
from toolkit.catalog.merge import similarity
from toolkit.catalog.settings import NEAR_MATCH_LIMIT, NEAR_MATCH_RATIO


@dataclass(frozen=True)
class MemoryEntry:
    article_id: str
    context: str
    source: str
    translation: str


@dataclass(frozen=True)
class MemoryResult:
    reused: int  # pending entries filled from a reviewed entry with the same source
    offered: int  # pending entries given near-match suggestions


@dataclass(frozen=True)
class Memory:
    """The corpus's reviewed entries in article-id then file order, and the first of them for each source."""

    entries: list[MemoryEntry]
    exact: dict[str, MemoryEntry]

    @classmethod
    def of(cls, entries: list[MemoryEntry]) -> Memory:
        exact: dict[str, MemoryEntry] = {}
        for item in entries:
            exact.setdefault(item.source, item)
        return cls(entries, exact)


def reviewed_entries(article_id: str, catalog: polib.POFile) -> list[MemoryEntry]:
    """The reviewed active entries of one article's catalog, in file order."""
    return [
        MemoryEntry(article_id, entry.msgctxt or "", entry.msgid, entry.msgstr)
        for entry in catalog
        if entry.msgid and not entry.obsolete and is_reviewed(entry)
    ]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def near_matches(source: str, memory: list[MemoryEntry]) -> list[tuple[float, MemoryEntry]]:
    scored = []
    for item in memory:
        ratio = similarity(item.source, source, NEAR_MATCH_RATIO)
        if ratio >= NEAR_MATCH_RATIO:
            scored.append((ratio, item))
    scored.sort(key=lambda pair: -pair[0])
    return scored[:NEAR_MATCH_LIMIT]


def fill_from_memory(catalog: polib.POFile, memory: Memory) -> MemoryResult:
    """Fill the pending entries of one catalog from the corpus's memory (which must not be empty)."""
    reused = offered = 0
    for entry in catalog:
        if not is_pending(entry):
            continue
        notes = [line for line in note_lines(entry) if not line.startswith(NEAR_MATCH_NOTE)]
        match = memory.exact.get(entry.msgid)
        if match is not None:
            entry.msgstr = match.translation
            set_fuzzy(entry, True)
            set_notes(entry, [*notes, f"{MEMORY_NOTE}{match.article_id} {match.context}"])
            reused += 1
            continue
        suggestions = [
            f"{NEAR_MATCH_NOTE}{round(ratio * 100)}% {item.article_id} {item.context}: {_one_line(item.translation)}"
            for ratio, item in near_matches(entry.msgid, memory.entries)
        ]
        if suggestions:
            offered += 1
        set_notes(entry, [*notes, *suggestions])
    return MemoryResult(reused, offered)
