"""The project's folders checked before any command writes: a folder of the wrong kind (translations/ that is
a file, .toolkit/ that is a symlink loop) stops the run with its name, instead of an empty site or a traceback
half-way."""

from __future__ import annotations

import contextlib
import os
import shlex
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import FileSystemError, shown_folder, shown_path
from toolkit.store.disk import shown_user, user_name
from toolkit.store.files import file_mode, file_status, is_mount_point, real_path
from toolkit.store.lock import LOCK_NAME

if TYPE_CHECKING:
    from toolkit.config import Config

# The folders the file-system root holds of the system itself (the Filesystem Hierarchy Standard's, macOS's):
# a project made in one mixes its source/, translations/, site/ and .gitignore into the system's own files.
# A folder inside them is a place of its own (/var/www/news, /home/amal/news); /mnt, /opt and /srv are left
# out, as a disk or a service's data may be there by itself.
_SYSTEM_FOLDERS = frozenset(
    (
        *("bin", "boot", "dev", "etc", "home", "lib", "lib32", "lib64", "libx32", "media", "proc", "root"),
        *("run", "sbin", "sys", "tmp", "usr", "var"),
        *("Applications", "Library", "System", "Users", "Volumes", "private"),
    )
)

# The kernel's own file systems: every folder in them (/proc/self, /sys/kernel) is the kernel's view of itself,
# where no file of anyone's can be made, not only the folder at the root.
_KERNEL_FOLDERS = ("/proc", "/sys")


# Set to 1 to let root work in a project another user owns, on purpose (a project kept by root for that user).
ALLOW_ROOT_VARIABLE = "TOOLKIT_ALLOW_ROOT"
# What sudo sets for the command it runs: the uid of the user who asked.
SUDO_VARIABLE = "SUDO_UID"


def _home_folders() -> list[str]:
    """The home folder of whoever runs the toolkit, by $HOME and by the user database (sudo may keep the one
    and not the other), links followed."""
    homes = [os.path.expanduser("~")]
    with contextlib.suppress(KeyError, ImportError):
        import pwd

        homes.append(pwd.getpwuid(os.getuid()).pw_dir)
    return [os.path.realpath(home) for home in homes if home and home != "~"]


def unfit_for_a_project(folder: Path | str) -> str | None:
    """Why no project may be made in `folder`, or None: a project fills the folder it is in (toolkit.toml,
    source/, translations/, site/, .toolkit/, .gitignore), so it takes a folder of its own, never the
    file-system root, a folder of the system's own (/etc, /usr, /tmp: `_SYSTEM_FOLDERS`) or a home folder
    itself. Decided on the real path: a link to / is the root."""
    real = os.path.realpath(folder)
    homes = _home_folders()
    if os.path.dirname(real) == real:
        what = "the root of the file system"
    elif real in homes:
        what = "your home folder itself"
    elif (
        os.path.dirname(real) == os.path.dirname(os.path.dirname(real)) and os.path.basename(real) in _SYSTEM_FOLDERS
    ) or any(real.startswith(kernel + os.sep) for kernel in _KERNEL_FOLDERS):
        what = "a folder of the system itself"
    else:
        return None
    own = os.path.join(homes[0] if homes else real, "news")
    return (
        f"is {what}; a project fills its folder with toolkit.toml, source/, translations/, site/ and .toolkit/, "
        f"so give it a folder of its own, such as {own}"
    )


