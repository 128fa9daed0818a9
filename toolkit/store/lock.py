"""One writer per project: a second run waits a little (for `serve`'s rebuild, until it ends), then refuses with
a clear message."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import click

from toolkit.errors import LockedError
from toolkit.store.disk import on_disk
from toolkit.store.files import atomic_write_bytes, folders_made_in_place, remove_temp_files

LOCK_NAME = "lock"
# What a run holding the lock is doing, told by its command's name to the run it refuses.
HOLDERS_DOING = {
    "align": "is aligning a translation into this project",
    "build": "is building this project's site",
    "publish": "is publishing this project",
    "serve": "is rebuilding this project's site",
    "translate": "is translating this project",
}
# The holder's record ("PID COMMAND") is written in one pwrite of this fixed size over the one before, so a reader
# sees the old record or the new, never the file truncated and not yet written.
_RECORD_BYTES = 64
# A run refused right after the holder took the lock finds its record not written yet, and one waiting for serve
# finds it emptied just before the lock is released: it reads again this long.
_RECORD_WAIT_SECONDS = 1.0
# `serve` holds the lock only while it rebuilds after a save, seconds at most, and a translator runs translate
# or publish right after saving: a run that finds it rebuilding waits for it, this long at most, saying so.
WAITED_FOR = frozenset({"serve"})
WAIT_SECONDS = 60.0


@contextmanager
def project_lock(state_dir: Path, command: str = "") -> Iterator[None]:
    """Hold an exclusive advisory lock; the kernel drops it when the process dies, so no stale locks.

    `command` (a key of HOLDERS_DOING) is recorded beside the pid, so a run refused is told who holds it and why.
    Taken by commands only, once per run: the library functions they call assume it is held. flock() also
    conflicts between two descriptors of one process, so taking it twice is refused like another run.

    The lock is on the state folder and on the lock file in it. A folder is one project's own, where a file may
    be a hard link of another project's (a copy made with `cp -al`): that copy was locked out by the original,
    and its record written into the original's file. A lock file with other links is replaced by one of its own
    while the folder's lock is held. The file's own lock keeps a run of an older toolkit out."""
    path = state_dir / LOCK_NAME
    with on_disk("take the project's lock", path):
        state_dir.mkdir(parents=True, exist_ok=True)
        folder = os.open(state_dir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        refused_at = time.monotonic()
        # A holder's record is missing before it is written and after it is emptied, while the lock goes with
        # the process a moment later: both are read again for a while from the last time a record was seen.
        unrecorded_since = refused_at
        waiting_for = None
        while (fd := _take(folder, path)) is None:
            holder = _holder(path)
            now = time.monotonic()
            if holder is not None and _is_stopped(holder[0]):
                raise LockedError(_stopped_refusal(holder), state_dir.parent) from None
            if holder is not None and holder[1] in WAITED_FOR and now - refused_at < WAIT_SECONDS:
                unrecorded_since = now
                if holder != waiting_for:
                    pid, holding = holder
                    click.echo(
                        f"toolkit: waiting for toolkit {holding} (pid {pid}), which {HOLDERS_DOING[holding]}",
                        err=True,
                    )
                    waiting_for = holder
            elif holder is not None or now - unrecorded_since >= _RECORD_WAIT_SECONDS:
                raise LockedError(_refusal(holder), state_dir.parent) from None
            time.sleep(0.05)
        try:
            record = f"{os.getpid()} {command}".encode("ascii")[:_RECORD_BYTES].ljust(_RECORD_BYTES)
            with on_disk("write the project's lock", path):
                os.pwrite(fd, record, 0)
            try:
                # What a killed run was writing in the state folder (the cache's mark, the build's under-way mark,
                # a database copied out of a hard link) was its alone, and no run that could finish it is alive
                # while this one holds the lock.
                remove_temp_files(state_dir)
                with folders_made_in_place(state_dir.parent):
                    yield
            finally:
                with suppress(OSError):  # a record left behind names a dead pid, which readers pass over
                    os.ftruncate(fd, 0)
        finally:
            os.close(fd)
    finally:
        os.close(folder)


def _take(folder: int, path: Path) -> int | None:
    """The lock file's descriptor with its lock and the folder's held; None while another run holds either."""
    try:
        fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return None
    except OSError:  # a file system that locks no folder (NFS locks only files open for writing): the file's
        pass
    try:
        with on_disk("take the project's lock", path):
            fd = _own_lock_file(path)
    except BaseException:
        fcntl.flock(folder, fcntl.LOCK_UN)
        raise
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        fcntl.flock(folder, fcntl.LOCK_UN)
        return None
    return fd


def _own_lock_file(path: Path) -> int:
    """The lock file open for writing, a file of this project's own: one with other hard links is replaced."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    if os.fstat(fd).st_nlink < 2:
        return fd
    os.close(fd)
    atomic_write_bytes(path, b"")
    return os.open(path, os.O_RDWR | os.O_NOFOLLOW)


def _holder(path: Path) -> tuple[int, str] | None:
    """The live holder's pid and command as its record gives them; None while the record is not (yet) its own:
    empty, unreadable, or left by a run that has died since."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            fields = os.pread(fd, _RECORD_BYTES, 0).decode("ascii").split()
        finally:
            os.close(fd)
        pid = int(fields[0])
    except (OSError, UnicodeDecodeError, IndexError, ValueError):
        return None
    if not is_alive(pid):
        return None
    return pid, fields[1] if len(fields) > 1 else ""


def is_alive(pid: int) -> bool:
    """Whether a process of this id is running (of any user). An id no process can have is none: 0 and below
    name process groups to kill(), and one past the C long is an OverflowError, not an answer."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _is_stopped(pid: int) -> bool:
    """Whether the process is stopped (Ctrl-Z, SIGSTOP, a debugger's stop): it holds what it holds until it is
    resumed. False where /proc does not say (not Linux, the process gone meanwhile)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read()
    except OSError:
        return False
    # "pid (command) state ...": the command may hold spaces and parentheses, so the state follows the last ")".
    state = fields[fields.rfind(b")") + 2 :][:1]
    return state in (b"T", b"t")


def _stopped_refusal(holder: tuple[int, str]) -> str:
    pid, command = holder
    who = f"toolkit {command}" if command in HOLDERS_DOING else "another toolkit run"
    return (
        f"{who} (pid {pid}) holds the project's lock and is stopped (Ctrl-Z in its terminal, SIGSTOP or a "
        f"debugger), so it ends only once it goes on: resume it (fg in its terminal, or kill -CONT {pid}), then "
        "run again"
    )


def _refusal(holder: tuple[int, str] | None) -> str:
    if holder is None:
        return "another toolkit run is working on this project; try again when it ends"
    pid, command = holder
    if command in HOLDERS_DOING:
        return f"toolkit {command} (pid {pid}) {HOLDERS_DOING[command]}; try again when it ends"
    return f"another toolkit run (pid {pid}) is working on this project; try again when it ends"
