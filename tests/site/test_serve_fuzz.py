"""`toolkit serve` under hostile requests, in a real process on 127.0.0.1: malformed request lines, encoded NUL
bytes and traversal, symlinks out of site/, huge headers, then 200 requests 20 at a time, and a grammar of
hostile requests drawn by hypothesis. It answers each with a status (never a dropped connection), serves only
regular files under site/, and stays up."""

from __future__ import annotations

import gzip
import os
import re
import socket
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from local_http import raw_exchange as _raw
from site_projects import sample_project
from test_serve_command import _free_port, _until, serve_quietly, stop_serving

from toolkit.site.server import accepts_gzip, site_file, site_server


def _status_of(answer: bytes) -> int:
    assert answer.startswith(b"HTTP/1."), answer[:200]
    return int(answer.split(b" ", 2)[1])


def _get(port: int, target: str, *headers: str) -> bytes:
    lines = [f"GET {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *headers, "", ""]
    return _raw(port, "\r\n".join(lines).encode("latin-1"))


@pytest.fixture(scope="module")
def served_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_project(tmp_path_factory.mktemp("served") / "p", articles=2)


@pytest.fixture(scope="module")
def served(served_project: Path):
    """One server for the module's requests (none changes the site): each start builds the site first."""
    project = served_project
    tmp_path = project.parent
    outside = tmp_path / "secret.txt"
    outside.write_text("the server must not send this\n")
    port = _free_port()
    server = serve_quietly(project, port)
    try:
        _until(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=5).status == 200)
        site = project / "site"
        os.symlink(outside, site / "link-out.txt")
        os.symlink(tmp_path, site / "folder-out")
        os.mkfifo(site / "pipe.html")
        yield port
    finally:
        stop_serving(server)
    assert b"Traceback" not in server.stderr.read()


MALFORMED = {
    "GET /%00 HTTP/1.1": 400,
    "GET /index.html%00.txt HTTP/1.1": 400,
    "GET /../../etc/passwd HTTP/1.1": 400,
    "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1": 400,
    "GET /articles/..%2f..%2f..%2fetc%2fpasswd HTTP/1.1": 400,
    "GET /% HTTP/1.1": 400,
    "GET /index.html%2 HTTP/1.1": 400,
    "GET /%zzindex.html HTTP/1.1": 400,
    "GET /a\\..\\b HTTP/1.1": 400,
    "GET index.html HTTP/1.1": 400,
    "GARBAGE": 400,
    "GET": 400,
    "GET / HTTP/9.9": 505,
    "GET / FTP/1.0": 400,
    "BREW /pot HTTP/1.1": 501,
}


def test_malformed_and_traversing_requests_get_a_status_not_a_dropped_connection(served: int) -> None:
    for request_line, status in MALFORMED.items():
        answer = _raw(served, f"{request_line}\r\nHost: x\r\nConnection: close\r\n\r\n".encode("latin-1"))
        assert _status_of(answer) == status, request_line
        assert b"the server must not send" not in answer


def test_only_regular_files_under_site_are_served(served: int) -> None:
    for target in ("/link-out.txt", "/folder-out/secret.txt", "/pipe.html", "/articles/", "/static/"):
        answer = _get(served, target)
        assert _status_of(answer) == 404, target
        assert b"the server must not send" not in answer
        assert b"Directory listing" not in answer
    # A folder without an index page is not sent on to one that is missing: the site's 404 at once.
    assert _status_of(_get(served, "/articles")) == 404


def test_pages_go_out_as_http_1_1_with_their_charset(served: int) -> None:
    answer = _get(served, "/")
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    assert head.startswith("HTTP/1.1 200")
    assert "Content-Type: text/html; charset=utf-8" in head
    assert "X-Content-Type-Options: nosniff" in head
    assert "Content-Type: application/xml; charset=utf-8" in _get(served, "/feed.xml").decode("latin-1")


def test_a_missing_page_is_answered_with_the_site_s_own_404_page(served: int, served_project: Path) -> None:
    page = (served_project / "site" / "404.html").read_bytes()
    for target in ("/nowhere.html", "/articles/gone.html", "/.git/config", "/pipe.html"):
        head, body = _get(served, target).split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 404 "), target
        assert b"Content-Type: text/html; charset=utf-8" in head and body == page, target
    zipped_head, zipped = _get(served, "/nowhere.html", "Accept-Encoding: gzip").split(b"\r\n\r\n", 1)
    assert zipped_head.startswith(b"HTTP/1.1 404 ") and gzip.decompress(zipped) == page
    answer = _raw(served, b"HEAD /nowhere.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head, body = answer.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 404 ") and f"Content-Length: {len(page)}".encode() in head and body == b""
    malformed = _get(served, "/%00")
    assert _status_of(malformed) == 400 and page not in malformed


def test_the_server_header_is_the_toolkit_s_name_alone(served: int) -> None:
    head = _get(served, "/").split(b"\r\n\r\n", 1)[0].decode("latin-1")
    assert "\r\nServer: toolkit\r\n" in head


