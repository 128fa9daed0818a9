"""The translate workflow: merge every article's catalog, reuse the memory, draft what is still pending.

`update_catalogs` is what `toolkit translate` (and `toolkit publish`) runs under the project lock. It reads
and writes catalogs only through `store`, and reaches the engine only through the factory it is given, which
it calls only when some entry is pending: a re-run with nothing changed loads no model and rewrites no file.

Each catalog is read (parsed) once and written once a run, a guarded read-modify-write:
1. merge: each article's catalog is read and merged. One with nothing pending is written at once; one with
   entries to translate waits, with what its file held, in a temporary spill (memory stays flat), because
   the translation memory is complete only once every catalog is merged.
2. memory: each waiting catalog takes what the memory has for it, and its sentences are counted (the
   progress total); one left with nothing to draft is written.
3. drafting: the rest are drafted chunk by chunk, in article order, while the engine may already be working
   on the next chunks; each catalog is written as soon as the chunk holding its last pending entry is back.
   A catalog whose pending text spans several chunks is also written after each earlier one, and a paragraph
   the engine drafted before its chunk is done is saved too: a run stopped by a signal saves every draft
   first, and one killed outright loses only the drafts not written yet, all finished within
   WRITE_BACK_SECONDS of each other (the next draft after that window writes them; for a catalog so big that
   writing it takes longer than a tenth of that, within ten times the time its last write took), and the next
   run carries on.
Every write first checks that the file still holds what was read; if a translator saved it meanwhile, their
work is taken in, never lost. Writes are put on disk in groups, at most every WRITE_BACK_SECONDS (one flush
of the disk for the group instead of two a file) and never for more than WRITE_BACK_MAX_SHARE of the time,
so a catalog drafted over several chunks within that time is written once too. A catalog never written because
the run was killed before its turn is merged again by the next run: nothing of its file was changed.
"""

from __future__ import annotations

import gc
import os
import struct
import time
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import polib

from toolkit.catalog.entries import (
    CONFIDENCE_NOTE,
    DRAFT_HASH_NOTE,
    EDITORS_FIELDS,
    MACHINE_NOTE,
    MACHINE_NOTES,
    WARNING_NOTE,
    CatalogContext,
    catalog_text,
    draft_hash,
    is_pending,
    note_lines,
    previous_source,
    set_fuzzy,
    set_notes,
    set_previous_source,
    set_translation,
    translation,
)
from toolkit.catalog.glossary import Glossary, annotate, load_glossary
from toolkit.catalog.memory import Memory, MemoryEntry, fill_from_memory, reviewed_entries
from toolkit.catalog.merge import merge_catalog
from toolkit.catalog.poformat import Catalog
from toolkit.catalog.renames import OldCatalogs
from toolkit.catalog.settings import (
    CHUNK_SOURCE_CHARS,
    DRAFTING_GC_THRESHOLD,
    WRITE_BACK_CATALOGS,
    WRITE_BACK_MAX_SHARE,
    WRITE_BACK_SECONDS,
)
from toolkit.catalog.store import OnDisk, load_catalog, save_catalog
from toolkit.catalog.summary import SUMMARY_COUNTS, counts_key, counts_of, summarize_counts, summary_code
from toolkit.config import Config
from toolkit.errors import CatalogError, ModelMissingError, ToolkitError, shown_path
from toolkit.model import Article
from toolkit.store.cache import NO_CACHE, RunCache, code_version, digest
from toolkit.store.files import AtomicWrites, remove_temp_files
from toolkit.store.listing import LeftOutCatalogs, catalog_name
from toolkit.store.spill import Spill
from toolkit.translate.confidence import draft_confidence
from toolkit.translate.engine import Draft, Translator, drafts_by_chunk

if TYPE_CHECKING:
    from toolkit.clean.pipeline import CachedArticle


class Progress(Protocol):
    def update(self, n: int) -> object: ...

    def close(self) -> None: ...


