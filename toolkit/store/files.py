"""Atomic file writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import filecmp
import fnmatch
import itertools
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from toolkit.errors import FileSystemError, shown_path
from toolkit.packed import PackedNames
from toolkit.store.disk import DanglingLinkError, TooLargeError, dangling_link, file_system_error, on_disk

# A temporary name is the file's own name cut to this many bytes, then a random part: a file name may take
# the file system's whole 255 bytes (a long Arabic headline is two bytes a letter), its temp name may not.
_TEMP_NAME_BYTES = 200
TEMP_SUFFIX = ".tmp"
# What a read up to a limit asks for at a time when the size to come is not known (a decompressed page).
_READ_PIECE_BYTES = 1 << 20


def temp_prefix(path: Path) -> str:
    """The start of a temporary file's name beside `path`: `.<name>.`, the name cut short on a character."""
    name = path.name.encode("utf-8", "surrogateescape")[:_TEMP_NAME_BYTES].decode("utf-8", "ignore")
    return f".{name}."


def _kept_status(path: Path) -> os.stat_result | None:
    """The status of the file a write replaces, whose mode, owner and extended attributes the new file keeps
    (`_keep_what_it_had`); None when there is none yet."""
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def _keep_what_it_had(handle: int, path: Path, replaced: os.stat_result | None) -> None:
    """Give the new file `handle` what the file it replaces had besides its bytes: its group (and owner, for
    root), its extended attributes (a POSIX ACL is one, a desktop's tags others) and its mode. A translators'
    group that could save a catalog (chgrp, mode 664, an ACL) still can once a run rewrote it. A new file gets
    the mode the umask allows, as open() would give it."""
    if replaced is None:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)
        return
    new = os.fstat(handle)
    if (new.st_uid, new.st_gid) != (replaced.st_uid, replaced.st_gid):
        with contextlib.suppress(PermissionError):  # another user's file, or a group this user is not in
            owner = replaced.st_uid if os.geteuid() == 0 else -1
            os.fchown(handle, owner, replaced.st_gid)
    try:
        names = os.listxattr(path)
    except OSError:  # a file system without extended attributes
        names = []
    for name in names:
        with contextlib.suppress(OSError):  # one this user may not set (security.*, trusted.*), or gone meanwhile
            os.setxattr(handle, name, os.getxattr(path, name))
    # Last: a change of owner clears the set-id bits, and an ACL's mask follows the mode's group bits.
    os.fchmod(handle, stat.S_IMODE(replaced.st_mode))


@contextlib.contextmanager
def _naming(path: Path | str) -> Iterator[None]:
    """An OSError that names no file (a read's EIO: the system names none for an operation on a descriptor)
    leaves naming `path`, so that whoever reports it names the file, never a folder the run was working in."""
    try:
        yield
    except OSError as error:
        if error.filename is None:
            error.filename = os.fspath(path)
        raise


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISLNK, "a symbolic link"),
)


def kind_of(mode: int) -> str:
    """What a file of this mode is, in the words of a message that refuses it for not being a regular file."""
    return next((name for is_kind, name in _KINDS if is_kind(mode)), "not a file, a folder nor a link")


@contextlib.contextmanager
def open_regular_file(path: Path | str, follow_links: bool = True) -> Iterator[tuple[BinaryIO, os.stat_result]]:
    """A regular file open for reading, and its status; OSError naming `path` for anything else (a FIFO or a
    device would block or never end) and, without `follow_links`, for a symbolic link."""
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow_links else os.O_NOFOLLOW)
    with _naming(path):
        try:
            descriptor = os.open(path, flags)
        except FileNotFoundError as error:
            if follow_links and dangling_link(path):
                raise DanglingLinkError(errno.ENOENT, error.strerror, path) from None
            raise
    with _opened_regular_file(descriptor, path) as opened:
        yield opened


@contextlib.contextmanager
def open_regular_file_beneath(folder: Path | str, path: Path | str) -> Iterator[tuple[BinaryIO, os.stat_result]]:
    """The regular file at `path` inside `folder`, opened one name at a time from `folder` through no symbolic
    link at any step (`folder` itself included), and its status; OSError naming `path` otherwise. Checked first
    and opened after, a folder of the path replaced by a link in between was followed out of `folder`: O_NOFOLLOW
    guards the last name alone."""
    *folders, name = Path(path).relative_to(folder).parts
    with _naming(path):
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            for inner in folders:
                below = os.open(inner, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=descriptor)
                os.close(descriptor)
                descriptor = below
            file_descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW, dir_fd=descriptor)
        finally:
            os.close(descriptor)
    with _opened_regular_file(file_descriptor, path) as opened:
        yield opened


