"""A renamed source file: the article's old catalog, whose source is gone, and the new one its new name makes.

The rule, one for translate and build (no state kept between runs), `same_article_evidence`: a catalog whose
source is gone holds the text of a new article when the two have the same title and at least half of the new
article's blocks are word for word in the catalog, or, the title changed too (renamed and retitled at once),
when most blocks of the longer of the two are word for word in the other, or when a catalog holds most of the
old one's text with the old one's reviewed translations word for word (copied by hand to the new name, its
paragraphs edited since or not; catalog/settings.py).
- translate: a new article (no catalog yet) that is the article of a catalog whose source is gone is merged
  from it, as msgmerge merges a file's next version: every reviewed translation stays reviewed (the old title
  is kept as the new title's previous text or as an obsolete entry), what no longer matches is kept obsolete.
- build: a catalog whose source is gone is left off the site when a catalog with a source holds its text by
  that rule and every one of its reviewed translations (its successor; the old title's may give way to the
  new title in a catalog copied by hand, where no merge kept it); the article then shows once. Without a
  successor its page stays: a source removed by mistake must not take reviewed work off the site, and two
  articles that only share a title or a few boilerplate lines both stay. Both are named, with what to do, in
  one message (`source_gone_warning`; those whose page stays in one line together, `source_gone_warnings`)
  that says what the build decided; translate names the catalog it merged
  a new one from in the same words (its successor, which the build then finds), and translate, status and
  check work out the build's decision for the others without building (`decide_without_source`), so every
  command says, and counts, what publish does, before any build too. A project whose source/ is empty or
  missing (catalogs made by hand) has no catalog "whose source is gone"; but an empty source/ beside catalogs
  made from source files is a source/ lost at once (an unmounted disk), which stops translate and publish
  before they write anything (`emptied_source_error`).
The build and the other commands find successors by one function (`find_successors`), told which catalogs may
be one by the summaries the build keeps; `OldCatalogs` finds a new article's old catalog for translate.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Callable, Container, Hashable, Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Generic, Protocol, TypeVar

import polib

from toolkit.catalog.entries import DATE_HEADER, SOURCE_HEADER, is_reviewed, source_units, title_entry, translation
from toolkit.catalog.settings import (
    COPIED_SHARED_TEXT,
    RENAMED_SHARED_BLOCKS,
    RETITLED_MIN_BLOCKS,
    RETITLED_SHARED_BLOCKS,
)
from toolkit.catalog.store import in_target_language, may_hold_field, read_catalog, read_project_catalog
from toolkit.errors import CatalogError, FileSystemError, named_few, shown_path
from toolkit.model import Article
from toolkit.store.files import is_folder
from toolkit.store.listing import CATALOG_SUFFIX, is_utf8_name, list_catalogs


@dataclass(frozen=True)
class ArticleText:
    """What the rule compares of an article or a catalog: its title and its blocks' source texts; of a catalog
    also its reviewed translations in force and every (source, translation) pair it holds (in force, obsolete,
    or a fuzzy entry's previous source with its translation), and those of them it shows (not obsolete),
    which a catalog copied by hand carries over."""

    title: str | None
    blocks: tuple[str, ...]
    reviewed: tuple[tuple[str, str], ...] = ()
    held: frozenset[tuple[str, str]] = frozenset()
    shown: frozenset[tuple[str, str]] = frozenset()

    @property
    def length(self) -> int:
        return len(self.title or "") + sum(map(len, self.blocks))


SAME_TITLE = "same title"
RETITLED = "retitled, the same text"
COPIED = "retitled, a copy of its text and reviewed translations"


def title_of(catalog: polib.POFile) -> str | None:
    entry = title_entry(catalog)
    return None if entry is None else entry.msgid


def article_text(article: Article) -> ArticleText:
    units = source_units(article)
    return ArticleText(units[0].text, tuple(unit.text for unit in units[1:])) if units else ArticleText(None, ())


def _held(entries: Iterable[polib.POEntry]) -> frozenset[tuple[str, str]]:
    translated = [(entry, text) for entry in entries if (text := translation(entry))]
    pairs = {(entry.msgid, text) for entry, text in translated}
    pairs |= {(entry.previous_msgid, text) for entry, text in translated if entry.previous_msgid}
    return frozenset(pairs)


def catalog_text(catalog: polib.POFile) -> ArticleText:
    title = title_entry(catalog)
    live = [entry for entry in catalog if entry.msgid and not entry.obsolete]
    return ArticleText(
        None if title is None else title.msgid,
        tuple(entry.msgid for entry in live if entry is not title),
        tuple((entry.msgid, translation(entry)) for entry in live if is_reviewed(entry)),
        _held(catalog),
        _held(live),
    )


def _copied(new: ArticleText, old: ArticleText) -> bool:
    """Whether `new` holds most of `old`'s text with `old`'s reviewed translations, source and translation word
    for word: a catalog copied by hand to the new name. By length, of the longer of the two: a few
    boilerplate lines (a dateline, a credit, translated alike in every article) are a small part of an
    article's text, and an article that quotes the old one whole is another article. Only what `new` shows
    counts: a source file reused for another article leaves the old text in its catalog, obsolete."""
    carried = [source for source, translation in old.reviewed if (source, translation) in new.shown]
    longer = max(new.length, old.length)
    return len(carried) >= RETITLED_MIN_BLOCKS and sum(map(len, carried)) >= COPIED_SHARED_TEXT * longer


def _pair_hash(source: str, translated: str) -> str:
    return hashlib.blake2b(f"{source}\0{translated}".encode(), digest_size=4).hexdigest()


def shown_pair_hashes(catalog: polib.POFile) -> str:
    """What the build manifest keeps of a catalog to find it as a hand copy's successor later: the hashes of every
    (source, translation) pair it shows, its title's left out (a copy is retitled), sorted, space-separated. Every
    pair, not a sample: the copy holds most of the old catalog's reviewed pairs, but a sample of its own pairs
    (the 4 lowest-hashed, once) could be all lines the translator added (an editor's note, corrections), and
    then the copy was missed and the article shown twice (its old page kept beside it, with a warning). About
    20 pairs of 9 characters an article: 18 MB of the manifest at 100,000 articles, read row by row, and only
    by a build that finds a catalog whose source is gone."""
    title = title_entry(catalog)
    hashes = {
        _pair_hash(entry.msgid, text)
        for entry in catalog
        if entry.msgid and not entry.obsolete and entry is not title and (text := translation(entry))
    }
    return " ".join(sorted(hashes))


def reviewed_pair_hashes(text: ArticleText) -> set[str]:
    """The hashes of a catalog's reviewed pairs, to look for a catalog whose `shown_pair_hashes` holds one."""
    return {_pair_hash(source, translated) for source, translated in text.reviewed}


def same_article_evidence(new: ArticleText, old: ArticleText) -> str | None:
    """How `old`, the text of a catalog whose source is gone, is known to be `new`'s under an earlier name (and
    title): SAME_TITLE, RETITLED or COPIED; None when it is another article."""
    if new.title is None:
        return None
    if new.title == old.title:
        known = set(old.blocks)
        shared = sum(1 for block in new.blocks if block in known)
        return SAME_TITLE if not new.blocks or shared >= RENAMED_SHARED_BLOCKS * len(new.blocks) else None
    new_blocks, old_blocks = set(new.blocks), set(old.blocks)
    longer = max(len(new_blocks), len(old_blocks))
    if len(new_blocks) >= RETITLED_MIN_BLOCKS and len(new_blocks & old_blocks) >= RETITLED_SHARED_BLOCKS * longer:
        return RETITLED
    return COPIED if _copied(new, old) else None


def is_same_article(new: ArticleText, old: ArticleText) -> bool:
    """Whether `old`, the text of a catalog whose source is gone, is `new`'s under an earlier name (and title)."""
    return same_article_evidence(new, old) is not None


@dataclass(frozen=True)
class Successor:
    """The catalog with a source that takes the place on the site of one whose source is gone, how it is known
    to be the same article, and whether it keeps the old title's reviewed translation."""

    catalog: str
    evidence: str
    keeps_old_title: bool = True


@dataclass(frozen=True)
class SuccessionText:
    """A catalog as `succession` compares it, made once however many catalogs it is compared with: the catalog,
    its text (`catalog_text`), every reviewed pair it holds (obsolete entries' too) and its title's."""

    catalog: polib.POFile
    text: ArticleText
    reviewed: frozenset[tuple[str, str]]
    title: tuple[str, str] | None

    @classmethod
    def of(cls, catalog: polib.POFile) -> SuccessionText:
        title = title_entry(catalog)
        return cls(
            catalog,
            catalog_text(catalog),
            frozenset((entry.msgid, translation(entry)) for entry in catalog if is_reviewed(entry) and entry.msgid),
            None if title is None else (title.msgid, translation(title)),
        )


def succession(new: SuccessionText, old: SuccessionText) -> tuple[str, bool] | None:
    """Whether `new`, a catalog with a source, takes the place of `old`, one whose source is gone, on the site:
    the same article by the rule (the evidence), and every reviewed translation of `old` kept in `new` for the
    same source text (kept, obsolete, or marked fuzzy against its previous source, as a merge from `old` leaves
    it), but the old title's when `new` is a copy of `old` retitled (deleting the old title in the copy leaves
    nothing a merge would have kept); with whether the old title's is kept too. None when it does not."""
    evidence = same_article_evidence(new.text, old.text)
    if evidence is None:
        return None
    missing = old.reviewed - new.text.held
    if not missing:
        return evidence, True
    if old.title is None or evidence == SAME_TITLE or missing != {old.title}:
        return None
    return (COPIED, False) if evidence == COPIED or _copied(new.text, old.text) else None


Name = TypeVar("Name", bound=Hashable)


class SharedText(Generic[Name]):
    """Which of some texts (of catalogs whose source is gone) share a title or a block's source text with
    another: `same_article_evidence` finds none of the others in it (it needs the same title, blocks in common,
    or a reviewed pair in common: each a source text on both sides), so only these need comparing."""

    def __init__(self, texts: dict[Name, ArticleText]):
        self._holders: dict[str, list[Name]] = {}
        for name, text in texts.items():
            for source in {text.title, *text.blocks} - {None}:
                self._holders.setdefault(source, []).append(name)

    def sharing(self, text: ArticleText) -> list[Name]:
        """The names of the texts that share a source text with `text` (none when it has no title), each once."""
        if text.title is None:
            return []
        sources = {text.title, *text.blocks, *(source for source, _ in text.shown)}
        return list(dict.fromkeys(name for source in sources for name in self._holders.get(source, ())))


def _unicode_twin(old: Path | str, new: Path | str) -> str | None:
    """For two names that print alike (the same letters, accents encoded otherwise), how they differ."""
    old_name, new_name = Path(old).name, Path(new).name
    if old_name == new_name or unicodedata.normalize("NFC", old_name) != unicodedata.normalize("NFC", new_name):
        return None
    accents = f"{_accents(old_name)}, {shown_path(new_name)}'s as {_accents(new_name)}"
    return f"its name is the same one with its accents encoded as {accents}"


def _accents(name: str) -> str:
    if unicodedata.is_normalized("NFD", name):
        return "Unicode NFD (decomposed, as copies through macOS write them)"
    if unicodedata.is_normalized("NFC", name):
        return "Unicode NFC (composed)"
    return "a mix of composed and decomposed"


class OnSite(Enum):
    """What the build decides for a catalog whose source is gone and that no catalog succeeds."""

    PAGE_STAYS = "its page is built or kept"
    NO_PAGE = "it cannot be read and never had a page"


_GONE = "no file in source/ makes this article any more"


def source_gone_warning(old: str, decided: Successor | OnSite) -> str:
    """The one line that names a catalog whose source is gone, with what the build decided for its page."""
    twin = _unicode_twin(old, decided.catalog) if isinstance(decided, Successor) else None
    old = shown_path(old)  # one line, whatever the name holds (a newline)
    if isinstance(decided, Successor):
        held = "all its reviewed translations" + ("" if decided.keeps_old_title else " but its old title's")
        return (
            f"{old}: {_GONE}, and {shown_path(decided.catalog)} ({decided.evidence}) holds {held}, so its page is "
            f"left off the site; delete {old} ({twin or 'a renamed source?'})"
        )
    if decided is OnSite.PAGE_STAYS:
        return (
            f"{old}: {_GONE} (renamed or removed?); its page stays on the site until the catalog is deleted (a "
            "renamed source? give the catalog the new name before the next translate)"
        )
    return f"{old}: {_GONE} (renamed or removed?), and it cannot be read, so it has no page on the site"


_TOGETHER = {
    OnSite.PAGE_STAYS: (
        "their pages stay on the site until the catalogs are deleted (renamed sources? give each catalog its "
        "source's new name before the next translate)"
    ),
    OnSite.NO_PAGE: "they cannot be read, so they have no page on the site",
}


def source_gone_warnings(translations_dir: Path, decisions: dict[str, Successor | OnSite]) -> list[str]:
    """The lines that name the catalogs whose source is gone (by file name in `translations_dir`), with what the
    build decided: one for each that a successor holds (each one to delete), and one for all those whose page
    stays, one for all those that have none, naming the first few and counting the rest. A source/ partly
    gone (a sub-folder's mount failed, a few hundred files moved away) named every catalog on a line of its own."""
    lines = [
        source_gone_warning(str(translations_dir / name), decided)
        for name, decided in decisions.items()
        if isinstance(decided, Successor)
    ]
    for outcome, consequence in _TOGETHER.items():
        names = sorted(name for name, decided in decisions.items() if decided is outcome)
        if len(names) == 1:
            lines.append(source_gone_warning(str(translations_dir / names[0]), outcome))
        elif names:
            shown = named_few([shown_path(name) for name in names])
            lines.append(
                f"{shown_path(translations_dir)}: {len(names):,} catalogs whose article no file in source/ makes any "
                f"more (renamed or removed?): {shown}; {consequence}"
            )
    return lines


def emptied_source_error(
    source_dir: Path, translations_dir: Path, source_ids: Container[str] | None
) -> FileSystemError | None:
    """The error that stops translate and publish before they write, and that status and check say as a warning,
    when source/ is a folder with no source file in it (`source_ids` None) while translations/ holds catalogs
    made from source files (their header names one): an unmounted disk or network share, a folder emptied by
    mistake. Every catalog's source was gone at once, and a publish went on with exit 0, silent. None when
    source/ holds an article, is missing (status and build of a project of catalogs alone), or no catalog was
    made from a source (catalogs made by hand)."""
    if source_ids is not None or not is_folder(source_dir):
        return None
    names = list_catalogs(translations_dir).files
    # A catalog is parsed only when its bytes name the field: a project of catalogs made by hand, the one case
    # that looks at every catalog here, would parse them all at each command.
    naming = [Path(name) for name in names if may_hold_field(Path(name), SOURCE_HEADER)]
    if not any(_made_from_source(path) for path in naming):
        return None
    made = len(naming)  # by their bytes once one is known by its header: the others need not be parsed
    return FileSystemError(
        f"holds no source file, while translations/ holds {made:,} catalog{'s' if made > 1 else ''} made from "
        "source files (an unmounted disk or network share? a folder emptied by mistake?); translate and publish "
        "write nothing until the sources are back: put them back, or build the site from the catalogs as they are "
        "with `toolkit build`",
        source_dir,
    )


def catalogs_without_source(catalogs: Iterable[str], source_ids: Container[str] | None) -> list[str]:
    """Those of `catalogs` (paths or file names) whose article no file in source/ makes; none in a project
    whose source/ is empty or missing (catalogs made by hand)."""
    if source_ids is None:
        return []
    # A string's base name, not a Path's: a Path a catalog made this 5 times slower (0.14 s at 10,000 catalogs).
    return [name for name in catalogs if os.path.basename(name).removesuffix(CATALOG_SUFFIX) not in source_ids]


def decided(successor: Successor | None, has_page: bool) -> Successor | OnSite:
    """What the build decides for a catalog whose source is gone: left off for its `successor`, else its page
    stays when it has one (built now, or kept for a catalog that cannot be read)."""
    return successor or (OnSite.PAGE_STAYS if has_page else OnSite.NO_PAGE)


@dataclass(frozen=True)
class SuccessionKeys:
    """What marks a catalog with a source, in the summary the build manifest keeps of it, as one that may succeed
    catalogs whose source is gone (`find_successors` reads no other): their titles, their dates, their
    translations in force and the hashes of their reviewed pairs (`reviewed_pair_hashes`)."""

    titles: frozenset[str]
    dates: frozenset[str]
    translations: frozenset[str]
    reviewed_pairs: frozenset[str]

    @classmethod
    def of(cls, old_texts: Iterable[SuccessionText]) -> SuccessionKeys:
        old_texts = list(old_texts)
        olds = [old.catalog for old in old_texts]
        return cls(
            frozenset(title for old in olds if (title := title_of(old)) is not None),
            frozenset(date for old in olds if (date := old.metadata.get(DATE_HEADER, "").strip())),
            frozenset(text for old in olds for entry in old if (text := translation(entry)) and not entry.obsolete),
            frozenset().union(*(reviewed_pair_hashes(old.text) for old in old_texts)),
        )

    def marks(self, title: str, former_titles: Iterable[str], date: str, first_translation: str, pairs: str) -> bool:
        """Whether a catalog of this title, these former titles, this date, this first translated block and
        these pair hashes (`shown_pair_hashes`) is one the build reads as a possible successor."""
        return (
            title in self.titles
            or not self.titles.isdisjoint(former_titles)
            or date in self.dates
            or first_translation in self.translations
            or not self.reviewed_pairs.isdisjoint(pairs.split())
        )


class CandidateMarks(Protocol):
    """Whether a catalog with a source is marked by the keys of the catalogs whose source is gone
    (`SuccessionKeys.marks`, given what the build manifest keeps of it), the one test of a possible successor."""

    def known(self, name: str, keys: SuccessionKeys) -> bool | None:
        """Whether it is, told without reading it (a summary of it as it is now is at hand); None: read it."""

    def of(self, name: str, catalog: polib.POFile, keys: SuccessionKeys) -> bool:
        """Whether it is, told from the catalog read."""


def find_successors(
    translations_dir: Path,
    target_language: str,
    olds: dict[str, polib.POFile],
    candidates: Iterable[str],
    marks: CandidateMarks,
) -> dict[str, Successor | None]:
    """For each of `olds` (catalogs whose source is gone, by file name in `translations_dir`), the catalog among
    `candidates` (file names of catalogs with a source) that succeeds it (`succession`), or None: of those the
    keys of `olds` mark that do, one of its title first, then the first by name. The one rule by which the
    build leaves a page off the site and translate, status and check say so; what it decides depends on the
    catalogs alone, not on what the last build saw. A catalog known unmarked is not read, the others each at
    most once, and none once every old catalog has one of its title: of an archive, only the few that may
    succeed. A name not in UTF-8 is never a successor (the build refuses it)."""
    successors: dict[str, Successor | None] = dict.fromkeys(olds)
    # Looked for until one of its title is found; another that succeeds it is its successor only when none of
    # its title does.
    waiting = dict(olds)
    old_texts = {name: SuccessionText.of(old) for name, old in olds.items()}
    keys = SuccessionKeys.of(old_texts.values())
    shared = SharedText({name: old.text for name, old in old_texts.items()})
    for candidate in sorted(candidates):
        if not waiting:
            break
        marked = marks.known(candidate, keys) if is_utf8_name(candidate) else False
        if marked is False:
            continue
        new = read_or_none(translations_dir / candidate, target_language)
        if new is None or (marked is None and not marks.of(candidate, new, keys)):
            continue
        new_text = SuccessionText.of(new)
        for name in shared.sharing(new_text.text):
            if name not in waiting:
                continue
            same_title = new_text.text.title == old_texts[name].text.title
            succeeding = succession(new_text, old_texts[name]) if successors[name] is None or same_title else None
            if succeeding is not None:
                evidence, keeps_old_title = succeeding
                successors[name] = Successor(str(translations_dir / candidate), evidence, keeps_old_title)
                if same_title:
                    del waiting[name]
    return successors


def decide_without_source(
    translations_dir: Path,
    target_language: str,
    names: Iterable[str],
    source_ids: Container[str] | None,
    shown_on_site: Callable[[list[str]], set[str]],
    marks: CandidateMarks,
) -> dict[str, Successor | OnSite]:
    """For each of `names` (catalogs in translations/) whose source is gone, by file name, what the build
    decides (`decided`), worked out without a build, so that translate, status and check say what publish
    says, before any build too: its successor among the catalogs with a source (`find_successors`, read only
    when some catalog's source is gone), else its page stays; one that cannot be read keeps the page the site
    in place shows (`shown_on_site`, given those names), if any."""
    files = [Path(name).name for name in names]
    gone = catalogs_without_source(files, source_ids)
    if not gone:
        return {}
    olds = {name: read_or_none(translations_dir / name, target_language) for name in gone}
    unreadable = [name for name, old in olds.items() if old is None]
    shown = shown_on_site(unreadable) if unreadable else set()
    readable = {name: old for name, old in olds.items() if old is not None}
    with_source = (name for name in files if name not in olds)
    successors = find_successors(translations_dir, target_language, readable, with_source, marks)
    return {name: decided(successors.get(name), name in shown or name not in unreadable) for name in gone}


class OldCatalogs:
    """The catalogs in translations/ whose source is gone, with their text, read on the first new article only
    (a run with no new article lists nothing); each can be taken by one new article."""

    def __init__(self, translations_dir: Path, target_language: str, source_ids: Callable[[], Container[str] | None]):
        self._translations_dir = translations_dir
        self._target_language = target_language
        self._source_ids = source_ids
        self._texts: dict[Path, ArticleText] | None = None
        self._shared: SharedText[Path] | None = None

    def _index(self) -> dict[Path, ArticleText]:
        texts: dict[Path, ArticleText] = {}
        ids = self._source_ids()
        if ids is None:
            return texts
        for name in list_catalogs(self._translations_dir).files:
            path = Path(name)
            catalog = _read_any_language(path) if path.stem not in ids else None
            if catalog is not None and title_of(catalog) is not None:
                texts[path] = catalog_text(catalog)
        return texts

    def renamed_from(self, article: Article) -> tuple[Path, polib.POFile, str] | None:
        """The old catalog `article` was made from under an earlier name, that catalog, and how it is known to be
        the same article (`same_article_evidence`); None if none. Of several, one of the same title first, then
        the one sharing most blocks. The same article is told by its source text, whatever the old catalog's
        Language; one of another language is the CatalogError that names it (`in_target_language`): the
        article waits, as the translations may be the target's under a wrong header, and are carried over once
        it is set right."""
        if self._texts is None:
            self._texts = self._index()
            self._shared = SharedText(self._texts)
        new = article_text(article)
        sharing = set(self._shared.sharing(new))
        candidates = [path for path, old in self._texts.items() if path in sharing and is_same_article(new, old)]
        if not candidates:
            return None
        blocks = set(new.blocks)
        path = max(
            candidates,
            key=lambda path: (self._texts[path].title == new.title, len(blocks & set(self._texts[path].blocks))),
        )
        old = _read_any_language(path, keep_layout=True)
        evidence = None if old is None else same_article_evidence(new, catalog_text(old))
        if evidence is None:  # changed since it was listed
            return None
        del self._texts[path]
        return path, in_target_language(old, path, self._target_language), evidence


def read_or_none(path: Path, target_language: str, keep_layout: bool = False) -> polib.POFile | None:
    """The catalog at `path` (`read_project_catalog`); its layout looked for only with `keep_layout` (one a new
    catalog is merged from)."""
    try:
        return read_project_catalog(path, target_language, keep_layout)
    except CatalogError:
        # A catalog that does not parse, or of another language, is neither anybody's old catalog nor their
        # successor; status and build name it.
        return None


def _read_any_language(path: Path, keep_layout: bool = False) -> polib.POFile | None:
    """The catalog at `path` whatever its Language header, for what does not depend on it (its source text, the
    source file it was made from); None when it does not parse."""
    try:
        return read_catalog(path, keep_layout)
    except CatalogError:
        return None


def _made_from_source(path: Path) -> bool:
    catalog = _read_any_language(path)
    return catalog is not None and bool(catalog.metadata.get(SOURCE_HEADER))
