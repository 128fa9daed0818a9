"""What earlier runs made, kept so that a re-run costs only what changed: cleaned articles, merged catalogs,
catalog summaries, in one SQLite file in the state folder (.toolkit/cache.sqlite).

Each result is stored under its kind and name with a key: a digest of everything it was made from (the
input's bytes or file identity, the settings, the code that made it). A lookup with any other key misses,
so a changed source, setting or toolkit version (`code_version`) is made again, never served stale. The
cache is only ever a shortcut: a cache that cannot be opened, read or written is left aside (and a damaged
file replaced), and the run does the work itself.
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
    def __init__(self, connection: sqlite3.Connection | None):
        self._connection = connection

    def get(self, kind: str, name: str, key: bytes) -> Any | None:
        """The value stored under (kind, name) when it was made from `key`; else None."""
        if self._connection is None:
            return None
        try:
            row = self._connection.execute(
                "SELECT value FROM entries WHERE kind = ? AND name = ? AND key = ?", (kind, name, key)
            ).fetchone()
            return None if row is None else pickle.loads(row[0])
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return None

    def put(self, kind: str, name: str, key: bytes, value: Any) -> None:
        if self._connection is None:
            return
        try:
            self._connection.execute(
                "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)",
                (kind, name, key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)),
            )
        except sqlite3.Error:
            self._connection = None

    def commit(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.commit()


NO_CACHE = RunCache(None)


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level="DEFERRED")
    try:
        connection.execute(f"PRAGMA cache_size = {-CACHE_PAGE_CACHE_KIB}")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, CACHE_VERSION) or connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("another version, or damaged")
        connection.executescript(_SCHEMA)
    except sqlite3.Error:
        connection.close()
        raise
    return connection


@contextlib.contextmanager
def run_cache(state_dir: Path) -> Iterator[RunCache]:
    """The project's cache for one run (under the project lock), committed when the run ends, even when it is
    interrupted: what was made is whole, and worth keeping."""
    path = state_dir / CACHE_FILE
    connection = None
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        try:
            connection = _connect(path)
        except sqlite3.DatabaseError:
            path.unlink(missing_ok=True)  # damaged or of another version: started afresh
            connection = _connect(path)
    except (OSError, sqlite3.Error):
        connection = None
    cache = RunCache(connection)
    try:
        yield cache
    finally:
        cache.commit()
        if connection is not None:
            connection.close()