@contextlib.contextmanager
def _opened_regular_file(descriptor: int, path: Path | str) -> Iterator[tuple[BinaryIO, os.stat_result]]:
    with os.fdopen(descriptor, "rb") as handle:
        with _naming(path):
            status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, f"not a regular file but {kind_of(status.st_mode)}; only files are read", path)
        yield handle, status


def read_regular_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file; OSError for anything else (a FIFO or a device would block or never end),
    TooLargeError for a file of more than `limit` bytes."""
    return read_regular_file_and_status(path, limit)[0]


def read_regular_file_and_status(path: Path, limit: int | None = None) -> tuple[bytes, os.stat_result]:
    """`read_regular_file`, and the status the file had when it was opened. Over `limit` is told by the size
    before anything is read, and by what the read gives (a file may grow meanwhile). Every OSError names `path`."""
    with open_regular_file(path) as (handle, status), _naming(path):
        if limit is not None and status.st_size > limit:
            raise TooLargeError(path, status.st_size, limit)
        data = handle.read() if limit is None else read_up_to(handle, limit, status.st_size)
    if limit is not None and len(data) > limit:
        raise TooLargeError(path, len(data), limit)
    return data, status


def read_up_to(handle: BinaryIO, limit: int, expected: int = 0) -> bytes:
    """Up to `limit` + 1 bytes of `handle` (one more than the limit tells a larger file), `expected` of them
    (its size) asked for at once. A read of n bytes takes n bytes of memory before anything is read: read(limit
    + 1) took a catalog's 128 MB limit for a 10 kB catalog, a MemoryError under a memory limit (`ulimit -v`,
    strict overcommit)."""
    pieces = []
    wanted = limit + 1
    while wanted > 0:
        piece = handle.read(min(wanted, max(expected + 1, _READ_PIECE_BYTES)))
        if not piece:
            break
        pieces.append(piece)
        wanted -= len(piece)
    return b"".join(pieces)


def real_path(path: Path | str) -> Path:
    """`path` absolute, with its links followed as far as they lead: a link loop is left as it is, to be
    named by whatever then reads it (Path.resolve raises RuntimeError on one)."""
    return Path(os.path.realpath(path))


def file_status(path: Path | str, follow_links: bool = True) -> os.stat_result | None:
    """The status of what `path` leads to (of the link itself without `follow_links`); None when nothing is
    there. A path that cannot be looked at (permission, a link loop) is a FileSystemError naming it."""
    try:
        return (os.stat if follow_links else os.lstat)(path)
    except FileNotFoundError:
        if follow_links and (link := dangling_link(path)):
            raise FileSystemError(f"is {link}", path) from None
        return None
    except (OSError, ValueError) as error:
        if isinstance(error, ValueError):  # a NUL byte: no file can have that name
            return None
        raise file_system_error("look at it", path, error) from None


def file_mode(path: Path | str, follow_links: bool = True) -> int | None:
    """The mode of what `path` leads to, as `file_status` finds it."""
    status = file_status(path, follow_links)
    return None if status is None else status.st_mode


# Where the kernel lists what is mounted where, one mount a line, its mount point the fifth field with space,
# tab, newline and backslash written as octal escapes.
_MOUNT_TABLE = "/proc/self/mountinfo"
_MOUNT_ESCAPE = re.compile(rb"\\([0-7]{3})")


def is_mount_point(path: Path | str) -> bool:
    """Whether something is mounted on `path`: os.path.ismount, and where the kernel lists its mounts (Linux)
    that list, since a bind mount of a folder of the same file system has its parent's device, which
    os.path.ismount goes by."""
    if os.path.ismount(path):
        return True
    try:
        with open(_MOUNT_TABLE, "rb") as table:
            mounts = table.read().splitlines()
    except OSError:  # no such list (another system): os.path.ismount's word stands
        return False
    wanted = os.fsencode(os.path.realpath(path))
    points = (fields[4] for line in mounts if len(fields := line.split(b" ")) > 4)
    return any(_MOUNT_ESCAPE.sub(lambda code: bytes([int(code[1], 8)]), point) == wanted for point in points)


def is_link(path: Path | str) -> bool:
    mode = file_mode(path, follow_links=False)
    return mode is not None and stat.S_ISLNK(mode)


def read_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file; a FileSystemError naming it for anything else, a failed read or more than
    `limit` bytes."""
    with on_disk("read", path):
        return read_regular_file(path, limit)


