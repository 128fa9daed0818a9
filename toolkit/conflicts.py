"""The lines git (Mercurial and diff3 alike) writes around the sides of a change it could not merge: what they look
like and what a file left holding them is told, a catalog or a source file. Committed as git left them, a catalog
was "not a PO comment, keyword or quoted string: '<<<<<<< HEAD'", and a source file was published with both sides
and the markers as paragraphs, exit 0. And the copies of each side `git mergetool` makes beside the file
(`a_REMOTE_4242.po`), left behind when the tool is stopped: each was read as an article of its own."""

from __future__ import annotations

import re
from collections.abc import Callable

# Every marker, as a catalog's line (no PO line starts so).
CONFLICT_MARKER = re.compile(r"(<{7}|\|{7}|={7}|>{7})(?:[ \t].*)?")
# Those that open and close a conflict, at a line's start: a source's text may hold a separator line of seven "=".
_OUTER_MARKER = re.compile(r"^(<{7}|>{7})(?:[ \t][^\n]*)?$", re.MULTILINE)


def unresolved_conflict(marker: str) -> str:
    return (
        f"a merge conflict left unresolved (a {marker} line): keep the side you want of each conflict, delete its "
        "marker lines (<<<<<<<, |||||||, =======, >>>>>>>) and commit"
    )


def conflict_in_text(text: str) -> tuple[int, str] | None:
    """The first line (1-based) of a text that opens or closes a merge conflict, with its marker; None if none."""
    found = _OUTER_MARKER.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, found.group(1)


# `git mergetool` writes the sides of a file in conflict beside it as <name>_<SIDE>_<pid><suffix> while the merge
# tool runs (and the backup as <name>_BACKUP_<pid><suffix>), and leaves them when it is stopped or fails.
_MERGETOOL_COPY = re.compile(r"(.+)_(BACKUP|BASE|LOCAL|REMOTE)_\d+(\.[^.]*)?")


def mergetool_copy(name: str, exists: Callable[[str], bool]) -> str | None:
    """What a file named `name` is told when `git mergetool` made it from a file beside it (`exists` says whether
    a name is there), its side and that file named; None for any other name (a_LOCAL_2024.txt beside no a.txt is
    an article's own name)."""
    made = _MERGETOOL_COPY.fullmatch(name)
    if made is None or not exists(original := made.group(1) + (made.group(3) or "")):
        return None
    return (
        f"is the {made.group(2)} side of {original} that git mergetool copied beside it and left, so it is left "
        f"out; delete it once the merge of {original} is resolved"
    )