@runtime_checkable
class CountsSentences(Protocol):
    """A translator that can say beforehand how many sentences it will report (for the progress total)."""

    def count_sentences(self, paragraphs: list[str]) -> int: ...


TranslatorFactory = Callable[[], Translator]
ProgressFactory = Callable[[int | None], Progress]


class WrittenCatalogs:
    """The ids of the catalogs a run wrote, packed (a few bytes each: a big corpus writes them all on its first
    run, and a dict of them grew the run by a tenth of a kB an article), each with its place in article order."""

    def __init__(self) -> None:
        self._packed = bytearray()
        self._count = 0
        self._last = -1

    def add(self, order: int, article_id: str) -> None:
        if order == self._last:
            return  # the same catalog again: written over several chunks, one after the other
        name = article_id.encode("utf-8", "surrogatepass")
        self._packed += _WRITTEN_HEADER.pack(order, len(name)) + name
        self._count += 1
        self._last = order

    def __len__(self) -> int:
        return self._count

    def ids(self) -> list[str]:
        """In article order, each once."""
        found: dict[int, str] = {}
        offset = 0
        while offset < len(self._packed):
            order, size = _WRITTEN_HEADER.unpack_from(self._packed, offset)
            offset += _WRITTEN_HEADER.size
            found[order] = self._packed[offset : offset + size].decode("utf-8", "surrogatepass")
            offset += size
        return [found[order] for order in sorted(found)]


# Place in article order, then the length of the id's UTF-8.
_WRITTEN_HEADER = struct.Struct("<IH")


@dataclass
class UpdateResult:
    translations_dir: Path
    articles: int = 0
    drafted: int = 0  # entries given a machine draft this run
    reused: int = 0  # entries filled from the translation memory this run
    untranslated: int = 0  # entries still without any translation after the run
    written_ids: WrittenCatalogs = field(default_factory=WrittenCatalogs, repr=False)
    errors: list[ToolkitError] = field(default_factory=list)  # catalogs skipped, each named with file:line
    model_missing: ModelMissingError | None = None
    # Earlier runs' merges: each catalog's state is remembered, whenever it is saved, under the digest of what
    # it is merged from (article, context, code), which travels with the catalog (`_Catalog.merge_key`).
    cache: RunCache = field(default=NO_CACHE, repr=False)
    # New catalogs merged from the catalog of a renamed source (toolkit/catalog/renames.py): id -> the old
    # catalog, and how it is known to be the same article (renames.same_article_evidence).
    renamed_from: dict[str, tuple[Path, str]] = field(default_factory=dict)
    # The ids of the articles source/ makes, as the merge listed them (`source_article_ids`): the command's
    # warnings and the build take them from here, not from a listing of their own.
    source_ids: Container[str] | None = None

    @property
    def written(self) -> list[Path]:
        """The catalogs written, in article order."""
        return [catalog_file(self.translations_dir, article_id) for article_id in self.written_ids.ids()]


@dataclass
class _Catalog:
    article_id: str
    path: Path
    catalog: Catalog
    read: OnDisk | None  # what the file held when read or last written by this run; None: no file yet
    order: int = 0  # its place in article order
    merge_key: bytes | None = None  # under which the cache remembers its state; None without a cache


@dataclass(frozen=True)
class _Pending:
    holder: _Catalog
    entry: polib.POEntry


@dataclass(frozen=True)
class _Unchanged:
    """A catalog unchanged since the run that merged it from the same article: read only when needed."""

    article_id: str
    order: int
    merge_key: bytes


@dataclass
class _Merged:
    """What the run keeps of the catalogs once they are merged: no more than a few bytes an article; the
    catalogs with something to translate wait in `waiting`, on disk."""

    waiting: Spill[_Catalog | _Unchanged]
    pending: int = 0  # entries still untranslated, over all catalogs
    named: set[str] = field(default_factory=set)  # the articles two sources make, once named

    def named_as_shared(self, article: Article) -> bool:
        """Whether the article's sources were named already (the second of them comes later in the stream)."""
        if article.id in self.named:
            return True
        self.named.add(article.id)
        return False


