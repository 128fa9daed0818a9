"""Build the site: render each page straight into a staging folder, then swap the folder with `site/` at once.

Incremental: a manifest in the state folder (toolkit/site/manifest.py) records each catalog's hash and
stat signature (toolkit/site/fingerprints.py), the summary the index needs, the hash of every file written,
a digest of what each list page was made from, and every file's stat signature as the site was left. An
unchanged catalog is neither read (its signature vouches for it) nor parsed nor rendered, an unchanged page
is hard-linked from the current site instead of written, and a list page whose articles did not change is
not rendered. When nothing changed at all and site/ is exactly as the last build left it, the build stops
there: no staging, no Pagefind, no swap. A change to the templates, the static files, this package's code,
the site settings or Pagefind's version changes the generator hash and rebuilds everything.

Flat memory: pages are staged as they are rendered, their summaries go straight into the next manifest,
and the article list (a page at a time) and the sitemap (streamed) are read back from it; what the build
holds grows with the corpus only by the names of the catalogs and of the files it writes (about 0.5 kB an
article).

Atomic: the new site is complete in a staging folder of its own before it is swapped with `site/` in one
step (toolkit/site/swap.py), and the manifest goes from next to pending to current around that swap
(toolkit/site/generation.py). Big builds render over worker processes (toolkit/site/pool.py).

`build_site` reads as its four steps: collect the catalogs, stage their pages and the list pages, index
them for search, swap. The caller holds the project lock.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import time
from array import array
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice, zip_longest
from pathlib import Path
from typing import Protocol

from toolkit import __version__, limits
from toolkit.catalog.entries import counted_entries
from toolkit.catalog.renames import (
    Successor,
    catalogs_without_source,
    decided,
    find_successors,
    read_or_none,
    shown_pair_hashes,
    source_gone_warnings,
)
from toolkit.catalog.store import read_project_catalog
from toolkit.config import Config, address_as_uri, default_settings_note
from toolkit.errors import CatalogError, CatalogErrors, FileSystemError, SiteError, shown_path
from toolkit.packed import CompressedNames
from toolkit.scripts import language_tag
from toolkit.site.fingerprints import (
    catalog_signature,
    content_hash,
    file_signature,
    folder_signatures,
    live_tree_signatures,
)
from toolkit.site.generation import Generation, SummaryMarks, catalog_file_hash, new_generation
from toolkit.site.manifest import MANIFEST_VERSION, ArticleRecord, BuiltManifest, NextManifest, summary_of
from toolkit.site.pages import article_page, article_slug
from toolkit.site.pool import map_in_order
from toolkit.site.render import (
    ARTICLES_DIR,
    LINKS_START,
    STATIC_DIR,
    ListPage,
    SearchBundle,
    SiteInfo,
    article_files,
    article_path,
    keep_compiled_templates,
    list_page_path,
    load_article_templates,
    page_path,
    render_article_links,
    render_feed,
    render_index,
    render_not_found,
    render_search,
    render_sitemap,
    render_status,
    render_status_row,
    templates_checked,
    with_article_links,
)
from toolkit.site.search import (
    SEARCH_DIR,
    BundlePlan,
    Indexer,
    SearchInput,
    bundle_count,
    bundle_number,
    bundle_of,
    bundle_path,
    page_search_inputs,
    pagefind_version,
    plan_bundles,
    spill_pages,
)
from toolkit.site.settings import (
    BUILD_GROUP_BYTES,
    FEED_ENTRIES,
    NOT_FOUND_PAGE,
    PAGEFIND_GROUP_BYTES,
)
from toolkit.site.word_list import SITE_WORDS_INDEX
from toolkit.store.files import (
    atomic_write_bytes,
    file_inodes,
    files_under,
    installed_version,
    is_folder,
    is_link,
    is_regular_file,
    link_or_copy,
    link_tree,
    listed_inodes,
    make_folder,
    read_file,
    read_regular_file,
    remove_file,
    remove_temp_files,
    remove_tree,
    same_file,
    write_in_place,
    write_scratch,
    write_scratch_chunks,
)
from toolkit.store.listing import NAME_NOT_UTF8, catalog_names, is_utf8_name
from toolkit.store.project import check_site_folder

# A site tree's digest: the wrapping sum of a digest of each entry (the listing's order is the file system's).
_TREE_ENTRY_DIGEST_BYTES = 24
_TREE_DIGEST_BITS = 256
# The one setting outside the generator hash that shapes pages: the list pages' length.
PER_PAGE_SETTING = "articles_per_page"
# How many search bundles the articles are spread over (toolkit/site/search.py), kept from build to build.
BUNDLES_SETTING = "search_bundles"
STATIC_PREFIX = "static/"
# The state folder's folder of compiled templates (_CompiledTemplates), and their files' suffix.
COMPILED_TEMPLATES_DIR = "templates"
COMPILED_TEMPLATE_SUFFIX = ".jinja-bytecode"
_PACKAGE_DIR = Path(__file__).parent
_TOOLKIT_DIR = _PACKAGE_DIR.parent
# Outside this package, what shapes a page: how catalogs are read and their entries' states told, the block
# kinds, the script ranges of bidi isolation, and the libraries that render and sanitize. A change to any of
# them rebuilds every page, as a change here does.
_SHAPING_MODULES = ("catalog/entries.py", "catalog/store.py", "model.py", "scripts.py")
_SHAPING_LIBRARIES = ("babel", "jinja2", "markdown", "markupsafe", "nh3", "polib")


class ProgressBar(Protocol):
    def update(self, n: int = 1) -> object: ...

    def close(self) -> None: ...


class _NoProgress:
    def update(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


def no_progress(total: int) -> ProgressBar:
    return _NoProgress()


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    articles: int
    written: Sequence[str]  # files whose bytes are new in this build, relative to the site root, sorted
    kept: int  # files carried over from the previous build untouched
    removed: tuple[str, ...]  # files of the previous build that are gone
    bundles_indexed: tuple[str, ...]  # search bundles Pagefind ran for
    warnings: tuple[str, ...] = ()
    errors: tuple[CatalogError, ...] = ()  # catalogs skipped under skip_bad_catalogs
    # Files of the site in place that were missing or other than the previous build left them, though nothing
    # they are made from changed, and so were made again (a page; a search bundle's file, its bundle indexed
    # again), sorted.
    changed_by_hand: Sequence[str] = ()
    # The catalog names that entries of translations/ left out for their names stand for, with the first of them
    # (FolderListing.stood_for): the build's listing, so the warning of articles without a catalog scans no more.
    catalogs_stood_for: Mapping[str, str] | None = None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def site_info(config: Config) -> SiteInfo:
    base = address_as_uri(config.site_base_url.strip())
    return SiteInfo(
        title=config.site_title,
        description=config.site_description,
        base_url=base if not base or base.endswith("/") else base + "/",
        # The site writes the language's BCP 47 tag, not the package's code that names it ("zt": "zh-Hant").
        source_language=language_tag(config.source_language),
        target_language=language_tag(config.target_language),
        date_locales=tuple(sorted(config.site_date_locales.items())),
        low_confidence=config.low_confidence,
    )


def generator_hash(site: SiteInfo) -> str:
    """Everything besides the catalogs that shapes the article pages: code, templates, static files, the
    libraries that render them, settings. (The list pages are rendered on every build anyway.)"""
    libraries = "\0".join(f"{name} {installed_version(name)}" for name in _SHAPING_LIBRARIES)
    digest = hashlib.sha256(f"{MANIFEST_VERSION}\0{__version__}\0{pagefind_version()}\0{libraries}\0{site!r}".encode())
    files = [path for path in files_under(_PACKAGE_DIR) if "__pycache__" not in path.parts]
    files += [_TOOLKIT_DIR / module for module in _SHAPING_MODULES]
    for path in sorted(files):
        digest.update(f"\0{path.relative_to(_TOOLKIT_DIR).as_posix()}\0".encode())
        digest.update(read_file(path))
    return digest.hexdigest()


@dataclass(frozen=True)
class _CompiledTemplates:
    """The templates Jinja compiled, kept in the state folder from build to build (render.CompiledTemplates):
    a rebuild that renders a page then compiles none. A file that cannot be read or written is passed over
    (the template is compiled again), never an error."""

    folder: Path

    def load(self, key: str) -> bytes | None:
        try:
            return read_regular_file(self.folder / f"{key}{COMPILED_TEMPLATE_SUFFIX}")
        except OSError:
            return None

    def save(self, key: str, compiled: bytes) -> None:
        with contextlib.suppress(OSError, FileSystemError):
            if not is_folder(self.folder.parent):
                return  # the state folder is gone (a project removed since): nothing is made again for it
            make_folder(self.folder)
            atomic_write_bytes(self.folder / f"{key}{COMPILED_TEMPLATE_SUFFIX}", compiled)


def _static_files() -> dict[str, bytes]:
    return {
        f"{STATIC_PREFIX}{path.relative_to(STATIC_DIR).as_posix()}": read_file(path) for path in files_under(STATIC_DIR)
    }


def _still_built(current: Path, known: str, built_stat: str | None, sealed_ns: int | None) -> bool:
    """Whether the site's file at `current` is the one a build recorded with the hash `known` and the stat
    signature `built_stat`: it signs as recorded, or else its bytes still hash as recorded."""
    if built_stat is not None and file_signature(current, sealed_ns) == built_stat:
        return True
    return content_hash(current) == known


@dataclass
class _Staging:
    """The new site's folder as it fills, and its manifest: a file whose bytes the current site already holds
    is linked from it rather than written."""

    folder: Path
    site_dir: Path
    previous: BuiltManifest | None
    manifest: NextManifest
    bundles: int  # the search bundles the articles are spread over
    # The manifest of the site in place also when another generator made it (a toolkit upgrade, a changed
    # site title): only the page of a catalog that cannot be read is carried from it, rather than dropped.
    loaded: BuiltManifest | None = None
    kept: int = 0
    folders: set[str] = field(default_factory=set)  # made so far, relative to `folder`: a few, however many files

    def _target(self, name: str) -> Path:
        """A fresh path in staging. A name staged twice (two catalogs that claim one page, refused once the
        articles are staged) is unlinked first: the file there may be a hard link to the live site's, and
        writing through it would change the site a refused build must leave alone."""
        self._make_folder_of(name)
        target = self.folder / name
        remove_file(target)
        return target

    def _make_folder_of(self, name: str) -> None:
        folder = name.rpartition("/")[0]
        if folder not in self.folders:
            make_folder(self.folder / folder)
            self.folders.add(folder)

    def _link(self, current: Path | str, target: Path | str) -> None:
        """Make `target` the current site's file: kept when it is that file already (staging is the site
        before the current one, whose unchanged files the current one shares), else replaced by a link."""
        if not same_file(current, target):
            remove_file(Path(target))
            link_or_copy(current, target)
        self.kept += 1

    def link_intact(self, name: str) -> None:
        """Link the current site's file `name`, known intact (its row carried over in the manifest), to its
        place in staging, where another file may be (the one of the site before the current one)."""
        self._make_folder_of(name)
        target = os.path.join(self.folder, name)
        remove_file(Path(target))
        link_or_copy(os.path.join(self.site_dir, name), target)

    def _link_current(
        self,
        name: str,
        target: Path,
        data_hash: str | None,
        built_by: BuiltManifest | None = None,
    ) -> bool:
        """Put the current site's file at `target` (where another file may be) when the previous manifest (or
        `built_by`) says it holds these bytes (any bytes, for a hash of None), so that a rebuild leaves it
        untouched; False when it cannot. A file the previous build left with these very bytes that is missing
        now, or holds others, was changed by hand: it is recorded so, as its bytes are written again."""
        manifest = built_by or self.previous
        built = manifest.built_file(name) if manifest is not None else None
        if built is None:
            return False
        known, built_stat = built
        current = self.site_dir / name
        if data_hash is not None and known != data_hash:
            return False
        if not _still_built(current, known, built_stat, manifest.sealed_ns):
            # Only with the bytes in hand: a carry that fails may keep no page (a catalog that no longer parses).
            if data_hash is not None:
                self.manifest.add_changed_by_hand(name)
            return False
        self._link(current, target)
        self.manifest.add_file(name, known)
        return True

    def changed_since_built(self, name: str, built_by: BuiltManifest | None = None) -> bool:
        """Whether the current site's file `name`, which the previous manifest (or `built_by`) records, is
        missing or other than it records (changed by hand)."""
        manifest = built_by or self.previous
        built = manifest.built_file(name) if manifest is not None else None
        return built is not None and not _still_built(self.site_dir / name, *built, manifest.sealed_ns)

    def put(self, name: str, data: bytes, unchanged: int | None = None) -> None:
        """Stage one file from its bytes. With `unchanged`, the file is one put unfinished whose first
        `unchanged` bytes are the ones staged, and `data` is no shorter: only the rest is written, over the
        file in place. Replacing the file, or cutting it short, would free its blocks, and that waits on the
        disk (about a millisecond a page here, the longest part of staging a page)."""
        data_hash = _sha256(data)
        staged = unchanged is not None
        if not staged:
            self._make_folder_of(name)
        target = self.folder / name
        # Before anything is written there: a file of staging may be the current site's own, and replacing it
        # (a link less) would change its ctime, so that the current one would no longer sign as recorded.
        if self._link_current(name, target, data_hash):
            return
        if staged:
            write_in_place(target, data, unchanged)
        else:
            write_scratch(target, data)
        self.manifest.add_file(name, data_hash, written=True)

    def put_stream(self, name: str, chunks: Iterable[bytes]) -> None:
        """Stage one file written piece by piece; once whole, an unchanged one is swapped for the current
        site's file."""
        target = self._target(name)
        digest = hashlib.sha256()

        def hashed() -> Iterator[bytes]:
            for chunk in chunks:
                digest.update(chunk)
                yield chunk

        write_scratch_chunks(target, hashed())
        data_hash = digest.hexdigest()
        if not self._link_current(name, target, data_hash):
            self.manifest.add_file(name, data_hash, written=True)

    def put_made(self, name: str, inputs: str, make: Callable[[], bytes | Iterator[bytes]]) -> None:
        """Stage a page made from what `inputs` digests (and the generator) alone: the current site's file when
        the previous build made it from the same, else what `make` returns (its bytes, or its chunks)."""
        self.manifest.add_input_digest(name, inputs)
        if self.previous is not None and self.previous.input_digest(name) == inputs and self.carry(name):
            return
        made = make()
        if isinstance(made, bytes):
            self.put(name, made)
        else:
            self.put_stream(name, made)

    def carry(self, name: str, built_by: BuiltManifest | None = None) -> bool:
        """Stage the current site's file as it is, when the previous manifest (or `built_by`) describes it and
        it is there."""
        self._make_folder_of(name)
        return self._link_current(name, self.folder / name, None, built_by)

    def staged(self, name: str) -> bytes:
        return read_file(self.folder / name)

    def recarry(self, name: str, data: bytes) -> None:
        """Stage new bytes for a file carried over: it is not kept after all."""
        self.kept -= 1
        self.put(name, data)


