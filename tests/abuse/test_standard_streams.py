"""Standard streams that cannot be used, through both ways of starting the toolkit: the `toolkit` command as
pip installs it (scripts/toolkit beside the environment's python) and `python -m toolkit` (issue 10).

Started with its standard input a folder, Python stops before any of its code runs ("Fatal Python error:
init_sys_streams: <stdin> is a directory"); only the command, a shell script, can say so in one line. Every
other case is the toolkit's own, the same through both."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from abuse_projects import REPO, command_environment, copy_default_project, tree_hashes

from toolkit.errors import EXIT_OK, EXIT_USAGE

LAUNCHER = REPO / "scripts" / "toolkit"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_default_project(tmp_path_factory.mktemp("streams") / "p")


@pytest.fixture(scope="module")
def command(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `toolkit` command as pip installs it: the launcher in a bin/ folder beside a python of this
    environment."""
    folder = tmp_path_factory.mktemp("bin")
    shutil.copy(LAUNCHER, folder / "toolkit")
    (folder / "python").write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n', encoding="utf-8")
    (folder / "python").chmod(0o755)
    return folder / "toolkit"


def _run(starting: list[str], arguments: list[str], **streams: object) -> subprocess.CompletedProcess[str]:
    streams.setdefault("stdout", subprocess.PIPE)
    streams.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [*starting, *arguments],
        text=True,
        env=command_environment(),
        timeout=300,
        **streams,  # type: ignore[call-overload]
    )


FOLDER_STREAMS = {
    "stdin": "toolkit: <stdin>: standard input is a folder; give a file or a pipe (toolkit translate-text < FILE)\n",
    "stdout": "toolkit: <stdout>: standard output is a folder; give a file or a pipe (> FILE)\n",
    "stderr": "toolkit: <stderr>: standard error is a folder; give a file or a pipe (2> FILE)\n",
}


@pytest.mark.parametrize("stream", FOLDER_STREAMS)
@pytest.mark.parametrize("arguments", [["status"], ["translate-text"], ["publish"], ["clean"], ["--help"]])
def test_the_command_with_a_folder_as_a_standard_stream_says_so_in_one_line(
    command: Path, project: Path, tmp_path: Path, arguments: list[str], stream: str
) -> None:
    # Python's own "Fatal Python error: init_sys_streams" before: for a folder as stderr, nothing at all.
    before = tree_hashes(project, skip=())
    folder = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        done = _run([str(command), "-C", str(project)], arguments, **{stream: folder})
    finally:
        os.close(folder)
    assert done.returncode == EXIT_USAGE
    said = (done.stdout or "") if stream == "stderr" else (done.stderr or "")
    assert said == FOLDER_STREAMS[stream]
    assert tree_hashes(project, skip=()) == before


def test_the_command_runs_the_toolkit_by_its_name(command: Path, project: Path) -> None:
    done = _run([str(command), "-C", str(project)], ["status"], stdin=subprocess.DEVNULL)
    assert done.returncode == EXIT_OK, done.stderr
    assert "000_bff552917bc11dca" in done.stdout
    wrong = _run([str(command)], ["clean", "--no-such-option"], stdin=subprocess.DEVNULL)
    assert wrong.returncode == EXIT_USAGE
    assert wrong.stderr.startswith("Usage: toolkit clean ")  # not "python -c" nor "python -m toolkit"


def _starting(command: Path, how: str) -> list[str]:
    return [str(command)] if how == "command" else [sys.executable, "-m", "toolkit"]


@pytest.mark.parametrize("how", ["command", "module"])
def test_a_standard_input_open_for_writing_only_is_named_both_ways(command: Path, project: Path, how: str) -> None:
    with open(os.devnull, "wb") as written:
        done = _run([*_starting(command, how), "-C", str(project)], ["translate-text"], stdin=written)
    assert done.returncode == 1
    told = "toolkit: <stdin>: cannot read standard input: it is not open for reading (0> instead of <?)\n"
    assert done.stderr == told


