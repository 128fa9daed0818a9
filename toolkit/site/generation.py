"""A build's files in the state folder and their lifecycle: the staging folder, and the manifest that goes
from next to pending to current.

Each build stages in a folder of its own and fills its next manifest under a name of its own (both suffixed
with its pid), so a build killed mid-way leaves leftovers the next build removes before it starts. The
manifest that describes the new site is renamed to "pending" before the site is swapped in and made current
once the site is sealed after it. A pending manifest found at start is settled by what site/ is: the
staging folder it recorded (the swap was done: it is completed and sealed, its files read only where they
changed since they were staged) or not (the swap was not done: it goes, and the current manifest still
describes site/). Only one from an older toolkit, which recorded no folder, means a build from scratch. An
SQLite failure mid-build (a manifest damaged while in use, a full disk) is one SiteError; the current
manifest goes, so the next build is full rather than trusting it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib

from toolkit.catalog.renames import SuccessionKeys, shown_pair_hashes
from toolkit.catalog.store import MAX_CATALOG_BYTES
from toolkit.errors import CatalogError, SiteError, ToolkitError, shown_path
from toolkit.site.fingerprints import catalog_signature, changed_since_staged, content_hash, tree_signatures
from toolkit.site.manifest import (
    SEALED_SETTING,
    SITE_FOLDER_SETTING,
    STAGED_SEAL_SETTING,
    ArticleRecord,
    BuiltManifest,
    NextManifest,
    manifest_settings,
    record_seal,
    recorded_files,
    seal_time,
)
from toolkit.site.pages import SummaryMarkers, summary_markers
from toolkit.site.swap import check_swappable, swap_into_place
from toolkit.store.disk import cause, file_system_error
from toolkit.store.files import (
    atomic_write_bytes,
    file_mode,
    file_status,
    fsync_dir,
    is_folder,
    make_folder,
    matching,
    move_into_place,
    move_out_unexpected,
    prune_tree,
    read_regular_file,
    remove_empty_folder,
    remove_file,
    remove_tree,
    same_entry,
    sync_file_system,
)
from toolkit.store.identity import seal
from toolkit.store.listing import is_utf8_name
from toolkit.store.sqlite import failed_file, problem

MANIFEST_NAME = "site-manifest.sqlite"
PENDING_MANIFEST_NAME = "site-manifest.pending.sqlite"
NEXT_MANIFEST_PREFIX = "site-manifest.next-"
# The JSON manifest of toolkit versions before 0.2; a build removes it, as it removes any untrusted manifest.
LEGACY_MANIFEST_NAMES = ("site-manifest.json", "site-manifest.pending.json")
# A build killed mid-way can leave its Pagefind runs writing on for a moment, hence a folder per build.
STAGING_PREFIX = "site-staging-"
# The site before the one in place, kept after the swap rather than removed: the next build stages in it (renamed
# to its staging folder), where every file carried since is already the live site's own (a hard link of it), so
# a rebuild links, writes and removes only what changed since that site, not every page of the archive (40,700
# links and as many removals at 10,000 articles). Only a site that was swapped out whole is kept so: a stopped
# build's staging folder is a leftover like any other.
PREVIOUS_SITE_NAME = "site-previous"
# There while a build is under way, from before it links the first file of the site in place into its staging
# folder: a build that finds it follows one that stopped (load_manifest).
UNDER_WAY_NAME = "site-build-under-way"
# What a build found in site/ and did not make (a host's CNAME, a deployment checkout's .git/, a user's photo
# beside the pages), moved here before the new site replaces site/, a folder per build: the toolkit never removes it.
NOT_BUILT_PREFIX = "not-built-"


def _check_kind(path: Path) -> None:
    mode = file_mode(path, follow_links=False)
    if mode is not None and not stat.S_ISREG(mode):  # a folder, or a link
        raise SiteError("is not a regular file; remove it and build again (the next build is a full one)", path)


def folder_identity(path: Path) -> str | None:
    """The folder's device and inode, which a rename keeps; None when there is no folder at `path`."""
    status = file_status(path, follow_links=False)
    return f"{status.st_dev}:{status.st_ino}" if status is not None and stat.S_ISDIR(status.st_mode) else None


def _seal_probe(state_dir: Path) -> Path:
    """A name for the seal's probe that a build killed before removing it leaves among its leftovers."""
    return state_dir / f"{STAGING_PREFIX}{os.getpid()}.seal"


