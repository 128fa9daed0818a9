"""`toolkit serve` under a flood of idle connections, in a real process on 127.0.0.1 stopped by its PID: it
started a thread for each (1,000 connections, 1,000 threads). Now at most MAX_CONNECTIONS are served at once,
the others are answered 503 at once, and once the flood is gone pages are served again."""

from __future__ import annotations

import contextlib
import selectors
import socket
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from site_projects import sample_project
from test_serve_command import _free_port, _until, serve_quietly, stop_serving
from test_serve_fuzz import _get, _status_of

from toolkit.site.server import MAX_CONNECTIONS

IDLE_CONNECTIONS = 400


def _threads(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Threads:")))


def test_idle_connections_do_not_each_get_a_thread(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    port = _free_port()
    server = serve_quietly(project, port)
    idle: list[socket.socket] = []
    try:
        _until(lambda: _status_of(_get(port, "/index.html")) == 200, 120)
        before = _threads(server.pid)
        for _ in range(IDLE_CONNECTIONS):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        time.sleep(1)  # every connection accepted: served or refused
        assert _threads(server.pid) <= before + MAX_CONNECTIONS + 2

        started = time.monotonic()
        answer = _get(port, "/index.html")
        assert _status_of(answer) in (200, 503) and time.monotonic() - started < 5
        # The connections answered so far (the others are held by a thread, or not accepted yet).
        with selectors.DefaultSelector() as waiting:
            for connection in idle:
                waiting.register(connection, selectors.EVENT_READ)
            answered = [key.fileobj for key, _ in waiting.select(timeout=1)]
        refused = 0
        for connection in answered:
            with contextlib.suppress(OSError):
                refused += connection.recv(64).startswith(b"HTTP/1.1 503")
        assert refused > 0

        for connection in idle:
            connection.close()
        idle.clear()
        _until(lambda: _status_of(_get(port, "/index.html")) == 200, 20)
    finally:
        for connection in idle:
            connection.close()
        stop_serving(server)
    assert b"Traceback" not in server.stderr.read()
