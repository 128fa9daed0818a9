"""`toolkit serve` tried as an acceptance run would (sweep sv20: a grammar fuzzer over request lines, headers and
targets, keep-alive and pipelining, HEAD, files of every kind under site/, a site rebuilt under its readers).
Each test failed before its fix."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from toolkit.config import load_config
from toolkit.interrupts import INTERRUPTED
from toolkit.site import server as server_module
from toolkit.site.server import site_file, site_server
from toolkit.store.lock import project_lock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "site"))
from site_projects import sample_project
from test_serve_command import REPO, _free_port, serve_quietly, stop_serving


@contextmanager
def _served(site: Path) -> Iterator[tuple[int, object]]:
    server = site_server("127.0.0.1", 0, site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], server
    finally:
        server.shutdown()
        server.server_close()


def _forked_for(seconds: float) -> int:
    """A child forked from this process, as a build's render worker is, that lives `seconds` and ends."""
    child = os.fork()
    if child == 0:
        time.sleep(seconds)
        os._exit(0)
    return child


def test_a_process_forked_while_serving_holds_none_of_the_server_s_sockets(tmp_path: Path) -> None:
    # A rebuild renders its pages in forked workers: each held a copy of the listening socket and of every
    # connection, so a connection the server closed stayed open until the build ended (a client reading to the
    # close waited for the whole rebuild), and the port stayed taken after the server stopped.
    (tmp_path / "index.html").write_text("<p>home</p>")
    with _served(tmp_path) as (port, server), socket.create_connection(("127.0.0.1", port), timeout=30) as client:
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert client.recv(65536).startswith(b"HTTP/1.1 200 OK")  # kept alive: the connection is the server's
        child = _forked_for(8)
        try:
            started = time.monotonic()
            client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            while client.recv(65536):
                pass
            assert time.monotonic() - started < 4
            server.shutdown()
            server.server_close()
            with socket.socket() as again:
                again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                again.bind(("127.0.0.1", port))
                again.listen()
        finally:
            os.kill(child, 9)
            os.waitpid(child, 0)