def catalog_file(translations_dir: Path, article_id: str) -> Path:
    return translations_dir / catalog_name(article_id)


def catalog_path(config: Config, article_id: str) -> Path:
    return catalog_file(config.translations_dir, article_id)


def catalog_context(config: Config) -> CatalogContext:
    return CatalogContext(config.site_title, config.source_language, config.target_language)


# The digest of an article as its stream knows it already (`CleanRun.digest_of`), else None.
DigestOf = Callable[["Article | CachedArticle"], bytes | None]


def _no_digest(article: Article) -> None:
    return None


def _merge_all(
    config: Config,
    articles: Iterable[Article | CachedArticle],
    result: UpdateResult,
    merged: _Merged,
    write_back: _WriteBack,
    digest_of: DigestOf,
    source_names: Sequence[str] | None,
    glossary: Glossary,
) -> list[MemoryEntry]:
    """Merge each article's catalog, one at a time; write it if nothing in it is pending, else spill it to
    `merged.waiting`. The articles are not kept, only which were merged and the reviewed entries the
    translation memory needs (in article-id order).

    A catalog untouched since a run merged it from the same article (the cache says so) is not read here:
    its reviewed entries are read only if the memory is needed (something is pending), its pending entries
    when their turn comes. One that has both is read here, once. An article the stream read from the cache
    (CachedArticle) is read whole only when its catalog is merged.
    """
    from toolkit.clean.pipeline import article_digest, whole_article
    from toolkit.clean.sources import source_articles

    context = catalog_context(config)
    listed = source_articles(config, source_names)
    result.source_ids = listed.ids
    old_catalogs = OldCatalogs(config.translations_dir, config.target_language, lambda: listed.ids)
    left_out_catalogs = LeftOutCatalogs(config.translations_dir)
    shared = listed.shared
    reviewed: dict[str, list[MemoryEntry]] = {}
    not_read_with_reviewed: list[str] = []
    # The merge's inputs besides the article and the file: its code, the header context, the glossary notes.
    code = digest(code_version("catalog", "model"), context, glossary) if result.cache is not NO_CACHE else b""
    folder = os.fspath(config.translations_dir)
    for order, article in enumerate(articles):
        # Joined as text, a Path made only when the catalog is read: at 10,000 articles a Path each cost more
        # than the cache's answer (as in the summary's listing).
        joined = os.path.join(folder, catalog_name(article.id))
        if (sources := shared.get(article.id)) is not None:
            if not merged.named_as_shared(article):
                result.articles += 1
                result.errors.append(shared_article_error(Path(joined), article.id, sources))
            continue
        result.articles += 1
        merge_key = digest(code, digest_of(article) or article_digest(article)) if code else None
        if merge_key is not None:
            known = result.cache.get("catalog", article.id, digest(merge_key, result.cache.file_key(joined)))
            if known is not None and not all(known):
                pending, has_reviewed = known
                if pending:
                    merged.pending += pending
                    merged.waiting.write(_Unchanged(article.id, order, merge_key))
                elif has_reviewed:
                    not_read_with_reviewed.append(article.id)
                continue
        article = whole_article(article)
        path = Path(joined)
        try:
            old, read = load_catalog(path, context.target_language)
        except CatalogError as error:
            result.errors.append(error)
            continue
        if old is not None and (other := another_article_s(old, article, listed.ids)) is not None:
            result.errors.append(
                CatalogError(
                    f"holds the translations of article {other!r} (its header's X-Article-Id, and its texts are "
                    f"not this article's): two catalogs swapped, or one copied under another's name; rename it to "
                    f"{shown_path(catalog_name(other))}; it is left untouched",
                    path,
                )
            )
            continue
        if old is None and (left_out := left_out_catalogs.beside(path)) is not None:
            result.errors.append(
                CatalogError(
                    f"missing, while {shown_path(left_out.name)} beside it, left out for its name, holds this "
                    f"article's catalog: rename it to {shown_path(path.name)}; the article is not drafted afresh "
                    "until then",
                    path,
                )
            )
            continue
        try:
            renamed = old_catalogs.renamed_from(article) if old is None else None
        except CatalogError as error:
            result.errors.append(error)
            continue
        if renamed is not None:
            old_path, old, evidence = renamed
            result.renamed_from[article.id] = (old_path, evidence)
        catalog = merge_catalog(old, article, context)
        annotate(catalog, glossary, config.source_language)
        item = _Catalog(article.id, path, catalog, read, order, merge_key)
        reviewed_here = reviewed_entries(article.id, catalog)
        if reviewed_here:
            reviewed[article.id] = reviewed_here
        pending = _pending_count(catalog)
        if pending:
            merged.pending += pending
            merged.waiting.write(item)
        else:
            write_back.save(item)
    if merged.pending:
        for article_id in not_read_with_reviewed:
            holder = _load(_Unchanged(article_id, 0, b""), result, context.target_language)
            if holder is not None:
                reviewed[article_id] = reviewed_entries(article_id, holder.catalog)
    return [entry for article_id in sorted(reviewed) for entry in reviewed[article_id]]


