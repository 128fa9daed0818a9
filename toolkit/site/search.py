"""Offline search with Pagefind, split into bundles so a one-article change re-indexes one bundle only.

Pagefind cannot update an index in place: indexing 1,000 articles (2,000 pages, one per interface) takes about
10 s of CPU. Articles are therefore spread over bundles by a hash of their slug, about bundle_size of them
to a bundle, their number a power of two that grows with the archive; a rebuild re-indexes only the bundles
whose pages changed, and the search page merges all bundles in the browser (Pagefind's `mergeIndex`). The
hash's leading bits name the bundle, so an article stays in its bundle until the count changes (which
re-indexes everything, once per doubling or halving of the archive).
"""

from __future__ import annotations

import base64
import contextlib
import fnmatch
import gzip
import hashlib
import json
import math
import os
import re
import signal
import subprocess
import threading
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import groupby
from pathlib import Path
from typing import IO, NamedTuple

from toolkit import limits
from toolkit.errors import FileSystemError, SiteError, shown_path, toolkit_install_command
from toolkit.packed import PackedNames
from toolkit.site.children import Children
from toolkit.site.interface import SearchedLanguage
from toolkit.site.render import ARTICLES_DIR, search_input
from toolkit.site.settings import (
    LETTER_SCRIPTS,
    PAGEFIND_BASE_BYTES,
    PAGEFIND_ENGINE_FILES,
    PAGEFIND_GROUP_BYTES,
    PAGEFIND_GROUP_INPUT_TIMES,
    PAGEFIND_THREAD_BYTES,
    PAGEFIND_TIMEOUT_SECONDS,
    PAGEFIND_UNUSED_FILES,
    PARALLEL_INDEXERS,
    SEARCH_BUNDLE_ARTICLES,
    SEARCH_BUNDLE_GROWTH,
    SEARCH_BUNDLE_SLACK,
    SEARCH_INPUT_GROUP_SHARE,
    SEARCH_INPUT_MEMORY_BYTES,
    SEARCH_INPUT_MEMORY_FOLDER,
)
from toolkit.site.word_list import (
    SHARD_SUFFIX,
    WORDS_DIR,
    WORDS_INDEX,
    WordList,
    fragment_url,
    input_words,
    site_words_index,
    word_list,
)
from toolkit.store.disk import cause, child_ended
from toolkit.store.files import (
    entries_under,
    file_mode,
    installed_version,
    is_folder,
    make_folder,
    move_into_place,
    read_file,
    read_text,
    remove_file,
    remove_tree,
    write_scratch,
)
from toolkit.store.memory_folder import MemoryFolder, make_memory_folder

SEARCH_DIR = "pagefind"
# Inside the staging folder, gone before it becomes the site: what Pagefind indexes of each bundle's pages, when
# not in memory (Indexer).
MIRROR_DIR = ".search-input"
# Beside each bundle's mirror in MIRROR_DIR, until Pagefind's turn: the names of the pages it indexes.
PAGE_LIST_SUFFIX = ".pages"
# In MIRROR_DIR, what the staging folder held where a bundle is indexed, put aside (Indexer._put_aside).
ASIDE_PREFIX = "aside-"
# The start of the name of a build's folder for Pagefind's input in SEARCH_INPUT_MEMORY_FOLDER
# (toolkit/store/memory_folder).
MEMORY_FOLDER_PREFIX = "toolkit-search-input-"
ENTRY_FILE = "pagefind-entry.json"
# A page's fragment in a bundle: `<FRAGMENT_DIR>/<language>_<hash><FRAGMENT_SUFFIX>`, its id the name's stem.
FRAGMENT_DIR = "fragment"
FRAGMENT_SUFFIX = ".pf_fragment"
# In a bundle's input, the folder of what is indexed of its pages as a language their interface is not in
# (`<folder><language>/<page>`).
OTHER_LANGUAGE_DIR = "."
# What cut_letters puts between two words it cuts apart: a hair space, a space to Pagefind (which writes it as a
# space in the text it gives back); and in place of the spaces a text has between two of them, a word joiner
# between spaces, a word of its own to Pagefind. site.js (`uncut`) takes both out again.
CUT_MARK = "\u200a"
KEPT_SPACE = " \u2060 "


