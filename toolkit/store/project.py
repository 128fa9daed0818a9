"""The project's folders checked before any command writes: a folder of the wrong kind (translations/ that is
a file, .toolkit/ that is a symlink loop) stops the run with its name, instead of an empty site or a traceback
half-way."""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING

from toolkit.errors import FileSystemError
from toolkit.store.files import file_mode
from toolkit.store.lock import LOCK_NAME

if TYPE_CHECKING:
    from toolkit.config import Config


def check_layout(config: Config) -> None:
    """Each of source/, translations/, site/ and .toolkit/ is a folder or absent, the lock a file or absent."""
    for folder in (config.source_dir, config.translations_dir, config.site_dir, config.state_dir):
        mode = file_mode(folder)
        if mode is not None and not stat.S_ISDIR(mode):
            raise FileSystemError(f"is not a folder; move it away (the toolkit keeps {folder.name}/ here)", folder)
    if os.path.islink(config.site_dir):
        raise FileSystemError(
            "is a symbolic link; the toolkit swaps site/ in as a whole folder, so make it a real folder "
            "(and point the web server at it instead)",
            config.site_dir,
        )
    lock = config.state_dir / LOCK_NAME
    mode = file_mode(lock) if os.path.lexists(lock) else None
    if os.path.islink(lock) or (mode is not None and not stat.S_ISREG(mode)):
        raise FileSystemError("is not a regular file; remove it, the toolkit makes it again", lock)


def require_translations(config: Config) -> None:
    """A site is made from translations/: without it, building would publish an empty site over the old one."""
    if file_mode(config.translations_dir) is None:
        raise FileSystemError(
            "no translations/ folder, so nothing to build; run `toolkit translate` first (the site is unchanged)",
            config.translations_dir,
        )
