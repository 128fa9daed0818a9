"""Which files of source/ are articles, and the article each makes: listed and named without loading the cleaner
(a build lists source/ to name the catalogs whose source is gone, and never cleans)."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from toolkit.clean.archive import ARCHIVE_SUFFIXES
from toolkit.config import Config
from toolkit.errors import InputError, shown_path
from toolkit.packed import PackedKeySet, PackedNameSet
from toolkit.store.cache import digest
from toolkit.store.compressed import COMPRESSION_SUFFIXES, compression_suffix, uncompressed_name
from toolkit.store.files import file_mode, is_folder, is_regular_file
from toolkit.store.listing import FolderListing, LeftOutCatalogs, catalog_name, list_folder, listed_names

TEXT_SUFFIXES = (".txt",)
# A page as a browser or a crawler saves it: HTML under its own suffixes, under the suffix of the program that
# served it (wget and "Save Page As" keep story.php, article.aspx), or in a browser's single-file archive.
HTML_SUFFIXES = (
    ".html",
    ".htm",
    ".xhtml",
    ".xht",
    ".shtml",
    ".php",
    ".asp",
    ".aspx",
    ".jsp",
    ".cfm",
    *ARCHIVE_SUFFIXES,
)
SOURCE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
# What a file of another type is told to be.
EXPECTED_TYPES = (
    "expected text (.txt) or a saved web page (.html, .htm, .xhtml, .mhtml, .webarchive, .php, ...), "
    f"or one of them compressed ({', '.join(COMPRESSION_SUFFIXES)})"
)


def unknown_type_error(path: Path) -> InputError:
    """The error for a file given to clean whose name says no type the cleaner reads. A name with no type at
    all was "unknown file type '(none)'"; a stream (`toolkit clean <(zcat a.txt.gz)`, /dev/stdin) has such a
    name and cannot be given another."""
    suffix = path.suffix.lower()
    if suffix:
        return InputError(f"unknown file type {suffix!r}: {EXPECTED_TYPES}", path)
    mode = file_mode(path)
    streamed = path.is_absolute() and len(path.parts) > 1 and path.parts[1] in ("dev", "proc")
    if streamed or (mode is not None and stat.S_ISFIFO(mode)):
        return InputError(
            "a stream (a pipe, standard input) with no file name to give its type; save what it gives to a file "
            f"named with its type: {EXPECTED_TYPES}",
            path,
        )
    return InputError(f"its name gives no file type; rename it with its type: {EXPECTED_TYPES}", path)


# Files an article may be kept in that are not read: put in source/, each was left out without a word.
_UNREAD_DOCUMENTS = {
    ".docx": "a word-processor document",
    ".doc": "a word-processor document",
    ".odt": "a word-processor document",
    ".rtf": "a word-processor document",
    ".pdf": "a PDF document",
    ".md": "a Markdown file",
    ".markdown": "a Markdown file",
}
# Archives of many files, as a crawl or a mail attachment comes: put in source/, each was left out without a word.
_ARCHIVES_OF_FILES = (".zip", ".tar", ".tgz", ".tar.gz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".7z", ".rar")
# Path separators, control characters, the characters that end a line as a newline does (NEL, the line and
# paragraph separators: the id is written in its catalog's header, and no line of a catalog can hold one) and
# characters Windows forbids in file names; Arabic letters stay.
_UNSAFE_ID = re.compile(r'[\x00-\x1f\x7f\x85\u2028\u2029/\\:*?"<>|]+')


def source_suffix(name: PurePath | str) -> str:
    """The suffix that says how a source file is read, lower case: ".html" of "page.HTML.gz", a compressed
    page being read as what it holds."""
    return PurePath(uncompressed_name(PurePath(name).name)).suffix.lower()


def is_html_source(name: PurePath | str) -> bool:
    return source_suffix(name) in HTML_SUFFIXES


def article_id(path: PurePath) -> str:
    """The file's stem made safe to name files and pages with: readable, no separators or controls. A
    compressed page's stem is its decompressed name's: page.html.gz makes the article "page"."""
    cleaned = _UNSAFE_ID.sub("_", PurePath(uncompressed_name(path.name)).stem).strip(" .")
    return cleaned or "article"


def folder_sources(folder: Path) -> FolderListing:
    """The .txt, .html and .htm files (compressed or not) directly in a folder, sorted by name, as path strings
    (a big corpus keeps the list through the evidence pass, and a Path costs several times its string), and what
    is passed over."""
    return list_folder(folder, _is_article_file, "source files", mistaken=unread_article_file, owned=saved_page_folder)


def is_source_name(name: str) -> bool:
    return source_suffix(name) in SOURCE_SUFFIXES


# What a repository keeps in each of its folders to say what the folder is for: no article, whatever its type.
_FOLDER_NOTES = frozenset(("readme", "license", "licence", "copying", "changelog", "contributing"))


def _is_article_file(name: str) -> bool:
    """Whether a file of source/ is one of its articles: a source's name, but for a note on the folder
    (README.txt, LICENSE.md: a team keeping the project in git explains source/ so), which was cleaned as an
    article and failed every publish, "the text is in the Latin script", or was told to be saved as .txt."""
    return is_source_name(name) and not _is_folder_note(name)


def _is_folder_note(name: str) -> bool:
    return name.split(".", 1)[0].lower() in _FOLDER_NOTES


# A browser's "Save Page As" (web page, complete) puts the page's pictures, styles, scripts and frames in a folder
# named after it beside it: story.html and story_files/.
_SAVED_PAGE_FOLDER = "_files"
_SAVED_PAGE_SUFFIXES = tuple(suffix for suffix in HTML_SUFFIXES if suffix not in ARCHIVE_SUFFIXES)


def saved_page_folder(folder: Path, name: str) -> bool:
    """Whether the folder `name` in `folder` is a saved page's own, its page beside it: the page is read, and
    nothing in the folder is an article (its frames are ads and embeds; moved up, each became one)."""
    stem = name.removesuffix(_SAVED_PAGE_FOLDER)
    if stem == name or not stem:
        return False
    return any(is_regular_file(os.path.join(folder, stem + suffix)) for suffix in _SAVED_PAGE_SUFFIXES)


def unread_article_file(name: str) -> str | None:
    """Why a file in source/ that may hold an article is not read, and what to do; None for other files."""
    if _is_folder_note(name):
        return None
    suffix = source_suffix(name)
    if name.lower().endswith(_ARCHIVES_OF_FILES):
        return "is an archive of files, which is not read: unpack its pages into source/ to publish them"
    if not suffix and (compression := compression_suffix(name)):
        stem = uncompressed_name(name)
        return (
            f"is compressed, but its name does not say what it holds, so it is not read: name it {stem}.html"
            f"{compression} (a saved web page) or {stem}.txt{compression} (text) to publish it"
        )
    if not suffix:
        # wget names a page after the last part of its address: news/12345 is saved as 12345.
        return "has no file type, so it is not read: name it .html (a saved web page) or .txt (text) to publish it"
    if suffix in _UNREAD_DOCUMENTS:
        return f"is {_UNREAD_DOCUMENTS[suffix]}, which is not read: save the article as .txt (text) to publish it"
    return None


def project_sources(config: Config) -> FolderListing:
    if not is_folder(config.source_dir):
        raise InputError("the project has no source/ folder", config.source_dir)
    return folder_sources(config.source_dir)


def source_files(config: Config) -> list[Path]:
    """The project's sources: .txt, .html and .htm files (compressed or not) directly in source/, sorted by
    name."""
    return [Path(name) for name in project_sources(config).files]


def source_article_ids(config: Config) -> PackedNameSet | None:
    """The ids of the articles source/ makes, packed (a frozenset of 100,000 took 10 MB through the build);
    None for a project without sources (catalogs only)."""
    if not is_folder(config.source_dir):
        return None
    names = listed_names(config.source_dir, _is_article_file, "source files")
    return PackedNameSet(article_id(PurePath(name)) for name in names) or None


@dataclass(frozen=True)
class SourceArticles:
    """What source/ says of its articles, from one listing: their ids (`source_article_ids`), and those made
    by more than one file (a.txt and a.html), each with those files' paths as messages name them, sorted. Such an
    article is ambiguous: no stage may take either file for it (the one sorting first rewrote a catalog
    reviewed against the other)."""

    ids: PackedNameSet | None
    shared: dict[str, list[str]]
    # "<path>: <why>" for what source/ holds that is not read, from a listing of its own (a run's listing
    # says its own): every command that lists source/ names them.
    passed_over: tuple[str, ...] = ()


def source_articles(config: Config, listed: Sequence[str] | None = None) -> SourceArticles:
    """`source_article_ids` and the shared articles from one listing of source/, for a command that needs both
    (status, build, the catalogs' update): `listed`, the files a run has listed already (`CleanRun.source_names`),
    else a listing of its own. A shared id is found by a digest of each id (8 bytes an article); the names are
    gone through again only when some id is shared."""
    if listed is None and not is_folder(config.source_dir):
        return SourceArticles(None, {})

    passed_over: list[str] = []

    def names(passed: list[str] | None = None) -> Iterable[str]:
        if listed is not None:
            return listed
        return listed_names(
            config.source_dir, _is_article_file, "source files", passed, unread_article_file, saved_page_folder
        )

    seen = PackedKeySet()
    shared: set[str] = set()

    def ids() -> Iterator[str]:
        for name in names(passed_over):
            made = article_id(PurePath(name))
            if seen.add(int.from_bytes(digest(made)[:8], "little")):
                shared.add(made)
            yield made

    source_ids = PackedNameSet(ids()) or None
    if not shared:
        return SourceArticles(source_ids, {}, tuple(passed_over))
    sources: dict[str, list[str]] = {made: [] for made in sorted(shared)}
    for name in names():
        made = article_id(PurePath(name))
        if made in sources:
            sources[made].append(os.fspath(config.source_dir / PurePath(name).name))
    return SourceArticles(source_ids, {made: sorted(paths) for made, paths in sources.items()}, tuple(passed_over))


def without_catalog_warning(
    config: Config, source_ids: Iterable[str] | None, stood_for: Mapping[str, str] | None = None
) -> str | None:
    """The warning naming the files of source/ whose article has no catalog yet, so no page: a newcomer's first
    `build` after adding articles made a site of no article, and `status` showed an empty table, each with
    exit 0 and no word of the articles. None when every article has its catalog. `stood_for`: the run's listing
    of translations/ has it (FolderListing.stood_for), else it is scanned for when a catalog is missing."""
    if source_ids is None:
        return None
    left_out = LeftOutCatalogs(config.translations_dir, stood_for)  # named by the listing of translations/ already
    missing = {
        made
        for made in source_ids
        if file_mode(path := config.translations_dir / catalog_name(made)) is None and left_out.beside(path) is None
    }
    if not missing:
        return None
    names = listed_names(config.source_dir, _is_article_file, "source files")
    files = sorted(os.fspath(config.source_dir / name) for name in names if article_id(PurePath(name)) in missing)
    more = f" (and {len(files) - 1} more)" if len(files) > 1 else ""
    return (
        f"{shown_path(files[0])}{more}: no catalog in translations/ yet, so no page on the site; `toolkit "
        "translate` makes the catalogs (`toolkit publish` the pages too)"
    )
