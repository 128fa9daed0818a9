"""One writer per project: a second run waits a little, then refuses with a clear message."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from toolkit.errors import LockedError
from toolkit.store.disk import on_disk

LOCK_NAME = "lock"


@contextmanager
def project_lock(state_dir: Path, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold an exclusive advisory lock; the kernel drops it when the process dies, so no stale locks.

    Taken by commands only, once per run: the library functions they call assume it is held. flock() also
    conflicts between two descriptors of one process, so taking it twice is refused like another run."""
    path = state_dir / LOCK_NAME
    with on_disk("take the project's lock", path):
        state_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "another process"
                    raise LockedError(
                        f"another toolkit run (pid {holder}) is working on this project; try again when it ends",
                        state_dir.parent,
                    ) from None
                time.sleep(0.1)
        with on_disk("write the project's lock", path):
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(fd)
