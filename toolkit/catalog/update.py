"""The translate workflow: merge every article's catalog, reuse the memory, draft what is still pending.

`update_catalogs` is what `toolkit translate` (and later `toolkit publish`) runs under the project lock. It
reads and writes catalogs only through `store`, and reaches the engine only through the factory it is
given, which it calls only when some entry is pending: a re-run with nothing changed loads no model and
rewrites no file. The merged catalogs are written before the long translation starts, and drafts are
saved chunk by chunk, in order, as each chunk comes back from the engine (which may already be working on
the next few), so a run killed midway loses at most the chunks in flight and the next run carries on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

import polib

from toolkit.catalog.entries import (
    CONFIDENCE_NOTE,
    DRAFT_HASH_NOTE,
    EDITOR_METADATA,
    MACHINE_NOTE,
    MACHINE_NOTES,
    WARNING_NOTE,
    CatalogContext,
    catalog_text,
    draft_hash,
    is_pending,
    note_lines,
    set_fuzzy,
    set_notes,
)
from toolkit.catalog.glossary import annotate, load_glossary
from toolkit.catalog.memory import Memory, MemoryEntry, fill_from_memory, reviewed_entries
from toolkit.catalog.merge import merge_catalog
from toolkit.catalog.renames import OldCatalogs
from toolkit.catalog.settings import CHUNK_SOURCE_CHARS
from toolkit.catalog.store import catalog_fingerprint, read_catalog, remove_stale_temp_files, write_catalog
from toolkit.config import Config
from toolkit.errors import CatalogError, ModelMissingError, ToolkitError
from toolkit.model import Article
from toolkit.store.cache import NO_CACHE, RunCache, code_version, digest, file_identity
from toolkit.translate.confidence import draft_confidence
from toolkit.translate.engine import Draft, Translator, drafts_by_chunk


class Progress(Protocol):
    def update(self, n: int) -> object: ...

    def close(self) -> None: ...


@runtime_checkable
class CountsSentences(Protocol):
    """A translator that can say beforehand how many sentences it will report (for the progress total)."""

    def count_sentences(self, paragraphs: list[str]) -> int: ...


TranslatorFactory = Callable[[], Translator]
ProgressFactory = Callable[[int | None], Progress]


@dataclass
class UpdateResult:
    translations_dir: Path
    articles: int = 0
    drafted: int = 0  # entries given a machine draft this run
    reused: int = 0  # entries filled from the translation memory this run
    untranslated: int = 0  # entries still without any translation after the run
    # The article ids of the catalogs written, in article order (a dict: an ordered set). Ids, not paths: a
    # Path costs several times its name, and a big corpus writes tens of thousands of catalogs.
    written_ids: dict[str, None] = field(default_factory=dict, repr=False)
    errors: list[ToolkitError] = field(default_factory=list)  # catalogs skipped, each named with file:line
    model_missing: ModelMissingError | None = None
    # Earlier runs' merges; per article id, the digest of what its catalog is merged from (article, context,
    # code), under which each catalog's state is remembered whenever it is saved.
    cache: RunCache = field(default=NO_CACHE, repr=False)
    merge_keys: dict[str, bytes] = field(default_factory=dict, repr=False)
    # New catalogs merged from the catalog of a renamed source (toolkit/catalog/renames.py): id -> old catalog.
    renamed_from: dict[str, Path] = field(default_factory=dict)

    @property
    def written(self) -> list[Path]:
        """The catalogs written, in article order."""
        return [catalog_file(self.translations_dir, article_id) for article_id in self.written_ids]


@dataclass
class _Catalog:
    article_id: str
    path: Path
    catalog: polib.POFile
    stored: tuple | None  # fingerprint of what the file holds; None for a new file


@dataclass(frozen=True)
class _Pending:
    holder: _Catalog
    entry: polib.POEntry


@dataclass
class _Merged:
    """What the run keeps of the catalogs once they are merged and written: per article id, in article order,
    only strings and counts, never paths or catalogs."""

    sources: dict[str, str] = field(default_factory=dict)  # every article merged -> its source, to name a twin
    pending: dict[str, int] = field(default_factory=dict)  # articles with entries still untranslated -> how many


def catalog_file(translations_dir: Path, article_id: str) -> Path:
    return translations_dir / f"{article_id}.po"


def catalog_path(config: Config, article_id: str) -> Path:
    return catalog_file(config.translations_dir, article_id)


def catalog_context(config: Config) -> CatalogContext:
    return CatalogContext(config.site_title, config.source_language, config.target_language)


def _merge_key(code: bytes, article: Article) -> bytes:
    """By value (the dataclass repr): the same article made afresh or read back from the cache."""
    return digest(code, article)


def _merge_all(config: Config, articles: Iterable[Article], result: UpdateResult) -> tuple[_Merged, list[MemoryEntry]]:
    """Merge and write each article's catalog, one at a time: the articles and catalogs are not kept, only
    which articles were merged and the reviewed entries the translation memory needs (in article-id order).

    A catalog untouched since a run merged it from the same article (the cache says so) is not read at all;
    its reviewed entries are read only if the memory is needed, i.e. something is pending.
    """
    from toolkit.clean.pipeline import source_article_ids

    context = catalog_context(config)
    glossary = load_glossary(config.project_dir)
    merged = _Merged()
    old_catalogs = OldCatalogs(config.translations_dir, lambda: source_article_ids(config))
    reviewed: dict[str, list[MemoryEntry]] = {}
    not_read_with_reviewed: list[str] = []
    # The merge's inputs besides the article and the file: its code, the header context, the glossary notes.
    code = digest(code_version("catalog", "model"), context, glossary) if result.cache is not NO_CACHE else b""
    for article in articles:
        result.articles += 1
        path = catalog_path(config, article.id)
        if article.id in merged.sources:
            result.errors.append(
                CatalogError(
                    f"two sources make article {article.id!r}: {merged.sources[article.id]} "
                    f"and {article.source}; rename one",
                    path,
                )
            )
            continue
        if code:
            merge_key = result.merge_keys[article.id] = _merge_key(code, article)
            known = result.cache.get("catalog", article.id, digest(merge_key, file_identity(path)))
            if known is not None:
                pending, has_reviewed = known
                merged.sources[article.id] = article.source
                if pending:
                    merged.pending[article.id] = pending
                if has_reviewed:
                    not_read_with_reviewed.append(article.id)
                continue
        old = None
        if path.exists():
            try:
                old = read_catalog(path)
            except CatalogError as error:
                result.errors.append(error)
                continue
        elif renamed := old_catalogs.renamed_from(article):
            result.renamed_from[article.id], old = renamed
        stored = catalog_fingerprint(old) if old is not None else None
        catalog = merge_catalog(old, article, context)
        annotate(catalog, glossary, config.source_language)
        item = _Catalog(article.id, path, catalog, stored)
        _save(item, result)
        merged.sources[article.id] = article.source
        reviewed_here = reviewed_entries(article.id, item.catalog)
        if reviewed_here:
            reviewed[article.id] = reviewed_here
        pending = _pending_count(item.catalog)
        if pending:
            merged.pending[article.id] = pending
    if merged.pending:
        for article_id in not_read_with_reviewed:
            holder = _reread(article_id, result)
            if holder is not None:
                reviewed[article_id] = reviewed_entries(article_id, holder.catalog)
    return merged, [entry for article_id in sorted(reviewed) for entry in reviewed[article_id]]


def _pending_count(catalog: polib.POFile) -> int:
    return sum(1 for entry in catalog if is_pending(entry))


def _reread(article_id: str, result: UpdateResult) -> _Catalog | None:
    """A catalog this run wrote, read again; None (and the error noted) when it was broken meanwhile."""
    path = catalog_file(result.translations_dir, article_id)
    try:
        catalog = read_catalog(path)
    except CatalogError as error:
        result.errors.append(error)
        return None
    return _Catalog(article_id, path, catalog, catalog_fingerprint(catalog))


def _fill_from_memory(pending: dict[str, int], memory: Memory, result: UpdateResult) -> None:
    """Fill the pending entries of every written catalog from the memory, one catalog at a time; `pending`
    then counts what is left."""
    for article_id in list(pending):
        holder = _reread(article_id, result)
        if holder is None:
            del pending[article_id]
            continue
        result.reused += fill_from_memory(holder.catalog, memory).reused
        _save(holder, result)
        left = _pending_count(holder.catalog)
        if left:
            pending[article_id] = left
        else:
            del pending[article_id]


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
        if edited.msgstr:
            entry.msgstr = edited.msgstr
            entry.flags = list(edited.flags)
            entry.comment = edited.comment
            entry.previous_msgid = edited.previous_msgid
    owned = set(ours.metadata) - set(EDITOR_METADATA)
    ours.metadata = {
        **ours.metadata,
        **{key: value for key, value in theirs.metadata.items() if key not in owned},
    }


def _save(item: _Catalog, result: UpdateResult, translator_may_have_saved: bool = False) -> None:
    """Write the catalog if its content changed. After a long drafting step a translator may have saved the
    file meanwhile (the lock keeps out toolkit runs, not editors): their work is taken in first, never lost."""
    if translator_may_have_saved and item.stored is not None:
        try:
            theirs = read_catalog(item.path)
        except CatalogError as error:
            result.errors.append(error)  # broken by hand meanwhile: named, and left as it is
            return
        if catalog_fingerprint(theirs) != item.stored:
            keep_outside_edits(item.catalog, theirs)
    fingerprint = catalog_fingerprint(item.catalog)
    if fingerprint != item.stored:  # same content (even if laid out differently by an editor): left alone
        if write_catalog(item.path, item.catalog):
            result.written_ids.setdefault(item.article_id, None)
        item.stored = fingerprint
    _remember(item, result)


def _remember(item: _Catalog, result: UpdateResult) -> None:
    """Note in the cache what the catalog file now holds (as its identity on disk): pending and reviewed."""
    merge_key = result.merge_keys.get(item.article_id)
    if merge_key is None:
        return
    pending = _pending_count(item.catalog)
    has_reviewed = bool(reviewed_entries(item.article_id, item.catalog))
    result.cache.put("catalog", item.article_id, digest(merge_key, file_identity(item.path)), (pending, has_reviewed))


def _pending_entries(pending: dict[str, int], result: UpdateResult) -> Iterator[_Pending]:
    """Every pending entry, in article then file order; each catalog is read when its turn comes."""
    for article_id in pending:
        holder = _reread(article_id, result)
        if holder is None:
            continue
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
    entry.msgstr = text
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


def _sentence_total(translator: Translator, pending: dict[str, int], translations_dir: Path) -> int | None:
    """The progress total, when the translator can count: per article, as the count adds up paragraph by
    paragraph, so that the pending text is never all held at once."""
    if not isinstance(translator, CountsSentences):
        return None
    total = 0
    for article_id in pending:
        try:
            catalog = read_catalog(catalog_file(translations_dir, article_id))
        except CatalogError:
            continue  # named once, when its turn to be translated comes
        total += translator.count_sentences([entry.msgid for entry in catalog if is_pending(entry)])
    return total


def _translate(
    pending: dict[str, int],
    translator: Translator,
    progress: ProgressFactory,
    result: UpdateResult,
) -> None:
    """Draft chunk by chunk, each chunk's catalogs saved as soon as its drafts are back (in chunk order),
    while the translator may already be working on the next chunks."""
    bar = progress(_sentence_total(translator, pending, result.translations_dir))
    submitted: deque[list[_Pending]] = deque()

    def paragraphs() -> Iterator[list[str]]:
        for chunk in _chunks(_pending_entries(pending, result)):
            submitted.append(chunk)
            yield [item.entry.msgid for item in chunk]

    try:
        for drafts in drafts_by_chunk(translator, paragraphs(), bar.update):
            chunk = submitted.popleft()
            touched: dict[str, _Catalog] = {}
            for item, draft in zip(chunk, drafts, strict=True):
                if apply_draft(item.entry, draft, translator.description):
                    result.drafted += 1
                    touched[item.holder.article_id] = item.holder
            for holder in touched.values():
                _save(holder, result, translator_may_have_saved=True)
    finally:
        bar.close()


def update_catalogs(
    config: Config,
    articles: Iterable[Article],
    translator_factory: TranslatorFactory,
    progress: ProgressFactory,
    cache: RunCache = NO_CACHE,
) -> UpdateResult:
    """Merge, reuse the memory, write, then draft every pending entry of every article in one engine run.

    `articles` may be a stream (`toolkit.clean.pipeline.clean_stream`): it is read once, article by article,
    and no more than one chunk's catalogs are held at a time. A catalog is written as soon as it is merged,
    and again when the memory or a chunk of drafts changes it.
    """
    result = UpdateResult(config.translations_dir, cache=cache)
    remove_stale_temp_files(config.translations_dir)
    merged, reviewed = _merge_all(config, articles, result)
    if reviewed:
        _fill_from_memory(merged.pending, Memory.of(reviewed), result)
        # Listed in article order, as if each catalog had been written once, merged and filled together.
        merge_order = {article_id: index for index, article_id in enumerate(merged.sources)}
        result.written_ids = dict.fromkeys(sorted(result.written_ids, key=merge_order.__getitem__))
    pending = sum(merged.pending.values())
    if pending:
        try:
            # The engine may load its model lazily, on the first translate call: both can find it missing.
            _translate(merged.pending, translator_factory(), progress, result)
        except ModelMissingError as error:
            result.model_missing = error
    result.untranslated = pending - result.drafted
    return result