@lru_cache(maxsize=1)
def _letter_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The spaces between a letter (or mark) of LETTER_SCRIPTS and any other character; and the places between a
    letter (or mark) of theirs and any character but a space or a mark of theirs (a mark stays on its letter), and
    between any character but a space and a letter of theirs. Made at the first use: finding the marks looks at
    every letter of the scripts (the Han ideographs among them), 8 ms of every build's start, most of whose
    sites cut no letters."""
    letters = "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in LETTER_SCRIPTS)  # site.js UNCUT
    marks = "".join(
        chr(code)
        for first, last in LETTER_SCRIPTS
        for code in range(first, last + 1)
        if unicodedata.category(chr(code)).startswith("M")
    )
    spaces = re.compile(f"(?<=[{letters}])\\s+(?=\\S)|(?<=\\S)\\s+(?=[{letters}])")
    boundaries = re.compile(f"(?<=[{letters}])(?=[^\\s{marks}])|(?<=\\S)(?=(?![{marks}])[{letters}])")
    return spaces, boundaries


@dataclass(frozen=True)
class BundlePlan:
    path: str  # relative to the site root, ending in "/"
    pages: Iterable[str]  # article pages (relative to the site root) the bundle indexes, sorted
    input_hash: str  # of the pages' catalogs and the Pagefind version: equal hashes give equal bundles


@dataclass(frozen=True)
class BundlePage:
    bundle: str  # the bundle's folder (bundle_of the page's slug)
    page: str  # relative to the site root
    catalog_hash: str  # of the catalog the page is made from: what Pagefind indexes of it changes with it


def pagefind_version() -> str:
    return installed_version("pagefind")


def bundle_size(articles: int, size: int | None = None) -> int:
    """The articles a bundle aims to hold: the site's `size` when it sets one, else SEARCH_BUNDLE_ARTICLES or,
    in a bigger archive, SEARCH_BUNDLE_GROWTH times the square root of its article count. A one-article
    rebuild re-indexes one bundle and a search fetches a little of every bundle: growing both as the square
    root keeps their sum least (at 100,000 articles 256 bundles of about 630, not 2,048 of 64 for every
    search to fetch)."""
    return size or max(SEARCH_BUNDLE_ARTICLES, round(SEARCH_BUNDLE_GROWTH * math.sqrt(articles)))


def bundle_count(articles: int, previous: int | None = None, size: int | None = None) -> int:
    """How many bundles `articles` articles are spread over: the `previous` count while its bundles are
    neither too small nor too big (SEARCH_BUNDLE_SLACK), else the smallest power of two that keeps a bundle
    at bundle_size or under."""
    size = bundle_size(articles, size)
    if previous is not None and previous > 0 and previous & (previous - 1) == 0:
        average = articles / previous
        if size / (2 * SEARCH_BUNDLE_SLACK) < average <= size * SEARCH_BUNDLE_SLACK:
            return previous
    count = 1
    while count * size < articles:
        count *= 2
    return count


def bundle_number(slug: str, bundles: int) -> int:
    """The number of the article `slug`'s bundle among `bundles` (a power of two): the leading bits of its
    hash, so an article is in bundle n of 2^k exactly when it is in bundle n // 2 of 2^(k-1)."""
    bits = bundles.bit_length() - 1
    return int(hashlib.sha256(slug.encode("utf-8")).hexdigest()[:8], 16) >> (32 - bits) if bits else 0


def bundle_path(number: int, bundles: int) -> str:
    """The folder of bundle `number` among `bundles`: their paths sort as their numbers do."""
    return f"{SEARCH_DIR}/b{number:0{max(2, -(-(bundles.bit_length() - 1) // 4))}x}/"


def bundle_of(slug: str, bundles: int) -> str:
    """The folder of the article `slug`'s bundle among `bundles`."""
    return bundle_path(bundle_number(slug, bundles), bundles)


def plan_bundles(pages: Iterable[BundlePage]) -> Iterator[BundlePlan]:
    """The bundles for article pages given in bundle, then page order (as the manifest lists them), one at a
    time; only bundles that hold a page exist."""
    for bundle_path, members in groupby(pages, key=lambda page: page.bundle):
        digest = hashlib.sha256(pagefind_version().encode())
        names = PackedNames(_hashed(members, digest))
        yield BundlePlan(bundle_path, names, digest.hexdigest())


@dataclass(frozen=True)
class PageList:
    """A bundle's pages kept in a file until Pagefind's turn comes: the plans of every bundle to index held
    200,000 page names at 100,000 articles (7 MB, packed) while the list pages were staged."""

    file: Path

    def __iter__(self) -> Iterator[str]:
        yield from read_text(self.file).split("\0")


def spill_pages(site_dir: Path, plan: BundlePlan) -> BundlePlan:
    """The plan with its pages in a file under `site_dir`'s MIRROR_DIR (removed with it by index_bundles);
    a page name never holds a NUL, which separates them."""
    listing = site_dir / MIRROR_DIR / f"{plan.path.rstrip('/')}{PAGE_LIST_SUFFIX}"
    make_folder(listing.parent)
    write_scratch(listing, "\0".join(plan.pages).encode("utf-8"))
    return BundlePlan(plan.path, PageList(listing), plan.input_hash)


