"""A folder served over HTTP on 127.0.0.1 for the tests that need a web server (the browser tests' site, a
package index), quiet: no request log, and a client that hangs up mid-answer (a browser dropping a font it no
longer needs, an interrupted download) is not a traceback on the test run's output; and a raw client for the
tests that speak to `toolkit serve` byte by byte."""

from __future__ import annotations

import functools
import socket
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


def raw_exchange(port: int, request: bytes) -> bytes:
    """The whole answer of the server on 127.0.0.1:`port` to `request` sent as is; b"" when it closed without a
    word."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
            if b"\r\n\r\n" in answer and b"Content-Length: 0\r\n" in answer:
                break
    return answer
