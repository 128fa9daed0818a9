from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.errors import LockedError
from toolkit.store import lock
from toolkit.store.lock import project_lock

HOLD_LOCK = """
import os, sys, time
from pathlib import Path
from toolkit.store.lock import project_lock
with project_lock(Path(sys.argv[1]), *sys.argv[2:]):
    print("locked", flush=True)
    time.sleep(float(os.environ.get("HOLD_SECONDS", "30")))
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


def _hold(state: Path, *command: str) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(state), *command], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def _take_the_lock_as_it_ends(state: Path, holder: subprocess.Popen) -> None:
    """Take the lock `holder` (serve, once it says "locked") holds: the run waits for it and gets the lock once the
    holder has ended on its own."""
    try:
        assert holder.stdout.readline().strip() == "locked"
        with project_lock(state, "translate"):
            assert holder.wait(timeout=30) == 0
    finally:
        holder.kill()
        holder.wait()


def test_the_refusal_names_the_holder_s_command_and_what_it_is_doing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.3)  # serve's rebuild is waited for, then refused like the others
    state = tmp_path / ".toolkit"
    for command, refusal in [
        ("serve", "toolkit serve (pid {}) is rebuilding this project's site; try again when it ends"),
        ("publish", "toolkit publish (pid {}) is publishing this project; try again when it ends"),
        ("", "another toolkit run (pid {}) is working on this project; try again when it ends"),
    ]:
        holder = _hold(state, command)
        try:
            with pytest.raises(LockedError) as raised, project_lock(state, "build"):
                pass
            assert raised.value.message == refusal.format(holder.pid)
        finally:
            holder.kill()
            holder.wait()


def test_a_holder_that_has_not_written_its_record_yet_is_no_placeholder(tmp_path: Path):
    """Three runs started at once: the one refused can read the lock between the winner's flock and its write,
    or a record left by a run killed before (a dead pid): it names no pid rather than a wrong one or a stand-in."""
    state = tmp_path / ".toolkit"
    state.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    for left_behind in ("", f"{dead.stdout.strip()} publish", "garbage"):
        (state / "lock").write_text(left_behind, encoding="ascii")
        winner = os.open(state / "lock", os.O_RDWR)
        fcntl.flock(winner, fcntl.LOCK_EX)
        try:
            with pytest.raises(LockedError) as raised, project_lock(state, "publish"):
                pass
        finally:
            os.close(winner)
        assert raised.value.message == "another toolkit run is working on this project; try again when it ends"


def test_a_released_lock_holds_no_record(tmp_path: Path):
    state = tmp_path / ".toolkit"
    with project_lock(state, "serve"):
        assert (state / "lock").read_text(encoding="ascii").split() == [str(os.getpid()), "serve"]
    assert (state / "lock").read_bytes() == b""


def test_a_run_waits_for_serve_s_rebuild_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """A translator saves with serve running, then runs translate or publish: serve holds the lock while it
    rebuilds, for seconds, and the run was refused at once (exit 4)."""
    state = tmp_path / ".toolkit"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(state), "serve"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "HOLD_SECONDS": "1.5"},
    )
    _take_the_lock_as_it_ends(state, holder)
    waited = f"toolkit: waiting for toolkit serve (pid {holder.pid}), which is rebuilding this project's site\n"
    assert capsys.readouterr().err == waited


# serve ending its rebuild: its record is emptied as the lock is released, and the lock itself goes with the
# process a moment later (longer on a loaded machine).
SERVE_ENDING = """
import sys, time
from pathlib import Path
from toolkit.store.lock import project_lock
with project_lock(Path(sys.argv[1]), "serve"):
    print("locked", flush=True)
    time.sleep(1.2)
    with open(Path(sys.argv[1]) / "lock", "r+b") as record:
        record.truncate(0)
    time.sleep(0.5)
"""


def test_a_run_waiting_for_serve_takes_the_lock_when_serve_s_record_goes_before_its_lock(tmp_path: Path):
    # The run had waited past the second it gives a holder to write its record, so it took the emptied record
    # for a holder that had not written one yet and refused (test_a_run_waits_for_serve_s_rebuild_and_says_so
    # failed so under load).
    state = tmp_path / ".toolkit"
    holder = subprocess.Popen([sys.executable, "-c", SERVE_ENDING, str(state)], stdout=subprocess.PIPE, text=True)
    _take_the_lock_as_it_ends(state, holder)


def test_a_run_that_finds_a_long_run_holding_the_lock_is_refused_without_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setattr(lock, "WAIT_SECONDS", 1.0)  # a run that waited would say so
    state = tmp_path / ".toolkit"
    for command in ("publish", "translate", "build", "align", ""):
        holder = _hold(state, command)
        try:
            with pytest.raises(LockedError), project_lock(state, "translate"):
                pass
        finally:
            holder.kill()
            holder.wait()
    assert "waiting for" not in capsys.readouterr().err
