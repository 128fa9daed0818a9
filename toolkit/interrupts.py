"""A run stopped from outside (Ctrl-C, `kill`, `timeout`, a cancelled CI job, a closed terminal) ends with one
line and exit 130, from the process's first moment to its last: SIGINT, SIGTERM and SIGHUP alike.

The entry point installs the handler before it imports anything else: a signal while the commands' modules
load (a few hundred milliseconds) ended the run with -15 and no word, or click's "Aborted!" and exit 1. What
the handler does depends on where the run is:
- starting (nothing written, no lock taken): the one line, exit 130 at once;
- working (inside a command's body, `cli._guarded`): KeyboardInterrupt, which the command turns into its
  cleanup (staging removed, lock let go, child processes stopped) and the one line, exit 130;
- done (the command's exit code decided): the signal is ignored, and the run exits with its own code. Its files
  are all written, so "interrupted, run again to finish" would be untrue; and Python's shutdown puts the
  default action back (death by the signal, no message) unless the signal is ignored outright by then.
"""

from __future__ import annotations

import os
import signal

STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
INTERRUPTED = "interrupted; files already written are complete, run again to finish"

_phase = "starting"


def _stopped(signum: int, frame: object) -> None:
    if _phase == "working":
        raise KeyboardInterrupt
    if _phase == "starting":
        from toolkit.errors import EXIT_INTERRUPTED

        os.write(2, f"toolkit: {INTERRUPTED}\n".encode())
        os._exit(EXIT_INTERRUPTED)


def install() -> None:
    """Stop the run as above on each of the signals (the main thread of the entry point's process only)."""
    global _phase
    _phase = "starting"
    for signum in STOPPING:
        signal.signal(signum, _stopped)


def working() -> None:
    """A command's body begins: a signal now interrupts it."""
    global _phase
    _phase = "working"


def done() -> None:
    """The command's exit code is decided: a signal now changes nothing."""
    global _phase
    _phase = "done"


def ignore_from_now() -> None:
    """The process is about to end: the signals are ignored through Python's own shutdown, which would otherwise
    give them their default action back."""
    done()
    for signum in STOPPING:
        signal.signal(signum, signal.SIG_IGN)