def test_text_goes_compressed_to_a_client_that_takes_gzip(served: int) -> None:
    page = _get(served, "/index.html", "Accept-Encoding: br, gzip;q=0.8")
    head, body = page.split(b"\r\n\r\n", 1)
    assert b"Content-Encoding: gzip" in head and b"Vary: Accept-Encoding" in head
    assert f"Content-Length: {len(body)}".encode() in head
    assert gzip.decompress(body) == _get(served, "/index.html").split(b"\r\n\r\n", 1)[1]
    assert b"Content-Encoding" not in _get(served, "/index.html", "Accept-Encoding: gzip;q=0, br")
    font = _get(served, "/static/fonts/noto-naskh-arabic-letters-400.woff2", "Accept-Encoding: gzip")
    assert b"Content-Encoding" not in font.split(b"\r\n\r\n", 1)[0]  # compressed already
    assert [accepts_gzip(value) for value in ("gzip, deflate", "*", "identity", "GZIP;q=0.0", None, "gzip;q=x")] == [
        True,
        True,
        False,
        False,
        False,
        False,
    ]


def test_huge_request_lines_and_headers_are_refused(served: int) -> None:
    assert _status_of(_get(served, "/" + "a" * 70_000)) == 414
    assert _status_of(_get(served, "/", "X-Big: " + "b" * 70_000)) == 431
    assert _status_of(_get(served, "/", *(f"X-Many-{n}: v" for n in range(150)))) == 431
    assert _status_of(_get(served, "/")) == 200


def test_two_hundred_requests_twenty_at_a_time(served: int) -> None:
    targets = ["/", "/index.html", "/feed.xml", "/%00", "/../x", "/link-out.txt", "/nowhere.html", "/sitemap.xml"]
    expected = {"/": 200, "/index.html": 200, "/feed.xml": 200, "/sitemap.xml": 200, "/%00": 400, "/../x": 400}

    def ask(number: int) -> tuple[str, int]:
        target = targets[number % len(targets)]
        return target, _status_of(_get(served, target))

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(ask, range(200)))
    assert len(answers) == 200
    for target, status in answers:
        assert status == expected.get(target, 404), target


def test_site_file_is_a_function_of_the_folder_and_the_target(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a b.html").write_text("x")
    (tmp_path / "index.html").write_text("x")
    assert site_file(str(tmp_path), "/articles/a%20b.html?q=1#x").path == str(tmp_path / "articles" / "a b.html")
    assert site_file(str(tmp_path), "/").path == str(tmp_path / "index.html")
    assert site_file(str(tmp_path), "/articles").status == 404  # no index page to send the reader on to
    (tmp_path / "articles" / "index.html").write_text("x")
    assert site_file(str(tmp_path), "/articles").path == "/articles/"
    assert site_file(str(tmp_path), "/%0a").status == 400


@pytest.mark.parametrize("target", ["//articles", "///articles", "//articles//", "/articles?next=//evil.example"])
def test_a_folder_redirects_inside_the_site_whatever_slashes_the_target_starts_with(
    tmp_path: Path, target: str
) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "index.html").write_text("x")
    found = site_file(str(tmp_path), target)
    assert (found.status, found.path) in ((301, "/articles/"), (200, str(tmp_path / "articles" / "index.html")))


def test_a_header_with_a_control_character_is_refused(served: int) -> None:
    assert _status_of(_raw(served, b"GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\x00b\r\nConnection: close\r\n\r\n")) == 400
    assert _status_of(_raw(served, b"GET / HTTP/1.1\r\nHost: x\r\nX-Esc: \x1b[31m\r\nConnection: close\r\n\r\n")) == 400
    assert _status_of(_get(served, "/", "X-Tab: a\tb")) == 200


