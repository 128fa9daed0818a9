"""What each page of the site shows, read from one PO catalog: plain data, no HTML and no I/O."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import polib

from toolkit.catalog.entries import (
    DATE_HEADER,
    KIND_NOTE,
    URL_HEADER,
    EntryState,
    StateCounts,
    confidence_of,
    counted_entries,
    entry_state,
    former_titles,
    notes_with_prefix,
    source_line,
    state_counts,
    title_entry,
    translation,
)
from toolkit.model import BLOCK_KINDS, web_address
from toolkit.scripts import current_language, language_tag, primary_language, without_forbidden_in_html
from toolkit.site.settings import EMPTY_SLUG, SLUG_HASH_DIGITS, SLUG_MAX_CHARS

DEFAULT_KIND = "paragraph"
# The kinds whose text can sum an article up in the list and the feed: not a heading, nor a code block.
PROSE_KINDS = ("paragraph", "lead", "caption")

_BLANKS = re.compile(r"\s+")
# Article ids name files and URLs. Letters and digits of any script stay (an Arabic id stays readable);
# everything else, path separators and control characters included, becomes "-".
_SLUG_UNSAFE = re.compile(r"[^\w.-]")
_SLUG_DASHES = re.compile(r"-{2,}")
# The device names Windows keeps for itself in any case and whatever suffix follows them (CON.html is the
# console): a site holding such a page cannot be copied to Windows, nor its repository checked out there.
_WINDOWS_DEVICE = re.compile(r"(?:CON|PRN|AUX|NUL|(?:COM|LPT)[0-9¹²³])(?:\.|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Pair:
    """One block of the article: the source text and its translation, shown side by side."""

    block_id: str  # the entry's msgctxt: stable for life, so it is the permalink and `data-pair`
    kind: str
    source: str
    target: str
    state: EntryState
    low_confidence: bool = False  # a machine draft whose confidence is under the project's threshold


class SummaryMarkers(NamedTuple):
    """What of an article's summary tells whether its catalog may succeed one whose source is gone
    (catalog/renames.py SuccessionKeys.marks): its title, its former titles, its date and its first translation."""

    title_source: str
    former_titles: tuple[str, ...]
    date: str
    summary_target: str


@dataclass(frozen=True)
class ArticleSummary:
    """What the index, the feed and the sitemap show of an article; kept in the build manifest so an
    unchanged catalog need not be parsed again."""

    article_id: str
    slug: str
    title_source: str
    title_target: str
    title_state: EntryState
    date: str  # ISO 8601 or ""
    outlet: str
    progress: StateCounts  # the title and every block, counted as status and publish count them
    summary_target: str  # the first translated block, for the feed
    # The article's earlier titles (catalog/entries.py former_titles): how the build finds the catalog that
    # succeeds one whose source is gone when the article was retitled too (catalog/renames.py SuccessionKeys).
    former_titles: tuple[str, ...] = ()
    title_doubted: bool = False  # a machine-drafted title under the project's low_confidence, as Pair's
    # When an editor last saved the catalog (its PO-Revision-Date, as ISO 8601), or "": the feed's date for an
    # undated article.
    revised: str = ""
    # The catalog holds no title entry (the cleaner found no headline): there is no title to translate, and the
    # site said "Title not yet translated" of it for ever.
    untitled: bool = False

    @property
    def markers(self) -> SummaryMarkers:
        return SummaryMarkers(self.title_source, self.former_titles, self.date, self.summary_target)

    @property
    def title_awaited(self) -> bool:
        """The one rule for the "Title not yet translated" placeholder, on the index, the article page and in
        search results alike: a title entry whose translation is not shown yet."""
        return not self.title_target and not self.untitled

    def to_dict(self) -> dict:
        # Not dataclasses.asdict, which deep-copies every field: this runs for every article of every build.
        data = {**vars(self), "progress": dict(vars(self.progress))}
        if not self.former_titles:  # most articles: the manifest keeps one summary an article
            del data["former_titles"]
        if not self.title_doubted:
            del data["title_doubted"]
        if not self.revised:
            del data["revised"]
        if not self.untitled:
            del data["untitled"]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> ArticleSummary:
        former_titles = tuple(data.get("former_titles", ()))
        return cls(**{**data, "progress": StateCounts(**data["progress"]), "former_titles": former_titles})


@dataclass(frozen=True)
class Neighbour:
    """An article next to another in the list, as the other's page links to it."""

    slug: str
    title_source: str
    title_target: str  # "" while the title is not translated


