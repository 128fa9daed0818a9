"""Stat signatures: how a build tells, without reading a file, that it is the one the previous build saw.

A catalog's signature is its identity (toolkit/store/identity.py: device, inode, size, modification and
change times), kept only when that identity vouches for the content (not a file changed within a timestamp
tick of the look); such a file is hashed again next time, which costs a read, never a stale page.

A site file's signature is its type, inode, size and mtime, taken from the staging folder before the swap
(toolkit/site/generation.py): not its ctime, which the build's own hard links of a carried file and its
removal of the previous site change. Once both are done the build seals the site (toolkit/store/identity.py)
and records that one time; the next build trusts a file in site/ only when its signature is the one recorded
and its ctime is at or before the seal. An edit made after the seal, even one that keeps the size and puts
the mtime back (rsync --inplace -t, cp -p, touch -r), gives a later ctime, which no tool can set back; one
made between the signatures and the seal changes the mtime or the size.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from toolkit.errors import FileSystemError
from toolkit.store.disk import on_disk
from toolkit.store.files import file_status
from toolkit.store.identity import file_identity, is_racy
from toolkit.store.listing import is_utf8_name

FOLDER = "folder"


# What a file of site/ changed since the seal (or of a site never sealed) signs as: no recorded signature.
CHANGED_SINCE_SEAL = "changed since the build"


def _signature(status: os.stat_result) -> str:
    return f"{status.st_mode:o}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}"


def _live_signature(status: os.stat_result, sealed_ns: int | None) -> str:
    """The signature of a file of the site in place, sealed at `sealed_ns` (None: never sealed)."""
    if sealed_ns is None or status.st_ctime_ns > sealed_ns:
        return CHANGED_SINCE_SEAL
    return _signature(status)


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
    """Every file and folder under `root` (the staging folder), not following links, with the signature a
    build records; folders end in "/"."""
    return _walk(root, _signature)


def live_tree_signatures(root: Path, sealed_ns: int | None) -> Iterator[tuple[str, str]]:
    """Every file and folder under `root` (in the site in place, sealed at `sealed_ns`) with its signature."""
    return _walk(root, partial(_live_signature, sealed_ns=sealed_ns))


def _walk(root: Path, signature: Callable[[os.stat_result], str]) -> Iterator[tuple[str, str]]:
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
                    yield name, signature(entry.stat(follow_symlinks=False))


def folder_signatures(folder: str, prefix: str, sealed_ns: int | None) -> Iterator[tuple[str, str]]:
    """The files directly in `folder` of the site in place, sealed at `sealed_ns` (not following links),
    named `prefix` + their name, with their signatures; nothing when the folder cannot be listed (each file
    is then looked at on its own)."""
    try:
        with on_disk("list", folder), os.scandir(folder) as entries:
            for entry in entries:
                try:
                    with on_disk("look at", entry.path):
                        # No page the build records has a name that is not UTF-8 (the manifest could not hold it).
                        if entry.is_dir(follow_symlinks=False) or not is_utf8_name(entry.name):
                            continue
                        signature = _live_signature(entry.stat(follow_symlinks=False), sealed_ns)
                except FileSystemError:
                    continue
                yield prefix + entry.name, signature
    except FileSystemError:
        return


def file_signature(path: Path, sealed_ns: int | None) -> str | None:
    """The signature of a file of the site in place, sealed at `sealed_ns`; None when there is none."""
    try:
        status = file_status(path, follow_links=False)
    except FileSystemError:
        return None
    return None if status is None else _live_signature(status, sealed_ns)
