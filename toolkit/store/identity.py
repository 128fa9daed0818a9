"""A file's identity on disk, and when it can stand for the file's content (git's "racy clean" rule).

Editing a file in place changes its change time (ctime), which no tool can set back, and saving it the way
editors do gives it a new inode; so an edit that keeps the size and the modification time still changes the
identity. The one blind spot of times is the file system's timestamp tick: a file changed twice within one
tick keeps the same times. So an identity taken within `RACY_WINDOW_NS` of the file's last change does not
vouch for its content: the file is read and hashed each time until a look finds it older.

A set of files that must not change unseen after a moment (a site as its build left it) is sealed instead:
`seal` returns a change time that every change made before it is at or before and every change made after
it is past, so one recorded time tells, by each file's ctime, which were touched since.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from toolkit.store.files import NEW_FILE_FLAGS
from toolkit.store.settings import RACY_WINDOW_NS, TICK_LOOK_SECONDS, TICK_WAIT_SECONDS

Identity = tuple[int, int, int, int, int]  # device, inode, size, mtime_ns, ctime_ns


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


def seal(probe: Path, wait_for_tick: bool = True) -> int | None:
    """A change time at or after every change made so far on `probe`'s file system, and before any made once
    this returns: the ctime of `probe` (a free name, made and removed here, never followed if a link), taken
    once the file system's clock has ticked past it. None when the probe cannot be made or the clock does
    not tick within TICK_WAIT_SECONDS: nothing is sealed, and whoever relies on the seal trusts no file.
    Without `wait_for_tick`, at once: a change made within the same tick, after this returns, may have the
    same time (a mark for a moment the caller's own run spans, not a seal to trust for later)."""
    try:
        descriptor = os.open(probe, NEW_FILE_FLAGS, 0o600)
    except OSError:
        return None
    try:
        made = os.fstat(descriptor).st_ctime_ns
        if not wait_for_tick:
            return made
        deadline = time.monotonic() + TICK_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(TICK_LOOK_SECONDS)
            os.utime(descriptor)
            if os.fstat(descriptor).st_ctime_ns > made:
                return made
        return None
    except OSError:
        return None
    finally:
        os.close(descriptor)
        with contextlib.suppress(OSError):
            os.unlink(probe)