def another_article_s(catalog: polib.POFile, article: Article, source_ids: Container[str] | None) -> str | None:
    """The id of the other article of source/ whose catalog `catalog`, read for `article`, is: its header names
    that article and none of its texts is this article's. A catalog renamed by hand with its source names an
    article source/ no longer holds; one copied to start another article still shares its title or a block."""
    named = catalog.metadata.get("X-Article-Id", "").strip()
    if not named or named == article.id or source_ids is None or named not in source_ids:
        return None
    texts = {article.title, *(block.text for block in article.blocks)}
    return None if any(entry.msgid in texts for entry in catalog if not entry.obsolete) else named


_NUMBERS = {2: "two", 3: "three"}


def shared_article_error(catalog: Path, article_id: str, sources: list[str]) -> CatalogError:
    """What names an article several files of source/ make (`SourceArticles.shared`), in every command."""
    named = " and ".join(map(shown_path, sources))  # one line, whatever the names hold (a newline)
    return CatalogError(
        f"{_NUMBERS.get(len(sources), len(sources))} sources make article {article_id!r}: {named}; "
        f"rename {'one' if len(sources) == 2 else 'all but one'} (its catalog is left as it is until then)",
        catalog,
    )


def _pending_count(catalog: polib.POFile) -> int:
    return sum(1 for entry in catalog if is_pending(entry))


def _load(unchanged: _Unchanged, result: UpdateResult, target_language: str) -> _Catalog | None:
    """A catalog the merge did not need to read; None (and the error noted) when it cannot be read."""
    path = catalog_file(result.translations_dir, unchanged.article_id)
    try:
        catalog, read = load_catalog(path, target_language)
    except CatalogError as error:
        result.errors.append(error)
        return None
    if catalog is None:
        result.errors.append(CatalogError("removed during the run; run again to make it anew", path))
        return None
    return _Catalog(unchanged.article_id, path, catalog, read, unchanged.order, unchanged.merge_key)


def _waiting_catalogs(merged: _Merged, result: UpdateResult, target_language: str) -> Iterator[_Catalog]:
    """The catalogs with something pending, in article order: spilled by the merge, or read now."""
    merged.waiting.rewind()
    for item in merged.waiting.drain():
        holder = _load(item, result, target_language) if isinstance(item, _Unchanged) else item
        if holder is not None:
            yield holder