def _settle_pending(state_dir: Path, site_dir: Path) -> None:
    """Settle the pending manifest a build stopped between its swap and its seal left: made current, sealed,
    when site/ is the folder it describes; removed when site/ is still the one the current manifest
    describes; removed with the current one when it cannot tell (a build from scratch)."""
    pending = state_dir / PENDING_MANIFEST_NAME
    current = state_dir / MANIFEST_NAME
    try:
        settings = manifest_settings(pending)
        recorded_folder = settings.get(SITE_FOLDER_SETTING)
        if recorded_folder is not None and recorded_folder != folder_identity(site_dir):
            remove_file(pending)
            return
        if recorded_folder is not None and SEALED_SETTING not in settings:
            sealed_ns = seal(_seal_probe(state_dir))
            if sealed_ns is not None:
                staged = settings.get(STAGED_SEAL_SETTING)
                staged_ns = int(staged) if staged is not None and staged.lstrip("-").isdigit() else None
                untrusted = list(changed_since_staged(site_dir, recorded_files(pending), staged_ns, sealed_ns))
                record_seal(pending, sealed_ns, untrusted)
    except sqlite3.Error:
        recorded_folder = None
    if recorded_folder is None:
        remove_file(pending)
        remove_file(current)
        return
    move_into_place(pending, current)
    fsync_dir(state_dir)


def _seal_again(state_dir: Path, site_dir: Path) -> None:
    """Seal the site in place again after a build that stopped before its swap: it linked files of the site
    into its staging folder, and that folder's removal took the links away, each a change of the file's
    ctime past the seal, so every carried page and bundle would be made again. The files changed since the
    seal must still hash as recorded (an edit after the stop does not); the rest is trusted from now on."""
    current = state_dir / MANIFEST_NAME
    try:
        settings = manifest_settings(current)
        if settings.get(SITE_FOLDER_SETTING) != folder_identity(site_dir):
            return
        sealed_ns = seal_time(settings.get(SEALED_SETTING))
        now_ns = seal(_seal_probe(state_dir))
        if now_ns is not None:
            changed = list(changed_since_staged(site_dir, recorded_files(current), sealed_ns, now_ns))
            record_seal(current, now_ns, changed)
    except sqlite3.Error:
        return  # BuiltManifest.open says what is wrong with it


def load_manifest(
    state_dir: Path, site_dir: Path, warnings: list[str], after_a_stop: bool = False
) -> BuiltManifest | None:
    """The manifest of the site now in place, or None when it is missing or cannot be trusted (noted in
    `warnings` when it cannot be read: the build is then a full one); `after_a_stop`: a build stopped before
    it was done."""
    for name in (MANIFEST_NAME, PENDING_MANIFEST_NAME, UNDER_WAY_NAME, *LEGACY_MANIFEST_NAMES):
        _check_kind(state_dir / name)
    for name in LEGACY_MANIFEST_NAMES:
        remove_file(state_dir / name)
    if file_mode(state_dir / PENDING_MANIFEST_NAME) is not None:
        _settle_pending(state_dir, site_dir)
    current = state_dir / MANIFEST_NAME
    if after_a_stop and file_mode(current) is not None:
        _seal_again(state_dir, site_dir)
    try:
        return BuiltManifest.open(current)
    except sqlite3.Error as error:
        warnings.append(
            f"{shown_path(current)}: the build manifest cannot be read ({problem(error)}); every page is built afresh"
        )
        return None


def pages_on_site(state_dir: Path, catalogs: Iterable[str]) -> set[str]:
    """Those of `catalogs` (file names in translations/) whose article the site in place shows, as its manifest
    records: what the last build decided for a catalog whose source is gone (its page kept, or left off for a
    successor's). Read only, and only for these few names; none when there is no manifest, or one that
    cannot be read (the next build says why)."""
    # A name in another encoding is in no record (the build names it and passes it over); asked for, it raised.
    wanted = [name for name in catalogs if is_utf8_name(name)]
    if not wanted:
        return set()
    try:
        manifest = BuiltManifest.open(state_dir / MANIFEST_NAME)
    except (sqlite3.Error, ToolkitError):
        return set()
    if manifest is None:
        return set()
    try:
        return {name for name in wanted if manifest.article(name) is not None}
    except sqlite3.Error:
        return set()
    finally:
        manifest.close()


def catalog_file_hash(path: Path) -> str:
    """What the build manifest keeps of a catalog's bytes, to tell it unchanged since the site was built."""
    try:
        return hashlib.sha256(read_regular_file(path, MAX_CATALOG_BYTES)).hexdigest()
    except OSError as error:
        raise CatalogError(f"cannot read: {cause(error)}", path) from None


