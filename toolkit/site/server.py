"""The HTTP side of `toolkit serve`: regular files under site/ and nothing else, over HTTP/1.1.

The standard library's SimpleHTTPRequestHandler lists folders, follows symlinks out of the folder it serves
and raises on an encoded NUL byte; this handler answers every request it can parse with a file or a short
error page, and a request it cannot parse with 400. What a request may reach is decided by `site_file`, a
function of the site folder and the request target only.

The standard library's ThreadingHTTPServer gives each connection a thread from its opening: 64 idle or
trickling connections held every thread, and everyone else got 503. Here a connection waits for its request's
line and headers in one selector, holding no thread, until they are whole (`request_head_length`); only a
whole request is given a thread, to make its answer alone. The selector writes the answer at the client's pace:
when each answer was written by its thread, 32 clients that asked for a large file and never read it held every
thread, and a browser's page waited behind them.
"""

from __future__ import annotations

import collections
import contextlib
import errno
import gzip
import io
import mimetypes
import os
import re
import resource
import selectors
import socket
import stat
import threading
import time
import weakref
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

from toolkit.config import BROKEN_PERCENT_ESCAPE
from toolkit.errors import FileSystemError
from toolkit.site.conditional import Validators, file_validators, is_not_modified
from toolkit.site.settings import FIRST_BUILD_RETRY_SECONDS, NOT_FOUND_PAGE
from toolkit.store.files import file_mode, open_regular_file_beneath, real_path

# Text types are sent with their charset: the site writes every page, feed and script as UTF-8.
_TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
_TYPES = {".xml": "application/xml", ".js": "application/javascript", ".json": "application/json"}
# A request's line and headers must arrive whole within this long of the connection's opening (or of the
# answer before it, on a kept-alive connection): a browser sends them in one packet. Until then the connection
# waits in the selector, holding no thread; a client that sends nothing, or a byte a second, costs a file
# descriptor until the deadline (Apache's KeepAliveTimeout and mod_reqtimeout give as long).
HEAD_SECONDS = 5.0
# A client that takes no part of its answer for this long is closed: until then it holds a file descriptor (two,
# with the file it is sent), no thread.
_WRITE_SECONDS = 10
# After the answer to a request whose body is not read, the connection is closed for writing and what the client
# still sends is read and dropped, until it closes or for this long at most (Apache's lingering close): closed
# with the body unread, the socket was reset, and a client still sending its body met a broken pipe and never
# read its answer.
_LINGER_SECONDS = 2.0
# Bytes of one answer written per turn of the selector, at most: a client that reads as fast as the loopback
# takes a large file does not keep the others waiting for the whole of it.
_WRITE_BURST = 1 << 18
# Bytes of answers held in memory for clients that have not taken them (a compressed page whole, a file's next
# chunk), at most: past it the client that has taken nothing for longest is closed. Without it a client that
# never reads kept its page until the write deadline, up to MAX_CONNECTIONS pages at once.
_UNSENT_BYTES = 32 << 20
# A target longer than this is answered 414 unread (no page of the site has a path a tenth as long).
_MAX_TARGET = 4096
# A text file larger than this goes uncompressed: compressing reads it whole into memory, a thread's worth each
# (a site's largest text, the sitemap of a 10,000-article archive, is about 2 MB).
_MAX_COMPRESSED_FILE = 8 << 20
# The standard library's limit for the request line (it answers a longer one 414).
_MAX_REQUEST_LINE = 65536
# A request head that has not ended within this many bytes is refused (431) without waiting for the rest: a
# browser's is a few kilobytes, and every connection's unfinished head is held in memory.
_MAX_HEAD = 1 << 17
_READ_BYTES = 1 << 16
# File descriptors held at once by connections, waiting for a request or being answered, one each and a second
# while an answer's file is open, and no thread (at most half the process's file limit). When they are all
# held, the connection that has waited longest for its request is closed for the newcomer, else the one that
# has taken nothing of its answer for longest: a flood of idle connections, or of clients that never read,
# cannot shut a browser out. No cap per client address: every client of a server on 127.0.0.1 comes from
# 127.0.0.1, the browser too.
MAX_CONNECTIONS = 1024
# Requests answered at once, a thread each for the answer alone; the next ones wait their turn in order.
MAX_ANSWERING = 32
# Whole requests waiting for a thread beyond which a new one is told 503: the server is saturated.
MAX_QUEUED = 256
# accept's failures for want of a file descriptor: the process's (`ulimit -n`) or the system's.
_OUT_OF_DESCRIPTORS = (errno.EMFILE, errno.ENFILE)
# How long the server stops accepting when a connection cannot be accepted for want of a descriptor and no
# waiting one can be closed for it: the connection stays ready to accept, and a selector that looked at it again
# at once kept a core busy until a descriptor came free.
_ACCEPT_PAUSE_SECONDS = 0.1
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
    # site/ as the file was found in it (_site_root), for the file to be opened beneath that one: looked up again,
    # a link above it switched meanwhile left the file outside the site found the second time.
    root: str = ""


