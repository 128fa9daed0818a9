"""`toolkit serve` under idle, trickling and too many connections. It started a thread for each connection
(1,000 connections, 1,000 threads); then it served 64 at once and told the rest 503, so 64 idle or trickling
connections shut every browser out for up to 10 s a wave. Now a connection waits for its request in one
selector without a thread: clients that send their request are answered whatever the others do."""

from __future__ import annotations

import contextlib
import errno
import gzip
import os
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from serve import LARGE_FILE_BYTES, ask_and_never_read, trickle
from site_projects import sample_project
from test_serve_command import _free_port, _until, serve_quietly, stop_serving
from test_serve_fuzz import _get, _status_of

from toolkit.site import server as server_module
from toolkit.site.server import HEAD_SECONDS, SiteServer, site_server

BENCH = Path(__file__).resolve().parents[2] / "bench"
IDLE_CONNECTIONS = 400
TRICKLING_CONNECTIONS = 100
STALLED_CONNECTIONS = 100
# Past what the server's send buffer takes for one such client even when it grows to its largest (tcp_wmem's
# 4 MiB by default on Linux).
UNSENDABLE_FILE_BYTES = 16 << 20


def _threads(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Threads:")))


@pytest.fixture
def served_project(tmp_path: Path) -> Iterator[tuple[int, int]]:
    """(port, PID) of `toolkit serve` in its own process, its one-article site built."""
    project = sample_project(tmp_path / "p", articles=1)
    port = _free_port()
    server = serve_quietly(project, port)
    try:
        _until(lambda: _status_of(_get(port, "/index.html")) == 200, 120)
        yield port, server.pid
    finally:
        stop_serving(server)
    assert b"Traceback" not in server.stderr.read()


def test_idle_connections_hold_no_thread_and_shut_no_one_out(served_project: tuple[int, int]) -> None:
    port, pid = served_project
    before = _threads(pid)
    idle = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(IDLE_CONNECTIONS)]
    try:
        time.sleep(1)  # every connection accepted
        assert _threads(pid) <= before + 1
        for _ in range(5):
            assert _status_of(_get(port, "/index.html")) == 200
    finally:
        for connection in idle:
            connection.close()


def test_trickling_clients_do_not_keep_others_waiting(served_project: tuple[int, int]) -> None:
    port, _ = served_project
    stop = threading.Event()
    attack = threading.Thread(target=trickle, args=(port, TRICKLING_CONNECTIONS, 0, stop))
    attack.start()
    answers = []
    try:
        time.sleep(2)  # every trickling connection open
        for _ in range(20):
            started = time.monotonic()
            answers.append((_status_of(_get(port, "/index.html")), time.monotonic() - started))
            time.sleep(0.25)
    finally:
        stop.set()
        attack.join()
    assert [status for status, _ in answers] == [200] * 20
    # Not a measure of speed (bench/serve.py is), and loose enough for a loaded machine: no answer waited for a
    # trickling connection's deadline (the old server's answer was 503 or a wait of up to 10 s).
    assert max(seconds for _, seconds in answers) < HEAD_SECONDS, answers


def test_clients_that_never_read_their_answers_do_not_keep_others_waiting(tmp_path: Path, site_served: int) -> None:
    # Each answer was written in a thread of its own, 32 at once, each write waiting up to 10 s for the client:
    # 32 clients that asked for a large file and read none of it held every thread, and a page waited behind them.
    (tmp_path / "site" / "large.bin").write_bytes(os.urandom(LARGE_FILE_BYTES))
    stalled = [ask_and_never_read(site_served, "/large.bin") for _ in range(STALLED_CONNECTIONS)]
    try:
        time.sleep(1)  # every answer under way, and stuck
        answers = []
        for _ in range(20):
            started = time.monotonic()
            answers.append((_status_of(_get(site_served, "/index.html")), time.monotonic() - started))
            time.sleep(0.1)
        # A client that reads its answer still gets all of it, the stalled ones beside it.
        whole = _get(site_served, "/large.bin")
    finally:
        for connection in stalled:
            connection.close()
    assert [status for status, _ in answers] == [200] * 20
    # Not a measure of speed, and loose for a loaded machine: the old server's first answer waited 10 s or more.
    assert max(seconds for _, seconds in answers) < HEAD_SECONDS, answers
    assert _status_of(whole) == 200 and len(whole.partition(b"\r\n\r\n")[2]) == LARGE_FILE_BYTES


