"""Projects in tmp_path and a way to run the real `toolkit` command on them, as a user would."""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
COMMAND_TIMEOUT_SECONDS = 600


def copy_default_project(destination: Path) -> Path:
    """The repository's own project (settings, seed articles, shipped translations), nothing generated."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "toolkit.toml", destination / "toolkit.toml")
    shutil.copytree(REPO / "source", destination / "source")
    if (REPO / "translations").is_dir():
        shutil.copytree(REPO / "translations", destination / "translations")
    return destination


def published_default_project(folder: Path) -> Path:
    """The repository's own project under `folder`, published once: a module's tests each take a copy of it
    (`copy_project`) rather than publishing again."""
    project = copy_default_project(folder / "p")
    result = run_toolkit(project, "-q", "publish")
    assert result.returncode == 0, result.stderr
    return project


def copy_project(project: Path, destination: Path) -> Path:
    """A copy of `project`, hard links, times and modes kept (the run cache and the site's manifest trust them)."""
    subprocess.run(["cp", "-a", str(project), str(destination)], check=True)
    return destination


def toolkit_command(project: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "toolkit", "-C", str(project), *arguments]


def command_environment(**extra: str) -> dict[str, str]:
    environment = dict(os.environ)
    environment["CI"] = "1"
    environment.update(extra)
    return environment


def run_toolkit(
    project: Path,
    *arguments: str,
    memory_kilobytes: int | None = None,
    control_group: Path | None = None,
    **environment: str,
) -> subprocess.CompletedProcess[str]:
    """The command's run, under a limit on memory (`ulimit -v`) of `memory_kilobytes` when given, in the control
    group `control_group` (a folder under /sys/fs/cgroup) when given."""

    def limit_memory() -> None:
        if memory_kilobytes is not None:
            limit = memory_kilobytes * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        if control_group is not None:
            (control_group / "cgroup.procs").write_text(str(os.getpid()))

    return subprocess.run(
        toolkit_command(project, *arguments),
        capture_output=True,
        text=True,
        env=command_environment(**environment),
        timeout=COMMAND_TIMEOUT_SECONDS,
        preexec_fn=None if memory_kilobytes is None and control_group is None else limit_memory,
    )


def translate_one_chinese_sentence(argos_packages_dir: Path) -> subprocess.CompletedProcess[str]:
    """`toolkit translate-text --from zh --to en` of one sentence, with the Argos packages in `argos_packages_dir`
    (run beside it): how a damaged package is met outside any project."""
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "-q", "translate-text", "--from", "zh", "--to", "en"],
        input="我喜欢读书。\n",
        capture_output=True,
        text=True,
        env=command_environment(ARGOS_PACKAGES_DIR=str(argos_packages_dir)),
        cwd=argos_packages_dir.parent,
        timeout=COMMAND_TIMEOUT_SECONDS,
    )


def tree_hashes(folder: Path, skip: tuple[str, ...] = (".toolkit",)) -> dict[str, str]:
    """sha256 of every file under `folder` by relative path, leaving out private state folders."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and relative.parts[0] not in skip:
            hashes[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def _processes() -> dict[int, tuple[int, str, int]]:
    """Every process by PID, from /proc: (its parent's PID, its state, its start time in clock ticks)."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # ended meanwhile
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (command) "
        table[int(name)] = (int(fields[1]), fields[0], int(fields[19]))
    return table


def descendants(pid: int) -> dict[int, int]:
    """The processes `pid` started and theirs, running now: PID -> start time (a PID can be reused)."""
    table = _processes()
    found: dict[int, int] = {}
    parents = [pid]
    while parents:
        parent = parents.pop()
        for child, (ppid, state, started) in table.items():
            if ppid == parent and child not in found and state not in "ZX":
                found[child] = started
                parents.append(child)
    return found


def still_running(processes: dict[int, int]) -> list[int]:
    """Those of `processes` (PID -> start time, as `descendants` gives them) that have not ended."""
    table = _processes()
    running = []
    for pid, started in processes.items():
        _, state, started_now = table.get(pid, (0, "X", 0))
        if started_now == started and state not in "ZX":  # a zombie has ended, its parent gone
            running.append(pid)
    return running


def status_lines(port: int, request: bytes) -> list[bytes]:
    """The status lines a server on 127.0.0.1 sends back for the raw `request`, until it closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(request)
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    return re.findall(rb"HTTP/1\.[01] \d{3} [^\r]*", data)


def signalled_when_held(
    child_script: str,
    marker: Path,
    arguments: list[str],
    signum: int,
    seconds: tuple[float, float],
    **environment: str,
) -> subprocess.CompletedProcess[str]:
    """Run `child_script` (it touches `marker` when the run reaches the point it holds at), wait up to
    `seconds[0]` for the marker, send `signum`, and give the run's outcome, which must come within `seconds[1]`."""
    child = subprocess.Popen(
        [sys.executable, "-c", child_script, str(marker), *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=command_environment(**environment),
    )
    deadline = time.monotonic() + seconds[0]
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert marker.exists(), child.communicate(timeout=60)
    child.send_signal(signum)
    stdout, stderr = child.communicate(timeout=seconds[1])
    return subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)


def launcher_beside_python(folder: Path) -> Path:
    """The `toolkit` launcher (scripts/toolkit) in `folder`, made, beside a `python` that runs this test's
    interpreter: the launcher as a venv's bin/ holds it, for what it checks before Python starts."""
    folder.mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "toolkit", folder / "toolkit")
    (folder / "python").write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n', encoding="utf-8")
    (folder / "python").chmod(0o755)
    return folder / "toolkit"
