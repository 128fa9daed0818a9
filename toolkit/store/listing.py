"""Listing a project folder (source/, translations/): the files a stage reads, and a warning for each entry it
passes over that a user may have meant to be read, so nothing is left out silently.

Passed over with a warning: a folder with a name of the wanted kind (`x.po/`), a file whose name stands for
one of the wanted kind (`x.PO`, `x.po `: `stands_for`), a link to a folder, a sub-folder (only files directly in the
folder are read), and anything else that is not a regular file (a
pipe, a socket, a device, a broken link) whatever its name. Passed over quietly: hidden entries (`.git`, an
editor's swap file, the toolkit's own temporary files), regular files of other kinds (a README, a .mo), and a
folder that a file of the wanted kind owns (`page_files/` beside `page.html`, as a browser saves a page).
An entry of the wanted kind that is not a folder is always listed, even one that cannot be read (a pipe, a
link loop): reading it then names the problem, as for any file that cannot be read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableSequence, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.conflicts import mergetool_copy
from toolkit.errors import shown_folder, shown_path
from toolkit.packed import PackedNames, PrefixedNames
from toolkit.store.disk import on_disk
from toolkit.store.files import kind_of


@dataclass
class FolderListing:
    # Paths of the entries to read, sorted by name; a folder's listing is packed (100,000 paths as strings
    # took 11 MB, held through the cleaner's evidence pass).
    files: MutableSequence[str] | Sequence[str] = field(default_factory=list)
    passed_over: list[str] = field(default_factory=list)  # "<path>: <why it is not read>", one per entry
    # The wanted names that passed-over entries stand for, sorted, each with the first entry that stands for it
    # (`x.PO` and a folder `x.po/` stand for x.po): what was read under that name is kept, not taken for deleted
    # (build keeps the article's page), nor made afresh beside it (LeftOutCatalogs).
    stood_for: dict[str, str] = field(default_factory=dict)


def _kind(entry: os.DirEntry) -> str:
    """The kind of what the entry leads to: "folder", "file", or "other" (also what cannot be looked at)."""
    try:
        if entry.is_dir():
            return "folder"
        if entry.is_file():
            return "file"
    except OSError:
        pass
    return "other"


def _kind_of_entry(entry: os.DirEntry) -> str:
    """What an entry that is no file, folder nor broken link leads to (a pipe, a socket, a device)."""
    try:
        return kind_of(entry.stat().st_mode)
    except OSError:  # a link loop, or gone meanwhile
        return "what cannot be looked at (a link loop?)"


def _is_link(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def list_folder(
    folder: Path,
    wanted: Callable[[str], bool],
    what: str,
    names_only: bool = False,
    mistaken: Callable[[str], str | None] | None = None,
    owned: Callable[[Path, str], bool] | None = None,
) -> FolderListing:
    """The entries of `folder` whose names `wanted` accepts (`what` says what they are, e.g. "catalogs"),
    sorted by name, and what is passed over. `names_only`: the entries' names, not their paths. `mistaken`
    says why a file of another kind is worth naming (one meant to be read, in a form that is not), else None;
    `owned` whether a folder (the folder it is in, its name) belongs to a file listed beside it."""
    passed_over: list[tuple[str, str]] = []
    # Sorted in packed runs as they are listed (toolkit/packed.py): the folder's entries held at once to sort
    # them (a DirEntry is about 0.3 kB with its name and path) made listing 100,000 files cost 25 MB more than
    # their paths, and their paths as one list of strings 8 to 11 MB. Paths in one folder sort as their names
    # do, and are kept as the folder's path and the packed names.
    names = PackedNames.sorted(entry.name for entry in _scan(folder, wanted, what, passed_over, mistaken, owned))
    # Each path is the folder's joined with the name, as os.scandir makes them.
    files = names if names_only else PrefixedNames(os.path.join(folder, ""), names)
    stood_for = _stood_for((name for name, _ in passed_over if mergetool_copy(name, _beside(folder)) is None), wanted)
    return FolderListing(files, [message for _, message in sorted(passed_over)], stood_for)


def stands_for(name: str) -> str:
    """The name a file of a Windows tool's stands for: its suffix in lower case (`x.PO`, as a Windows tool or a
    FAT stick may write it) and without the spaces and dots after it (`x.po `, `x.po.`), which Windows drops from
    a name. There the file is read under that name; here it is another file, left out and named."""
    stem, suffix = os.path.splitext(name.rstrip(" ."))
    return stem + suffix.lower()


def _stood_for(passed_over: Iterable[str], wanted: Callable[[str], bool]) -> dict[str, str]:
    """The wanted names the passed-over names stand for (`stands_for`), sorted, each with the first of them."""
    standing: dict[str, str] = {}
    for name in sorted(passed_over):
        if wanted(meant := stands_for(name)):
            standing.setdefault(meant, name)
    return dict(sorted(standing.items()))


def _scan(
    folder: Path,
    wanted: Callable[[str], bool],
    what: str,
    passed_over: list[tuple[str, str]],
    mistaken: Callable[[str], str | None] | None = None,
    owned: Callable[[Path, str], bool] | None = None,
) -> Iterator[os.DirEntry]:
    """The entries `list_folder` lists, in the order the disk gives them; what is passed over is added to
    `passed_over` as (name, message)."""
    with on_disk(f"list the {what}", folder), os.scandir(folder) as entries:
        for entry in entries:
            kind = _kind(entry)
            if wanted(entry.name) and (copy := mergetool_copy(entry.name, _beside(folder))):
                passed_over.append((entry.name, f"{shown_path(entry.path)}: {copy}"))
            elif _is_listed(entry, kind, wanted):
                yield entry
            elif entry.name.startswith(".") or _is_owned(folder, entry, kind, owned):
                continue
            elif kind != "file" or wanted(stands_for(entry.name)):
                why = _why_passed_over(entry, kind, wanted, what)
                passed_over.append((entry.name, f"{shown_path(entry.path)}: {why}"))
            elif mistaken is not None and (why := mistaken(entry.name)):
                passed_over.append((entry.name, f"{shown_path(entry.path)}: {why}"))


def _trailing(name: str) -> str:
    """What a name ends in after its suffix, in words: "a space", "2 dots", "spaces and dots"."""
    end = name[len(name.rstrip(" .")) :]
    if len(set(end)) > 1:
        return "spaces and dots"
    word = "space" if end[0] == " " else "dot"
    return f"a {word}" if len(end) == 1 else f"{len(end)} {word}s"


def _beside(folder: Path) -> Callable[[str], bool]:
    return lambda name: os.path.lexists(os.path.join(folder, name))


def _is_owned(folder: Path, entry: os.DirEntry, kind: str, owned: Callable[[Path, str], bool] | None) -> bool:
    return kind == "folder" and owned is not None and not _is_link(entry) and owned(folder, entry.name)


def _is_listed(entry: os.DirEntry, kind: str, wanted: Callable[[str], bool]) -> bool:
    return wanted(entry.name) and kind != "folder"


def listed_names(
    folder: Path,
    wanted: Callable[[str], bool],
    what: str,
    passed_over: list[str] | None = None,
    mistaken: Callable[[str], str | None] | None = None,
    owned: Callable[[Path, str], bool] | None = None,
) -> Iterator[str]:
    """The names of the entries `list_folder` lists, in the order the disk gives them, none held: for a
    caller that wants each once and not their order (the ids of 100,000 sources, held as a listing of
    paths to be made, took 20 MB at once). What is passed over is added to `passed_over`, sorted, once the
    names are all given."""
    skipped: list[tuple[str, str]] = []
    for entry in _scan(folder, wanted, what, skipped, mistaken, owned):
        yield entry.name
    if passed_over is not None:
        passed_over.extend(message for _, message in sorted(skipped))


def _why_passed_over(entry: os.DirEntry, kind: str, wanted: Callable[[str], bool], what: str) -> str:
    if kind == "folder":
        shape = "a link to a folder" if _is_link(entry) else "a folder"
        if wanted(entry.name):
            return f"is {shape}, not a file, so it is left out of the {what}; rename it or move it away"
        return (
            f"is {shape}; only files directly in {shown_folder(Path(entry.path).parent)} are read, so nothing in it is "
            f"among the {what} (move its files up)"
        )
    if kind == "file":
        meant = stands_for(entry.name)
        if entry.name.rstrip(" .") != entry.name:
            return (
                f"is left out of the {what}: its name ends in {_trailing(entry.name)} after its suffix, which "
                f"Windows drops from a name; rename it to {meant}"
            )
        return (
            f"is left out of the {what}: its suffix {os.path.splitext(entry.name)[1]} is read only in lower case; "
            f"rename it to {meant}"
        )
    shape = "a broken link" if _is_link(entry) else f"not a regular file but {_kind_of_entry(entry)}"
    return f"is {shape}, so it is left out of the {what}; remove it or replace it with a file"


NAME_NOT_UTF8 = "the file name is not valid UTF-8; rename the file"


def is_utf8_name(path: Path | str) -> bool:
    """Whether a file's name is UTF-8: it becomes an article id, a catalog's and a page's name, a key in the
    toolkit's records, all of them UTF-8, so a name held in another encoding is refused by name, not mangled."""
    if isinstance(path, str) and path.isascii():
        return True  # asked for every catalog and page of a run: parsing a Path each time cost more than the rest
    try:
        Path(path).name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