def _hashed(members: Iterable[BundlePage], digest: hashlib._Hash) -> Iterator[str]:
    """The members' pages, each with its catalog's hash added to `digest` as it goes by."""
    for member in members:
        digest.update(f"\0{member.page}\0{member.catalog_hash}".encode())
        yield member.page


def _inputs(page: str, searched: Sequence[SearchedLanguage]) -> Iterator[tuple[str, str, SearchedLanguage]]:
    """What search indexes of one article page (relative to the site root): (the input's name in the mirror, the
    URL it is handed to Pagefind at, the language it is indexed as) for each searched language taken from the
    page's interface; another language's input is kept apart in OTHER_LANGUAGE_DIR (no interface's prefix starts
    with a dot) and, since Pagefind keeps one input a URL, handed over at the page's URL with a query the page
    ignores."""
    folder = page.rpartition("/")[0]  # "<prefix>articles"
    for language in searched:
        if folder == language.prefix + ARTICLES_DIR:
            if language.own_pages:
                yield page, f"/{page}", language
            else:
                yield f"{OTHER_LANGUAGE_DIR}{language.language}/{page}", f"/{page}?{language.language}", language


class SearchInput(NamedTuple):
    name: str  # in a bundle's mirror
    url: str  # the URL it is handed to Pagefind at, which its fragment names
    text: bytes  # what Pagefind indexes (render.search_input)
    words: str  # what the bundle's word list lists of it (word_list.input_words)


def page_search_inputs(
    page: str, page_bytes: Callable[[], bytes], searched: Sequence[SearchedLanguage]
) -> list[SearchInput]:
    """What Pagefind indexes of the article page `page` (relative to the site root; its bytes from `page_bytes`, asked
    for only when it is searched), for each language searched in it: render.search_input's part of the page, its
    letters cut where the language is SEARCHED_BY_LETTER, and the words the bundle's word list lists of it."""
    named = list(_inputs(page, searched))
    data = page_bytes() if named else b""
    inputs = []
    for name, url, language in named:
        searched_text = search_input(data, None if language.own_pages else language)
        if language.letters_cut:
            searched_text = cut_letters(searched_text)
        inputs.append(SearchInput(name, url, searched_text, input_words(searched_text, language.letters_cut)))
    return inputs


def _write_input(
    site_dir: Path,
    plan: BundlePlan,
    mirror: Path,
    searched: Sequence[SearchedLanguage],
    made: Mapping[str, list[SearchInput]] | None = None,
) -> tuple[int, dict[str, str]]:
    """Write what Pagefind indexes of each of the bundle's pages (page_search_inputs: a quarter of the page, which
    cuts its work by a fifth) into `mirror`, a folder laid out as the site, so the URLs it records are the site's;
    not a glob naming the pages: a bundle of hundreds of pages with long Arabic names would pass Linux's 128 kB
    limit on one command-line argument. A page's inputs are taken from `made` (by page) where the render worker
    that made the page made them too, else from the page as staged. Returns the bytes written and each input's
    words (SearchInput.words) by its URL."""
    folders = set()
    written = 0
    words = {}
    for page in plan.pages:
        inputs = (made or {}).get(page)
        if inputs is None:
            inputs = page_search_inputs(page, partial(read_file, site_dir / page), searched)
        for made_input in inputs:
            target = mirror / made_input.name
            if target.parent not in folders:
                make_folder(target.parent)
                folders.add(target.parent)
            write_scratch(target, made_input.text)
            written += len(made_input.text)
            words[made_input.url] = made_input.words
    return written, words


def cut_letters(searched_text: bytes) -> bytes:
    """A page's search input with CUT_MARK between each letter of LETTER_SCRIPTS, with its marks, and what stands
    beside it but a space, and KEPT_SPACE for the spaces beside one: the letters of a language SEARCHED_BY_LETTER
    (SearchedLanguage.letters_cut), each a word of its own to Pagefind, and the words of other letters and digits
    between them, as site.js cuts a query in that language."""
    spaces, boundaries = _letter_patterns()
    text = spaces.sub(KEPT_SPACE, searched_text.decode("utf-8", errors="surrogateescape"))
    return boundaries.sub(CUT_MARK, text).encode("utf-8", errors="surrogateescape")