@dataclass(frozen=True)
class _RenderJob:
    path: Path
    staging_dir: str  # where the rendered pages are staged, unfinished (_render_catalog)
    catalog_hash: str
    catalog_stat: str | None  # its signature (toolkit/site/fingerprints.py), None when not safe to keep
    source_language: str
    target_language: str
    site: SiteInfo
    # The build stops on a catalog that cannot be read: the rest are only read, to be named with it, not
    # rendered into a staging folder that is thrown away.
    read_only: bool = False


@dataclass(frozen=True)
class _Rendered:
    """A rendered article, its pages staged unfinished, or why its catalog could not be read or its pages
    written (an exception would lose its line, or its path, in a pool)."""

    record: ArticleRecord | None
    error: str = ""
    error_line: int | None = None
    write_error: tuple[str, str] | None = None  # the FileSystemError's message and path
    holds_nothing: str = ""  # what the catalog holds when it has no title or block: no page is made of it
    # page -> what Pagefind indexes of it (search.page_search_inputs), made here from the page in hand
    search_inputs: dict[str, list[SearchInput]] = field(default_factory=dict)


def _render_catalog(job: _RenderJob) -> _Rendered:
    """Render the catalog's article and stage its page in every interface, unfinished (_stage_article_links
    finishes them): written where it is rendered, a render worker's page reaches the disk without crossing to
    the build's process and back (2,000 pages of 28 kB in a full build of 1,000 articles). What search indexes of
    them is made here too, from the pages in hand: the build's process read each back to take it apart."""
    try:
        catalog = read_project_catalog(job.path, job.target_language)
    except CatalogError as error:
        return _Rendered(None, error=error.message, error_line=error.line)
    if not counted_entries(catalog):
        held = "obsolete entries" if any(entry.obsolete for entry in catalog) else "header"
        return _Rendered(None, holds_nothing=held)
    if job.read_only:
        return _Rendered(None)
    page = article_page(catalog, job.path.stem, job.source_language, job.target_language, job.site.low_confidence)
    files = article_files(page, job.site)
    try:
        for name, data in files:
            write_scratch(os.path.join(job.staging_dir, name), data)
    except FileSystemError as error:
        return _Rendered(None, write_error=(error.message, str(error.path)))
    slug = page.summary.slug
    return _Rendered(
        ArticleRecord(
            job.catalog_hash,
            article_path(slug),
            slug,
            page.summary,
            status_row=render_status_row(page.summary, job.site),
            pair_hashes=shown_pair_hashes(catalog),
        ),
        search_inputs={
            name: page_search_inputs(name, lambda data=data: data, job.site.searched) for name, data in files
        },
    )


