"""What earlier runs made, kept so that a re-run costs only what changed: cleaned articles, merged catalogs,
catalog summaries, in one SQLite file in the state folder (.toolkit/cache.sqlite).

Each result is stored under its kind and name with a key: a digest of everything it was made from (the
input's bytes or file identity, the settings, the code that made it). A lookup with any other key misses,
so a changed source, setting or toolkit version (`code_version`) is made again, never served stale. The
cache is only ever a shortcut: a cache that cannot be opened, read or written (locked by another program,
read-only, a full disk) is left aside and a damaged file replaced, each with one warning naming the file
(`RunCache.warnings`), and the run does the work itself.

Files are known by their content (`RunCache.file_key`), read only when their identity on disk cannot vouch
for it (toolkit/store/identity.py: device, inode, size, modification and change times, and git's "racy
clean" rule): a table keeps each file's identity with the digest of the bytes it had.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sqlite3
import stat
import struct
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import toolkit
from toolkit.errors import FileSystemError, shown_path
from toolkit.store.disk import cause
from toolkit.store.files import atomic_write_text, open_regular_file, read_regular_file
from toolkit.store.identity import Identity, file_identity, is_racy
from toolkit.store.settings import LARGEST_READ_BYTES
from toolkit.store.sqlite import connect, is_damaged, problem

CACHE_FILE = "cache.sqlite"
# The cache file's status (device, inode, size, times) when a run last closed it whole: a file found exactly so
# is not checked page by page again (a check reads the whole file: 0.3 s for 10,000 articles, and growing).
# Any other program's write changes its change time, which no tool can set back.
CLOSED_FILE = "cache.closed"
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
# One folder's entries as listed, to meet the known files in one join.
_LISTING_TABLE = """
CREATE TEMP TABLE IF NOT EXISTS listing (
    path TEXT PRIMARY KEY,
    device INTEGER,
    inode INTEGER,
    size INTEGER,
    mtime_ns INTEGER,
    ctime_ns INTEGER,
    is_file INTEGER NOT NULL
) WITHOUT ROWID
"""
# The listed files whose status does not vouch for them, to be looked at one by one: all of a new folder's.
# With each, its status as listed (device, inode, size, times packed), to tell whether the file read is that one.
_RECHECK_TABLE = "CREATE TEMP TABLE IF NOT EXISTS recheck (path TEXT PRIMARY KEY, listed BLOB) WITHOUT ROWID"
# A folder's fingerprint as a look made it, kept under the digest of every entry's name and status then.
FOLDER_KIND = "folder listing"
# At most this many of its files too recent then to vouch for their content, looked at again at each later look
# (a folder that has more, new files mostly, is not kept: it meets the known files in the join again).
FOLDER_RECENT_FILES = 64
# Wrapping sum of per-entry digests: a folder's fingerprint in any listing order, without keeping the listing.
_FINGERPRINT_BITS = 256
_ENTRY_DIGEST_BYTES = 24
# Device, inode, size, modification and change times.
_STATUS = struct.Struct("<qqqqq")
# Digest of an entry that is not a regular file (a folder, a pipe): its name counts, it is never read.
_NOT_A_FILE = b"not a regular file"
# Every stage looks its files and results up in name order (the sources, articles and catalogs are walked
# sorted): after two look-ups in a row in that order, the rows ahead are read a page at a time (_ReadAhead),
# one query for this many look-ups instead of one each (71,000 queries in a run over 10,000 articles).
READ_AHEAD_ROWS = 256


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


def _escaped(name: str) -> str:
    """SQLite text is UTF-8: a name the file system holds in another encoding is kept with its bytes escaped."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _status_line(entry: os.DirEntry) -> bytes:
    """An entry's name and status as bytes (a name holds no "/")."""
    try:
        identity = file_identity(entry.stat())
    except OSError:
        identity = None
    return _status_bytes(entry.name, identity)


def _status_bytes(name: str, identity: Identity | None) -> bytes:
    """`_status_line` of an entry whose identity was taken already (None: its status could not be)."""
    encoded = name.encode("utf-8", "surrogateescape")
    return encoded + b"/-\n" if identity is None else encoded + b"/" + _STATUS.pack(*identity)


