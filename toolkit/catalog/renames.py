"""A renamed source file: the article's old catalog, whose source is gone, and the new one its new name makes.

The rule, one for translate and build (no state kept between runs), `is_same_article`: a catalog whose source
is gone holds the text of a new article when the two have the same title and at least half of the new
article's blocks are word for word in the catalog, or, the title changed too (renamed and retitled at once),
when most blocks of the longer of the two are word for word in the other (catalog/settings.py).
- translate: a new article (no catalog yet) that is the article of a catalog whose source is gone is merged
  from it, as msgmerge merges a file's next version: every reviewed translation stays reviewed (the old title
  is kept as the new title's previous text or as an obsolete entry), what no longer matches is kept obsolete.
- build: a catalog whose source is gone is left off the site when a catalog with a source holds its text by
  that rule and every one of its reviewed translations (its successor); the article then shows once. Without
  a successor its page stays: a source removed by mistake must not take reviewed work off the site, and two
  articles that only share a title both stay. Both are named, with what to do. A project whose source/ is
  empty or missing (catalogs made by hand) has no catalog "whose source is gone".
The build reads the catalogs it checks itself; `OldCatalogs` finds a new article's old catalog for translate.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from pathlib import Path

import polib

from toolkit.catalog.entries import is_reviewed, source_units, title_entry
from toolkit.catalog.settings import RENAMED_SHARED_BLOCKS, RETITLED_MIN_BLOCKS, RETITLED_SHARED_BLOCKS
from toolkit.catalog.store import read_catalog
from toolkit.errors import CatalogError
from toolkit.model import Article
from toolkit.store.listing import CATALOG_SUFFIX, list_catalogs


@dataclass(frozen=True)
class ArticleText:
    """What the rule compares of an article or a catalog: its title and its blocks' source texts."""

    title: str | None
    blocks: tuple[str, ...]


def title_of(catalog: polib.POFile) -> str | None:
    entry = title_entry(catalog)
    return None if entry is None else entry.msgid


def article_text(article: Article) -> ArticleText:
    units = source_units(article)
    return ArticleText(units[0].text, tuple(unit.text for unit in units[1:])) if units else ArticleText(None, ())


def catalog_text(catalog: polib.POFile) -> ArticleText:
    title = title_entry(catalog)
    blocks = tuple(entry.msgid for entry in catalog if entry.msgid and not entry.obsolete and entry is not title)
    return ArticleText(None if title is None else title.msgid, blocks)


def is_same_article(new: ArticleText, old: ArticleText) -> bool:
    """Whether `old`, the text of a catalog whose source is gone, is `new`'s under an earlier name (and title)."""
    if new.title is None:
        return False
    if new.title == old.title:
        known = set(old.blocks)
        shared = sum(1 for block in new.blocks if block in known)
        return not new.blocks or shared >= RENAMED_SHARED_BLOCKS * len(new.blocks)
    new_blocks, old_blocks = set(new.blocks), set(old.blocks)
    longer = max(len(new_blocks), len(old_blocks))
    return len(new_blocks) >= RETITLED_MIN_BLOCKS and len(new_blocks & old_blocks) >= RETITLED_SHARED_BLOCKS * longer


def is_renamed_from(article: Article, old: polib.POFile) -> bool:
    """Whether `old`, a catalog whose source is gone, is the catalog of `article` under an earlier name."""
    return is_same_article(article_text(article), catalog_text(old))


def holds_reviewed_of(successor: polib.POFile, old: polib.POFile) -> bool:
    """Whether every reviewed translation of `old` is in `successor` for the same source text (kept, obsolete,
    or marked fuzzy against its previous source), as a merge from `old` leaves it."""
    kept = {(entry.msgid, entry.msgstr) for entry in successor}
    kept |= {(entry.previous_msgid, entry.msgstr) for entry in successor if entry.previous_msgid}
    return all((entry.msgid, entry.msgstr) in kept for entry in old if is_reviewed(entry) and entry.msgid)


