"""The HTTP side of `toolkit serve`: regular files under site/ and nothing else, over HTTP/1.1.

The standard library's SimpleHTTPRequestHandler lists folders, follows symlinks out of the folder it serves
and raises on an encoded NUL byte; this handler answers every request it can parse with a file or a short
error page, and a request it cannot parse with 400. What a request may reach is decided by `site_file`, a
function of the site folder and the request target only.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import mimetypes
import os
import re
import socket
import stat
import threading
import time
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from toolkit.config import BROKEN_PERCENT_ESCAPE
from toolkit.errors import FileSystemError
from toolkit.site.settings import NOT_FOUND_PAGE
from toolkit.store.files import file_mode, open_regular_file, real_path

# Text types are sent with their charset: the site writes every page, feed and script as UTF-8.
_TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
_TYPES = {".xml": "application/xml", ".js": "application/javascript", ".json": "application/json"}
# A request's line and headers must arrive within this long (an idle keep-alive connection waits no longer for
# the next one): a client that stops sending, or sends a byte a second, frees its thread after it.
_REQUEST_SECONDS = 10
_MAX_TARGET = 4096
# The standard library's limit for the request line (it answers a longer one 414).
_MAX_REQUEST_LINE = 65536
# Connections served at once, a thread each: a browser opens six to a host, a few tabs and a link checker far
# fewer than this; the rest are told 503 (an idle connection holds its thread up to _REQUEST_SECONDS).
MAX_CONNECTIONS = 64
_REFUSED_READ_BYTES = 1 << 16
# RFC 9112 3.2 makes a server refuse a Host header of another shape (RFC 3986's host, then a port): a space, a
# slash or a non-ASCII byte there is a client or a proxy gone wrong, and the answer would be cached for a host
# that is not one. Empty is allowed (a client that knows no name for the server).
_HOST = re.compile(r"(?:\[[0-9A-Za-z:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]*)(?::[0-9]*)?")
# RFC 9112 2.3: a version is "HTTP/" digit "." digit. The standard library also takes "HTTP/01.1" and
# "HTTP/1.10", and answers "HTTP/0.9" as HTTP/0.9 is: the file's bytes alone, without a status line or headers.
_VERSION = re.compile(r"HTTP/([0-9])\.[0-9]")


@dataclass(frozen=True)
class Found:
    """What a request target leads to: a file to send, a redirect, or an error status."""

    status: HTTPStatus
    path: str = ""  # the file to send (OK) or where to go (MOVED_PERMANENTLY)


def _has_control(text: str) -> bool:
    return any((char < " " and char != "\t") or char == "\x7f" for char in text)


def _is_plain_segment(segment: str) -> bool:
    return segment not in ("..", ".") and not any(char in segment for char in "\\\0") and segment.isprintable()


def _is_hidden(segment: str) -> bool:
    """A dot name in site/ is no page of the build's: a deployment's `.git/`, an `.htpasswd` or `.env` put
    beside the pages is not served."""
    return segment.startswith(".")


def _header_problem(headers: Message, version: str) -> str:
    """What RFC 9112 makes a server refuse with 400 in a request's headers, or "". A line that is no
    `Name: value` (no colon, a space before it) ends the standard library's header block silently, so the
    headers after it (`Connection: close` among them) would be dropped unread."""
    if headers.defects or headers.get_payload():
        return "a header line that is not 'Name: value'"
    hosts = len(headers.get_all("Host") or ())
    if hosts > 1:
        return "more than one Host header"
    if hosts == 0 and version == "HTTP/1.1":
        return "an HTTP/1.1 request without a Host header"
    if hosts == 1 and not _HOST.fullmatch(headers["Host"].strip(" \t")):
        return "a Host header that is no host[:port]"
    lengths = {length.strip() for length in headers.get_all("Content-Length") or ()}
    if len(lengths) > 1:
        # Which one frames the body is a guess a proxy in front may make the other way (request smuggling).
        return "Content-Length headers that disagree"
    if lengths and not all(length.isascii() and length.isdigit() for length in lengths):
        # `+5`, `0x5`, `5, 5`: RFC 9112 6.3 makes the framing an unrecoverable error, read one way or another.
        return "a Content-Length that is not a number of bytes"
    return ""


def origin_form(target: str) -> str:
    """The request target as a path: HTTP/1.1 servers must also take the absolute form a proxy sends
    (`GET http://host/page.html`); the host it names is not ours to check, so only its path is kept."""
    scheme, separator, rest = target.partition("://")
    if not separator or scheme.lower() not in ("http", "https"):
        return target
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else "/"


def site_file(site_dir: str, target: str) -> Found:
    """Where `target` (the request line's path, percent-encoded) leads inside `site_dir`: a regular file
    reached through no symlink, a redirect from a folder to its index, or 400/404."""
    if len(target) > _MAX_TARGET or not target.startswith("/"):
        return Found(HTTPStatus.BAD_REQUEST)
    # Not urlsplit, which reads `//name/x` as a host `name` and the path `/x`.
    raw_path = target.split("?", 1)[0].split("#", 1)[0]
    if BROKEN_PERCENT_ESCAPE.search(raw_path):
        return Found(HTTPStatus.BAD_REQUEST)
    try:
        path = unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        return Found(HTTPStatus.BAD_REQUEST)
    segments = path.split("/")[1:]
    if not all(_is_plain_segment(segment) for segment in segments if segment):
        return Found(HTTPStatus.BAD_REQUEST)
    relative = [segment for segment in segments if segment]
    if any(_is_hidden(segment) for segment in relative):
        return Found(HTTPStatus.NOT_FOUND)
    root = str(real_path(site_dir))
    candidate = os.path.join(root, *relative)
    if path.endswith("/"):
        candidate = os.path.join(candidate, "index.html")
    # Through no symlink at all: the real path is the path asked for, inside the site.
    if str(real_path(candidate)) != candidate or not (candidate == root or candidate.startswith(root + os.sep)):
        return Found(HTTPStatus.NOT_FOUND)
    try:
        mode = file_mode(candidate, follow_links=False)
    except FileSystemError:
        return Found(HTTPStatus.NOT_FOUND)
    if mode is None:
        return Found(HTTPStatus.NOT_FOUND)
    if stat.S_ISDIR(mode) and not path.endswith("/"):
        # Made of the path's own segments, one slash apart: `//example.org` must not send a browser there. Only
        # to a folder whose index is served: a redirect to a missing page sends the reader on to a 404.
        folder = "/" + "/".join(part for part in raw_path.split("/") if part) + "/"
        if site_file(site_dir, folder).status != HTTPStatus.OK:
            return Found(HTTPStatus.NOT_FOUND)
        return Found(HTTPStatus.MOVED_PERMANENTLY, folder)
    if not stat.S_ISREG(mode):
        return Found(HTTPStatus.NOT_FOUND)
    return Found(HTTPStatus.OK, candidate)


def content_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    kind = _TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith(_TEXT_TYPES) else kind


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding header takes gzip (not refused with q=0)."""
    for coding in (accept_encoding or "").lower().split(","):
        name, *parameters = [part.strip() for part in coding.split(";")]
        if name in ("gzip", "*"):
            quality = next((parameter[2:] for parameter in parameters if parameter.startswith("q=")), "1")
            try:
                return float(quality) > 0
            except ValueError:
                return False
    return False


class _DeadlineReader(io.RawIOBase):
    """The connection's reading side, failing with a timeout once the request's deadline has passed: a
    timeout per read alone let a client that sends a byte a second hold its thread (and, 64 of them, the
    server) for ever."""

    def __init__(self, connection: socket.socket, handler: SiteHandler) -> None:
        self._connection = connection
        self._handler = handler

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        remaining = self._handler.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the request was not sent in time")
        self._connection.settimeout(remaining)
        return self._connection.recv_into(buffer)


class _HeaderLines(io.BufferedReader):
    """The connection's reader, keeping the lines read while `lines` is a list: the standard library hands
    the header block to the email parser, which takes a bare CR for a line end, so `Host: a\rX: b` reached
    the handler as two headers where a proxy in front sees one."""

    lines: list[bytes] | None = None

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        if self.lines is not None:
            self.lines.append(line)
        return line


def _has_bare_cr(line: bytes) -> bool:
    return b"\r" in line.removesuffix(b"\n").removesuffix(b"\r")


class SiteHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.1"  # what an error is answered in before the version is read
    server_version = "toolkit"
    sys_version = ""
    timeout = _REQUEST_SECONDS
    site_dir = ""

    deadline = 0.0

    def log_message(self, format: str, *args: object) -> None:
        return None

    def setup(self) -> None:
        super().setup()
        self.rfile = _HeaderLines(_DeadlineReader(self.connection, self))

    def handle_one_request(self) -> None:
        self.deadline = time.monotonic() + self.timeout
        if self._tls_handshake():
            # An https:// address for this plain-HTTP server: the handshake has no line end to wait for, so
            # it held the connection until the deadline and was closed without a word.
            self.command, self.request_version, self.requestline = None, self.default_request_version, ""
            self.close_connection = True
            self.send_error(HTTPStatus.BAD_REQUEST, "a TLS handshake: this server speaks plain HTTP (http://)")
            return
        super().handle_one_request()

    def _tls_handshake(self) -> bool:
        """Whether the connection opens with a TLS handshake record (0x16, then version 3.x)."""
        try:
            start = self.rfile.peek(2)[:2]
        except OSError:
            return False  # closed or silent: the standard library's reading finds it out and ends the connection
        return len(start) == 2 and start[0] == 0x16 and start[1] == 0x03

    def parse_request(self) -> bool:
        """Only `METHOD /target HTTP/x.y`: the standard library takes a shorter line for HTTP/0.9 and answers
        it without a status line."""
        self.command, self.request_version = None, self.default_request_version
        if self.raw_requestline in (b"\r\n", b"\n"):
            # RFC 9112 2.2: a server SHOULD ignore at least one empty line before the request line (a client
            # ending its previous body with an extra line end); one is, more are a 400 below.
            self.raw_requestline = self.rfile.readline(_MAX_REQUEST_LINE + 1)
            if not self.raw_requestline:
                self.close_connection = True
                return False
            if len(self.raw_requestline) > _MAX_REQUEST_LINE:
                self.close_connection = True
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
                return False
        self.requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        if len(self.requestline.split()) != 3 or _has_bare_cr(self.raw_requestline):
            self.close_connection = True
            self.send_error(HTTPStatus.BAD_REQUEST, "expected a request line METHOD /path HTTP/1.1")
            return False
        version = _VERSION.fullmatch(self.requestline.split()[2])
        if version is None or version[1] != "1":
            self.close_connection = True
            if version is None:
                self.send_error(HTTPStatus.BAD_REQUEST, "expected the version HTTP/1.1 at the end of the request line")
            else:
                self.send_error(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED, "this server speaks HTTP/1.1")
            return False
        self.rfile.lines = []
        try:
            if not super().parse_request():
                return False
        finally:
            header_lines, self.rfile.lines = self.rfile.lines, None
        if any(_has_bare_cr(line) for line in header_lines):
            # RFC 9112 2.2: a bare CR is no line end; read as one it splits a header in two.
            self.close_connection = True
            self.send_error(HTTPStatus.BAD_REQUEST, "a bare CR in a header line")
            return False
        if any(_has_control(text) for header in self.headers.items() for text in header):
            self.close_connection = True
            self.send_error(HTTPStatus.BAD_REQUEST, "control character in a header")
            return False
        problem = _header_problem(self.headers, self.request_version)
        if problem:
            self.close_connection = True
            self.send_error(HTTPStatus.BAD_REQUEST, problem)
            return False
        if "Transfer-Encoding" in self.headers or self.headers.get("Content-Length", "0").strip() != "0":
            # A body this server never reads would be taken for the next request on the connection.
            self.close_connection = True
        # The answer is written at the client's pace, a timeout per write; the deadline was for the request.
        self.connection.settimeout(self.timeout)
        return True

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def version_string(self) -> str:
        return self.server_version  # the standard library's adds " " and sys_version, here empty: "toolkit "

    def _answer(self, send_body: bool) -> None:
        found = site_file(self.site_dir, origin_form(self.path))
        if found.status is HTTPStatus.MOVED_PERMANENTLY:
            self.send_response(found.status)
            self.send_header("Location", found.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if found.status is HTTPStatus.OK and self._send_file(found.path, HTTPStatus.OK, send_body):
            return
        if found.status is HTTPStatus.BAD_REQUEST:
            self.send_error(found.status)
            return
        # A missing page is answered with the site's own 404 page, as a web server hosting the site would.
        not_found = site_file(self.site_dir, f"/{NOT_FOUND_PAGE}")
        if not_found.status is not HTTPStatus.OK or not self._send_file(
            not_found.path, HTTPStatus.NOT_FOUND, send_body
        ):
            self.send_error(HTTPStatus.NOT_FOUND)

    def _send_file(self, path: str, status: HTTPStatus, send_body: bool) -> bool:
        """Answer with the file at `path` and `status`; False, with nothing sent, when it cannot be opened."""
        with contextlib.ExitStack() as opened:
            try:
                handle, file_status = opened.enter_context(open_regular_file(path, follow_links=False))
            except OSError:
                # Replaced by a link, a pipe or nothing since `site_file` looked, or not readable.
                return False
            kind = content_type(path)
            # Pages, styles and scripts go compressed, as any web server sends them: a preview that sends
            # them raw would make the site look three times heavier than it is. Fonts and Pagefind's files
            # are compressed already.
            compressed = None
            if kind.endswith("charset=utf-8") and accepts_gzip(self.headers.get("Accept-Encoding")):
                compressed = gzip.compress(handle.read(file_status.st_size), compresslevel=6, mtime=0)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(file_status.st_size if compressed is None else len(compressed)))
            if compressed is not None:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if send_body and compressed is not None:
                self.wfile.write(compressed)
            elif send_body:
                # The file may be replaced by a rebuild meanwhile: this descriptor keeps the old one whole.
                remaining = file_status.st_size
                while remaining > 0:
                    chunk = handle.read(min(remaining, 1 << 16))
                    if not chunk:
                        break
                    self.wfile.write(chunk)
                    remaining -= len(chunk)
        return True


_BUSY_BODY = b"the preview server is busy with other connections; try again in a moment\n"
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    + f"Content-Length: {len(_BUSY_BODY)}\r\n".encode("ascii")
    + b"Retry-After: 1\r\nConnection: close\r\n\r\n"
    + _BUSY_BODY
)