def files_under(folder: Path) -> list[Path]:
    """Every regular file under `folder` and its sub-folders, links not followed, sorted."""
    found = []
    pending = [folder]
    while pending:
        current = pending.pop()
        with on_disk("list", current), os.scandir(current) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    found.append(Path(entry.path))
    return sorted(found)


def entries_under(folder: Path | str, skip: str = "", recursive: bool = True) -> list[Path]:
    """Every entry (folders, files, links) of `folder`, each folder's entries sorted and followed by those of
    its sub-folders (links not followed), but those named `skip`; the top level only without `recursive`;
    none when there is no folder."""
    found: list[Path] = []
    pending = [Path(folder)]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted((entry for entry in listing if entry.name != skip), key=lambda entry: entry.name)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise file_system_error("list", current, error) from None
        found += [Path(entry.path) for entry in entries]
        if recursive:
            pending += reversed([Path(entry.path) for entry in entries if entry.is_dir(follow_symlinks=False)])
    return found


def _mode_of_what_is_there(path: Path | str) -> int | None:
    """file_mode for the predicates below: a link whose target is gone is neither a folder nor a file (a note
    or a stale link beside the installed packages), not an error; a command that needs the path names it."""
    try:
        return file_mode(path)
    except FileSystemError:
        if dangling_link(path):
            return None
        raise


def is_folder(path: Path | str) -> bool:
    mode = _mode_of_what_is_there(path)
    return mode is not None and stat.S_ISDIR(mode)


def is_regular_file(path: Path | str) -> bool:
    mode = _mode_of_what_is_there(path)
    return mode is not None and stat.S_ISREG(mode)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    atomic_write_chunks(path, (data,))


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Write the chunks in turn, atomically: for a big file made piece by piece and never held whole."""
    writes = AtomicWrites()
    writes.stage(path, chunks)
    writes.commit()


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def create_atomically(path: Path, data: bytes) -> bool:
    """Write a new file at `path` whole, as `atomic_write_bytes` does, unless something is there when it would
    be put in place: False then, and nothing written. Two `toolkit init` of one folder at once both found no
    toolkit.toml, and the second's rename replaced the first's while both said they had made it."""
    with on_disk("write", path):
        handle, temp_name = new_temp_file(path)
    try:
        with on_disk("write", path, temp_name):
            try:
                _keep_what_it_had(handle, path, None)
                _write_all(handle, data)
                os.fsync(handle)
            finally:
                os.close(handle)
        with on_disk("write", path):
            try:
                os.link(temp_name, path)  # a rename that never replaces: it fails where anything is
            except FileExistsError:
                return False
            except OSError as error:
                # A file system without hard links (FAT, exFAT, some network shares): looked at, then renamed.
                if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                    raise
                if os.path.lexists(path):
                    return False
                os.replace(temp_name, path)
    finally:
        _discard(temp_name)
    fsync_dir(path.parent)
    return True


def link_replaced_warning(path: Path) -> str | None:
    """The line to say once a file of the project that is a link (into another project, a shared folder) is
    written: the atomic write puts a file of its own in the link's place and leaves the file it led to as it
    was (None when `path` is no link). Writing through the link would change another project's file with this
    project's content; refusing would leave this project's file never updated."""
    if not is_link(path):
        return None
    return (
        f"toolkit: warning: {shown_path(path)}: was a link to {shown_path(real_path(path))}; now a file of its own "
        "with its content and this run's changes (the linked file is left as it was)"
    )


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """`target` becomes the same file as `source` without copying its bytes where the file system allows."""
    try:
        os.link(source, target)
    except OSError:
        with on_disk("copy into place", target):
            shutil.copy2(source, target)


def installed_version(distribution: str) -> str:
    """The version of an installed library whose output the toolkit keeps (a new one makes that work again),
    "unknown" when it is not installed. Its metadata that cannot be read is named: the OSError of a failed
    read names no file, and reached the command line's last resort ("cannot work on it")."""
    from importlib import metadata

    try:
        found = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"
    except OSError as error:
        raise file_system_error(f"look for the installed library {distribution}", None, error) from None
    # A distribution found in a folder (a .dist-info) has its path, whose METADATA file holds the version; one
    # from elsewhere (a zip) is named by the file the system names.
    folder = getattr(found, "_path", None)
    with on_disk(f"read the installed version of {distribution}", None if folder is None else folder / "METADATA"):
        return found.version or "unknown"


