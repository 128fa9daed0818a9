"""Fault injection: the N-th operation of a kind of a `publish` fails (ENOSPC, EACCES, EIO), for every N the
run has: a write, rename, mkdir or fsync; an open for reading; a link, chmod, utime, listing or removal; an
SQLite statement ("disk I/O error"). Each time: one clear line naming the cause and the path the operation
was on (the OSError injected names none, as a read's EIO does not: toolkit/store names it), a non-zero exit,
every catalog still parses, no reviewed entry changed, site/ the old build or the new one, no temporary file
left, and the next run completes with the same site as a run that never failed. A failure the run can do
without (a cache, a hard link copied instead) ends in the same site as a run that never failed."""

from __future__ import annotations

import builtins
import errno
import io
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polib
import pytest
from abuse_projects import copy_default_project, tree_hashes
from click.testing import CliRunner

from toolkit.catalog.store import read_catalog
from toolkit.cli import cli
from toolkit.errors import shown_path
from toolkit.site.render import ARTICLES_DIR
from toolkit.site.search import PAGE_LIST_SUFFIX
from toolkit.site.settings import SEARCH_INPUT_MEMORY_FOLDER
from toolkit.store import sqlite as sqlite_store

CODES = (errno.ENOSPC, errno.EACCES, errno.EIO)
CAUSES = {errno.ENOSPC: "no space left", errno.EACCES: "permission denied", errno.EIO: "input/output error"}
# The operations of each kind, by the name of the `os` function that does them.
KINDS = {
    "write": ("replace", "rename", "mkdir", "fsync"),  # and each write() to a file opened for writing
    "read": (),  # each open for reading, by open() or os.open()
    "other": ("link", "chmod", "fchmod", "utime", "scandir", "listdir", "unlink", "rmdir"),
    "sqlite": (),  # each statement and commit of the run cache and the build manifest
}
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT
# A temporary file beside the file it becomes (toolkit/store/files.py): `.<name>.<pid>-<n>.tmp`.
_TEMPORARY = re.compile(r"\.(.+)\.\d+-\d+\.tmp")


def _in_memory(path) -> bool:
    """Whether `path` is in the memory-backed folder Pagefind's input is written to while it has room: not the
    project's disk, and one refusal there sends the input to staging instead, by design (tests/site)."""
    return isinstance(path, (str, os.PathLike)) and os.fspath(path).startswith(SEARCH_INPUT_MEMORY_FOLDER + os.sep)


class Faults:
    """Counts the file-system operations of a `kind` (every kind without one); the `fail_at`-th raises
    OSError(`code`), which names no file, and notes the operation and the paths it was on."""

    def __init__(
        self, kind: str | None = None, fail_at: int | None = None, code: int = errno.ENOSPC, matching: str = ""
    ) -> None:
        self.kind = kind
        self.matching = re.compile(matching)  # only operations on a path it is found in count
        self.fail_at = fail_at
        self.code = code
        self.counts = dict.fromkeys(KINDS, 0)
        self.failed = ""
        self.paths: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return self.counts[self.kind] if self.kind else sum(self.counts.values())

    def tick(self, kind: str, operation: str, *paths: object) -> None:
        named = tuple(os.fsdecode(path) for path in paths if isinstance(path, (str, bytes, os.PathLike)))
        if self.kind not in (None, kind) or not any(map(self.matching.search, named or ("",))):
            return
        self.counts[kind] += 1
        if self.counts[kind] == self.fail_at:
            self.failed = operation
            self.paths = named
            if kind == "sqlite":
                raise sqlite3.OperationalError("disk I/O error")
            raise OSError(self.code, os.strerror(self.code))


class _CountedWrites:
    """A file opened for writing whose every write() is one operation."""

    def __init__(self, handle, faults: Faults) -> None:
        self._handle = handle
        self._faults = faults

    def write(self, data):
        self._faults.tick("write", "write", self._handle.name)
        return self._handle.write(data)

    def __enter__(self):
        self._handle.__enter__()
        return self

    def __exit__(self, *exc_info):
        return self._handle.__exit__(*exc_info)

    def __iter__(self):
        return iter(self._handle)

    def __getattr__(self, name: str):
        return getattr(self._handle, name)