def content_digest(data: bytes) -> bytes:
    """What `RunCache.file_key` says of a file holding these bytes."""
    return hashlib.blake2b(data, digest_size=20).digest()


def _file_digest(path: str, identity: Identity) -> bytes:
    """`content_digest` of the file's bytes, read a block at a time; for a file larger than any reader takes (a
    sparse 2 GB catalog), which every run refuses unread, a digest of its identity: its bytes were read whole."""
    if identity[2] > LARGEST_READ_BYTES:
        return hashlib.blake2b(b"unread/" + _STATUS.pack(*identity), digest_size=20).digest()
    with open_regular_file(Path(path)) as (handle, _):
        return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=20)).digest()


class _ReadAhead:
    """The rows of one table (or one kind of entry) from a name on, read a page at a time for look-ups that come
    in name order; rows written or deleted meanwhile are noted in the page, so it never answers stale."""

    def __init__(self, page: Callable[[str], list[tuple]]):
        self._page = page  # the rows from a name on, in name order, at most READ_AHEAD_ROWS of them
        self._rows: dict[str, tuple] = {}
        self._first: str | None = None  # the page covers the names from `_first` to `_last` (None: to the end)
        self._last: str | None = None
        self._asked: str | None = None  # the name looked up last

    def _covers(self, name: str) -> bool:
        return self._first is not None and self._first <= name and (self._last is None or name <= self._last)

    def row(self, name: str) -> tuple | _NotAhead | None:
        """The row of `name` (without the name), None when there is none, or NOT_AHEAD when the look-ups do
        not come in order (the caller asks for the one row)."""
        in_order = self._asked is not None and self._asked < name
        self._asked = name
        if self._covers(name):
            return self._rows.get(name)
        if not in_order:
            return NOT_AHEAD
        rows = self._page(name)
        self._rows = {row[0]: row[1:] for row in rows}
        self._first = name
        self._last = rows[-1][0] if len(rows) >= READ_AHEAD_ROWS else None
        return self._rows.get(name)

    def written(self, name: str, row: tuple | None) -> None:
        """`name`'s row is now `row` (None: deleted). A page that would grow past READ_AHEAD_ROWS is forgotten
        (the next look-up in order reads the rows from the database, writes and all): a page read at the end of
        the rows covers every name after it, and a first run, which looks each name up and then writes it, kept
        every value it wrote there (the pickled articles and summaries, 3 kB an article, until the run ended)."""
        if not self._covers(name):
            return
        if row is None:
            self._rows.pop(name, None)
        elif name in self._rows or len(self._rows) < READ_AHEAD_ROWS:
            self._rows[name] = row
        else:
            self.forget()

    def forget(self) -> None:
        self._rows, self._first, self._last = {}, None, None


class _NotAhead:
    pass


NOT_AHEAD = _NotAhead()


