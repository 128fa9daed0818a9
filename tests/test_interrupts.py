"""A stop that comes while the main thread forks is raised once the fork is over, not lost in its hooks."""

from __future__ import annotations

import os
import signal
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