def _has_control(text: str) -> bool:
    return any((char < " " and char != "\t") or char == "\x7f" for char in text)


def _is_plain_segment(segment: str) -> bool:
    return segment not in ("..", ".") and not any(char in segment for char in "\\\0") and segment.isprintable()


def _is_hidden(segment: str) -> bool:
    """A dot name in site/ is no page of the build's: a deployment's `.git/`, an `.htpasswd` or `.env` put
    beside the pages is not served."""
    return segment.startswith(".")


def _connection_options(headers: Message) -> set[str]:
    """The options of a request's Connection headers, lowercase: RFC 9110 7.6.1 makes each a list."""
    return {option.strip(" \t").lower() for value in headers.get_all("Connection") or () for option in value.split(",")}


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


def _site_root(site_dir: str) -> str:
    """site/ by its own name, its parents' links followed and not its own: replaced by a link while serving
    (`ln -s /etc site`), every file where it led was served; a build refuses such a site/."""
    absolute = os.path.abspath(site_dir)
    return os.path.join(real_path(os.path.dirname(absolute)), os.path.basename(absolute))


def site_file(site_dir: str, target: str) -> Found:
    """Where `target` (the request line's path, percent-encoded) leads inside `site_dir`: a regular file
    reached through no symlink, a redirect from a folder to its index, or 400, 404 or 414."""
    if len(target) > _MAX_TARGET:
        return Found(HTTPStatus.REQUEST_URI_TOO_LONG)
    if not target.startswith("/"):
        return Found(HTTPStatus.BAD_REQUEST)
    # Not urlsplit, which reads `//name/x` as a host `name` and the path `/x`.
    raw_path = target.split("?", 1)[0].split("#", 1)[0]
    if BROKEN_PERCENT_ESCAPE.search(raw_path):
        return Found(HTTPStatus.BAD_REQUEST)
    try:
        path = unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        # Well formed (RFC 3986 lets a path carry any byte percent-encoded), and no page of the build's, whose
        # names are all UTF-8: not there, as nginx and Apache answer it.
        return Found(HTTPStatus.NOT_FOUND)
    segments = path.split("/")[1:]
    if not all(_is_plain_segment(segment) for segment in segments if segment):
        return Found(HTTPStatus.BAD_REQUEST)
    relative = [segment for segment in segments if segment]
    if any(_is_hidden(segment) for segment in relative):
        return Found(HTTPStatus.NOT_FOUND)
    root = _site_root(site_dir)
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
    return Found(HTTPStatus.OK, candidate, root)


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


def _opens_tls_handshake(received: bytes) -> bool:
    """Whether a connection's bytes open with a TLS handshake record (0x16, then version 3.x): an https://
    address for this plain-HTTP server."""
    return received[:2] == b"\x16\x03"


def _has_bare_cr(line: bytes) -> bool:
    return b"\r" in line.removesuffix(b"\n").removesuffix(b"\r")


# RFC 9112 3: a request line's words are apart by spaces (tabs taken too). Python's str.split also splits on
# 0x85 and 0xA0 read as Latin-1 (NEL, NBSP), bytes of many UTF-8 characters (م is D9 85): a raw path holding
# one was refused as no request line.
_WORD_GAP = re.compile(rb"[ \t]+")
# Bytes of a target that are no visible ASCII character: percent-encoded before the standard library reads the
# line, so it finds the same three words, and a raw UTF-8 path leads where its percent-encoded form does.
_NOT_VISIBLE_ASCII = re.compile(rb"[^\x21-\x7e]")


def _request_words(line: bytes) -> list[bytes]:
    return _WORD_GAP.split(line.rstrip(b"\r\n").strip(b" \t"))


