from __future__ import annotations

import os

import pytest


@pytest.fixture
def toolkit_env() -> dict[str, str]:
    """The environment for a `toolkit` subprocess: this one, with the package index unreachable at once."""
    env = dict(os.environ)
    env["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"  # the discard port: connection refused, no waiting
    return env
