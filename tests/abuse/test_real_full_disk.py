"""A real full disk (issue 10), not an injected one: the project on a tmpfs too small for what publish writes,
at sizes that run out in the catalogs' folder, in site staging and in the search indexer's output. Each run is
one line naming the full device, a non-zero exit, every catalog parses with its reviewed entries unchanged,
nothing temporary is left, and once there is room the next run completes. Needs root (mount)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from abuse_projects import copy_default_project, run_toolkit

from toolkit.catalog.entries import is_reviewed
from toolkit.errors import EXIT_FAILURE

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0 or shutil.which("mount") is None, reason="needs root to mount a tmpfs"),
]


def _mount(folder: Path, size: str, remount: bool = False) -> None:
    options = f"remount,size={size}" if remount else f"size={size}"
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], check=True, capture_output=True)


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "tiny"
    folder.mkdir()
    try:
        _mount(folder, "20m")
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


@pytest.mark.parametrize("size", ["300k", "700k", "1100k"])
def test_publish_on_a_full_disk_is_one_line_and_the_next_run_completes(tiny: Path, size: str) -> None:
    project = copy_default_project(tiny / "p")
    source = sorted((project / "source").glob("*.txt"))[1]
    source.write_text(source.read_text(encoding="utf-8") + "\n\nفقرة جديدة أضيفت إلى الخبر بعد نشره.\n", "utf-8")
    reviewed = _reviewed(project)
    _mount(tiny, size, remount=True)
    result = run_toolkit(project, "publish", TOOLKIT_DEBUG="1")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == EXIT_FAILURE, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("toolkit: ") and "warning" not in line]
    assert len(errors) == 1 and "no space left on the device" in errors[0], result.stderr
    assert _reviewed(project) == reviewed
    assert not [path for path in project.rglob("*") if path.name.endswith(".tmp") or "staging" in path.name]
    _mount(tiny, "20m", remount=True)
    again = run_toolkit(project, "publish")
    assert again.returncode in (0, 3), again.stderr
    assert len(list((project / "site" / "articles").glob("*.html"))) == 5
    assert _reviewed(project) == reviewed