def _check_name(name: str, path: Path) -> None:
    """File names become page names and manifest keys, both UTF-8: a name the file system holds in another
    encoding is refused by name rather than mangled."""
    if not is_utf8_name(name):
        raise CatalogError(NAME_NOT_UTF8, path)


def _carry_article(
    staging: _Staging, site: SiteInfo, record: ArticleRecord, built_by: BuiltManifest | None = None
) -> bool:
    """Stage the article's current pages in every interface; False when any of them cannot be."""
    return all(staging.carry(page_path(ui, record.page), built_by) for ui in site.interfaces)


def _said_of_its_page(error: CatalogError, kept: bool) -> CatalogError:
    """The error of a catalog the build skipped, saying what became of its article's page: a reader of a fresh
    site's build was told only that the file does not parse, and found the page missing."""
    page = "its page from the last build stays on the site" if kept else "its article has no page on the site"
    return CatalogError(f"{error.message}; {page} until it is fixed", error.path, error.line)


def _shown_on_site(site_dir: Path, site: SiteInfo, catalog: str) -> bool:
    """Whether the site in place has a page of the catalog's article (at the page its name gives)."""
    if not is_utf8_name(catalog):
        return False
    page = article_path(article_slug(Path(catalog).stem))
    return any(is_regular_file(site_dir / page_path(ui, page)) for ui in site.interfaces)


def _add_article(staging: _Staging, catalog: str, record: ArticleRecord, catalog_stat: str | None = None) -> None:
    """Record the article; with its catalog's signature only when the page recorded is made from it (not a
    previous page kept for a catalog that no longer parses, which must be read and refused again)."""
    staging.manifest.add_article(catalog, record, bundle_of(record.slug, staging.bundles))
    if catalog_stat is not None:
        staging.manifest.add_catalog_stat(catalog, catalog_stat)