def _marked(keys: SuccessionKeys, markers: SummaryMarkers, pair_hashes: str) -> bool:
    return keys.marks(*markers, pair_hashes)


class SummaryMarks:
    """Whether a catalog with a source may succeed catalogs whose source is gone (renames.CandidateMarks), told
    by the summary the build keeps of it: known from `record_now` (a catalog's article as recorded, when the
    record is of the catalog as it is now), or made from the catalog as the build makes it (its summary alone,
    not its page)."""

    def __init__(self, record_now: Callable[[str], ArticleRecord | None]):
        self._record_now = record_now

    def known(self, name: str, keys: SuccessionKeys) -> bool | None:
        record = self._record_now(name)
        return None if record is None else _marked(keys, record.summary.markers, record.pair_hashes)

    def of(self, name: str, catalog: polib.POFile, keys: SuccessionKeys) -> bool:
        return _marked(keys, summary_markers(catalog, Path(name).stem), shown_pair_hashes(catalog))


@contextlib.contextmanager
def built_marks(state_dir: Path, translations_dir: Path) -> Iterator[SummaryMarks]:
    """SummaryMarks for translate, status and check, before a build: a catalog's record is the site in place's
    when its file is unchanged since that build (its stat signature the one recorded, or its bytes); nothing is
    known without a manifest that can be read."""
    try:
        manifest = BuiltManifest.open(state_dir / MANIFEST_NAME)
    except (sqlite3.Error, ToolkitError):
        manifest = None
    looked_at_ns = time.time_ns()

    def record_now(name: str) -> ArticleRecord | None:
        try:
            found = manifest.article_and_stat(name) if manifest is not None else None
        except sqlite3.Error:
            return None
        if found is None:
            return None
        record, recorded_stat = found
        path = translations_dir / name
        if recorded_stat is None or catalog_signature(path, looked_at_ns) != recorded_stat:
            try:
                if catalog_file_hash(path) != record.catalog_hash:  # as the build tells an unchanged catalog
                    return None
            except CatalogError:
                return None
        return record

    try:
        yield SummaryMarks(record_now)
    finally:
        if manifest is not None:
            manifest.close()


def _remove_leftovers(state_dir: Path, warnings: list[str]) -> None:
    for leftover in [*matching(state_dir, f"{STAGING_PREFIX}*"), *matching(state_dir, f"{NEXT_MANIFEST_PREFIX}*")]:
        mode = file_mode(leftover, follow_links=False)
        if mode is not None and stat.S_ISDIR(mode):  # not a link to one
            _remove_old_site(leftover, warnings)
        else:
            remove_file(leftover)


def _remove_old_site(folder: Path, warnings: list[str]) -> None:
    remove_tree(folder)
    if file_mode(folder, follow_links=False) is not None:
        warnings.append(
            f"{shown_path(folder)}: an earlier site or build left here cannot be removed (a folder in it that "
            "may not be written?); remove it by hand"
        )


