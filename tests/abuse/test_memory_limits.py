"""Runs under a limit on memory (`ulimit -v`) as an administrator sets it (issue 10): each ends in success or in one
line naming what ran out, the limit and what to do, however little the limit leaves. Each test failed before its
fix."""

from __future__ import annotations

import errno
import os
import resource
import subprocess
from pathlib import Path

import pytest
from abuse_projects import COMMAND_TIMEOUT_SECONDS, command_environment, copy_default_project, toolkit_command

from toolkit import limits


def _limited_run(project: Path, kilobytes: int, *arguments: str, **environment: str) -> subprocess.CompletedProcess:
    limit = kilobytes * 1024
    return subprocess.run(
        toolkit_command(project, *arguments),
        capture_output=True,
        text=True,
        env=command_environment(**environment),
        timeout=COMMAND_TIMEOUT_SECONDS,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
    )


@pytest.mark.parametrize("kilobytes", [16_000, 18_000, 20_000, 22_000])
def test_a_limit_met_while_the_command_line_loads_is_one_line(tmp_path: Path, kilobytes: int) -> None:
    # The command line's own modules were imported before any guard: a traceback ending in MemoryError, or in the
    # loader's ImportError "fcntl...so: failed to map segment from shared object".
    project = copy_default_project(tmp_path / "p")
    result = _limited_run(project, kilobytes, "status")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"toolkit: out of memory (this run's limit on memory: ulimit -v: {kilobytes:,} kB); every file written so "
        "far is whole: raise the limit, and run again"
    ]


@pytest.mark.parametrize(
    ("error", "line"),
    [
        # CTranslate2 starting its worker threads: C++'s std::system_error, "internal error (RuntimeError: Resource
        # temporarily unavailable)".
        (RuntimeError(os.strerror(errno.EAGAIN)), limits.NO_THREAD),
        (RuntimeError("can't start new thread"), limits.NO_THREAD),
        # A mapping or a process refused for want of memory: "cannot work on it: Cannot allocate memory".
        (OSError(errno.ENOMEM, os.strerror(errno.ENOMEM)), limits.OUT_OF_MEMORY),
        (MemoryError(), limits.OUT_OF_MEMORY),
        (RuntimeError("std::bad_cast"), None),
    ],
)
def test_what_says_a_limit_was_met_is_named_as_the_limit(error: Exception, line: bytes | None) -> None:
    assert limits.line_for(error) == line
