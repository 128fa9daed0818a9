"""The lines git (Mercurial and diff3 alike) writes around the sides of a change it could not merge: what they look
like and what a file left holding them is told, a catalog or a source file. Committed as git left them, a catalog
was "not a PO comment, keyword or quoted string: '<<<<<<< HEAD'", and a source file was published with both sides
and the markers as paragraphs, exit 0."""

from __future__ import annotations

import re

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