def _on_the_disk(path: object) -> bool:
    """Whether `path` is a file of the disk the run works on: not the memory-backed folder, not a descriptor (a
    pipe to a child, Pagefind's service), not a path relative to a folder's descriptor."""
    return isinstance(path, (str, bytes, os.PathLike)) and not _in_memory(path)


@contextmanager
def injected(monkeypatch: pytest.MonkeyPatch, faults: Faults) -> Iterator[Faults]:
    real_open, real_os_open = io.open, os.open

    def counting_open(file, mode="r", *args, **kwargs):
        written = any(flag in mode for flag in "wax+")
        if not written and _on_the_disk(file):
            faults.tick("read", "open", file)
        handle = real_open(file, mode, *args, **kwargs)
        return _CountedWrites(handle, faults) if written and _on_the_disk(file) else handle

    def counting_os_open(path, flags, *args, **kwargs):
        if not flags & _WRITING and _on_the_disk(path) and kwargs.get("dir_fd") is None:
            faults.tick("read", "open", path)
        return real_os_open(path, flags, *args, **kwargs)

    with monkeypatch.context() as patch:
        for kind, names in KINDS.items():
            for name in names:
                real = getattr(os, name)

                def failing(*args, _real=real, _name=name, _kind=kind, **kwargs):
                    # Making a folder that is there fails with EEXIST whatever the disk's state: not a fault point.
                    there = _name == "mkdir" and os.path.lexists(args[0])
                    relative = kwargs.get("dir_fd") is not None or kwargs.get("src_dir_fd") is not None
                    if args and not there and not relative and not _in_memory(args[0]):
                        faults.tick(_kind, _name, *args[:2])
                    return _real(*args, **kwargs)

                patch.setattr(os, name, failing)
        real_marked = sqlite_store._marked

        def failing_statement(path, statement, *args):
            """Each open, statement and commit, failing inside the store's own handling of a failure."""
            try:
                faults.tick("sqlite", getattr(statement, "__name__", "connect"), path)
            except sqlite3.Error as error:
                return real_marked(path, _raising, error)
            return real_marked(path, statement, *args)

        patch.setattr(sqlite_store, "_marked", failing_statement)
        patch.setattr(io, "open", counting_open)
        patch.setattr(builtins, "open", counting_open)
        patch.setattr(os, "open", counting_os_open)
        yield faults


def _raising(error: Exception) -> None:
    raise error


# A file of a project folder named relative to the project ("source/a.txt"), where every message names a file of
# the project by its absolute path; a folder alone ("site/", "outside source/") is a word of the message.
_RELATIVE_PROJECT_FILE = re.compile(r"(?<![\w/.-])(?:source|translations|site|\.toolkit)/[^\s/:;,)]+")


def _in_one_form(output: str) -> list[str]:
    """The lines of the toolkit's messages that name a file of the project relative to it."""
    return [line for line in output.splitlines() if line.startswith("toolkit:") and _RELATIVE_PROJECT_FILE.search(line)]


def _publish(project: Path):
    return CliRunner().invoke(cli, ["-C", str(project), "-q", "publish"])


def _reviewed(translations: Path) -> dict[str, dict[tuple[str | None, str], str]]:
    """Every catalog's reviewed entries (translated, not fuzzy): (msgctxt, msgid) -> msgstr."""
    reviewed = {}
    for path in sorted(translations.glob("*.po")):
        catalog = read_catalog(path)
        reviewed[path.name] = {
            (entry.msgctxt, entry.msgid): entry.msgstr
            for entry in catalog
            if entry.msgstr and "fuzzy" not in entry.flags and not entry.obsolete
        }
    return reviewed