def _language_runs(searched: Sequence[SearchedLanguage]) -> list[tuple[SearchedLanguage, ...]]:
    """The site's searched languages as Pagefind's runs over a bundle take them: one run a language (tags
    Pagefind keys alike, the same tag in another case, in one run, whose index they share)."""
    runs: dict[str, list[SearchedLanguage]] = {}
    for language in searched:
        runs.setdefault(language.language.lower(), []).append(language)
    return [tuple(languages) for languages in runs.values()]


# What a Rust program prints after a panic's message, or after a failed allocation's: how to get its backtrace,
# not what went wrong.
_RUST_PANIC_NOTES = ("note:", "stack backtrace:", "skipping backtrace printing")
# How the indexer says that memory or threads ran out: Rust's failed allocation, and its thread pool refused a
# thread (ThreadPoolBuildError ... WouldBlock, "Resource temporarily unavailable").
_OUT_OF_MEMORY_WORDS = re.compile(r"memory allocation of \d+ bytes failed|WouldBlock|Cannot allocate memory")


def _what_it_said(stderr: str) -> str:
    """The line of the indexer's stderr that says what went wrong: its last but notes on getting a backtrace, or
    the message of a panic (the line after "thread 'main' panicked at <place>:", or that line itself in older
    Rust). Pagefind panics when it cannot start its threads (`ulimit -u`)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    panicked = next((number for number, line in enumerate(lines) if " panicked at " in line), None)
    if panicked is None:
        said = [line for line in lines if not line.startswith(_RUST_PANIC_NOTES)]
        return said[-1] if said else ""
    message = lines[panicked + 1] if panicked + 1 < len(lines) else ""
    return lines[panicked] if not message or message.startswith(_RUST_PANIC_NOTES) else message


# How a program that met a limit on memory in native code ends.
_CRASHED = (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS)


def _check_room(indexer: str) -> None:
    """Under a limit on memory (`ulimit -v`) below what a Pagefind run takes (settings.PAGEFIND_BASE_BYTES), a
    SiteError naming it before Pagefind starts: below it, Pagefind may hang with no word rather than fail."""
    needed = PAGEFIND_BASE_BYTES + (os.cpu_count() or 1) * PAGEFIND_THREAD_BYTES
    refused = limits.too_little_for_a_program("the Pagefind search indexer", needed)
    if refused is not None:
        raise SiteError(refused, indexer)


def _index_one(
    children: Children,
    indexer: str,
    site_dir: Path,
    plan: BundlePlan,
    mirror: Path,
    searched: Sequence[SearchedLanguage],
    words: Mapping[str, str],
    output: _BundleOutput,
) -> None:
    """Index the bundle's pages in the `searched` languages (one run of its `output`) from the input _write_input left
    for it in `mirror`, through Pagefind's service (`pagefind --service`, one of the build's `children`): handed
    over one by one in the plan's order (by name), its pages get the same numbers in the index whatever the file
    system, where Pagefind's own walk of a folder (--site) takes them in the order the folder lists them (newest
    first on tmpfs, by the name's hash on ext4, whose hash seed differs from one file system to the next), so the
    index files differed between an input in memory and one on disk. The bundle's files come back in its answer and
    are written here: the service writes its own files from threads it does not wait for before it answers, and
    ends, cutting them short, once its input is closed."""
    _check_room(indexer)
    try:
        finished, answered = children.run(
            [indexer, "--service"], partial(_ask, mirror, plan, searched), PAGEFIND_TIMEOUT_SECONDS, mirror
        )
    except OSError as error:
        raise SiteError(f"cannot run the Pagefind search indexer: {cause(error)}", indexer) from None
    except subprocess.TimeoutExpired:
        raise SiteError(
            f"the Pagefind search indexer was stopped after {PAGEFIND_TIMEOUT_SECONDS} s on {plan.path}", indexer
        ) from None
    if not isinstance(answered, dict):
        reason = answered or _what_it_said(finished.stderr) or child_ended(finished.returncode)
        if limits.memory_limited() and (_OUT_OF_MEMORY_WORDS.search(reason) or finished.returncode in _CRASHED):
            reason += f"; this run's limit on memory ({limits.memory_limit()}) holds for it too: raise the limit"
        raise SiteError(f"the Pagefind search indexer failed for {plan.path}: {reason}", indexer)
    try:
        entry = json.loads(answered.pop(ENTRY_FILE, b""))
        if not isinstance(entry, dict):
            raise ValueError("not a JSON object")
    except ValueError:
        wrote = f"the Pagefind search indexer wrote no readable {ENTRY_FILE} for {plan.path}"
        raise SiteError(wrote, indexer) from None
    output.write(site_dir / plan.path, answered, entry, _word_lists(answered, words, plan, indexer))


def _word_lists(
    files: dict[str, bytes], words: Mapping[str, str], plan: BundlePlan, indexer: str
) -> dict[str, WordList]:
    """The word list of each language of a run's pages, by the language's key in Pagefind's fragment names, from
    each input's words (`words`, by URL) and the URL its fragment names."""
    fragments: dict[str, list[tuple[str, str]]] = {}
    for name, data in files.items():
        folder, _, file = name.partition("/")
        page, dot, suffix = file.partition(".")
        if folder != FRAGMENT_DIR or f"{dot}{suffix}" != FRAGMENT_SUFFIX:
            continue
        try:
            page_words = words[fragment_url(data)]
        except (zlib.error, ValueError, TypeError, KeyError):
            raise SiteError(
                f"the Pagefind search indexer wrote an unreadable {name} for {plan.path}", indexer
            ) from None
        fragments.setdefault(page.rpartition("_")[0], []).append((page, page_words))
    return {language: word_list(pages) for language, pages in fragments.items()}


