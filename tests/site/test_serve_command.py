"""`toolkit serve` in a real process: serves on 127.0.0.1, rebuilds on a catalog change, exits 0 on Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from site_projects import sample_project

from toolkit.commands.serve import snapshot
from toolkit.config import load_config

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


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


def test_snapshot_sees_edits_additions_and_the_config(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    config = load_config(project)
    first = snapshot(config)
    (project / "translations" / "new.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    second = snapshot(config)
    assert second != first
    os.utime(project / "toolkit.toml", ns=(1, 1))
    assert snapshot(config) != second


def test_serve_rebuilds_on_change_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=2)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "-C", str(project), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        assert "Article title 1" in _until(lambda: _fetch(url + "index.html"))
        catalog = project / "translations" / "001_sample.po"
        catalog.write_text(
            catalog.read_text(encoding="utf-8").replace("Article title 1", "Retitled article"), encoding="utf-8"
        )
        _until(lambda: "Retitled article" in _fetch(url + "index.html"))
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=15) == 0
        assert "Traceback" not in server.stderr.read()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