class SiteServer(ThreadingHTTPServer):
    """One thread per connection, up to `max_connections` at once; a connection beyond them is answered 503
    at once and closed, so a flood of idle connections (each holds its thread up to _REQUEST_SECONDS) cannot
    make the server start a thread for each."""

    daemon_threads = True
    request_queue_size = 128  # connections waiting to be accepted, and served or refused, in the kernel's queue

    def __init__(self, address: tuple[str, int], handler: type[SiteHandler], max_connections: int) -> None:
        self._slots = threading.BoundedSemaphore(max_connections)
        super().__init__(address, handler)

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        if not self._slots.acquire(blocking=False):
            self._refuse(request)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except (RuntimeError, MemoryError):
            # No thread could be started for it (a limit on processes or memory, `ulimit -u`, `ulimit -v`): told
            # as busy, as a client can act on, rather than its connection closed without a word.
            self._slots.release()
            self._refuse(request)
            self.shutdown_request(request)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    @staticmethod
    def _refuse(request: socket.socket) -> None:
        """503, without waiting on the client: what it sent already is read first, so closing does not reset
        the connection before it reads the answer."""
        with contextlib.suppress(OSError):
            request.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                request.recv(_REFUSED_READ_BYTES)
            request.sendall(_BUSY)

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that goes away mid-answer is no error of the site's: nothing is printed."""


def site_server(host: str, port: int, site_dir: Path, max_connections: int = MAX_CONNECTIONS) -> SiteServer:
    handler = type("BoundSiteHandler", (SiteHandler,), {"site_dir": str(site_dir)})
    return SiteServer((host, port), handler, max_connections)
