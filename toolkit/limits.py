"""The limits an administrator sets on a run (`ulimit -v`, `ulimit -u`), and the one line that says a run met one.

The entry point imports this first of the toolkit's modules, and the lines are put together then, as bytes: once
memory has run out, putting a line together (formatting the limit, importing click to print it, encoding it) can
run out again, and the run ended in a traceback, or said nothing. Said with one system call, they need nothing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import resource
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import threading

RAN_OUT = "every file written so far is whole: raise the limit, and run again"


def _limit(kind: int, option: str, unit: int, unit_name: str) -> str:
    soft, _ = resource.getrlimit(kind)
    return f"ulimit {option}" if soft == resource.RLIM_INFINITY else f"ulimit {option}: {soft // unit:,}{unit_name}"


def memory_limited() -> bool:
    """Whether this run has a limit on memory (`ulimit -v`)."""
    return resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY


def memory_limit() -> str:
    """This run's limit on memory, as its shell sets it: "ulimit -v: 64,000 kB" ("ulimit -v" when unlimited)."""
    return _limit(resource.RLIMIT_AS, "-v", 1024, " kB")


def file_size_limit() -> str:
    """This run's limit on the size of the files it writes: "ulimit -f: 1,048,576 bytes"."""
    return _limit(resource.RLIMIT_FSIZE, "-f", 1, " bytes")


def open_files_limit() -> str:
    """This run's limit on the files it may have open at once: "ulimit -n: 256"."""
    return _limit(resource.RLIMIT_NOFILE, "-n", 1, "")