@dataclass(frozen=True)
class Generation:
    """The build under way: its staging folder and next manifest, beside the manifest of the site in place
    (`loaded`), which is `previous` too when the site in place was made by the same generator."""

    state_dir: Path
    staging_dir: Path
    manifest: NextManifest
    loaded: BuiltManifest | None
    previous: BuiltManifest | None
    warnings: tuple[str, ...] = ()  # why the manifest in place was not used

    def _remove_strays(self) -> None:
        """Remove from staging what the site before the current one (in which this build staged) held and the
        new site does not: pages gone, bundles indexed anew or no more, and the folders that held only them."""
        for name in self.manifest.take_strays():
            remove_file(self.staging_dir / name)
        for name in self.manifest.empty_folders():
            remove_empty_folder(self.staging_dir / name)
            self.manifest.forget_folder(name)

    def put_in_place(self, site_dir: Path) -> tuple[str, ...]:
        """Swap the staged site in, seal it (toolkit/site/fingerprints.py) and make its manifest current; the
        warning naming what site/ held that no build made, kept aside first (`keep_not_built`)."""
        self.manifest.add_tree(tree_signatures(self.staging_dir))
        self._remove_strays()
        # What tells the next build, should this one stop before its seal, whether the swap was done and
        # which files changed since they were staged (_settle_pending): a hash of every file, the search
        # bundles' too (those carried over keep theirs), the staging folder's identity and a time at or after
        # every change to the staged files.
        self.manifest.carry_tree_hashes(self.loaded)
        for name in self.manifest.unhashed_files():
            file_hash = content_hash(self.staging_dir / name)
            if file_hash is not None:
                self.manifest.add_tree_hash(name, file_hash)
        # On disk before the swap: after a power cut, site/ is the old build or the whole new one.
        sync_file_system(self.staging_dir)
        probe = _seal_probe(self.state_dir)
        self.manifest.set_setting(SITE_FOLDER_SETTING, folder_identity(self.staging_dir) or "")
        staged_ns = seal(probe, wait_for_tick=False)
        if staged_ns is not None:
            self.manifest.set_setting(STAGED_SEAL_SETTING, str(staged_ns))
        self.manifest.finish()
        pending = self.state_dir / PENDING_MANIFEST_NAME
        move_into_place(self.manifest.path, pending)
        fsync_dir(self.state_dir)
        check_swappable(self.staging_dir, site_dir)
        kept_aside = keep_not_built(site_dir, self.loaded, self.state_dir, self.staging_dir)
        swap_into_place(self.staging_dir, site_dir)
        # What was written into site/ after that move went out with the site swapped out: kept aside from it
        # too, before the next build stages in that site and prunes it.
        kept_aside += keep_not_built(site_dir, self.loaded, self.state_dir, site_dir, swapped_out=self.staging_dir)
        # The previous site, if any, kept for the next build to stage in (PREVIOUS_SITE_NAME). The links this
        # build made or removed there changed the ctime of the files of the new site they share, so the seal
        # comes after the swap.
        if file_mode(self.staging_dir, follow_links=False) is not None:
            _keep_as_previous(self.staging_dir, self.state_dir)
        sealed_ns = seal(probe)
        if sealed_ns is not None:
            record_seal(pending, sealed_ns)
        move_into_place(pending, self.state_dir / MANIFEST_NAME)
        return kept_aside


def keep_not_built(
    site_dir: Path, site: BuiltManifest | None, state_dir: Path, built: Path, swapped_out: Path | None = None
) -> tuple[str, ...]:
    """Move what `site_dir` holds, at any depth, that the manifest of the `site` in place does not record (all
    of it without one: a first build over a checkout or another generator's output, a build after .toolkit/
    was deleted) and the new site, in `built`, does not hold the same at its path, into a new folder of
    `state_dir`, under the same paths, before the new site replaces it: the site it replaces is kept for the
    next build to stage in and pruned there, so a user's file left in it was removed without a word.
    `swapped_out`: where that site is after the swap, for what was written into site/ after the first move (a
    new folder: a file written again at a path already moved must not replace the one kept). The warning
    naming the first path, how many more, and where they are now."""
    # A manifest of another version (the toolkit upgraded) still records what its build made: every file of the
    # site was moved out at the upgrade's first build, named "not made by the build", another copy each upgrade.
    expected = site.names_in if site is not None else _nothing_expected
    old_site = site_dir if swapped_out is None else swapped_out
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    keep_in = state_dir / f"{NOT_BUILT_PREFIX}{stamp}"
    for number in range(2, 1000):
        if file_mode(keep_in, follow_links=False) is None:
            break
        keep_in = state_dir / f"{NOT_BUILT_PREFIX}{stamp}-{number}"
    # Without a manifest (.toolkit/ deleted to start afresh) the whole site, every file of which the build had
    # just made again byte for byte, was moved there and called "not made by the build", a copy each time.
    moved = move_out_unexpected(old_site, expected, keep_in, lambda name: same_entry(old_site / name, built / name))
    if not moved:
        return ()
    more = f" (and {len(moved) - 1} more)" if len(moved) > 1 else ""
    when = "" if swapped_out is None else ", written there while the build was swapping the new site in"
    return (
        f"{shown_path(site_dir / moved[0])}{more}: not made by the build{when}, so not in the new site (a build "
        f"replaces site/ whole); moved with its path to {shown_path(keep_in)}, which the toolkit never removes: "
        "keep such files outside site/ and copy them in after building",
    )


def not_built_note(state_dir: Path) -> str | None:
    """The line that names the folders builds filled with what they found in site/ and did not make
    (`keep_not_built`): how many, where, and what to do, for a command run after the build that said so (they
    pile up, and only the user may remove them); None when there are none, or the state folder cannot be
    listed (the next build names that)."""
    try:
        folders = [folder for folder in matching(state_dir, f"{NOT_BUILT_PREFIX}*") if is_folder(folder)]
    except ToolkitError:
        return None
    if not folders:
        return None
    if len(folders) == 1:
        where = f"{shown_path(folders[0])} holds files"
    else:
        pattern = shown_path(state_dir / f"{NOT_BUILT_PREFIX}*")
        where = f"{len(folders)} folders {pattern} (the newest {shown_path(folders[-1].name)}) hold files"
    return (
        f"{where} found in site/ that no build made, moved there by a build and never removed by the toolkit: "
        "copy back what you need (outside site/, then into it after building) and delete "
        f"{'it' if len(folders) == 1 else 'them'}"
    )


