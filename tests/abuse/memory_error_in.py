"""`python -m toolkit` (its real entry point) with a MemoryError raised inside one of the threads a run starts, as
running out of memory there does: the rest of the run is real.

    python memory_error_in.py THREAD TOOLKIT_ARGUMENT...

THREAD: `indexer` (a search indexer run, in the Indexer's thread pool), `indexer-errors` (the thread reading a
Pagefind run's error output), `render-pool` (concurrent.futures' thread that manages the render workers, a thread
the toolkit does not start; the pool is used from the first page on) or `server` (`toolkit serve`'s server thread).
"""

from __future__ import annotations

import concurrent.futures.process
import subprocess
import sys
import threading

import toolkit.site.children
import toolkit.site.pool
import toolkit.site.search
import toolkit.site.server
from toolkit.__main__ import entry

THREADS = ("indexer", "indexer-errors", "render-pool", "server")


def _out_of_memory(*arguments: object, **keywords: object) -> None:
    raise MemoryError


class _ErrorOutputOutOfMemory:
    """A child's error output whose reading runs out of memory, outside the main thread."""

    def __init__(self, stream):
        self._stream = stream

    def read(self, *arguments):
        if threading.current_thread() is not threading.main_thread():
            raise MemoryError
        return self._stream.read(*arguments)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


class _ChildOutOfMemoryReadingErrors(subprocess.Popen):
    def __init__(self, *arguments, **keywords) -> None:
        super().__init__(*arguments, **keywords)
        self.stderr = _ErrorOutputOutOfMemory(self.stderr)


def run(thread: str, arguments: list[str]) -> None:
    if thread == "indexer":
        toolkit.site.search._index_one = _out_of_memory
    elif thread == "indexer-errors":
        toolkit.site.children.subprocess.Popen = _ChildOutOfMemoryReadingErrors
    elif thread == "render-pool":
        toolkit.site.pool.PARALLEL_RENDER_MIN = 1
        concurrent.futures.process._ExecutorManagerThread.run = _out_of_memory
    elif thread == "server":
        toolkit.site.server.SiteServer.serve_forever = _out_of_memory
    else:
        raise SystemExit(f"unknown thread {thread!r}: one of {', '.join(THREADS)}")
    sys.argv = ["toolkit", *arguments]
    entry()


if __name__ == "__main__":
    run(sys.argv[1], sys.argv[2:])