def _bundle_number(name: str, bundles: int) -> int:
    """The number of the bundle the page of the catalog `name` goes to: its slug's, which is its file stem's
    (a name that is not UTF-8, refused when it is staged, gets none, and is put with the first)."""
    return bundle_number(article_slug(Path(name).stem), bundles) if is_utf8_name(name) else 0


def _vouched(
    config: Config, previous: BuiltManifest | None, names: Sequence[str], started_ns: int, manifest: NextManifest
) -> bytearray:
    """For each of the catalogs `names` (sorted), 1 when it is the file the previous build read: its stat
    signature is the one that build recorded, or, when that build could keep none (the catalog had changed
    within the racy window before it started: a project translated and built at once), its bytes hash as that
    build's did and its signature is settled now, which is then recorded in the next `manifest`. So an article
    is carried over at once (_carry_unchanged) from the first rebuild after such a build on, not staged on its
    own (its pages linked one by one: 0.3 s of CPU of a one-article rebuild of 1,000 articles). Each catalog
    is looked at once, the recorded signatures read in one pass beside the names (both sorted by name: SQLite
    compares text as UTF-8 bytes, which orders as code points do). Without a previous build, none is."""
    vouched = bytearray(len(names))
    if previous is None:
        return vouched
    recorded = previous.catalogs()
    built = next(recorded, None)
    folder = os.fspath(config.translations_dir)  # joined as text: a Path a catalog cost more than its stat
    for position, name in enumerate(names):
        while built is not None and built[0] < name:
            built = next(recorded, None)
        if built is None:
            break
        if built[0] != name:
            continue
        path = os.path.join(folder, name)
        signature = catalog_signature(path, started_ns)  # before its bytes are read: a change after changes it
        if built[2] is not None:
            vouched[position] = signature == built[2]
        elif signature is not None and _hash_or_none(path) == built[1]:
            manifest.add_catalog_stat(name, signature)
            vouched[position] = 1
    return vouched


def _hash_or_none(path: str) -> str | None:
    try:
        return catalog_file_hash(Path(path))
    except CatalogError:
        return None


@dataclass(frozen=True)
class _Carried:
    """The articles staged at once from the site in place (_carry_unchanged)."""

    count: int  # how many
    bundles: dict[str, str]  # the search bundles all of whose articles were carried so -> their input hash
    last_row: int  # the manifest's last article row once they were


def _carry_unchanged(
    staging: _Staging,
    site: SiteInfo,
    names: Sequence[str],
    vouched: bytearray,
    skipped: Container[str],
    taken: Callable[[int], bool],
    carried: bytearray,
) -> _Carried:
    """Stage every article whose catalog is `vouched` for and `taken` (by its position in `names`) and whose
    pages are intact in the site in place, all at once: the manifest's rows copied in SQL, no row read into
    Python but its catalog; each is marked in `carried` (by position). A page is linked only where staging (the
    site before the current one) does not hold it already, which it does unless it changed in the last build:
    what a one-article rebuild of an archive costs per unchanged article is then a stat of each page and its row
    copied (a link of each page took three times that, and the removal of the previous site as much again). The
    rest (pages not intact, catalogs not vouched for, the `skipped`) are staged one by one, as before."""
    previous = staging.previous
    if (
        previous is None
        or staging.bundles != _previous_bundle_count(previous)
        or is_link(staging.site_dir)  # the swap refuses such a site/; the full pass says so
    ):
        return _Carried(0, {}, 0)
    prefixes = [ui.prefix for ui in site.interfaces]
    site_dir = os.fspath(staging.site_dir)
    live = (
        entry
        for prefix in prefixes
        for entry in folder_signatures(
            os.path.join(site_dir, prefix + ARTICLES_DIR), f"{prefix}{ARTICLES_DIR}/", previous.sealed_ns
        )
    )
    staged = (
        (f"{prefix}{ARTICLES_DIR}/{name}", inode)
        for prefix in prefixes
        for name, inode in file_inodes(os.path.join(staging.folder, prefix + ARTICLES_DIR))
    )
    catalogs = (
        name
        for position, name in enumerate(names)
        if vouched[position] and not carried[position] and taken(position) and name not in skipped
    )
    rows_before = staging.manifest.last_article_row()
    bundles = staging.manifest.carry_articles(previous, catalogs, live, prefixes, staged)
    position = count = 0
    for catalog in staging.manifest.catalogs_added(after_row=rows_before):
        while names[position] != catalog:  # both sorted by name; every catalog carried is one of `names`
            position += 1
        carried[position] = 1
        count += 1
    staging.kept += count * len(prefixes)
    for name in staging.manifest.carried_pages_to_link():
        staging.link_intact(name)
    return _Carried(count, bundles, staging.manifest.last_article_row())


@dataclass(frozen=True)
class _BundleOrder:
    """The order articles are staged in: bundle by bundle in the order of their paths, in name order within
    one, in two groups one after the other: the bundles holding a catalog that is not vouched for (that may have
    changed), then the others. Between the two, the articles of the others that are unchanged are carried over
    at once (_carry_unchanged), while Pagefind indexes the first group's bundles: a one-article rebuild hands
    its bundle to Pagefind before it carries the other articles over (a stat of each of their 2,000 pages, their
    rows copied), not after. Each bundle's catalogs are kept as positions in `names` (4 bytes a catalog)."""

    names: Sequence[str]
    vouched: bytearray
    members: list[array]  # each bundle's catalogs (not the skipped), by position in `names`
    touched: list[bool]  # each bundle: whether it holds a catalog not vouched for

    @classmethod
    def of(cls, names: Sequence[str], skipped: Container[str], bundles: int, vouched: bytearray) -> _BundleOrder:
        members = [array("I") for _ in range(bundles)]
        for position, name in enumerate(names):
            if name not in skipped:
                members[_bundle_number(name, bundles)].append(position)
        touched = [not all(vouched[position] for position in positions) for positions in members]
        return cls(names, vouched, members, touched)

    def in_untouched_bundle(self, position: int) -> bool:
        return not self.touched[_bundle_number(self.names[position], len(self.members))]

    def group(self, touched: bool, carried: bytearray) -> Iterator[tuple[str, str, bool]]:
        """(bundle, name, whether it is `vouched` for) of the group's catalogs not `carried` (as it is when
        they are reached)."""
        for number, positions in enumerate(self.members):
            if self.touched[number] != touched:
                continue
            path = bundle_path(number, len(self.members))
            for position in positions:
                if not carried[position]:
                    yield path, self.names[position], bool(self.vouched[position])