def _nothing_expected(folder: str) -> tuple[str, ...]:
    return ()


def _keep_as_previous(folder: Path, state_dir: Path) -> None:
    """Keep `folder`, a site swapped out whole (or a staging folder left as it was found), for the next build
    to stage in."""
    move_into_place(folder, state_dir / PREVIOUS_SITE_NAME, "keep the previous site")


def _staging_folder(state_dir: Path, staging_dir: Path, site: BuiltManifest | None, warnings: list[str]) -> bool:
    """Make the build's staging folder: the previous site renamed, when one is kept (a folder, not a link to
    one) and the manifest of the `site` in place is there, else a new folder; True for the previous site.
    What the previous site held when it was swapped out is what a user left in site/ meanwhile: every entry
    the site in place does not have, of the same kind and name, is removed first (a user's file is never
    carried into the new site, a folder where a page goes never stops the build), and a site that holds a
    folder the build may not write is removed, as any leftover is."""
    previous = state_dir / PREVIOUS_SITE_NAME
    mode = file_mode(previous, follow_links=False)
    if mode is not None and stat.S_ISDIR(mode):
        move_into_place(previous, staging_dir, "stage the site in")
        if site is not None and prune_tree(staging_dir, site.names_in):
            return True
        # A leftover (named now, and removed by the next build if not now).
        put_aside = Path(f"{staging_dir}.previous")
        move_into_place(staging_dir, put_aside, "put aside the previous site")
        _remove_old_site(put_aside, warnings)
    elif mode is not None:
        remove_file(previous)
    make_folder(staging_dir)
    return False


def _first_failure(error: sqlite3.Error) -> sqlite3.Error:
    """The failure a build's manifest met first: one met while cleaning up after it (a connection closed, a
    transaction the failed commit left open, met by another statement as "database is locked") is raised in
    its place, and told the user to close an SQLite browser when the disk had failed."""
    while isinstance(error.__context__, sqlite3.Error):
        error = error.__context__
    return error


@contextlib.contextmanager
def new_generation(state_dir: Path, site_dir: Path, generator: str) -> Iterator[Generation]:
    """A fresh staging folder and next manifest, removed on the way out whatever happens; the caller holds
    the project lock."""
    warnings: list[str] = []
    _remove_leftovers(state_dir, warnings)
    staging_dir = state_dir / f"{STAGING_PREFIX}{os.getpid()}"
    next_path = state_dir / f"{NEXT_MANIFEST_PREFIX}{os.getpid()}.sqlite"
    try:
        with contextlib.ExitStack() as cleanup:
            cleanup.callback(remove_tree, staging_dir)
            cleanup.callback(remove_file, next_path)
            under_way = state_dir / UNDER_WAY_NAME
            loaded = load_manifest(state_dir, site_dir, warnings, after_a_stop=file_mode(under_way) is not None)
            if loaded is not None:
                cleanup.callback(loaded.close)
            trusted = (
                loaded is not None and loaded.current_version and loaded.generator == generator and is_folder(site_dir)
            )
            recycled = _staging_folder(
                state_dir, staging_dir, loaded if loaded and loaded.current_version else None, warnings
            )
            # On disk (flushed, its folder too) before anything is staged: after a power cut the next build must
            # find it to re-seal the site by its hashes. It is removed only when the build ends well; a build
            # that fails or is stopped leaves it for the next one.
            atomic_write_bytes(under_way, b"")
            manifest = NextManifest(next_path, generator)
            cleanup.callback(manifest.close)
            yield Generation(state_dir, staging_dir, manifest, loaded, loaded if trusted else None, tuple(warnings))
            if recycled and file_mode(staging_dir, follow_links=False) is not None:  # nothing built, no swap
                _keep_as_previous(staging_dir, state_dir)
            remove_file(under_way)
    except sqlite3.Error as error:
        remove_file(state_dir / MANIFEST_NAME)
        first = _first_failure(error)
        raise SiteError(
            f"the build manifest failed: {problem(first)}; the site is unchanged, build again",
            failed_file(first) or state_dir,
        ) from None
    except OSError as error:
        raise file_system_error("build the site", error.filename or site_dir, error) from None