def keep_outside_edits(ours: polib.POFile, theirs: polib.POFile) -> None:
    """Take into `ours` (in place) what a translator saved to the file while the engine was drafting.

    An entry the file now holds with a translation wins over our draft for it; translator comments and the
    header fields the catalog stage does not own (the editor's, or ones a tool added) come from the file.
    """
    on_disk = {(entry.msgctxt, entry.msgid, entry.obsolete): entry for entry in theirs}
    for entry in ours:
        edited = on_disk.get((entry.msgctxt, entry.msgid, entry.obsolete))
        if edited is None:
            continue
        entry.tcomment = edited.tcomment
        if translation(edited):
            entry.msgstr, entry.msgstr_plural = edited.msgstr, dict(edited.msgstr_plural)
            entry.flags = list(edited.flags)
            entry.comment = edited.comment
            set_previous_source(entry, previous_source(edited))
    owned = set(ours.metadata) - EDITORS_FIELDS
    ours.metadata = {
        **ours.metadata,
        **{key: value for key, value in theirs.metadata.items() if key not in owned},
    }


class _WriteBack:
    """The catalogs' writes, grouped: a save only marks the catalog due; once WRITE_BACK_SECONDS have passed
    since the last time (or ten times as long as that one took, WRITE_BACK_MAX_SHARE), or WRITE_BACK_CATALOGS
    are due (and at the end of the run), each due catalog gets its
    guarded read-modify-write, staged beside its file, and the staged files are put in place together
    (`AtomicWrites`: one flush of the disk for them all). A catalog saved again before that (drafted over
    several chunks) is written once."""

    def __init__(self, result: UpdateResult, target_language: str, counts: _SummaryCounts | None = None) -> None:
        self._result = result
        self._target_language = target_language
        self._counts = counts
        self._due: dict[Path, _Catalog] = {}  # saved since the last commit: each catalog's latest version
        # Catalogs whose file became unreadable or invalid during the run: named once and left as they are, not
        # read again at each later save of their chunks (named again each time).
        self._left_as_they_are: set[Path] = set()
        self._committed = time.monotonic()
        self._interval = WRITE_BACK_SECONDS  # longer after a slow commit (WRITE_BACK_MAX_SHARE)

    def save(self, *items: _Catalog) -> None:
        """Write the catalogs if their content changed, taking in first what a translator saved meanwhile. A
        chunk's catalogs are saved together, so the time is checked once they are all due: checked at the first,
        the others waited for the next chunk (seconds on one machine), and a kill then lost them."""
        for item in items:
            if item.path in self._left_as_they_are:
                continue
            self._due[item.path] = item
            if len(self._due) >= WRITE_BACK_CATALOGS:
                self.commit()
        if self._due and time.monotonic() - self._committed >= self._interval:
            self.commit()

    def commit(self) -> None:
        started = time.monotonic()
        # A catalog a translator saved while its group was staged and flushed is left out of the group's
        # commit (AtomicWrites checks each file right before it is put in place): it is due again, and its next
        # save takes their work in.
        while self._due:
            due, self._due = self._due, {}
            writes = AtomicWrites()
            staged: list[tuple[_Catalog, tuple[int, bool] | None]] = []  # a catalog, its state for the cache
            for item in due.values():
                try:
                    wrote, item.read = save_catalog(
                        item.path, item.catalog, item.read, keep_outside_edits, self._target_language, writes
                    )
                except CatalogError as error:
                    self._result.errors.append(error)  # broken by hand meanwhile: named, and left as it is
                    self._left_as_they_are.add(item.path)
                    continue
                state = _cache_state(item)
                if wrote:
                    staged.append((item, state))
                else:
                    self._remember(item, state)
            # Nothing is noted in the cache before the commit succeeds: after a failed one (some files placed,
            # some not) the cache must never vouch for a file this run did not write; the next run merges them.
            placed = set(writes.commit())
            for item, state in staged:
                if item.path not in placed:
                    self._due[item.path] = item
                    continue
                self._result.written_ids.add(item.order, item.article_id)
                self._remember(item, state)
        self._committed = time.monotonic()
        self._interval = max(WRITE_BACK_SECONDS, (self._committed - started) / WRITE_BACK_MAX_SHARE)

    def _remember(self, item: _Catalog, state: tuple[int, bool] | None) -> None:
        """Note in the cache what the catalog file now holds (as its identity on disk): pending and reviewed, and
        the summary's counts. Only while the file holds the bytes this run wrote or read (`item.read`): a save
        made since is someone else's, and no result of ours may be kept under its key."""
        if item.merge_key and state is not None and item.read is not None:
            cache = self._result.cache
            file_key = cache.file_key(item.path)
            if file_key != item.read.digest:
                return
            cache.put("catalog", item.article_id, digest(item.merge_key, file_key), state)
            if self._counts is not None:
                self._counts.remember(item, file_key)