def check_owner(project_dir: Path) -> None:
    """A user who became root through sudo runs no command in a project another user owns: what it wrote there
    (the lock, the caches, the manifest, site/) would be root's, and the owner's next run was refused its own
    project's lock ("permission denied"). Told by the project folder's owner, or the nearest folder above it for
    one `init` is about to make; TOOLKIT_ALLOW_ROOT=1 runs it all the same. Root by itself (a container, a CI
    job, a project unpacked from a tar file, which keeps its maker's uid) works anywhere: refused, every command
    of such a setup failed, where git's like rule is a known trap."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or os.environ.get(ALLOW_ROOT_VARIABLE) == "1":
        return
    if SUDO_VARIABLE not in os.environ:
        return
    folder = Path(os.path.abspath(project_dir))
    while (status := file_status(folder)) is None and folder.parent != folder:
        folder = folder.parent
    if status is None or status.st_uid == 0:
        return
    name = user_name(status.st_uid)
    owner = shown_user(status.st_uid)
    sudo_user = name if name is not None else f"#{status.st_uid}"  # sudo's way to name a user by id
    raise FileSystemError(
        f"belongs to {owner} and this run is root's: what it wrote would be root's, and the owner's next run "
        f"would be refused it; run the toolkit as that user (sudo -u {shlex.quote(sudo_user)} toolkit ...), or "
        f"set {ALLOW_ROOT_VARIABLE}=1 to run as root here on purpose",
        folder,
    )


def check_umask(project_dir: Path) -> None:
    """No run starts under a umask that takes from the owner the right to read, write or enter what it makes
    (umask 0777, 0277, 0177): with umask 0777 the first run made .toolkit/ mode 0 and site/ of mode-0 files with
    exit 0, and every run after it was refused its own lock, told to "run as its owner", the user it ran as."""
    umask = os.umask(0o022)
    os.umask(umask)
    if umask & 0o700:
        raise FileSystemError(
            f"this run's umask {umask:04o} would make the folders and files the toolkit writes here mode "
            f"{0o777 & ~umask:o} and {0o666 & ~umask:o}, which take from their owner, you, the right to open, read "
            "or write them, and the next run would be refused them; set a umask that leaves them to their owner "
            "(umask 022, or 077 to keep them from others) and run again; nothing was done",
            project_dir,
        )


def check_layout(config: Config) -> None:
    """The project is the running user's (`check_owner`) and the umask leaves it what it makes (`check_umask`);
    each of source/, translations/ and .toolkit/ is a folder or absent, the lock a file or absent: what every
    command reads or writes. site/ is checked only by the commands that write it (`check_site_folder`)."""
    check_owner(config.project_dir)
    check_umask(config.project_dir)
    for folder in (config.source_dir, config.translations_dir, config.state_dir):
        _check_folder(folder)
    for folder in (config.translations_dir, config.state_dir):
        _check_not_shared(folder)
    lock = config.state_dir / LOCK_NAME
    mode = file_mode(lock) if os.path.lexists(lock) else None
    if os.path.islink(lock) or (mode is not None and not stat.S_ISREG(mode)):
        raise FileSystemError("is not a regular file; remove it, the toolkit makes it again", lock)


def check_site_folder(config: Config) -> None:
    """site/ is a real folder or absent, no link nor mount point: the build swaps it in as a whole. Checked by
    build_site, and by publish and serve before they write anything; the commands that never write site/
    (clean, translate, status, check) do not look at it, so a site/ of the wrong kind (a link, dangling or not)
    does not stop them."""
    if os.path.islink(config.site_dir):
        raise FileSystemError(
            "is a symbolic link; the toolkit swaps site/ in as a whole folder, so make it a real folder "
            "(and point the web server at it instead)",
            config.site_dir,
        )
    if is_mount_point(config.site_dir):
        # The web server's folder mounted there (a bind mount, a container's volume): no rename moves a mount
        # point, so the swap failed with "Device or resource busy" once the whole build had run.
        raise FileSystemError(
            "is a mount point; the toolkit swaps site/ in as a whole folder, which a mount point cannot be, so "
            "mount the folder above it or point the web server at site/",
            config.site_dir,
        )
    _check_folder(config.site_dir)
    site = os.path.realpath(config.site_dir)
    for folder in (config.source_dir, config.translations_dir, config.state_dir):
        if os.path.lexists(folder) and os.path.commonpath([site, os.path.realpath(folder)]) == site:
            # A link into site/ (the catalogs or originals published for download): the build replaces site/
            # as a whole, and moved everything in it out to .toolkit/not-built-*, the project's own files too.
            raise FileSystemError(
                f"is inside {shown_folder(config.site_dir)} (a link into it?), which every build replaces as a "
                f"whole; keep {shown_folder(folder)} outside it and copy what readers should download into "
                f"{shown_folder(config.site_dir)} after building",
                folder,
            )


def another_projects_folder(path: Path) -> tuple[Path, Path] | None:
    """The toolkit project and the folder of its own (source/, translations/, site/ or .toolkit/) that `path`, a
    real path, is or lies inside, when the nearest project above `path` holds it that way; else None. That
    project's runs read, write or replace what is there."""
    from toolkit.config import CONFIG_FILE, Config  # toolkit.config imports this module

    for parent in path.parents:
        if file_mode(parent / CONFIG_FILE) is None:
            continue
        owner = Config(project_dir=parent)
        for folder in (owner.source_dir, owner.translations_dir, owner.site_dir, owner.state_dir):
            if path == folder or folder in path.parents:
                return parent, folder
        return None  # inside the nearest project, but in none of its own folders
    return None


def _check_not_shared(folder: Path) -> None:
    """translations/ or .toolkit/ leads, through a link, into another project's own folders (`ln -s
    ../news/translations`): this project's runs would rewrite that project's catalogs against this project's
    sources, and take its lock and records for their own."""
    real = real_path(folder)
    if real == folder or file_mode(real) is None:
        return
    shared = another_projects_folder(real)
    if shared is None or shared[0] == folder.parent:
        return
    owner, owners_folder = shared
    where = "" if real == owners_folder else "inside "
    raise FileSystemError(
        f"leads to {shown_path(real)}, {where}the {shown_folder(owners_folder)} folder of the toolkit project "
        f"{shown_path(owner)}, which that project's runs read and write; give this project a "
        f"{shown_folder(folder)} folder of its own (a copy, not a link)",
        folder,
    )


def _check_folder(folder: Path) -> None:
    mode = file_mode(folder)
    if mode is not None and not stat.S_ISDIR(mode):
        raise FileSystemError(f"is not a folder; move it away (the toolkit keeps {shown_folder(folder)} here)", folder)


def require_translations(config: Config, nothing_to: str = "build") -> None:
    """The catalogs' folder a command reads, `nothing_to` do without it: building would publish an empty site
    over the old one, and check and status said "0 catalogs" with exit 0 (a check in CI passed, nothing checked)."""
    if file_mode(config.translations_dir) is None:
        kept = " (the site is unchanged)" if nothing_to == "build" else ""
        raise FileSystemError(
            f"no translations/ folder, so nothing to {nothing_to}; run `toolkit translate` first{kept}",
            config.translations_dir,
        )