def same_file(first: Path | str, second: Path | str) -> bool:
    """Whether both paths name one file (hard links of one another, or one path), not following links;
    False when either is missing or cannot be looked at."""
    try:
        one, other = os.lstat(first), os.lstat(second)
    except OSError:
        return False
    return (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)


def same_entry(first: Path | str, second: Path | str) -> bool:
    """Whether both paths are folders, or regular files with the same bytes, not following links; False when
    either cannot be looked at."""
    try:
        one, other = os.lstat(first), os.lstat(second)
        if stat.S_ISDIR(one.st_mode) and stat.S_ISDIR(other.st_mode):
            return True
        if not (stat.S_ISREG(one.st_mode) and stat.S_ISREG(other.st_mode)) or one.st_size != other.st_size:
            return False
        return filecmp.cmp(first, second, shallow=False)
    except OSError:
        return False


def same_file_system(first: Path | str, second: Path | str) -> bool:
    """Whether the two paths (followed if links) are on one file system, where a rename can move one into the
    other; a FileSystemError naming the one that cannot be looked at."""
    devices = []
    for path in (first, second):
        with on_disk("look at", path):
            devices.append(os.stat(path).st_dev)
    return devices[0] == devices[1]


def tree_statuses(root: Path | str) -> Iterator[tuple[str, os.stat_result | None]]:
    """Every entry under `root`, links not followed, as its path relative to `root` (a folder's ending in "/")
    and its status (None for a folder, walked in its turn): one scandir walk, no sorting. A FileSystemError
    names a folder that cannot be listed, or whose entry cannot be looked at."""
    pending = [("", os.fspath(root))]
    while pending:
        prefix, folder = pending.pop()
        with on_disk("list", folder), os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((name + "/", entry.path))
                    yield name + "/", None
                else:
                    yield name, entry.stat(follow_symlinks=False)


def folder_statuses(folder: Path | str) -> Iterator[tuple[str, os.stat_result]]:
    """The entries directly in `folder` that are not folders, links not followed, each by name with its status;
    one that cannot be looked at is passed over. A FileSystemError when the folder cannot be listed."""
    with on_disk("list", folder), os.scandir(folder) as entries:
        for entry in entries:
            try:
                with on_disk("look at", entry.path):
                    if entry.is_dir(follow_symlinks=False):
                        continue
                    status = entry.stat(follow_symlinks=False)
            except FileSystemError:
                continue
            yield entry.name, status


def link_tree(source: Path | str, target: Path | str) -> None:
    """Every file under `source` made the same file at the same path under `target` (`link_or_copy`), its
    folders made as needed: one scandir walk, no sorting (which cost more than the links themselves)."""
    pending = [(os.fspath(source), os.fspath(target))]
    while pending:
        from_folder, to_folder = pending.pop()
        make_folder(Path(to_folder))
        with on_disk("list", from_folder), os.scandir(from_folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, os.path.join(to_folder, entry.name)))
                else:
                    link_or_copy(entry.path, os.path.join(to_folder, entry.name))


def listed_inodes(folder: Path | str) -> dict[str, int | None]:
    """The inode of each entry of `folder` by name, from its listing (no status taken), None for a folder (a
    folder of one tree is never one of another, as a hard-linked file is); none when it cannot be listed."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name: None if entry.is_dir(follow_symlinks=False) else entry.inode() for entry in entries}
    except OSError:
        return {}


def file_inodes(folder: Path | str) -> Iterator[tuple[str, int]]:
    """(name, inode) of each entry of `folder` but its folders, from its listing (no status taken), one at a time:
    the articles/ folder of a site of 100,000 articles holds 200,000 pages, which `listed_inodes` holds at once
    (16 MB). None, or those listed so far, when it cannot be listed."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.is_dir(follow_symlinks=False):
                    yield entry.name, entry.inode()
    except OSError:
        return


