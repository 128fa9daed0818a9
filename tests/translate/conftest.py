from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def zh_packages_dir(model_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A packages folder holding the real zh -> en package, installed once per test session."""
    from toolkit.translate.packages import install_file

    folder = tmp_path_factory.mktemp("argos-zh")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARGOS_PACKAGES_DIR", str(folder))
        install_file(model_file)
    return folder


@pytest.fixture
def zh_installed(zh_packages_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(zh_packages_dir))
    return zh_packages_dir


@pytest.fixture
def toolkit_env() -> dict[str, str]:
    """The environment for a `toolkit` subprocess: this one, with the package index unreachable at once."""
    env = dict(os.environ)
    env["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"  # the discard port: connection refused, no waiting
    return env
