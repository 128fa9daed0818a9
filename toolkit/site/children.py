"""Every process a build starts dies with it: the render workers it forks and the search indexer it runs.

A child left behind by a build that was killed (SIGKILL, SIGTERM, an out-of-memory kill) would go on writing
into a staging folder the next run removes, and a forked worker would keep the project's lock (its descriptor
comes with the fork), so every later run would be refused. Linux's PR_SET_PDEATHSIG has the kernel kill the
child when the thread that started it ends, which no signal handler of the build could do on SIGKILL. That
thread is the build's main thread for the workers, and for an indexer the thread that waits for it to finish,
so neither outlives what it started. Setting it in the child costs a fork instead of a vfork (4.4 against
0.3 ms of CPU a run for a build holding 100 MB): under 1% of a Pagefind run.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import signal
import subprocess
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TypeVar

from toolkit.threads import PartOfTheWork

_PR_SET_PDEATHSIG = 1
T = TypeVar("T")
# Looked up once, here: the child runs only this call between fork and exec.
_prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)


def die_with(parent_pid: int) -> None:
    """In a new child process: be killed when the process `parent_pid` (the one that started it) ends."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(1)


class Children:
    """The children one build runs (each started and waited for in a thread of its own), for `stop`: a build that
    stops (interrupted, or failed) does not wait for output it will not use. A SIGTERM reaches the build alone,
    not its children, which would otherwise run on to their end (a Pagefind run, minutes on a big site) while
    the interrupted build waits for them."""

    def __init__(self) -> None:
        self._running: set[subprocess.Popen[bytes]] = set()
        self._stopped = False
        self._lock = threading.Lock()

    def stop(self) -> None:
        """Kill the children running, and every child started from now on as soon as it is started."""
        with self._lock:
            self._stopped = True
            for process in self._running:
                with contextlib.suppress(OSError):
                    process.kill()

    def _started(self, process: subprocess.Popen[bytes]) -> None:
        # A child whose start was under way when `stop` ran (Popen returns once it has exec'd, which takes a
        # while on a loaded machine) was not there for it to kill: the build waited for it to end on its own.
        with self._lock:
            self._running.add(process)
            if self._stopped:
                process.kill()

    def _ended(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._running.discard(process)

    def run(
        self, command: Sequence[str], talk: Callable[[IO[bytes], IO[bytes]], T], timeout: float, folder: Path
    ) -> tuple[subprocess.CompletedProcess[str], T | None]:
        """Run `command` to its end in a process that dies with this one, in `folder` (one of the build's own:
        Pagefind reads a pagefind.yml, .yaml, .toml or .json from the folder it runs in, and the user's may hold
        another site's), `talk` given its standard input and output to write and read as it needs: the run (its
        remaining output and its errors as text, no check), and what `talk` returned (None when the child ended
        or stopped reading before it was done). subprocess.TimeoutExpired when the child is still at work after
        `timeout` seconds (it is then killed)."""
        with subprocess.Popen(
            command,
            cwd=folder,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=functools.partial(die_with, os.getpid()),
        ) as process:
            self._started(process)
            finished, timed_out = threading.Event(), threading.Event()
            timer = PartOfTheWork(_stop_after, "child process timer", (timeout, process, finished, timed_out))
            # Read all along, so that a child saying much on its error output never waits for room in the pipe.
            draining = PartOfTheWork(_read_all, "child process error output", (process.stderr,))
            try:
                timer.start()
                draining.start()
                said = None
                try:
                    with contextlib.suppress(BrokenPipeError):  # it ended, or stopped reading: its exit says why
                        said = talk(process.stdin, process.stdout)
                    with contextlib.suppress(BrokenPipeError):
                        process.stdin.close()
                except BaseException:
                    process.kill()  # else it waits for more input, and its pipes' reader for it, for ever
                    # Closed here, not by the `with`: its requests still buffered fail to reach the dead child, and
                    # that BrokenPipeError took the place of the error that brought the run here (a page of the
                    # search input that could not be read was "cannot run the Pagefind search indexer").
                    with contextlib.suppress(OSError):
                        process.stdin.close()
                    raise
                stdout = process.stdout.read()
                draining.join()
                process.wait()
            finally:
                finished.set()
                self._ended(process)
                if timer.ident is not None:  # started
                    timer.join()
            if timed_out.is_set():
                raise subprocess.TimeoutExpired(command, timeout)
        run = subprocess.CompletedProcess(
            process.args, process.returncode, stdout.decode(errors="replace"), draining.result.decode(errors="replace")
        )
        return run, said


def _stop_after(
    timeout: float, process: subprocess.Popen[bytes], finished: threading.Event, timed_out: threading.Event
) -> None:
    """Kill `process`, `timed_out` set, unless it has `finished` within `timeout` seconds."""
    if not finished.wait(timeout):
        timed_out.set()
        process.kill()


def _read_all(stream: IO[bytes]) -> bytes:
    return stream.read()
