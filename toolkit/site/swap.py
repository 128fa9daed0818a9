"""Put a staged site in place of `site/` in one step: a reader, and a build killed at any point, sees the old
site or the new one."""

from __future__ import annotations

import ctypes
import errno
import os
import stat
from pathlib import Path

from toolkit.errors import SiteError, shown_path
from toolkit.store.disk import file_system_error
from toolkit.store.files import file_mode, fsync_dir, move_into_place, remove_tree, same_file_system

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (renameat2 with RENAME_EXCHANGE); False when the kernel or file system
    cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    failure = OSError(code, os.strerror(code), os.fspath(first), None, os.fspath(second))
    raise file_system_error("swap the new site into place", second, failure)


def check_swappable(staging: Path, site_dir: Path) -> None:
    """Raise the SiteError that says why `staging` cannot be swapped in for `site_dir`: before anything is
    moved for the swap, or out of site/ (generation.keep_not_built), the cause is named, not the first rename."""
    mode = file_mode(site_dir, follow_links=False)
    if mode is not None and not stat.S_ISDIR(mode):  # a file, or a link
        raise SiteError("is not a folder; move it away so the site can be built here", site_dir)
    # A rename cannot cross file systems: say which folder is where, not just "cannot swap".
    if not same_file_system(staging, site_dir.parent):
        raise SiteError(
            f"is on another file system than {shown_path(site_dir)}, and the new site is built in it and renamed into "
            "place: keep both on one file system (make it a folder of the project, not a link elsewhere)",
            staging.parent,
        )


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Make `staging` the site; the previous site, if any, ends up at `staging` for the caller to delete."""
    check_swappable(staging, site_dir)
    mode = file_mode(site_dir, follow_links=False)
    if mode is None:
        move_into_place(staging, site_dir, "put the new site in place")
    elif not _exchange(staging, site_dir):
        # No atomic exchange here: two renames, with a moment in which site/ is missing but never half-built.
        parked = staging.with_name(staging.name + ".old")
        remove_tree(parked)
        move_into_place(site_dir, parked, "swap the new site into place")
        move_into_place(staging, site_dir, "swap the new site into place")
        move_into_place(parked, staging, "swap the new site into place")
    fsync_dir(site_dir.parent)
