"""Stat signatures: how a build tells, without reading a file, that it is the one the previous build saw.

A catalog's signature is its identity (toolkit/store/identity.py: device, inode, size, modification and
change times), kept only when that identity vouches for the content (not a file changed within a timestamp
tick of the look); such a file is hashed again next time, which costs a read, never a stale page.

A site file's signature is its type, inode, size, mtime and ctime, so that an edit in place that keeps the
size and puts the mtime back (rsync --inplace -t, cp -p, touch -r) still changes it: no tool can set ctime.
A build's own hard links of a carried file, and its removal of the previous site, change that file's ctime
too, so the build takes the site's signatures after both (toolkit/site/generation.py); the next build looks
at each file before it links it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from toolkit.errors import FileSystemError
from toolkit.store.disk import on_disk
from toolkit.store.files import file_status
from toolkit.store.identity import file_identity, is_racy
from toolkit.store.listing import is_utf8_name

FOLDER = "folder"


def _signature(status: os.stat_result) -> str:
    return f"{status.st_mode:o}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}:{status.st_ctime_ns}"


def catalog_signature(path: Path | str, looked_at_ns: int) -> str | None:
    """The catalog's signature, taken before its bytes are read (a change after this changes it), or None
    when its identity cannot vouch for its content."""
    try:
        status = file_status(path)
    except FileSystemError:
        return None
    if status is None:
        return None
    identity = file_identity(status)
    return None if is_racy(identity, looked_at_ns) else ":".join(map(str, identity))


def tree_signatures(root: Path) -> Iterator[tuple[str, str]]:
    """Every file and folder under `root` (not following links) with its signature; folders end in "/"."""
    pending = [("", os.fspath(root))]
    while pending:
        prefix, folder = pending.pop()
        with on_disk("list", folder), os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((name + "/", entry.path))
                    yield name + "/", FOLDER
                else:
                    yield name, _signature(entry.stat(follow_symlinks=False))


def folder_signatures(folder: str, prefix: str) -> Iterator[tuple[str, str]]:
    """The files directly in `folder` (not following links), named `prefix` + their name, with their
    signatures; nothing when the folder cannot be listed (each file is then looked at on its own)."""
    try:
        with on_disk("list", folder), os.scandir(folder) as entries:
            for entry in entries:
                try:
                    with on_disk("look at", entry.path):
                        # No page the build records has a name that is not UTF-8 (the manifest could not hold it).
                        if entry.is_dir(follow_symlinks=False) or not is_utf8_name(entry.name):
                            continue
                        signature = _signature(entry.stat(follow_symlinks=False))
                except FileSystemError:
                    continue
                yield prefix + entry.name, signature
    except FileSystemError:
        return


def file_signature(path: Path) -> str | None:
    try:
        status = file_status(path, follow_links=False)
    except FileSystemError:
        return None
    return None if status is None else _signature(status)
