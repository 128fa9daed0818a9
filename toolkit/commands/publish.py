"""`toolkit publish`: clean -> translate -> build under one lock, then what is left for the translators.

The stages are exactly the ones `clean`, `translate` and `build` run; publish only orders them, holds the
project lock for the whole run (the stages assume it is held), shows one progress display, and
closes with a summary per article (of an archive, its first rows and the total). A bad source file or
catalog is named on stderr and skipped; the rest is still published.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import click

from toolkit.catalog.entries import counted
from toolkit.catalog.renames import emptied_source_error
from toolkit.catalog.summary import SUMMARY_COLUMNS, ProjectSummary, summary_table
from toolkit.catalog.update import TranslatorFactory, UpdateResult, update_catalogs
from toolkit.commands.build import changed_by_hand_note
from toolkit.commands.rerun import (
    TranslationOutcome,
    noting_warnings,
    recorded_translation,
    replayed,
    replayed_summary,
    summarize_and_record,
    translation_inputs,
    worth_recording,
)
from toolkit.config import Config
from toolkit.errors import EXIT_FAILURE, EXIT_INCOMPLETE, EXIT_OK, ModelMemoryError, ToolkitError, not_named_by
from toolkit.progress import progress_bar
from toolkit.site.build import BuildResult, build_site
from toolkit.store.cache import run_cache
from toolkit.store.files import real_path
from toolkit.store.listing import list_catalogs
from toolkit.store.lock import project_lock
from toolkit.store.project import check_site_folder, require_translations
from toolkit.translate import project_translator


@dataclass
class PublishResult:
    clean_errors: list[ToolkitError]
    update: UpdateResult
    build: BuildResult
    summary: ProjectSummary  # the total, and the rows the closing table shows
    catalog_errors: list[ToolkitError]  # catalogs the build skipped or the summary could not read
    clean_warnings: list[str]  # "<source file>: <warning>" for what the cleaner was unsure about
    install_command: str | None  # set when blocks wait for a model that is not installed
    cache_warnings: list[str] = field(default_factory=list)  # the run cache left aside or started afresh
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> list[ToolkitError]:
        return [*self.clean_errors, *self.update.errors, *self.catalog_errors]

    @property
    def warning_count(self) -> int:
        return len(self.clean_warnings) + self.summary.total.warning_count + len(self.build.warnings)

    @property
    def waiting_for_model(self) -> int:
        return self.update.untranslated if self.update.model_missing is not None else 0


def exit_status(result: PublishResult, strict: bool) -> int:
    """1 when an input failed; 3 when blocks wait for a model, or any warning stands under --strict."""
    if result.errors:
        return EXIT_FAILURE
    if result.waiting_for_model or (strict and result.warning_count):
        return EXIT_INCOMPLETE
    return EXIT_OK


def summary_lines(result: PublishResult, site_index: Path) -> list[str]:
    """The closing table (a row per article, an archive's first rows only, then the total) and what is left
    to do. Pure."""
    total = result.summary.total
    lines = summary_table(result.summary.rows, total, SUMMARY_COLUMNS)
    if result.summary.left_out:
        lines.append(
            f"({len(result.summary.rows):,} of {result.summary.articles:,} articles shown; "
            "`toolkit status` lists every one)"
        )
    if result.waiting_for_model:
        if result.install_command is not None:
            what_to_do = f"install it with: {result.install_command}"
        elif isinstance(result.update.model_missing, ModelMemoryError):
            what_to_do = "memory ran out loading it (see above)"
        else:
            what_to_do = "its installed package cannot be used (see above)"
        lines.append(
            f"{counted(result.waiting_for_model, 'entry', 'entries')} "
            f"{'waits' if result.waiting_for_model == 1 else 'wait'} for a translation model; {what_to_do}"
        )
    if total.warning_count:
        lines.append(
            f"{counted(total.warning_count, 'translation warning')}: `toolkit check` lists them with file:line"
        )
    lines.append(f"site: {site_index}{changed_by_hand_note(result.build)}")
    return lines


class _Display:
    """One progress bar for the whole run: each stage takes it over with its own name, unit and total."""

    def __init__(self, quiet: bool):
        self._quiet = quiet
        self._bar = None

    def stage(self, description: str, unit: str) -> Callable[[int | None], _Display]:
        def start(total: int | None) -> _Display:
            if self._bar is None:
                self._bar = progress_bar(total, description, unit, self._quiet)
            else:
                self._bar.reset(total)
                self._bar.set_description(description)
                self._bar.unit = unit
            return self

        return start

    def update(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def close(self) -> None:
        """A stage is done; the bar stays for the next one and goes away in `finish`."""

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.close()


@contextmanager
def _timed(seconds: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[stage] = time.perf_counter() - started


def _require_translations(config: Config, errors: list[ToolkitError]) -> None:
    """translations/ to build from; where there is none because no source gave a catalog (a new project whose
    one page is too big, or whose two files make one article), that is the news, not a `toolkit translate`
    never run."""
    try:
        require_translations(config)
    except ToolkitError:
        if not errors:
            raise
        more = f" and {len(errors) - 1} more" if len(errors) > 1 else ""
        raise ToolkitError(
            f"nothing to build, as no source gave a catalog (the site is unchanged): {errors[0]}{more}"
        ) from None


def _with_the_build_s_word(named: list[ToolkitError], skipped: tuple[ToolkitError, ...]) -> list[ToolkitError]:
    """The translate stage's errors, each of a catalog the build skipped too in the build's words, which say
    what became of its article's page (kept from the last build, or none)."""
    said = {real_path(error.path): error for error in skipped if error.path is not None}
    return [said.get(real_path(error.path), error) if error.path is not None else error for error in named]


def _named_once(named: list[ToolkitError], errors: list[ToolkitError]) -> list[ToolkitError]:
    """Those of `errors` (the build's catalogs skipped, the summary's) whose file no error before names: a
    catalog that does not parse is named once, by the translate stage. The build's are named too: a catalog
    the build could not read (a failing disk, a mode changed during the run), its page kept as it was, was
    said by nobody when the summary, after it, could read it, and the run ended 0."""
    seen = {real_path(error.path) for error in named if error.path is not None}
    once = []
    for error in errors:
        path = real_path(error.path) if error.path is not None else None
        if path is None or path not in seen:
            once.append(error)
        if path is not None:
            seen.add(path)
    return once


def publish(config: Config, quiet: bool = False) -> PublishResult:
    """Run the three stages in order under one lock; every problem is collected, not raised."""
    seconds: dict[str, float] = {}
    clean_warnings: list[str] = []
    clean_errors: list[ToolkitError] = []
    display = _Display(quiet)
    check_site_folder(config)
    try:
        with (
            project_lock(config.state_dir, "publish"),
            run_cache(config.state_dir) as cache,
            ExitStack() as engine,
        ):

            def open_engine() -> TranslatorFactory:
                return engine.enter_context(project_translator(config))

            # Articles stream from the cleaner into the catalogs one by one, so the corpus is never held whole;
            # "clean" times the evidence pass, and the cleaning itself counts in "translate".
            with _timed(seconds, "clean"):
                inputs = translation_inputs(config, cache)
                recorded = recorded_translation(cache, inputs)
                replay = translator_factory = None
                if recorded is not None:
                    replay, translator_factory = replayed(recorded, config.translations_dir, open_engine)
                cleaning = None
                if replay is None:
                    # Opened before any catalog is touched: a cluster that cannot be reached ends the run with the
                    # catalogs as they were (a package that cannot be loaded does not: project_translator).
                    translator_factory = translator_factory or open_engine()
                    # Imported only here: a re-run with nothing to do never pays for the cleaner's imports.
                    from toolkit.clean.pipeline import clean_stream

                    cleaning = clean_stream(config, cache=cache)
            with _timed(seconds, "translate"):
                if cleaning is None:
                    update = replay
                    clean_warnings += [*recorded.passed_over, *recorded.clean_warnings, *recorded.same_articles]
                    source_ids = recorded.source_ids
                else:
                    clean_warnings.extend(cleaning.passed_over)
                    article_warnings: list[str] = []
                    articles = noting_warnings(config, cleaning.articles, article_warnings)
                    translating = display.stage("Translating", "sentence")
                    update = update_catalogs(
                        config,
                        articles,
                        translator_factory,
                        translating,
                        cache,
                        cleaning.digest_of,
                        cleaning.source_names,
                    )
                    same_articles = tuple(cleaning.same_articles.warnings(config.source_file))
                    clean_warnings += [*article_warnings, *same_articles]
                    clean_errors = cleaning.errors
                    # Every file as the run last saw it: a change seen from here on is someone else's.
                    changes = cache.changes_seen
                    source_ids = update.source_ids
                    outcome = None
                    if worth_recording(update, clean_errors):
                        warnings = tuple(article_warnings)
                        outcome = TranslationOutcome(
                            update.articles,
                            tuple(cleaning.passed_over),
                            warnings,
                            source_ids,
                            update.untranslated,
                            same_articles,
                        )
            with _timed(seconds, "build"):
                emptied = emptied_source_error(config.source_dir, config.translations_dir, source_ids)
                if emptied is not None:
                    raise emptied
                _require_translations(config, [*clean_errors, *update.errors])
                building = display.stage("Building", "article")
                build = build_site(config, building, skip_bad_catalogs=True, with_source=source_ids)
            with _timed(seconds, "summary"):
                if cleaning is None:
                    summary, catalog_errors = replayed_summary(config, cache, inputs, source_ids)
                else:
                    # The outcome and the summary are recorded together, under one look at the inputs.
                    summary, catalog_errors = summarize_and_record(config, cache, source_ids, outcome, changes)
    finally:
        display.finish()
    install = None
    # Only a package that is not installed is installed so; one installed that fails (damaged, memory ran out) is
    # named with what to do by its own line.
    if update.model_missing is not None and update.model_missing.path is None:
        from toolkit.translate.packages import install_command

        install = install_command(config)
    update.errors = _with_the_build_s_word(update.errors, build.errors)
    return PublishResult(
        clean_errors=clean_errors,
        update=update,
        build=build,
        summary=summary,
        catalog_errors=_named_once(update.errors, [*build.errors, *catalog_errors]),
        clean_warnings=clean_warnings,
        install_command=install,
        cache_warnings=cache.warnings,
        stage_seconds=seconds,
    )


def run(config: Config, strict: bool, quiet: bool) -> int:
    result = publish(config, quiet)
    for error in result.errors:
        click.echo(f"toolkit: {error}", err=True)
    if result.update.model_missing is not None:
        click.echo(f"toolkit: {result.update.model_missing}", err=True)
    warnings = [*result.clean_warnings, *result.build.warnings, *result.cache_warnings]
    passed_over = list_catalogs(config.translations_dir).passed_over if result.errors else []
    for warning in not_named_by(warnings, result.errors, passed_over):
        click.echo(f"toolkit: warning: {warning}", err=True)
    for line in summary_lines(result, config.site_dir / "index.html"):
        click.echo(line)
    return exit_status(result, strict)
