"""A run's private folder in a memory-backed file system other programs share (Linux's /dev/shm: POSIX
semaphores, Chromium, Ray's object store; 64 MB in a Docker container by default).

Each folder holds a lock file its run keeps an flock on while it lives; the kernel drops the lock when the run
ends, however it ends. A folder whose lock can be taken was left by a run killed outright (as is one long
without a lock file) and is removed by the next run that makes one: no later run of its project would find
it, and it holds memory until a reboot. A process id cannot tell that: it names a process in this PID
namespace only, and containers that share /dev/shm would remove each other's live folders.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import FileSystemError
from toolkit.store.disk import on_disk
from toolkit.store.files import remove_tree
from toolkit.store.settings import UNLOCKED_MEMORY_FOLDER_SECONDS

LOCK_NAME = ".in-use"


@dataclass
class MemoryFolder:
    path: Path
    room: int  # the bytes the run may put there: its limit, or half the file system's free space if less
    lock: int  # the descriptor that holds the flock on path / LOCK_NAME

    def remove(self) -> None:
        remove_tree(self.path)
        with contextlib.suppress(OSError):
            os.close(self.lock)


def make_memory_folder(base: Path, prefix: str, limit: int) -> MemoryFolder | None:
    """A new folder in `base` named `prefix`, this process's id and a random part, locked, after the
    abandoned ones of this user's are removed; None when `base` has no room or cannot take one."""
    try:
        _remove_abandoned(base, prefix)
        with on_disk("look at the free space of", base):
            status = os.statvfs(base)
        room = min(limit, status.f_bavail * status.f_frsize // 2)
        if room <= 0:
            return None
        with on_disk("make a folder in", base):
            folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=base))
        lock = _take_lock(folder)
        if lock is None:  # another run took it for abandoned between the two steps and removed it
            remove_tree(folder)
            return None
        return MemoryFolder(folder, room, lock)
    except FileSystemError:
        return None


def _take_lock(folder: Path) -> int | None:
    """A descriptor holding the flock on the folder's lock file, made if missing; None when it is held
    elsewhere or the file is no longer the folder's."""
    path = folder / LOCK_NAME
    with on_disk("lock", path):
        handle = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with on_disk("lock", path):
            if os.stat(path, follow_symlinks=False).st_ino == os.fstat(handle).st_ino:
                return handle
    except (OSError, FileSystemError):
        pass
    os.close(handle)
    return None


def _remove_abandoned(base: Path, prefix: str) -> None:
    """Remove the folders in `base` named `prefix`..., this user's, whose lock file no run holds."""
    with on_disk("list", base), os.scandir(base) as entries:
        candidates = [Path(entry.path) for entry in entries if entry.name.startswith(prefix) and _mine(entry)]
    for folder in candidates:
        path = folder / LOCK_NAME
        try:
            with on_disk("lock", path):
                handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except FileSystemError:
            if _unlocked_long(folder):
                remove_tree(folder)
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # held: its run is alive
        else:
            remove_tree(folder)
        finally:
            os.close(handle)


def _unlocked_long(folder: Path) -> bool:
    """Whether the folder, which has no lock file, last changed over UNLOCKED_MEMORY_FOLDER_SECONDS ago (else a
    run is making it now)."""
    with contextlib.suppress(OSError):
        status = os.stat(folder, follow_symlinks=False)
        return time.time() - status.st_mtime > UNLOCKED_MEMORY_FOLDER_SECONDS
    return False


def _mine(entry: os.DirEntry) -> bool:
    """Whether `entry` is a folder (not a link to one) of this user's; False also when it is gone meanwhile."""
    with contextlib.suppress(OSError):
        return entry.is_dir(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_uid == os.getuid()
    return False
