"""`toolkit serve` in a real process: serves on 127.0.0.1, rebuilds on a catalog change, exits 0 on Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from local_http import raw_exchange
from site_projects import sample_project

from toolkit.cli import cli
from toolkit.commands import serve
from toolkit.commands.serve import snapshot
from toolkit.config import load_config
from toolkit.store.lock import project_lock

REPO = Path(__file__).resolve().parents[2]


def _as_at_a_terminal() -> None:
    """In the server's process before it starts: Ctrl-C as a terminal delivers it. The test process may
    hold SIGINT ignored or blocked (a background job, a library's thread set-up), and a child inherits both,
    which would make the server deaf to the signal this test sends."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _signal_state(pid: int) -> str:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines()
    except OSError:
        return "gone"
    return " ".join(line for line in status if line.startswith(("State", "SigBlk", "SigIgn", "SigPnd", "ShdPnd")))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _until(condition, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def serve_quietly(project: Path, port: int, stderr: int = subprocess.PIPE) -> subprocess.Popen:
    """`toolkit -q serve` of `project` on 127.0.0.1:`port`, in its own process (stopped by `stop_serving`)."""
    return subprocess.Popen(
        [sys.executable, "-m", "toolkit", "-C", str(project), "-q", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        cwd=REPO,
    )


def stop_serving(server: subprocess.Popen, seconds: float = 20) -> None:
    """Ctrl-C to the server by its PID, then kill it if it has not stopped in `seconds`."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def test_snapshot_sees_edits_additions_and_the_config(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    config = load_config(project)
    first = snapshot(config)
    (project / "translations" / "new.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    second = snapshot(config)
    assert second != first
    os.utime(project / "toolkit.toml", ns=(1, 1))
    assert snapshot(config) != second


def test_snapshot_passes_over_a_catalog_it_cannot_look_at(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    config = load_config(project)
    first = snapshot(config)
    loop = project / "translations" / "loop.po"
    loop.symlink_to(loop)
    assert snapshot(config) == first


def test_serve_rebuilds_on_change_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=2)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "-C", str(project), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        preexec_fn=_as_at_a_terminal,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        assert "Article title 1" in _until(lambda: _fetch(url + "index.html"))
        catalog = project / "translations" / "001_sample.po"
        catalog.write_text(
            catalog.read_text(encoding="utf-8").replace("Article title 1", "Retitled article"), encoding="utf-8"
        )
        _until(lambda: "Retitled article" in _fetch(url + "index.html"))
        # The page is served from the swap on, and the rebuild ends a moment later (under load, many): a stop in
        # that moment cuts the rebuild and exits 130, as it should (537b9ee). This stop is the idle server's: the
        # lock, which the rebuild holds to its end, is taken and let go first.
        with project_lock(project / ".toolkit"):
            pass
        server.send_signal(signal.SIGINT)
        try:
            _, errors = server.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            state = _signal_state(server.pid)
            server.kill()
            pytest.fail(f"serve did not stop on Ctrl-C ({state}); its stderr: {server.communicate()[1]}")
        assert server.returncode == 0, errors
        assert "Traceback" not in errors
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_serve_builds_once_the_lock_is_free_without_a_file_change(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    with project_lock(load_config(project).state_dir):
        server = serve_quietly(project, port, stderr=subprocess.DEVNULL)
        _until(lambda: _status(url + "index.html") == 503)  # serving, nothing built yet: the lock is taken
    try:
        assert "Article title 0" in _until(lambda: _fetch(url + "index.html"))
    finally:
        stop_serving(server, 15)


def test_a_port_in_use_is_told_before_anything_is_built(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = serve_quietly(project, port)
        try:
            _, errors = server.communicate(timeout=60)
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
    assert server.returncode == 1
    assert (
        errors.decode() == f"toolkit: cannot serve on 127.0.0.1:{port}: Address already in use; pick another --port\n"
    )
    assert not (project / "site" / "index.html").exists()


@pytest.mark.parametrize("port", ["abc", "8000x", "-1", "65536", "", "80_00", "٨٠٠٠"])
def test_a_port_that_is_no_port_number_is_one_line(tmp_path: Path, port: str) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    run = subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(project), "serve", "--port", port],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr == (
        f"toolkit: --port {port!r} is not a port number (1 to 65535; 0 takes any free port); nothing was done\n"
    )
    assert not (project / "site").exists()


def test_a_warning_that_stands_is_said_once_a_serve_session_and_by_every_build(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    # An init'ed project leaves site.base_url unset: serve said so at every save a translator made.
    project = sample_project(tmp_path / "p", articles=1)
    settings = project / "toolkit.toml"
    with_base_url = settings.read_text(encoding="utf-8")
    settings.write_text(with_base_url.replace('base_url = "https://example.org/news/"\n', ""), encoding="utf-8")
    unset = "toolkit: warning: site.base_url is not set in toolkit.toml: the feed and sitemap hold relative links"
    catalog = project / "translations" / "000_sample.po"
    standing: set[str] = set()

    def rebuilt_saying() -> int:
        text = catalog.read_text(encoding="utf-8")
        catalog.write_text(text.replace("Article title 0", "Article title 0!"), encoding="utf-8")
        assert serve._rebuild(project, standing)
        return capsys.readouterr().err.splitlines().count(unset)

    assert [rebuilt_saying() for _ in range(3)] == [1, 0, 0]
    settings.write_text(with_base_url, encoding="utf-8")
    assert rebuilt_saying() == 0
    settings.write_text(with_base_url.replace('base_url = "https://example.org/news/"\n', ""), encoding="utf-8")
    assert rebuilt_saying() == 1  # unset again: news again

    for _ in range(2):
        built = CliRunner().invoke(cli, ["-C", str(project), "-q", "build"])
        assert built.exit_code == 0, built.output
        assert unset in built.stderr.splitlines()


def test_a_request_during_the_first_build_is_answered_at_once_then_the_site(tmp_path: Path) -> None:
    # A request made during a 1,000-article site's first build was answered only when the build ended.
    project = sample_project(tmp_path / "p", articles=40)
    settings = project / "toolkit.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace('title = "Test site"', 'title = "News <b>&</b> views"'),
        encoding="utf-8",
    )
    port = _free_port()
    server = serve_quietly(project, port)
    try:
        _until(lambda: socket.create_connection(("127.0.0.1", port), timeout=1).close() or True, 60)
        answer = raw_exchange(port, b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        head, page = answer.split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 503 "), head
        assert b"\r\nRetry-After: 2\r\n" in head and b"\r\nContent-Type: text/html; charset=utf-8\r\n" in head
        text = page.decode("utf-8")
        assert '<meta http-equiv="refresh" content="2">' in text
        assert "News &lt;b&gt;&amp;&lt;/b&gt; views" in text and "<b>" not in text
        assert '<p lang="en" dir="ltr">The site is being built.' in text
        assert '<p lang="ar" dir="rtl">يُبنى الموقع الآن.' in text
        assert "Article title 39" in _until(lambda: _fetch(f"http://127.0.0.1:{port}/index.html"), 300)
    finally:
        stop_serving(server)
    assert b"Traceback" not in server.stderr.read()
