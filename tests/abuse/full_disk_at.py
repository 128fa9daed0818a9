"""`toolkit` with its disk filled right before one phase of a publish, whatever was written before it: a
ballast file beside the project takes all the file system's room but `free` bytes, less than the phase
writes, so the disk runs out in that phase and nowhere else. The disk is real (a tmpfs), its refusals the
kernel's; only the moment is chosen.

    python full_disk_at.py PHASE BALLAST FREE_BYTES TOOLKIT_ARGUMENT...

PHASE: `catalogs` (the first catalog save of translate), `staging` (the build staging the article pages) or
`search` (the search indexer writing its output, once the build's own staging is done, so that the indexer's
write is the one that fails, not the list pages staged while it runs).
"""

from __future__ import annotations

import errno
import functools
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import toolkit.catalog.update
import toolkit.site.build
import toolkit.site.search
from toolkit.cli import main

PHASES = ("catalogs", "staging", "search")
_STAGING_DONE_WAIT_SECONDS = 300


def fill(ballast: Path, free: int) -> None:
    """Grow `ballast` until its file system has `free` bytes left (a page, rounded down, on a tmpfs)."""
    status = os.statvfs(ballast.parent)
    room = status.f_bavail * status.f_frsize - free
    if room > 0:
        try:
            with open(ballast, "ab") as handle:
                handle.write(bytes(room))
        except OSError as error:
            # What the run's other threads write meanwhile (the indexer's run not held back) took the last of
            # the room first: the disk is full, as asked.
            if error.errno != errno.ENOSPC:
                raise


def _before(module: ModuleType, name: str, first: Callable[[], None]) -> None:
    """Run `first` once, before the first call of `module.name`."""
    real = getattr(module, name)  # an AttributeError here: the phase's function was renamed; follow it
    # Taken once, never given back. Not an Event looked at then set: the indexer's runs of a bundle (one a
    # language) start together in two threads, which both found it unset now and then, and both filled the
    # disk: the second's ballast write failed (an OSError naming no file, which the build reported as
    # "<project>/site: cannot build the site"), and was the error the run ended on when its run came first.
    first_call = threading.Lock()

    @functools.wraps(real)
    def wrapped(*args, **kwargs):
        if first_call.acquire(blocking=False):
            first()
        return real(*args, **kwargs)

    setattr(module, name, wrapped)


def _after_staging(fill_disk: Callable[[], None]) -> None:
    """Fill the disk as the indexer starts, once the staging that runs beside it is done (the build asks the
    indexer to finish, or leaves it on an error)."""
    staged = threading.Event()
    indexer = toolkit.site.search.Indexer
    real_finish, real_exit = indexer.finish, indexer.__exit__

    def finish(self):
        staged.set()
        return real_finish(self)

    def leave(self, *exception):
        staged.set()
        return real_exit(self, *exception)

    indexer.finish, indexer.__exit__ = finish, leave

    def wait_then_fill() -> None:
        staged.wait(_STAGING_DONE_WAIT_SECONDS)
        fill_disk()

    _before(toolkit.site.search, "_index_one", wait_then_fill)


def run(phase: str, ballast: Path, free: int, arguments: list[str]) -> None:
    fill_disk = functools.partial(fill, ballast, free)
    if phase == "catalogs":
        _before(toolkit.catalog.update, "save_catalog", fill_disk)
    elif phase == "staging":
        _before(toolkit.site.build, "_stage_articles", fill_disk)
    elif phase == "search":
        _after_staging(fill_disk)
    else:
        raise SystemExit(f"unknown phase {phase!r}: one of {', '.join(PHASES)}")
    sys.argv = ["toolkit", *arguments]
    main()


if __name__ == "__main__":
    run(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4:])