def _head_of(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
        client.sendall(request)
        received = b""
        while b"\r\n\r\n" not in received and (chunk := client.recv(65536)):
            received += chunk
    return received.split(b"\r\n\r\n", 1)[0]


def test_a_text_file_too_large_to_compress_in_memory_goes_as_it_is(tmp_path: Path) -> None:
    # Compressed, a text file was read whole into memory first: a 1 GB file (sparse, of nothing) under site/ took
    # the server to 1.1 GB and 20 s before the first byte, HEAD 13 s, and a few such requests at once past the
    # machine's memory.
    with open(tmp_path / "huge.txt", "wb") as huge:
        huge.truncate(64 << 20)
    with _served(tmp_path) as (port, _):
        for method in (b"GET", b"HEAD"):
            head = _head_of(port, method + b" /huge.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200 OK") and b"Content-Encoding" not in head, method
            assert f"Content-Length: {64 << 20}\r\n".encode() in head + b"\r\n", method


def _status(port: int, target: bytes) -> bytes:
    return _head_of(port, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")[:12]


def test_a_path_whose_bytes_are_no_utf_8_names_no_page_rather_than_a_bad_request(tmp_path: Path) -> None:
    # RFC 3986 lets a path carry any byte percent-encoded: /%ff is a well-formed request for a page that is not
    # there (every name the build writes is UTF-8), as nginx and Apache answer it, not a malformed one (400).
    (tmp_path / "index.html").write_text("<p>home</p>")
    with _served(tmp_path) as (port, _):
        for target in (b"/%ff", b"/\xff", b"/a\x85b", b"/%c0%af", b"/%e0%80%af", b"/%ed%a0%80", b"/%ff/index.html"):
            assert _status(port, target) == b"HTTP/1.1 404", target
        # What no path can be stays malformed: a broken escape, a NUL or control byte, a step out of the folder.
        for target in (b"/%zz", b"/%00", b"/a\x1cb", b"/%2e%2e/index.html", b"/%5c"):
            assert _status(port, target) == b"HTTP/1.1 400", target


def _serve_logged(project: Path, port: int, log: Path) -> subprocess.Popen:
    with open(log, "wb") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "toolkit", "-C", str(project), "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            cwd=REPO,
        )


def _until_logged(log: Path, text: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while text not in log.read_text(encoding="utf-8"):
        assert server.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
        time.sleep(0.1)


def test_a_stop_that_cuts_a_rebuild_is_an_interrupted_run_and_a_stop_while_serving_is_not(tmp_path: Path) -> None:
    # SIGTERM is how a service manager or `kill` asks a server to stop: while it serves the site last built, a
    # stop is its normal end (exit 0; systemd reads 130 as a failure). A stop that cuts a rebuild leaves the
    # catalogs' last change off the site: that run is interrupted, as `toolkit build` is, and said so, not
    # "stopped" with exit 0.
    project = sample_project(tmp_path / "p", articles=1)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        log = tmp_path / f"serve-{signum}.log"
        server = _serve_logged(project, _free_port(), log)
        try:
            _until_logged(log, "build:", server)
            server.send_signal(signum)
            assert server.wait(timeout=30) == 0, log.read_text(encoding="utf-8")
            assert log.read_text(encoding="utf-8").endswith("\nstopped\n")
        finally:
            stop_serving(server)
    log = tmp_path / "serve-rebuilding.log"
    server = _serve_logged(project, _free_port(), log)
    try:
        _until_logged(log, "build:", server)
        with project_lock(load_config(project).state_dir, "serve"):  # the rebuild waits for it: under way
            catalog = project / "translations" / "000_sample.po"
            catalog.write_text(catalog.read_text(encoding="utf-8").replace("Article title 0", "New"), encoding="utf-8")
            _until_logged(log, "toolkit: waiting for toolkit serve", server)
            server.send_signal(signal.SIGTERM)
            assert server.wait(timeout=30) == 130, log.read_text(encoding="utf-8")
        said = log.read_text(encoding="utf-8")
        assert said.endswith(f"\ntoolkit: {INTERRUPTED}\n") and "Traceback" not in said, said
    finally:
        stop_serving(server)


def _answer(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
        client.sendall(request)
        received = b""
        while chunk := client.recv(65536):
            received += chunk
    return received


def test_a_head_request_refused_for_its_request_line_gets_no_body(tmp_path: Path) -> None:
    # RFC 9110 9.3.2: an answer to HEAD has no content. Refused for its version, its shape or its length, a HEAD
    # request was sent the error page's HTML after the headers, read by a client that pools the connection as
    # the start of its next answer.
    (tmp_path / "index.html").write_text("<p>home</p>")
    lines = {
        b"HEAD / HTTP/2": b"400",
        b"HEAD / HTTP/9.9": b"505",
        b"HEAD / HTTP/1.1 more": b"400",
        b"HEAD /" + b"a" * 70_000 + b" HTTP/1.1": b"414",
        b"\r\nHEAD / HTTP/1.0x": b"400",
    }
    with _served(tmp_path) as (port, _):
        for line, status in lines.items():
            head, _, body = _answer(port, line + b"\r\nHost: x\r\n\r\n").partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 " + status) and b"\r\nContent-Length: " in head, line[:40]
            assert body == b"", line[:40]
        # A GET refused alike still says why in its body.
        assert _answer(port, b"GET / HTTP/2\r\nHost: x\r\n\r\n").endswith(b"</html>\n")


def test_close_among_a_request_s_connection_options_closes_the_connection_after_its_answer(tmp_path: Path) -> None:
    # RFC 9112 9.6: a server that receives the "close" option MUST close after its answer. Connection is a list;
    # "close" after another option, or in a second Connection header, kept the connection open for the next
    # request until the 5 s deadline, a client reading to the close waiting that long.
    (tmp_path / "index.html").write_text("<p>home</p>")
    with _served(tmp_path) as (port, _):
        for options in (
            b"Connection: TE, close",
            b"Connection: keep-alive\r\nConnection: Close",
            b"Connection: ,close,",
        ):
            started = time.monotonic()
            answer = _answer(port, b"GET / HTTP/1.1\r\nHost: x\r\n" + options + b"\r\n\r\n")
            assert answer.startswith(b"HTTP/1.1 200 OK") and time.monotonic() - started < 2, options


def test_a_request_body_the_server_does_not_read_does_not_reset_the_connection_under_its_answer(
    tmp_path: Path,
) -> None:
    # The server answers a request with a body (a GET or POST with Content-Length or chunked) without reading the
    # body, and closes: closed with the body's bytes unread, the socket was reset, so a client still sending
    # its body met a broken pipe and never read the answer (http.client's POST of 3 MB, curl's "Send failure").
    (tmp_path / "index.html").write_text("<p>home</p>")
    body = b"x" * (3 << 20)
    framings = {
        b"GET": b"Content-Length: %d\r\n\r\n" % len(body) + body,
        b"POST": b"Transfer-Encoding: chunked\r\n\r\n%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n",
    }
    with _served(tmp_path) as (port, _):
        for method, framed in framings.items():
            with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
                client.sendall(method + b" /index.html HTTP/1.1\r\nHost: x\r\n" + framed)
                answer = b""
                while chunk := client.recv(65536):
                    answer += chunk
            assert answer.startswith((b"HTTP/1.1 200 OK", b"HTTP/1.1 405")), method


def test_an_http_1_0_connection_kept_alive_is_said_to_be(tmp_path: Path) -> None:
    # An HTTP/1.0 client that asks "Connection: keep-alive" takes the connection as persistent only when the answer
    # says so (RFC 9112 9.3, RFC 2068 19.7.1); otherwise it reads the answer to the close. The server kept the
    # connection open without a word, so such a client (ApacheBench's -k) waited 5 s for each answer's end.
    (tmp_path / "index.html").write_text("<p>home</p>")
    with _served(tmp_path) as (port, _), socket.create_connection(("127.0.0.1", port), timeout=30) as client:
        for _ in range(2):  # the second request on the same connection: it was kept
            client.sendall(b"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
            head = b""
            while b"\r\n\r\n" not in head:
                head += client.recv(1)
            assert head.startswith(b"HTTP/1.1 200 OK") and b"\r\nConnection: keep-alive\r\n" in head, head
            assert client.recv(11) == b"<p>home</p>"
        # Without the option, HTTP/1.0 closes after the answer, and the answer says nothing of keeping it.
        closed = _answer(port, b"GET / HTTP/1.0\r\n\r\n")
        assert closed.endswith(b"<p>home</p>") and b"keep-alive" not in closed


def test_a_method_http_defines_but_a_static_site_takes_not_is_405_with_what_it_takes(tmp_path: Path) -> None:
    # RFC 9110 15.5.6 and 15.6.2: 501 is for a method the server does not know; one it knows and the resource does
    # not allow is 405, with Allow. POST, PUT, DELETE, OPTIONS were 501 "Unsupported method ('POST')", no Allow.
    (tmp_path / "index.html").write_text("<p>home</p>")
    with _served(tmp_path) as (port, _):
        for method in (b"POST", b"PUT", b"DELETE", b"PATCH", b"OPTIONS", b"TRACE"):
            head = _head_of(port, method + b" /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 405 Method Not Allowed\r\n"), method
            assert b"\r\nAllow: GET, HEAD\r\n" in head, method
        # Kept alive after it, as after any answer the client can act on.
        pipelined = b"DELETE / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        answers = _answer(port, pipelined)
        assert answers.startswith(b"HTTP/1.1 405") and answers.endswith(b"<p>home</p>"), answers
        for unknown in (b"BREW", b"get"):  # methods are case-sensitive: no method HTTP defines
            assert _status(port, b"/").startswith(b"HTTP/1.1 200")
            assert _head_of(port, unknown + b" / HTTP/1.1\r\nHost: x\r\n\r\n").startswith(b"HTTP/1.1 501"), unknown


def test_a_target_too_long_to_look_up_is_414_at_any_length(tmp_path: Path) -> None:
    # The server looks up no target of more than 4,096 characters: one of 4,097 to 65,536 was 400 "Bad Request",
    # one longer 414 "URI Too Long", which is the status RFC 9110 15.5.15 names for both.
    (tmp_path / "index.html").write_text("<p>home</p>")
    with _served(tmp_path) as (port, _):
        for length in (4_097, 20_000, 70_000):
            assert _status(port, b"/" + b"a" * length) == b"HTTP/1.1 414", length
        assert _status(port, b"/" + b"a" * 4_095) == b"HTTP/1.1 404"


@pytest.mark.parametrize("swapped", ["site/articles", "site"])
def test_a_folder_replaced_by_a_link_after_its_path_was_checked_leads_out_of_site_to_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swapped: str
) -> None:
    # `site_file` checks that a path is reached through no link, then the answer opens it: a folder of the path
    # replaced by a link between the two (anyone who can write in site/) was followed, since O_NOFOLLOW guards
    # the last name alone, and a file outside site/ was sent; site/ itself replaced so was no answer at all. The
    # swap is made here at that worst moment.
    site, outside = tmp_path / "site", tmp_path / "outside"
    (site / "articles").mkdir(parents=True)
    (site / "articles" / "a.html").write_text("<p>article</p>")
    (outside / "articles").mkdir(parents=True)
    for folder in (outside, outside / "articles"):
        (folder / "a.html").write_text("the server must not send this")
    link = tmp_path / swapped
    leads_to = outside / "articles" if swapped == "site/articles" else outside

    def checked_then_swapped(site_dir: str, target: str) -> server_module.Found:
        found = site_file(site_dir, target)
        if target == "/articles/a.html" and not link.is_symlink():
            os.rename(link, tmp_path / "moved")
            os.symlink(leads_to, link)
        return found

    monkeypatch.setattr(server_module, "site_file", checked_then_swapped)
    with _served(site) as (port, _):
        answer = _answer(port, b"GET /articles/a.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 404") and b"must not send" not in answer, answer


def test_a_link_above_site_retargeted_after_a_page_s_check_still_gets_the_page_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A project reached through a link that a release switches (`current` -> releases/2): the page was checked in
    # the site the link led to, then site/ was looked up again through the link to open it, the checked path was
    # outside that one, and the connection was dropped without an answer.
    for release, text in (("1", "checked"), ("2", "switched to")):
        (tmp_path / release / "site" / "articles").mkdir(parents=True)
        (tmp_path / release / "site" / "articles" / "a.html").write_text(f"<p>{text}</p>")
    current = tmp_path / "current"
    current.symlink_to(tmp_path / "1")

    def checked_then_switched(site_dir: str, target: str) -> server_module.Found:
        found = site_file(site_dir, target)
        if target == "/articles/a.html":
            current.unlink()
            current.symlink_to(tmp_path / "2")
        return found

    monkeypatch.setattr(server_module, "site_file", checked_then_switched)
    with _served(current / "site") as (port, _):
        answer = _answer(port, b"GET /articles/a.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b"<p>checked</p>"), answer


def test_a_header_folded_onto_a_second_line_is_refused_for_what_it_is(tmp_path: Path) -> None:
    # RFC 9112 5.2: a line folded onto the next (obs-fold, a line that starts with a space or a tab) is refused
    # with 400 or unfolded. It was refused as "control character in a header", which the request has none of.
    (tmp_path / "index.html").write_text("<p>home</p>")
    with _served(tmp_path) as (port, _):
        for fold in (b" b", b"\tb", b"   "):
            request = b"GET / HTTP/1.1\r\nHost: x\r\nX-Long: a\r\n" + fold + b"\r\nConnection: close\r\n\r\n"
            status_line = _head_of(port, request).split(b"\r\n", 1)[0]
            assert status_line == b"HTTP/1.1 400 a header line that starts with a space or a tab (obs-fold)", fold


@pytest.mark.slow
def test_readers_on_kept_alive_connections_get_whole_pages_while_the_site_is_rebuilt_under_them(
    tmp_path: Path,
) -> None:
    # A save swaps a whole new site/ in while pages are being read (the rebuild's workers forked meanwhile): every
    # answer must be whole and of the status its page has, on connections kept across the swaps.
    project = sample_project(tmp_path / "p", articles=2)
    port = _free_port()
    server = serve_quietly(project, port)
    targets = {"/index.html": 200, "/feed.xml": 200, "/ar/": 200, "/articles/": 404, "/sitemap.xml": 200}
    wrong: list[object] = []
    answered = [0]
    rebuilding = threading.Event()

    def read_pages() -> None:
        while not rebuilding.is_set() or answered[0] < 400:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                for target, status in targets.items():
                    connection.request("GET", target, headers={"Accept-Encoding": "gzip"})
                    answer = connection.getresponse()
                    body = answer.read()
                    if answer.status != status or len(body) != int(answer.getheader("Content-Length")):
                        wrong.append((target, answer.status, len(body)))
                    answered[0] += 1
                connection.close()
            except (OSError, http.client.HTTPException) as error:
                wrong.append(repr(error))
            if len(wrong) > 5 or answered[0] > 4000:
                return

    try:
        _until_serving(server, port)
        readers = [threading.Thread(target=read_pages) for _ in range(3)]
        for reader in readers:
            reader.start()
        catalog = project / "translations" / "001_sample.po"
        original = catalog.read_text(encoding="utf-8")
        for number in range(3):
            catalog.write_text(original.replace("Article title 1", f"Title {number}"), encoding="utf-8")
            deadline = time.monotonic() + 60
            while f"Title {number}".encode() not in _answer(
                port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            ):
                assert time.monotonic() < deadline and not wrong, wrong
                time.sleep(0.2)
        rebuilding.set()
        for reader in readers:
            reader.join(timeout=120)
    finally:
        rebuilding.set()
        stop_serving(server)
    assert not wrong, wrong
    assert b"Traceback" not in server.stderr.read()


def _until_serving(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        with contextlib.suppress(OSError):
            if _answer(port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startswith(b"HTTP/1.1 200"):
                return
        assert server.poll() is None and time.monotonic() < deadline
        time.sleep(0.2)
