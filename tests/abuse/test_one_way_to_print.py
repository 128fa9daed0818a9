"""A review finding mended (the behaviour was right, done twice): a path is printed one way on stdout and
stderr, by one function."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from abuse_projects import run_toolkit

from toolkit.errors import InputError, shown_path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from site_projects import BlockSpec, catalog_text, write_project


def test_a_name_in_another_encoding_is_printed_the_same_on_stdout_and_stderr(tmp_path: Path) -> None:
    blocks = [BlockSpec("p1", "نص الفقرة الأولى.", "The first paragraph.")]
    project = write_project(tmp_path / os.fsdecode(b"caf\xe9"), {"a1": catalog_text("a1", ("عنوان", "Title"), blocks)})
    (project / "toolkit.toml").unlink()  # build warns, on stderr, naming the project's path
    built = run_toolkit(project, "build", PYTHONIOENCODING="utf-8:strict")
    shown = f"{tmp_path}/caf\\xe9"
    assert f"-> {shown}/site/index.html" in built.stdout
    assert f"toolkit: warning: {shown}/toolkit.toml: missing" in built.stderr
    assert "\\udce9" not in built.stdout + built.stderr
    assert str(InputError("x", project)) == f"{shown}: x" == f"{shown_path(project)}: x"
