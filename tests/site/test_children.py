"""A build's children end when it stops, whenever the stop comes."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from toolkit.site.children import Children

LONG_RUN = ["sleep", "300"]  # a child that would outlive the test
TIMEOUT_SECONDS = 60  # what a child left running reaches (the run then raises TimeoutExpired)


def _silent(stdin: object, stdout: object) -> None:
    return None


def test_a_child_whose_start_was_under_way_when_the_build_stopped_is_killed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    # Popen returns once the child has exec'd: a stop in between found nothing to kill (the SIGTERM'ed build then
    # waited for its Pagefind run to end).
    children = Children()

    class StoppedWhileStarting(subprocess.Popen):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            children.stop()

    monkeypatch.setattr(subprocess, "Popen", StoppedWhileStarting)
    run, said = children.run(LONG_RUN, _silent, TIMEOUT_SECONDS, tmp_path)
    assert run.returncode == -signal.SIGKILL
    assert said is None


def test_a_child_started_after_the_build_stopped_is_killed(tmp_path: Path):
    children = Children()
    children.stop()
    run, _ = children.run(LONG_RUN, _silent, TIMEOUT_SECONDS, tmp_path)
    assert run.returncode == -signal.SIGKILL


def test_a_child_of_a_build_that_goes_on_runs_to_its_end_in_the_folder_given(tmp_path: Path):
    command = ["sh", "-c", "cat; pwd >&2"]
    run, said = Children().run(command, lambda stdin, stdout: stdin.write(b"x"), 60, tmp_path)
    assert (run.returncode, run.stdout, run.stderr, said) == (0, "x", f"{tmp_path}\n", 1)
