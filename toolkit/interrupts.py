"""A run stopped from outside (Ctrl-C, `kill`, `timeout`, a cancelled CI job, a closed terminal) ends with one
line and exit 130, from the process's first moment to its last: SIGINT, SIGTERM and SIGHUP alike.

The entry point installs the handler before it imports anything else: a signal while the commands' modules
load (a few hundred milliseconds) ended the run with -15 and no word, or click's "Aborted!" and exit 1. What
the handler does depends on where the run is:
- starting (nothing written, no lock taken): the one line, exit 130 at once;
- working (inside a command's body, `cli._guarded`): KeyboardInterrupt, which the command turns into its
  cleanup (staging removed, lock let go, child processes stopped) and the one line, exit 130;
- done (the command's exit code decided): the run exits with its own code. Its files are all written, so
  "interrupted, run again to finish" would be untrue. While the exit hooks run (Ray's shutdown of a local
  cluster can take seconds, or hang), a signal ends the process at once with that code; once they have run,
  the signals are ignored outright, since Python's shutdown then puts their default action back (death by the
  signal, no message).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager

STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# Here, not among the other exit codes (toolkit/errors.py, which takes it from here): a stop while that module
# loads found it half made, and ended in an ImportError's traceback.
EXIT_INTERRUPTED = 130
INTERRUPTED = "interrupted; files already written are complete, run again to finish"

_phase = "starting"
_exit_code = 0
_installed = False
_held = 0  # how many `uninterrupted` stretches the main thread is in
_pending = False  # a stop came during one


def _stopped(signum: int, frame: object) -> None:
    global _pending
    if _phase == "working":
        if _held and not _pending:
            _pending = True
            return
        raise KeyboardInterrupt
    if _phase == "starting":
        os.write(2, f"toolkit: {INTERRUPTED}\n".encode())
        os._exit(EXIT_INTERRUPTED)
    if _phase == "ending":
        os._exit(_exit_code)


def install() -> None:
    """Stop the run as above on each of the signals (the main thread of the entry point's process only)."""
    global _phase, _installed
    _phase = "starting"
    for signum in STOPPING:
        signal.signal(signum, _stopped)
    if not _installed:
        # Exit hooks run last registered first: this one, registered before any other of the run's, runs last.
        atexit.register(_ignore_through_shutdown)
        _installed = True


@contextmanager
def working() -> Iterator[None]:
    """A command's body: a signal within it interrupts it; once it has ended, however it ended, its exit code is
    decided and a signal changes nothing."""
    global _phase
    _phase = "working"
    try:
        yield
    finally:
        _phase = "done"


@contextmanager
def uninterrupted() -> Iterator[None]:
    """A stretch of a command's body that a stop must not cut, raised at its end instead: a fork from the main
    thread (the render pool's workers), whose at-fork hooks, Python's own, take and give back the locks of
    logging and concurrent.futures in Python code and swallow what it raises. A stop there left logging's lock
    taken for ever (so the indexer's threads, whose forks take it too, waited for it, and the build with them)
    and was itself lost: the SIGTERM'ed build went on, and hung. A second stop within the stretch is raised at
    once: one that does not end (a local Ray cluster that never comes up) is still the reader's to stop."""
    global _held, _pending
    _held += 1
    try:
        yield
    finally:
        _held -= 1
        if not _held and _pending:
            _pending = False
            if _phase == "working":
                raise KeyboardInterrupt


def ending(code: object) -> None:
    """The process is about to end with `code` (SystemExit's: None, a number, or a message for exit 1): a signal
    now ends it with that code at once."""
    global _phase, _exit_code
    _phase = "ending"
    _exit_code = 0 if code is None else code if isinstance(code, int) else 1
    # A stop raised inside code Python ran from text (exec or eval of a string: each dataclass's and namedtuple's
    # methods, made as their module is first imported) is marked unhandled in the interpreter, though the command
    # handled it; at the end of a `python -m` run Python then killed itself by SIGINT, whatever the exit code (the
    # one line, then -2). Running any text clears the mark, and from here on a stop raises nothing to set it again.
    # Compiling it takes memory: a run whose limit on memory (`ulimit -v`) was met, its one line said, ended in a
    # traceback of this MemoryError.
    with contextlib.suppress(MemoryError):
        exec("")


def _ignore_through_shutdown() -> None:
    if _phase == "ending":
        for signum in STOPPING:
            signal.signal(signum, signal.SIG_IGN)
