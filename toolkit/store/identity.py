"""A file's identity on disk, and when it can stand for the file's content (git's "racy clean" rule).

Editing a file in place changes its change time (ctime), which no tool can set back, and saving it the way
editors do gives it a new inode; so an edit that keeps the size and the modification time still changes the
identity. The one blind spot of times is the file system's timestamp tick: a file changed twice within one
tick keeps the same times. So an identity taken within `RACY_WINDOW_NS` of the file's last change does not
vouch for its content: the file is read and hashed each time until a look finds it older.
"""

from __future__ import annotations

import os

Identity = tuple[int, int, int, int, int]  # device, inode, size, mtime_ns, ctime_ns

# A file whose modification or change time is this close to the moment it is looked at may still change
# within the same timestamp tick without its times showing it (ext4 and tmpfs tick every few milliseconds,
# HFS+ and ext3 every second, FAT every 2 s).
RACY_WINDOW_NS = 3_000_000_000


# Times in nanoseconds beyond what a signed 64-bit integer holds (after the year 2262, before 1677: a project
# copied from a machine with a wrong clock, or a `touch -d 2400-01-01`) are clamped to its ends, so that they
# fit the run cache's columns; such a time is in the future, so the identity never vouches for the content
# (`is_racy`) and the file is read each time.
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


def _clamped(nanoseconds: int) -> int:
    return min(max(nanoseconds, _INT64_MIN), _INT64_MAX)


def _signed(number: int) -> int:
    """An unsigned 64-bit device or inode number (some network and FUSE file systems use the top bit) as
    the signed one with the same bits, which the run cache's columns hold: the same identity, the same
    packed bytes."""
    return number - (1 << 64) if number > _INT64_MAX else number


def file_identity(status: os.stat_result) -> Identity:
    return (
        _signed(status.st_dev),
        _signed(status.st_ino),
        status.st_size,
        _clamped(status.st_mtime_ns),
        _clamped(status.st_ctime_ns),
    )


def is_racy(identity: Identity, looked_at_ns: int) -> bool:
    """True when the file changed too close to `looked_at_ns` (when its status was taken) for the identity
    to vouch for its content."""
    return max(identity[3], identity[4]) >= looked_at_ns - RACY_WINDOW_NS


def settled_identity(status: os.stat_result, looked_at_ns: int) -> Identity | None:
    """The file's identity when it can stand for its content (not `is_racy`); else None."""
    identity = file_identity(status)
    return None if is_racy(identity, looked_at_ns) else identity