class _SummaryCounts:
    """The summary's counts of each catalog as the write-back leaves it (`summary.counts_of`), kept in the run
    cache as the summary keys them (`status._summaries`): the summary after a first run, or after many changed
    catalogs, reads none of them again (a parse each: about 1 ms a catalog, 215 s of CPU at 100,000). The
    catalog in hand counts as its file would: the file holds its content (`_WriteBack._remember`)."""

    def __init__(self, config: Config, glossary: Glossary, cache: RunCache):
        self._languages = config.source_language, config.target_language
        self._glossary = glossary
        self._code = summary_code(*self._languages, glossary)
        self._cache = cache

    def remember(self, item: _Catalog, file_key: bytes) -> None:
        summary = summarize_counts(item.catalog, item.path, *self._languages, self._glossary)
        joined = str(item.path)
        self._cache.put(SUMMARY_COUNTS, item.path.name, counts_key(self._code, file_key, joined), counts_of(summary))


def _cache_state(item: _Catalog) -> tuple[int, bool] | None:
    """What the cache remembers of a catalog as written (its entries pending, whether any is reviewed); None
    for a catalog without a cache key, whose state nobody reads."""
    if not item.merge_key:
        return None
    return _pending_count(item.catalog), bool(reviewed_entries(item.article_id, item.catalog))


def _fill_and_count(
    merged: _Merged,
    memory: Memory | None,
    translator: Translator | None,
    result: UpdateResult,
    to_draft: Spill[_Catalog],
    write_back: _WriteBack,
    target_language: str,
) -> tuple[int, int | None]:
    """Fill every waiting catalog from the memory; write those left with nothing to draft (or all of them
    when there is no translator) and spill the others to `to_draft`. Returns the entries still pending and
    the sentences the translator will report for them (None when it cannot count)."""
    pending = 0
    counter = _SentenceCounter(translator) if isinstance(translator, CountsSentences) else None
    for holder in _waiting_catalogs(merged, result, target_language):
        if memory is not None:
            result.reused += fill_from_memory(holder.catalog, memory).reused
        left = [entry.msgid for entry in holder.catalog if is_pending(entry)]
        pending += len(left)
        if translator is None or not left:
            write_back.save(holder)
            continue
        if counter is not None:
            counter.add(left)
        to_draft.write(holder)
    return pending, counter.total() if counter is not None else None


class _SentenceCounter:
    """The sentences of paragraphs given catalog by catalog, counted a chunk's worth at a time: the count is a
    sum over paragraphs, and a tokenizer call per catalog (a dozen paragraphs) cost several times more a
    sentence than one per chunk."""

    def __init__(self, translator: CountsSentences):
        self._translator = translator
        self._counted: int | None = 0
        self._waiting: list[str] = []
        self._waiting_chars = 0

    def add(self, paragraphs: list[str]) -> None:
        self._waiting += paragraphs
        self._waiting_chars += sum(map(len, paragraphs))
        if self._waiting_chars >= CHUNK_SOURCE_CHARS:
            self._count_waiting()

    def total(self) -> int | None:
        self._count_waiting()
        return self._counted

    def _count_waiting(self) -> None:
        if self._waiting and self._counted is not None:
            try:
                self._counted += self._translator.count_sentences(self._waiting)
            except ModelMissingError:
                # The package's tokenizer, which counts, cannot be loaded: the count is unknown, and drafting,
                # which loads it again, reports it and writes every catalog. Raised from here, it ended the run
                # before the catalogs waiting to be drafted were written: new articles got none.
                self._counted = None
        self._waiting, self._waiting_chars = [], 0


