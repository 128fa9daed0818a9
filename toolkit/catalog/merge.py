"""Bring an article's catalog up to date with its cleaned source, like `msgmerge --previous`.

Pure: (old catalog or None, article) -> new catalog; the old one is not modified. The rules, in order:
- a block whose text is unchanged keeps its entry whole (also one brought back from the obsolete entries);
- a changed block whose old text is still similar keeps its entry's id; a human translation is kept,
  marked fuzzy, with the old source as previous msgid (`#|`); a machine draft is cleared to be re-translated;
- a new block that is a piece of a paragraph gone with its human translation (split), or holds such paragraphs
  (joined), gets a new id and their translation, marked fuzzy, with their source as previous msgid;
- a block nobody has seen gets a new id and an empty translation;
- an entry whose block is gone becomes obsolete (`#~`), never deleted.
A reviewed entry (translation, no fuzzy flag) never has its msgstr changed; translator comments always stay.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass

import polib
from rapidfuzz import fuzz

from toolkit.catalog.entries import (
    KIND_NOTE,
    LANGUAGE_FIELD,
    MACHINE_NOTES,
    MEMORY_NOTE,
    NEAR_MATCH_NOTE,
    NO_PREVIOUS_SOURCE,
    TITLE_CONTEXT,
    CatalogContext,
    SourceUnit,
    article_metadata,
    header_comment,
    is_machine_draft,
    is_reviewed,
    kept_language,
    made_metadata,
    new_block_id,
    note_lines,
    notes_with_prefix,
    occurrences,
    set_fuzzy,
    set_notes,
    set_previous_source,
    set_translation,
    source_of,
    source_units,
    translation,
    updated_header_comment,
)
from toolkit.catalog.poformat import Catalog
from toolkit.catalog.settings import (
    JOINED_PIECES_COVER,
    NEARBY_PARAGRAPHS,
    PIECE_MIN_CHARACTERS,
    PIECE_OF_BLOCK_RATIO,
    PIECE_SHARED_GRAMS,
    RARE_WORD_PARAGRAPHS,
    RARE_WORDS_LOOKED_UP,
    SIMILAR_SOURCE_RATIO,
    SIMILARITY_PAIRS_SCORED,
    SIMILARITY_SCORES_AT_ONCE,
    SPLIT_PIECE_SHARE,
)
from toolkit.clean.text import letters_for_forms
from toolkit.model import Article

# Notes that describe the msgstr (MACHINE_NOTES: who wrote it, what the engine found wrong; what the memory
# offered) go when the msgstr goes, and a kept human translation sheds the machine ones so it is never
# mistaken for a machine draft and re-translated.
_SOURCE_NOTES = (NEAR_MATCH_NOTE,)


@dataclass(frozen=True)
class _Match:
    entry: polib.POEntry
    exact: bool  # same source text; otherwise similar enough to count as the same block, edited


def similarity(old: str, new: str, floor: float = SIMILAR_SOURCE_RATIO) -> float:
    """How alike two texts are, 0..1: twice the characters they share in order (their longest common
    subsequence) over their total length, the measure difflib's ratio approximates from below; 0.0 below
    `floor`. rapidfuzz computes it exactly, about a thousand times faster than difflib on a paragraph."""
    return fuzz.ratio(old, new, score_cutoff=floor * 100) / 100


def _similar_pairs(olds: list[str], news: list[str]) -> Iterator[tuple[int, int, float]]:
    """(old, new, similarity) of pairs of an old and a new text at least SIMILAR_SOURCE_RATIO alike, as
    `similarity` scores them: every such pair while there are at most SIMILARITY_PAIRS_SCORED pairs (an
    article of a thousand changed paragraphs), in rapidfuzz's own loop, a block of old texts at a time (a
    Python call a pair made an article of 3,000 paragraphs that all changed take 17 s to merge again); past
    that, only the likely ones (_likely_similar_pairs): every pair of a page of 10,000 changed paragraphs is
    10^8 scores, about a minute, and as many pairs to sort where they share most of their words."""
    if not olds or not news:
        return
    if len(olds) * len(news) > SIMILARITY_PAIRS_SCORED:
        yield from _likely_similar_pairs(olds, news)
        return
    import numpy  # only here: a run with nothing changed starts without it (tests/catalog/test_memory.py)
    from rapidfuzz import process

    rows = max(1, SIMILARITY_SCORES_AT_ONCE // len(news))
    for start in range(0, len(olds), rows):
        scores = process.cdist(
            olds[start : start + rows],
            news,
            scorer=fuzz.ratio,
            score_cutoff=SIMILAR_SOURCE_RATIO * 100,
            dtype=numpy.float64,
        )
        for old, new in zip(*numpy.nonzero(scores), strict=True):
            yield start + int(old), int(new), float(scores[old, new]) / 100


def _likely_similar_pairs(olds: list[str], news: list[str]) -> Iterator[tuple[int, int, float]]:
    """The similar pairs of each new text and the old ones it is likely to be an edit of, as msgmerge looks
    for a fuzzy match in an index rather than through every message. Both lists are in page order, so the old
    texts about three places: its own on the page (scaled), the one after the previous new text's best match
    (a paragraph edited where it stands, some removed before it), the first old text that is no new one's best
    match yet (some added before it); and those sharing one of its rarer words (a paragraph moved elsewhere).
    A new text that none of those is like is scored against every old one while SIMILARITY_PAIRS_SCORED
    allows (the first paragraph after many removed ones, in words that every paragraph uses). A bounded
    number each, so a page of n changed paragraphs costs n times that, not n times n."""
    from rapidfuzz import process

    holding: dict[str, list[int]] = {}
    for old, text in enumerate(olds):
        for word in set(text.split()):
            holding.setdefault(word, []).append(old)
    scale = len(olds) / len(news)
    following = first_unmatched = 0
    best_matches: set[int] = set()
    full_searches_left = SIMILARITY_PAIRS_SCORED // len(olds)
    for new, text in enumerate(news):
        candidates = set()
        for middle in (round(new * scale), following, first_unmatched):
            candidates.update(range(max(0, middle - NEARBY_PARAGRAPHS), min(len(olds), middle + NEARBY_PARAGRAPHS + 1)))
        words = sorted((len(holding[word]), word) for word in set(text.split()) if word in holding)
        for count, word in words[:RARE_WORDS_LOOKED_UP]:
            if count > RARE_WORD_PARAGRAPHS:
                break
            candidates.update(holding[word])
        places = sorted(candidates)
        found = process.extract(
            text, [olds[old] for old in places], scorer=fuzz.ratio, score_cutoff=SIMILAR_SOURCE_RATIO * 100, limit=None
        )
        if not found and full_searches_left:
            full_searches_left -= 1
            places = list(range(len(olds)))
            found = process.extract(text, olds, scorer=fuzz.ratio, score_cutoff=SIMILAR_SOURCE_RATIO * 100, limit=None)
        if found:
            following = places[found[0][2]] + 1
            best_matches.add(following - 1)
            while first_unmatched in best_matches:
                first_unmatched += 1
        for _, score, place in found:
            yield places[place], new, score / 100


def _is_title(entry: polib.POEntry) -> bool:
    # By its kind note, which the toolkit writes and tools keep, when a tool or a hand changed the context
    # ("Title", a long one; a paragraph's made "title"): the entry was made obsolete and its reviewed
    # translation left the active catalog. By its context when there is no kind note.
    kinds = notes_with_prefix(entry, KIND_NOTE)
    return "title" in kinds if kinds else entry.msgctxt == TITLE_CONTEXT


def _same_class(unit: SourceUnit, entry: polib.POEntry) -> bool:
    # The title entry only ever matches the title, a block entry only ever a block.
    return (unit.context == TITLE_CONTEXT) == _is_title(entry)


def _match_units(
    units: list[SourceUnit], active: list[polib.POEntry], obsolete: list[polib.POEntry]
) -> tuple[dict[int, _Match], list[polib.POEntry]]:
    """Pair units with old entries: exact text first (active, then obsolete), then similar active ones. A
    source the cleaner now gives in other characters for the same text (presentation forms made letters since
    the entry was made) is the same text: its translation was made for what the reader sees, which is the
    same."""
    matches: dict[int, _Match] = {}
    used: set[int] = set()
    for pool in (active, obsolete):
        # Each unit looks only at the entries of its own text, in file order: looking through the whole pool
        # for each unit is quadratic: a page of 10,000 paragraphs took 3.7 s to merge again, of 20,000 16.8 s.
        by_text: dict[str, list[polib.POEntry]] = {}
        for entry in pool:
            by_text.setdefault(letters_for_forms(entry.msgid), []).append(entry)
        for index, unit in enumerate(units):
            if index in matches:
                continue
            for entry in by_text.get(unit.text, ()):
                if id(entry) not in used and _same_class(unit, entry):
                    matches[index] = _Match(entry, exact=True)
                    used.add(id(entry))
                    break
    candidates = []
    unmatched = [(position, entry) for position, entry in enumerate(active) if id(entry) not in used]
    waiting = [index for index in range(len(units)) if index not in matches]
    olds, news = [entry.msgid for _, entry in unmatched], [units[index].text for index in waiting]
    for old, new, ratio in _similar_pairs(olds, news):
        (position, entry), index = unmatched[old], waiting[new]
        if _same_class(units[index], entry):
            candidates.append((-ratio, index, position, entry))
    for _, index, _, entry in sorted(candidates, key=lambda candidate: candidate[:3]):
        if index not in matches and id(entry) not in used:
            matches[index] = _Match(entry, exact=False)
            used.add(id(entry))
    leftover = [entry for entry in active if id(entry) not in used]
    return matches, leftover


def _with_kind(notes: list[str], kind: str, dropped: tuple[str, ...]) -> list[str]:
    kept = [line for line in notes if not line.startswith(KIND_NOTE) and not line.startswith(dropped)]
    return [f"{KIND_NOTE}{kind}", *kept]


def _kept_entry(entry: polib.POEntry, unit: SourceUnit) -> polib.POEntry:
    kept = copy.deepcopy(entry)
    kept.msgid = unit.text
    kept.obsolete = 0
    kept.msgctxt = unit.context or kept.msgctxt
    kept.occurrences = occurrences(unit.reference)
    set_notes(kept, _with_kind(note_lines(kept), unit.kind, ()))
    return kept


def _changed_entry(entry: polib.POEntry, unit: SourceUnit) -> polib.POEntry:
    changed = copy.deepcopy(entry)
    changed.msgid = unit.text
    changed.msgctxt = unit.context or changed.msgctxt
    changed.occurrences = occurrences(unit.reference)
    if translation(entry) and not is_machine_draft(entry):
        # The translation answers the source it was reviewed against: the entry's msgid, or, while it still
        # waits for review, whatever its #| lines say (none when a translator asked for review of it as it
        # stands). As msgmerge --previous: the #| lines a text editor leaves on an entry reviewed by removing
        # its fuzzy flag are an older change's, and a fuzzy entry without them gets none.
        if is_reviewed(entry):
            set_previous_source(changed, source_of(entry))
        set_fuzzy(changed, True)
        set_notes(changed, _with_kind(note_lines(entry), unit.kind, MACHINE_NOTES + _SOURCE_NOTES))
    else:
        set_translation(changed, "")
        set_previous_source(changed, NO_PREVIOUS_SOURCE)
        set_fuzzy(changed, False)
        dropped = MACHINE_NOTES + _SOURCE_NOTES + (MEMORY_NOTE,)
        set_notes(changed, _with_kind(note_lines(entry), unit.kind, dropped))
    return changed


def _new_entry(unit: SourceUnit, taken: set[str]) -> polib.POEntry:
    context = unit.context or new_block_id(unit.text, taken)
    return polib.POEntry(
        msgctxt=context,
        msgid=unit.text,
        msgstr="",
        occurrences=occurrences(unit.reference),
        comment=f"{KIND_NOTE}{unit.kind}",
    )


def _is_piece(piece: str, whole: str) -> bool:
    """Whether `piece` stands, nearly as it is, in the longer text `whole`."""
    if len(piece) < PIECE_MIN_CHARACTERS or len(piece) >= len(whole):
        return False
    return fuzz.partial_ratio(piece, whole, score_cutoff=PIECE_OF_BLOCK_RATIO * 100) > 0


def _pieces_carried(
    units: list[SourceUnit], waiting: list[int], gone: list[polib.POEntry], edited: list[polib.POEntry]
) -> dict[int, list[polib.POEntry]]:
    """For each waiting unit (a block no old entry is), the human-translated entries it was made from: the
    paragraphs gone from the article that were joined into it, in its order, or else the one paragraph it is a
    piece of (split), gone or kept by the other piece as the same paragraph, edited (a long half and a short one).
    Only the pairs sharing most of the smaller text's n-grams are compared letter by letter: partial_ratio over
    every pair made a rewritten article of 300 reviewed paragraphs take 28 s to merge."""
    from toolkit.catalog.memory import GramIndex  # numpy: only once a paragraph with a human translation left

    pool = [*gone, *edited]
    waiting = [index for index in waiting if units[index].context != TITLE_CONTEXT]
    if not pool or not waiting:
        return {}
    index = GramIndex.of([entry.msgid for entry in pool])
    carried: dict[int, list[polib.POEntry]] = {}
    for position in waiting:
        text = units[position].text
        near = index.overlapping(text, PIECE_SHARED_GRAMS)
        joined = [pool[found] for found in near if found < len(gone) and _is_piece(pool[found].msgid, text)]
        if sum(map(len, (entry.msgid for entry in joined))) >= JOINED_PIECES_COVER * len(text):
            carried[position] = sorted(
                joined, key=lambda entry: fuzz.partial_ratio_alignment(entry.msgid, text).dest_start
            )
            continue
        split = [
            pool[found]
            for found in near
            if len(text) >= SPLIT_PIECE_SHARE * len(pool[found].msgid) and _is_piece(text, pool[found].msgid)
        ]
        if split:
            carried[position] = [max(split, key=lambda entry: fuzz.partial_ratio(text, entry.msgid))]
    return carried


def _carried_entry(unit: SourceUnit, pieces: list[polib.POEntry], taken: set[str]) -> polib.POEntry:
    """A new block given the translations of the paragraphs it was made from, to check: fuzzy, with their
    source as its previous one (`#|`), which is the paragraph's own for a split, as msgmerge --previous writes."""
    entry = _new_entry(unit, taken)
    set_translation(entry, " ".join(translation(piece) for piece in pieces))
    if len(pieces) == 1:
        set_previous_source(entry, source_of(pieces[0]))
    else:
        set_previous_source(entry, (None, "\n".join(piece.msgid for piece in pieces), None))
    set_fuzzy(entry, True)
    entry.tcomment = "\n".join(piece.tcomment for piece in pieces if piece.tcomment)
    return entry