CATALOG_SUFFIX = ".po"


def catalog_name(article_id: str) -> str:
    """The name of an article's catalog in translations/ (text: a Path made for each of 10,000 articles costs
    as much as the run cache's answer)."""
    return article_id + CATALOG_SUFFIX


def list_catalogs(translations_dir: Path, names_only: bool = False) -> FolderListing:
    """The PO catalogs in translations/, one per article, and what is passed over; none before the first
    translate has made the folder (the commands that need it say so: toolkit/store/project.py)."""
    if not os.path.lexists(translations_dir):
        return FolderListing()
    return list_folder(translations_dir, _is_catalog_name, "catalogs", names_only)


def _is_catalog_name(name: str) -> bool:
    return name.endswith(CATALOG_SUFFIX)


class LeftOutCatalogs:
    """For each article of one run whose catalog `x.po` is missing, the file beside it that stands for it but is
    left out for its name (`x.PO`, `x.po..`: the listing's own rule, `stands_for`), or None: a run that would make
    the catalog afresh must not draft over it. Answered from the run's listing of translations/ when the caller
    has one (`FolderListing.stood_for`), else from one scan at the first missing catalog. The scan keeps only the
    few names it passes over, not the folder's, so memory does not grow with the archive; a run whose articles
    all have catalogs (every run after the first) does not scan. Asking the file system for each name that may
    stand for a catalog cannot ask for them all (`x.po .. .`), and made 300,000 failed lstats (about a second)
    on an archive's first translate."""

    def __init__(self, translations_dir: Path, stood_for: Mapping[str, str] | None = None):
        self._folder = translations_dir
        self._stood_for = stood_for

    def beside(self, path: Path) -> Path | None:
        """The file beside the missing catalog `path` that stands for it, or None."""
        if self._stood_for is None:
            self._stood_for = _catalogs_stood_for(self._folder)
        name = self._stood_for.get(path.name)
        return None if name is None or name == path.name else path.with_name(name)


def _catalogs_stood_for(translations_dir: Path) -> dict[str, str]:
    passed_over: list[tuple[str, str]] = []
    if os.path.lexists(translations_dir):
        for _ in _scan(translations_dir, _is_catalog_name, "catalogs", passed_over):
            pass
    return _stood_for((name for name, _ in passed_over), _is_catalog_name)


def catalog_names(translations_dir: Path) -> tuple[PackedNames, list[str], dict[str, str]]:
    """The catalogs' file names, sorted and packed (a run holds them through its build or its summary: the
    100,000 paths of an archive as strings took 10 MB), what translations/ holds that is passed over, and
    the catalog names the passed-over entries stand for (FolderListing.stood_for).
    The names are never held as strings together: sorted as one list, at 100,000 catalogs they rose the
    run 10.8 MB at the build's start and in the summary (the peak of a whole publish)."""
    listing = list_catalogs(translations_dir, names_only=True)
    return PackedNames.of(listing.files), listing.passed_over, listing.stood_for