def is_engine_file(name: str) -> bool:
    """Whether the file of a bundle named `name` is Pagefind's engine (PAGEFIND_ENGINE_FILES)."""
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in PAGEFIND_ENGINE_FILES)


class _BundleOutput:
    """One bundle's files, made by `runs` Pagefind runs, each for a language (or all), on as many cores at once:
    a one-article rebuild re-indexes one bundle, which one run took a core for while the other stood idle.
    Pagefind indexes each language of a bundle apart (its index, its metadata, each page's fragment), so the
    runs' files are the one run's, byte for byte, but for the entry that lists the languages, which here lists
    those of every run, sorted. A file every run makes is written once; the entry, by the run that ends last.
    Pagefind's engine is not written but kept in `engine`, for place_engine."""

    def __init__(self, runs: int, engine: dict[str, bytes]) -> None:
        self._left = runs
        self._engine = engine
        self._written: set[str] = set()
        self._entry: dict = {}
        self._words: dict[str, dict] = {}  # each language's word list index (word_list.WORDS_INDEX)
        self._lock = threading.Lock()

    def write(self, folder: Path, files: dict[str, bytes], entry: dict, word_lists: dict[str, WordList]) -> None:
        with self._lock:
            self._left -= 1
            last = self._left == 0
            for name in files:
                if is_engine_file(name):
                    self._engine.setdefault(name, files[name])
            mine = sorted(name for name in files if name not in self._written and not is_engine_file(name))
            self._written.update(mine)
            languages = {**self._entry.get("languages", {}), **entry.get("languages", {})}
            self._entry = {**entry, "languages": dict(sorted(languages.items()))}
            merged = json.dumps(self._entry, ensure_ascii=False, separators=(",", ":")).encode() if last else None
            self._words.update(
                (language, {"pages": listed.pages, "shards": listed.first_keys})
                for language, listed in word_lists.items()
            )
            words = dict(sorted(self._words.items())) if last else None
        for name in mine:
            write_scratch(os.path.join(folder, name), files[name])
        for language, listed in word_lists.items():
            for number, shard in enumerate(listed.shards):
                write_scratch(folder / WORDS_DIR / f"{language}-{number}{SHARD_SUFFIX}", shard)
        if merged is not None:
            write_scratch(folder / WORDS_INDEX, gzip.compress(json.dumps(words, ensure_ascii=False).encode(), mtime=0))
            write_scratch(folder / ENTRY_FILE, merged)


def _ask(
    mirror: Path, plan: BundlePlan, searched: Sequence[SearchedLanguage], requests: IO[bytes], answers: IO[bytes]
) -> dict[str, bytes] | str | None:
    """Pagefind's service protocol for one bundle: each message JSON in base64, then a comma, both ways; a new
    index, each input of each page at the page's own URL, then the index's files asked for. Every request goes out
    before any answer is read: Pagefind takes them in order, and queues its answers without waiting for them
    to be read. Returns the bundle's files by name, the words of the error Pagefind answered, or None when its
    answers end before that (it failed, or is no Pagefind)."""
    number = 0
    _send(requests, number, {"type": "NewIndex", "config": None})
    for page in plan.pages:
        for name, url, _ in _inputs(page, searched):
            number += 1
            text = read_file(mirror / name).decode("utf-8", errors="replace")
            _send(requests, number, {"type": "AddFile", "index_id": 0, "url": url, "file_contents": text})
    last = number + 1
    _send(requests, last, {"type": "GetFiles", "index_id": 0})
    requests.flush()
    # Each answer is decoded as it comes, a whole number of base64 quanta at a time: the last, the bundle's
    # files, is megabytes, held once (as JSON) rather than also as its base64 and as the pieces read.
    decoded, undecoded = bytearray(), b""
    while chunk := answers.read1(1 << 16):
        while chunk:
            end = chunk.find(b",")
            piece, chunk = (chunk, b"") if end < 0 else (chunk[:end], chunk[end + 1 :])
            text = undecoded + piece
            whole = len(text) - len(text) % 4
            try:
                decoded += base64.b64decode(text[:whole], validate=True)
                undecoded = text[whole:]
                if end < 0:
                    continue
                answer = json.loads(decoded)
                decoded, undecoded = bytearray(), b""
                payload = answer["payload"]
                if payload["type"] == "Error":
                    return str(payload["message"])
                if answer["message_id"] == last:
                    return _files(payload["files"])
            except (ValueError, TypeError, KeyError):
                return "its answer is not in Pagefind's service protocol"
    return None


