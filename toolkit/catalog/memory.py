"""Translation memory across the corpus: the seeds are several reports of one story and repeat sentences.

A pending entry whose source is word for word a reviewed entry's source anywhere in the corpus takes that
translation, marked fuzzy (someone should still read it in its new context) with a note naming where it
came from. A pending entry with only similar reviewed sources gets them offered in notes, and stays pending
for the machine. No I/O: the caller gathers `reviewed_entries` of every catalog into a `Memory` first, then
calls `fill_from_memory` on each catalog as it comes, so only the reviewed entries stay in memory.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polib

from toolkit.catalog.entries import (
    MEMORY_NOTE,
    NEAR_MATCH_NOTE,
    is_pending,
    is_reviewed,
    note_lines,
    set_fuzzy,
    set_notes,
    set_translation,
    translation,
)
from toolkit.catalog.merge import similarity
from toolkit.catalog.settings import (
    NEAR_MATCH_CANDIDATES,
    NEAR_MATCH_GRAM,
    NEAR_MATCH_LIMIT,
    NEAR_MATCH_MIN_SHARED,
    NEAR_MATCH_RATIO,
)

if TYPE_CHECKING:
    import numpy


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


def _grams(text: str) -> set[str]:
    """The character n-grams of a text, blanks folded: the cheap fingerprint near matches are found by."""
    folded = " ".join(text.split())
    return {folded[start : start + NEAR_MATCH_GRAM] for start in range(max(1, len(folded) - NEAR_MATCH_GRAM + 1))}


@dataclass(frozen=True)
class GramIndex:
    """Which memory entries hold each character n-gram (an inverted index), so that a new block is compared
    with difflib only against the few entries sharing the most n-grams with it, not against all of them.

    numpy is imported only here: it costs about 0.15 s, and only a run with reviewed entries to learn from and
    pending ones to fill builds an index."""

    postings: dict[str, numpy.ndarray]  # n-gram -> positions of the entries holding it (int32)
    sizes: numpy.ndarray  # per entry: how many distinct n-grams it has

    @classmethod
    def of(cls, sources: list[str]) -> GramIndex:
        import numpy

        lists: dict[str, list[int]] = defaultdict(list)
        sizes = numpy.zeros(len(sources), dtype=numpy.int32)
        for position, source in enumerate(sources):
            grams = _grams(source)
            sizes[position] = len(grams)
            for gram in grams:
                lists[gram].append(position)
        return cls({gram: numpy.array(found, dtype=numpy.int32) for gram, found in lists.items()}, sizes)

    def _shared(self, grams: set[str]) -> numpy.ndarray | None:
        """How many of `grams` each entry holds; None when no entry holds any."""
        import numpy

        found = [self.postings[gram] for gram in grams if gram in self.postings]
        return numpy.bincount(numpy.concatenate(found), minlength=len(self.sizes)) if found else None

    def candidates(self, source: str) -> list[int]:
        """The entries most alike by shared n-grams (Dice coefficient), best first, at most a few dozen."""
        import numpy

        grams = _grams(source)
        shared = self._shared(grams)
        if shared is None:
            return []
        dice = 2.0 * shared / (self.sizes + len(grams))
        hopeful = numpy.flatnonzero(dice >= NEAR_MATCH_MIN_SHARED)
        best = hopeful[numpy.argsort(-dice[hopeful], kind="stable")[:NEAR_MATCH_CANDIDATES]]
        return [int(position) for position in best]

    def overlapping(self, source: str, share: float) -> list[int]:
        """The entries sharing at least `share` of the n-grams of the smaller of the two with `source` (the overlap
        coefficient): those that may stand nearly whole in it, or it in them, in index order."""
        import numpy

        grams = _grams(source)
        shared = self._shared(grams)
        if shared is None:
            return []
        overlap = shared / numpy.maximum(numpy.minimum(self.sizes, len(grams)), 1)
        return [int(position) for position in numpy.flatnonzero(overlap >= share)]


@dataclass(frozen=True)
class Memory:
    """The corpus's reviewed entries in article-id then file order, the first of them for each source, and
    an n-gram index over their sources for near matches."""

    entries: list[MemoryEntry]
    exact: dict[str, MemoryEntry]
    index: GramIndex = field(repr=False)
    longest: int = 0  # characters of the longest source: a far longer one is like none of them

    @classmethod
    def of(cls, entries: list[MemoryEntry]) -> Memory:
        exact: dict[str, MemoryEntry] = {}
        for item in entries:
            exact.setdefault(item.source, item)
        sources = [item.source for item in entries]
        return cls(entries, exact, GramIndex.of(sources), max(map(len, sources), default=0))


def reviewed_entries(article_id: str, catalog: polib.POFile) -> list[MemoryEntry]:
    """The reviewed active entries of one article's catalog, in file order."""
    return [
        MemoryEntry(article_id, entry.msgctxt or "", entry.msgid, translation(entry))
        for entry in catalog
        if entry.msgid and not entry.obsolete and is_reviewed(entry)
    ]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def near_matches(source: str, memory: Memory) -> list[tuple[float, MemoryEntry]]:
    """The reviewed entries most like `source` by difflib's ratio (at least NEAR_MATCH_RATIO), best first;
    only the index's candidates are compared, and ties keep the memory's order.

    Two texts share at most the shorter one's characters, so the ratio is at most 2 * shorter / (both): a source
    longer than every reviewed one by more than that allows (a one-paragraph page of megabytes) is compared
    with none, and its n-grams are not taken."""
    if len(source) * NEAR_MATCH_RATIO > memory.longest * (2 - NEAR_MATCH_RATIO):
        return []
    scored = []
    for position in sorted(memory.index.candidates(source)):
        item = memory.entries[position]
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
            set_translation(entry, match.translation)
            set_fuzzy(entry, True)
            set_notes(entry, [*notes, f"{MEMORY_NOTE}{match.article_id} {match.context}"])
            reused += 1
            continue
        suggestions = [
            f"{NEAR_MATCH_NOTE}{round(ratio * 100)}% {item.article_id} {item.context}: {_one_line(item.translation)}"
            for ratio, item in near_matches(entry.msgid, memory)
        ]
        if suggestions:
            offered += 1
        set_notes(entry, [*notes, *suggestions])
    return MemoryResult(reused, offered)