def _pending_entries(holders: Iterable[_Catalog]) -> Iterator[_Pending]:
    """Every pending entry, in article then file order."""
    for holder in holders:
        for entry in holder.catalog:
            if is_pending(entry):
                yield _Pending(holder, entry)


def _chunks(pending: Iterable[_Pending]) -> Iterator[list[_Pending]]:
    chunk: list[_Pending] = []
    size = 0
    for item in pending:
        if chunk and size + len(item.entry.msgid) > CHUNK_SOURCE_CHARS:
            yield chunk
            chunk = []
            size = 0
        chunk.append(item)
        size += len(item.entry.msgid)
    if chunk:
        yield chunk


def apply_draft(entry: polib.POEntry, draft: Draft, description: str) -> bool:
    """Store one machine draft as fuzzy with its engine and warnings noted; False when the draft is empty."""
    text = catalog_text(draft.text)
    if not text:
        return False
    set_translation(entry, text)
    set_fuzzy(entry, True)
    notes = [line for line in note_lines(entry) if not line.startswith(MACHINE_NOTES)]
    kind, others = notes[:1], notes[1:]
    machine = [f"{MACHINE_NOTE}{' '.join(description.split())}"]
    confidence = draft_confidence(draft.sentence_scores)
    if confidence is not None:
        machine.append(f"{CONFIDENCE_NOTE}{confidence:.2f}")
    machine.append(f"{DRAFT_HASH_NOTE}{draft_hash(text)}")
    warnings = [f"{WARNING_NOTE}{' '.join(warning.split())}" for warning in draft.warnings]
    set_notes(entry, [*kind, *machine, *warnings, *others])
    return True