@pytest.fixture(scope="module")
def scenario(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, str], dict[str, int], dict[str, str]]:
    """A published project with work waiting (a new article, a corrected catalog), the site a clean run
    makes of it, how many operations of each kind that run has, and the catalogs it leaves."""
    root = tmp_path_factory.mktemp("faults")
    project = copy_default_project(root / "before")
    assert _publish(project).exit_code == 0
    first = next((project / "source").glob("000_*.txt"))
    shutil.copy(first, project / "source" / "005_new_article.txt")
    corrected = polib.pofile(str(next((project / "translations").glob("001_*.po"))), wrapwidth=0)
    entry = next(entry for entry in corrected if entry.msgstr and "fuzzy" not in entry.flags)
    entry.msgstr = f"Corrected: {entry.msgstr}"  # a translator's correction: the page must be rebuilt
    corrected.save()
    clean = root / "clean"
    shutil.copytree(project, clean)
    with pytest.MonkeyPatch.context() as patch, injected(patch, Faults()) as counted:
        result = _publish(clean)
    assert result.exit_code == 0, result.output
    assert min(counted.counts.values()) > 20, counted.counts
    return project, tree_hashes(clean / "site"), counted.counts, tree_hashes(clean / "translations")


def _named(line: str, paths: tuple[str, ...]) -> bool:
    """Whether the line names one of the paths the failed operation was on (or a path under it: a folder made
    with its parents), or the file a temporary one among them becomes."""
    candidates = set(paths)
    for path in paths:
        if temporary := _TEMPORARY.fullmatch(os.path.basename(path)):
            candidates.add(os.path.join(os.path.dirname(path), temporary[1]))
    return any(shown_path(os.path.normpath(candidate)) in line for candidate in candidates)


def _check_one(
    scenario, kind: str, fail_at: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, matching: str = ""
) -> None:
    before_project, after_site, _, after_translations = scenario
    project = tmp_path / f"run-{kind}-{fail_at}-{len(matching)}"
    shutil.copytree(before_project, project)
    before_site = tree_hashes(project / "site")
    before_reviewed = _reviewed(project / "translations")
    code = errno.EIO if kind == "sqlite" else CODES[fail_at % len(CODES)]
    with injected(monkeypatch, Faults(kind, fail_at, code, matching)) as faults:
        result = _publish(project)
    where = f"{kind} operation {fail_at} {matching} ({faults.failed} {faults.paths}, {errno.errorcode[code]})"
    assert "Traceback" not in result.output and "internal error" not in result.output, f"{where}: {result.output}"
    assert not _in_one_form(result.output), where
    # This run had fewer operations than the counted one (nothing failed), or it did without the one that
    # failed (a cache, a link, the mark that spares the next run a check of the cache): all must be done.
    if not faults.failed or result.exit_code == 0:
        assert result.exit_code == 0, f"{where}: {result.output}"
        assert tree_hashes(project / "site") == after_site, where
        assert tree_hashes(project / "translations") == after_translations, where
        shutil.rmtree(project)
        return
    assert result.exit_code != 0, where
    # The one line said; the status table's row of a catalog not read ("not read: <cause>") is not another.
    lines = [line for line in result.output.splitlines() if CAUSES[code] in line and line.startswith("toolkit:")]
    assert len(lines) == 1 and lines[0].startswith("toolkit: /"), f"{where}: {result.output}"
    assert not faults.paths or _named(lines[0], faults.paths), f"{where}: {lines[0]}"
    reviewed = _reviewed(project / "translations")
    for name, entries in before_reviewed.items():
        assert {key: reviewed[name].get(key) for key in entries} == entries, where
    site = tree_hashes(project / "site")
    skipped = re.search(rf"{re.escape(str(project / 'translations'))}/([^/:]+)\.po: cannot read", lines[0])
    if skipped:  # one article's catalog left out by a stage (named, exit 1): its pages kept, or built by another
        # A new article's catalog has no page to keep: its pages are still missing, or built.
        pages = [name for name in {*before_site, *after_site} if f"/{skipped[1]}.html" in f"/{name}"]
        assert pages and all(site.get(name) in (before_site.get(name), after_site.get(name)) for name in pages), where
    else:
        assert site in (before_site, after_site), where
    assert not list((project / "translations").glob(".*.tmp")), where
    assert not [path.name for path in (project / ".toolkit").iterdir() if path.name.startswith("site-staging-")], where
    assert not list((project / ".toolkit").glob("site-manifest.next-*")), where
    again = _publish(project)
    assert again.exit_code == 0, f"{where}: the next run: {again.output}"
    assert not _in_one_form(again.output), f"{where}: the next run"
    assert tree_hashes(project / "site") == after_site, where
    shutil.rmtree(project)