def address_space_left() -> int | None:
    """The bytes of address space this run may still take under its limit on memory (`ulimit -v`, which counts
    every mapping, not only what is used); None without a limit, or where the process's size cannot be read."""
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return None
    try:
        # The kernel's own account of this process, not a project file (toolkit/store/ is for those).
        with open("/proc/self/statm", "rb") as sizes:
            pages = int(sizes.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return soft - pages * resource.getpagesize()


_MEGABYTE = 1024 * 1024
# A limit asked for is in whole 16 MB, so that a limit of this size leaves room for the few pages a run may take more.
_LIMIT_STEP = 16 * _MEGABYTE


def too_little_for(what: str, needed: int, left: int) -> str | None:
    """The words saying that `what` takes about `needed` bytes of address space and this run's limit on memory
    leaves it `left` (to a program the run starts, the whole limit): what to raise the limit to; None when `left`
    is enough. Said before the work starts: past the limit, native code (CTranslate2's threads, Pagefind) dies
    without a word, or hangs."""
    if left >= needed:
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    enough = -(-(soft + needed - left) // _LIMIT_STEP) * _LIMIT_STEP // 1024
    return (
        f"{what} takes about {needed // _MEGABYTE:,} MB of memory, and this run's limit on memory ({memory_limit()}) "
        f"leaves {max(0, left) // _MEGABYTE:,} MB: raise it to at least ulimit -v {enough}, and run again"
    )


def too_little_for_a_program(what: str, needed: int) -> str | None:
    """`too_little_for` a program the run starts (Pagefind, a Ray process), which the limit on memory leaves whole,
    whatever the run itself takes; None without a limit."""
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return None if soft == resource.RLIM_INFINITY else too_little_for(what, needed, soft)


@dataclass(frozen=True)
class ControlGroup:
    """A control group this run is in that limits its memory (cgroup v2's memory.max, v1's memory.limit_in_bytes)."""

    folder: str  # under /sys/fs/cgroup
    limit_file: str
    limit: int
    used: int  # by every process of the group, less the page cache the kernel takes back first
    memory_kills: int = 0  # processes of the group the kernel has killed for want of memory since the group was made

    @property
    def left(self) -> int:
        return self.limit - self.used


# Each kind of cgroup file system's files for a group's memory limit, what its processes use, and the part of that
# which is page cache not used lately: the kernel takes that back before it kills for want of memory; and the file
# that counts those kills.
_GROUP_FILES = {
    "cgroup2": ("memory.max", "memory.current", "inactive_file", "memory.events"),
    "cgroup": ("memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file", "memory.oom_control"),
}
_MEMORY_KILLS_LINE = "oom_kill"  # in either file
# cgroup v1 says "no limit" as the largest number of pages it counts, times the page size: well above this.
_NO_GROUP_LIMIT = 1 << 62


def _read_kernel_file(path: str) -> str | None:
    """A file of the kernel's own account of this process (/proc, /sys/fs/cgroup), not a project file
    (toolkit/store/ is for those): None where it cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="replace") as kernel_file:
            return kernel_file.read()
    except OSError:
        return None


def _group_mounts() -> dict[str, tuple[str, str]]:
    """Where each kind of cgroup file system with a memory controller is mounted: {kind: (the group its mount
    shows, its mount point)}, from /proc/self/mountinfo."""
    mounts: dict[str, tuple[str, str]] = {}
    for line in (_read_kernel_file("/proc/self/mountinfo") or "").splitlines():
        fields, _, about = line.partition(" - ")
        fields, about = fields.split(), about.split()
        if len(fields) < 5 or len(about) < 3:
            continue
        kind = about[0]
        if kind == "cgroup" and "memory" not in about[2].split(","):
            continue
        if kind in _GROUP_FILES and kind not in mounts:
            # mountinfo writes a space, a tab, a newline and a backslash in a path as octal escapes.
            root, point = (re.sub(r"\\([0-7]{3})", lambda code: chr(int(code[1], 8)), field) for field in fields[3:5])
            mounts[kind] = (root, point)
    return mounts


def _own_groups() -> dict[str, str]:
    """The group this process is in on each kind of cgroup file system with a memory controller, from
    /proc/self/cgroup: {kind: path from the hierarchy's root}."""
    groups: dict[str, str] = {}
    for line in (_read_kernel_file("/proc/self/cgroup") or "").splitlines():
        hierarchy, _, rest = line.partition(":")
        controllers, _, path = rest.partition(":")
        if hierarchy == "0" and not controllers:
            groups["cgroup2"] = path
        elif "memory" in controllers.split(","):
            groups["cgroup"] = path
    return groups


def _counted(path: str, counter: str) -> int:
    """The value of `counter` in a kernel file of "name value" lines (memory.stat, memory.events); 0 without it."""
    for line in (_read_kernel_file(path) or "").splitlines():
        name, _, value = line.partition(" ")
        if name == counter and value.strip().isdigit():
            return int(value)
    return 0


def _group_at(folder: str, kind: str) -> ControlGroup | None:
    limit_file, usage_file, cache_line, kills_file = _GROUP_FILES[kind]
    limit, usage = (_read_kernel_file(os.path.join(folder, name)) for name in (limit_file, usage_file))
    if limit is None or usage is None or not limit.strip().isdigit() or not usage.strip().isdigit():
        return None  # "max", or no memory controller for this group
    if int(limit) >= _NO_GROUP_LIMIT:
        return None
    cache = _counted(os.path.join(folder, "memory.stat"), cache_line)
    kills = _counted(os.path.join(folder, kills_file), _MEMORY_KILLS_LINE)
    return ControlGroup(folder, limit_file, int(limit), max(0, int(usage) - cache), kills)


def control_group() -> ControlGroup | None:
    """Of the control groups this run is in, and their parents, the one whose memory limit leaves it least room;
    None where none limits it, or where they cannot be read. A process over its group's limit is killed by the
    kernel (SIGKILL): nothing of the toolkit's runs to say why."""
    mounts, tightest = _group_mounts(), None
    for kind, path in _own_groups().items():
        if kind not in mounts:
            continue
        root, point = mounts[kind]
        # A mount may show a group below the hierarchy's root (a container's own); a group outside it is not seen.
        inside = os.path.relpath(path, root) if os.path.commonpath([path, root]) == root else None
        if inside is None or inside.startswith(".."):
            continue
        folder = os.path.normpath(os.path.join(point, inside))
        while True:
            group = _group_at(folder, kind)
            if group is not None and (tightest is None or group.left < tightest.left):
                tightest = group
            if folder == point or os.path.dirname(folder) == folder:
                break
            folder = os.path.dirname(folder)
    return tightest


def group_limit(group: ControlGroup) -> str:
    """The group's limit in words: "this run's control group (/sys/fs/cgroup/box) limits its memory to 512 MB
    (memory.max)"."""
    return (
        f"this run's control group ({group.folder}) limits its memory to {group.limit // _MEGABYTE:,} MB "
        f"({group.limit_file})"
    )


def too_little_in_group(what: str, needed: int) -> str | None:
    """The words saying that `what`, which takes about `needed` bytes more than the run's control group holds now
    (resident, in every process of the group), has not that much room under its limit on memory: what to raise
    the limit to; None when it has, or no group limits the run."""
    group = control_group()
    return None if group is None else _too_little_in(group, what, needed, group.used)


def _too_little_in(group: ControlGroup, what: str, needed: int, committed: int) -> str | None:
    """too_little_in_group, the group's processes holding or promised `committed` bytes (group.used at least)."""
    if group.limit - committed >= needed:
        return None
    enough = -(-(committed + needed) // _LIMIT_STEP) * _LIMIT_STEP // _MEGABYTE
    promised = committed - group.used
    return (
        f"{what} takes about {needed // _MEGABYTE:,} MB of memory, and {group_limit(group)}, "
        f"{group.used // _MEGABYTE:,} MB of it in use"
        + (f" and {promised // _MEGABYTE:,} MB more promised to the work under way" if promised >= _MEGABYTE else "")
        + f": raise the limit to at least {enough:,} MB, and run again"
    )


class GroupLedger:
    """One account of what the work of a run may still take in its control group: each part of it that grows
    (the run's own process, each child it starts, each file it keeps in memory) is promised its most, and a part
    starts only when the group's limit holds what the group held when the account was opened, every promise
    made and not yet given back, and its own. Checked part by part against what the group holds at each start,
    a build let a Pagefind run start, and then the render workers and the build itself grew on past the limit,
    and the kernel killed the build (SIGKILL) without a word. What the group holds counts too, when it is more:
    a part that outgrew its promise, or a process of the group outside the run."""

    def __init__(self) -> None:
        import threading  # here, not above: the entry point imports this module first, under any limit

        group = control_group()
        self._opened_at = 0 if group is None else group.used
        self._promised = 0
        self._ending_promises = 0  # of those promised, the ones that end on their own (a child's), to wait for
        self._changed = threading.Condition()

    def refusal(self, what: str, needed: int) -> str | None:
        """The words saying that the group's limit does not hold `needed` bytes more than what is promised (or
        held, when more); None when it does, or no group limits the run."""
        group = control_group()
        if group is None:
            return None
        return _too_little_in(group, what, needed, max(group.used, self._opened_at + self._promised))

    def promise(self, what: str, needed: int, *, ends_on_its_own: bool, wait: bool = False) -> str | None:
        """Promise `what` `needed` bytes more; the words saying the limit does not hold them (nothing promised),
        None once promised. With `wait`, a promise that does not fit waits for one that ends on its own to be
        given back, and is refused only when none is left to wait for."""
        with self._changed:
            while (refused := self.refusal(what, needed)) is not None and wait and self._ending_promises:
                self._changed.wait()
            if refused is None:
                self._promised += needed
                self._ending_promises += ends_on_its_own
            return refused

    def give_back(self, needed: int, *, ends_on_its_own: bool) -> None:
        """Give back a promise `promise` made, once what it was for has ended."""
        with self._changed:
            self._promised -= needed
            self._ending_promises -= ends_on_its_own
            self._changed.notify_all()


def refusal(what: str, needed: int) -> str | None:
    """The words saying that `what`, which takes about `needed` bytes more than this process holds now, has not that
    much room under a limit on this run's memory, `ulimit -v` (too_little_for) or its control group's
    (too_little_in_group); None when every limit leaves it enough."""
    left = address_space_left()
    if left is not None and (refused := too_little_for(what, needed, left)) is not None:
        return refused
    return too_little_in_group(what, needed)


def _line(what: str) -> bytes:
    return f"toolkit: {what}; {RAN_OUT}\n".encode()


OUT_OF_MEMORY = _line(f"out of memory (this run's limit on memory: {memory_limit()})")
NO_THREAD = _line(
    f"cannot start a thread: this user's limit on processes ({_limit(resource.RLIMIT_NPROC, '-u', 1, '')}) or "
    f"memory ({memory_limit()}) is reached"
)

# The dynamic loader's words when mapping a compiled module needs more memory than the limit leaves.
_LOADER_OUT_OF_MEMORY = "failed to map segment"
# CPython's C code that lost the MemoryError of an allocation it could not make ("<built-in function compile>
# returned NULL without setting an exception", "error return without exception set"): taken for one only under a
# limit on memory.
_LOST_MEMORY_ERRORS = ("without setting an exception", "without exception set")
# How a thread that could not be started is told: Python's threading, and C++'s std::thread (CTranslate2's
# workers: std::system_error of EAGAIN, which pybind11 passes on as a RuntimeError).
_NO_THREAD = ("can't start new thread", os.strerror(errno.EAGAIN))


def _of_the_standard_library(error: ImportError) -> bool:
    """Whether a module of Python's own library failed to import: under a limit on memory, one whose compiled part
    could not be mapped leaves another without what it offers ("cannot import name 'sha512' from 'hashlib'", its
    own failure swallowed), and no installation of Python lacks them otherwise."""
    return (error.name or "").partition(".")[0] in sys.stdlib_module_names


def line_for(error: BaseException) -> bytes | None:
    """The line saying what the machine ran out of, when `error` says it did: a memory or process limit an
    administrator set is no fault of the toolkit's to report as one, and the limit is what to change."""
    if (
        isinstance(error, MemoryError)
        or (isinstance(error, OSError) and error.errno == errno.ENOMEM)
        or (isinstance(error, ImportError) and _LOADER_OUT_OF_MEMORY in str(error))
        or (isinstance(error, ImportError) and _of_the_standard_library(error) and memory_limited())
        or (isinstance(error, SystemError) and str(error).endswith(_LOST_MEMORY_ERRORS) and memory_limited())
    ):
        return OUT_OF_MEMORY
    if isinstance(error, RuntimeError) and str(error) in _NO_THREAD:
        return NO_THREAD
    return None


_said = False


def say(line: bytes) -> None:
    """Write `line` to stderr as it is: one system call, no memory asked for. A run says it once."""
    global _said
    if _said:
        return
    _said = True
    with contextlib.suppress(OSError):  # stderr closed or gone: the exit code is all there is to say it with
        os.write(2, line)


def _uncaught(kind: type[BaseException], error: BaseException, trace) -> None:
    """sys.excepthook: the toolkit's modules failing to load for want of memory (MemoryError, or the loader's
    "failed to map segment") before the commands' own guard takes over (cli._guarded), or the run's ending running
    out after it, is the one line too, said once."""
    line = line_for(error)
    if line is None:
        sys.__excepthook__(kind, error, trace)
        return
    say(line)
    os._exit(1)


def _unraisable(unraisable) -> None:
    """sys.unraisablehook: a clean-up Python runs on its own (a generator closed by the garbage collector, a
    finalizer) that runs out of memory is no news to print in full, "Exception ignored in ..." and its traceback
    beside the run's one line: the run meets the limit itself, or gets by without what the clean-up did."""
    if unraisable.exc_value is None or line_for(unraisable.exc_value) is None:
        sys.__unraisablehook__(unraisable)


def _thread_failed(failure: threading.ExceptHookArgs) -> None:
    """threading.excepthook: a thread not started by the toolkit (concurrent.futures' manager of the render
    pool's workers, Ray's) that fails ends the run, in one line: the work it held is lost, and whoever waits for
    it would wait for ever. The toolkit's own threads hand what they raise to the thread that joins them
    (toolkit/threads.py) and never come here."""
    if failure.exc_type is SystemExit:  # a thread's way to end early, as threading takes it
        return
    line = None if failure.exc_value is None else line_for(failure.exc_value)
    if line is None:
        from toolkit.errors import DEBUG_VARIABLE, internal_error

        if os.environ.get(DEBUG_VARIABLE):
            import threading

            threading.__excepthook__(failure)
        line = f"toolkit: {internal_error(failure.exc_value or failure.exc_type())}\n".encode()
    say(line)
    os._exit(1)


# glibc's mallopt parameter for how many allocator arenas the threads of a process may make (malloc.h).
_M_ARENA_MAX = -8


def share_one_arena() -> None:
    """Under a limit on memory, every thread allocates from the one arena: glibc gives each new thread an arena of
    its own, up to eight a core, each reserving 64 MB of address space that `ulimit -v` counts though little of it
    is used. A build failed to start a thread at 200-350 MB though it worked at 160 MB; translating 78 entries
    took 617 MB of address space, 364 MB so (and no longer: 3.4-4.8 s either way, two cores). The entry point calls
    it before any thread starts."""
    if not memory_limited():
        return
    import ctypes

    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)  # glibc's, and musl's (which has one arena anyway)
    if mallopt is not None:
        mallopt(_M_ARENA_MAX, 1)


def _no_stray_logs() -> None:
    """Under a limit on memory, a record logged to the root logger prints nothing: hashlib, its compiled parts not
    mapped (imported by random, itself by tempfile), logged a traceback for each hash it then lacked (logging.exception,
    which sets up printing to stderr when the root logger has no handler), a dozen of them before the run's one line.
    The toolkit says what it has to say on its own lines, never through logging."""
    import logging

    logging.getLogger().addHandler(logging.NullHandler())


def guard_start() -> None:
    sys.excepthook = _uncaught
    import threading  # after the hook above: under a limit on memory, importing it may be what runs out

    threading.excepthook = _thread_failed
    sys.unraisablehook = _unraisable
    if memory_limited():
        _no_stray_logs()
