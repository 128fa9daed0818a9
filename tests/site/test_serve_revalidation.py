"""`toolkit serve` answers a browser's revalidation of its copy (If-None-Match, If-Modified-Since) with 304 and no
body while the file is the one it holds, in a real server process on 127.0.0.1, started and stopped by its PID.
Before, each page went with no validator at all, so every revalidation downloaded the whole page again."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path

import pytest
from local_http import raw_exchange
from site_projects import sample_project
from test_serve_command import _free_port, _until, serve_quietly, stop_serving

from toolkit.site.conditional import file_validators, http_date_seconds, is_not_modified

GZIP = {"Accept-Encoding": "gzip"}


def _ask(port: int, path: str, headers: dict[str, str] | None = None, method: str = "GET"):
    """The status, headers and body of the answer to one request."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.headers, answer.read()
    finally:
        connection.close()


def _serving(project: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    server = serve_quietly(project, port)
    _until(lambda: _ask(port, "/index.html")[0] == 200, 120)
    return server, port


def _dated(port: int, path: str) -> dict[str, str]:
    """The validators of `path` once it has a Last-Modified: none is sent while the second of its mtime runs."""

    def validators() -> dict[str, str] | None:
        headers = _ask(port, path)[1]
        if headers["Last-Modified"] is None:
            return None
        return {"ETag": headers["ETag"], "Last-Modified": headers["Last-Modified"]}

    return _until(validators, 10)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    server, port = _serving(sample_project(tmp_path_factory.mktemp("revalidation") / "p", articles=1))
    try:
        yield port
    finally:
        stop_serving(server)
    assert b"Traceback" not in server.stderr.read()


@pytest.mark.parametrize("encoding", [{}, GZIP], ids=["identity", "gzip"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_copy_revalidated_with_its_etag_is_304_with_no_body(served: int, encoding: dict, method: str) -> None:
    status, sent, page = _ask(served, "/index.html", encoding)
    assert status == 200 and page and sent["ETag"].startswith('"')
    status, revalidated, body = _ask(served, "/index.html", {**encoding, "If-None-Match": sent["ETag"]}, method)
    assert (status, body) == (304, b"")
    assert revalidated["ETag"] == sent["ETag"]
    assert revalidated["Vary"] == "Accept-Encoding" and revalidated["Cache-Control"] == "no-cache"
    assert revalidated["Content-Encoding"] is None and revalidated["Content-Length"] is None


def test_a_304_is_followed_on_its_connection_by_the_next_answer_and_nothing_else(served: int) -> None:
    etag = _ask(served, "/index.html")[1]["ETag"].encode()
    answers = raw_exchange(
        served,
        b"GET /index.html HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag + b"\r\n\r\n"
        b"HEAD /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    not_modified, rest = answers.split(b"\r\n\r\n", 1)
    assert not_modified.startswith(b"HTTP/1.1 304 ") and rest.startswith(b"HTTP/1.1 200 "), answers


def test_the_gzip_variant_has_its_own_etag(served: int) -> None:
    plain = _ask(served, "/index.html")[1]["ETag"]
    _, gzip_headers, _ = _ask(served, "/index.html", GZIP)
    assert gzip_headers["Content-Encoding"] == "gzip" and gzip_headers["ETag"] != plain
    status, sent, _ = _ask(served, "/index.html", {**GZIP, "If-None-Match": plain})
    assert (status, sent["Content-Encoding"], sent["ETag"]) == (200, "gzip", gzip_headers["ETag"])
    status, sent, page = _ask(served, "/index.html", {"If-None-Match": gzip_headers["ETag"]})
    assert (status, sent["Content-Encoding"], sent["ETag"]) == (200, None, plain) and b"<html" in page


def test_if_none_match_compares_weakly_and_takes_any_tag_of_its_list(served: int) -> None:
    etag = _ask(served, "/index.html")[1]["ETag"]
    assert _ask(served, "/index.html", {"If-None-Match": f"W/{etag}"})[0] == 304
    assert _ask(served, "/index.html", {"If-None-Match": f'"other", W/"x", {etag}'})[0] == 304
    assert _ask(served, "/index.html", {"If-None-Match": "*"})[0] == 304
    assert _ask(served, "/index.html", {"If-None-Match": etag.replace('"', "'")})[0] == 200
    assert _ask(served, "/index.html", {"If-None-Match": etag[:-2] + '"'})[0] == 200


def test_if_modified_since_is_304_from_the_last_modified_on_and_ignored_when_malformed(served: int) -> None:
    sent = _dated(served, "/index.html")
    since = http_date_seconds(sent["Last-Modified"])
    assert since is not None
    assert _ask(served, "/index.html", {"If-Modified-Since": sent["Last-Modified"]})[0] == 304
    assert _ask(served, "/index.html", {"If-Modified-Since": formatdate(since + 60, usegmt=True)})[0] == 304
    assert _ask(served, "/index.html", {"If-Modified-Since": formatdate(since - 1, usegmt=True)})[0] == 200
    malformed = [
        "yesterday",
        "0",
        f"{sent['Last-Modified']}, {sent['Last-Modified']}",  # two dates in one field
        sent["Last-Modified"].replace("GMT", "+0000"),
        sent["Last-Modified"].upper(),
        re.sub(r"\d\d:\d\d:\d\d", "25:00:00", sent["Last-Modified"]),
        "Sun, 31 Feb 2099 00:00:00 GMT",
    ]
    for value in malformed:
        status, _, page = _ask(served, "/index.html", {"If-Modified-Since": value})
        assert (status, b"<html" in page) == (200, True), value
    # If-None-Match decides alone when sent: a date that would match does not make a changed tag current.
    both = {"If-None-Match": '"another"', "If-Modified-Since": sent["Last-Modified"]}
    assert _ask(served, "/index.html", both)[0] == 200


def test_the_not_found_page_carries_no_validator_and_is_never_304(served: int) -> None:
    status, sent, page = _ask(served, "/no-such-page.html", {"If-None-Match": "*"})
    assert status == 404 and page and sent["ETag"] is None and sent["Last-Modified"] is None


def test_a_rebuild_makes_a_changed_page_s_validators_stale_and_keeps_an_unchanged_file_s(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    server, port = _serving(project)
    try:
        before = _dated(port, "/index.html")
        style = _ask(port, "/static/site.css")[1]["ETag"]
        catalog = project / "translations" / "000_sample.po"
        catalog.write_text(
            catalog.read_text(encoding="utf-8").replace("Article title 0", "Retitled article"), encoding="utf-8"
        )
        _until(lambda: b"Retitled article" in _ask(port, "/index.html")[2], 60)
        for condition in ({"If-None-Match": before["ETag"]}, {"If-Modified-Since": before["Last-Modified"]}):
            status, sent, page = _ask(port, "/index.html", condition)
            assert (status, b"Retitled article" in page) == (200, True), condition
            assert sent["ETag"] != before["ETag"]
        # Carried into the new site as the same file: the reader's copy is still current.
        assert _ask(port, "/static/site.css", {"If-None-Match": style})[0] == 304
    finally:
        stop_serving(server)
    assert b"Traceback" not in server.stderr.read()


def test_no_last_modified_while_the_second_of_the_mtime_runs_or_is_to_come(tmp_path: Path) -> None:
    # A second write within the same second would carry the same date: a client holding the first would be told
    # 304 for a page it does not have. The entity tag, to the nanosecond, tells them apart.
    page = tmp_path / "page.html"
    page.write_text("<p>one</p>")
    os.utime(page, ns=(0, 1_700_000_000_250_000_000))
    written = page.stat()
    assert file_validators(written, False, 1_700_000_000.9).modified is None
    assert file_validators(written, False, 1_699_999_990.0).modified is None  # a clock set back
    later = file_validators(written, False, 1_700_000_001.0)
    assert later.modified == 1_700_000_000 and later.last_modified == "Tue, 14 Nov 2023 22:13:20 GMT"
    os.utime(page, ns=(0, 1_700_000_000_750_000_000))
    rewritten = file_validators(page.stat(), False, 1_700_000_001.0)
    assert rewritten.etag != later.etag
    assert not is_not_modified([later.etag], [], rewritten)


def test_an_http_date_is_read_in_each_of_its_three_forms() -> None:
    seconds = 784111777
    forms = ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"]
    assert [http_date_seconds(form) for form in forms] == [seconds] * 3
