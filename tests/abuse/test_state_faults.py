"""Faults inside the state folder's SQLite files and the Pagefind indexer (issue 10): the run cache is a
shortcut, so a damaged, locked or unreadable one is named in one warning and the run completes without it;
the build manifest is replaced by a full build, named; a Pagefind that is missing or fails stops the build
with one line and a non-zero exit, site/ stays the old build, and the next run completes."""

from __future__ import annotations

import sqlite3
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from abuse_projects import copy_default_project, tree_hashes
from click.testing import CliRunner, Result

from toolkit.cli import cli
from toolkit.errors import EXIT_FAILURE, EXIT_OK
from toolkit.site.generation import MANIFEST_NAME
from toolkit.store.cache import CACHE_FILE

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "site"))
from site_projects import sample_project

GARBAGE = b"SQLite format 3\0" + bytes(range(256)) * 64


def _invoke(project: Path, *arguments: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(project), "-q", *arguments])


def _lines(result: Result, prefix: str = "toolkit: ") -> list[str]:
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return [line for line in result.output.splitlines() if line.startswith(prefix)]


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Another program (an SQLite browser) holding an exclusive lock on the file meanwhile."""
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed project published once, with its run cache; each test works on a copy."""
    project = copy_default_project(tmp_path_factory.mktemp("published") / "p")
    assert _invoke(project, "publish").exit_code in (0, 3)
    assert (project / ".toolkit" / CACHE_FILE).is_file()
    return project


def _copy(published: Path, tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copytree(published, tmp_path / "p", symlinks=True))


# The run cache


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_run_cache_is_named_and_started_afresh(published: Path, tmp_path: Path, damage: str) -> None:
    project = _copy(published, tmp_path)
    cache = project / ".toolkit" / CACHE_FILE
    catalogs = tree_hashes(project / "translations")
    if damage == "garbage":
        cache.write_bytes(GARBAGE)
    else:
        cache.write_bytes(cache.read_bytes()[: 4096 + 100])
    result = _invoke(project, "publish")
    assert result.exit_code in (0, 3), result.output
    warned = [line for line in _lines(result) if str(cache) in line]
    assert len(warned) == 1 and "damaged; it was started afresh" in warned[0], result.output
    assert tree_hashes(project / "translations") == catalogs
    again = _invoke(project, "publish")
    assert not [line for line in _lines(again) if str(cache) in line], again.output
    assert sqlite3.connect(cache).execute("PRAGMA quick_check").fetchone()[0] == "ok"


def test_a_run_cache_locked_by_another_program_is_named_and_the_run_completes(published: Path, tmp_path: Path) -> None:
    project = _copy(published, tmp_path)
    cache = project / ".toolkit" / CACHE_FILE
    before = tree_hashes(project / "translations")
    with _locked(cache):
        result = _invoke(project, "translate")
    warned = [line for line in _lines(result) if str(cache) in line]
    assert len(warned) == 1 and "locked by another program" in warned[0], result.output
    assert "does all its work itself" in warned[0]
    assert tree_hashes(project / "translations") == before
    assert not [line for line in _lines(_invoke(project, "translate")) if str(cache) in line]


def test_a_run_cache_that_is_a_folder_is_named_and_the_run_completes(published: Path, tmp_path: Path) -> None:
    project = _copy(published, tmp_path)
    cache = project / ".toolkit" / CACHE_FILE
    cache.unlink()
    cache.mkdir()
    result = _invoke(project, "translate")
    warned = [line for line in _lines(result) if str(cache) in line]
    assert len(warned) == 1 and "cannot use the run cache" in warned[0], result.output
    assert cache.is_dir(), "a folder the user made is not removed"


# The build manifest


