"""Build the site: render each page straight into a staging folder, then swap the folder with `site/` at once.

Incremental: a manifest in the state folder records each catalog's hash, the summary the index needs, and
the hash of every file written; an unchanged catalog is neither parsed nor rendered, and an unchanged file
is hard-linked from the current site instead of written. A change to the templates, the static files, this
package's code, the site settings or Pagefind's version changes the generator hash and rebuilds everything.

Atomic: the new site is complete in `.toolkit/site-staging` before one rename(2) (RENAME_EXCHANGE on Linux)
swaps it with `site/`, so a reader, and a build killed at any point, sees the old site or the new one. The
manifest that describes the new site is written as "pending" before the swap and made current after it; a
pending manifest found at start means the swap's outcome is unknown, and the build starts from scratch.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from toolkit import __version__
from toolkit.catalog.store import read_catalog
from toolkit.config import Config
from toolkit.errors import CatalogError, SiteError
from toolkit.site.pages import ArticleSummary, article_page, newest_first
from toolkit.site.render import (
    STATIC_DIR,
    SearchBundle,
    SiteInfo,
    article_path,
    render_article,
    render_feed,
    render_index,
    render_search,
    render_sitemap,
)
from toolkit.site.search import BundlePlan, index_bundles, pagefind_version, plan_bundles
from toolkit.site.settings import PARALLEL_RENDER_MIN, RENDER_CHUNK, RENDER_WORKERS
from toolkit.store.files import atomic_write_chunks, fsync_dir
from toolkit.store.lock import project_lock

MANIFEST_NAME = "site-manifest.json"
PENDING_MANIFEST_NAME = "site-manifest.pending.json"
# A build killed mid-way can leave its Pagefind runs writing on for a moment, so each build stages in a
# folder of its own (suffixed with its pid) and removes every earlier one, under the lock, before it starts.
STAGING_PREFIX = "site-staging-"
MANIFEST_VERSION = 1
CATALOG_GLOB = "*.po"
STATIC_PREFIX = "static/"
_PACKAGE_DIR = Path(__file__).parent

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


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
class ArticleRecord:
    catalog_hash: str
    page: str  # the article's file, relative to the site root
    slug: str
    summary: ArticleSummary


@dataclass
class Manifest:
    generator: str
    articles: dict[str, ArticleRecord] = field(default_factory=dict)  # catalog file name -> record
    files: dict[str, str] = field(default_factory=dict)  # site file -> sha256 of its bytes
    bundles: dict[str, str] = field(default_factory=dict)  # search bundle folder -> its input hash

    def json_chunks(self) -> Iterator[str]:
        """The manifest as JSON, piece by piece: for thousands of articles the whole text is tens of MB."""
        data = {
            "version": MANIFEST_VERSION,
            "generator": self.generator,
            "articles": {name: asdict(record) for name, record in self.articles.items()},
            "files": self.files,
            "bundles": self.bundles,
        }
        yield from json.JSONEncoder(ensure_ascii=False, indent=1, sort_keys=True).iterencode(data)
        yield "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest | None:
        try:
            data = json.loads(text)
            if data.get("version") != MANIFEST_VERSION:
                return None
            articles = {
                name: ArticleRecord(**{**record, "summary": ArticleSummary.from_dict(record["summary"])})
                for name, record in data["articles"].items()
            }
            return cls(data["generator"], articles, dict(data["files"]), dict(data["bundles"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    articles: int
    written: tuple[str, ...]  # files whose bytes are new in this build, relative to the site root
    kept: int  # files carried over from the previous build untouched
    removed: tuple[str, ...]  # files of the previous build that are gone
    bundles_indexed: tuple[str, ...]  # search bundles Pagefind ran for
    warnings: tuple[str, ...] = ()
    errors: tuple[CatalogError, ...] = ()  # catalogs skipped under skip_bad_catalogs


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def site_info(config: Config) -> SiteInfo:
    base = config.site_base_url.strip()
    return SiteInfo(
        title=config.site_title,
        description=config.site_description,
        base_url=base if not base or base.endswith("/") else base + "/",
        source_language=config.source_language,
        target_language=config.target_language,
    )


def generator_hash(site: SiteInfo) -> str:
    """Everything besides the catalogs that shapes the output: code, templates, static files, settings."""
    digest = hashlib.sha256(f"{MANIFEST_VERSION}\0{__version__}\0{pagefind_version()}\0{site!r}".encode())
    for path in sorted(_PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"\0{path.relative_to(_PACKAGE_DIR).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def load_manifest(state_dir: Path) -> Manifest | None:
    """The manifest of the site now in place, or None when it is missing or cannot be trusted."""
    pending = state_dir / PENDING_MANIFEST_NAME
    current = state_dir / MANIFEST_NAME
    if pending.exists():
        pending.unlink()
        with contextlib.suppress(FileNotFoundError):
            current.unlink()
        return None
    try:
        return Manifest.from_json(current.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def _static_files() -> dict[str, bytes]:
    return {f"{STATIC_PREFIX}{path.name}": path.read_bytes() for path in sorted(STATIC_DIR.iterdir()) if path.is_file()}


@dataclass
class _Gathered:
    """Every file of the new site by its hash; `files` holds those still to stage: bytes to write, or None to
    carry the current site's file over. Article pages are staged as they are rendered, so that a big build
    never holds every page's bytes at once."""

    files: dict[str, bytes | None] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    records: dict[str, ArticleRecord] = field(default_factory=dict)
    errors: list[CatalogError] = field(default_factory=list)  # catalogs skipped (skip_bad_catalogs only)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@dataclass
