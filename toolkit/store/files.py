"""Atomic file writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from toolkit.store.disk import file_system_error, on_disk

# A temporary name is the file's own name cut to this many bytes, then a random part: a file name may take
# the file system's whole 255 bytes (a long Arabic headline is two bytes a letter), its temp name may not.
_TEMP_NAME_BYTES = 200
TEMP_SUFFIX = ".tmp"


def temp_prefix(path: Path) -> str:
    """The start of a temporary file's name beside `path`: `.<name>.`, the name cut short on a character."""
    name = path.name.encode("utf-8", "surrogateescape")[:_TEMP_NAME_BYTES].decode("utf-8", "ignore")
    return f".{name}."


def _file_mode(path: Path) -> int:
    """Keep the mode of the file being replaced; a new file gets what the umask allows, as open() would."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file; OSError for anything else (a FIFO or a device would block or never end)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a pipe, socket or device?); only files are read", path)
        return handle.read()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    atomic_write_chunks(path, (data,))


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Write the chunks in turn, atomically: for a big file made piece by piece and never held whole."""
    with on_disk("write", path):
        _write_atomically(path, chunks)


def _write_atomically(path: Path, chunks: Iterable[bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _file_mode(path)
    handle, temp_name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(handle, mode)  # mkstemp makes 0600 files, which a web server or a colleague could not read
        with os.fdopen(handle, "wb") as temp:
            for chunk in chunks:
                temp.write(chunk)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically unless the file already holds exactly these bytes; says whether it wrote."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as error:
        raise file_system_error("read", path, error) from None
    atomic_write_bytes(path, data)
    return True


def link_or_copy(source: Path, target: Path) -> None:
    """`target` becomes the same file as `source` without copying its bytes where the file system allows."""
    try:
        os.link(source, target)
    except OSError:
        with on_disk("copy into place", target):
            shutil.copy2(source, target)


def sync_file_system(path: Path) -> None:
    """Put every file written so far on the file system holding `path` on disk: one syncfs(2) for a folder of
    thousands of new files, where an fsync each would cost a disk flush each. Elsewhere than Linux, sync()."""
    syncfs = getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)
    if syncfs is None:
        os.sync()
        return
    with on_disk("open to flush to disk", path):
        fd = os.open(path, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            os.sync()
    finally:
        os.close(fd)


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in `directory` durable."""
    # The rename itself must reach the disk, or a crash can bring back the old name. Some file systems cannot
    # fsync a folder at all (EINVAL); a failing disk (EIO) is reported like any failed write.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise file_system_error("flush to disk", directory, error) from None
    finally:
        os.close(fd)