class RunCache:
    def __init__(self, connection: sqlite3.Connection | None, path: Path | None = None):
        self._connection = connection
        self._path = path
        self._entries_ahead: dict[str, _ReadAhead] = {}
        self._files_ahead = _ReadAhead(self._files_page)
        self.warnings: list[str] = []  # "<cache file>: <what went wrong and what the run did>"
        # How many times a look at a file found it other than the run had last seen it (changed, new, gone).
        self.changes_seen = 0

    def _leave_aside(self, error: sqlite3.Error) -> None:
        """Stop using a cache that failed mid-run (the rest of the run does its work itself), and say so once."""
        self._connection = None
        self.warnings.append(
            f"{shown_path(self._path)}: the run cache failed ({problem(error)}); this run went on without it"
        )

    def _entries_page(self, kind: str, name: str) -> list[tuple]:
        assert self._connection is not None
        return self._connection.execute(
            "SELECT name, key, value FROM entries WHERE kind = ? AND name >= ? ORDER BY name LIMIT ?",
            (kind, name, READ_AHEAD_ROWS),
        ).fetchall()

    def _files_page(self, path: str) -> list[tuple]:
        assert self._connection is not None
        return self._connection.execute(
            "SELECT path, device, inode, size, mtime_ns, ctime_ns, digest, trusted FROM files WHERE path >= ?"
            " ORDER BY path LIMIT ?",
            (path, READ_AHEAD_ROWS),
        ).fetchall()

    def get(self, kind: str, name: str, key: bytes) -> Any | None:
        """The value stored under (kind, name) when it was made from `key`; else None."""
        if self._connection is None:
            return None
        ahead = self._entries_ahead.get(kind)
        if ahead is None:
            ahead = self._entries_ahead[kind] = _ReadAhead(functools.partial(self._entries_page, kind))
        try:
            row = ahead.row(name)
            if row is NOT_AHEAD:
                row = self._connection.execute(
                    "SELECT key, value FROM entries WHERE kind = ? AND name = ?", (kind, name)
                ).fetchone()
        except sqlite3.Error as error:
            self._leave_aside(error)
            return None
        if row is None or row[0] != key:
            return None
        try:
            return pickle.loads(row[1])
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return None

    def put(self, kind: str, name: str, key: bytes, value: Any) -> None:
        if self._connection is None:
            return
        pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        try:
            self._connection.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", (kind, name, key, pickled))
        except sqlite3.Error as error:
            self._leave_aside(error)
            return
        if (ahead := self._entries_ahead.get(kind)) is not None:
            ahead.written(name, (key, pickled))

    def keep_only(self, kinds: Sequence[str], names: Iterable[str], listed: int) -> None:
        """Delete the results of `kinds` stored under any other name than `names` (all `listed` of them), and the
        file rows of those names: the results of sources that are gone, or of a project's sources under the
        folder it was copied from, which no run would look up again (a copied 10,000-article project held 20,000
        articles). Looked at only when the last kind, the smallest, holds more rows than there are names."""
        if self._connection is None or not kinds:
            return
        try:
            held = self._connection.execute("SELECT count(*) FROM entries WHERE kind = ?", (kinds[-1],)).fetchone()[0]
            if held <= listed:
                return
            self._connection.execute("CREATE TEMP TABLE IF NOT EXISTS kept (name TEXT PRIMARY KEY) WITHOUT ROWID")
            self._connection.execute("DELETE FROM temp.kept")
            self._connection.executemany("INSERT OR IGNORE INTO temp.kept VALUES (?)", ((name,) for name in names))
            gone = "kind = ? AND name NOT IN (SELECT name FROM temp.kept)"
            connection = self._connection
            for kind in kinds:
                connection.execute(f"DELETE FROM files WHERE path IN (SELECT name FROM entries WHERE {gone})", (kind,))
                connection.execute(f"DELETE FROM entries WHERE {gone}", (kind,))
                if (ahead := self._entries_ahead.get(kind)) is not None:
                    ahead.forget()
            self._files_ahead.forget()
            self._connection.execute("DELETE FROM temp.kept")
        except sqlite3.Error as error:
            self._leave_aside(error)

    def file_key(self, path: Path | str) -> bytes | None:
        """A digest of the file's content (None when it is not there), read only when the file's status has
        changed since a run last looked, or was too recent then to vouch for it. Without a cache: None."""
        if self._connection is None:
            return None
        return self._look(str(path))[0]

    def _look(self, name: str) -> tuple[bytes | None, bool, Identity | None]:
        """The file's key, whether its times will vouch for it at the next look (not too recent now), and the
        identity it had when it was looked at (None for no regular file); nothing known once the cache was left
        aside (a failed statement of an earlier look, in the same loop over a folder's files)."""
        if self._connection is None:
            return None, False, None
        looked_at = time.time_ns()
        try:
            status = os.stat(name)
        except OSError:
            status = None
        if status is not None and not stat.S_ISREG(status.st_mode):
            return _NOT_A_FILE, True, None
        path, name = name, name if name.isascii() or _is_utf8(name) else _escaped(name)
        try:
            row = self._files_ahead.row(name)
            if row is NOT_AHEAD:
                row = self._connection.execute(
                    "SELECT device, inode, size, mtime_ns, ctime_ns, digest, trusted FROM files WHERE path = ?", (name,)
                ).fetchone()
            if status is None:
                if row is not None:
                    self._connection.execute("DELETE FROM files WHERE path = ?", (name,))
                    self._files_ahead.written(name, None)
                    self.changes_seen += 1
                return None, True, None
            identity = file_identity(status)
            if row is not None and row[6] and tuple(row[:5]) == identity:
                return row[5], True, identity
            try:
                key = _file_digest(path, identity)
            except OSError:
                return None, False, None
            if row is None or tuple(row[:5]) != identity or row[5] != key:
                self.changes_seen += 1
            trusted = not is_racy(identity, looked_at)
            self._connection.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (name, *identity, key, trusted)
            )
            self._files_ahead.written(name, (*identity, key, int(trusted)))
            return key, trusted, identity
        except sqlite3.Error as error:
            self._leave_aside(error)
            return None, False, None

    def fingerprint(self, folders: Iterable[Path], files: Iterable[Path] = ()) -> bytes | None:
        """A digest of what the folders hold (every entry's name and content) and of the named files: one
        listing and one status per entry, a file read only as `file_key` says. Independent of listing order
        and kept in a running sum, so that it costs no memory per file. None without a cache, or when a
        folder that is there cannot be listed (the stages then meet the problem and name it)."""
        if self._connection is None:
            return None
        parts: list[object] = []
        try:
            for folder in folders:
                parts += [str(folder), *self._folder_fingerprint(folder)]
                if self._connection is None:  # the cache failed on the way, and was left aside
                    return None
        except OSError:
            return None
        except sqlite3.Error as error:
            self._leave_aside(error)
            return None
        parts += [(str(path), self.file_key(path)) for path in files]
        return None if self._connection is None else digest(*parts)

    def _folder_fingerprint(self, folder: Path) -> tuple[int, int]:
        """(entries, wrapping sum of each entry's digest of name and key) for one folder; (-1, 0) when there is
        no such folder.

        A folder whose entries all have the status they had at an earlier look is taken from that look: one
        listing and one status per entry, and the few files whose times were too recent then to vouch for them
        (a catalog the run just wrote, a source edited a moment before it) looked at again, one by one. Otherwise
        the listing goes into a temporary table and meets the known files in one join, so that only the files
        whose status does not vouch for them (kept in a second table) are looked at one by one (and read); no
        memory per file either way."""
        assert self._connection is not None
        try:
            statuses = self._folder_statuses(folder)
        except FileNotFoundError:
            return -1, 0  # no folder yet (translations/ before the first run): a state of its own
        known = self.get(FOLDER_KIND, str(folder), statuses)
        if self._connection is None:
            return 0, 0
        if known is not None and len(known) == 4:  # three: kept by a toolkit that did not count the files
            entries, total, recent, files = known
            for path, key_then in recent:
                total += self._entry_digest(os.path.basename(path), self._look(path)[0])
                total -= self._entry_digest(os.path.basename(path), key_then)
            # A file this run looked at and that is gone since, back to a listing an earlier look knew (a source
            # added since that look, then deleted while the run worked): a change seen, its row dropped.
            self._forget_gone(folder, files)
            return entries, total % (1 << _FINGERPRINT_BITS)
        entries, total, recent, statuses, files = self._folder_keys(folder)
        if recent is not None:
            self.put(FOLDER_KIND, str(folder), statuses, (entries, total, tuple(recent), files))
        return entries, total

    @staticmethod
    def _entry_digest(name: str, key: bytes | None) -> int:
        """One entry's part of a folder's fingerprint: a digest of its name and key (a name holds no "/", so
        the two cannot run into each other)."""
        named = name.encode("utf-8", "surrogateescape") + b"/" + (key or b"")
        return int.from_bytes(hashlib.blake2b(named, digest_size=_ENTRY_DIGEST_BYTES).digest(), "little")

    @staticmethod
    def _folder_statuses(folder: Path) -> bytes:
        """A digest of every entry's name and status (device, inode, size, times) in listing order: an
        unchanged folder lists in the same order, and a folder listed in another order only misses its
        shortcut."""
        hasher = hashlib.blake2b(digest_size=20)
        with os.scandir(folder) as listing:
            for entry in listing:
                hasher.update(_status_line(entry))
        return hasher.digest()

    def _folder_keys(self, folder: Path) -> tuple[int, int, list[tuple[str, bytes | None]] | None, bytes, int]:
        """(entries, sum of their digests of name and key, the files whose times are too recent to vouch for
        them now with the key each had (None when the sum does not hold for the statuses listed: a file read
        had another status than listed, or could not be looked at; or when there are more than
        FOLDER_RECENT_FILES such files), the digest of the statuses listed, the files known by their content),
        through the temporary table and the join. A folder whose files changed since the last run is so vouched
        for at once, not only at the next look that finds no change."""
        assert self._connection is not None
        total = count = files_known = 0
        statuses = hashlib.blake2b(digest_size=20)
        all_trusted = True
        recent: list[tuple[str, bytes | None]] | None = []

        def add(name: str, key: bytes | None) -> None:
            nonlocal total, count, files_known
            total += self._entry_digest(name, key)
            count += 1
            files_known += key is not None and key != _NOT_A_FILE

        def listed(entries: Iterable[os.DirEntry]) -> Iterator[tuple]:
            nonlocal all_trusted
            for entry in entries:
                # One status an entry, made into an identity once (it was three times, at every entry listed).
                try:
                    status = entry.stat()
                except OSError:
                    identity: Identity | None = None
                    is_file = False
                else:
                    identity = file_identity(status)
                    is_file = stat.S_ISREG(status.st_mode)
                statuses.update(_status_bytes(entry.name, identity))
                if not entry.name.isascii() and not _is_utf8(entry.name):
                    add(entry.name, None)  # never a row: the stages name such a file, and read none
                elif identity is None:
                    all_trusted = False  # gone since it was listed, or its status cannot be read
                    yield entry.path, None, None, None, None, None, False
                else:
                    yield (entry.path, *identity, is_file)

        connection = self._connection
        connection.execute(_LISTING_TABLE)
        connection.execute(_RECHECK_TABLE)
        connection.execute("DELETE FROM temp.listing")
        connection.execute("DELETE FROM temp.recheck")
        with os.scandir(folder) as entries:
            connection.executemany("INSERT INTO temp.listing VALUES (?, ?, ?, ?, ?, ?, ?)", listed(entries))
        rows = connection.execute(
            "SELECT l.path, l.size IS NOT NULL, l.is_file, l.device = f.device AND l.inode = f.inode"
            " AND l.size = f.size AND l.mtime_ns = f.mtime_ns AND l.ctime_ns = f.ctime_ns, f.trusted, f.digest,"
            " l.device, l.inode, l.size, l.mtime_ns, l.ctime_ns"
            " FROM temp.listing l LEFT JOIN files f ON f.path = l.path"
        )
        for path, has_status, is_file, same, trusted, known, *listed_identity in rows:
            if has_status and not is_file:
                add(os.path.basename(path), _NOT_A_FILE)
            elif has_status and same and trusted:
                add(os.path.basename(path), known)
            else:
                packed = _STATUS.pack(*listed_identity) if has_status else None
                connection.execute("INSERT INTO temp.recheck VALUES (?, ?)", (path, packed))
        connection.execute("DELETE FROM temp.listing")
        # In a table, not a list: a folder of 100,000 new files is a list of 10 MB.
        for path, listed_status in connection.execute("SELECT path, listed FROM temp.recheck"):
            if self._connection is None:
                break  # left aside by a failed look: the fingerprint is given up
            key, trusted, identity = self._look(path)
            read_as_listed = identity is not None and listed_status == _STATUS.pack(*identity)
            all_trusted = all_trusted and read_as_listed
            if read_as_listed and not trusted and recent is not None:
                recent.append((path, key))
                if len(recent) > FOLDER_RECENT_FILES:
                    recent = None
            add(os.path.basename(path), key)
        if self._connection is not None:
            connection.execute("DELETE FROM temp.recheck")
        self._forget_gone(folder, files_known)
        return count, total % (1 << _FINGERPRINT_BITS), recent if all_trusted else None, statuses.digest(), files_known

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
            self._files_ahead.forget()
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


