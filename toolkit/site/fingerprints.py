"""Stat signatures: how a build tells, without reading a file, that it is the one the previous build saw.

A catalog's signature (type, inode, size, mtime and ctime, in nanoseconds) stands for its hash in the next
build, as git's index does for the work tree. It is kept only for a file last changed a safe while before
the build started: file times tick in steps of a clock tick, so a file written again in the same tick as the
build read it could keep its signature with other bytes (git's "racy" files). Such a file is hashed again
next time, which costs a read, never a stale page.

The site's files get a signature without ctime, which every hard link the next build makes of a carried
file changes: type, inode, size and mtime still change with any edit, rename or replacement made in site/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

FOLDER = "folder"
# Longer than any file system's clock tick (a jiffy, 1 to 10 ms) by far, and short against a person's edits.
RACY_NANOSECONDS = 1_000_000_000


def _signature(status: os.stat_result) -> str:
    return f"{status.st_mode:o}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}"


def catalog_signature(path: Path, build_started_ns: int) -> str | None:
    """The catalog's signature, taken before its bytes are read (a change after this changes it), or None
    when the file changed too close to the build's start to be told apart from a later change."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    if build_started_ns - max(status.st_mtime_ns, status.st_ctime_ns) < RACY_NANOSECONDS:
        return None
    return f"{_signature(status)}:{status.st_ctime_ns}"


def tree_signatures(root: Path) -> Iterator[tuple[str, str]]:
    """Every file and folder under `root` (not following links) with its signature; folders end in "/"."""
    pending = [("", os.fspath(root))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((name + "/", entry.path))
                    yield name + "/", FOLDER
                else:
                    yield name, _signature(entry.stat(follow_symlinks=False))


def file_signature(path: Path) -> str | None:
    try:
        return _signature(os.lstat(path))
    except OSError:
        return None
