"""`sudo toolkit publish` in a project another user owns (issue 10): refused before anything is written, with
one line naming the folder, its owner and how to run it (toolkit/store/project.py, check_owner); it left
.toolkit/ and site/ root's, and the owner's next run was refused its lock. TOOLKIT_ALLOW_ROOT=1 runs it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from abuse_projects import copy_default_project, run_toolkit

NOBODY = 65534

pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root, to run as root in another user's project"
)


def _owned(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path under `folder` (itself too) with its owner and modification time."""
    found = {".": (os.lstat(folder).st_uid, os.lstat(folder).st_mtime_ns)}
    for root, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            status = os.lstat(os.path.join(root, name))
            found[os.path.relpath(os.path.join(root, name), folder)] = (status.st_uid, status.st_mtime_ns)
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = copy_default_project(tmp_path / "news")
    for root, folders, files in os.walk(project):
        for name in [*folders, *files]:
            os.lchown(os.path.join(root, name), NOBODY, NOBODY)
    os.chown(project, NOBODY, NOBODY)
    return project


@pytest.mark.parametrize("command", ["publish", "translate", "build", "status"])
def test_root_is_refused_a_project_another_user_owns(project: Path, command: str) -> None:
    before = _owned(project)
    result = run_toolkit(project, command, SUDO_UID=str(NOBODY))
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith(f"toolkit: {project}: belongs to ") and f"(uid {NOBODY})" in lines[0], lines
    assert "TOOLKIT_ALLOW_ROOT=1" in lines[0] and "sudo -u" in lines[0], lines
    assert _owned(project) == before, "a refused run wrote into the project"


def test_root_is_refused_a_project_made_inside_another_users_folder(project: Path) -> None:
    result = run_toolkit(project, "init", str(project / "inner"), SUDO_UID=str(NOBODY))
    assert result.returncode != 0 and f"toolkit: {project}: belongs to " in result.stderr, result.stderr
    assert not (project / "inner").exists()


def test_root_runs_in_another_users_project_when_told_to(project: Path) -> None:
    result = run_toolkit(project, "publish", TOOLKIT_ALLOW_ROOT="1", SUDO_UID=str(NOBODY))
    assert result.returncode in (0, 3), result.stderr
    assert (project / "site" / "index.html").is_file()


def test_root_by_itself_works_in_a_project_another_user_owns(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A container's or a CI job's root, or a project unpacked by root from a tar file (which keeps its maker's
    # uid): refused, every command of such a setup failed.
    monkeypatch.delenv("SUDO_UID", raising=False)
    result = run_toolkit(project, "publish")
    assert result.returncode in (0, 3), result.stderr
    assert (project / "site" / "index.html").is_file()
