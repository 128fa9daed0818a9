"""Why a child process failed, in words, whatever its exit status."""

from __future__ import annotations

import signal

from toolkit.store.disk import child_ended


def test_a_child_killed_by_a_named_signal_is_named() -> None:
    assert child_ended(-signal.SIGKILL) == "killed by SIGKILL"


def test_a_child_killed_by_a_real_time_signal_is_no_internal_error() -> None:
    # signal.Signals has no member for SIGRTMIN + n: the report of the failure itself raised ValueError.
    number = signal.SIGRTMIN + 1
    assert child_ended(-number) == f"killed by signal {number}"


def test_a_child_that_exited_is_named_by_its_status() -> None:
    assert child_ended(3) == "exit status 3"