def _obsoleted(entry: polib.POEntry) -> polib.POEntry:
    # gettext keeps only the translator comment, flags, previous source (`#~|`) and strings of an obsolete
    # entry; dropping the rest here keeps a written file identical to what reading it back gives.
    gone = copy.deepcopy(entry)
    gone.obsolete = 1
    gone.comment = ""
    gone.occurrences = []
    return gone


# gettext's order for the fields of a new header (xgettext, msginit); the rest follow by name.
_NEW_HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)


def header_fields(old: dict[str, str], made: dict[str, str], owned: dict[str, str]) -> dict[str, str]:
    """The header after a merge: the file's fields stay where they are (an editor's order is kept), the
    catalog stage's own values are updated in place, and fields the file lacks are added at its end; `made`
    only where the file lacks them."""
    if not old:
        fields = {**made, **owned}
        known = [key for key in _NEW_HEADER_ORDER if key in fields]
        return {key: fields[key] for key in [*known, *sorted(set(fields) - set(known))]}
    merged = dict(old)
    for key, value in made.items():
        merged.setdefault(key, value)
    merged.update(owned)
    return merged


def merge_catalog(old: Catalog | None, article: Article, context: CatalogContext) -> Catalog:
    """The article's catalog after this run's merge; `old` (the catalog read from disk) is left as it was."""
    units = source_units(article)
    old_entries = [entry for entry in old if entry.msgid] if old is not None else []
    active = [entry for entry in old_entries if not entry.obsolete]
    obsolete = [entry for entry in old_entries if entry.obsolete]
    matches, leftover = _match_units(units, active, obsolete)

    taken = {entry.msgctxt for entry in old_entries if entry.msgctxt}
    catalog = Catalog(layout=old.layout, as_read=old.as_read) if old is not None else Catalog()
    catalog.header = (
        updated_header_comment(old.header) if old is not None and old.header else header_comment(article, context)
    )
    old_metadata = old.metadata if old is not None else {}
    owned = article_metadata(article, context)
    if (language := kept_language(old_metadata, context.target_language)) is not None:
        owned[LANGUAGE_FIELD] = language
    catalog.metadata = header_fields(old_metadata, made_metadata(context), owned)
    # A translator's fuzzy mark on the header (msgattrib --set-fuzzy marks it with the rest) is theirs to clear.
    catalog.metadata_is_fuzzy = old.metadata_is_fuzzy if old is not None else 0
    # Their entries go obsolete all the same (`#~`), where the reviewed text stays as it was.
    gone_translated = [entry for entry in leftover if translation(entry) and not is_machine_draft(entry)]
    edited_translated = [
        match.entry
        for match in matches.values()
        if not match.exact and translation(match.entry) and not is_machine_draft(match.entry)
    ]
    waiting = [index for index in range(len(units)) if index not in matches]
    carried = _pieces_carried(units, waiting, gone_translated, edited_translated)
    for index, unit in enumerate(units):
        match = matches.get(index)
        if match is None:
            pieces = carried.get(index)
            entry = _carried_entry(unit, pieces, taken) if pieces else _new_entry(unit, taken)
        elif match.exact:
            entry = _kept_entry(match.entry, unit)
        else:
            entry = _changed_entry(match.entry, unit)
        taken.add(entry.msgctxt)
        catalog.append(entry)
    revived = {id(match.entry) for match in matches.values()}
    for entry in obsolete:
        if id(entry) not in revived:
            catalog.append(_obsoleted(entry))
    for entry in leftover:
        catalog.append(_obsoleted(entry))
    return catalog