def test_a_fault_early_in_the_catalogs_and_late_in_the_site(scenario, tmp_path: Path, monkeypatch) -> None:
    """The quick sample: the first write, one a third in, the last."""
    total = scenario[2]["write"]
    for fail_at in sorted({1, total // 3, total}):
        _check_one(scenario, "write", fail_at, tmp_path, monkeypatch)


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != "write"])
def test_a_read_a_listing_or_a_statement_that_fails_names_its_path(
    scenario, kind: str, tmp_path: Path, monkeypatch
) -> None:
    """The quick sample of the other kinds: one a third in, one two thirds in."""
    total = scenario[2][kind]
    for fail_at in sorted({total // 3, 2 * total // 3}):
        _check_one(scenario, kind, fail_at, tmp_path, monkeypatch)


@pytest.mark.parametrize(
    ("matching", "fail_at"),
    [
        (f"{re.escape(PAGE_LIST_SUFFIX)}$", 2),  # the list of a bundle's pages, read again while Pagefind waits
        # a page read back from the staging site (for its neighbour links: its search input is made with it)
        (f"{os.sep}site-staging-[^{os.sep}]+{os.sep}{ARTICLES_DIR}{os.sep}", 1),
    ],
)
def test_a_read_of_the_staged_site_that_fails_names_the_file(
    scenario, matching: str, fail_at: int, tmp_path: Path, monkeypatch
) -> None:
    """A page read back from the staging site for its search input, failing, was said of site/ ("site: cannot
    build the site", the build's last resort for an OSError naming no file); one of Pagefind's input, read while
    its child waited, was "cannot run the Pagefind search indexer: Broken pipe" (the requests still buffered for
    the child, killed, failed to flush and hid the error). Both now name the file that could not be read."""
    _check_one(scenario, "read", fail_at, tmp_path, monkeypatch, matching)


@pytest.mark.slow
def test_every_operation_of_a_publish_can_fail_cleanly(scenario, tmp_path: Path, monkeypatch) -> None:
    for fail_at in range(1, scenario[2]["write"] + 1):
        _check_one(scenario, "write", fail_at, tmp_path, monkeypatch)


# Every n-th operation of the other kinds: each of them all would take an hour.
STRIDE = 7


@pytest.mark.slow
@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != "write"])
def test_every_seventh_read_listing_or_statement_can_fail_cleanly(
    scenario, kind: str, tmp_path: Path, monkeypatch
) -> None:
    for fail_at in range(1, scenario[2][kind] + 1, STRIDE):
        _check_one(scenario, kind, fail_at, tmp_path, monkeypatch)


def test_a_catalog_the_build_cannot_read_is_named_and_keeps_its_page(scenario, tmp_path: Path, monkeypatch) -> None:
    """The build reads each catalog to hash it; one it could not read (a failing disk, a mode changed during the
    run) kept its page, and publish said nothing and ended 0 when the summary after it could read the file."""
    catalog = next((scenario[0] / "translations").glob("001_*.po")).name
    reads = Faults("read", matching=rf"/translations/{re.escape(catalog)}$")
    with injected(monkeypatch, reads):
        assert _publish(shutil.copytree(scenario[0], tmp_path / "counted")).exit_code == 0
    # The catalog's reads, each in turn: the catalog stage's, the build's, the summary's.
    for fail_at in range(1, reads.count + 1):
        _check_one(scenario, "read", fail_at, tmp_path, monkeypatch, rf"/translations/{re.escape(catalog)}$")


def test_an_installed_librarys_version_that_cannot_be_read_names_its_folder(
    scenario, tmp_path: Path, monkeypatch
) -> None:
    """The cleaner and the build key their work by the versions of the libraries whose output they keep; a read
    of one's metadata that failed named no file and reached the command line's last resort: "toolkit: cannot
    work on it: no space left on the device", with no path at all."""
    for fail_at in (3, 8):  # the cleaner's third library (justext), the build's third (nh3)
        _check_one(scenario, "read", fail_at, tmp_path, monkeypatch, r"\.dist-info/METADATA$")