def _files(answered: list[dict[str, str]]) -> dict[str, bytes]:
    """The bundle's files Pagefind answered, by name, but those the site does not use."""
    files = {}
    for file in answered:
        name = file["path"]
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise ValueError("a file outside the bundle's folder")
        if name not in PAGEFIND_UNUSED_FILES:
            files[name] = base64.b64decode(file["content"])
    return files


def _send(requests: IO[bytes], number: int, payload: dict) -> None:
    message = json.dumps({"message_id": number, "payload": payload}, ensure_ascii=False).encode()
    requests.write(base64.b64encode(message) + b",")


def _indexer() -> str:
    """Pagefind's binary (pagefind_bin's, or one on PATH), run directly: `python -m pagefind` only finds and
    execs it, and starting Python for that cost about 0.09 s of CPU a bundle, 1.4 s a full build. Any build
    serves: the scripts written without spaces are given to it letter by letter (cut_letters)."""
    try:
        from pagefind.service import get_executable
    except ImportError as error:
        if limits.line_for(error):  # installed, but memory ran out loading it: the limit is what to name
            raise
        raise SiteError(
            f"the Pagefind search indexer is not installed; reinstall the toolkit: {toolkit_install_command()}"
        ) from None
    binary = get_executable()
    if binary is None:
        raise SiteError(
            f"the Pagefind search indexer's binary is missing; reinstall the toolkit: {toolkit_install_command()}"
        )
    binary = str(binary)
    return os.path.abspath(binary) if os.sep in binary else binary  # it runs from the site's folder


