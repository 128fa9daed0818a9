"""The translate workflow: merge every article's catalog, reuse the memory, draft what is still pending.

`update_catalogs` is what `toolkit translate` (and later `toolkit publish`) runs under the project lock. It
reads and writes catalogs only through `store`, and reaches the engine only through the factory it is
given, which it calls only when some entry is pending: a re-run with nothing changed loads no model and
rewrites no file. The merged catalogs are written before the long translation starts, and drafts are
saved chunk by chunk, so a run killed midway loses at most one chunk and the next run carries on from there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

import polib

from toolkit.catalog.entries import (
    DRAFT_HASH_NOTE,
    MACHINE_NOTE,
    WARNING_NOTE,
    CatalogContext,
    catalog_text,
    draft_hash,
    is_pending,
    note_lines,
    set_fuzzy,
    set_notes,
)
from toolkit.catalog.memory import apply_memory
from toolkit.catalog.merge import merge_catalog
from toolkit.catalog.settings import CHUNK_SOURCE_CHARS
from toolkit.catalog.store import catalog_fingerprint, read_catalog, remove_stale_temp_files, write_catalog
from toolkit.config import Config
from toolkit.errors import CatalogError, ModelMissingError, ToolkitError
from toolkit.model import Article
from toolkit.translate.engine import Draft, Translator


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
    articles: int = 0
    drafted: int = 0  # entries given a machine draft this run
    reused: int = 0  # entries filled from the translation memory this run
    untranslated: int = 0  # entries still without any translation after the run
    written: list[Path] = field(default_factory=list)
    # The same paths as `written`, for a membership test that stays cheap over thousands of catalogs.
    _written_set: set[Path] = field(default_factory=set, repr=False, compare=False)
    errors: list[ToolkitError] = field(default_factory=list)  # catalogs skipped, each named with file:line
    model_missing: ModelMissingError | None = None

    def record_written(self, path: Path) -> None:
        if path not in self._written_set:
            self._written_set.add(path)
            self.written.append(path)


@dataclass
class _Catalog:
    source: str  # the article's source file, to name it when another source makes the same article
    path: Path
    catalog: polib.POFile
    stored: tuple | None  # fingerprint of what the file holds; None for a new file


@dataclass(frozen=True)
class _Pending:
    article_id: str
    entry: polib.POEntry


def catalog_path(config: Config, article_id: str) -> Path:
    return config.translations_dir / f"{article_id}.po"


def catalog_context(config: Config) -> CatalogContext:
    return CatalogContext(config.site_title, config.source_language, config.target_language)


def _merge_all(config: Config, articles: Iterable[Article], result: UpdateResult) -> dict[str, _Catalog]:
    """Each article's catalog merged; the articles are consumed one at a time and not kept."""
    context = catalog_context(config)
    merged: dict[str, _Catalog] = {}
    for article in articles:
        result.articles += 1
        path = catalog_path(config, article.id)
        if article.id in merged:
            result.errors.append(
                CatalogError(f"two sources make article {article.id!r}: {merged[article.id].source} "
                             f"and {article.source}; rename one", path)
            )
            continue
        old = None
        if path.exists():
            try:
                old = read_catalog(path)
            except CatalogError as error:
                result.errors.append(error)
                continue
        stored = catalog_fingerprint(old) if old is not None else None
        merged[article.id] = _Catalog(article.source, path, merge_catalog(old, article, context), stored)
    return merged


def _save(item: _Catalog, result: UpdateResult) -> None:
    fingerprint = catalog_fingerprint(item.catalog)
    if fingerprint == item.stored:
        # Same content as the file (even if an editor laid it out differently): leave the file alone.
        return
    if write_catalog(item.path, item.catalog):
        result.record_written(item.path)
    item.stored = fingerprint


def _chunks(pending: list[_Pending]) -> list[list[_Pending]]:
    chunks: list[list[_Pending]] = [[]]
    size = 0
    for item in pending:
        if chunks[-1] and size + len(item.entry.msgid) > CHUNK_SOURCE_CHARS:
            chunks.append([])
            size = 0
        chunks[-1].append(item)
        size += len(item.entry.msgid)
    return [chunk for chunk in chunks if chunk]


def apply_draft(entry: polib.POEntry, draft: Draft, description: str) -> bool:
    """Store one machine draft as fuzzy with its engine and warnings noted; False when the draft is empty."""
    text = catalog_text(draft.text)
    if not text:
        return False
    entry.msgstr = text
    set_fuzzy(entry, True)
    notes = [line for line in note_lines(entry) if not line.startswith((MACHINE_NOTE, WARNING_NOTE, DRAFT_HASH_NOTE))]
    kind, others = notes[:1], notes[1:]
    machine = [f"{MACHINE_NOTE}{' '.join(description.split())}", f"{DRAFT_HASH_NOTE}{draft_hash(text)}"]
    warnings = [f"{WARNING_NOTE}{' '.join(warning.split())}" for warning in draft.warnings]
    set_notes(entry, [*kind, *machine, *warnings, *others])
    return True


def _translate(
    catalogs: dict[str, _Catalog],
    pending: list[_Pending],
    translator: Translator,
    progress: ProgressFactory,
    result: UpdateResult,
) -> None:
    texts = [item.entry.msgid for item in pending]
    total = translator.count_sentences(texts) if isinstance(translator, CountsSentences) else None
    bar = progress(total)
    try:
        for chunk in _chunks(pending):
            drafts = translator.translate([item.entry.msgid for item in chunk], on_sentences_done=bar.update)
            touched: dict[str, _Catalog] = {}
            for item, draft in zip(chunk, drafts, strict=True):
                if apply_draft(item.entry, draft, translator.description):
                    result.drafted += 1
                    touched[item.article_id] = catalogs[item.article_id]
            for catalog in touched.values():
                _save(catalog, result)
    finally:
        bar.close()


def update_catalogs(
    config: Config,
    articles: Iterable[Article],
    translator_factory: TranslatorFactory,
    progress: ProgressFactory,
) -> UpdateResult:
    """Merge, reuse the memory, write, then draft every pending entry of every article in one engine run.

    `articles` may be a stream (`toolkit.clean.pipeline.clean_stream`): it is read once, article by article.
    """
    result = UpdateResult()
    remove_stale_temp_files(config.translations_dir)
    catalogs = _merge_all(config, articles, result)
    result.reused = apply_memory({article_id: item.catalog for article_id, item in catalogs.items()}).reused
    for item in catalogs.values():
        _save(item, result)
    pending = [
        _Pending(article_id, entry)
        for article_id, item in catalogs.items()
        for entry in item.catalog
        if is_pending(entry)
    ]
    if pending:
        try:
            # The engine may load its model lazily, on the first translate call: both can find it missing.
            _translate(catalogs, pending, translator_factory(), progress, result)
        except ModelMissingError as error:
            result.model_missing = error
    result.untranslated = sum(1 for item in pending if is_pending(item.entry))
    return result
