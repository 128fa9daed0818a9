"""Files to Articles: find the sources, decode them, turn them into lines, gather corpus evidence, clean.

This is the stage's edge: it reads files. Everything after `read_document` is pure.
"""

from __future__ import annotations

import functools
import os
import re
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath

from toolkit.clean.archive import ARCHIVE_SUFFIXES, ArchiveError, unpack_archive
from toolkit.clean.corpus import CorpusEvidence, build_corpus_evidence, countable
from toolkit.clean.decode import MAX_ARCHIVE_BYTES, MAX_SOURCE_BYTES, decode_source, too_large_for_an_article
from toolkit.clean.language import not_cleaned, script_mismatch
from toolkit.clean.lines import SourceLine
from toolkit.clean.metadata import opens_own_line, standalone_dateline
from toolkit.clean.rules import EXTRACTOR_LEFT_OUT, POSITION_RULES, MetadataHints, clean_lines
from toolkit.clean.settings import CleanSettings, load_settings
from toolkit.clean.shapes import odd_shape
from toolkit.clean.sources import (
    article_id,
    folder_sources,
    is_html_source,
    is_source_name,
    project_sources,
    source_suffix,
    unknown_type_error,
)
from toolkit.clean.text import text_lines
from toolkit.config import CONFIG_FILE, Config
from toolkit.errors import NAMED_AT_MOST, ConfigError, InputError, OtherScriptError, ToolkitError, named_few, shown_path
from toolkit.model import Article, RemovedLine
from toolkit.packed import GrowingNames, PackedKeySet
from toolkit.store.cache import NO_CACHE, RunCache, code_version, content_digest, digest
from toolkit.store.compressed import (
    DamagedCompressionError,
    DecompressedTooLargeError,
    read_page,
)
from toolkit.store.disk import TooLargeError, cause
from toolkit.store.files import file_mode, installed_version, is_folder, real_path
from toolkit.store.listing import NAME_NOT_UTF8, FolderListing, is_utf8_name
from toolkit.store.spill import Spill

# The run cache's kind of an article's head (CachedArticle), kept beside the article under the same key.
ARTICLE_HEAD_KIND = "article head"
# A tag, a comment, a doctype or a processing instruction: what any HTML page has and plain text lacks.
_MARKUP = re.compile(r"<[A-Za-z!/?]")
# How an HTML document starts, after any comments: a page saved as .txt (curl -o page.txt) was cleaned as text
# and refused as "in the Latin script" (its markup), which sent its user looking for a language problem.
_HTML_DOCUMENT = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class SourceDocument:
    """One source file read and split into lines, before cleaning."""

    path: Path
    article_id: str
    source: str
    lines: list[SourceLine]
    hints: MetadataHints | None


def settings_for(config: Config) -> CleanSettings:
    return load_settings(config.extra.get("clean"), source=config.project_dir / CONFIG_FILE)


def display_path(path: Path, config: Config) -> str:
    """The path relative to the project when the file is inside it, else as given. Inside by its name first:
    a source/ that is a link to a folder elsewhere still holds source/NAME, which catalogs name their article
    by (resolved first, every catalog took a machine's absolute path on the next translate)."""
    for inside in (Path(os.path.abspath(path)), real_path(path)):
        try:
            return inside.relative_to(config.project_dir).as_posix()
        except ValueError:
            continue
    return str(path)


def _named_sources(paths: list[Path]) -> tuple[FolderListing, list[ToolkitError]]:
    listing = FolderListing()
    errors: list[ToolkitError] = []
    for path in paths:
        if is_folder(path):
            folder = folder_sources(path)
            listing.files.extend(folder.files)
            listing.passed_over.extend(folder.passed_over)
        elif file_mode(path) is None:
            errors.append(InputError(_no_such_file(path), path))
        elif not is_source_name(path.name):
            errors.append(unknown_type_error(path))
        else:
            listing.files.append(str(path))
    if len(paths) > 1:
        listing.files = _each_once(listing.files)
    return listing, errors