def _input_memory_bytes() -> int:
    """The most input a build keeps in the memory-backed folder: SEARCH_INPUT_MEMORY_BYTES, or under a control
    group's limit on memory the share of what it leaves that SEARCH_INPUT_GROUP_SHARE says, if less."""
    group = limits.control_group()
    if group is None:
        return SEARCH_INPUT_MEMORY_BYTES
    return min(SEARCH_INPUT_MEMORY_BYTES, max(0, group.left) // SEARCH_INPUT_GROUP_SHARE)


class Indexer:
    """Pagefind over each search bundle handed in, PARALLEL_INDEXERS runs at a time, while the build goes on:
    the build stages the articles bundle by bundle and hands each bundle in as soon as its pages are staged,
    so Pagefind's processes share the cores with the rendering from the first bundle on instead of waiting
    for the last page (and a core left idle while only the tail of the indexing runs). Each bundle's input is
    taken from its pages when it is handed in, so the build may then rewrite them outside their searched part
    (the links to their neighbours): in a memory-backed folder while it holds less than
    SEARCH_INPUT_MEMORY_BYTES of input (or half its free space), else in the staging folder (MIRROR_DIR); once
    the memory folder refuses a bundle (full, or gone), every later one goes in the staging folder. It goes as
    soon as the bundle's last run ends (a run a language: _BundleOutput), in that run's own thread, since
    removing files waits on the disk. Leaving the `with` block waits for the runs under way (dropping the ones
    not started) and removes what is left of the inputs."""

    def __init__(self, site_dir: Path, searched: Sequence[SearchedLanguage], memory: limits.GroupLedger) -> None:
        self._site_dir = site_dir  # the staging folder
        self._searched = searched  # the site's languages, each with the pages it is indexed from
        self._indexer = ""
        self._pool: ThreadPoolExecutor | None = None
        self._runs: dict[str, list[Future[None]]] = {}  # bundle -> its runs, a language (or more) each
        self._runs_left: dict[str, int] = {}  # bundle -> its runs not ended yet
        self._memory: MemoryFolder | None = None  # this build's folder in SEARCH_INPUT_MEMORY_FOLDER, once made
        self._memory_room = 0  # the bytes of input it may hold; 0 once it refused one
        self._in_memory = 0  # bytes of input there now
        # bundle -> its input's folder, the bytes it holds, whether they are in memory
        self._inputs: dict[str, tuple[Path, int, bool]] = {}
        self._words: dict[str, dict[str, str]] = {}  # bundle -> its inputs' words (SearchInput.words) by URL
        # bundle -> page -> its inputs, as the render worker that made the page made them (keep_inputs)
        self._made: dict[str, dict[str, list[SearchInput]]] = {}
        self._aside: list[Path] = []  # folders put out of the runs' way, to remove while they go
        self._engine: dict[str, bytes] = {}  # Pagefind's engine files, by name, as the runs gave them
        self._lock = threading.Lock()
        self._children = Children()  # the Pagefind runs under way
        self._memory_promised = memory  # the build's account of its control group

    def __enter__(self) -> Indexer:
        return self

    def __exit__(self, *exception: object) -> None:
        if self._pool is not None:
            if exception[0] is not None:
                self._children.stop()
            self._pool.shutdown(wait=True, cancel_futures=True)
        remove_tree(self._site_dir / MIRROR_DIR)
        if self._memory is not None:
            self._memory.remove()

    def keep_inputs(self, bundle: str, inputs: dict[str, list[SearchInput]]) -> None:
        """Keep what Pagefind indexes of pages of `bundle` (by page: page_search_inputs), made with the pages, until
        the bundle is indexed or carried over (`forget`): the pages are then not read back and taken apart again
        (2,000 pages of a full build, in the build's own process)."""
        self._made.setdefault(bundle, {}).update(inputs)

    def forget(self, bundle: str) -> None:
        """Drop the inputs kept for the pages of `bundle`, which is not indexed."""
        self._made.pop(bundle, None)

    def index(self, plan: BundlePlan) -> None:
        """Start indexing a bundle whose pages are all staged."""
        if self._pool is None:
            self._indexer = _indexer()
            self._pool = ThreadPoolExecutor(max_workers=PARALLEL_INDEXERS)
            self._memory = make_memory_folder(
                Path(SEARCH_INPUT_MEMORY_FOLDER), MEMORY_FOLDER_PREFIX, _input_memory_bytes()
            )
            self._memory_room = 0 if self._memory is None else self._memory.room
        self._put_aside(plan.path)
        self._inputs[plan.path], self._words[plan.path] = self._write_input(plan, self._made.pop(plan.path, {}))
        # A run a language while a worker would otherwise wait (a rebuild's one bundle, the first of a full
        # build's); else one run for all, which saves a Pagefind start (11 ms of CPU) a bundle.
        with self._lock:
            busy = sum(not run.done() for runs in self._runs.values() for run in runs)
        runs = _language_runs(self._searched) if busy < PARALLEL_INDEXERS else [tuple(self._searched)]
        output = _BundleOutput(len(runs), self._engine)
        with self._lock:
            self._runs_left[plan.path] = len(runs)
        self._runs[plan.path] = [self._pool.submit(self._run, plan, languages, output) for languages in runs]

    def _put_aside(self, path: str) -> None:
        """Move what the staging folder holds where the bundle at `path` goes (that bundle as the site before
        the current one had it, whose files the runs name anew) out of their way at once, for `finish` to remove
        while they go: removed file by file first, it held the bundle's Pagefind back (0.01 s on a quiet
        machine, 0.17 s under load, of a one-article rebuild's 0.8 s)."""
        bundle = self._site_dir / path
        if file_mode(bundle, follow_links=False) is not None:
            aside = self._site_dir / MIRROR_DIR / f"{ASIDE_PREFIX}{len(self._aside)}"
            make_folder(aside.parent)
            move_into_place(bundle, aside, "put aside the previous search bundle")
            self._aside.append(aside)

    def _write_input(
        self, plan: BundlePlan, made: Mapping[str, list[SearchInput]]
    ) -> tuple[tuple[Path, int, bool], dict[str, str]]:
        """The bundle's input written (`made`: the inputs kept for its pages): its folder, the bytes it holds,
        whether it is in memory; and its inputs' words by URL."""
        with self._lock:
            in_memory = self._memory is not None and self._in_memory < self._memory_room
        if in_memory:
            mirror = self._memory.path / plan.path
            try:
                size, words = _write_input(self._site_dir, plan, mirror, self._searched, made)
            except FileSystemError:  # the memory folder is full, or went: the disk's turn, from now on
                size = None
            # Its files are the control group's memory, which the kernel cannot take back as it takes back a file's
            # pages on disk: promised in the build's account of the group, or moved to the disk.
            if size is not None and not self._memory_promised.promise("the search input", size, ends_on_its_own=False):
                with self._lock:
                    self._in_memory += size
                return (mirror, size, True), words
            remove_tree(mirror)
            with self._lock:
                self._memory_room = 0
        mirror = self._site_dir / MIRROR_DIR / plan.path
        size, words = _write_input(self._site_dir, plan, mirror, self._searched, made)
        return (mirror, size, False), words

    def _run(self, plan: BundlePlan, languages: Sequence[SearchedLanguage], output: _BundleOutput) -> None:
        try:
            mirror, size, _ = self._inputs[plan.path]
            with self._room_for_a_run(PAGEFIND_GROUP_BYTES + PAGEFIND_GROUP_INPUT_TIMES * size):
                words = self._words[plan.path]
                _index_one(self._children, self._indexer, self._site_dir, plan, mirror, languages, words, output)
        finally:
            with self._lock:
                self._runs_left[plan.path] -= 1
                last = self._runs_left[plan.path] == 0
            if last:
                self._drop_input(plan.path)

    @contextlib.contextmanager
    def _room_for_a_run(self, needed: int) -> Iterator[None]:
        """A Pagefind run that takes about `needed` bytes (settings.PAGEFIND_GROUP_BYTES) let start once the build's
        account of its control group holds it beside every promise made to the rest of the build: past the limit
        the kernel kills the build without a word. Without room the run waits for a run under way or the render
        workers to end; with none to wait for, SiteError naming the limit."""
        refused = self._memory_promised.promise("the Pagefind search indexer", needed, ends_on_its_own=True, wait=True)
        if refused is not None:
            raise SiteError(refused, self._indexer)
        try:
            yield
        finally:
            self._memory_promised.give_back(needed, ends_on_its_own=True)

    def _drop_input(self, path: str) -> None:
        """Remove the input of the bundle at `path`, once: after its run, or in place of a run cancelled."""
        with self._lock:
            mirror, size, in_memory = self._inputs.pop(path, (None, 0, False))
            self._words.pop(path, None)
            if in_memory:
                self._in_memory -= size
        if mirror is not None:
            remove_tree(mirror)
        if in_memory:
            self._memory_promised.give_back(size, ends_on_its_own=False)

    def discard(self, path: str) -> None:
        """Drop what was made for the bundle at `path` (a run, or a bundle carried over), to index it anew."""
        # A run not started yet is dropped at once (waiting on it would wait for a free worker to pass it over).
        wait([run for run in self._runs.pop(path, ()) if not run.cancel()])
        self._drop_input(path)
        remove_tree(self._site_dir / path)

    def finish(self) -> tuple[str, ...]:
        """Wait for every run (a failed one raises its SiteError); the bundles indexed, in path order."""
        for aside in self._aside:
            remove_tree(aside)
        self._aside.clear()
        for runs in self._runs.values():
            for run in runs:
                run.result()
        return tuple(sorted(self._runs))

    def words_index(self, bundles: Sequence[str]) -> bytes:
        """The site's SITE_WORDS_INDEX from its `bundles`' word list indexes (in path order, as the search page lists
        them), each indexed now or carried over."""
        return site_words_index(read_file(self._site_dir / bundle / WORDS_INDEX) for bundle in bundles)

    def place_engine(self, bundles: Sequence[str], site_dir: Path) -> None:
        """Put Pagefind's engine in the first of the site's `bundles` (in path order, as the search page lists
        them), the one the browser loads it from, and take it out of the others: as the runs gave it, or,
        when no bundle was indexed, as the site in place at `site_dir` has it. A rebuild whose first bundle is
        carried over keeps its engine; one whose first bundle went gives it to the next."""
        if not bundles:
            return
        for bundle in bundles[1:]:
            for entry in _engine_entries(self._site_dir / bundle):
                remove_file(entry)
        first = self._site_dir / bundles[0]
        if _engine_entries(first):
            return
        engine = self._engine or _engine_in_place(site_dir)
        if not engine:
            raise SiteError(
                f"the search engine's files ({', '.join(PAGEFIND_ENGINE_FILES)}) are in no search bundle; "
                f"remove {shown_path(site_dir / SEARCH_DIR)} and build again",
                site_dir / SEARCH_DIR,
            )
        for name, data in engine.items():
            write_scratch(first / name, data)


def _engine_entries(bundle: Path) -> list[Path]:
    return [entry for entry in entries_under(bundle, recursive=False) if is_engine_file(entry.name)]


def _engine_in_place(site_dir: Path) -> dict[str, bytes]:
    """Pagefind's engine as the first bundle of the site in place that holds it has it; none when none does."""
    for bundle in entries_under(site_dir / SEARCH_DIR, recursive=False):
        if is_folder(bundle) and (entries := _engine_entries(bundle)):
            return {entry.name: read_file(entry) for entry in entries}
    return {}