def _unexpected(
    folder: str, kept: Iterable[str], prefix: str, pending: list[tuple[str, str]]
) -> list[tuple[str, bool]]:
    """The entries of `folder` (at `prefix`) that `kept` does not name, of the kind it names (a folder's name ends
    in "/"), as (name, whether it is a folder) in name order; each folder it names goes on `pending`, to be walked
    in its turn. `kept` comes in code point order and the listing is sorted in packed runs (toolkit/packed.py):
    a site's folder of 200,000 pages is held as its names' bytes, where its entries and a set of the names
    expected took 45 MB."""
    others: list[tuple[str, bool]] = []  # neither a regular file nor a folder (a link): never kept

    def listed() -> Iterator[str]:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    yield f"{entry.name}/"
                elif entry.is_file(follow_symlinks=False):
                    yield entry.name
                else:
                    others.append((entry.name, False))

    unexpected: list[tuple[str, bool]] = []
    wanted = iter(kept)
    next_kept = next(wanted, None)
    for name in PackedNames.sorted(listed()):
        while next_kept is not None and next_kept < name:
            next_kept = next(wanted, None)
        is_folder = name.endswith("/")
        if name != next_kept:
            unexpected.append((name[:-1] if is_folder else name, is_folder))
        elif is_folder:
            pending.append((f"{prefix}{name}", os.path.join(folder, name[:-1])))
    return sorted([*others, *unexpected])


def prune_tree(folder: Path | str, expected: Callable[[str], Iterable[str]]) -> bool:
    """Make `folder` hold only the entries `expected` names, each of the kind it names, so that a build may
    stage in it: called with the path of each folder kept, relative to `folder` ("" for `folder` itself, else
    ending in "/"), it gives the names of the files and folders (those end in "/") that may stay in it, in code
    point order. Every other entry (a link, a file where a folder was or the other way round, a name not
    expected) is removed, never followed. False when a folder cannot be listed and written, or an entry cannot
    be removed: the tree is then no use to stage in. The kinds come from the listings; only the folders are
    looked at."""
    pending = [("", os.fspath(folder))]
    try:
        while pending:
            prefix, current = pending.pop()
            if not os.access(current, os.W_OK | os.X_OK | os.R_OK):
                return False
            for name, is_folder in _unexpected(current, expected(prefix), prefix, pending):
                path = os.path.join(current, name)
                if is_folder:
                    remove_tree(Path(path))
                    if os.path.lexists(path):
                        return False
                else:
                    os.unlink(path)
    except OSError:
        return False
    return True


def move_out_unexpected(
    folder: Path | str,
    expected: Callable[[str], Iterable[str]],
    keep_in: Path,
    made_again: Callable[[str], bool] | None = None,
) -> list[str]:
    """Move every entry of `folder`, at any depth, that `expected` (as in `prune_tree`) does not name, of the
    kind it names, into `keep_in` (made when the first one goes) under the same path: a whole folder at once
    where the folder itself is not expected. `made_again(path)`, for such an entry (its path relative to
    `folder`): whether what replaces `folder` holds the same there (a folder, then looked into as one expected;
    a file, then left, as nothing is lost with it). The paths moved, relative to `folder`, in the
    order found; none when there is no folder. Links are moved, never followed. A failure names the entry and
    stops, and what was moved by then stays where it was moved to."""
    moved: list[str] = []
    pending = [("", os.fspath(folder))]
    while pending:
        prefix, current = pending.pop()
        with on_disk("list", current):
            try:
                unexpected = _unexpected(current, expected(prefix), prefix, pending)
            except FileNotFoundError:
                continue
        for name, is_folder in unexpected:
            path = os.path.join(current, name)
            if made_again is not None and made_again(f"{prefix}{name}"):
                if is_folder:
                    pending.append((f"{prefix}{name}/", path))
                continue
            target = keep_in / f"{prefix}{name}"
            make_folder(target.parent)
            with on_disk("keep what no build made", path):
                os.rename(path, target)
            moved.append(f"{prefix}{name}")
        pending.sort(reverse=True)
    return moved


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


# The project folders whose lock this process holds (lock.project_lock), each with the identity (device, inode)
# it had when the lock was taken.
_locked_projects: dict[str, tuple[int, int]] = {}


@contextlib.contextmanager
def folders_made_in_place(project: Path) -> Iterator[None]:
    """While the lock of `project` is held: a folder a write makes inside its path is made only while that path
    still leads to the project locked. A project moved (`mv news news-2024`) or removed while a run went was
    made again, empty, at its old path by the run's next write: its catalogs, site and state went there, apart
    from the project's settings and sources, with exit 0."""
    with on_disk("look at the project folder", project):
        identity = os.stat(project)
    key = os.fspath(project)
    _locked_projects[key] = (identity.st_dev, identity.st_ino)
    try:
        yield
    finally:
        del _locked_projects[key]