def test_a_raw_path_is_split_from_its_request_line_on_spaces_alone(tmp_path: Path) -> None:
    # 0x85 and 0xA0 (NEL and NBSP read as Latin-1) are bytes of many UTF-8 characters: م is D9 85, à is C3 A0,
    # Р is D0 A0. Python's str.split took them for spaces, and such a path was refused as no request line.
    (tmp_path / "مقال.html").write_text("<p>article</p>", encoding="utf-8")
    (tmp_path / "Рà.txt").write_text("text", encoding="utf-8")
    server = site_server("127.0.0.1", 0, tmp_path)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    def answer(target: bytes) -> bytes:
        return _raw(port, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")

    try:
        for name in ("مقال.html", "Рà.txt"):
            raw = answer(b"/" + name.encode())
            assert _status_of(raw) == 200 and raw.split(b"\r\n\r\n", 1)[1] == (tmp_path / name).read_bytes(), name
        assert _status_of(answer("/مقالة.html".encode())) == 404
        # A lone byte leads where its percent-encoded form does: invalid UTF-8 to no page, a control byte to 400.
        for byte, status in ((b"\x85", 404), (b"\xa0", 404), (b"\x1c", 400), (b"\x0b", 400)):
            assert _status_of(answer(b"/a" + byte + b"b")) == status, byte
            assert _status_of(answer(b"/a%%%02Xb" % byte[0])) == status, byte
    finally:
        server.shutdown()
        server.server_close()


# A grammar of requests, each part drawn mostly well formed and now and then hostile: percent-encodings (overlong
# UTF-8, encoded dots and backslashes, NUL, lone bytes, double encoding), absolute and authority forms, methods
# and versions of every shape, header lines broken or huge, bodies, and a request pipelined behind.
_SEGMENTS = [b"index.html", b"articles", b"feed.xml", b"ar", b"static", b"..", b".", b"%2e%2e", b"%2E", b"%5c", b"\\"]
_SEGMENTS += [
    b"%00",
    b"%c0%af",
    b"%c0%ae%c0%ae",
    b"%e0%80%af",
    b"%ff",
    b"\xff",
    b"%252e%252e",
    b"%25",
    b"%",
    b"%z",
    b"%2f",
]
_SEGMENTS += [
    b"link-out.txt",
    b"folder-out",
    b"secret.txt",
    b"pipe.html",
    b".git",
    "مقال".encode(),
    b"%d9%85",
    b"%0d%0a",
]
_SEGMENT = st.lists(st.one_of(st.sampled_from(_SEGMENTS), st.binary(max_size=4)), max_size=3).map(b"".join)
_PATH = st.lists(_SEGMENT, max_size=4).map(lambda segments: b"/" + b"/".join(segments))
_AUTHORITY = st.sampled_from([b"x", b"127.0.0.1:8000", b"[::1]", b"", b"a@b"])
_TARGET = st.one_of(
    _PATH,
    st.tuples(st.sampled_from([b"http://", b"HTTP://", b"https://", b"ftp://", b"//"]), _AUTHORITY, _PATH).map(
        b"".join
    ),
    st.sampled_from([b"*", b"127.0.0.1:80", b"index.html", b""]),
)
_METHOD = st.one_of(st.sampled_from([b"GET", b"HEAD"]), st.sampled_from([b"POST", b"OPTIONS", b"get", b"G\0T"]))
_VERSION = st.one_of(
    st.sampled_from([b"HTTP/1.1", b"HTTP/1.0"]), st.sampled_from([b"HTTP/2", b"HTTP/1.10", b"http/1.1"])
)
_HEADER = st.one_of(
    st.sampled_from([b"Accept-Encoding: gzip", b"Range: bytes=0-3", b"If-None-Match: *", b"Expect: 100-continue"]),
    st.sampled_from(
        [b"Connection: close", b"Connection: keep-alive", b"Content-Length: 5", b"Transfer-Encoding: chunked"]
    ),
    st.just(b"Host: " + b"h" * 10_000),
    st.tuples(
        st.binary(min_size=1, max_size=8), st.sampled_from([b": ", b":", b" : ", b""]), st.binary(max_size=8)
    ).map(b"".join),
)
_STATUS_LINE = re.compile(rb"HTTP/1\.1 (\d{3}) [^\r\n]*\r\n")


@st.composite
def _requests(draw: st.DrawFn) -> bytes:
    line = draw(_METHOD) + draw(st.sampled_from([b" ", b" ", b"\t", b"  "])) + draw(_TARGET) + b" " + draw(_VERSION)
    headers = [b"Host: x", *draw(st.lists(_HEADER, max_size=4))]
    request = b"\r\n".join([line, *headers]) + b"\r\n\r\n" + draw(st.sampled_from([b"", b"hello"]))
    return request + draw(st.sampled_from([b"", b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"]))


def _framed_answers(request: bytes, received: bytes) -> list[int]:
    """The statuses of the answers in `received`, each framed by its Content-Length (none for HEAD's first or a
    304)."""
    statuses, position = [], 0
    while position < len(received):
        status_line = _STATUS_LINE.match(received, position)
        assert status_line, (request, received[position : position + 200])
        head_end = received.index(b"\r\n\r\n", position) + 4
        status = int(status_line[1])
        statuses.append(status)
        if status < 200:  # 100 Continue: the answer follows
            position = head_end
            continue
        if status == 304:  # no body, whatever its headers say (RFC 9112 6.3)
            position = head_end
            continue
        length = re.search(rb"\r\nContent-Length: (\d+)\r\n", received[position:head_end])
        assert length, (request, received[position:head_end])
        first_final = all(earlier < 200 for earlier in statuses[:-1])  # after any 100 Continue
        is_head = first_final and re.split(rb"[ \t]", request, maxsplit=1)[0] == b"HEAD"
        position = head_end + (0 if is_head else int(length[1]))
    assert position == len(received), (request, received[-200:])
    return statuses


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=_requests())
def test_a_grammar_of_hostile_requests_gets_framed_answers_and_never_a_file_outside_site(
    served: int, request: bytes
) -> None:
    with socket.create_connection(("127.0.0.1", served), timeout=15) as connection:
        connection.sendall(request)
        connection.shutdown(socket.SHUT_WR)  # a request left unfinished is closed at once, not at the deadline
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    statuses = _framed_answers(request, received)  # a clean close without a word gives none
    assert all(status < 500 or status in (501, 505) for status in statuses), (request, statuses)
    assert b"the server must not send" not in received, request
    assert _status_of(_get(served, "/")) == 200