def _request_line_problem(line: bytes) -> tuple[HTTPStatus, str] | None:
    """What a request line (with its line end) is answered instead of being served, or None: only
    `METHOD /target HTTP/1.x`. The standard library takes a shorter line for HTTP/0.9 and answers it without
    a status line."""
    words = [str(word, "iso-8859-1") for word in _request_words(line)]
    if len(words) != 3 or _has_bare_cr(line):
        return HTTPStatus.BAD_REQUEST, "expected a request line METHOD /path HTTP/1.1"
    version = _VERSION.fullmatch(words[2])
    if version is None:
        return HTTPStatus.BAD_REQUEST, "expected the version HTTP/1.1 at the end of the request line"
    if version[1] != "1":
        return HTTPStatus.HTTP_VERSION_NOT_SUPPORTED, "this server speaks HTTP/1.1"
    return None


# The empty line that ends a request's headers: "\n" or "\r\n" right after a line end.
_HEAD_END = re.compile(rb"\n\r?\n")


def request_head_length(received: bytes) -> int | None:
    """How many of a connection's `received` bytes SiteHandler reads for the request they open, or None while
    more are needed to know: up to the empty line after the headers; up to the request line alone when that
    line is answered without its headers (too long, not `METHOD /target HTTP/1.x`); all of them for a TLS
    handshake. The selector gives a connection a thread only once this is known."""
    if _opens_tls_handshake(received):
        return len(received)
    # RFC 9112 2.2: one empty line before the request line is passed over (SiteHandler.parse_request).
    start = 2 if received.startswith(b"\r\n") else 1 if received.startswith(b"\n") else 0
    line_end = received.find(b"\n", start)
    if line_end < 0 or line_end - start >= _MAX_REQUEST_LINE:
        return len(received) if len(received) - start > _MAX_REQUEST_LINE else None
    if _request_line_problem(received[start : line_end + 1]):
        return line_end + 1
    head_end = _HEAD_END.search(received, line_end)
    return head_end.end() if head_end else None