def _stage_articles(
    config: Config,
    site: SiteInfo,
    staging: _Staging,
    bundle_done: Callable[[str], None],
    keep_search_inputs: Callable[[str, dict[str, list[SearchInput]]], None],
    progress: Callable[[int], ProgressBar],
    skip_bad_catalogs: bool,
    names: Sequence[str],
    vouched: bytearray,
    carry_unchanged: Callable[[Callable[[int], bool], bytearray], int],
    without_source: list[str],
    held_back: Sequence[str],
    warnings: list[str],
    started_ns: int,
    memory: limits.GroupLedger,
) -> list[CatalogError]:
    """Stage every article's page, carried over or rendered, and record it in the next manifest; returns the
    catalogs skipped (skip_bad_catalogs only). Without skip_bad_catalogs, or when a skipped catalog's page cannot
    be kept, the catalogs that cannot be read are all read to the end and raised together (CatalogErrors), the
    bundles not indexed meanwhile. The articles are staged bundle by bundle, and `bundle_done`
    called with each bundle once its pages are staged (search indexes it while the rest are), after
    `keep_search_inputs` with each rendered article's bundle and its pages' search inputs. The catalogs
    `without_source` (of articles source/ no longer makes) are staged last, unless a successor holds them
    (toolkit/catalog/renames.py), and noted in `warnings`; their bundles are left to the caller, as are those
    of the catalogs `held_back` (named so that they are not read: `x.PO`), which keep their pages. A catalog
    `vouched` for (_vouched, by position in `names`) is not looked at again. `carry_unchanged` stages at once
    the unchanged articles of the catalogs it is given (_carry_unchanged), marking them in the bytearray
    given, and says how many it staged; it is called between the two groups of _BundleOrder. Render workers are
    started only as `memory` (the build's account of its control group) has room for them."""
    previous = staging.previous
    staging_dir = os.fspath(staging.folder)
    errors: list[CatalogError] = []
    stopping = not skip_bad_catalogs  # the site is left as it was if any catalog cannot be read
    bar = progress(len(names))

    def skip(name: str, error: CatalogError) -> None:
        nonlocal stopping
        if skip_bad_catalogs:
            unkept = keep_previous_page(name, error)
            stopping = stopping or unkept is not None
            error = unkept or _said_of_its_page(error, is_utf8_name(name) and staging.manifest.has_article(name))
        errors.append(error)

    def keep_previous_page(name: str, error: CatalogError | None = None) -> CatalogError | None:
        """An article whose catalog cannot be read or parsed keeps its page until the catalog is fixed. With no
        record of its page to keep it by (the last build's manifest is of another version, after an upgrade, or
        gone) while the site shows it, the build stops and the site stays as it is: the page was dropped. A
        page changed by hand since is no page to keep, and nothing can make it again: the article is left out,
        none of its pages kept (one kept alone was listed nowhere, and stopped the next build), and said so.
        Returns the error that stops the build, when it does."""
        built_by = previous or staging.loaded
        old = built_by.article(name) if built_by and is_utf8_name(name) else None
        pages = [page_path(ui, old.page) for ui in site.interfaces] if old is not None else []
        changed = [page for page in pages if staging.changed_since_built(page, built_by)]
        if changed:
            warnings.append(
                f"{shown_path(config.site_dir / changed[0])}: changed by hand in site/ since the last build, and "
                f"its catalog {shown_path(config.translations_dir / name)} cannot be read to make it again, so the "
                "article is left out of the site; fix the catalog and build again"
            )
        elif old is not None and _carry_article(staging, site, old, built_by):
            _add_article(staging, name, old)
        elif error is not None and old is None and _shown_on_site(config.site_dir, site, name):
            return CatalogError(
                f"{error.message} (the site is left as it was: its page has no record this version of the "
                "toolkit can read to keep it by; fix the catalog and run again)",
                error.path,
                error.line,
            )
        return None

    # The bundles whose catalogs have all gone by, each with the number of render jobs handed out before it
    # ended: it is done once that many results are staged.
    ended: deque[tuple[str, int]] = deque()
    handed_out = 0

    def jobs(batch: Iterable[tuple[str, str, bool]]) -> Iterator[_RenderJob]:
        """Catalogs to render; an unchanged one with its page in place is carried over on the way. A catalog
        `vouched` for (_vouched) is not looked at again."""
        nonlocal handed_out
        bundle = None
        for bundle_of_name, name, vouched in batch:
            if bundle_of_name != bundle:
                if bundle is not None:
                    ended.append((bundle, handed_out))
                bundle = bundle_of_name
            path = config.translations_dir / name
            try:
                _check_name(name, path)  # before the name is a key of the manifest
                found = previous.article_and_stat(name) if previous else None
                record, recorded_stat = found or (None, None)
                catalog_stat = recorded_stat if vouched else catalog_signature(path, started_ns)
                if record is not None and catalog_stat is not None and recorded_stat == catalog_stat:
                    catalog_hash = record.catalog_hash  # the file the last build read: not read again
                else:
                    catalog_hash = catalog_file_hash(path)
            except CatalogError as error:
                skip(name, error)
                bar.update(1)
                continue
            if record is not None and record.catalog_hash == catalog_hash and _carry_article(staging, site, record):
                _add_article(staging, name, record, catalog_stat)
                bar.update(1)
            else:
                handed_out += 1
                yield _RenderJob(
                    path,
                    staging_dir,
                    catalog_hash,
                    catalog_stat,
                    config.source_language,
                    config.target_language,
                    site,
                    read_only=stopping and bool(errors),
                )
        if bundle is not None:
            ended.append((bundle, handed_out))

    def stage(batch: Iterable[tuple[str, str, bool]], announce: bool) -> None:
        # Counted as the jobs handed out are, from every stage before this one: a bundle ends after a number
        # of jobs handed out in all (a rebuild's second group, all carried over, was never announced).
        staged = handed_out

        def announce_done() -> None:
            while announce and ended and ended[0][1] <= staged:
                bundle = ended.popleft()[0]
                if not (stopping and errors):  # not indexed for a site that is not put in place
                    bundle_done(bundle)

        prepare = functools.partial(load_article_templates, site)
        for job, rendered in map_in_order(_render_catalog, jobs(batch), memory, prepare):
            announce_done()
            staged += 1
            bar.update(1)
            if rendered.write_error is not None:
                raise FileSystemError(*rendered.write_error)
            if rendered.record is not None:
                _add_article(staging, job.path.name, rendered.record, job.catalog_stat)
                keep_search_inputs(bundle_of(rendered.record.slug, staging.bundles), rendered.search_inputs)
                continue
            if rendered.holds_nothing:
                # A page of a title and no text told the reader nothing, and nothing said why.
                warnings.append(
                    f"{shown_path(job.path)}: holds no title or block, only its {rendered.holds_nothing}, so its "
                    "article has no page; `toolkit translate` fills it from the article's source"
                )
                continue
            if job.read_only and not rendered.error:
                continue
            skip(job.path.name, CatalogError(rendered.error, job.path, rendered.error_line))
        announce_done()
        ended.clear()

    try:
        order = _BundleOrder.of(names, set(without_source), staging.bundles, vouched)
        carried = bytearray(len(names))
        stage(order.group(True, carried), announce=True)
        bar.update(carry_unchanged(order.in_untouched_bundle, carried))
        stage(order.group(False, carried), announce=True)
        successors = _successors(config, staging.manifest, names, without_source)
        bar.update(sum(1 for successor in successors.values() if successor is not None))
        stage((("", name, False) for name, successor in successors.items() if successor is None), announce=False)
        for name in held_back:
            keep_previous_page(name)
        # The manifest holds UTF-8 names only.
        decisions = {
            name: decided(successor, is_utf8_name(name) and staging.manifest.has_article(name))
            for name, successor in successors.items()
        }
        warnings.extend(source_gone_warnings(config.translations_dir, decisions))
    finally:
        bar.close()
    if stopping and errors:
        raise CatalogErrors(errors)
    clash = staging.manifest.first_page_clash()
    if clash is not None:
        catalog, article_id, owner = clash
        raise CatalogError(
            f"article id {article_id!r} gives the same page as {owner}", config.translations_dir / catalog
        )
    warnings.extend(_case_only_warnings(config, staging.manifest.pages_differing_in_case_only()))
    return errors


