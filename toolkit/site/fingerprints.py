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

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from toolkit.errors import FileSystemError
from toolkit.store.files import file_status, folder_statuses, open_regular_file, tree_statuses
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
    for name, status in tree_statuses(root):
        yield name, FOLDER if status is None else signature(status)


def folder_signatures(folder: str, prefix: str, sealed_ns: int | None) -> Iterator[tuple[str, str]]:
    """The files directly in `folder` of the site in place, sealed at `sealed_ns` (not following links),
    named `prefix` + their name, with their signatures; nothing when the folder cannot be listed (each file
    is then looked at on its own)."""
    try:
        for name, status in folder_statuses(folder):
            # No page the build records has a name that is not UTF-8 (the manifest could not hold it).
            if is_utf8_name(name):
                yield prefix + name, _live_signature(status, sealed_ns)
    except FileSystemError:
        return


def changed_since_staged(
    root: Path, recorded: Iterable[tuple[str, str, str | None]], staged_ns: int | None, sealed_ns: int
) -> Iterator[str]:
    """The files of the site at `root` that a build stopped after its swap may not vouch for, of the
    `recorded` ones (name, signature, hash): the build took their signatures from staging, and every change
    it made to them before its swap is at or before `staged_ns` (None: not known);
    `sealed_ns` is a seal taken now. A file whose ctime is before `staged_ns` is the one staged (`staged_ns`
    is taken without waiting for the clock's tick, so a change after it may have that very time), and one
    changed after `sealed_ns` is not trusted anyway; in between, the old site's removal (a hard link less)
    or an edit changed it, so a file of the recorded signature must still hash as recorded."""
    for name, signature, recorded_hash in recorded:
        path = root / name
        try:
            status = file_status(path, follow_links=False)
        except FileSystemError:
            continue  # not looked at, not trusted: the next build's own look fails too
        if status is None or (staged_ns is not None and status.st_ctime_ns < staged_ns):
            continue
        if status.st_ctime_ns > sealed_ns or _signature(status) != signature:
            continue
        if recorded_hash is None or content_hash(path) != recorded_hash:
            yield name


def content_hash(path: Path) -> str | None:
    """The SHA-256 of the regular file at `path` (not through a link), in hex; None when there is none."""
    try:
        with open_regular_file(path, follow_links=False) as (handle, _):
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def file_signature(path: Path, sealed_ns: int | None) -> str | None:
    """The signature of a file of the site in place, sealed at `sealed_ns`; None when there is none."""
    try:
        status = file_status(path, follow_links=False)
    except FileSystemError:
        return None
    return None if status is None else _live_signature(status, sealed_ns)