class SiteHandler(BaseHTTPRequestHandler):
    """One request, whose line and headers have arrived whole (`received`, with any bytes sent after them):
    it reads them from memory, never from the connection, and keeps what follows them in `rest`."""

    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.1"  # what an error is answered in before the version is read
    server_version = "toolkit"
    sys_version = ""
    site_dir = ""
    server: SiteServer

    def __init__(self, connection: socket.socket, address: tuple[str, int], server: SiteServer, received: bytes):
        self._received = received
        self.rest = b""
        self.answer = b""  # the status line, the headers and, unless it is `body`, the body
        self.body: FileBody | None = None
        self.body_unread = False  # the request has a body, which this handler never reads
        super().__init__(connection, address, server)

    def log_message(self, format: str, *args: object) -> None:
        return None

    def setup(self) -> None:
        # Not StreamRequestHandler's, which wraps the socket in two files that this handler never uses.
        self.connection = self.request
        self.rfile = io.BytesIO(self._received)
        self.wfile = io.BytesIO()  # sent by SiteServer's selector, at the client's pace

    def handle(self) -> None:
        """One request: a kept-alive connection goes back to the selector to wait for the next one."""
        self.close_connection = True
        self.handle_one_request()
        self.rest = self.rfile.read()
        self.answer = self.wfile.getvalue()

    def handle_one_request(self) -> None:
        if _opens_tls_handshake(self._received):
            self.command, self.request_version, self.requestline = None, self.default_request_version, ""
            self.close_connection = True
            self.send_error(HTTPStatus.BAD_REQUEST, "a TLS handshake: this server speaks plain HTTP (http://)")
            return
        super().handle_one_request()

    def parse_request(self) -> bool:
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
        problem = _request_line_problem(self.raw_requestline)
        if problem:
            self.close_connection = True
            self.send_error(*problem)
            return False
        headers_start = self.rfile.tell()
        method, target, version = _request_words(self.raw_requestline)
        target = _NOT_VISIBLE_ASCII.sub(lambda byte: b"%%%02X" % byte[0][0], target)
        self.raw_requestline = b" ".join((method, target, version)) + b"\r\n"
        if not super().parse_request():
            return False
        # The standard library hands the header block to the email parser, which takes a bare CR for a line
        # end, so `Host: a\rX: b` reached the handler as two headers where a proxy in front sees one.
        header_block = self._received[headers_start : self.rfile.tell()]
        if any(_has_bare_cr(line) for line in header_block.split(b"\n")):
            # RFC 9112 2.2: a bare CR is no line end; read as one it splits a header in two.
            self.close_connection = True
            self.send_error(HTTPStatus.BAD_REQUEST, "a bare CR in a header line")
            return False
        if any(line[:1] in (b" ", b"\t") for line in header_block.split(b"\n")):
            # RFC 9112 5.2: a line folded onto the one before (obs-fold) is refused or unfolded. The standard
            # library kept its line end inside the value, which was then refused as a control character.
            self.close_connection = True
            self.send_error(HTTPStatus.BAD_REQUEST, "a header line that starts with a space or a tab (obs-fold)")
            return False
        if any(_has_control(text) for header in self.headers.items() for text in header):
            self.close_connection = True
            self.send_error(HTTPStatus.BAD_REQUEST, "control character in a header")
            return False
        problem_text = _header_problem(self.headers, self.request_version)
        if problem_text:
            self.close_connection = True
            self.send_error(HTTPStatus.BAD_REQUEST, problem_text)
            return False
        options = _connection_options(self.headers)
        if "close" in options:
            # The standard library took "close" only as the whole of the first Connection header.
            self.close_connection = True
        elif self.request_version == "HTTP/1.0":
            # RFC 9112 9.3: an HTTP/1.0 connection persists only with the keep-alive option (end_headers says so).
            self.close_connection = "keep-alive" not in options
        if "Transfer-Encoding" in self.headers or self.headers.get("Content-Length", "0").strip() != "0":
            # A body this server never reads would be taken for the next request on the connection.
            self.close_connection = True
            self.body_unread = True
        return True

    def end_headers(self) -> None:
        if self.request_version == "HTTP/1.0" and not self.close_connection:
            # An HTTP/1.0 client takes its connection as persistent only when told, else reads the answer to the
            # close: ApacheBench's -k waited 5 s, the deadline, for each answer's end.
            self.send_header("Connection", "keep-alive")
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if not self.command:
            # Refused before its method was taken (its version, its shape, its length): still answered as the
            # method asks, so HEAD gets no body (RFC 9110 9.3.2), which a client pooling the connection would
            # read as the start of its next answer.
            words = _request_words(getattr(self, "raw_requestline", b""))
            self.command = str(words[0], "iso-8859-1")
        super().send_error(code, message, explain)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _not_allowed(self) -> None:
        """A method HTTP defines that a site of files takes no part in: 405 with the methods it takes (RFC 9110
        15.5.6). The standard library's 501 is for a method a server does not know."""
        text = b"this server sends the site's files: GET and HEAD only\n"
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _not_allowed

    def version_string(self) -> str:
        return self.server_version  # the standard library's adds " " and sys_version, here empty: "toolkit "

    def _answer(self, send_body: bool) -> None:
        found = site_file(self.site_dir, origin_form(self.path))
        if found.status in (HTTPStatus.BAD_REQUEST, HTTPStatus.REQUEST_URI_TOO_LONG):
            self.send_error(found.status)
            return
        building_page = self.server.building_page
        if building_page is not None:
            self._send_building_page(building_page, send_body)
            return
        if found.status is HTTPStatus.MOVED_PERMANENTLY:
            self.send_response(found.status)
            self.send_header("Location", found.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if found.status is HTTPStatus.OK and self._send_file(found, HTTPStatus.OK, send_body):
            return
        # A missing page is answered with the site's own 404 page, as a web server hosting the site would.
        not_found = site_file(self.site_dir, f"/{NOT_FOUND_PAGE}")
        if not_found.status is not HTTPStatus.OK or not self._send_file(not_found, HTTPStatus.NOT_FOUND, send_body):
            self.send_error(HTTPStatus.NOT_FOUND)

    def _send_building_page(self, page: bytes, send_body: bool) -> None:
        """503 while the first build runs, with a page that reloads itself until the site is there: a request
        waited for the whole build without a word."""
        self.send_response(HTTPStatus.SERVICE_UNAVAILABLE)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.send_header("Retry-After", str(FIRST_BUILD_RETRY_SECONDS))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            self.wfile.write(page)

    def _send_file(self, found: Found, status: HTTPStatus, send_body: bool) -> bool:
        """Answer with the file `found` and `status`; False, with nothing sent, when it cannot be opened (503
        when for want of a file descriptor)."""
        with contextlib.ExitStack() as opened:
            try:
                handle, file_status = opened.enter_context(open_regular_file_beneath(found.root, found.path))
            except OSError as error:
                if error.errno in _OUT_OF_DESCRIPTORS:
                    # The page is there: a 404 would tell the browser it is not.
                    self.close_connection = True
                    self.send_error(HTTPStatus.SERVICE_UNAVAILABLE, "no file descriptor left to send the page")
                    return True
                # Replaced by a link, a pipe or nothing since `site_file` looked, or not readable.
                return False
            kind = content_type(found.path)
            # Pages, styles and scripts go compressed, as any web server sends them: a preview that sends
            # them raw would make the site look three times heavier than it is. Fonts and Pagefind's files
            # are compressed already.
            gzipped = (
                kind.endswith("charset=utf-8")
                and file_status.st_size <= _MAX_COMPRESSED_FILE
                and accepts_gzip(self.headers.get("Accept-Encoding"))
            )
            # Only a file found is a representation a client may hold a copy of (RFC 9110 13.1: a conditional
            # request is evaluated only where the answer would be 2xx); the 404 page is not.
            current = file_validators(file_status, gzipped, time.time()) if status is HTTPStatus.OK else None
            if current is not None and is_not_modified(
                self.headers.get_all("If-None-Match") or [], self.headers.get_all("If-Modified-Since") or [], current
            ):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self._send_cache_headers(current)
                self.end_headers()
                return True
            compressed = None
            if gzipped:
                compressed = gzip.compress(handle.read(file_status.st_size), compresslevel=6, mtime=0)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(file_status.st_size if compressed is None else len(compressed)))
            if compressed is not None:
                self.send_header("Content-Encoding", "gzip")
            self._send_cache_headers(current)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if send_body and compressed is not None:
                self.wfile.write(compressed)
            elif send_body and file_status.st_size:
                # The file may be replaced by a rebuild meanwhile: this descriptor keeps the old one whole.
                self.body = FileBody(opened.pop_all(), handle, file_status.st_size)
        return True

    def _send_cache_headers(self, current: Validators | None) -> None:
        """What a 200 and its 304 both carry (RFC 9110 15.4.5): a browser asks again before each use of its copy
        (no-cache), and a cache keeps one copy per Accept-Encoding, each with its own validators."""
        if current is not None:
            self.send_header("ETag", current.etag)
            if current.last_modified is not None:
                self.send_header("Last-Modified", current.last_modified)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "no-cache")


