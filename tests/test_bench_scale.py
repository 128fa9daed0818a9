"""bench/scale.py's comparison with another revision runs that revision's toolkit, and only it."""

from __future__ import annotations

import importlib.util
import os
import subprocess
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _scale(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCH))
    spec = importlib.util.spec_from_file_location("bench_scale", BENCH / "scale.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("outer", "expected"), [(None, []), ("", []), (f"a{os.pathsep}{os.pathsep}b", ["a", "b"])])
def test_the_other_revision_s_code_is_put_first_on_the_path_with_no_empty_entry(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, outer: str | None, expected: list[str]
) -> None:
    # An empty entry (PYTHONPATH unset gave "CODE:") puts the current folder on sys.path: a toolkit/ there
    # would be imported in place of neither revision's.
    scale = _scale(monkeypatch)
    if outer is None:
        monkeypatch.delenv("PYTHONPATH", raising=False)
    else:
        monkeypatch.setenv("PYTHONPATH", outer)
    paths: list[str] = []

    def run(command, **options):
        paths.append(options["env"]["PYTHONPATH"])
        return subprocess.CompletedProcess(command, 0, stdout='{"articles": 1}\n', stderr="")

    monkeypatch.setattr(scale.subprocess, "run", run)
    monkeypatch.setattr(scale, "_edit_one_source", lambda folder: None)
    monkeypatch.setattr("toolkit.config.load_config", lambda project: SimpleNamespace(source_dir=project))
    scale.one_changed(tmp_path, code=tmp_path / "code")
    assert paths == [os.pathsep.join([str(tmp_path / "code"), *expected])] * 2
