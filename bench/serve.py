"""`toolkit serve` with slow and early clients: the code of a git revision (--before) and this tree's, one after
the other in one run, each in its own process on 127.0.0.1, stopped by its PID.

1. The first build: a synthetic project (bench/build.py's corpus, --articles x 20 blocks) served from nothing;
   a request is sent as soon as the port takes connections. Printed: how long its answer took and its status,
   and how long until the site's index page was served.
2. A slowloris: once the site is built, --trickling connections each send a request head a byte every 0.2 s
   and never end it (one the server closes is opened again), beside --idle connections that send nothing;
   meanwhile a well-behaved client fetches the index page --requests times, one every 0.25 s, each on a new
   connection. Printed: its answers' statuses and their latency (median, 95th percentile, worst).
3. Clients that never read: --stalled connections each ask for a 2 MB file put in site/ and read none of it
   (a receive window of 4 kB), while the well-behaved client fetches the index page --requests times as above
   (an answer not come within 30 s counts as closed, at 30 s). Printed: as for 2.

    .venv/bin/python bench/serve.py --before main
    .venv/bin/python bench/serve.py --before main --articles 1000
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "bench")]

from build import export_revision, write_project  # noqa: E402  (bench/build.py)

# Larger than a loopback connection's socket buffers take for a client that reads nothing (a receive window of a
# few kilobytes): its answer cannot be sent whole.
LARGE_FILE_BYTES = 2 << 20
INDEX_REQUEST = b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _status(port: int, timeout: float = 30) -> int:
    """The status of the server's answer to a GET of the index page; 0 when it closed without one."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(INDEX_REQUEST)
        answer = connection.recv(64)
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.") else 0


def _serving(tree: Path, project: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "toolkit", "-C", str(project), "-q", "serve", "--port", str(port)],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _first_build(port: int, started: float) -> tuple[float, int, float]:
    """(seconds to the first request's answer, its status, seconds until the index page is served), from
    `started`, the server's start."""
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.01)
    asked = time.monotonic()
    first = _status(port, timeout=3600)
    answered = time.monotonic()
    while _status(port, timeout=3600) != 200:
        time.sleep(0.1)
    return answered - asked, first, time.monotonic() - started


def trickle(port: int, trickling: int, idle: int, stop: threading.Event) -> None:
    """A slowloris until `stop` is set: `trickling` connections, each sending a request head a byte at a time and
    never ending it (one the server closes is opened again), and `idle` connections that send nothing.
    tests/abuse/test_serve_connections.py attacks with it too."""
    connections: list[socket.socket | None] = [None] * trickling
    silent = []
    try:
        for _ in range(idle):
            silent.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        while not stop.is_set():
            for number, connection in enumerate(connections):
                try:
                    if connection is None:
                        connection = connections[number] = socket.create_connection(("127.0.0.1", port), timeout=5)
                        connection.sendall(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    connection.sendall(b"X")
                except OSError:
                    if connection is not None:
                        connection.close()
                    connections[number] = None
            stop.wait(0.2)
    finally:
        for connection in [*connections, *silent]:
            if connection is not None:
                connection.close()


def _timed_requests(port: int, requests: int) -> list[tuple[int, float]]:
    answers = []
    for _ in range(requests):
        asked = time.monotonic()
        try:
            status = _status(port)
        except OSError:
            status = 0
        answers.append((status, time.monotonic() - asked))
        time.sleep(0.25)
    return answers


def _under_attack(port: int, trickling: int, idle: int, requests: int) -> list[tuple[int, float]]:
    stop = threading.Event()
    attack = threading.Thread(target=trickle, args=(port, trickling, idle, stop))
    attack.start()
    try:
        time.sleep(2)
        return _timed_requests(port, requests)
    finally:
        stop.set()
        attack.join()


def ask_and_never_read(port: int, target: str, *headers: str) -> socket.socket:
    """A connection that has asked for `target` (with `headers`) and offers a window of a few kilobytes: it
    reads nothing. tests/abuse/test_serve_connections.py stalls with it too."""
    connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connecting: the window it offers
    connection.settimeout(5)
    connection.connect(("127.0.0.1", port))
    head = "".join(f"{header}\r\n" for header in ("Host: 127.0.0.1", *headers))
    connection.sendall(f"GET {target} HTTP/1.1\r\n{head}\r\n".encode("ascii"))
    return connection


def _beside_stalled_readers(port: int, site: Path, stalled: int, requests: int) -> list[tuple[int, float]]:
    (site / "large.bin").write_bytes(os.urandom(LARGE_FILE_BYTES))
    connections = []
    try:
        for _ in range(stalled):
            connections.append(ask_and_never_read(port, "/large.bin"))
        time.sleep(1)
        return _timed_requests(port, requests)
    finally:
        for connection in connections:
            connection.close()


def _summary(answers: list[tuple[int, float]]) -> str:
    latencies = sorted(seconds for _, seconds in answers)
    counted = sorted(Counter(status for status, _ in answers).items())
    statuses = ", ".join(f"{count} x {status or 'closed'}" for status, count in counted)
    return (
        f"{len(answers)} requests: {statuses}; latency median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(0.95 * (len(latencies) - 1))] * 1000:.0f} ms, worst {latencies[-1] * 1000:.0f} ms"
    )


def _measure(name: str, tree: Path, corpus: Path, arguments: argparse.Namespace) -> None:
    project = corpus.parent / f"{corpus.name}-{name}"
    subprocess.run(["cp", "-a", str(corpus), str(project)], check=True)
    port = _free_port()
    started = time.monotonic()
    server = _serving(tree, project, port)
    try:
        first_answer, first_status, built = _first_build(port, started)
        answers = _under_attack(port, arguments.trickling, arguments.idle, arguments.requests)
        beside_stalled = _beside_stalled_readers(port, project / "site", arguments.stalled, arguments.requests)
    finally:
        _stop(server)
    print(
        f"{name:>7}: first build: a request at once answered in {first_answer:.2f} s ({first_status}), "
        f"the index served {built:.1f} s after start"
    )
    print(f"{'':>7}  under {arguments.trickling} trickling + {arguments.idle} idle connections, {_summary(answers)}")
    print(f"{'':>7}  beside {arguments.stalled} clients that never read a 2 MB file, {_summary(beside_stalled)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", help="a git revision to measure first, e.g. main")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--trickling", type=int, default=100)
    parser.add_argument("--idle", type=int, default=100)
    parser.add_argument("--stalled", type=int, default=100)
    parser.add_argument("--requests", type=int, default=40)
    arguments = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        write_project(corpus, arguments.articles, 20)
        if arguments.before:
            _measure("before", export_revision(arguments.before, Path(folder) / "before"), corpus, arguments)
        _measure("after", REPO, corpus, arguments)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