def _each_once(names: Iterable[str]) -> list[str]:
    """Each file once, first spelling kept: named twice, or by itself and through its folder, as a shell's
    globs overlap (`clean a.txt source/`)."""
    seen: set[str] = set()
    once = []
    for name in names:
        key = os.path.normpath(os.path.abspath(name))
        if key not in seen:
            seen.add(key)
            once.append(name)
    return once


def expand_paths(paths: list[Path]) -> tuple[list[Path], list[ToolkitError]]:
    """Files named on the command line; a folder stands for its source files. Bad names become errors."""
    listing, errors = _named_sources(paths)
    return [Path(name) for name in listing.files], errors


def _html_document(
    path: Path, text: str, config: Config, with_left_out: bool
) -> tuple[list[SourceLine], MetadataHints]:
    from toolkit.clean.html import extract_page

    page = extract_page(text, config.source_language, settings_for(config), with_left_out=with_left_out)
    if page.nested_too_deep:
        # Published, the article would lack whatever the parser dropped, and nobody would know.
        raise InputError(
            "elements nested more than 2,048 deep (unclosed tags?): the HTML parser drops the text inside them; "
            "close the tags, or save the article's text as .txt",
            path,
        )
    hints = MetadataHints(
        title=page.title,
        date=page.date,
        byline=page.byline,
        outlet=page.outlet,
        language=page.language,
        provenance=dict(page.provenance),
        left_out=tuple(RemovedLine(block.line, block.text, EXTRACTOR_LEFT_OUT, block.path) for block in page.left_out),
        url=page.url,
        sections=page.sections,
    )
    return page.lines, hints


def read_document(path: Path, data: bytes, config: Config, with_left_out: bool = False) -> SourceDocument:
    """Decode one file's bytes and split it into lines (text) or main-content blocks (HTML). `with_left_out`: an
    HTML page's visible text the extractor did not keep is listed among the removed lines, with its place in the
    page (what `toolkit clean --explain` and its JSON show; publishing has no use for it)."""
    if not is_source_name(path.name):
        raise unknown_type_error(path)
    is_html = is_html_source(path)
    archived = None
    if (suffix := source_suffix(path)) in ARCHIVE_SUFFIXES:
        try:
            archived = unpack_archive(suffix, data)
        except ArchiveError as error:
            raise InputError(str(error), path) from None
        data = archived.html
    text = decode_source(data, str(path), html=is_html, language=config.source_language)
    if is_html:
        lines, hints = _html_document(path, text, config, with_left_out)
        if archived is not None and archived.url and hints.url is None:
            provenance = {**hints.provenance, "url": f"address the page was saved from ({archived.url_source})"}
            hints = replace(hints, url=archived.url, provenance=provenance)
        if not lines and not _MARKUP.search(text):
            raise InputError("no HTML markup in the page: it is plain text; name it .txt to clean it as text", path)
    elif _HTML_DOCUMENT.match(text):
        raise InputError("holds a web page (HTML), not text: name it .html to clean it as a page", path)
    else:
        settings = settings_for(config)
        patterns, agency_words = settings.patterns, settings.lines.dateline_agency_max_words
        lines = text_lines(
            text,
            settings.lines,
            lambda line: standalone_dateline(line, patterns, agency_words) is not None,
            lambda text: opens_own_line(text, patterns),
        )
        hints = None
    return SourceDocument(path, article_id(path), display_path(path, config), lines, hints)