def _case_only_warnings(config: Config, twins: list[tuple[str, str]]) -> list[str]:
    """Said by every build, also one with nothing to change, as long as both pages are on the site."""
    return [
        f"{shown_path(config.translations_dir / catalog)}: its page's name differs from {shown_path(twin)}'s only "
        "in case, so a disk or web server that ignores case (macOS, Windows) keeps one of the two pages; rename "
        "one of the sources and its catalog"
        for catalog, twin in twins
    ]


def _successors(
    config: Config, manifest: NextManifest, names: Sequence[str], without_source: list[str]
) -> dict[str, Successor | None]:
    """For each catalog whose source is gone, the catalog with a source that succeeds it, or None, by the rule
    translate, status and check tell it by (renames.find_successors), told by the summaries just staged: only
    these few catalogs and those that may succeed them are read."""
    folder, language = config.translations_dir, config.target_language
    olds = {name: old for name in without_source if (old := read_or_none(folder / name, language)) is not None}
    gone = set(without_source)
    marks = SummaryMarks(manifest.article)
    found = find_successors(folder, language, olds, (name for name in names if name not in gone), marks)
    return {name: found.get(name) for name in without_source}


def _stage_article_links(staging: _Staging, site: SiteInfo) -> None:
    """Link every article page to its neighbours in the list, now that the list's order is known: pages
    rendered in this build get their links, and a page carried over whose neighbours changed (an article
    added, removed, redated or retitled next to it) gets new ones. Only these pages are read back."""
    for stale in staging.manifest.stale_links():
        previous, following = stale.neighbours
        for ui in site.interfaces:
            name = page_path(ui, stale.page)
            staged = staging.staged(name)
            page = with_article_links(staged, render_article_links(previous, following, site, ui))
            if stale.staged is None:  # rendered in this build, put unfinished: its slot for the links is empty
                staging.put(name, page, unchanged=staged.index(LINKS_START) + len(LINKS_START))
            else:
                staging.recarry(name, page)
        staging.manifest.set_links(stale.catalog, stale.wanted)


def _digest(parts: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _build_moment() -> datetime:
    """Now, or the instant SOURCE_DATE_EPOCH names: the reproducible-builds convention, so that a build from
    the same catalogs writes the same bytes wherever it runs."""
    with contextlib.suppress(ValueError, OverflowError, OSError):
        return datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "")), timezone.utc)
    return datetime.now(timezone.utc)