@dataclass(frozen=True)
class ArticlePage:
    summary: ArticleSummary
    byline: str
    attribution: tuple[str, ...]
    source_language: str
    target_language: str
    pairs: tuple[Pair, ...]
    original_url: str = ""  # the article's address on its own site, when the source page gave one


def _text(value: str) -> str:
    return without_forbidden_in_html(value)


def is_doubted(entry: polib.POEntry, low_confidence: float) -> bool:
    """A machine draft the engine, or an alignment the aligner, was less confident of than `low_confidence`."""
    confidence = confidence_of(entry)
    return confidence is not None and confidence < low_confidence


def entry_kind(entry: polib.POEntry) -> str:
    kinds = notes_with_prefix(entry, KIND_NOTE)
    kind = kinds[0].strip() if kinds else DEFAULT_KIND
    return kind if kind in BLOCK_KINDS else DEFAULT_KIND


def article_slug(article_id: str) -> str:
    """A file name and URL path segment for an article id: never a separator, "..", control character or a
    Windows device name."""
    normal = unicodedata.normalize("NFC", article_id)
    slug = _SLUG_DASHES.sub("-", _SLUG_UNSAFE.sub("-", normal)).strip(".-_")
    # Kept only when it is the id itself: an id in another Unicode form (macOS writes names decomposed, NFD)
    # would otherwise give the page of its composed twin, and the build would refuse both.
    device = _WINDOWS_DEVICE.match(slug)
    if slug and slug == article_id and len(slug) <= SLUG_MAX_CHARS and ".." not in slug and not device:
        return slug
    digest = hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:SLUG_HASH_DIGITS]
    stem = slug.replace("..", ".")[: SLUG_MAX_CHARS - SLUG_HASH_DIGITS - 1].rstrip(".-_") or EMPTY_SLUG
    if device:  # "con.v2-1a2b3c4d" is still the console to Windows: its name ends at the first dot
        stem = stem.replace(".", "-", 1)
    return f"{stem}-{digest}"


def _language(declared: str, configured: str) -> str:
    """The header's language as a tag when it is a code ("ar", "ar_EG" -> "ar", Argos's "zt" -> "zh-Hant", an old
    code by its current one: "iw" -> "he"), else the configured one's."""
    code = primary_language(declared)
    code = code if code.isascii() and code.isalpha() and 2 <= len(code) <= 3 else configured
    return language_tag(current_language(code) or code)


def block_ids(contexts: list[str]) -> list[str]:
    """The entries' msgctxt as the page's pair ids. The catalog stage keeps them unique and blank-free; a
    hand-edited catalog may not, and an HTML id must be both, so a space becomes "-" and a repeat gets "-2"."""
    seen: set[str] = set()
    last_number: dict[str, int] = {}  # per base, the number its last repeat got: n repeats cost n tries, not n²
    ids = []
    for context in contexts:
        base = _BLANKS.sub("-", _text(context)) or "block"
        candidate, number = base, last_number.get(base, 1)
        while candidate in seen:
            number += 1
            candidate = f"{base}-{number}"
        last_number[base] = number
        seen.add(candidate)
        ids.append(candidate)
    return ids


def in_source_order(blocks: list[polib.POEntry]) -> list[polib.POEntry]:
    """The blocks in the order of the source lines their references (`#: source/x.txt:12`) name, when each
    names one; else as the catalog holds them. A tool that sorts a catalog on saving (`msgcat --sort-output`,
    `msgmerge -s`) then leaves the article's paragraphs where the article has them."""
    lines = [source_line(entry) for entry in blocks]
    if None in lines:
        return blocks
    order = sorted(range(len(blocks)), key=lines.__getitem__)
    return [blocks[index] for index in order]


def _shown(entry: polib.POEntry) -> tuple[str, EntryState]:
    """An entry's translation as the site shows it, with its state: one that renders to nothing (`<b></b>`,
    `&nbsp;`, an image the sanitizer drops, only white space) is shown as no translation, the source text or
    the "not yet translated" placeholder in its place, on every page and in the feed alike; it showed an empty
    title or paragraph with a draft label."""
    from toolkit.site.render import shown_words  # render imports this module

    text = _text(translation(entry))
    if text and not shown_words(text).strip():
        return "", "untranslated"
    return text, entry_state(entry)