@pytest.mark.parametrize("how", ["command", "module"])
def test_a_standard_output_on_a_full_disk_is_named_both_ways(command: Path, project: Path, how: str) -> None:
    with open("/dev/full", "w") as full:
        done = _run([*_starting(command, how), "-C", str(project)], ["status"], stdout=full, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    told = "toolkit: cannot write the output: no space left on the device; free some space and run again\n"
    assert done.stderr == told


@pytest.mark.parametrize("how", ["command", "module"])
def test_closed_standard_streams_are_named_or_kept_quiet_both_ways(command: Path, project: Path, how: str) -> None:
    starting = " ".join(shlex.quote(part) for part in _starting(command, how))
    run = f"{starting} -C {shlex.quote(str(project))}"
    closed_input = subprocess.run(["sh", "-c", f"{run} translate-text <&-"], capture_output=True, text=True)
    assert closed_input.returncode == 1
    assert closed_input.stderr == "toolkit: <stdin>: standard input is closed; give the lines to translate on it\n"
    closed_output = subprocess.run(["sh", "-c", f"{run} status >&-"], capture_output=True, text=True)
    assert closed_output.returncode == 1
    assert closed_output.stderr == "toolkit: cannot write the output: standard output is closed\n"
    closed_errors = subprocess.run(["sh", "-c", f"{run} status 2>&-"], capture_output=True, text=True)
    assert closed_errors.returncode == EXIT_OK
    assert "000_bff552917bc11dca" in closed_errors.stdout


def test_the_command_reached_through_a_link_runs_the_python_beside_what_it_leads_to(
    command: Path, project: Path, tmp_path: Path
) -> None:
    # ~/bin/toolkit -> .venv/bin/toolkit: the python beside the link is none of the environment's.
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "toolkit").symlink_to(command)
    done = _run([str(tmp_path / "bin" / "toolkit"), "-C", str(project)], ["status"], stdin=subprocess.DEVNULL)
    assert done.returncode == EXIT_OK, done.stderr
    assert "000_bff552917bc11dca" in done.stdout


def test_the_command_without_the_toolkit_beside_it_says_so_in_one_line(tmp_path: Path) -> None:
    # Copied away from its environment, it runs the first python3 on the PATH: here one without the toolkit.
    (tmp_path / "lone").mkdir()
    shutil.copy(LAUNCHER, tmp_path / "lone" / "toolkit")
    (tmp_path / "path").mkdir()
    bare = os.path.realpath(sys.executable)  # the interpreter itself, outside this environment
    (tmp_path / "path" / "python3").write_text(f'#!/bin/sh\nexec {shlex.quote(bare)} -I "$@"\n', encoding="utf-8")
    (tmp_path / "path" / "python3").chmod(0o755)
    environment = {**command_environment(), "PATH": f"{tmp_path / 'path'}:/usr/bin:/bin"}
    environment.pop("PYTHONPATH", None)
    done = subprocess.run(
        [str(tmp_path / "lone" / "toolkit"), "status"], capture_output=True, text=True, env=environment, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"toolkit: the toolkit is not installed for {bare}; run the toolkit command of the environment it was "
        "installed in\n"
    )


@pytest.mark.parametrize("how", ["command", "module"])
@pytest.mark.parametrize("arguments", [["clean", "-"], ["align", "000_bff552917bc11dca", "-"]])
def test_a_dash_for_standard_input_is_told_to_be_a_file_name(
    command: Path, project: Path, how: str, arguments: list[str]
) -> None:
    # `toolkit clean - < page.html` was "p/-: no such file" (or "cannot read"), as if a file had gone missing.
    with open(os.devnull, "rb") as nothing:
        done = _run([*_starting(command, how), "-C", str(project)], arguments, stdin=nothing)
    assert done.returncode == 1
    told = "no such file; '-' is not standard input here: save the text to a file and give its path"
    assert done.stderr.splitlines()[0] == f"toolkit: {project / '-'}: {told}", done.stderr


