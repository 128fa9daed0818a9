"""A file git checked out as something other than what the repository keeps: a symbolic link written as a text
file holding its target (core.symlinks false, or a file system without links: a Windows share, a FAT stick), a
Git LFS pointer where git-lfs was not installed. Each was read as the file itself: a catalog "not a valid PO
file", toolkit.toml "not valid TOML", a source "in the Latin script", a model package "not a zip archive", none
saying what happened. A pure look at the bytes read; the readers of those files name what it finds (merge
conflicts have their own home, toolkit/conflicts.py). A CRLF file converted to CRLF again is read as gettext
reads it (with_one_cr), and the end-of-file mark a DOS tool left after the text is found (dos_end_of_file)."""

from __future__ import annotations

import re
import shlex
from pathlib import PurePath

LFS_POINTER = b"version https://git-lfs.github.com/spec/v1\n"
# The most a link's target takes (PATH_MAX), and what no link's target holds: a control character (a line end
# among them: git writes the target with none after it), a space, which a path written by hand seldom holds and
# a line of text nearly always does, markup's and quotes' characters (a page of one line, <html><body></body>
# </html>), or a web address's "://".
_MAX_LINK_TARGET = 4096
_NOT_IN_A_TARGET = re.compile(rb'[\x00-\x20\x7f<>"|]|://')


def checked_out_as(data: bytes, name: PurePath) -> str | None:
    """What the file `name` holding `data` is instead of itself, and what to do, for a message naming it; None
    for a file that is neither."""
    if data.startswith(LFS_POINTER):
        return (
            "is a Git LFS pointer, not the file itself: git-lfs was not installed when it was checked out; run "
            "`git lfs install` and `git lfs pull` in the repository"
        )
    target = _link_target(data, name.suffix)
    if target is None:
        return None
    return (
        f"holds only the path {target!r}: git checked out a symbolic link as a text file (core.symlinks is "
        f"false, or the file system has no links); make it a link again (ln -sf {shlex.quote(target)} "
        f"{shlex.quote(name.name)}) or copy the file it leads to in its place"
    )


def _link_target(data: bytes, suffix: str) -> str | None:
    """The path `data` holds when it is all a link's target would be: one line without a line end or a space,
    a path with a folder in it or with the file's own suffix."""
    if not data or len(data) > _MAX_LINK_TARGET or _NOT_IN_A_TARGET.search(data):
        return None
    try:
        target = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "/" in target or (suffix and target.lower().endswith(suffix.lower())):
        return target
    return None


def with_one_cr(text: str) -> str:
    """`text` with each line end CR CR LF read as CRLF: a file already CRLF that git's core.autocrlf (or an
    editor) converted again. msgfmt reads the CR before a line end as blank space and takes such a catalog; a
    reader that takes a CR alone for a line end read a blank line after each line, and TOML takes no CR but
    CRLF's."""
    return text.replace("\r\r\n", "\r\n")


# What DOS's `copy /a`, EDLIN and editors of their time wrote after a file's last line: Ctrl-Z, "end of file".
DOS_END_OF_FILE = "\x1a"


def dos_end_of_file(text: str) -> bool:
    """Whether `text` ends in a DOS end-of-file mark (past any blank space after it)."""
    return text.rstrip().endswith(DOS_END_OF_FILE)


def without_dos_end_of_file(text: str) -> str:
    """`text` up to the DOS end-of-file marks it ends in: what the DOS tool that wrote them took for the file."""
    return text.rstrip().rstrip(DOS_END_OF_FILE) if dos_end_of_file(text) else text