def clean_document(document: SourceDocument, config: Config, corpus: CorpusEvidence | None) -> Article:
    settings = settings_for(config)
    language = document.hints.language if document.hints else None
    html = is_html_source(document.path)
    kept = [line for line in document.lines if line.hint != "title"] if html else document.lines
    unit = "block" if html else "line"
    if said := script_mismatch(document.lines, language, config.source_language, settings):
        if no_text := _no_text(html, odd_shape(kept, unit, settings.lines)):
            raise InputError(no_text, document.path)
        raise OtherScriptError(not_cleaned(said, config.source_language, settings), document.path, said)
    article = clean_lines(
        document.lines,
        article_id=document.article_id,
        source=document.source,
        settings=settings,
        corpus=corpus,
        source_language=config.source_language,
        hints=document.hints,
    )
    if not any(block.kind in ("paragraph", "lead") for block in article.blocks):
        if said := _no_text(html, odd_shape(kept, unit, settings.lines)):
            raise InputError(said, document.path)
        if html:
            blocks = f" (the extractor kept {len(kept)} blocks, none of them article text)" if kept else ""
            raise InputError(f"no main content found in the page{blocks}", document.path)
        count = len(kept_lines := [line for line in kept if line.text.strip()])
        if not count:
            # Blank once zero-width spaces, byte order marks and direction marks are dropped: no line to call
            # boilerplate ("all 0 lines were").
            raise InputError(
                "no article text found: it holds only blank lines and invisible characters (zero-width spaces, "
                "direction marks)",
                document.path,
            )
        placed = sum(1 for removed in article.removed if removed.rule in POSITION_RULES)
        if placed * 2 > count:
            # No line was a sentence to build a body around, so every line fell outside it: calling them
            # boilerplate would name no rule that saw them.
            longest = max(len(line.text.split()) for line in kept_lines)
            raise InputError(
                f"no article text found: none of its {count} lines reads as a paragraph (a sentence of "
                f"{settings.lines.extend_min_words} words or more ending with a stop; the longest line has "
                f"{longest} word{'' if longest == 1 else 's'})",
                document.path,
            )
        raise InputError(f"no article text found (all {count} lines were boilerplate)", document.path)
    return article


def _no_text(html: bool, shape: str | None) -> str | None:
    """The message for a text of an odd shape (see clean/shapes), None for any other."""
    if shape is None:
        return None
    return f"no main content found in the page: {shape}" if html else f"no article text found: {shape}"


def clean_file(
    path: Path, data: bytes, config: Config, corpus: CorpusEvidence | None = None, with_left_out: bool = False
) -> Article:
    return clean_document(read_document(path, data, config, with_left_out), config, corpus)


# What stands for standard input in most tools (`toolkit clean - < page.html`), named as the file it is here.
_DASH_IS_A_FILE = "no such file; '-' is not standard input here: save the text to a file and give its path"


def _no_such_file(path: Path) -> str:
    return _DASH_IS_A_FILE if path.name == "-" else "no such file"


def read_source(path: Path) -> bytes:
    """The bytes of a source file (a compressed page decompressed), or an InputError naming it."""
    if not is_utf8_name(path):
        raise InputError(NAME_NOT_UTF8, path)
    try:
        return read_page(path, MAX_ARCHIVE_BYTES if source_suffix(path) in ARCHIVE_SUFFIXES else MAX_SOURCE_BYTES)
    except (DecompressedTooLargeError, DamagedCompressionError) as error:
        raise InputError(cause(error), path) from None
    except TooLargeError as error:
        raise InputError(too_large_for_an_article(error.size, error.limit), path) from None
    except OSError as error:
        missing_dash = path.name == "-" and isinstance(error, FileNotFoundError)
        raise InputError(_DASH_IS_A_FILE if missing_dash else f"cannot read: {cause(error)}", path) from None


@dataclass(frozen=True)
class _Unchanged:
    """A source file as an earlier run cleaned it (its key in the cache matches): what the evidence counts of
    it, without reading or extracting it again."""

    name: str
    key: bytes  # digest of its bytes and of everything else its cleaning depends on, corpus evidence aside
    countable: tuple[SourceLine, ...]


# What the evidence pass keeps for the cleaning: a document read (with its cache key), or a file unchanged.
_Spilled = tuple[bytes, SourceDocument] | _Unchanged


@dataclass(frozen=True)
class CachedArticle:
    """An article an earlier run cleaned from the same bytes and evidence, as the stream hands it on: what the
    catalog stage and the run's warnings look at (its id, source file, warnings and `article_digest`), read
    from the run cache without the article, which is read (`whole`) only for a catalog that must be merged
    again. Unpickling every article took a fifth of a run with one source changed (34 MB at 10,000)."""

    id: str
    source: str
    warnings: tuple[str, ...]
    digest: bytes
    text_key: int  # `Article.text_key`
    _load: Callable[[], Article] = field(repr=False, compare=False)

    def whole(self) -> Article:
        return self._load()


