"""Fault injection: the N-th write, rename, mkdir or fsync of a `publish` fails (ENOSPC, EACCES, EIO), for
every N the run has. Each time: one clear line naming the cause, a non-zero exit, every catalog still
parses, no reviewed entry changed, site/ the old build or the new one, no temporary file left, and the next
run completes with the same site as a run that never failed."""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polib
import pytest
from abuse_projects import copy_default_project, tree_hashes
from click.testing import CliRunner

from toolkit.catalog.store import read_catalog
from toolkit.cli import cli
from toolkit.site.settings import SEARCH_INPUT_MEMORY_FOLDER

CODES = (errno.ENOSPC, errno.EACCES, errno.EIO)
CAUSES = {errno.ENOSPC: "no space left", errno.EACCES: "permission denied", errno.EIO: "input/output error"}
PATCHED = ("replace", "rename", "mkdir", "fsync")  # a failed link is copied instead, by design


def _in_memory(path) -> bool:
    """Whether `path` is in the memory-backed folder Pagefind's input is written to while it has room: not the
    project's disk, and one refusal there sends the input to staging instead, by design (tests/site)."""
    return isinstance(path, (str, os.PathLike)) and os.fspath(path).startswith(SEARCH_INPUT_MEMORY_FOLDER + os.sep)


class Faults:
    """Counts the file-system operations that change the disk; the `fail_at`-th raises OSError(`code`)."""

    def __init__(self, fail_at: int | None = None, code: int = errno.ENOSPC) -> None:
        self.fail_at = fail_at
        self.code = code
        self.count = 0
        self.failed = ""

    def tick(self, operation: str) -> None:
        self.count += 1
        if self.count == self.fail_at:
            self.failed = operation
            raise OSError(self.code, os.strerror(self.code))


class _CountedWrites:
    """A file opened for writing whose every write() is one operation."""

    def __init__(self, handle, faults: Faults) -> None:
        self._handle = handle
        self._faults = faults

    def write(self, data):
        self._faults.tick("write")
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


@contextmanager
def injected(monkeypatch: pytest.MonkeyPatch, faults: Faults) -> Iterator[Faults]:
    real_open = io.open

    def counting_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        # A pipe to a child (Pagefind's service) is opened by its descriptor: not the disk either.
        written = any(flag in mode for flag in "wax+") and not _in_memory(file) and not isinstance(file, int)
        return _CountedWrites(handle, faults) if written else handle

    with monkeypatch.context() as patch:
        for name in PATCHED:
            real = getattr(os, name)

            def failing(*args, _real=real, _name=name, **kwargs):
                # Making a folder that is there fails with EEXIST whatever the disk's state: not a fault point.
                there = _name == "mkdir" and os.path.lexists(args[0])
                if not there and not (args and _in_memory(args[0])):
                    faults.tick(_name)
                return _real(*args, **kwargs)

            patch.setattr(os, name, failing)
        patch.setattr(io, "open", counting_open)
        patch.setattr(builtins, "open", counting_open)
        yield faults


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
def scenario(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], int]:
    """A published project with work waiting (a new article, a corrected catalog), the site a clean run
    makes of it, and how many operations that run has."""
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
    assert counted.count > 20
    return project, tree_hashes(clean / "site"), counted.count


def _check_one(scenario, fail_at: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before_project, after_site, _ = scenario
    project = tmp_path / f"run-{fail_at}"
    shutil.copytree(before_project, project)
    before_site = tree_hashes(project / "site")
    before_reviewed = _reviewed(project / "translations")
    code = CODES[fail_at % len(CODES)]
    with injected(monkeypatch, Faults(fail_at, code)) as faults:
        result = _publish(project)
    where = f"operation {fail_at} ({faults.failed}, {errno.errorcode[code]})"
    assert "Traceback" not in result.output, where
    if not faults.failed:  # this run had fewer operations than the counted one: nothing failed, all must be done
        assert result.exit_code == 0, f"{where}: {result.output}"
        assert tree_hashes(project / "site") == after_site, where
        shutil.rmtree(project)
        return
    assert result.exit_code != 0, where
    lines = [line for line in result.output.splitlines() if CAUSES[code] in line]
    assert len(lines) == 1 and lines[0].startswith("toolkit: /"), f"{where}: {result.output}"
    reviewed = _reviewed(project / "translations")
    for name, entries in before_reviewed.items():
        assert {key: reviewed[name].get(key) for key in entries} == entries, where
    assert tree_hashes(project / "site") in (before_site, after_site), where
    assert not list((project / "translations").glob(".*.tmp")), where
    assert not [path.name for path in (project / ".toolkit").iterdir() if path.name.startswith("site-staging-")], where
    assert not list((project / ".toolkit").glob("site-manifest.next-*")), where
    again = _publish(project)
    assert again.exit_code == 0, f"{where}: the next run: {again.output}"
    assert tree_hashes(project / "site") == after_site, where
    shutil.rmtree(project)


def test_a_fault_early_in_the_catalogs_and_late_in_the_site(scenario, tmp_path: Path, monkeypatch) -> None:
    """The quick sample: the first operation, one a third in, the last."""
    total = scenario[2]
    for fail_at in sorted({1, total // 3, total}):
        _check_one(scenario, fail_at, tmp_path, monkeypatch)


@pytest.mark.slow
def test_every_operation_of_a_publish_can_fail_cleanly(scenario, tmp_path: Path, monkeypatch) -> None:
    for fail_at in range(1, scenario[2] + 1):
        _check_one(scenario, fail_at, tmp_path, monkeypatch)
