from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.errors import LockedError
from toolkit.store.lock import project_lock

HOLD_LOCK = """
import sys, time
from pathlib import Path
from toolkit.store.lock import project_lock
with project_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(30)
"""


def test_second_holder_is_refused_with_the_pid(tmp_path: Path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(tmp_path / ".toolkit")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockedError) as raised, project_lock(tmp_path / ".toolkit"):
            pass
        assert str(holder.pid) in str(raised.value)
    finally:
        holder.kill()
        holder.wait()


def test_lock_is_released_when_the_holder_dies(tmp_path: Path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(tmp_path / ".toolkit")], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait()
    with project_lock(tmp_path / ".toolkit"):
        assert (tmp_path / ".toolkit" / "lock").exists()


def test_lock_is_taken_again_after_release(tmp_path: Path):
    for _ in range(2):
        with project_lock(tmp_path / ".toolkit"):
            pass


def test_the_lock_is_not_reentrant(tmp_path: Path):
    """Commands take the lock once; a library function that took it again would be refused, not let through."""
    state = tmp_path / ".toolkit"
    with project_lock(state), pytest.raises(LockedError), project_lock(state):
        pass
    with project_lock(state):
        pass
