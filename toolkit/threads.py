"""A thread the toolkit starts for a part of a piece of work: what it raises is raised again in the thread that
joins it, and ends the run as a failure of the main thread's does (one line, the command's clean-up run).

Left to threading, an exception in a thread (a MemoryError under `ulimit -v`) printed its traceback and the
thread ended; its part of the work was lost without a word (the search indexer's error output read as nothing)
or never done (a timer that was to stop a child process), and the run went on, or waited for ever. A thread
the toolkit does not start (concurrent.futures' own, Ray's) is met by limits' threading.excepthook instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class PartOfTheWork(threading.Thread):
    """A daemon thread running `target(*args)`; `join` raises what it raised, once."""

    def __init__(self, target: Callable[..., Any], name: str, args: tuple = ()) -> None:
        super().__init__(target=target, name=name, args=args, daemon=True)
        self._failure: BaseException | None = None
        self.result: Any = None

    def run(self) -> None:
        try:
            self.result = self._target(*self._args)  # type: ignore[attr-defined]
        except BaseException as error:  # handed to the joining thread, as if raised there
            self._failure = error

    def join(self, timeout: float | None = None) -> None:
        super().join(timeout)
        failure, self._failure = self._failure, None
        if failure is not None:
            raise failure
