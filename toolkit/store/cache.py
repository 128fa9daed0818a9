"""What earlier runs made, kept so that a re-run costs only what changed: cleaned articles, merged catalogs,
catalog summaries, in one SQLite file in the state folder (.toolkit/cache.sqlite).

Each result is stored under its kind and name with a key: a digest of everything it was made from (the
input's bytes or file identity, the settings, the code that made it). A lookup with any other key misses,
so a changed source, setting or toolkit version (`code_version`) is made again, never served stale. The
cache is only ever a shortcut: a cache that cannot be opened, read or written (locked by another program,
read-only, a full disk) is left aside and a damaged file replaced, each with one warning naming the file
(`RunCache.warnings`), and the run does the work itself.

Files are known by their content (`RunCache.file_key`), read only when their status on disk cannot vouch for
it: a table keeps each file's device, inode, size, modification and change times with the digest of the
bytes they had. Editing a file in place changes its change time (ctime), which no tool can set back, and
saving it the way editors do gives it a new inode; so an edit that keeps the size and the modification time
is still seen. The one blind spot of times is the file system's timestamp tick: a file changed twice within
one tick keeps the same times. So a file whose times were within `RACY_WINDOW_NS` of the moment it was
looked at is never vouched for by its times again: it is read and hashed each time until a look finds it
older (git's "racy clean" rule, with a window wide enough for the 2-second ticks of FAT).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sqlite3
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import toolkit
from toolkit.store.disk import cause
from toolkit.store.files import read_regular_file
from toolkit.store.sqlite import connect, is_damaged, problem

CACHE_FILE = "cache.sqlite"
# Bumped when a table changes its meaning: a file of another version is started afresh.
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
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    device INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    digest BLOB NOT NULL,
    trusted INTEGER NOT NULL
) WITHOUT ROWID;
"""
# A file whose modification or change time is this close to the moment it is looked at may still change
# within the same timestamp tick without its times showing it (ext4 and tmpfs tick every few milliseconds,
# HFS+ and ext3 every second, FAT every 2 s): its content is hashed again at the next look.
RACY_WINDOW_NS = 3_000_000_000
# Wrapping sum of per-file digests: a folder's fingerprint in any listing order, without keeping the listing.
_FINGERPRINT_BITS = 256
# Digest of an entry that is not a regular file (a folder, a pipe): its name counts, it is never read.
_NOT_A_FILE = b"not a regular file"


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


Identity = tuple[int, int, int, int, int]  # device, inode, size, mtime_ns, ctime_ns


def _identity(status: os.stat_result) -> Identity:
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


def _racy(identity: Identity, looked_at_ns: int) -> bool:
    return max(identity[3], identity[4]) >= looked_at_ns - RACY_WINDOW_NS


def _file_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


class RunCache:
    def __init__(self, connection: sqlite3.Connection | None, path: Path | None = None):
        self._connection = connection
        self._path = path
        self.warnings: list[str] = []  # "<cache file>: <what went wrong and what the run did>"
        # How many times a look at a file found it other than the run had last seen it (changed, new, gone).
        self.changes_seen = 0

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

    def file_key(self, path: Path | str) -> bytes | None:
        """A digest of the file's content (None when it is not there), read only when the file's status has
        changed since a run last looked, or was too recent then to vouch for it. Without a cache: None."""
        if self._connection is None:
            return None
        looked_at = time.time_ns()
        try:
            status = os.stat(path)
        except OSError:
            status = None
        return self._observe(str(path), status, looked_at)

    def _observe(self, path: str, status: os.stat_result | None, looked_at: int) -> bytes | None:
        if status is not None and not stat.S_ISREG(status.st_mode):
            return _NOT_A_FILE
        # SQLite text is UTF-8: a name the file system holds in another encoding is kept with its bytes escaped.
        name = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        try:
            row = self._connection.execute(
                "SELECT device, inode, size, mtime_ns, ctime_ns, digest, trusted FROM files WHERE path = ?", (name,)
            ).fetchone()
            if status is None:
                if row is not None:
                    self._connection.execute("DELETE FROM files WHERE path = ?", (name,))
                    self.changes_seen += 1
                return None
            identity = _identity(status)
            if row is not None and row[6] and tuple(row[:5]) == identity:
                return row[5]
            try:
                key = _file_digest(read_regular_file(Path(path)))
            except OSError:
                return None
            if row is None or tuple(row[:5]) != identity or row[5] != key:
                self.changes_seen += 1
            self._connection.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (name, *identity, key, not _racy(identity, looked_at)),
            )
            return key
        except sqlite3.Error as error:
            self._leave_aside(error)
            return None

    def fingerprint(self, folders: Iterable[Path], files: Iterable[Path] = ()) -> bytes | None:
        """A digest of what the folders hold (every entry's name and content) and of the named files: one
        listing and one status per entry, a file read only as `file_key` says. Independent of listing order
        and kept in a running sum, so that it costs no memory per file. None without a cache, or when a
        folder that is there cannot be listed (the stages then meet the problem and name it)."""
        if self._connection is None:
            return None
        parts: list[object] = []
        for folder in folders:
            total = count = files_known = 0
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        looked_at = time.time_ns()
                        try:
                            status = entry.stat()
                        except OSError:
                            status = None
                        key = self._observe(entry.path, status, looked_at)
                        name = entry.name.encode("utf-8", "surrogateescape")
                        total += int.from_bytes(digest(name, key), "little")
                        count += 1
                        files_known += key is not None and key != _NOT_A_FILE
            except FileNotFoundError:
                count = -1  # no folder yet (translations/ before the first run): a state of its own
            except OSError:
                return None
            self._forget_gone(folder, files_known)
            parts += [str(folder), count, total % (1 << _FINGERPRINT_BITS)]
        parts += [(str(path), self.file_key(path)) for path in files]
        return None if self._connection is None else digest(*parts)

    def _forget_gone(self, folder: Path, files_listed: int) -> None:
        """Drop the rows of files no longer in the folder (each a change seen): only when there are more rows
        than files, i.e. files were removed since they were last looked at."""
        if self._connection is None:
            return
        # Every path that starts with "<folder>/": "0" is the character after "/".
        inside = (os.path.join(folder, ""), f"{os.fspath(folder).rstrip(os.sep)}0")
        try:
            known = self._connection.execute(
                "SELECT count(*) FROM files WHERE path >= ? AND path < ?", inside
            ).fetchone()[0]
            if known <= files_listed:
                return
            rows = self._connection.execute("SELECT path FROM files WHERE path >= ? AND path < ?", inside).fetchall()
            gone = [(path,) for (path,) in rows if os.path.dirname(path) == str(folder) and not os.path.lexists(path)]
            self._connection.executemany("DELETE FROM files WHERE path = ?", gone)
            self.changes_seen += len(gone)
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
