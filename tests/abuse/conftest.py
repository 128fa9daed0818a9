"""Fixtures the hostile-input tests share."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from toolkit.site.server import MAX_CONNECTIONS, site_server


@pytest.fixture
def site_served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[int]:
    """The port of `toolkit serve`'s server on 127.0.0.1, serving a one-page site from tmp_path / "site", in a
    thread; parametrized indirectly, it holds that many connections at most."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>home</p>")
    server = site_server("127.0.0.1", 0, site, getattr(request, "param", MAX_CONNECTIONS))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()