@dataclass
class FileBody:
    """The body of an answer still to be read from an open file: `left` bytes of `handle`."""

    opened: contextlib.ExitStack  # closes `handle`
    handle: BinaryIO
    left: int


def _short_answer(status: HTTPStatus, text: str, *headers: str) -> bytes:
    """A whole answer the selector sends without a thread, closing the connection after it."""
    body = f"{text}\n".encode("ascii")
    lines = [f"HTTP/1.1 {status.value} {status.phrase}", "Content-Type: text/plain; charset=utf-8"]
    lines += [f"Content-Length: {len(body)}", *headers, "Connection: close", "", ""]
    return "\r\n".join(lines).encode("ascii") + body


_BUSY = _short_answer(
    HTTPStatus.SERVICE_UNAVAILABLE,
    "the preview server is busy with other connections; try again in a moment",
    "Retry-After: 1",
)
_TIMED_OUT = _short_answer(HTTPStatus.REQUEST_TIMEOUT, f"the request was not sent within {HEAD_SECONDS:g} seconds")
_TOO_LARGE = _short_answer(
    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, f"the request line and headers run past {_MAX_HEAD} bytes"
)


@dataclass
class _Sending:
    """A connection being sent its answer, and what is left of it."""

    address: tuple[str, int]
    since: float  # when the client last took part of the answer, or the answer was made
    pending: memoryview  # to send before reading more of `body`
    body: FileBody | None
    rest: bytes | None  # what followed the request, the start of the next one; None to close after the answer
    linger: bool = False  # closed after the answer as _LINGER_SECONDS says, the request's body unread

    def next_bytes(self) -> memoryview:
        """What to send next: the rest of `pending`, else the next chunk of `body`; empty once all is sent. A file
        that ran short of the length its answer announced ends the connection after what it gave."""
        if not self.pending and self.body is not None and self.body.left > 0:
            chunk = self.body.handle.read(min(self.body.left, _READ_BYTES))
            self.body.left -= len(chunk)
            if not chunk:
                self.body.left, self.rest = 0, None
            self.pending = memoryview(chunk)
        return self.pending

    def held_bytes(self) -> int:
        """Bytes held in memory for this answer: `pending` is a view of all of them until it is read past."""
        return len(self.pending.obj) if self.pending else 0

    def close_body(self) -> None:
        if self.body is not None:
            self.body.opened.close()


@dataclass
class _Waiting:
    """A connection waiting for its request's head, and what it has sent of it."""

    address: tuple[str, int]
    since: float  # when its deadline started: its opening, or the end of the answer before
    received: bytes = b""


