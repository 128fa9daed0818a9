"""The one place an OSError becomes a ToolkitError: the path, what was being done, and the cause in words a
user can act on."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import pwd
import resource
import signal
import stat
import struct
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from toolkit import limits
from toolkit.errors import FileSystemError, shown_path, shown_size

_CAUSES = {
    errno.EACCES: "permission denied; check the owner and mode of the file and its folder",
    errno.EPERM: "operation not permitted; check the owner and mode of the file and its folder",
    errno.ENOSPC: "no space left on the device; free some space and run again",
    errno.EDQUOT: "disk quota exceeded; free some space and run again",
    errno.EROFS: "the file system is read-only",
    errno.ENAMETOOLONG: "the name is too long for the file system; shorten the file name",
    errno.ELOOP: "too many levels of symbolic links (a link that points to itself?)",
    errno.EIO: "input/output error (a failing disk or network share?)",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "is a folder, where a file was expected",
    errno.EEXIST: "something of another kind is already there",
    errno.ENOENT: "no such file or folder",
    errno.ENFILE: "the system has too many files open; close some programs and run again",
    errno.EFBIG: "file too large: over the size limit on files this run may write (ulimit -f) or its file system's",
    errno.EXDEV: "on another file system",
    # What opening a socket file (or a device whose driver is gone) gives: "No such device or address".
    errno.ENXIO: "not a regular file but a socket (or a device with nothing behind it); only files are read",
}


# The writes of this run that went over its limit on the size of files (RLIMIT_FSIZE, `ulimit -f`), and how many
# of them a failure was put down to. The kernel sends SIGXFSZ with every such EFBIG; Python ignores it, and SQLite
# reports the EFBIG only as "disk I/O error" or "database or disk is full", so the signal is what tells the limit
# from a failing or a full disk. Each signal explains one failure: after one write over the limit, a later
# failure without a signal of its own (the disk full after all) is named by its own cause. Python runs the handler
# in the main thread only, at its next instruction: a write of another thread (the search indexer's) is told by
# the size its file reached instead (`_at_size_limit`).
_watching = False
_over_limit_writes = 0
_explained_writes = 0


def _note_size_limit(signum: int, frame: object) -> None:
    global _over_limit_writes
    _over_limit_writes += 1


def watch_file_size_limit() -> None:
    """Note each write over the file size limit (the entry point's main thread installs it)."""
    global _watching
    signal.signal(signal.SIGXFSZ, _note_size_limit)
    _watching = True


def _size_limit() -> str:
    return f"file too large: over the size limit on files this run may write ({limits.file_size_limit()})"


_OVER_THE_LIMIT = "_toolkit_over_size_limit"  # the attribute a failure is marked with where it happened
_ANSWERED = "_toolkit_size_limit_answer"  # the answer over_size_limit gave a failure not marked so


def writes_over_size_limit() -> int:
    """How many writes of this run went over its file size limit so far: read before an operation and again
    where it fails (`failed_over_size_limit`). A call of a Python function, so a signal that came with the
    failing write has been handled by the time it returns."""
    return _over_limit_writes


def failed_over_size_limit(failure: BaseException, writes_before: int, written: Path | str | int | None = None) -> None:
    """Mark `failure`, caught where its operation failed, with whether a write of that operation went over the
    size limit, for `over_size_limit` to read whenever the failure is reported. Outside the main thread, whose
    signal handler may not have run yet, an EFBIG is put down to the limit when the file `written` (a path or
    a descriptor) has reached it."""
    over = writes_over_size_limit() > writes_before
    if not over and written is not None and threading.current_thread() is not threading.main_thread():
        over = getattr(failure, "errno", None) == errno.EFBIG and _at_size_limit(written)
    with contextlib.suppress(AttributeError):
        setattr(failure, _OVER_THE_LIMIT, over)


def _at_size_limit(written: Path | str | int) -> bool:
    """Whether the file has reached the size limit: a write fails with EFBIG over the limit only from there
    (the kernel writes up to the limit first), and a file system's own limit cannot be met below it."""
    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    if soft == resource.RLIM_INFINITY:
        return False
    try:
        size = (os.fstat(written) if isinstance(written, int) else os.stat(written)).st_size
    except OSError:
        return False
    return size >= soft


def over_size_limit(failure: BaseException) -> str | None:
    """The size limit, with its value, when it is what made `failure` (an EFBIG, or SQLite's I/O or "full"
    error) fail; None: another cause. A failure marked where its operation failed says so itself; any other
    is put down to the limit when a write went over it since the last failure that was. The same failure asked
    about again gets the same answer (kept on the failure: holding the failure would keep its traceback's
    frames alive)."""
    global _explained_writes
    marked = getattr(failure, _OVER_THE_LIMIT, None)
    if marked is not None:
        _explained_writes = _over_limit_writes if marked else _explained_writes
        return _size_limit() if marked else None
    answered = getattr(failure, _ANSWERED, None)
    if answered is not None:
        return _size_limit() if answered else None
    over = _over_limit_writes > _explained_writes
    _explained_writes = _over_limit_writes
    with contextlib.suppress(AttributeError):
        setattr(failure, _ANSWERED, over)
    return _size_limit() if over else None


def child_ended(returncode: int) -> str:
    """Why a child process (the search indexer) failed, by its exit status alone, when it said nothing: a child
    writing over the run's file size limit is killed by SIGXFSZ, which only this process ignores."""
    if returncode == -signal.SIGXFSZ:
        return _size_limit()
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:  # a real-time signal (SIGRTMIN + n) has no name
            return f"killed by signal {-returncode}"
    return f"exit status {returncode}"


class TooLargeError(OSError):
    """A file larger than its reader takes (`read_regular_file`'s limit): read whole, a sparse 2 GB file or a
    disk image saved under a catalog's name held gigabytes of memory, copied again by each step of its parse."""

    def __init__(self, path: Path | str, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"the file is too large ({shown_size(size)}; the limit is {shown_size(limit)})")
        self.filename = os.fspath(path)
        self.size, self.limit = size, limit


def _open_files_limit() -> str:
    """EMFILE in words a user can act on: it is met only at this run's limit on open files (`ulimit -n`), which a
    shell, a service manager or macOS (256) may set low, and "too many open files" alone named no cause."""
    return (
        f"too many open files: over the limit on files this run may have open at once ({limits.open_files_limit()}); "
        "raise it"
    )


def cause(error: OSError) -> str:
    if isinstance(error, TooLargeError):
        return error.strerror
    if error.errno == errno.EMFILE:
        return _open_files_limit()
    if error.errno == errno.ENOMEM and limits.memory_limited():
        # Listing a folder or starting a program under `ulimit -v` (the indexer's package read at a build's first
        # bundle): the limit is what to change, as where Python's own allocation fails (limits.line_for).
        return f"cannot allocate memory: over this run's limit on memory ({limits.memory_limit()}); raise it"
    if error.errno == errno.EFBIG:
        if limit := over_size_limit(error):
            return limit
        if _watching:  # no write went over this run's limit: the file system's own (FAT's 4 GB)
            return "file too large for its file system"
    # Only a one-path operation follows its link: a rename or a link of a dangling link into a missing folder
    # fails on the folder, not on the link's target.
    followed = error.filename is not None and error.filename2 is None
    # A folder made where a link stands that leads nowhere (gone, or back to itself) fails as "exists".
    if error.errno in (errno.ENOENT, errno.EEXIST) and followed and (link := dangling_link(error.filename)):
        return f"it is {link}"
    # A folder of the path such a link (XDG_DATA_HOME or HOME on a drive not mounted): "no such file or folder"
    # for a path whose every part but the last the user sees there.
    if error.errno == errno.ENOENT and followed and (through := dangling_link_on(os.fsdecode(error.filename))):
        place, said = through
        return f"{shown_path(place)}, a folder on its way, is {said}"
    if error.errno == errno.EEXIST and followed and _looping_link(error.filename):
        return "it is a link that leads back to itself (a loop); fix the link or remove it"
    if error.errno == errno.EPERM and (attribute := _refusing_attribute(error) or _refusing_sticky_folder(error)):
        return f"operation not permitted: {attribute}"
    if error.errno == errno.EACCES and (refusing := _refusing_owner(error)):
        return f"permission denied: {refusing}"
    return _CAUSES.get(error.errno or 0) or error.strerror or str(error)


# Linux's FS_IOC_GETFLAGS (_IOR('f', 1, long)) and the two attributes that refuse root as well: a file or folder
# made immutable or append-only with chattr, which ls does not show. The refusal was sent to the owner and mode,
# and those were right.
_GET_FLAGS = (2 << 30) | (struct.calcsize("l") << 16) | (ord("f") << 8) | 1
_ATTRIBUTES = ((0x10, "i", "immutable"), (0x20, "a", "append-only"))


def _refusing_attribute(error: OSError) -> str | None:
    """Which of the paths an EPERM names (the target first), or their folders, is immutable or append-only, in
    words; None when none is, or the attributes cannot be read (not Linux, no permission, a link)."""
    if not sys.platform.startswith("linux"):
        return None
    named = [os.fsdecode(name) for name in (error.filename2, error.filename) if name is not None]
    for path in dict.fromkeys(place for name in named for place in (name, os.path.dirname(name) or ".")):
        flags = _attribute_flags(path)
        for flag, letter, said in _ATTRIBUTES:
            if flags & flag:
                where = "in it" if os.path.isdir(path) else "it"
                return (
                    f"{shown_path(path)} is {said} (chattr +{letter}, which lsattr shows); take the attribute off "
                    f"(chattr -{letter}) for the toolkit to write {where}"
                )
    return None


def _refusing_sticky_folder(error: OSError) -> str | None:
    """Which of the paths an EPERM names (the target first) is another user's file in a sticky folder (mode 1777,
    as /tmp is), in words: there only its owner or the folder's may replace or remove it, and every save of the
    toolkit replaces the file. The refusal was sent to the owner and mode, and the file's mode let anyone write
    it. None when no such file is named, or for root, whom a sticky folder does not refuse."""
    user = os.geteuid()
    if user == 0:
        return None
    for name in (error.filename2, error.filename):
        if name is None:
            continue
        path = os.fsdecode(name)
        try:
            owner = os.lstat(path).st_uid
            folder = os.stat(os.path.dirname(path) or ".")
        except OSError:
            continue
        if folder.st_mode & stat.S_ISVTX and user not in (owner, folder.st_uid):
            return (
                f"{shown_path(path)} belongs to {shown_user(owner)} and its folder is sticky (mode "
                f"{stat.S_IMODE(folder.st_mode):o}, as /tmp is), where only a file's owner may replace or remove "
                f"it, as every save of the toolkit does; run the toolkit as {shown_user(owner)}, or have the file "
                "made yours (chown)"
            )
    return None


def _refusing_owner(error: OSError) -> str | None:
    """Which entry refused a run that is not root's, by its owner and mode: the first folder on the way it may
    not go into, else the file it may neither read nor write, else the folder it may not write in. "Check the
    owner and mode of the file and its folder" sent a user who may not write .toolkit/ to look at a lock file
    that was not there. None for root, or when no such entry is found (an ACL, a mount that refuses)."""
    user = os.geteuid()
    name = error.filename2 if error.filename2 is not None else error.filename
    if user == 0 or name is None:
        return None
    path = os.fsdecode(name)
    folders = []
    folder = os.path.dirname(path)
    while folder and folder not in folders:
        folders.append(folder)
        folder = os.path.dirname(folder)
    for place in reversed(folders):
        if not os.access(place, os.X_OK):
            return _owned_so(place, user, "may not go into it")
    if os.path.lexists(path):
        refused = [verb for verb, right in (("read", os.R_OK), ("write", os.W_OK)) if not os.access(path, right)]
        return _owned_so(path, user, f"may not {' or '.join(refused)} it") if refused else None
    place = os.path.dirname(path) or "."
    return None if os.access(place, os.W_OK | os.X_OK) else _owned_so(place, user, "may not make files in it")


def _owned_so(path: str, user: int, refused: str) -> str | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (
        f"{shown_path(path)} belongs to {shown_user(status.st_uid)}, mode {stat.S_IMODE(status.st_mode):o}, and "
        f"this run's user, {shown_user(user)}, {refused}; run as its owner, or have it made yours (chown) or "
        "opened to you (chmod)"
    )


def user_name(uid: int) -> str | None:
    """The name the user database gives `uid`; None where it gives none (a uid of another machine's files)."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return None


def shown_user(uid: int) -> str:
    """A user as messages name one: "amal (uid 1000)", or "uid 1000" without a name."""
    name = user_name(uid)
    return f"uid {uid}" if name is None else f"{name} (uid {uid})"


def _attribute_flags(path: str) -> int:
    """The attribute flags of a file or folder; 0 for anything else, never opened (a device may act on it)."""
    try:
        if not stat.S_ISREG(mode := os.lstat(path).st_mode) and not stat.S_ISDIR(mode):
            return 0
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return 0
    try:
        return struct.unpack("i", fcntl.ioctl(descriptor, _GET_FLAGS, bytes(struct.calcsize("l")))[:4])[0]
    except OSError:  # a file system without attributes
        return 0
    finally:
        os.close(descriptor)


def _looping_link(path: Path | str) -> bool:
    try:
        os.stat(path)
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def file_system_error(operation: str, path: Path | str | None, error: OSError) -> FileSystemError:
    """`path: cannot <operation>: <cause>`; without `path`, the one the system names."""
    named = path if path is not None else error.filename
    if isinstance(named, bytes):
        named = os.fsdecode(named)
    return FileSystemError(f"cannot {operation}: {cause(error)}", named)


class DanglingLinkError(OSError):
    """Opening a link whose target is gone: an OSError, but no FileNotFoundError, which its callers take for
    "no such file yet" (a glossary left out, a catalog started afresh over the link)."""


def dangling_link_on(path: Path | str) -> tuple[Path, str] | None:
    """The first folder of `path`, from the root down, that is a link whose target is gone, with what it is
    (`dangling_link`); None when there is none. A folder made with its parents through such a link is made where
    the link leads, which `mkdir -p` refuses: on a drive's empty mount point while the drive is not mounted."""
    absolute = Path(os.path.abspath(path))
    for place in reversed((absolute, *absolute.parents)):
        if (said := dangling_link(place)) is not None:
            return place, said
    return None


def dangling_link(path: Path | str) -> str | None:
    """What is at `path` when it is a link whose target is gone (an unmounted drive, a moved folder): that is
    no "nothing there", which had a toolkit.toml behind it replaced by the defaults. None for anything else,
    a link that leads somewhere among them (a path failing for another reason is not told to fix its link)."""
    try:
        target = os.readlink(path)
    except (OSError, ValueError):
        return None
    try:
        os.stat(path)
    except FileNotFoundError:
        return f"a link to {os.fsdecode(target)}, which does not exist; fix the link or remove it"
    except OSError:  # a target there that cannot be looked at (permission, a loop) has its own cause
        pass
    return None


@contextmanager
def on_disk(operation: str, path: Path | str | None = None, written: Path | str | int | None = None) -> Iterator[None]:
    """Run a file-system operation; an OSError leaves as a FileSystemError naming `path` and `operation`.
    `written`: the file it writes, when not `path` itself (a temporary file beside it, by name or descriptor)."""
    writes_before = _over_limit_writes
    try:
        yield
    except OSError as error:
        failed_over_size_limit(error, writes_before, path if written is None else written)
        raise file_system_error(operation, path, error) from None