class _Staging:
    """The new site's folder as it fills: a file whose bytes the current site already holds is linked from it."""

    folder: Path
    site_dir: Path
    previous: Manifest | None
    written: list[str] = field(default_factory=list)
    kept: int = 0

    def put(self, name: str, data: bytes | None, data_hash: str) -> None:
        target = self.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        current = self.site_dir / name
        unchanged = self.previous is not None and self.previous.files.get(name) == data_hash
        if unchanged and current.is_file():
            _link_or_copy(current, target)
            self.kept += 1
        elif data is None:
            raise SiteError(f"{name} vanished from the site during the build; run the build again", self.site_dir)
        else:
            target.write_bytes(data)
            self.written.append(name)


def _carried_over(record: ArticleRecord | None, previous: Manifest | None, site_dir: Path) -> bool:
    """Whether the current site holds this record's page, as the manifest describes it."""
    return (
        record is not None
        and previous is not None
        and record.page in previous.files
        and (site_dir / record.page).is_file()
    )


@dataclass(frozen=True)
class _RenderJob:
    path: Path
    catalog_hash: str
    source_language: str
    target_language: str
    site: SiteInfo


@dataclass(frozen=True)
class _Rendered:
    """A rendered page, or why its catalog could not be read (an exception would lose its line in a pool)."""

    record: ArticleRecord | None
    html: bytes = b""
    error: str = ""
    error_line: int | None = None


def _render_catalog(job: _RenderJob) -> _Rendered:
    try:
        catalog = read_catalog(job.path)
    except CatalogError as error:
        return _Rendered(None, error=error.message, error_line=error.line)
    page = article_page(catalog, job.path.stem, job.source_language, job.target_language)
    slug = page.summary.slug
    return _Rendered(
        ArticleRecord(job.catalog_hash, article_path(slug), slug, page.summary), render_article(page, job.site)
    )


