"""A folder served over HTTP on 127.0.0.1 for the tests that need a web server (the browser tests' site, a
package index), quiet: no request log, and a client that hangs up mid-answer (a browser dropping a font it no
longer needs, an interrupted download) is not a traceback on the test run's output."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        return None


@contextmanager
def served_folder(root: Path) -> Iterator[str]:
    """`root` served on a free port of 127.0.0.1 for the block's duration; yields its base URL."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
