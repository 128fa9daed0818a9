"""A built package (what `pip install .`, not editable, installs) carries every data file read at run time."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.clean import settings as settings_module
from toolkit.errors import ToolkitError

ROOT = Path(__file__).resolve().parents[2]


def _data_files() -> set[str]:
    """Every file of the package that is not Python source: settings, templates, static assets."""
    package = ROOT / "toolkit"
    return {
        path.relative_to(ROOT).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".py", ".pyc")
    }


def test_built_package_holds_every_data_file(tmp_path: Path) -> None:
    """setuptools' build_py collects what a wheel packs (bdist_wheel runs it; the venv has no `wheel` package),
    from a copy of the source tree so the checkout gets no build/ folder."""
    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(ROOT / "pyproject.toml", tree)
    shutil.copy(ROOT / "README.md", tree)
    shutil.copytree(ROOT / "toolkit", tree / "toolkit", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    built = tmp_path / "lib"
    subprocess.run(
        [sys.executable, "-c", "from setuptools import setup; setup()", "-q", "build_py", "-d", str(built)],
        cwd=tree,
        check=True,
        capture_output=True,
    )
    packed = {path.relative_to(built).as_posix() for path in built.rglob("*") if path.is_file()}
    assert "toolkit/clean/settings.toml" in packed
    assert _data_files() - packed == set()


def test_unreadable_packaged_settings_is_a_toolkit_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "SETTINGS_FILE", tmp_path / "missing" / "settings.toml")
    settings_module.packaged_defaults.cache_clear()
    try:
        with pytest.raises(ToolkitError, match=r"settings\.toml"):
            settings_module.load_settings({"lines": {"title_window": 3}})
    finally:
        settings_module.packaged_defaults.cache_clear()
