"""Cases from the twenty-first hostile sweep (issue 10): a run holding the project's lock stopped with Ctrl-Z.
Each test failed before its fix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from abuse_projects import command_environment, copy_default_project, run_toolkit

from toolkit.errors import EXIT_LOCKED

_HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from toolkit.store.lock import project_lock

with project_lock(Path(sys.argv[1]), sys.argv[2]):
    print("held", flush=True)
    time.sleep(600)
"""


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_run_holding_the_lock_that_is_stopped_is_named_as_stopped_at_once(tmp_path: Path, command: str) -> None:
    # A build put in the background with Ctrl-Z (or sent SIGSTOP) holds the project's lock for as long as it
    # is stopped: the next run said "toolkit build (pid N) is building this project's site; try again when it
    # ends", and it never ends until someone resumes it; behind a stopped serve the next run waited 60 s first.
    project = copy_default_project(tmp_path / "p")
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_THE_LOCK, str(project / ".toolkit"), command],
        stdout=subprocess.PIPE,
        text=True,
        env=command_environment(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        os.kill(holder.pid, signal.SIGSTOP)
        result = run_toolkit(project, "-q", "publish")
        assert result.returncode == EXIT_LOCKED
        assert result.stderr == (
            f"toolkit: {project}: toolkit {command} (pid {holder.pid}) holds the project's lock and is stopped "
            "(Ctrl-Z in its terminal, SIGSTOP or a debugger), so it ends only once it goes on: resume it (fg in "
            f"its terminal, or kill -CONT {holder.pid}), then run again\n"
        )
    finally:
        os.kill(holder.pid, signal.SIGCONT)
        holder.kill()
        holder.wait()
