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
    monkeypatch.setattr(disk, "_last_explained", None)
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