def _check_project_in_place(folder: Path | str) -> None:
    """Raise when `folder`, about to be made, lies in a locked project whose path leads elsewhere now."""
    folder = os.fspath(folder)
    for project, identity in _locked_projects.items():
        if folder != project and not folder.startswith(project.rstrip(os.sep) + os.sep):
            continue
        try:
            now = os.stat(project)
            if (now.st_dev, now.st_ino) == identity:
                continue
        except OSError:
            pass
        raise FileSystemError(
            "the project folder was moved or removed while this run went, so nothing more was written; "
            "run the command again where the project is now",
            Path(project),
        )


def make_folder(path: Path) -> None:
    """`path` and any missing parents as folders; one already there is fine."""
    if not os.path.isdir(path):
        _check_project_in_place(path)
    with on_disk("make the folder", path):
        path.mkdir(parents=True, exist_ok=True)


def space_left(folder: Path) -> int:
    """The bytes that may still be written on the file system holding `folder`."""
    with on_disk("find the space left on the disk of", folder):
        return shutil.disk_usage(folder).free


def remove_file(path: Path) -> None:
    """Remove one file (or link); nothing there is fine."""
    with on_disk("remove", path):
        path.unlink(missing_ok=True)


def remove_empty_folder(path: Path, doing: str = "remove") -> None:
    """Remove a folder known to be empty."""
    with on_disk(doing, path):
        os.rmdir(path)


def remove_tree(path: Path) -> None:
    """Remove a scratch folder of the toolkit's own and all in it, as far as it can: what is left is removed
    by the next run, so a failure here must not hide the error that brought the run here. Links are removed,
    never followed (a link given as `path` is left alone), and each entry is removed as it is listed: shutil.rmtree
    lists a folder whole first, and the previous site's folder of an archive's pages (100,000 entries) rose a
    publish's peak 12.7 MB at its very end."""
    try:
        descriptor = os.open(path, _FOLDER_FLAGS)
    except OSError:
        return
    try:
        _empty_folder(descriptor)
    finally:
        os.close(descriptor)
    with contextlib.suppress(OSError):
        os.rmdir(path)


# A folder opened to be emptied: never through a link.
_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


def _empty_folder(descriptor: int) -> None:
    """Remove what the folder open at `descriptor` holds, as far as it can: one folder open at a time, walked
    down by name and back up by "..", so a tree of any depth (a hostile one under site/ past the recursion
    limit or the descriptor limit) is removed; what cannot be removed is passed over."""
    current = os.dup(descriptor)
    walked_down: list[tuple[str, set[str]]] = []  # each folder entered, with its parent's names passed over
    passed_over: set[str] = set()
    try:
        while True:
            inner = _first_folder_left(current, passed_over)
            if inner is not None:
                try:
                    child = os.open(inner, _FOLDER_FLAGS, dir_fd=current)
                except OSError:
                    passed_over.add(inner)
                    continue
                os.close(current)
                current = child
                walked_down.append((inner, passed_over))
                passed_over = set()
                continue
            if not walked_down:
                return
            emptied, passed_over = walked_down.pop()
            parent = os.open("..", _FOLDER_FLAGS, dir_fd=current)
            os.close(current)
            current = parent
            try:
                os.rmdir(emptied, dir_fd=current)
            except OSError:
                passed_over.add(emptied)
    except OSError:
        return
    finally:
        os.close(current)


def _first_folder_left(descriptor: int, passed_over: set[str]) -> str | None:
    """Remove the files and links of the folder open at `descriptor` (listed again while a listing removed
    something: a listing need not show every entry of a folder changed while it is listed); the name of a
    folder in it not `passed_over` yet, None when none is left. An entry that cannot be removed joins
    `passed_over`."""
    removed = True
    while removed:
        removed = False
        try:
            with os.scandir(descriptor) as entries:
                for entry in entries:
                    if entry.name in passed_over:
                        continue
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            return entry.name
                        os.unlink(entry.name, dir_fd=descriptor)
                    except OSError:
                        passed_over.add(entry.name)
                        continue
                    removed = True
        except OSError:
            return None
    return None