def whole_article(article: Article | CachedArticle) -> Article:
    return article.whole() if isinstance(article, CachedArticle) else article


def same_article_warning(sources: Sequence[Path | str], listed_below: bool = False) -> str:
    """What names sources that hold one article (`Article.text_key`), in every command that says it: each of a
    few, the first few of more and how many (`listed_below`: status names the rest, each on a line of its own
    after it; the other commands send the reader there)."""
    shown = [shown_path(source) for source in sources]
    extra = "one" if len(shown) == 2 else "all but one"
    if len(shown) <= NAMED_AT_MOST:
        listed = f"{named_few(shown)} hold the same article (its title and text)"
    else:
        rest = "each named below" if listed_below else "`toolkit status` lists them all"
        listed = f"{len(shown):,} sources hold the same article (its title and text): {named_few(shown)} ({rest})"
    return f"{listed}; each is published as an article of its own: delete {extra}"


class SameArticles:
    """Sources that hold one article under different names (the same `Article.text_key`), gathered as a run's
    articles go by, for the run to say: nothing else tells a page saved as .html and its text saved as .txt apart
    from two articles, and both were published. 8 bytes and the source's path an article, not a dict of them."""

    def __init__(self) -> None:
        self._keys = PackedKeySet()
        self._sources = GrowingNames()  # the source of each key, in the order the keys were added
        self._others: dict[int, list[str]] = {}  # a key's position -> the sources met with it after the first

    def add(self, text_key: int, source: str) -> None:
        if self._keys.add(text_key):
            first = self._keys.position(text_key)
            assert first is not None
            self._others.setdefault(first, []).append(source)
        else:
            self._sources.append(source)

    def warnings(self, named: Callable[[str], Path | str]) -> list[str]:
        """`same_article_warning` for each of the `groups`."""
        return [same_article_warning(sources) for sources in self.groups(named)]

    def groups(self, named: Callable[[str], Path | str]) -> list[list[Path | str]]:
        """The sources of each article held by sources of more than one article id, in order, each `named` as
        the command names the file (`Config.source_file`): files that make one id (a.txt and a.html) are an
        error of their own (`SourceArticles.shared`)."""
        groups = []
        for first, others in sorted(self._others.items()):
            sources = sorted([self._sources[first], *others])
            if len({article_id(PurePath(source)) for source in sources}) > 1:
                groups.append([named(source) for source in sources])
        return groups


@dataclass
class CleanRun:
    """Cleaned articles as a stream, one file at a time, so that a big corpus is never held in memory at once.

    `errors` holds the files that could not be read once the run is made, and gains those that cannot be
    cleaned as `articles` is consumed (in file order); consume `articles` once, before reading `errors`.
    With a run cache, an article cleaned by an earlier run comes as a CachedArticle.
    """

    articles: Iterator[Article | CachedArticle]
    errors: list[ToolkitError]
    passed_over: list[str] = field(default_factory=list)  # "<path>: <why>" for entries of the folders not read
    # The files of source/ as the run listed them (`source_articles` takes them: one listing a run); None for
    # a run over named files.
    source_names: Sequence[str] | None = None
    # The sources of the articles taken from the stream that hold one article (`SameArticles.warnings`).
    same_articles: SameArticles = field(default_factory=SameArticles)
    # The article last taken from the stream and its digest, when the run cache holds it.
    _current: tuple[Article, bytes] | None = field(default=None, repr=False)

    def digest_of(self, article: Article | CachedArticle) -> bytes | None:
        """`article_digest` of the article just taken from the stream, as the cache kept it with the article
        (an article read back from the cache is not digested again: that took four times its reading);
        None for any other article."""
        if isinstance(article, CachedArticle):
            return article.digest
        current = self._current
        return current[1] if current is not None and current[0] is article else None


