"""What earlier runs made, kept so that a re-run costs only what changed: cleaned articles, merged catalogs,
catalog summaries, in one SQLite file in the state folder (.toolkit/cache.sqlite).

Each result is stored under its kind and name with a key: a digest of everything it was made from (the
input's bytes or file identity, the settings, the code that made it). A lookup with any other key misses,
so a changed source, setting or toolkit version (`code_version`) is made again, never served stale. The
cache is only ever a shortcut: a cache that cannot be opened, read or written (locked by another program,
read-only, a full disk) is left aside and a damaged file replaced, each with one warning naming the file
(`RunCache.warnings`), and the run does the work itself.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import toolkit
from toolkit.store.disk import cause
from toolkit.store.sqlite import connect, is_damaged, problem

CACHE_FILE = "cache.sqlite"
# Bumped when the table changes: a file of another version is started afresh.
CACHE_VERSION = 1
# SQLite's page cache (its default is 2 MB): each entry is read once a run, so a bigger cache buys little.
CACHE_PAGE_CACHE_KIB = 512

_SCHEMA = f"""
PRAGMA user_version = {CACHE_VERSION};
CREATE TABLE IF NOT EXISTS entries (
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    key BLOB NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (kind, name)
) WITHOUT ROWID;
"""


def digest(*parts: object) -> bytes:
    """A key from bytes, strings and anything with a stable repr (numbers, tuples, frozen dataclasses)."""
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.digest()


@functools.cache
def code_version(*packages: str) -> bytes:
    """The toolkit's version and the source of the named sub-packages (e.g. "clean"): any edit to the code that
    makes a result invalidates the results it made, without anyone having to bump a number."""
    root = Path(toolkit.__file__).parent
    parts: list[object] = [toolkit.__version__]
    for package in packages:
        folder = root / package
        files = sorted(folder.rglob("*.py")) + sorted(folder.rglob("*.toml")) if folder.is_dir() else []
        files += [root / f"{package}.py"] if (root / f"{package}.py").is_file() else []
        for path in files:
            parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)


def file_identity(path: Path) -> tuple[int, int, int] | None:
    """(size, modification time in ns, inode): what tells a file rewritten since, as git's index does without
    reading it; None when there is no file."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns, status.st_ino


class RunCache:
    def __init__(self, connection: sqlite3.Connection | None, path: Path | None = None):
        self._connection = connection
        self._path = path
        self.warnings: list[str] = []  # "<cache file>: <what went wrong and what the run did>"

    def _leave_aside(self, error: sqlite3.Error) -> None:
        """Stop using a cache that failed mid-run (the rest of the run does its work itself), and say so once."""
        self._connection = None
        self.warnings.append(f"{self._path}: the run cache failed ({problem(error)}); this run went on without it")

    def get(self, kind: str, name: str, key: bytes) -> Any | None:
        """The value stored under (kind, name) when it was made from `key`; else None."""
        if self._connection is None:
            return None
        try:
            row = self._connection.execute(
                "SELECT value FROM entries WHERE kind = ? AND name = ? AND key = ?", (kind, name, key)
            ).fetchone()
        except sqlite3.Error as error:
            self._leave_aside(error)
            return None
        try:
            return None if row is None else pickle.loads(row[0])
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return None

    def put(self, kind: str, name: str, key: bytes, value: Any) -> None:
        if self._connection is None:
            return
        try:
            self._connection.execute(
                "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)",
                (kind, name, key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)),
            )
        except sqlite3.Error as error:
            self._leave_aside(error)

    def commit(self) -> None:
        if self._connection is not None:
            try:
                self._connection.commit()
            except sqlite3.Error as error:
                self._leave_aside(error)


NO_CACHE = RunCache(None)


def _connect(path: Path) -> sqlite3.Connection:
    connection = connect(path)
    try:
        connection.execute(f"PRAGMA cache_size = {-CACHE_PAGE_CACHE_KIB}")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, CACHE_VERSION):
            raise _OtherVersion
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("database disk image is malformed")
        connection.executescript(_SCHEMA)
    except (sqlite3.Error, _OtherVersion):
        connection.close()
        raise
    return connection


class _OtherVersion(Exception):
    """A cache file written by another version of the toolkit: started afresh, as expected after an upgrade."""


def _open(path: Path, warnings: list[str]) -> sqlite3.Connection | None:
    """The cache's connection, a damaged file or one of another version replaced; None, with a warning, when
    the cache cannot be used this run."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return _connect(path)
        except _OtherVersion:
            pass
        except sqlite3.Error as error:
            if not is_damaged(error):
                raise
            warnings.append(f"{path}: the run cache was damaged; it was started afresh")
        path.unlink(missing_ok=True)
        return _connect(path)
    except OSError as error:
        warnings.append(f"{path}: cannot use the run cache ({cause(error)}); this run does all its work itself")
    except (sqlite3.Error, _OtherVersion) as error:
        meaning = problem(error) if isinstance(error, sqlite3.Error) else "written by another version"
        warnings.append(f"{path}: cannot use the run cache ({meaning}); this run does all its work itself")
    return None


@contextlib.contextmanager
def run_cache(state_dir: Path) -> Iterator[RunCache]:
    """The project's cache for one run (under the project lock), committed when the run ends, even when it is
    interrupted: what was made is whole, and worth keeping. What went wrong with it is in `warnings`."""
    path = state_dir / CACHE_FILE
    warnings: list[str] = []
    connection = _open(path, warnings)
    cache = RunCache(connection, path)
    cache.warnings.extend(warnings)
    try:
        yield cache
    finally:
        cache.commit()
        if connection is not None:
            connection.close()