def _stage_lists(staging: _Staging, site: SiteInfo, bundle_paths: Sequence[str], per_page: int) -> None:
    """The pages made from every article (the article list, feed, sitemap, status), the search page and
    static files. The list is split into pages of `per_page` articles, read from the manifest one page at a
    time. A list page whose articles' summaries are the ones it was made from is carried over unread: a
    one-article change re-renders the list page it is on, not the whole list."""
    manifest = staging.manifest
    page_count = max(1, -(-manifest.article_count() // per_page))
    list_pages = [list_page_path(number) for number in range(1, page_count + 1)]
    bundles = [SearchBundle(path) for path in bundle_paths]
    # What the status page shows of each article (its counts, source title and link), not its whole summary:
    # a retitled translation leaves the page as it is.
    status = _digest(manifest.status_rows_newest_first())
    # Each list page's articles read and digested once for every interface.
    newest_first = manifest.summary_texts_newest_first()
    for number, path in enumerate(list_pages, start=1):
        list_page = ListPage(number, page_count, (number - 1) * per_page + 1)
        texts = list(islice(newest_first, per_page))
        inputs = _digest([repr(list_page), *texts])
        for ui in site.interfaces:
            staging.put_made(
                page_path(ui, path),
                inputs,
                lambda texts=texts, list_page=list_page, ui=ui: render_index(
                    [summary_of(text) for text in texts], site, list_page, ui
                ),
            )
    for ui in site.interfaces:
        staging.put_made(
            page_path(ui, "search.html"), _digest(bundle_paths), lambda ui=ui: render_search(bundles, site, ui)
        )
        staging.put_made(
            page_path(ui, "status.html"),
            status,
            lambda ui=ui: render_status(manifest.status_rows_newest_first(), site, ui),
        )
        # Made from the generator alone.
        staging.put_made(page_path(ui, NOT_FOUND_PAGE), "", lambda ui=ui: render_not_found(site, ui))
    feed = list(manifest.summary_texts_newest_first(FEED_ENTRIES))
    staging.put_made(
        "feed.xml", _digest(feed), lambda: render_feed([summary_of(text) for text in feed], site, _build_moment())
    )
    staging.put_made(
        "sitemap.xml",
        _digest([*list_pages, *(f"{slug}\0{date}" for slug, date in manifest.slugs_and_dates_newest_first())]),
        lambda: render_sitemap(manifest.summaries_newest_first(), list_pages, site),
    )
    for name, data in _static_files().items():
        staging.put(name, data)


def _holds_same_files(old_bundle: str, new_bundle: str) -> bool:
    """Whether the bundle folder in staging is, entry for entry, the one of the site in place (the same files,
    hard-linked: the site before the current one shares them when the bundle did not change since)."""
    pending = [(old_bundle, new_bundle)]
    while pending:
        source, target = pending.pop()
        listed = listed_inodes(source)
        if not listed or listed_inodes(target) != listed:
            return False
        folders = [name for name, inode in listed.items() if inode is None]
        pending.extend((os.path.join(source, name), os.path.join(target, name)) for name in folders)
    return True


def _carry_bundle(old_bundle: Path, new_bundle: Path) -> None:
    """Link an unchanged bundle's files (a fragment a page, thousands a site) into staging, unless staging holds
    them already."""
    if _holds_same_files(os.fspath(old_bundle), os.fspath(new_bundle)):
        return
    remove_tree(new_bundle)
    link_tree(old_bundle, new_bundle)


@dataclass
class _Bundles:
    """The search bundles of the build: each indexed by Pagefind (toolkit/site/search.py Indexer) or, when
    its pages are the ones it was made from, carried over from the site in place. A bundle is taken up as
    soon as its pages are staged (`done`), except the bundles of catalogs staged out of turn (`held`), which
    wait for `finish` with the rest."""

    generation: Generation
    site_dir: Path
    indexer: Indexer
    prefixes: list[str]
    held: set[str] = field(default_factory=set)
    # bundle -> the input hash it was made for, and the manifest's last article row when it was planned
    made: dict[str, tuple[str, int]] = field(default_factory=dict)

    def done(self, bundle: str) -> None:
        if bundle not in self.held:
            self._plan_and_make(bundle)

    def _plan_and_make(self, bundle: str) -> str | None:
        """Plan the bundle from the pages staged so far and make it, unless it was made from the same; its
        input hash, None when it holds no page."""
        manifest = self.generation.manifest
        last_row = manifest.last_article_row()
        for plan in plan_bundles(manifest.bundle_pages(self.prefixes, bundle)):
            made = self.made.get(plan.path)
            if made is None or made[0] != plan.input_hash:
                if made is not None:
                    self.indexer.discard(plan.path)
                self._make(plan)
            self.made[plan.path] = (plan.input_hash, last_row)
            return plan.input_hash
        return None

    def carry_whole(self, carried: _Carried) -> None:
        """Carry over, without planning them, the bundles all of whose articles were `carried` at once
        (_carry_unchanged): their pages are the ones they were made from, unless an article is added to one
        later, which `finish` then plans and indexes anew."""
        for bundle, input_hash in carried.bundles.items():
            if not self._changed_by_hand(bundle):
                _carry_bundle(self.site_dir / bundle, self.generation.staging_dir / bundle)
                self.made[bundle] = (input_hash, carried.last_row)

    def _changed_by_hand(self, bundle: str) -> list[str]:
        """The files of the bundle in the site in place (by site path) that are not as the previous build left
        them: missing, added, or of another stat signature and other bytes; the bundle itself when it is not
        there or cannot be listed. A fragment edited in place (search results showing other text) has the
        bundle indexed anew, not carried; a file copied over with the same bytes (a site restored from a
        backup) is no change, and the bundle is carried."""
        previous, old_bundle = self.generation.previous, self.site_dir / bundle
        if previous is None or not is_folder(old_bundle):
            return [bundle]
        try:
            live = dict(live_tree_signatures(old_bundle, previous.sealed_ns))
        except FileSystemError:
            return [bundle]
        built = previous.tree_under(bundle)  # bundle paths end in "/"
        differing = [name for name in live.keys() | built.keys() if live.get(name) != built.get(name)]
        if differing:
            hashes = previous.tree_hashes_under(bundle)
            differing = [
                name
                for name in differing
                if name not in live or name not in built or content_hash(old_bundle / name) != hashes.get(name, "")
            ]
        return sorted(bundle + name for name in differing)

    def _make(self, plan: BundlePlan) -> None:
        previous, staging = self.generation.previous, self.generation.staging_dir
        if previous is not None and previous.bundle_hash(plan.path) == plan.input_hash:
            changed = self._changed_by_hand(plan.path)
            if not changed:
                _carry_bundle(self.site_dir / plan.path, staging / plan.path)
                self.indexer.forget(plan.path)
                return
            for name in changed:
                self.generation.manifest.add_changed_by_hand(name)
        self.indexer.index(spill_pages(staging, plan))

    def finish(self) -> tuple[str, ...]:
        """Make the bundles not made yet, or given a page after they were planned (a page staged out of
        turn, or whose slug puts it in another bundle than its catalog's name), and record every bundle;
        returns every bundle's path. Only these bundles are planned again."""
        paths = []
        for bundle, last_row in self.generation.manifest.bundles_last_rows():
            made = self.made.get(bundle)
            input_hash = made[0] if made is not None and last_row <= made[1] else self._plan_and_make(bundle)
            if input_hash is not None:
                paths.append(bundle)
                self.generation.manifest.add_bundle(bundle, input_hash)
        return tuple(paths)


def _stage_rest(bundles: _Bundles, staging: _Staging, site: SiteInfo, per_page: int) -> tuple[str, ...]:
    """The bundles not made yet, the article pages' links and the list pages, while Pagefind indexes: its
    processes and this one's rendering share the cores instead of taking turns (a one-article rebuild is
    otherwise all one or the other). Returns the bundles indexed."""
    bundle_paths = bundles.finish()
    _stage_article_links(staging, site)
    _stage_lists(staging, site, bundle_paths, per_page)
    indexed = bundles.indexer.finish()
    bundles.indexer.place_engine(bundle_paths, bundles.site_dir)
    if bundle_paths:
        staging.put(f"{SEARCH_DIR}/{SITE_WORDS_INDEX}", bundles.indexer.words_index(bundle_paths))
    return indexed


def _files_if_unchanged(
    config: Config, previous: BuiltManifest, names: Sequence[str], vouched: bytearray
) -> int | None:
    """How many files the site has, when nothing it is built from changed since the build that made it (the
    same catalogs, each unchanged, the same list-page length; the generator is the same, or there would be
    no `previous`) and the site is still exactly as that build left it; None when a build has work to do.
    A catalog is read only when it is not `vouched` for by its stat signature. A catalog that did not parse
    last time has none recorded and a hash that no longer matches, so it is read, and refused, again."""
    if previous.setting(PER_PAGE_SETTING) != str(config.site_articles_per_page):
        return None
    # Both sorted by name (SQLite compares text as UTF-8 bytes, which orders as code points do): walked side
    # by side, neither held.
    for position, (name, built) in enumerate(zip_longest(names, previous.catalogs())):
        if name is None or built is None or built[0] != name:
            return None
        if vouched[position]:
            continue
        try:
            if catalog_file_hash(config.translations_dir / name) != built[1]:
                return None
        except CatalogError:
            return None
    if is_link(config.site_dir):
        return None  # the swap refuses such a site/; the full pass says so
    try:
        files, tree = _tree_digest(live_tree_signatures(config.site_dir, previous.sealed_ns))
    except FileSystemError:
        return None
    if tree != _tree_digest(previous.tree())[1]:
        return None
    return files


def _tree_digest(entries: Iterable[tuple[str, str]]) -> tuple[int, tuple[int, int]]:
    """(files, a digest of every entry's name and signature in any order), without holding the entries: the
    two trees of a 100,000-article site held as dicts to compare took 220 MB."""
    files = count = total = 0
    for name, signature in entries:
        entry = f"{name}\0{signature}".encode("utf-8", "surrogateescape")
        total += int.from_bytes(hashlib.blake2b(entry, digest_size=_TREE_ENTRY_DIGEST_BYTES).digest(), "little")
        count += 1
        files += not name.endswith("/")
    return files, (count, total % (1 << _TREE_DIGEST_BITS))


def _previous_bundle_count(previous: BuiltManifest | None) -> int | None:
    recorded = previous.setting(BUNDLES_SETTING) if previous is not None else None
    return int(recorded) if recorded is not None and recorded.isdigit() else None


def _site_warnings(site: SiteInfo) -> tuple[str, ...]:
    if site.base_url:
        return ()
    return ("site.base_url is not set in toolkit.toml: the feed and sitemap hold relative links",)


def _open_ledger(site_dir: Path) -> limits.GroupLedger:
    """The build's account of its control group's memory (limits.GroupLedger), the build's own growth from here on
    promised (settings.BUILD_GROUP_BYTES); SiteError naming the group's limit when it leaves less than that and one
    Pagefind run: past it the kernel killed the build (SIGKILL) without a word. Said before anything is staged:
    the site is left as it was."""
    memory = limits.GroupLedger()
    refused = memory.refusal("building the site", BUILD_GROUP_BYTES + PAGEFIND_GROUP_BYTES)
    if refused is not None:
        raise SiteError(refused, site_dir)
    memory.promise("building the site", BUILD_GROUP_BYTES, ends_on_its_own=False)
    return memory


def build_site(
    config: Config,
    progress: Callable[[int], ProgressBar] = no_progress,
    skip_bad_catalogs: bool = False,
    with_source: Container[str] | None = None,
) -> BuildResult:
    """Build `site/` from `translations/*.po` and the config, rewriting only what changed. The caller holds
    the project lock.

    Catalogs that do not parse raise CatalogErrors, naming every one, before anything is written, so the
    previous site stays whole; with `skip_bad_catalogs` (publish) they are reported in `errors` instead, and
    each one's article keeps its previous page, or is left out when it has none. With `with_source` (the ids
    of the articles source/ makes), a catalog whose source is gone is named in the warnings: an article whose
    file was renamed shows under its old and its new name until the old catalog is deleted, and the user is
    told.
    """
    check_site_folder(config)
    started_ns = time.time_ns()
    site = site_info(config)
    compiled_templates = config.state_dir / COMPILED_TEMPLATES_DIR
    remove_temp_files(compiled_templates)  # a killed build's; the caller holds the project's lock
    keep_compiled_templates(_CompiledTemplates(compiled_templates))
    templates_checked()
    site_dir = config.site_dir
    with new_generation(config.state_dir, site_dir, generator_hash(site)) as generation:
        names, passed_over, stood_for = catalog_names(config.translations_dir)
        held_back = [name for name in stood_for if name not in names]
        defaults = default_settings_note(config)
        warnings = [*([defaults] if defaults else []), *_site_warnings(site), *generation.warnings, *passed_over]
        if not names and generation.loaded is not None and (listed := generation.loaded.catalog_count()):
            warnings.append(
                f"{shown_path(config.translations_dir)}: holds no catalog, so the site now lists no article (it listed "
                f"{listed}); if they were deleted by mistake, restore them and build again"
            )
        without_source = catalogs_without_source(names, with_source)
        previous = generation.previous
        # Catalogs without a source are left to the full pass, which decides whether each is still shown.
        vouched = _vouched(config, previous, names, started_ns, generation.manifest)
        if previous is not None and not without_source and not held_back:
            files = _files_if_unchanged(config, previous, names, vouched)
            if files is not None:
                warnings.extend(_case_only_warnings(config, previous.pages_differing_in_case_only()))
                return BuildResult(
                    site_dir, len(names), (), files, (), (), tuple(warnings), catalogs_stood_for=stood_for
                )
        bundles = bundle_count(len(names), _previous_bundle_count(previous), config.site_search_bundle_articles)
        generation.manifest.set_setting(BUNDLES_SETTING, str(bundles))
        memory = _open_ledger(site_dir)
        staging = _Staging(generation.staging_dir, site_dir, previous, generation.manifest, bundles, generation.loaded)
        with Indexer(generation.staging_dir, site.searched, memory) as indexer:
            search = _Bundles(generation, site_dir, indexer, [ui.prefix for ui in site.interfaces])
            search.held.update(
                bundle_path(_bundle_number(name, bundles), bundles) for name in [*without_source, *held_back]
            )

            def carry_unchanged(taken: Callable[[int], bool], carried: bytearray) -> int:
                staged = _carry_unchanged(staging, site, names, vouched, set(without_source), taken, carried)
                search.carry_whole(staged)
                return staged.count

            errors = _stage_articles(
                config,
                site,
                staging,
                search.done,
                indexer.keep_inputs,
                progress,
                skip_bad_catalogs,
                names,
                vouched,
                carry_unchanged,
                without_source,
                held_back,
                warnings,
                started_ns,
                memory,
            )
            indexed = _stage_rest(search, staging, site, config.site_articles_per_page)
        generation.manifest.set_setting(PER_PAGE_SETTING, str(config.site_articles_per_page))
        articles = generation.manifest.article_count()
        removed = generation.manifest.files_gone_since(generation.loaded) if generation.loaded else []
        written = CompressedNames(generation.manifest.written_files())
        changed_by_hand = CompressedNames(generation.manifest.changed_by_hand())
        warnings.extend(generation.put_in_place(site_dir))
    return BuildResult(
        site_dir=site_dir,
        articles=articles,
        written=written,
        kept=staging.kept,
        removed=tuple(removed),
        bundles_indexed=indexed,
        warnings=tuple(warnings),
        errors=tuple(errors),
        changed_by_hand=changed_by_hand,
        catalogs_stood_for=stood_for,
    )