def succeeds(new: polib.POFile, old: polib.POFile) -> bool:
    """Whether `new`, a catalog with a source, takes the place of `old`, one whose source is gone, on the site:
    the same article by the rule, and every reviewed translation of `old` kept in `new`."""
    same = title_of(new) is not None and title_of(new) == title_of(old)
    return (same or is_same_article(catalog_text(new), catalog_text(old))) and holds_reviewed_of(new, old)


def _evidence(retitled: bool) -> str:
    return "retitled, the same text" if retitled else "same title"


def carried_warning(old: str, successor: str, retitled: bool = False) -> str:
    return (
        f"{old}: no file in source/ makes this article any more, and {successor} ({_evidence(retitled)}) holds "
        f"all its reviewed translations, so its page is left off the site; delete {old} (a renamed source?)"
    )


def renamed_warning(old: Path, new: Path, retitled: bool = False) -> str:
    evidence = "retitled, most paragraphs the same" if retitled else "same title, the same text"
    return (
        f"{old}: no file in source/ makes this article any more; {new} is made from it ({evidence}), so its "
        f"translations were carried over and only {new.name} is published; delete {old.name}"
    )


def no_source_warning(old: str) -> str:
    return (
        f"{old}: no file in source/ makes this article any more (renamed or removed?); its page stays on the "
        "site until the catalog is deleted (a renamed source? give the catalog the new name before the next "
        "translate)"
    )


def catalogs_without_source(catalogs: Iterable[str], source_ids: Container[str] | None) -> list[str]:
    """Those of `catalogs` (paths or file names) whose article no file in source/ makes; none in a project
    whose source/ is empty or missing (catalogs made by hand)."""
    if source_ids is None:
        return []
    return [name for name in catalogs if Path(name).name.removesuffix(CATALOG_SUFFIX) not in source_ids]


def without_source_warning(old: str) -> str:
    """What translate and status say of a catalog whose source is gone; build, which decides, says which."""
    return (
        f"{old}: no file in source/ makes this article any more (renamed or removed?); build keeps its page on "
        "the site unless the catalog of a renamed source holds all its reviewed translations; delete the "
        "catalog once it is not needed"
    )


class OldCatalogs:
    """The catalogs in translations/ whose source is gone, with their text, read on the first new article only
    (a run with no new article lists nothing); each can be taken by one new article."""

    def __init__(self, translations_dir: Path, source_ids: Callable[[], Container[str] | None]):
        self._translations_dir = translations_dir
        self._source_ids = source_ids
        self._texts: dict[Path, ArticleText] | None = None

    def _index(self) -> dict[Path, ArticleText]:
        texts: dict[Path, ArticleText] = {}
        ids = self._source_ids()
        if ids is None:
            return texts
        for name in list_catalogs(self._translations_dir).files:
            path = Path(name)
            catalog = _read_or_none(path) if path.stem not in ids else None
            if catalog is not None and title_of(catalog) is not None:
                texts[path] = catalog_text(catalog)
        return texts

    def renamed_from(self, article: Article) -> tuple[Path, polib.POFile, bool] | None:
        """The old catalog `article` was made from under an earlier name, that catalog, and whether its title
        was another; None if none. Of several, one of the same title first, then the one sharing most blocks."""
        if self._texts is None:
            self._texts = self._index()
        new = article_text(article)
        candidates = [path for path, old in self._texts.items() if is_same_article(new, old)]
        if not candidates:
            return None
        blocks = set(new.blocks)
        path = max(
            candidates,
            key=lambda path: (self._texts[path].title == new.title, len(blocks & set(self._texts[path].blocks))),
        )
        old = _read_or_none(path)
        if old is None or not is_renamed_from(article, old):  # changed since it was listed
            return None
        del self._texts[path]
        return path, old, title_of(old) != new.title


def _read_or_none(path: Path) -> polib.POFile | None:
    try:
        return read_catalog(path)
    except CatalogError:
        return None  # a catalog that does not parse is not anybody's old catalog; status and build name it