@pytest.mark.parametrize("site_served", [8], indirect=True)  # connections held at most
def test_a_client_that_takes_none_of_its_answer_is_closed_at_the_write_deadline(
    tmp_path: Path, site_served: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_module, "_WRITE_SECONDS", 1.0)
    monkeypatch.setattr(SiteServer, "head_seconds", 60.0)
    (tmp_path / "site" / "large.bin").write_bytes(os.urandom(UNSENDABLE_FILE_BYTES))
    # Waiting for its request, with a later deadline: the stalled answer's comes first all the same.
    with (
        socket.create_connection(("127.0.0.1", site_served), timeout=10),
        ask_and_never_read(site_served, "/large.bin") as stalled,
    ):
        time.sleep(3)
        received = 0
        while chunk := stalled.recv(1 << 16):
            received += len(chunk)
    assert 0 < received < UNSENDABLE_FILE_BYTES


@pytest.mark.parametrize("site_served", [8], indirect=True)  # connections held at most
def test_when_every_connection_is_held_the_one_waiting_longest_makes_room(site_served: int) -> None:
    idle = [socket.create_connection(("127.0.0.1", site_served), timeout=10) for _ in range(8)]
    try:
        time.sleep(0.5)
        assert _status_of(_get(site_served, "/index.html")) == 200
        # Closed without a word (it had sent nothing) before the newcomer was answered: read with a timeout
        # well under HEAD_SECONDS, its idle deadline, which would close it too.
        idle[0].settimeout(HEAD_SECONDS / 5)
        assert idle[0].recv(64) == b""
    finally:
        for connection in idle:
            connection.close()


@pytest.mark.parametrize("site_served", [4], indirect=True)  # connections held at most
def test_when_every_connection_is_held_by_a_client_that_never_reads_the_longest_stalled_makes_room(
    tmp_path: Path, site_served: int
) -> None:
    (tmp_path / "site" / "large.bin").write_bytes(os.urandom(UNSENDABLE_FILE_BYTES))
    stalled = []
    try:
        for _ in range(4):
            stalled.append(ask_and_never_read(site_served, "/large.bin"))
            time.sleep(0.2)  # answered, and stuck, in the order they came
        assert _status_of(_get(site_served, "/index.html")) == 200
        # Closed for the newcomer, well before its write deadline: what was sent of its answer, then the end.
        stalled[0].settimeout(2)
        while stalled[0].recv(1 << 16):
            pass
    finally:
        for connection in stalled:
            connection.close()


@pytest.mark.parametrize("site_served", [8], indirect=True)  # connections held at most
def test_past_the_bytes_held_for_unsent_answers_the_longest_stalled_client_is_closed(
    tmp_path: Path, site_served: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A compressed page is held whole in memory until its client takes it: clients that never read kept theirs
    # until the write deadline, up to 1,024 pages at once.
    monkeypatch.setattr(server_module, "_UNSENT_BYTES", 12 << 20)
    text = os.urandom(UNSENDABLE_FILE_BYTES // 2).hex().encode("ascii")  # compressed to about half
    # Past what the kernel's buffers take, so compressed here though larger than a served file is compressed.
    monkeypatch.setattr(server_module, "_MAX_COMPRESSED_FILE", len(text))
    (tmp_path / "site" / "large.txt").write_bytes(text)
    with ask_and_never_read(site_served, "/large.txt", "Accept-Encoding: gzip") as first:
        first.settimeout(30)
        first.recv(1, socket.MSG_PEEK)  # its answer made, and stuck
        with ask_and_never_read(site_served, "/large.txt", "Accept-Encoding: gzip") as second:
            second.settimeout(30)
            second.recv(1, socket.MSG_PEEK)  # the two answers together past the limit
            # Closed for the second well before its write deadline: what was sent of its answer, then the end.
            first.settimeout(3)
            while first.recv(1 << 16):
                pass
            second.settimeout(10)
            answer = b""
            while chunk := second.recv(1 << 16):
                answer += chunk
                head, _, body = answer.partition(b"\r\n\r\n")
                if body and len(body) == int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0]):
                    break
    assert gzip.decompress(body) == text


