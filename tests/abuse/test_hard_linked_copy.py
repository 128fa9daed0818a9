"""A copy of a project made with `cp -al` (hard links: quick, and how backup tools snapshot a folder) is a
project of its own (issue 10): a run in it leaves the original byte for byte as it was, and runs in both go
at once. SQLite wrote the copy's run cache into the original's file, and the lock they shared locked one
project out by the other."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from abuse_projects import published_default_project, run_toolkit, tree_hashes

from toolkit.errors import EXIT_LOCKED, EXIT_OK
from toolkit.store.lock import project_lock

FIRST = "000_bff552917bc11dca"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return published_default_project(tmp_path_factory.mktemp("hard-linked"))


def _linked_copy(project: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of `project` (itself copied first, so the module's project stays as published) and the original,
    sharing every file through hard links."""
    original = tmp_path / "original"
    subprocess.run(["cp", "-a", str(project), str(original)], check=True)
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-al", str(original), str(copy)], check=True)
    assert os.stat(copy / ".toolkit" / "cache.sqlite").st_nlink == 2
    return original, copy


def test_a_publish_in_a_hard_linked_copy_leaves_the_original_as_it_was(published: Path, tmp_path: Path) -> None:
    original, copy = _linked_copy(published, tmp_path)
    before = tree_hashes(original, skip=())
    source = copy / "source" / f"{FIRST}.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    longest = max(range(len(lines)), key=lambda number: len(lines[number]))
    lines[longest] += " وهذه جملة جديدة أضيفت إلى النسخة وحدها."
    edited = "\n".join(lines) + "\n"
    source.unlink()  # an editor's save replaces the file; writing through the link would change both
    source.write_text(edited, encoding="utf-8")
    result = run_toolkit(copy, "-q", "publish")
    assert result.returncode == EXIT_OK, result.stderr
    assert "جديدة" in (copy / "translations" / f"{FIRST}.po").read_text(encoding="utf-8")
    assert tree_hashes(original, skip=()) == before
    assert os.stat(original / ".toolkit" / "cache.sqlite").st_nlink == 1
    # The copy's cache is whole and its own: the next run uses it.
    assert run_toolkit(copy, "-q", "publish").returncode == EXIT_OK


@pytest.mark.parametrize("held", ["original", "copy"])
def test_a_hard_linked_copy_and_its_original_run_at_once(published: Path, tmp_path: Path, held: str) -> None:
    original, copy = _linked_copy(published, tmp_path)
    holding, running = (original, copy) if held == "original" else (copy, original)
    with project_lock(holding / ".toolkit", "publish"):
        result = run_toolkit(running, "-q", "publish")
        assert result.returncode == EXIT_OK, result.stderr
        assert (holding / ".toolkit" / "lock").read_text(encoding="ascii").split() == [str(os.getpid()), "publish"]
    # Each project's lock still keeps a second run of that project out.
    with project_lock(holding / ".toolkit", "publish"):
        refused = run_toolkit(holding, "-q", "publish")
    assert refused.returncode == EXIT_LOCKED and f"(pid {os.getpid()}) is publishing this project" in refused.stderr