def _render_all(jobs: list[_RenderJob]) -> Iterator[_Rendered]:
    """Render in catalog order; a big batch (a first or full build) is spread over worker processes."""
    if len(jobs) < PARALLEL_RENDER_MIN:
        yield from map(_render_catalog, jobs)
        return
    # Forked: workers start with every module loaded, and a spawned worker would re-run `python -m toolkit`
    # (its __main__ has no guard). The only other thread that can run meanwhile is `toolkit serve`'s HTTP
    # thread, which takes no lock the workers need.
    with ProcessPoolExecutor(max_workers=RENDER_WORKERS, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(_render_catalog, jobs, chunksize=RENDER_CHUNK)


def _carry(record: ArticleRecord, previous: Manifest, gathered: _Gathered) -> None:
    gathered.files[record.page] = None
    gathered.hashes[record.page] = previous.files[record.page]


def _catalog_hash(path: Path) -> str:
    try:
        return _sha256(path.read_bytes())
    except OSError as error:
        raise CatalogError(f"cannot read: {error.strerror}", path) from None


def _gather_articles(
    config: Config,
    site: SiteInfo,
    staging: _Staging,
    progress: Callable[[int], ProgressBar],
    skip_bad_catalogs: bool,
) -> _Gathered:
    previous = staging.previous
    gathered = _Gathered()
    catalogs = sorted(config.translations_dir.glob(CATALOG_GLOB)) if config.translations_dir.is_dir() else []
    found: dict[Path, ArticleRecord] = {}
    jobs: list[_RenderJob] = []
    bar = progress(len(catalogs))
    try:
        for path in catalogs:
            catalog_hash = _catalog_hash(path)
            record = previous.articles.get(path.name) if previous else None
            if _carried_over(record, previous, config.site_dir) and record.catalog_hash == catalog_hash:
                _carry(record, previous, gathered)
                found[path] = record
                bar.update(1)
            else:
                jobs.append(_RenderJob(path, catalog_hash, config.source_language, config.target_language, site))
        for job, rendered in zip(jobs, _render_all(jobs), strict=True):
            bar.update(1)
            if rendered.record is not None:
                found[job.path] = rendered.record
                page_hash = _sha256(rendered.html)
                gathered.hashes[rendered.record.page] = page_hash
                staging.put(rendered.record.page, rendered.html, page_hash)
                continue
            error = CatalogError(rendered.error, job.path, rendered.error_line)
            if not skip_bad_catalogs:
                raise error
            gathered.errors.append(error)
            old = previous.articles.get(job.path.name) if previous else None
            if _carried_over(old, previous, config.site_dir):
                # The article keeps its previous page until its catalog is fixed.
                _carry(old, previous, gathered)
                found[job.path] = old
    finally:
        bar.close()
    owners: dict[str, Path] = {}
    for path in sorted(found):
        record = found[path]
        if record.slug in owners:
            raise CatalogError(
                f"article id {record.summary.article_id!r} gives the same page as {owners[record.slug].name}", path
            )
        owners[record.slug] = path
        gathered.records[path.name] = record
    return gathered


def _gather(
    config: Config,
    site: SiteInfo,
    staging: _Staging,
    progress: Callable[[int], ProgressBar],
    skip_bad_catalogs: bool,
) -> tuple[_Gathered, list[BundlePlan]]:
    gathered = _gather_articles(config, site, staging, progress, skip_bad_catalogs)
    summaries = newest_first(record.summary for record in gathered.records.values())
    plans = plan_bundles({record.page: record.slug for record in gathered.records.values()}, gathered.hashes)
    pages = {
        "index.html": render_index(summaries, site),
        "search.html": render_search([SearchBundle(plan.path) for plan in plans], site),
        "feed.xml": render_feed(summaries, site),
        "sitemap.xml": render_sitemap(summaries, site),
        **_static_files(),
    }
    for name, data in pages.items():
        gathered.files[name] = data
        gathered.hashes[name] = _sha256(data)
    return gathered, plans


def _write_staging(staging: _Staging, gathered: _Gathered) -> None:
    for name in sorted(gathered.files):
        staging.put(name, gathered.files[name], gathered.hashes[name])


def _carry_bundle(old_bundle: Path, new_bundle: Path) -> None:
    for path in sorted(old_bundle.rglob("*")):
        target = new_bundle / path.relative_to(old_bundle)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(path, target)


def _search_bundles(staging: Path, site_dir: Path, plans: list[BundlePlan], previous: Manifest | None) -> list[str]:
    to_index = []
    for plan in plans:
        old_bundle = site_dir / plan.path
        if previous is not None and previous.bundles.get(plan.path) == plan.input_hash and old_bundle.is_dir():
            _carry_bundle(old_bundle, staging / plan.path)
        else:
            to_index.append(plan)
    index_bundles(staging, to_index)
    return [plan.path for plan in to_index]


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step; False when the kernel or file system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise SiteError(f"cannot swap the new site into place: {os.strerror(code)}", second)


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Make `staging` the site; the previous site, if any, ends up at `staging` for the caller to delete."""
    if site_dir.is_symlink() or (site_dir.exists() and not site_dir.is_dir()):
        raise SiteError("is not a folder; move it away so the site can be built here", site_dir)
    if not site_dir.exists():
        os.rename(staging, site_dir)
    elif not _exchange(staging, site_dir):
        # No atomic exchange here: two renames, with a moment in which site/ is missing but never half-built.
        parked = staging.with_name(staging.name + ".old")
        shutil.rmtree(parked, ignore_errors=True)
        os.rename(site_dir, parked)
        os.rename(staging, site_dir)
        os.rename(parked, staging)
    fsync_dir(site_dir.parent)


def _site_warnings(site: SiteInfo) -> tuple[str, ...]:
    if site.base_url:
        return ()
    return ("site.base_url is not set in toolkit.toml: the feed and sitemap hold relative links",)


def build_site(
    config: Config, progress: Callable[[int], ProgressBar] = no_progress, skip_bad_catalogs: bool = False
) -> BuildResult:
    """Build `site/` from `translations/*.po` and the config, rewriting only what changed.

    A catalog that does not parse raises CatalogError before anything is written, so the previous site
    stays whole; with `skip_bad_catalogs` (publish) it is reported in `errors` instead, and its article
    keeps its previous page, or is left out when it has none.
    """
    with project_lock(config.state_dir):
        site = site_info(config)
        generator = generator_hash(site)
        site_dir = config.site_dir
        loaded = load_manifest(config.state_dir)
        trusted = loaded is not None and loaded.generator == generator and site_dir.is_dir()
        previous = loaded if trusted else None

        for leftover in config.state_dir.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)
        staging_dir = config.state_dir / f"{STAGING_PREFIX}{os.getpid()}"
        try:
            staging_dir.mkdir(parents=True)
            staging = _Staging(staging_dir, site_dir, previous)
            gathered, plans = _gather(config, site, staging, progress, skip_bad_catalogs)
            _write_staging(staging, gathered)
            indexed = _search_bundles(staging_dir, site_dir, plans, previous)
            manifest = Manifest(generator, gathered.records, gathered.hashes, {p.path: p.input_hash for p in plans})
            pending = config.state_dir / PENDING_MANIFEST_NAME
            atomic_write_chunks(pending, (chunk.encode("utf-8") for chunk in manifest.json_chunks()))
            swap_into_place(staging_dir, site_dir)
            os.replace(pending, config.state_dir / MANIFEST_NAME)
        finally:
            shutil.rmtree(staging_dir, ignore_errors=True)
        removed = sorted(set(loaded.files) - set(gathered.hashes)) if loaded else []
        return BuildResult(
            site_dir=site_dir,
            articles=len(gathered.records),
            written=tuple(sorted(staging.written)),
            kept=staging.kept,
            removed=tuple(removed),
            bundles_indexed=tuple(indexed),
            warnings=_site_warnings(site),
            errors=tuple(gathered.errors),
        )