def _within_file_limit(connections: int) -> int:
    """`connections`, or half the open files the process may hold if that is fewer: the rest are for the
    site's files and the build's."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return connections if soft == resource.RLIM_INFINITY else max(1, min(connections, soft // 2))


def _received(connection: socket.socket) -> bytes | None:
    """What a ready connection has sent: b"" once it is closed or failed, None when nothing is there after all (a
    select's readiness is a hint)."""
    try:
        return connection.recv(_READ_BYTES)
    except (BlockingIOError, InterruptedError):
        return None
    except OSError:
        return b""


class SiteServer:
    """Serves SiteHandler's answers on `address`. One thread, in `serve_forever`, accepts connections and reads
    their request heads through a selector; a whole request is answered in a thread of its own, after which a
    kept-alive connection waits in the selector again. `building_page`, while set, answers every request."""

    head_seconds = HEAD_SECONDS

    def __init__(self, address: tuple[str, int], handler: type[SiteHandler], max_connections: int) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(address)
            listener.listen(128)
        except OSError:
            listener.close()
            raise
        listener.setblocking(False)
        self.socket = listener
        self.server_address: tuple[str, int] = listener.getsockname()[:2]
        self.building_page: bytes | None = None
        self._handler = handler
        self._max_connections = _within_file_limit(max_connections)
        self._selector = selectors.DefaultSelector()
        # In the order their deadlines come: a connection is put back at the end with a new one.
        self._waiting: dict[socket.socket, _Waiting] = {}
        self._queued: collections.deque[tuple[socket.socket, _Waiting]] = collections.deque()
        self._answering: set[socket.socket] = set()  # connections whose answers are being made, a thread each
        # Written by the answering threads, read by the selector's: the connection and its answer to send, or None
        # to close it.
        self._answered: collections.deque[tuple[socket.socket, _Sending | None]] = collections.deque()
        # In the order their deadlines come, as `_waiting`: one is put back at the end when its client takes a part.
        self._sending: dict[socket.socket, _Sending] = {}
        # Answered, closed for writing, what their clients still send dropped: when each began, in that order.
        self._lingering: dict[socket.socket, float] = {}
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._wake_reader.setblocking(False)
        self._wake_writer.setblocking(False)
        self._stopping = False
        self._closed = False
        self._stopped = threading.Event()
        self._accepting_again: float | None = None  # when a pause in accepting ends (_pause_accepting)
        _closed_in_forked_children(self)

    def serve_forever(self) -> None:
        self._selector.register(self.socket, selectors.EVENT_READ, self._accept)
        self._selector.register(self._wake_reader, selectors.EVENT_READ, self._take_answered)
        try:
            while not self._stopping:
                for key, _ in self._selector.select(self._until_next_deadline()):
                    key.data(key.fileobj)
                self._close_overdue()
                self._resume_accepting()
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop `serve_forever`, running in another thread, and wait until it has."""
        self._stopping = True
        self._wake()
        self._stopped.wait()

    def server_close(self) -> None:
        self._closed = True
        for connection in self._connections():
            connection.close()
        for sending in self._sending.values():
            sending.close_body()
        self._waiting.clear()
        self._queued.clear()
        self._sending.clear()
        self._lingering.clear()
        self._selector.close()
        self.socket.close()
        self._wake_reader.close()
        self._wake_writer.close()

    def _connections(self) -> list[socket.socket]:
        """The connections the selector's thread holds: waiting for a request, queued for an answering thread,
        being sent their answers, lingering. (An answering thread holds its own until it hands it back.)"""
        return [*self._waiting, *(connection for connection, _ in self._queued), *self._sending, *self._lingering]

    def _held(self) -> int:
        """Descriptors the connections hold: one each, and one more for each answer's file, open or about to be
        opened. Counted as connections alone, clients that stalled on files held twice the cap, past the half of
        the file limit the cap keeps, and new answers found no descriptor to open their file."""
        files = len(self._answering) + sum(sending.body is not None for sending in self._sending.values())
        connections = len(self._waiting) + len(self._queued) + len(self._answering) + len(self._sending)
        return connections + len(self._lingering) + files

    def _until_next_deadline(self) -> float | None:
        deadlines = [] if self._accepting_again is None else [self._accepting_again]
        if self._waiting:
            deadlines.append(next(iter(self._waiting.values())).since + self.head_seconds)
        if self._sending:
            deadlines.append(next(iter(self._sending.values())).since + _WRITE_SECONDS)
        if self._lingering:
            deadlines.append(next(iter(self._lingering.values())) + _LINGER_SECONDS)
        return max(0.0, min(deadlines) - time.monotonic()) if deadlines else None

    def _accept(self, listener: socket.socket) -> None:
        try:
            connection, address = listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        except OSError as error:
            # No file descriptor left for it: the connection that has waited longest makes room. Any other
            # failure (a connection gone before it was accepted, ECONNABORTED) is that connection's alone.
            if error.errno in _OUT_OF_DESCRIPTORS and not self._close_longest_waiting():
                self._pause_accepting()
            return
        connection.setblocking(False)
        if self._held() >= self._max_connections and not self._close_longest_waiting():
            self._close(connection, _BUSY)
            return
        self._wait_for_request(connection, address, b"")

    def _pause_accepting(self) -> None:
        self._selector.unregister(self.socket)
        self._accepting_again = time.monotonic() + _ACCEPT_PAUSE_SECONDS

    def _resume_accepting(self) -> None:
        if self._accepting_again is not None and time.monotonic() >= self._accepting_again:
            self._accepting_again = None
            self._selector.register(self.socket, selectors.EVENT_READ, self._accept)

    def _close_longest_waiting(self) -> bool:
        """Close a connection whose answer is sent and which lingers only to drop its request's body, else the
        one waiting longest for its request, else the one whose client has taken nothing of its answer for
        longest; False when there is none."""
        if self._lingering:
            self._close(next(iter(self._lingering)))
            return True
        if self._waiting:
            connection, waiting = next(iter(self._waiting.items()))
            self._close(connection, _BUSY if waiting.received else b"")
            return True
        if self._sending:
            connection = next(iter(self._sending))
            self._close(connection)
            return True
        return False

    def _close_overdue(self) -> None:
        now = time.monotonic()
        while self._waiting:
            connection, waiting = next(iter(self._waiting.items()))
            if waiting.since + self.head_seconds > now:
                break
            # One that sent nothing is an idle connection, closed without a word as a browser expects.
            self._close(connection, _TIMED_OUT if waiting.received else b"")
        while self._sending:
            connection, sending = next(iter(self._sending.items()))
            if sending.since + _WRITE_SECONDS > now:
                break
            self._close(connection)
        while self._lingering:
            connection, since = next(iter(self._lingering.items()))
            if since + _LINGER_SECONDS > now:
                return
            self._close(connection)

    def _wait_for_request(self, connection: socket.socket, address: tuple[str, int], received: bytes) -> None:
        self._waiting[connection] = _Waiting(address, time.monotonic(), received)
        self._selector.register(connection, selectors.EVENT_READ, self._read)
        self._take_if_whole(connection)

    def _read(self, connection: socket.socket) -> None:
        waiting = self._waiting.get(connection)
        if waiting is None:  # closed by an earlier event of the same select
            return
        chunk = _received(connection)
        if chunk is None:
            return
        if not chunk:
            self._close(connection)  # gone before a whole request: nothing to answer
            return
        waiting.received += chunk
        self._take_if_whole(connection)

    def _take_if_whole(self, connection: socket.socket) -> None:
        """Queue the connection for an answer once its request head is whole."""
        waiting = self._waiting[connection]
        if request_head_length(waiting.received) is None:
            if len(waiting.received) > _MAX_HEAD:
                self._close(connection, _TOO_LARGE)
            return
        del self._waiting[connection]
        self._selector.unregister(connection)
        if len(self._queued) >= MAX_QUEUED:
            self._close(connection, _BUSY)
            return
        self._queued.append((connection, waiting))
        self._start_answering()

    def _start_answering(self) -> None:
        while self._queued and len(self._answering) < MAX_ANSWERING:
            connection, waiting = self._queued.popleft()
            try:
                threading.Thread(target=self._answer, args=(connection, waiting), daemon=True).start()
            except (RuntimeError, MemoryError):
                # No thread could be started for it (a limit on processes or memory, `ulimit -u`, `ulimit -v`):
                # told as busy, as a client can act on, rather than its connection closed without a word.
                self._close(connection, _BUSY)
                continue
            self._answering.add(connection)

    def _answer(self, connection: socket.socket, waiting: _Waiting) -> None:
        """In its own thread: answer the connection's request, then hand the connection back."""
        sending = None
        # A request the handler fails on is closed without an answer, and nothing is printed.
        with contextlib.suppress(Exception):
            handler = self._handler(connection, waiting.address, self, waiting.received)
            rest = None if handler.close_connection else handler.rest
            answer = memoryview(handler.answer)
            sending = _Sending(waiting.address, time.monotonic(), answer, handler.body, rest, handler.body_unread)
        self._answered.append((connection, sending))
        self._wake()
        if self._closed:
            connection.close()
            if sending is not None:
                sending.close_body()

    def _take_answered(self, wake_reader: socket.socket) -> None:
        with contextlib.suppress(OSError):
            wake_reader.recv(_READ_BYTES)
        while self._answered:
            connection, sending = self._answered.popleft()
            self._answering.discard(connection)
            if sending is None:
                connection.close()
            else:
                self._sending[connection] = sending
                self._selector.register(connection, selectors.EVENT_WRITE, self._write)
                self._write(connection)
        self._close_past_unsent_limit()
        self._start_answering()

    def _close_past_unsent_limit(self) -> None:
        """Close the connections whose clients have taken nothing for longest while the answers waiting for
        their clients hold more than _UNSENT_BYTES; the last one is kept, whatever its size."""
        unsent = sum(sending.held_bytes() for sending in self._sending.values())
        while unsent > _UNSENT_BYTES and len(self._sending) > 1:
            connection, sending = next(iter(self._sending.items()))
            unsent -= sending.held_bytes()
            self._close(connection)

    def _write(self, connection: socket.socket) -> None:
        """Send the connection what its socket takes of its answer now; once all is sent, wait for its next
        request or close it."""
        sending = self._sending.get(connection)
        if sending is None:  # closed by an earlier event of the same select
            return
        sent = 0
        try:
            while (pending := sending.next_bytes()) and sent < _WRITE_BURST:
                taken = connection.send(pending[: _WRITE_BURST - sent])
                sending.pending = pending[taken:]
                sent += taken
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:  # the client gone, or the file unreadable mid-answer
            self._close(connection)
            return
        if not pending:
            self._stop_sending(connection)
            if sending.linger:
                self._linger(connection)
            elif sending.rest is None:
                connection.close()
            else:
                self._wait_for_request(connection, sending.address, sending.rest)
        elif sent:
            del self._sending[connection]
            sending.since = time.monotonic()
            self._sending[connection] = sending

    def _linger(self, connection: socket.socket) -> None:
        """Close an answered connection for writing, its answer followed by the end, and drop what its client still
        sends of its request's body until it closes too, or for _LINGER_SECONDS."""
        try:
            connection.shutdown(socket.SHUT_WR)
        except OSError:  # the client gone meanwhile
            connection.close()
            return
        self._lingering[connection] = time.monotonic()
        self._selector.register(connection, selectors.EVENT_READ, self._drop_received)

    def _drop_received(self, connection: socket.socket) -> None:
        if connection not in self._lingering:  # closed by an earlier event of the same select
            return
        if _received(connection) == b"":
            self._close(connection)

    def _stop_sending(self, connection: socket.socket) -> None:
        """The connection leaves the selector and its answer's file is closed; the connection stays open."""
        self._selector.unregister(connection)
        self._sending.pop(connection).close_body()

    def close_inherited_sockets(self) -> None:
        """In a process forked from the server's: close its copies of the server's sockets, which are the
        server's alone to close."""
        for held in (*self._connections(), *self._answering, self.socket, self._wake_reader, self._wake_writer):
            held.close()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):  # full (the selector has a wake-up to read already) or closed
            self._wake_writer.send(b"\0")

    def _close(self, connection: socket.socket, answer: bytes = b"") -> None:
        """Close a connection the selector holds, waiting for its request or being sent its answer, after `answer`
        if any: what the client sent already is read first, so closing does not reset the connection before it
        reads the answer."""
        if self._waiting.pop(connection, None) is not None or self._lingering.pop(connection, None) is not None:
            self._selector.unregister(connection)
        elif connection in self._sending:
            self._stop_sending(connection)
        if answer:
            with contextlib.suppress(OSError):
                with contextlib.suppress(BlockingIOError):
                    connection.recv(_READ_BYTES)
                connection.send(answer)
        connection.close()


def _closed_in_forked_children(server: SiteServer) -> None:
    """A process forked while `server` serves (a rebuild's render workers) closes its sockets at once: a copy
    kept in a worker held every connection the server closed open until the build ended, a client reading an
    answer to its end waiting the whole rebuild, and the port taken after the server stopped."""
    held = weakref.ref(server)

    def close_in_child() -> None:
        if (living := held()) is not None:
            living.close_inherited_sockets()

    os.register_at_fork(after_in_child=close_in_child)


def site_server(host: str, port: int, site_dir: Path, max_connections: int = MAX_CONNECTIONS) -> SiteServer:
    handler = type("BoundSiteHandler", (SiteHandler,), {"site_dir": str(site_dir)})
    return SiteServer((host, port), handler, max_connections)