def article_digest(article: Article) -> bytes:
    """A digest of the article's every field (by value: the same article made afresh or read back)."""
    return digest(article)


def _cleaner_key(config: Config) -> bytes:
    """What a cleaned article depends on besides its bytes and the corpus evidence: the cleaner's code and
    settings, the language, the project folder (the source path shown) and the HTML extractors' versions."""
    return digest(
        code_version("clean", "scripts", "model"),
        settings_for(config),
        config.source_language,
        str(config.project_dir),
        *map(installed_version, ("trafilatura", "htmldate", "justext", "lxml", "beautifulsoup4")),
    )


def _evidence_key(countable: Iterable[SourceLine], corpus: CorpusEvidence) -> bytes:
    """The corpus evidence that can change one article: how often each of its countable lines recurs."""
    return digest(tuple(corpus.recurring(line.text) for line in countable))


def clean_stream(
    config: Config,
    paths: list[Path] | None = None,
    on_file: Callable[[], object] | None = None,
    cache: RunCache = NO_CACHE,
    with_left_out: bool = False,
) -> CleanRun:
    """Clean every named file (or all of source/); one bad file never stops the others.

    Corpus evidence is gathered over all the files read, so furniture shared by a site's pages goes: a first
    pass reads every file for its evidence, and the second cleans them one by one. Each file is read (and an
    HTML page extracted, the costly part) once: the first pass keeps what it read in a temporary file, which
    the cleaning reads back, so a file changed on disk in between is cleaned from what its evidence came from.
    `on_file` is called once per file read and once per file cleaned (a progress display).

    With a `cache` of earlier runs, a file whose bytes (and the cleaner) are unchanged is neither read (its
    status vouches for it, `RunCache.file_key`) nor split nor extracted again: the evidence takes its
    countable lines from the cache, and its article comes from the cache too unless the evidence about its
    own lines changed. `with_left_out`: see read_document.
    """
    tick = on_file or (lambda: None)
    if paths:
        listing, errors = _named_sources(paths)
    else:
        listing, errors = project_sources(config), []
    names = listing.files
    read_documents: Spill[_Spilled] = Spill("the documents read")
    cleaner = digest(_cleaner_key(config), with_left_out) if cache is not NO_CACHE else b""
    max_words = settings_for(config).corpus.max_words

    def countable_lines(document: SourceDocument) -> tuple[SourceLine, ...]:
        return tuple(line for line in document.lines if countable(line.text, max_words))

    def evidence_lines() -> Iterator[Sequence[SourceLine]]:
        for name in names:
            try:
                if not is_utf8_name(name):  # before the name is a key of the cache
                    raise InputError(NAME_NOT_UTF8, Path(name))
                # An unchanged file is known by its status alone (`file_key`), and not read.
                key = digest(cleaner, name, cache.file_key(name)) if cleaner else b""
                known = cache.get("source", name, key) if cleaner else None
                document = None
                if known is None:
                    # A Path made only for a file read: at 10,000 unchanged sources a Path each cost more than
                    # the cache's answer.
                    path = Path(name)
                    data = read_source(path)
                    # Keyed by the bytes read, whatever the file holds by now.
                    key = digest(cleaner, name, content_digest(data)) if cleaner else b""
                    document = read_document(path, data, config, with_left_out)
            except ToolkitError as error:
                errors.append(error)
            else:
                if document is None:
                    read_documents.write(_Unchanged(name, key, known))
                    yield known
                else:
                    read_documents.write((key, document))
                    if cleaner:
                        cache.put("source", name, key, countable_lines(document))
                    yield document.lines
            tick()

    try:
        corpus = build_corpus_evidence(evidence_lines(), settings_for(config).corpus)
        read_documents.rewind()
    except BaseException:
        read_documents.close()
        raise

    def clean_item(item: _Spilled) -> tuple[Article, bytes | None] | CachedArticle:
        if not cleaner:
            return clean_document(item[1], config, corpus), None
        if isinstance(item, _Unchanged):
            article_key = digest(item.key, _evidence_key(item.countable, corpus))
            head = cache.get(ARTICLE_HEAD_KIND, item.name, article_key)
            if head is not None:
                return CachedArticle(*head, functools.partial(whole_only, item.name, item.key, article_key))
            return whole(item.name, item.key, article_key, None)
        key, document = item
        return whole(str(document.path), key, digest(key, _evidence_key(countable_lines(document), corpus)), document)

    def whole(
        name: str, source_key: bytes, article_key: bytes, document: SourceDocument | None
    ) -> tuple[Article, bytes]:
        """The article cleaned from the file `name` as the cache holds it, else cleaned (the file read again
        when `document` is None: an unchanged file whose evidence changed, or whose article is wanted whole
        after its head) and put in the cache; its head is put there either way (an article an earlier toolkit
        cached has none). `source_key` and `article_key` are the keys of the bytes the evidence pass read: a
        file read again is keyed by the bytes read this time, which an edit since may have changed."""
        made = cache.get("article", name, article_key)
        if made is None and document is None:
            data = read_source(Path(name))
            document = read_document(Path(name), data, config, with_left_out)
            read_key = digest(cleaner, name, content_digest(data))
            if read_key != source_key:
                article_key = digest(read_key, _evidence_key(countable_lines(document), corpus))
                made = cache.get("article", name, article_key)
        if made is None:
            assert document is not None
            article = clean_document(document, config, corpus)
            made = article, article_digest(article)
            cache.put("article", name, article_key, made)
        article, made_digest = made
        head = (article.id, article.source, tuple(article.warnings), made_digest, article.text_key())
        cache.put(ARTICLE_HEAD_KIND, name, article_key, head)
        return made

    def whole_only(name: str, source_key: bytes, article_key: bytes) -> Article:
        return whole(name, source_key, article_key, None)[0]

    def cleaned() -> Iterator[Article | CachedArticle]:
        yielded = 0
        try:
            for item in read_documents.drain():
                try:
                    cleaned_item = clean_item(item)
                except ToolkitError as error:
                    errors.append(error)
                else:
                    if isinstance(cleaned_item, CachedArticle):
                        run._current = None
                        run.same_articles.add(cleaned_item.text_key, cleaned_item.source)
                        yielded += 1
                        yield cleaned_item
                    else:
                        article, made_digest = cleaned_item
                        run._current = None if made_digest is None else (article, made_digest)
                        run.same_articles.add(article.text_key(), article.source)
                        yielded += 1
                        yield article
                tick()
            if not paths and not yielded and (at_fault := _source_language_at_fault(errors, config)) is not None:
                errors.append(at_fault)
            if cleaner and not paths:  # every source of the project was listed: the results of any other are of none
                cache.keep_only(("source", "article", ARTICLE_HEAD_KIND), names, len(names))
        finally:
            run._current = None
            read_documents.close()

    articles = cleaned()
    run = CleanRun(articles, errors, listing.passed_over, None if paths else names)
    # A stream dropped before it was started never runs its own `finally`.
    weakref.finalize(articles, read_documents.close)
    return run


def _source_language_at_fault(errors: list[ToolkitError], config: Config) -> ConfigError | None:
    """When every source of the project (two or more) is in the same other script, the setting is what is
    wrong: five lines each blaming a source for it sent the user to the sources."""
    said = {error.said for error in errors if isinstance(error, OtherScriptError)}
    if len(errors) < 2 or len(said) != 1 or not all(isinstance(error, OtherScriptError) for error in errors):
        return None
    return ConfigError(
        f"source_language is {config.source_language!r}, but in all {len(errors)} sources {said.pop()}: set "
        "source_language to the sources' language",
        config.project_dir / CONFIG_FILE,
    )


def clean_corpus(
    config: Config,
    paths: list[Path] | None = None,
    on_file: Callable[[], object] | None = None,
    with_left_out: bool = False,
) -> tuple[list[Article], list[ToolkitError]]:
    """`clean_stream` gathered into a list, for callers that want every article at once."""
    run = clean_stream(config, paths, on_file, with_left_out=with_left_out)
    articles = list(run.articles)
    return articles, run.errors