def move_into_place(
    source: Path | str, target: Path | str, doing: str = "rename into place", named: Path | str | None = None
) -> None:
    """Rename `source` over `target` at once (same file system): a file, or a folder to a name that is free
    (or an empty folder's); a failure names `named` (by default `target`) and what was `doing`."""
    with on_disk(doing, target if named is None else named):
        os.replace(source, target)


def fsync_file(path: Path) -> None:
    """Put the bytes of a file written by another library (SQLite) on disk."""
    with on_disk("flush to disk", path):
        _fsync(path)


def _fsync(path: Path | str) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def matching(folder: Path, pattern: str) -> list[Path]:
    """The entries of `folder` whose names match a glob `pattern`, sorted; none when there is no folder. (Not
    Path.glob, which passes over a folder it may not read as if it were empty.)"""
    if not os.path.isdir(folder):
        return []
    with on_disk("list", folder), os.scandir(folder) as entries:
        return sorted(folder / entry.name for entry in entries if fnmatch.fnmatchcase(entry.name, pattern))


def read_text(path: Path) -> str:
    with on_disk("read", path):
        return path.read_text(encoding="utf-8")


def write_scratch(path: Path | str, data: bytes) -> None:
    """Write a file in a scratch folder (the staging site), not atomically: the folder as a whole is put in
    place atomically once complete, or removed. The file is one of its own, its folder made if missing:
    whatever is at `path` (a hard link to the live site's file, a link another process put there meanwhile)
    is unlinked, never written through."""
    write_scratch_chunks(path, (data,))


def write_scratch_chunks(path: Path | str, chunks: Iterable[bytes]) -> None:
    """`write_scratch` for a file made piece by piece (a download) and never held whole."""
    with on_disk("write", path):
        descriptor = _new_scratch_file(path)
        try:
            for chunk in chunks:
                _write_all(descriptor, chunk)
        finally:
            os.close(descriptor)


def _new_scratch_file(path: Path | str) -> int:
    made_folder = False
    while True:
        try:
            return os.open(path, NEW_FILE_FLAGS, 0o666)
        except FileExistsError:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        except FileNotFoundError:
            if made_folder:
                raise
            _check_project_in_place(os.path.dirname(path))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            made_folder = True


def write_in_place(path: Path, data: bytes, unchanged: int) -> None:
    """Make a scratch file of our own (never a link to another) hold `data`, of which it holds the first
    `unchanged` bytes already: the rest is written over it where it is, and it is cut short only if `data`
    is shorter than the file."""
    with on_disk("write", path):
        descriptor = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
        try:
            rest = memoryview(data)[unchanged:]
            while rest:  # a short write (a disk filling up) writes the rest, or raises
                written = os.pwrite(descriptor, rest, len(data) - len(rest))
                rest = rest[written:]
            if os.fstat(descriptor).st_size > len(data):
                os.ftruncate(descriptor, len(data))
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A new private folder under the system's temporary folder, removed with all in it afterwards."""
    with on_disk("make a temporary folder", tempfile.gettempdir()):
        path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        remove_tree(path)


def make_staging_folder(beside: Path, prefix: str) -> Path:
    """A new private folder in `beside` (the file system what is made in it is renamed into), for the caller to
    remove (remove_tree) unless it is left holding what must not be lost."""
    with on_disk("make a temporary folder in", beside):
        return Path(tempfile.mkdtemp(prefix=prefix, dir=beside))


# Temporary files of this process: its id and a count make each name new without tempfile.mkstemp's random
# names (a Ray cluster's driver stages a catalog every few dozen sentences: mkstemp, fdopen and the folder made
# again each time cost more than writing the file); a name left by a dead process of the same id is skipped.
_TEMP_NAMES = itertools.count()
# A file that must be new: never one already there, nor through a link at its name.
NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def new_temp_file(path: Path) -> tuple[int, str]:
    """A new empty file beside `path` (its folder made if missing), open for writing: (descriptor, name)."""
    folder = os.path.dirname(path)
    made_folder = False
    while True:
        name = os.path.join(folder, f"{temp_prefix(path)}{os.getpid()}-{next(_TEMP_NAMES)}{TEMP_SUFFIX}")
        try:
            return os.open(name, NEW_FILE_FLAGS, 0o600), name
        except FileExistsError:
            continue
        except FileNotFoundError:
            if made_folder:
                raise
            _check_project_in_place(folder)
            Path(folder).mkdir(parents=True, exist_ok=True)
            made_folder = True


