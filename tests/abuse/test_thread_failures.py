"""Running out of memory (or any failure) inside a thread a run starts (issue 10): the run ends as when it happens in
the main thread, in one line and a non-zero exit, never with threading's traceback and the run going on without
the thread's part, or waiting for ever for a thread that is gone."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from abuse_projects import (
    COMMAND_TIMEOUT_SECONDS,
    command_environment,
    copy_project,
    published_default_project,
    run_toolkit,
    tree_hashes,
)

from toolkit import limits
from toolkit.clean import html
from toolkit.site import children
from toolkit.threads import PartOfTheWork

MEMORY_ERROR_IN = Path(__file__).with_name("memory_error_in.py")


def test_what_a_thread_raises_is_raised_where_it_is_joined() -> None:
    def out_of_memory() -> None:
        raise MemoryError

    thread = PartOfTheWork(out_of_memory, "failing")
    thread.start()
    with pytest.raises(MemoryError):
        thread.join()
    done = PartOfTheWork(lambda: 42, "working")
    done.start()
    done.join()
    assert done.result == 42


class _ErrorsOutOfMemory(subprocess.Popen):
    """A child whose error output cannot be read (the thread reading it runs out of memory)."""

    def __init__(self, *arguments, **keywords) -> None:
        super().__init__(*arguments, **keywords)
        real = self.stderr

        class Failing:
            def read(self, *arguments):
                raise MemoryError

            def __getattr__(self, name: str):
                return getattr(real, name)

        self.stderr = Failing()


def _quiet(requests, answers) -> None:
    requests.close()


def test_a_child_s_error_output_that_cannot_be_read_fails_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The thread draining it printed a MemoryError's traceback and ended; the run went on as if the child had said
    # nothing on its error output (a Pagefind failure told as "ended with exit code 1", no reason).
    monkeypatch.setattr(children.subprocess, "Popen", _ErrorsOutOfMemory)
    with pytest.raises(MemoryError):
        children.Children().run([sys.executable, "-c", "pass"], _quiet, 60, tmp_path)


class _KillOutOfMemory(subprocess.Popen):
    """A child whose killing by the timer thread runs out of memory."""

    def kill(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            raise MemoryError
        super().kill()


def test_a_timer_that_fails_to_stop_a_child_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The timer's traceback was printed and the child ran on; the run then said the child was stopped after its
    # timeout, which it never was.
    monkeypatch.setattr(children.subprocess, "Popen", _KillOutOfMemory)
    with pytest.raises(MemoryError):
        children.Children().run([sys.executable, "-c", "import time; time.sleep(1)"], _quiet, 0.1, tmp_path)


def test_a_page_read_on_a_stack_of_its_own_fails_where_it_was_asked_for() -> None:
    def out_of_memory() -> None:
        raise MemoryError

    with pytest.raises(MemoryError):
        html._on_a_stack_of_its_own(out_of_memory)
    assert html._on_a_stack_of_its_own(lambda: "read") == "read"


def _run_hook(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)


def test_a_thread_the_toolkit_does_not_start_that_fails_ends_the_run_in_one_line() -> None:
    # concurrent.futures' manager of the render workers, or a thread of Ray's: its traceback was printed, and the
    # build waited for ever for results it would never hand over.
    failing = (
        "import threading, time\n"
        "from toolkit import limits\n"
        "limits.guard_start()\n"
        "def {0}():\n"
        "    raise {1}\n"
        "threading.Thread(target={0}).start()\n"
        "time.sleep(60)\n"
    )
    result = _run_hook(failing.format("manager", "MemoryError"))
    assert (result.returncode, result.stderr.encode()) == (1, limits.OUT_OF_MEMORY)
    result = _run_hook(failing.format("manager", "KeyError('worker')"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "toolkit: internal error (KeyError: 'worker'); run again with TOOLKIT_DEBUG=1 and report it"
    ]
    ended = _run_hook(failing.format("manager", "SystemExit").replace("time.sleep(60)", "print('went on')"))
    assert (ended.returncode, ended.stdout, ended.stderr) == (0, "went on\n", "")


def _with_memory_error_in(thread: str, project: Path, *arguments: str, timeout: float = COMMAND_TIMEOUT_SECONDS):
    return subprocess.run(
        [sys.executable, str(MEMORY_ERROR_IN), thread, "-C", str(project), *arguments],
        capture_output=True,
        text=True,
        env=command_environment(),
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return published_default_project(tmp_path_factory.mktemp("published"))


@pytest.mark.parametrize("thread", ["indexer", "indexer-errors", "render-pool"])
def test_a_build_whose_thread_runs_out_of_memory_is_one_line(tmp_path: Path, published: Path, thread: str) -> None:
    project = copy_project(published, tmp_path / "p")
    catalog = sorted((project / "translations").glob("*.po"))[0]
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a build has work to do
    site_before = tree_hashes(project / "site")
    result = _with_memory_error_in(thread, project, "build")
    assert (result.returncode, result.stderr.encode()) == (1, limits.OUT_OF_MEMORY)
    assert tree_hashes(project / "site") == site_before
    # A thread the toolkit does not start ends the run where it is (its staging folder is left for the next).
    if thread != "render-pool":
        assert not [path for path in project.rglob("*") if path.name.endswith(".tmp") or "staging" in path.name]
    assert run_toolkit(project, "build").returncode == 0
    assert not [path for path in project.rglob("*") if path.name.endswith(".tmp") or "staging" in path.name]


def test_serve_whose_server_thread_runs_out_of_memory_is_one_line(tmp_path: Path, published: Path) -> None:
    # The server's thread printed its traceback and ended; serve went on rebuilding a site nobody could reach.
    project = copy_project(published, tmp_path / "p")
    with subprocess.Popen(
        [sys.executable, str(MEMORY_ERROR_IN), "server", "-C", str(project), "serve", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env=command_environment(),
    ) as serving:
        try:
            _, said = serving.communicate(timeout=60)
        finally:
            if serving.poll() is None:
                serving.send_signal(signal.SIGINT)
                time.sleep(1)
                serving.kill()
    assert serving.returncode == 1
    # Beside serve's own lines (its build, where it serves), whichever comes first.
    assert [line for line in said.splitlines() if line.startswith("toolkit: ")] == [
        limits.OUT_OF_MEMORY.decode().rstrip("\n")
    ]
    assert "Traceback" not in said