def _connect(path: Path, closed_whole: bool = False) -> sqlite3.Connection:
    """The cache's connection; the whole file is checked (a read of every page) unless it is exactly as a
    run left it when it closed it."""
    connection = connect(path)
    try:
        connection.execute(f"PRAGMA cache_size = {-CACHE_PAGE_CACHE_KIB}")
        # The same for the temporary tables a folder's listing goes through (100,000 rows for an archive's
        # source/): at SQLite's default they rose a run's peak 2.1 MB at 100,000 articles, 0.9 MB so.
        connection.execute(f"PRAGMA temp.cache_size = {-CACHE_PAGE_CACHE_KIB}")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, CACHE_VERSION):
            raise _OtherVersion
        if version == 0 and connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise _OtherVersion  # tables, but no version: a toolkit from before the cache had one
        if not closed_whole and connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("database disk image is malformed")
        connection.executescript(_SCHEMA)
    except (sqlite3.Error, _OtherVersion):
        connection.close()
        raise
    return connection


class _OtherVersion(Exception):
    """A cache file written by another version of the toolkit: started afresh, as expected after an upgrade."""


def _open(path: Path, warnings: list[str], closed_whole: bool) -> sqlite3.Connection | None:
    """The cache's connection, a damaged file or one of another version replaced; None, with a warning, when
    the cache cannot be used this run."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return _connect(path, closed_whole)
        except _OtherVersion:
            pass
        except sqlite3.Error as error:
            if not is_damaged(error):
                raise
            warnings.append(f"{shown_path(path)}: the run cache was damaged; it was started afresh")
        path.unlink(missing_ok=True)
        return _connect(path)
    except OSError as error:
        warnings.append(
            f"{shown_path(path)}: cannot use the run cache ({cause(error)}); this run does all its work itself"
        )
    except (sqlite3.Error, _OtherVersion) as error:
        meaning = problem(error) if isinstance(error, sqlite3.Error) else "written by another version"
        warnings.append(f"{shown_path(path)}: cannot use the run cache ({meaning}); this run does all its work itself")
    return None


@contextlib.contextmanager
def run_cache(state_dir: Path) -> Iterator[RunCache]:
    """The project's cache for one run (under the project lock), committed when the run ends, even when it is
    interrupted: what was made is whole, and worth keeping. What went wrong with it is in `warnings`."""
    path = state_dir / CACHE_FILE
    closed = state_dir / CLOSED_FILE
    warnings: list[str] = []
    if _is_utf8(str(state_dir)):
        connection = _open(path, warnings, closed_whole=_status_text(path) == _read_text(closed))
    else:  # SQLite keeps text as UTF-8, and every row is keyed by a path under the project's
        connection = None
        warnings.append(
            f"{shown_path(path)}: the project's path is not UTF-8 text, so the run cache is not used; this run "
            "does all its work itself (rename the folder to speed runs up)"
        )
    cache = RunCache(connection, path)
    cache.warnings.extend(warnings)
    try:
        yield cache
    finally:
        cache.commit()
        if connection is not None:
            connection.close()
        # The mark only spares the next run a check of the whole file; one that cannot be written (a full disk, a
        # file made immutable) leaves the old mark, which no longer matches, and the next run checks. toolkit/store/
        # names a failure as a FileSystemError: caught as an OSError alone, it failed a run whose work was done.
        with contextlib.suppress(OSError, FileSystemError):
            status = _status_text(path) if cache._connection is not None else None
            if status is None:
                closed.unlink(missing_ok=True)
            else:
                atomic_write_text(closed, status)


def _status_text(path: Path) -> str | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return " ".join(map(str, file_identity(status)))


def _read_text(path: Path) -> str | None:
    try:
        return read_regular_file(path).decode("ascii")
    except (OSError, UnicodeDecodeError):
        return None