@contextmanager
def _collector_set_for_drafting() -> Iterator[None]:
    """The cycle collector's passes made rare and short while drafting (reference counting still frees what
    drafting drops at once): drafting makes objects fast enough to start a pass every few hundred sentences,
    each walking what is in flight, and now and then a full pass over every object alive (modules, Ray's
    client). Those are left out (frozen) until drafting ends, and a pass waits for DRAFTING_GC_THRESHOLD new
    objects: the collector took a tenth of the driver's time with Ray (bench/cluster.py), now about 1%."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(DRAFTING_GC_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _translate(
    to_draft: Spill[_Catalog],
    translator: Translator,
    bar: Progress,
    result: UpdateResult,
    write_back: _WriteBack,
) -> None:
    """Draft chunk by chunk, in order, while the translator may already be working on the next chunks; when
    a chunk's drafts are back, each catalog in it is written (the last time for those that end in it).

    A chunk takes a while (a few thousand characters: a minute of a loaded machine's work in some scripts),
    so a paragraph drafted before its chunk is done goes into its catalog at once, which is saved with the
    others due (`_WriteBack`: at most every WRITE_BACK_SECONDS, at the first draft after that window).

    When the engine finds its model missing (it may load it on the first chunk), every catalog not written
    yet is written as it is, pending entries and all."""
    submitted: dict[int, list[_Pending]] = {}  # by place in the run, until the chunk's drafts are back
    to_draft.rewind()
    opened: dict[str, _Catalog] = {}  # catalogs read back from the spill and not written yet

    def holders() -> Iterator[_Catalog]:
        for holder in to_draft.drain():
            opened[holder.article_id] = holder
            yield holder

    def paragraphs() -> Iterator[list[str]]:
        for number, chunk in enumerate(_chunks(_pending_entries(holders()))):
            submitted[number] = chunk
            yield [item.entry.msgid for item in chunk]

    # A paragraph's draft goes into its entry once: a translator's save taken in after that (keep_outside_edits,
    # at the next save of its catalog) is the entry's text from then on, and the chunk's end must not put the
    # draft back over it. Nor into an entry a save gave a translation before its draft came back (typed ahead
    # of the engine): only an entry still without one takes a draft.
    applied: set[tuple[int, int]] = set()

    def paragraph_done(number: int, index: int, draft: Draft) -> None:
        item = submitted[number][index]
        applied.add((number, index))
        if is_pending(item.entry) and apply_draft(item.entry, draft, translator.description):
            result.drafted += 1
            write_back.save(item.holder)

    try:
        for number, drafts in enumerate(drafts_by_chunk(translator, paragraphs(), bar.update, paragraph_done)):
            chunk = submitted.pop(number)
            in_chunk: dict[str, _Catalog] = {}
            for index, (item, draft) in enumerate(zip(chunk, drafts, strict=True)):
                if (number, index) in applied:
                    applied.discard((number, index))
                elif is_pending(item.entry) and apply_draft(item.entry, draft, translator.description):
                    result.drafted += 1
                in_chunk[item.holder.article_id] = item.holder
            write_back.save(*in_chunk.values())
            for article_id in in_chunk:
                opened.pop(article_id, None)
    except ModelMissingError:
        for holder in [*opened.values(), *to_draft.drain()]:
            write_back.save(holder)
        raise
    finally:
        bar.close()


def update_catalogs(
    config: Config,
    articles: Iterable[Article | CachedArticle],
    translator_factory: TranslatorFactory,
    progress: ProgressFactory,
    cache: RunCache = NO_CACHE,
    digest_of: DigestOf = _no_digest,
    source_names: Sequence[str] | None = None,
) -> UpdateResult:
    """Merge, reuse the memory, then draft every pending entry of every article in one engine run.

    `articles` may be a stream (`toolkit.clean.pipeline.clean_stream`): it is read once, article by article,
    and no more than one chunk's catalogs are held at a time; its `digest_of` spares the merge digesting an
    article the stream read back from the run cache, and its `source_names` (`CleanRun.source_names`) spare
    the merge listing source/ again. Each catalog is read once and written once
    (see the module's docstring for the one exception, a catalog drafted over several chunks).
    """
    result = UpdateResult(config.translations_dir, cache=cache)
    remove_temp_files(config.translations_dir)
    glossary = load_glossary(config.project_dir)
    counts = _SummaryCounts(config, glossary, cache) if cache is not NO_CACHE else None
    write_back = _WriteBack(result, config.target_language, counts)
    with (
        Spill[_Catalog | _Unchanged]("the catalogs merged") as waiting,
        Spill[_Catalog]("the catalogs to draft") as to_draft,
    ):
        merged = _Merged(waiting)
        try:
            reviewed = _merge_all(config, articles, result, merged, write_back, digest_of, source_names, glossary)
            translator = None
            if merged.pending:
                try:
                    # The engine may load its model lazily, on the first translate call: both can find it missing.
                    translator = translator_factory()
                except ModelMissingError as error:
                    result.model_missing = error
            memory = Memory.of(reviewed) if reviewed and merged.pending else None
            pending, sentences = _fill_and_count(
                merged, memory, translator, result, to_draft, write_back, config.target_language
            )
            if not pending:
                result.model_missing = None  # the memory filled everything: nothing waits for a model
            if translator is not None and to_draft.written:
                try:
                    with _collector_set_for_drafting():
                        _translate(to_draft, translator, progress(sentences), result, write_back)
                except ModelMissingError as error:
                    result.model_missing = error
        finally:
            # Whatever stopped the run (a signal too: toolkit/interrupts.py), what it made so far is kept.
            write_back.commit()
    result.untranslated = pending - result.drafted
    return result
