"""A stop that comes while the main thread forks is raised once the fork is over, not lost in its hooks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest

from toolkit import interrupts


@pytest.fixture
def stoppable() -> Iterator[None]:
    handlers = {signum: signal.getsignal(signum) for signum in interrupts.STOPPING}
    interrupts.install()
    try:
        with interrupts.working():
            yield
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


@pytest.mark.parametrize("signum", interrupts.STOPPING)
def test_a_stop_during_an_uninterrupted_stretch_is_raised_at_its_end(stoppable, signum):
    reached_the_end = False
    with pytest.raises(KeyboardInterrupt), interrupts.uninterrupted():
        os.kill(os.getpid(), signum)
        reached_the_end = True
    assert reached_the_end


def test_a_stop_inside_a_fork_hook_is_not_swallowed(stoppable):
    # What the render pool's fork met: Python runs at-fork hooks and drops what they raise, so a stop raised
    # inside one was lost and the SIGTERM'ed build went on.
    armed = [os.getpid()]  # hooks cannot be taken back: this one does nothing once the test is over
    os.register_at_fork(before=lambda: os.kill(armed[0], signal.SIGTERM) if armed == [os.getpid()] else None)
    try:
        with pytest.raises(KeyboardInterrupt), interrupts.uninterrupted():
            child = os.fork()
            if child == 0:
                os._exit(0)
            os.waitpid(child, 0)
    finally:
        armed.clear()


def test_nested_stretches_raise_once_at_the_outer_end(stoppable):
    with pytest.raises(KeyboardInterrupt), interrupts.uninterrupted():
        with interrupts.uninterrupted():
            os.kill(os.getpid(), signal.SIGINT)
        inner_passed = True
    assert inner_passed


def test_a_second_stop_within_a_stretch_is_raised_at_once(stoppable):
    # A stretch that never ends (a local Ray cluster that does not come up) stays the reader's to stop.
    with pytest.raises(KeyboardInterrupt), interrupts.uninterrupted():
        os.kill(os.getpid(), signal.SIGINT)
        held_back = True
        os.kill(os.getpid(), signal.SIGINT)
        pytest.fail("the second stop was held back")
    assert held_back
    with interrupts.uninterrupted():  # the stop was spent: the next stretch starts clean
        pass


# `python -m` (how the tests and many users run the toolkit) with a command body that is stopped while Python runs
# code it was handed as text, as it does for each dataclass's and namedtuple's methods when their module is first
# imported (the command's lazy imports). The cwd, where the run is started, is first on `-m`'s path.
_STOPPED_IN_TEXT_CODE = """
import sys
from toolkit import interrupts
interrupts.install()
from toolkit.commands import models

def list_packages(config):
    exec("import os, signal\\nos.kill(os.getpid(), signal.SIGINT)\\nfor _ in range(1000): pass")

models.run_list = list_packages
from toolkit.cli import main
sys.argv = ["toolkit", "models", "list"]
main()
"""


def test_a_stop_inside_code_run_from_text_ends_with_exit_130_not_by_the_signal(tmp_path):
    # Python marks such a stop as unhandled though the command handled it, and at the end of a `-m` run killed
    # itself by SIGINT: the one line, then returncode -2 (1 of 40 SIGINT'ed publishes).
    (tmp_path / "stopped_in_text_code.py").write_text(_STOPPED_IN_TEXT_CODE)
    run = subprocess.run(
        [sys.executable, "-m", "stopped_in_text_code"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "CI": "1"},
        timeout=120,
    )
    assert (run.returncode, run.stderr) == (interrupts.EXIT_INTERRUPTED, f"toolkit: {interrupts.INTERRUPTED}\n")
