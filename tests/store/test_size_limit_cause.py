"""Each failure names its own cause: after one write over the file size limit (`ulimit -f`), a later EFBIG
or SQLite I/O error of the same run without a write over the limit of its own is not put down to it."""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
from collections.abc import Iterator

import pytest

from toolkit.store import disk
from toolkit.store.disk import cause
from toolkit.store.sqlite import problem

OVER_THE_LIMIT = "file too large: over the size limit on files this run may write (ulimit -f"


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in (("_watching", False), ("_over_limit_writes", 0), ("_explained_writes", 0)):
        monkeypatch.setattr(disk, name, value)
    before = signal.getsignal(signal.SIGXFSZ)
    disk.watch_file_size_limit()
    yield
    signal.signal(signal.SIGXFSZ, before)


def _write_over_the_limit() -> None:
    os.kill(os.getpid(), signal.SIGXFSZ)  # what the kernel sends with the EFBIG of such a write


def test_an_efbig_after_one_over_the_limit_names_its_own_cause(watched: None) -> None:
    _write_over_the_limit()
    first = OSError(errno.EFBIG, "File too large")
    assert cause(first).startswith(OVER_THE_LIMIT)
    assert cause(first).startswith(OVER_THE_LIMIT)  # asked again: the same answer
    assert cause(OSError(errno.EFBIG, "File too large")) == "file too large for its file system"
    _write_over_the_limit()
    assert cause(OSError(errno.EFBIG, "File too large")).startswith(OVER_THE_LIMIT)


def test_an_sqlite_error_after_a_write_over_the_limit_is_a_full_disk_when_it_is_one(watched: None) -> None:
    _write_over_the_limit()
    assert cause(OSError(errno.EFBIG, "File too large")).startswith(OVER_THE_LIMIT)
    full = sqlite3.OperationalError("database or disk is full")
    assert problem(full) == "no space left on the device; free some space and run again"
    failing = sqlite3.OperationalError("disk I/O error")
    assert problem(failing) == "input/output error (a failing disk, or a full one?)"
    _write_over_the_limit()  # SQLite's own write over the limit, reported after other operations ran
    assert cause(OSError(errno.ENOSPC, "No space left on device")).startswith("no space left")
    over = sqlite3.OperationalError("disk I/O error")
    assert problem(over).startswith(OVER_THE_LIMIT) and problem(over).startswith(OVER_THE_LIMIT)


def test_an_sqlite_statement_is_marked_where_it_fails(watched: None, tmp_path) -> None:
    from toolkit.store.sqlite import connect

    connection = connect(tmp_path / "state.sqlite")

    def write_over_the_limit() -> int:
        _write_over_the_limit()
        raise OSError(errno.EFBIG, "File too large")

    connection.create_function("write_over_the_limit", 0, write_over_the_limit)
    with pytest.raises(sqlite3.Error) as over:
        connection.execute("SELECT write_over_the_limit()")
    assert disk.over_size_limit(over.value).startswith(OVER_THE_LIMIT)
    _write_over_the_limit()  # a write over the limit whose failure nobody reported (a best-effort cache)
    with pytest.raises(sqlite3.Error) as other:
        connection.execute("SELECT * FROM no_such_table")
    assert disk.over_size_limit(other.value) is None  # its statement wrote nothing over the limit
    connection.close()


def test_a_file_system_operation_is_marked_where_it_fails(watched: None) -> None:
    from toolkit.errors import FileSystemError

    _write_over_the_limit()  # an earlier write over the limit whose failure nobody reported
    with pytest.raises(FileSystemError) as raised, disk.on_disk("write", "/nowhere/file"):
        raise OSError(errno.EFBIG, "File too large")  # the file system's own limit: no signal came with it
    assert raised.value.message == "cannot write: file too large for its file system"


THREADED_WRITES = """
import resource, sys, threading
from pathlib import Path
from toolkit.errors import FileSystemError
from toolkit.store import disk, files

disk.watch_file_size_limit()
resource.setrlimit(resource.RLIMIT_FSIZE, (1000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
folder = Path(sys.argv[1])
said = []

def write(kind):
    try:
        if kind == "scratch":
            files.write_scratch(folder / "scratch", b"x" * 5000)
        else:
            files.AtomicWrites().stage(folder / "staged", [b"x" * 600, b"x" * 600])
    except FileSystemError as error:
        said.append(error.message)

for kind in ("scratch", "staged"):
    worker = threading.Thread(target=write, args=(kind,))
    worker.start()
    worker.join()
print("\\n".join(said))
"""


def test_a_write_over_the_limit_in_another_thread_names_the_limit(tmp_path) -> None:
    """Python runs the SIGXFSZ handler in the main thread only (here blocked in join): the thread's write is
    told over the limit by the size its file reached, not called too large for its file system."""
    import subprocess
    import sys

    finished = subprocess.run(
        [sys.executable, "-c", THREADED_WRITES, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.splitlines() == [f"cannot write: {OVER_THE_LIMIT}: 1,000 bytes)"] * 2
    assert sorted(path.name for path in tmp_path.iterdir()) == ["scratch"]  # the staged one's temporary file went


def test_a_failure_asked_about_is_not_kept_alive(watched: None) -> None:
    """Its traceback holds the frames it went through, and their locals (a catalog, a page)."""
    import gc
    import weakref

    class Held:
        pass

    def failing() -> None:
        held = Held()
        witness.append(weakref.ref(held))
        raise OSError(errno.EFBIG, "File too large")

    witness: list[weakref.ref] = []
    _write_over_the_limit()
    try:
        failing()
    except OSError as error:
        assert cause(error).startswith(OVER_THE_LIMIT) and cause(error).startswith(OVER_THE_LIMIT)
    gc.collect()
    assert witness[0]() is None