def _summary_target(kinds: list[str], target_of: Callable[[int], str]) -> str:
    """The first translated block, for the feed, of the blocks of these `kinds` (the article's order), whose shown
    translation `target_of` gives by place: prose first (a heading or code block sums nothing up), asked for
    only until one is found."""
    order = sorted(range(len(kinds)), key=lambda place: kinds[place] not in PROSE_KINDS)
    return next((target for place in order if (target := target_of(place))), "")


class _Parts(NamedTuple):
    """What a page and its summary are made of: the catalog's header (made safe for the page), its live entries,
    its title entry and its blocks in the article's order."""

    header: dict[str, str]
    live: list[polib.POEntry]
    title: polib.POEntry | None
    blocks: list[polib.POEntry]


def _parts(catalog: polib.POFile) -> _Parts:
    header = {key: _text(value) for key, value in catalog.metadata.items()}
    live = counted_entries(catalog)
    title = title_entry(live)
    return _Parts(header, live, title, in_source_order([entry for entry in live if entry is not title]))


def _title_source(parts: _Parts, article_id: str) -> str:
    title = parts.title
    return _text(title.msgid) if title else parts.header.get("X-Article-Title", "").strip() or article_id


def _date(parts: _Parts) -> str:
    return parts.header.get(DATE_HEADER, "").strip()


# PO-Revision-Date as editors write it (gettext's "YEAR-MO-DA HO:MI+ZONE": Poedit, Lokalize, Weblate, msgmerge),
# the seconds and the zone's colon optional.
_REVISION_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(?:\s*(Z|[+-]\d{2}):?(\d{2})?)?")


def _revised(parts: _Parts) -> str:
    """The catalog's PO-Revision-Date in ISO 8601, or "" when it holds none (gettext's placeholder, a blank)."""
    match = _REVISION_DATE.fullmatch(parts.header.get("PO-Revision-Date", "").strip())
    if match is None:
        return ""
    day, time, zone, zone_minutes = match.groups()
    if zone and zone != "Z":
        zone = f"{zone}:{zone_minutes or '00'}"
    return f"{day}T{time}{zone or ''}"


def summary_markers(catalog: polib.POFile, article_id: str) -> SummaryMarkers:
    """`article_page(catalog, article_id, ...).summary.markers`, made alone: no pair is made, only the blocks
    looked at for the first translation are rendered."""
    parts = _parts(catalog)
    blocks = parts.blocks
    summary_target = _summary_target([entry_kind(entry) for entry in blocks], lambda place: _shown(blocks[place])[0])
    return SummaryMarkers(_title_source(parts, article_id), former_titles(catalog), _date(parts), summary_target)


def article_page(
    catalog: polib.POFile, article_id: str, source_language: str, target_language: str, low_confidence: float = 0.0
) -> ArticlePage:
    """The article a catalog holds: header metadata, the title entry, then one Pair per live block entry.

    `article_id` is the catalog's file stem, as the PO contract names it; the X-Article-Id header is an
    editable copy, so a catalog copied under a new name is a second article, not a clash with the first."""
    parts = _parts(catalog)
    header, blocks = parts.header, parts.blocks
    ids = block_ids([entry.msgctxt or f"line-{entry.linenum}" for entry in blocks])
    pairs = tuple(
        Pair(block_id, entry_kind(entry), _text(entry.msgid), *_shown(entry), is_doubted(entry, low_confidence))
        for block_id, entry in zip(ids, blocks, strict=True)
    )
    summary_target = _summary_target([pair.kind for pair in pairs], lambda place: pairs[place].target)
    shown_title = _shown(parts.title) if parts.title else ("", "untranslated")
    summary = ArticleSummary(
        article_id=article_id,
        slug=article_slug(article_id),
        title_source=_title_source(parts, article_id),
        title_target=shown_title[0],
        title_state=shown_title[1],
        date=_date(parts),
        outlet=header.get("X-Article-Outlet", "").strip(),
        progress=state_counts(parts.live),
        summary_target=summary_target,
        former_titles=former_titles(catalog),
        title_doubted=parts.title is not None and is_doubted(parts.title, low_confidence),
        revised=_revised(parts),
        untitled=parts.title is None,
    )
    attribution = tuple(part.strip() for part in header.get("X-Article-Attribution", "").split(" | ") if part.strip())
    return ArticlePage(
        summary=summary,
        byline=header.get("X-Article-Byline", "").strip(),
        attribution=attribution,
        source_language=_language(header.get("X-Source-Language", ""), source_language),
        target_language=_language(header.get("Language", ""), target_language),
        pairs=pairs,
        original_url=web_address(header.get(URL_HEADER, "")),
    )
