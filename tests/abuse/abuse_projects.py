"""Projects in tmp_path and a way to run the real `toolkit` command on them, as a user would."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
COMMAND_TIMEOUT_SECONDS = 600


def copy_default_project(destination: Path) -> Path:
    """The repository's own project (settings, seed articles, shipped translations), nothing generated."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "toolkit.toml", destination / "toolkit.toml")
    shutil.copytree(REPO / "source", destination / "source")
    if (REPO / "translations").is_dir():
        shutil.copytree(REPO / "translations", destination / "translations")
    return destination


def toolkit_command(project: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "toolkit", "-C", str(project), *arguments]


def command_environment(**extra: str) -> dict[str, str]:
    environment = dict(os.environ)
    environment["CI"] = "1"
    environment.update(extra)
    return environment


def run_toolkit(project: Path, *arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        toolkit_command(project, *arguments),
        capture_output=True,
        text=True,
        env=command_environment(**environment),
        timeout=COMMAND_TIMEOUT_SECONDS,
    )


def tree_hashes(folder: Path, skip: tuple[str, ...] = (".toolkit",)) -> dict[str, str]:
    """sha256 of every file under `folder` by relative path, leaving out private state folders."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and relative.parts[0] not in skip:
            hashes[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes
