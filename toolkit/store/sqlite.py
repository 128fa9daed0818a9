"""The SQLite files in the state folder (the run cache, the build manifest), opened here; an sqlite3 error
becomes one line naming the file and what to do, as disk.py does for an OSError."""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import stat
from pathlib import Path

from toolkit.errors import FileSystemError
from toolkit.store.disk import failed_over_size_limit, on_disk, over_size_limit, writes_over_size_limit
from toolkit.store.files import fsync_file, new_temp_file

# How long a statement waits for another program's lock (an SQLite browser left open on the file) before it
# fails: long enough for a passing reader, short enough that a held lock is reported, not waited out.
BUSY_TIMEOUT_SECONDS = 1.0

# SQLite's Unix layer opens no file whose full path, with the "-journal" of its rollback journal after it, passes
# 512 bytes (MAX_PATHNAME), and says only "unable to open database file", as for a file it may not open: a
# project some 480 bytes deep (240 Arabic letters of folder names) could not be built, and was told to check the
# file's owner and mode. Raised as the sqlite3.Error an open that fails raises, which every caller handles.
_MAX_PATH_BYTES = 512 - len("-journal")

_PROBLEMS = (
    (("locked", "busy"), "it is locked by another program (an SQLite browser left open?); close it and run again"),
    (("readonly", "read-only"), "it is read-only; check the owner and mode of the file and its folder"),
    (("not a database", "malformed", "corrupt"), "it is damaged"),
    (("disk i/o",), "input/output error (a failing disk, or a full one?)"),
    (("full",), "no space left on the device; free some space and run again"),
    (("unable to open", "cannot open"), "it cannot be opened; check the owner and mode of the file and its folder"),
)


def problem(error: sqlite3.Error) -> str:
    """What an sqlite3 error means, in words a user can act on."""
    text = str(error).lower()
    if ("disk i/o" in text or "full" in text) and (limit := over_size_limit(error)):
        return limit  # SQLite's name for an EFBIG
    for words, meaning in _PROBLEMS:
        if any(word in text for word in words):
            return meaning
    return str(error)


def is_damaged(error: sqlite3.Error) -> bool:
    """Whether the file itself is bad (garbage, truncated), as opposed to out of reach for now."""
    return problem(error) == "it is damaged"


def database_error(operation: str, path: Path, error: sqlite3.Error) -> FileSystemError:
    """`path: cannot <operation>: <problem>`."""
    return FileSystemError(f"cannot {operation}: {problem(error)}", path)


_FAILED_FILE = "_toolkit_database_file"  # the attribute a failure is marked with: the file it failed on


def failed_file(error: sqlite3.Error) -> Path | None:
    """The database file whose open or statement raised `error`, as `connect` was given it: a run with two files
    open (the build's manifests, the site's and the next) names the one that failed, not their folder. None for
    a failure of a result's later rows, which is not marked."""
    return getattr(error, _FAILED_FILE, None)


def _marked(path: Path, statement, *arguments):
    """Run a statement on the file `path`; a failure leaves marked with that file and with whether one of its
    writes went over the size limit."""
    writes_before = writes_over_size_limit()
    try:
        return statement(*arguments)
    except sqlite3.Error as error:
        failed_over_size_limit(error, writes_before)
        with contextlib.suppress(AttributeError):
            setattr(error, _FAILED_FILE, path)
        raise


class _Connection(sqlite3.Connection):
    """A connection whose failing statement is marked, where it failed, with its file and with whether one of its
    writes went over the file size limit: SQLite says only "disk I/O error" or "database or disk is full", and the
    error is often reported after other operations ran (a write over the limit among them, or a full disk)."""

    file: Path  # the database's, as `connect` was given it

    def execute(self, *arguments):
        return _marked(self.file, super().execute, *arguments)

    def executemany(self, *arguments):
        return _marked(self.file, super().executemany, *arguments)

    def commit(self) -> None:
        _marked(self.file, super().commit)


def connect(path: Path, read_only: bool = False, isolation_level: str | None = "DEFERRED") -> sqlite3.Connection:
    """A connection to the database at `path` (made when missing, unless `read_only`), by URI so that another
    read-only file can be attached to it; one that may write is to a file of this project's own
    (`_made_its_own`). sqlite3.Error when it cannot be opened."""
    resolved = path.resolve()
    length = len(os.fsencode(resolved))
    if length > _MAX_PATH_BYTES:
        too_long = sqlite3.OperationalError(
            f"its path is {length} bytes long, and SQLite opens no file whose path is longer than "
            f"{_MAX_PATH_BYTES} bytes; move the project to a folder with a shorter path"
        )
        setattr(too_long, _FAILED_FILE, path)
        raise too_long
    if not read_only:
        _marked(path, _made_its_own, resolved)
    uri = resolved.as_uri() + ("?mode=ro" if read_only else "")
    opening = functools.partial(
        sqlite3.connect,
        uri,
        uri=True,
        timeout=BUSY_TIMEOUT_SECONDS,
        isolation_level=isolation_level,
        factory=_Connection,
    )
    connection = _marked(path, opening)
    connection.file = path
    return connection


def _made_its_own(path: Path) -> None:
    """Make the database at `path`, when it is a hard link of another file (a copy of the project made with
    `cp -al`), a file of its own with the same content: SQLite writes its files in place, and a run in the copy
    wrote into the original project's cache. Copied by SQLite's backup, which reads a consistent state even
    while a run of the other project writes it (their locks are on the one file), then renamed into place."""
    try:
        status = os.lstat(path)
    except OSError:  # nothing there yet, or for the open to name
        return
    if not stat.S_ISREG(status.st_mode) or status.st_nlink < 2:
        return
    name = None
    try:
        with on_disk("make a temporary file beside", path):
            descriptor, name = new_temp_file(path)
            os.close(descriptor)
        source = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            own = sqlite3.connect(name)
            try:
                source.backup(own)
            finally:
                own.close()
        finally:
            source.close()
        with on_disk("make a file of its own of", path):
            os.chmod(name, stat.S_IMODE(status.st_mode))
            fsync_file(Path(name))
            os.replace(name, path)
    except (sqlite3.Error, FileSystemError) as error:
        if name is not None:
            with contextlib.suppress(OSError):
                os.unlink(name)
        message = error.message if isinstance(error, FileSystemError) else problem(error)
        raise sqlite3.OperationalError(
            f"it is a hard link of another project's file (a copy made with cp -al?), which this run does not "
            f"write into, and a file of its own could not be made: {message}"
        ) from None
