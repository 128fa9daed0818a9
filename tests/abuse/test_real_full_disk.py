"""A real full disk (issue 10), not an injected one: the project on a tmpfs that runs out in the catalogs'
folder, in site staging or in the search indexer's output. A ballast file fills the tmpfs right before the
phase (full_disk_at.py), so it is that phase that runs out whatever was written before it; a tmpfs sized to
run out "somewhere around there" ran out in another phase, or not at all, from run to run. Each run is one
line naming the full device, a non-zero exit, every catalog parses with its reviewed entries unchanged,
nothing temporary is left, and once there is room the next run completes. Needs root (mount)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from abuse_projects import COMMAND_TIMEOUT_SECONDS, command_environment, copy_default_project, run_toolkit

from toolkit.catalog.entries import is_reviewed
from toolkit.errors import EXIT_FAILURE

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0 or shutil.which("mount") is None, reason="needs root to mount a tmpfs"),
]

FULL_DISK_AT = Path(__file__).with_name("full_disk_at.py")
# What each phase finds left of the disk: less than it writes (a catalog of the default project is 10 kB, its
# article pages 100 kB an interface, the search index 380 kB), enough that its first files are written.
ROOM_LEFT = {"catalogs": 4096, "staging": 64 * 1024, "search": 64 * 1024}


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "tiny"
    folder.mkdir()
    try:
        mount = ["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(folder)]
        subprocess.run(mount, check=True, capture_output=True)
    except (subprocess.CalledProcessError, OSError):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _reviewed(project: Path) -> dict[tuple[str, str | None, str], str]:
    return {
        (path.name, entry.msgctxt, entry.msgid): entry.msgstr
        for path in sorted((project / "translations").glob("*.po"))
        for entry in polib.pofile(str(path))
        if is_reviewed(entry)
    }


def _in_phase(phase: str, error: str, project: Path) -> bool:
    """Whether the error line names a path the phase writes: the staging folder and, while the pages are
    staged, the next build manifest beside it (an SQLite file that grows as they are recorded)."""
    if phase == "catalogs":
        return f"{project / 'translations'}{os.sep}" in error
    # Pagefind's own writes are named as the search index; the files it is handed to write, by their path.
    if "cannot write the search index" in error or re.search(r"site-staging-\d+/pagefind/", error):
        return phase == "search" and "site-staging" in error
    return phase == "staging" and ("site-staging" in error or "the build manifest failed" in error)


@pytest.mark.parametrize("phase", list(ROOM_LEFT))
def test_publish_on_a_full_disk_is_one_line_and_the_next_run_completes(tiny: Path, phase: str) -> None:
    project = copy_default_project(tiny / "p")
    source = sorted((project / "source").glob("*.txt"))[1]
    source.write_text(source.read_text(encoding="utf-8") + "\n\nفقرة جديدة أضيفت إلى الخبر بعد نشره.\n", "utf-8")
    reviewed = _reviewed(project)
    ballast = tiny / "ballast"
    command = [sys.executable, str(FULL_DISK_AT), phase, str(ballast), str(ROOM_LEFT[phase]), "-C", str(project)]
    result = subprocess.run(
        [*command, "publish"],
        capture_output=True,
        text=True,
        env=command_environment(TOOLKIT_DEBUG="1"),
        timeout=COMMAND_TIMEOUT_SECONDS,
    )
    assert ballast.exists(), f"the disk was never filled: {phase} did not start\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == EXIT_FAILURE, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("toolkit: ") and "warning" not in line]
    assert len(errors) == 1 and "no space left on the device" in errors[0], result.stderr
    assert _in_phase(phase, errors[0], project), f"ran out outside {phase}: {errors[0]}"
    assert _reviewed(project) == reviewed
    assert not [path for path in project.rglob("*") if path.name.endswith(".tmp") or "staging" in path.name]
    ballast.unlink()
    again = run_toolkit(project, "publish")
    assert again.returncode in (0, 3), again.stderr
    assert len(list((project / "site" / "articles").glob("*.html"))) == 5
    assert _reviewed(project) == reviewed
