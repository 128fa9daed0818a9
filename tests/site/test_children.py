"""A build's children end when it stops, whenever the stop comes."""

from __future__ import annotations

import signal
import subprocess

import pytest

from toolkit.site.children import Children

LONG_RUN = ["sleep", "300"]  # a child that would outlive the test
TIMEOUT_SECONDS = 60  # what a child left running reaches (the run then raises TimeoutExpired)


def _silent(stdin: object, stdout: object) -> None:
    return None


def test_a_child_whose_start_was_under_way_when_the_build_stopped_is_killed(monkeypatch: pytest.MonkeyPatch):
    # Popen returns once the child has exec'd: a stop in between found nothing to kill (the SIGTERM'ed build then
    # waited for its Pagefind run to end).
    children = Children()

    class StoppedWhileStarting(subprocess.Popen):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            children.stop()

    monkeypatch.setattr(subprocess, "Popen", StoppedWhileStarting)
    run, said = children.run(LONG_RUN, _silent, TIMEOUT_SECONDS)
    assert run.returncode == -signal.SIGKILL
    assert said is None


def test_a_child_started_after_the_build_stopped_is_killed():
    children = Children()
    children.stop()
    run, _ = children.run(LONG_RUN, _silent, TIMEOUT_SECONDS)
    assert run.returncode == -signal.SIGKILL


def test_a_child_of_a_build_that_goes_on_runs_to_its_end():
    run, said = Children().run(["sh", "-c", "cat; echo done >&2"], lambda stdin, stdout: stdin.write(b"x"), 60)
    assert (run.returncode, run.stdout, run.stderr, said) == (0, "x", "done\n", 1)