@pytest.mark.parametrize("site_served", [8], indirect=True)  # connections held at most
def test_a_request_not_sent_in_time_is_told_so_and_an_idle_connection_closed(
    site_served: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SiteServer, "head_seconds", 1.0)
    with socket.create_connection(("127.0.0.1", site_served), timeout=10) as partial:
        partial.sendall(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        assert partial.recv(1024).startswith(b"HTTP/1.1 408 Request Timeout\r\n")
    with socket.create_connection(("127.0.0.1", site_served), timeout=10) as silent:
        assert silent.recv(1024) == b""


class _AbortedListener:
    """A listening socket whose next connection went away before it was accepted (ECONNABORTED)."""

    def accept(self) -> tuple[socket.socket, tuple[str, int]]:
        raise ConnectionAbortedError(errno.ECONNABORTED, "Software caused connection abort")


def test_a_connection_gone_before_it_is_accepted_closes_no_other(tmp_path: Path) -> None:
    server = site_server("127.0.0.1", 0, tmp_path, max_connections=8)
    try:
        with socket.create_connection(server.server_address, timeout=10) as waiting:
            server._accept(server.socket)  # the waiting client's, as the selector calls it
            server._accept(_AbortedListener())
            waiting.settimeout(0.5)
            # Only a descriptor run out (EMFILE) makes the longest-waiting connection give up its place.
            with pytest.raises(TimeoutError):
                waiting.recv(64)
    finally:
        server.server_close()


@contextlib.contextmanager
def _descriptors_left(count: int) -> Iterator[None]:
    """The process may open `count` more file descriptors, until the block ends."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    fillers = [os.open(os.devnull, os.O_RDONLY)]
    highest = max(int(name) for name in os.listdir("/proc/self/fd"))
    while fillers[-1] < highest:  # every lower descriptor taken: the next ones are the highest's followers
        fillers.append(os.open(os.devnull, os.O_RDONLY))
    resource.setrlimit(resource.RLIMIT_NOFILE, (fillers[-1] + 1 + count, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        for descriptor in fillers:
            os.close(descriptor)


def test_with_no_descriptor_left_and_none_to_free_the_server_waits_instead_of_spinning(tmp_path: Path) -> None:
    # A connection that cannot be accepted stays ready to accept: with no waiting connection to close for it, the
    # selector was ready again at once, and the server took a core for as long as the descriptors were short.
    server = site_server("127.0.0.1", 0, tmp_path, max_connections=8)
    selects = 0
    select = server._selector.select

    def counted(timeout: float | None = None) -> list:
        nonlocal selects
        selects += 1
        return select(timeout)

    server._selector.select = counted  # type: ignore[method-assign]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    try:
        with socket.create_connection(server.server_address, timeout=10), _descriptors_left(0):
            thread.start()
            time.sleep(1)
            looked = selects
        # Descriptors there again, connections are accepted and answered again.
        assert _status_of(_get(server.server_address[1], "/index.html")) == 404
    finally:
        server.shutdown()
        server.server_close()
    assert looked < 100, looked  # about ten a second; spinning, tens of thousands


# Opens `count` connections to 127.0.0.1:`port` one after the other with bench/serve.py's ask_and_never_read,
# each asking for `target` and reading none of it once its status line is there, and prints the status lines: in
# a process of its own, so that its descriptors are not the server's.
_STALLING_CLIENTS = """
import socket, sys
from serve import ask_and_never_read
port, target, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
connections, statuses = [], []
for _ in range(count):
    connection = ask_and_never_read(port, target)
    connection.settimeout(10)
    statuses.append(connection.recv(12, socket.MSG_PEEK).decode("latin-1"))
    connections.append(connection)
print("\\n".join(statuses))
"""


@pytest.mark.parametrize("site_served", [16], indirect=True)  # connections held at most
def test_clients_stalled_on_files_leave_a_descriptor_for_every_new_answer_s_file(
    tmp_path: Path, site_served: int
) -> None:
    # An answer whose client takes none of its file holds two descriptors, the connection and the file. Counted
    # as one, clients stalled on files held twice the connection cap, and a new answer found no descriptor for
    # its file: the page was answered 404, as if it were not there.
    with (tmp_path / "statuses").open("w+b") as statuses:
        (tmp_path / "site" / "large.bin").write_bytes(os.urandom(UNSENDABLE_FILE_BYTES))
        # Room for the cap's 16 and a margin, not for 16 clients' 32. Odd: when the clients stalled on files leave
        # one descriptor, the next connection takes it and its file finds none (with none left, accept fails and
        # a stalled client is closed for it).
        with _descriptors_left(27):
            subprocess.run(
                [sys.executable, "-c", _STALLING_CLIENTS, str(site_served), "/large.bin", "21"],
                stdout=statuses,
                env={**os.environ, "PYTHONPATH": str(BENCH)},
                timeout=120,
                check=True,
            )
        statuses.seek(0)
        assert statuses.read().decode("ascii").split("\n")[:-1] == ["HTTP/1.1 200"] * 21


@pytest.mark.parametrize("site_served", [8], indirect=True)  # connections held at most
def test_an_answer_with_no_descriptor_left_for_its_file_is_told_busy_not_missing(site_served: int) -> None:
    with socket.create_connection(("127.0.0.1", site_served), timeout=10) as client:
        client.sendall(b"GET /index.html HTTP/1.1\r\n")
        time.sleep(0.5)  # accepted, and waiting for the rest of its request
        with _descriptors_left(0):
            client.sendall(b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
            answer = client.recv(1024)
    assert answer.startswith(b"HTTP/1.1 503 no file descriptor left to send the page\r\n"), answer