# A temporary file's name: `.<name, cut short>.<pid>-<count>.tmp` (new_temp_file), or an older toolkit's random
# part in place of the pid and count; never a user's `notes.tmp` or `.notes.tmp`.
_TEMP_NAME = re.compile(rf"\..+\.[^.]+{re.escape(TEMP_SUFFIX)}", re.DOTALL)


def remove_temp_files(folder: Path) -> list[Path]:
    """Remove the temporary files runs that died (killed mid-write) left in `folder` (not in its subfolders):
    whichever run made one, its rename never happened and the real file is whole. Call only while holding the
    project's lock, which tells that no run that could still be writing one is alive; a reader without the lock
    (`status`) never opens one. One that cannot be removed is left for a later run: it harms nothing."""
    removed = []
    for path in matching(folder, f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(FileSystemError):
            mode = file_mode(path, follow_links=False)
            if _TEMP_NAME.fullmatch(path.name) and mode is not None and stat.S_ISREG(mode):  # new_temp_file's kind
                remove_file(path)
                removed.append(path)
    return removed


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


def _discard(temp_name: str) -> None:
    """Remove the temporary file of a write that failed. A folder that lets nothing be removed (append-only,
    `chattr +a`) keeps it for the next run to remove (`TEMP_SUFFIX`): the failure reported is the write's, not
    this one's, which replaced it as an OSError naming only the temporary file."""
    with contextlib.suppress(OSError):
        os.unlink(temp_name)


class AtomicWrites:
    """Files written atomically and made durable together (a group commit): each goes to a temporary file
    beside it at `stage`; `commit` puts them all on disk with one flush of the file system (one fsync for a
    single file), renames each into place and flushes each folder once. Two fsyncs a file cost more than
    drafting the file's text on a Ray cluster. A reader sees each file old or new; a crash before the commit
    leaves the old files and temporary ones, which the next run removes (`TEMP_SUFFIX`)."""

    def __init__(self) -> None:
        self._staged: dict[Path, str] = {}  # target -> its temporary file
        self._unless: dict[Path, Callable[[], bool]] = {}  # target -> whether it was changed since staged
        self._when_placed: dict[Path, Callable[[], None]] = {}  # target -> what to do once it is in place

    def stage(
        self,
        path: Path,
        chunks: Iterable[bytes],
        changed: Callable[[], bool] | None = None,
        when_placed: Callable[[], None] | None = None,
    ) -> None:
        """Write the file's bytes, chunk by chunk, to a temporary file beside it. With `changed`, the file is
        put in place at the commit only if `changed()` is False right before (someone else may save it while
        the group is staged and flushed: a translator's editor). `when_placed()` is called once the commit has
        put the file in place and made it durable, never for a file it left out."""
        assert path not in self._staged, "commit before staging the same file again"
        with on_disk("write", path):
            replaced = _kept_status(path)
            handle, temp_name = new_temp_file(path)
        try:
            with on_disk("write", path, temp_name):
                try:
                    _keep_what_it_had(handle, path, replaced)
                    for chunk in chunks:
                        _write_all(handle, chunk)
                finally:
                    os.close(handle)  # on NFS a full disk or quota often shows only here
        except BaseException:
            _discard(temp_name)
            raise
        self._staged[path] = temp_name
        if changed is not None:
            self._unless[path] = changed
        if when_placed is not None:
            self._when_placed[path] = when_placed

    def commit(self) -> list[Path]:
        """Put every staged file in place but those `changed` since; the files placed, in the order staged."""
        staged, self._staged = self._staged, {}
        unless, self._unless = self._unless, {}
        when_placed, self._when_placed = self._when_placed, {}
        if not staged:
            return []
        placed: list[Path] = []
        try:
            if len(staged) == 1:
                [(path, temp_name)] = staged.items()
                with on_disk("write", path):
                    _fsync(temp_name)
            else:
                sync_file_system(next(iter(staged)).parent)
            for path, temp_name in staged.items():
                with on_disk("write", path):
                    if path in unless and unless.pop(path)():
                        os.unlink(temp_name)
                        continue
                    os.replace(temp_name, path)
                placed.append(path)
            for folder in dict.fromkeys(path.parent for path in placed):
                fsync_dir(folder)
        except BaseException:
            for path, temp_name in staged.items():
                if path not in placed:
                    _discard(temp_name)
            raise
        finally:
            # Also when a later file failed: those placed are in place, and the next run will not know them so.
            for path in placed:
                if path in when_placed:
                    when_placed[path]()
        return placed
