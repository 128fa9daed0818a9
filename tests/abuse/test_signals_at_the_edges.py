"""A signal that lands at either edge of a run: while the toolkit's modules load (before any command began) and
during Python's shutdown (after the command's work is done). Each used to end the run with -15 and no word (or
click's "Aborted!" and exit 1, or a traceback); toolkit/interrupts.py says what each edge gives and why.

The moments are made exact, not raced for: the child run holds at the chosen edge (an import that waits, an
exit handler that waits) after writing a marker file, and the signal is sent once the marker is there.
"""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest
from abuse_projects import copy_default_project, signalled_when_held

from toolkit.errors import EXIT_INTERRUPTED, EXIT_OK

INTERRUPTED = "toolkit: interrupted; files already written are complete, run again to finish\n"

# Runs `python -m toolkit` as the entry point does, holding at an edge: argv[1] the marker file, argv[2] the edge
# ("import:<module>" waits while that module is first imported; "exit" waits in an exit handler registered
# before the toolkit's, which runs after them; "exit hook" waits 30 s in an exit handler registered after the
# toolkit installed its handlers, as a library's shutdown hook is), argv[3:] the toolkit's arguments. A hold
# that waited its time out writes "<marker>.slept".
_CHILD = """
import atexit, pathlib, runpy, sys, time
marker, edge, arguments = sys.argv[1], sys.argv[2], sys.argv[3:]

def hold():
    pathlib.Path(marker).write_text("here")
    time.sleep(2 if edge == "exit" else 30)
    pathlib.Path(marker + ".slept").write_text("slept")

class HoldingImport:
    def find_spec(self, name, path=None, target=None):
        if name == edge.removeprefix("import:"):
            sys.meta_path.remove(self)
            hold()
        if edge == "exit hook" and name == "toolkit.cli":
            sys.meta_path.remove(self)
            atexit.register(hold)
        return None

if edge == "exit":
    atexit.register(hold)
else:
    sys.meta_path.insert(0, HoldingImport())
sys.argv = ["toolkit", *arguments]
runpy.run_module("toolkit", run_name="__main__", alter_sys=True)
"""


def _signalled_at(
    edge: str, signum: int, project: Path, tmp_path: Path
) -> tuple[subprocess.CompletedProcess[str], bool]:
    """The run, and whether the hold it was signalled in waited its time out."""
    marker = tmp_path / "marker"
    done = signalled_when_held(_CHILD, marker, [edge, "-C", str(project), "status"], signum, (120, 60), CI="1")
    return done, Path(f"{marker}.slept").exists()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_default_project(tmp_path_factory.mktemp("signals") / "p")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["TERM", "HUP", "INT"])
@pytest.mark.parametrize(
    "module",
    # toolkit.scripts is first imported by toolkit.errors, which then stands half made: the handler's import of
    # the exit code from it ended in an ImportError's traceback.
    ["toolkit.cli", "toolkit.commands.status", "toolkit.scripts"],
    ids=["cli", "command module", "while the exit codes load"],
)
def test_a_signal_while_the_modules_load_ends_with_the_one_line(project, tmp_path, module, signum):
    # Before: -15 with nothing said (the handlers were installed by cli.main, after its import), click's
    # "Aborted!" and exit 1 (a command's module is imported before its body runs), a KeyboardInterrupt traceback.
    done, slept = _signalled_at(f"import:{module}", signum, project, tmp_path)
    assert done.returncode == EXIT_INTERRUPTED, done
    assert done.stderr == INTERRUPTED
    assert done.stdout == ""
    assert not slept  # at once, not after the import's wait


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_signal_after_the_work_is_done_leaves_the_runs_own_exit(project, tmp_path, signum):
    # The command has printed its whole output and decided its exit code, every file is written: saying
    # "interrupted, run again to finish" would be untrue, and the honest end is the run's own (0 here). Before:
    # a KeyboardInterrupt traceback from the exit handler, or death by the signal once Python's shutdown had
    # put its default action back.
    done, _ = _signalled_at("exit", signum, project, tmp_path)
    assert done.returncode == EXIT_OK, done
    assert "Traceback" not in done.stderr
    assert done.stderr == ""
    assert "000_bff552917bc11dca" in done.stdout


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_signal_while_an_exit_hook_hangs_ends_the_run_with_its_own_exit(project, tmp_path, signum):
    # An exit hook that takes long or hangs (Ray's shutdown of a local cluster) could not be stopped by Ctrl-C,
    # `kill` or `timeout` while the signals were ignored from the end of the command on: only SIGKILL ended it.
    done, slept = _signalled_at("exit hook", signum, project, tmp_path)
    assert not slept
    assert done.returncode == EXIT_OK, done
    assert done.stderr == ""
    assert "000_bff552917bc11dca" in done.stdout
