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
from collections.abc import Sequence
from pathlib import Path

_PR_SET_PDEATHSIG = 1
# Looked up once, here: the child runs only this call between fork and exec.
_prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)


def die_with(parent_pid: int) -> None:
    """In a new child process: be killed when the process `parent_pid` (the one that started it) ends."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(1)


# The children run_child has running, for stop_children (each is started and waited for in its own thread).
_running: set[subprocess.Popen[str]] = set()
_running_lock = threading.Lock()


def run_child(command: Sequence[str], timeout: float, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `command` to its end as subprocess.run does (output captured as text, no check), in a process
    that dies with this one."""
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        preexec_fn=functools.partial(die_with, os.getpid()),
    ) as process:
        with _running_lock:
            _running.add(process)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            process.kill()
            error.output, error.stderr = process.communicate()
            raise
        finally:
            with _running_lock:
                _running.discard(process)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def stop_children() -> None:
    """Kill the children run_child has running: a build that stops (interrupted, or failed) does not wait for
    output it will not use. A SIGTERM reaches the build alone, not its children, which would otherwise run on
    to their end (a Pagefind run, minutes on a big site) while the interrupted build waits for them."""
    with _running_lock:
        for process in _running:
            with contextlib.suppress(OSError):
                process.kill()