@pytest.mark.parametrize("damage", ["garbage", "not a manifest", "locked"])
def test_a_build_manifest_that_cannot_be_read_gives_a_full_build(tmp_path: Path, damage: str) -> None:
    project = sample_project(tmp_path / "p", articles=2)
    assert _invoke(project, "build").exit_code == EXIT_OK
    site = tree_hashes(project / "site")
    manifest = project / ".toolkit" / MANIFEST_NAME
    if damage == "garbage":
        manifest.write_bytes(GARBAGE)
    elif damage == "not a manifest":
        manifest.unlink()
        sqlite3.connect(manifest).execute("CREATE TABLE notes (text)").connection.commit()
    if damage == "locked":
        with _locked(manifest):
            result = _invoke(project, "build")
    else:
        result = _invoke(project, "build")
    assert result.exit_code == EXIT_OK, result.output
    assert "build: 2 articles" in result.output
    assert tree_hashes(project / "site") == site
    warned = [line for line in _lines(result) if str(manifest) in line]
    if damage == "not a manifest":
        assert not warned, result.output
    else:
        expected = "locked by another program" if damage == "locked" else "damaged"
        assert len(warned) == 1 and expected in warned[0] and "every page is built afresh" in warned[0]
    again = _invoke(project, "build")
    assert not [line for line in _lines(again) if str(manifest) in line], again.output


def test_a_manifest_failing_mid_build_is_one_line_and_the_site_stays(tmp_path: Path, monkeypatch) -> None:
    project = sample_project(tmp_path / "p", articles=2)
    assert _invoke(project, "build").exit_code == EXIT_OK
    site = tree_hashes(project / "site")
    (project / "translations" / "001_sample.po").write_text(
        (project / "translations" / "001_sample.po").read_text(encoding="utf-8").replace("Article", "Story"),
        encoding="utf-8",
    )

    def full_disk(*arguments, **keywords):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("toolkit.site.manifest.NextManifest.add_bundle", full_disk)
    result = _invoke(project, "build")
    assert result.exit_code == EXIT_FAILURE
    lines = _lines(result)
    assert len(lines) == 1 and "build manifest failed: no space left" in lines[0], result.output
    assert tree_hashes(project / "site") == site
    monkeypatch.undo()
    assert _invoke(project, "build").exit_code == EXIT_OK


# Pagefind


def _fake_indexer(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-pagefind"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.mark.parametrize("fault", ["missing", "fails", "garbage output", "hangs"])
def test_a_pagefind_that_is_missing_or_fails_stops_the_build_and_leaves_the_site(
    tmp_path: Path, monkeypatch, fault: str
) -> None:
    project = sample_project(tmp_path / "p", articles=2)
    assert _invoke(project, "build").exit_code == EXIT_OK
    site = tree_hashes(project / "site")
    catalog = project / "translations" / "000_sample.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("Article", "Story"), encoding="utf-8")
    if fault == "missing":
        indexer = tmp_path / "no-such-pagefind"
    elif fault == "fails":
        indexer = _fake_indexer(tmp_path, 'echo "Error: out of memory" >&2; exit 3')
    elif fault == "hangs":
        indexer = _fake_indexer(tmp_path, "exec sleep 600")
        monkeypatch.setattr("toolkit.site.search.PAGEFIND_TIMEOUT_SECONDS", 1)
    else:
        body = 'while [ "$1" != --output-path ]; do shift; done; mkdir -p "$2"; echo "{" > "$2/pagefind-entry.json"'
        indexer = _fake_indexer(tmp_path, body)
    monkeypatch.setattr("toolkit.site.search._indexer", lambda: str(indexer))
    result = _invoke(project, "build")
    assert result.exit_code == EXIT_FAILURE, result.output
    lines = _lines(result)
    assert len(lines) == 1 and "Pagefind" in lines[0] and str(indexer) in lines[0], result.output
    if fault == "fails":
        assert "out of memory" in lines[0]
    if fault == "hangs":
        assert "stopped after 1 s" in lines[0]
    assert tree_hashes(project / "site") == site
    assert not list((project / ".toolkit").glob("site-staging-*"))
    monkeypatch.undo()
    assert _invoke(project, "build").exit_code == EXIT_OK
    assert tree_hashes(project / "site") != site
