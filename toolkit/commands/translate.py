"""`toolkit translate`: bring every article's PO catalog up to date and draft English for what is pending."""

from __future__ import annotations

from collections.abc import Container
from contextlib import ExitStack
from pathlib import Path

import click

from toolkit.catalog.entries import counted
from toolkit.catalog.renames import Successor, emptied_source_error, source_gone_warning
from toolkit.catalog.update import TranslatorFactory, UpdateResult, catalog_file, update_catalogs
from toolkit.commands.rerun import (
    TranslationOutcome,
    noting_warnings,
    record_translation,
    recorded_translation,
    replayed,
    translation_inputs,
    worth_recording,
)
from toolkit.commands.status import say_catalogs_without_source, sourceless_decisions
from toolkit.config import Config
from toolkit.errors import EXIT_FAILURE, EXIT_INCOMPLETE, EXIT_OK, ToolkitError, not_named_by
from toolkit.progress import progress_bar
from toolkit.store.cache import run_cache
from toolkit.store.listing import list_catalogs
from toolkit.store.lock import project_lock
from toolkit.translate import project_translator


def _report(
    config: Config,
    result: UpdateResult,
    clean_errors: list[ToolkitError],
    warnings: list[str],
    source_ids: Container[str] | None,
) -> int:
    emptied = emptied_source_error(config.source_dir, config.translations_dir, source_ids)
    if emptied is not None:
        raise emptied
    errors = [*clean_errors, *result.errors]
    for error in errors:
        click.echo(f"toolkit: {error}", err=True)
    catalogs = list_catalogs(result.translations_dir)
    for warning in not_named_by([*warnings, *catalogs.passed_over], errors, catalogs.passed_over):
        click.echo(f"toolkit: warning: {warning}", err=True)
    for article_id, (old, evidence) in result.renamed_from.items():
        # Merged from it, the new catalog holds every reviewed translation of the old: its successor, in the words
        # the build will use (the build then leaves the old page off the site).
        successor = Successor(str(catalog_file(result.translations_dir, article_id)), evidence)
        click.echo(f"toolkit: warning: {source_gone_warning(str(old), successor)}", err=True)
    named = {old.name for old, _ in result.renamed_from.values()}
    others = [name for name in catalogs.files if Path(name).name not in named]
    say_catalogs_without_source(config, sourceless_decisions(config, others, source_ids))
    if result.model_missing is not None:
        click.echo(f"toolkit: {result.model_missing}", err=True)
    click.echo(
        f"translate: {counted(result.articles, 'article')}, {counted(result.drafted, 'entry', 'entries')} drafted, "
        f"{result.reused} from memory, {result.untranslated} untranslated, "
        f"{counted(len(result.written), 'file')} written",
        err=True,
    )
    if clean_errors or result.errors:
        return EXIT_FAILURE
    if result.model_missing is not None:
        return EXIT_INCOMPLETE
    return EXIT_OK


def run(config: Config, quiet: bool) -> int:
    with project_lock(config.state_dir, "translate"), run_cache(config.state_dir) as cache, ExitStack() as engine:

        def open_engine() -> TranslatorFactory:
            return engine.enter_context(project_translator(config))

        recorded = recorded_translation(cache, translation_inputs(config, cache))
        translator_factory = None
        if recorded is not None:
            replay, translator_factory = replayed(recorded, config.translations_dir, open_engine)
            if replay is not None:
                warnings = [*recorded.passed_over, *recorded.same_articles, *cache.warnings]
                return _report(config, replay, [], warnings, recorded.source_ids)
        # Opened before any catalog is touched: a cluster that cannot be reached ends the run with the catalogs as
        # they were (a package that cannot be loaded does not: project_translator).
        translator_factory = translator_factory or open_engine()
        from toolkit.clean.pipeline import clean_stream

        cleaning = clean_stream(config, cache=cache)
        clean_warnings: list[str] = []
        result = update_catalogs(
            config,
            noting_warnings(config, cleaning.articles, clean_warnings),
            translator_factory,
            lambda total: progress_bar(total, "Translating", "sentence", quiet),
            cache,
            cleaning.digest_of,
            cleaning.source_names,
        )
        source_ids = result.source_ids
        same_articles = tuple(cleaning.same_articles.warnings(config.source_file))
        if worth_recording(result, cleaning.errors):
            passed_over = tuple(cleaning.passed_over)
            warnings = tuple(clean_warnings)
            outcome = TranslationOutcome(
                result.articles, passed_over, warnings, source_ids, result.untranslated, same_articles
            )
            record_translation(config, cache, outcome, cache.changes_seen)
    warnings = [*cleaning.passed_over, *same_articles, *cache.warnings]
    return _report(config, result, cleaning.errors, warnings, source_ids)
