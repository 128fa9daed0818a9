"""A control group of a test's own with a limit on memory, as a container or a systemd unit sets one (cgroup v2's
memory.max, v1's memory.limit_in_bytes): a child of the test process's own group, so the machine's own limits hold
over it too."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


def _own_cgroup_lines() -> list[str]:
    try:
        return Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return []


def _memory_control_group(folder_name: str) -> Path:
    """A new control group with a limit on memory to set: the file that sets it. The test is skipped where the
    machine lets no such group be made (no cgroup file system, no write access, or v2 without the memory
    controller for children)."""
    groups = {controllers: path for _, controllers, path in (line.split(":", 2) for line in _own_cgroup_lines())}
    version_1 = next((path for controllers, path in groups.items() if "memory" in controllers.split(",")), None)
    if version_1 is not None:
        own, limit_file = Path("/sys/fs/cgroup/memory", version_1.lstrip("/")), "memory.limit_in_bytes"
    else:
        own, limit_file = Path("/sys/fs/cgroup", groups.get("", "/").lstrip("/")), "memory.max"
    group = own / folder_name
    try:
        group.mkdir()
    except OSError as error:
        pytest.skip(f"this machine lets no control group be made under {own}: {error.strerror}")
    if not (group / limit_file).exists():
        group.rmdir()
        pytest.skip(f"a control group under {own} has no {limit_file}: its memory controller is off")
    return group / limit_file


def _remove(group: Path) -> None:
    """The group, once the processes a test started in it are gone: Ray's agents outlive a driver the kernel
    killed, and are stopped here by their ids."""
    for _ in range(50):
        pids = [int(pid) for pid in (group / "cgroup.procs").read_text().split()]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            group.rmdir()
            return
        time.sleep(0.2)
    group.rmdir()


@contextlib.contextmanager
def memory_group_limit(name: str) -> Iterator[Path]:
    """The file that sets the memory limit of a new control group of the test's own, removed after it."""
    limit_file = _memory_control_group(f"toolkit-test-{name}-{os.getpid()}")
    try:
        yield limit_file
    finally:
        _remove(limit_file.parent)
