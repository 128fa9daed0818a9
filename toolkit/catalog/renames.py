"""A renamed source file: the article's old catalog, whose source is gone, and the new one its new name makes.

The rule, one for translate and build (no state kept between runs):
- translate: a new article (no catalog yet) whose title is the title of a catalog whose source is gone, and
  at least half of whose blocks are word for word in that catalog, is merged from it, as msgmerge merges a
  file's next version: every reviewed translation stays reviewed, what no longer matches is kept obsolete.
- build: a catalog whose source is gone is left off the site when a catalog with a source, of the same
  title, holds every one of its reviewed translations (its successor); the article then shows once. Without
  a successor its page stays: a source removed by mistake must not take reviewed work off the site. Both
  are named, with what to do. A project whose source/ is empty or missing (catalogs made by hand) has no
  catalog "whose source is gone".
The build reads the catalogs it checks itself; `OldCatalogs` finds a new article's old catalog for translate.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polib

from toolkit.catalog.entries import is_reviewed, source_units, title_entry
from toolkit.catalog.store import read_catalog
from toolkit.errors import CatalogError
from toolkit.model import Article
from toolkit.store.listing import list_catalogs

# Of a new article's blocks, the share that must be word for word in the old catalog.
SHARED_BLOCKS_RATIO = 0.5


def title_of(catalog: polib.POFile) -> str | None:
    entry = title_entry(catalog)
    return None if entry is None else entry.msgid


def is_renamed_from(article: Article, old: polib.POFile) -> bool:
    """Whether `old`, a catalog whose source is gone, is the catalog of `article` under an earlier name."""
    units = source_units(article)
    if not units or title_of(old) != units[0].text:
        return False
    known = {entry.msgid for entry in old if not entry.obsolete}
    blocks = units[1:]
    shared = sum(1 for unit in blocks if unit.text in known)
    return not blocks or shared >= SHARED_BLOCKS_RATIO * len(blocks)


def holds_reviewed_of(successor: polib.POFile, old: polib.POFile) -> bool:
    """Whether every reviewed translation of `old` is in `successor` for the same source text (kept, obsolete,
    or marked fuzzy against its previous source), as a merge from `old` leaves it."""
    kept = {(entry.msgid, entry.msgstr) for entry in successor}
    kept |= {(entry.previous_msgid, entry.msgstr) for entry in successor if entry.previous_msgid}
    return all((entry.msgid, entry.msgstr) in kept for entry in old if is_reviewed(entry) and entry.msgid)


def carried_warning(old: str, successor: str) -> str:
    return (
        f"{old}: no file in source/ makes this article any more, and {successor} (same title) holds all its "
        f"reviewed translations, so its page is left off the site; delete {old} (a renamed source?)"
    )


def renamed_warning(old: Path, new: Path) -> str:
    return (
        f"{old}: no file in source/ makes this article any more; {new} is made from it (same title, the same "
        f"text), so its translations were carried over and only {new.name} is published; delete {old.name}"
    )


def no_source_warning(old: str) -> str:
    return (
        f"{old}: no file in source/ makes this article any more (renamed or removed?); its page stays on the "
        "site until the catalog is deleted (a renamed source? give the catalog the new name before the next "
        "translate)"
    )


class OldCatalogs:
    """The catalogs in translations/ whose source is gone, by title, read on the first new article only (a
    run with no new article lists nothing); each can be taken by one new article."""

    def __init__(self, translations_dir: Path, source_ids: Callable[[], frozenset[str] | None]):
        self._translations_dir = translations_dir
        self._source_ids = source_ids
        self._by_title: dict[str, list[Path]] | None = None

    def _index(self) -> dict[str, list[Path]]:
        by_title: dict[str, list[Path]] = {}
        ids = self._source_ids()
        if ids is None:
            return by_title
        for name in list_catalogs(self._translations_dir).files:
            path = Path(name)
            catalog = _read_or_none(path) if path.stem not in ids else None
            title = title_of(catalog) if catalog is not None else None
            if title is not None:
                by_title.setdefault(title, []).append(path)
        return by_title

    def renamed_from(self, article: Article) -> tuple[Path, polib.POFile] | None:
        """The old catalog `article` was made from under an earlier name, and that catalog; None if none."""
        if self._by_title is None:
            self._by_title = self._index()
        units = source_units(article)
        candidates = self._by_title.get(units[0].text, []) if units else []
        for path in candidates:
            old = _read_or_none(path)
            if old is not None and is_renamed_from(article, old):
                candidates.remove(path)
                return path, old
        return None


def _read_or_none(path: Path) -> polib.POFile | None:
    try:
        return read_catalog(path)
    except CatalogError:
        return None  # a catalog that does not parse is not anybody's old catalog; status and build name it