def test_the_command_reached_through_a_link_beside_another_python_runs_its_environments(
    command: Path, project: Path, tmp_path: Path
) -> None:
    # /usr/local/bin/toolkit -> /opt/news/.venv/bin/toolkit, where /usr/local/bin holds the system's python3.
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "toolkit").symlink_to(command)
    bare = os.path.realpath(sys.executable)
    (tmp_path / "bin" / "python3").write_text(f'#!/bin/sh\nexec {shlex.quote(bare)} -I "$@"\n', encoding="utf-8")
    (tmp_path / "bin" / "python3").chmod(0o755)
    done = _run([str(tmp_path / "bin" / "toolkit"), "-C", str(project)], ["status"], stdin=subprocess.DEVNULL)
    assert done.returncode == EXIT_OK, done.stderr
    assert "000_bff552917bc11dca" in done.stdout


def test_the_command_where_readlink_cannot_follow_a_link_never_runs_a_python_of_the_current_folder(
    command: Path, project: Path, tmp_path: Path
) -> None:
    # readlink without -f (macOS before 12.3) says nothing: the folder of no path is ".", not the command's.
    (tmp_path / "path").mkdir()
    (tmp_path / "path" / "readlink").write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    (tmp_path / "path" / "readlink").chmod(0o755)
    (tmp_path / "here").mkdir()
    (tmp_path / "here" / "python3").write_text("#!/bin/sh\necho the wrong python\nexit 9\n", encoding="utf-8")
    (tmp_path / "here" / "python3").chmod(0o755)
    environment = {**command_environment(), "PATH": f"{tmp_path / 'path'}:/usr/bin:/bin"}
    done = subprocess.run(
        [str(command), "-C", str(project), "status"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path / "here",
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    assert done.returncode == EXIT_OK, (done.stdout, done.stderr)
    assert "000_bff552917bc11dca" in done.stdout


def test_the_command_with_no_python_to_run_says_so_in_one_line(tmp_path: Path) -> None:
    # The shell's own words were "toolkit: 44: exec: python3: not found", exit 127.
    (tmp_path / "lone").mkdir()
    shutil.copy(LAUNCHER, tmp_path / "lone" / "toolkit")
    (tmp_path / "path").mkdir()
    for tool in ("dirname", "readlink"):
        (tmp_path / "path" / tool).symlink_to(shutil.which(tool))
    done = subprocess.run(
        [str(tmp_path / "lone" / "toolkit"), "status"],
        capture_output=True,
        text=True,
        env={**command_environment(), "PATH": str(tmp_path / "path")},
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"toolkit: no python beside {tmp_path / 'lone' / 'toolkit'} nor python3 on the PATH; run the toolkit command "
        "of the environment it was installed in\n"
    )


@pytest.mark.parametrize("python", ["not executable", "a link to nowhere"])
def test_the_command_beside_a_python_this_user_cannot_run_says_so_in_one_line(tmp_path: Path, python: str) -> None:
    # A venv whose python links into another user's home (/root/.pyenv, run as nobody) ran the first python3 on the
    # PATH instead, which said "the toolkit is not installed for /usr/bin/python3".
    (tmp_path / "bin").mkdir()
    shutil.copy(LAUNCHER, tmp_path / "bin" / "toolkit")
    beside = tmp_path / "bin" / "python3"
    if python == "not executable":
        beside.write_text("#!/bin/sh\n", encoding="utf-8")
        beside.chmod(0o644)
    else:
        beside.symlink_to(tmp_path / "gone" / "python3")
    done = subprocess.run(
        [str(tmp_path / "bin" / "toolkit"), "status"],
        capture_output=True,
        text=True,
        env=command_environment(),
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith(f"toolkit: {beside}: the python of the environment the toolkit is installed in ")
    assert "cannot be run by this user" in done.stderr and len(done.stderr.splitlines()) == 1
