"""`toolkit status`: per article and in total, how far the translation is, and what the checks found."""

from __future__ import annotations

import os
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import click
import polib

from toolkit.catalog.entries import (
    confidence_of,
    counted_entries,
    entry_state,
    is_machine_written,
    review_reason,
    translation,
)
from toolkit.catalog.glossary import load_glossary
from toolkit.catalog.renames import (
    OnSite,
    Successor,
    catalogs_without_source,
    decide_without_source,
    emptied_source_error,
    source_gone_warnings,
)
from toolkit.catalog.store import read_project_catalog
from toolkit.catalog.summary import (
    SUMMARY_COLUMNS,
    SUMMARY_COUNTS,
    CatalogSummary,
    ProjectSummary,
    counts_key,
    counts_of,
    from_counts,
    summarize,
    summary_code,
    summary_table,
    total_of,
)
from toolkit.config import Config
from toolkit.errors import EXIT_FAILURE, EXIT_OK, NAMED_AT_MOST, CatalogError, shown_path
from toolkit.packed import PackedNames
from toolkit.scripts import for_terminal
from toolkit.store.cache import NO_CACHE, RunCache
from toolkit.store.listing import catalog_names, is_utf8_name, list_catalogs
from toolkit.store.project import require_translations

Decisions = dict[str, Successor | OnSite]


def summarize_project(
    config: Config,
    source_ids: Container[str] | None = None,
    *,
    cache: RunCache = NO_CACHE,
    keep_warnings: bool = True,
    names: PackedNames | None = None,
    decisions: Decisions | None = None,
) -> tuple[list[CatalogSummary], list[CatalogError]]:
    """Every catalog under translations/ (its `names`, when the caller has listed it), read strictly; one that
    does not parse is reported, and its row says so instead of counting. A catalog whose source is not among
    `source_ids` (`source_article_ids`; None: a project without sources, where every catalog counts) counts
    as `_summaries` says. With a `cache`, a catalog untouched since it was last summarized is not read.
    Without `keep_warnings`, each summary keeps only how many warnings it has."""
    errors: list[CatalogError] = []
    summaries = _summaries(
        config, source_ids, cache, errors, counted_only=not keep_warnings, names=names, decisions=decisions
    )
    return list(summaries), errors


def sourceless_decisions(config: Config, names: Iterable[str], source_ids: Container[str] | None) -> Decisions:
    """What the build decides for each catalog of `names` whose source is gone (renames.decide_without_source),
    worked out now: translate, status and check say what publish says, before any build too."""
    from toolkit.site.generation import built_marks, pages_on_site

    with built_marks(config.state_dir, config.translations_dir) as marks:
        return decide_without_source(
            config.translations_dir,
            config.target_language,
            names,
            source_ids,
            lambda unreadable: pages_on_site(config.state_dir, unreadable),
            marks,
        )


def say_shared_articles(config: Config, shared: dict[str, list[str]]) -> None:
    """The error for each article more than one file of source/ makes (`shared_article_error`), as status and
    build say it."""
    from toolkit.catalog.update import catalog_path, shared_article_error

    for article_id, files in shared.items():
        click.echo(f"toolkit: {shared_article_error(catalog_path(config, article_id), article_id, files)}", err=True)


def say_same_articles(config: Config, summaries: Iterable[CatalogSummary], source_ids: Container[str] | None) -> None:
    """The warning for each article more than one source holds under different names, by what their catalogs
    hold (`SameArticles`), as translate and publish say it of the articles they clean: of the catalogs with a
    source (`source_ids`) alone, since a catalog whose source is gone names a file that is no more (its page
    kept beside its renamed source's, which `source_gone_warnings` names)."""
    from toolkit.clean.pipeline import SameArticles, same_article_warning

    same = SameArticles()
    for summary in summaries:
        if summary.text_key is not None and summary.source and source_ids is not None and summary.name in source_ids:
            same.add(summary.text_key, summary.source)
    for sources in same.groups(config.source_file):
        click.echo(f"toolkit: warning: {same_article_warning(sources, listed_below=True)}", err=True)
        for source in sources[NAMED_AT_MOST:]:
            click.echo(f"  {shown_path(source)}", err=True)


def say_catalogs_without_source(config: Config, decisions: Decisions) -> None:
    """The warnings that name the catalogs whose source is gone, with what the build decides for their pages
    (`source_gone_warnings`), as translate, status and check say them."""
    for warning in source_gone_warnings(config.translations_dir, decisions):
        click.echo(f"toolkit: warning: {warning}", err=True)


def say_emptied_source(config: Config, source_ids: Container[str] | None) -> None:
    """The warning that source/ is empty beside catalogs made from it (`emptied_source_error`), as status and check
    say what stops translate and publish."""
    emptied = emptied_source_error(config.source_dir, config.translations_dir, source_ids)
    if emptied is not None:
        click.echo(f"toolkit: warning: {emptied}", err=True)


@dataclass(frozen=True)
class Sourceless:
    """What a summary made of the catalogs whose source is gone: all of them (file names in translations/), and
    those the site's manifest then said the site shows (and so were counted)."""

    catalogs: tuple[str, ...] = ()
    on_site: frozenset[str] = frozenset()

    def still_so(self, state_dir: Path) -> bool:
        """Whether the site's manifest says the same of these catalogs now."""
        return not self.catalogs or pages_on_site_of(state_dir, self.catalogs) == self.on_site


def pages_on_site_of(state_dir: Path, catalogs: Iterable[str]) -> frozenset[str]:
    from toolkit.site.generation import pages_on_site

    return frozenset(pages_on_site(state_dir, catalogs))


def project_summary(
    config: Config, source_ids: Container[str] | None, cache: RunCache = NO_CACHE
) -> tuple[ProjectSummary, list[CatalogError], Sourceless]:
    """`summarize_project` folded as it goes into the total and the rows a closing table shows: an archive's
    summaries are never held together. With what the summary made of the catalogs whose source is gone."""
    errors: list[CatalogError] = []
    sourceless: list[Sourceless] = []
    summary = ProjectSummary.of(_summaries(config, source_ids, cache, errors, counted_only=True, sourceless=sourceless))
    return summary, errors, sourceless[0]


def _summaries(
    config: Config,
    source_ids: Container[str] | None,
    cache: RunCache,
    errors: list[CatalogError],
    counted_only: bool,
    names: PackedNames | None = None,
    decisions: Decisions | None = None,
    sourceless: list[Sourceless] | None = None,
) -> Iterator[CatalogSummary]:
    """Each catalog's summary; `counted_only`: without the warnings' texts, read from the cache without them
    too (a catalog's warnings, each with its path, took ten times its counts to read back).

    A catalog whose source is gone counts while the site shows its page (the build kept it: a source removed,
    or renamed without a successor that holds its reviewed work), as the build decides (`decisions`, worked
    out before a build) or, without them, as the site's manifest records (after the build); else it is
    left out once read (one that cannot be read is still named): its article is counted under its new name
    (it was counted twice, a total of 23 entries for 17), and the warning about it (`source_gone_warnings`) is
    what names it."""
    glossary = load_glossary(config.project_dir)
    code = summary_code(config.source_language, config.target_language, glossary)
    folder = os.fspath(config.translations_dir)
    if names is None:
        names = catalog_names(config.translations_dir)[0]
    if decisions is not None:
        gone = {name for name, decided in decisions.items() if decided is not OnSite.PAGE_STAYS}
    else:
        without_source = tuple(catalogs_without_source(names, source_ids))
        on_site = pages_on_site_of(config.state_dir, without_source) if without_source else frozenset()
        if sourceless is not None:
            sourceless.append(Sourceless(without_source, on_site))
        gone = set(without_source) - on_site
    for name in names:
        # Joined as text, a Path made only when the catalog is read: at 10,000 catalogs a Path each cost more
        # than the cache's answer.
        joined = os.path.join(folder, name)
        # A name that is not UTF-8 cannot be a key of the cache: read_project_catalog below names it.
        key = counts_key(code, cache.file_key(joined), joined) if is_utf8_name(joined) else None
        if counted_only and key is not None and (counts := cache.get(SUMMARY_COUNTS, name, key)) is not None:
            if name not in gone:
                yield from_counts(counts)
            continue
        path = Path(joined)
        summary = cache.get("summary", path.name, key) if key is not None else None
        if summary is None:
            try:
                catalog = read_project_catalog(path, config.target_language)  # only counted, never written back
            except CatalogError as error:
                errors.append(error)
                where = f" (line {error.line})" if error.line else ""
                yield CatalogSummary(shown_path(path.stem), unreadable=f"not read{where}: {error.message}")
                continue
            summary = summarize(catalog, path, config.source_language, config.target_language, glossary)
            cache.put("summary", path.name, key, summary)
        if counted_only and key is not None:
            cache.put(SUMMARY_COUNTS, path.name, key, counts_of(summary))
        if name not in gone:
            yield summary.counted_only() if counted_only else summary


# A draft's text as the confidence list shows it: enough to recognise it.
DRAFT_PREVIEW_CHARS = 70


@dataclass(frozen=True)
class DraftConfidence:
    path: Path
    line: int
    context: str
    confidence: float | None  # None: the draft's note gives none that is a number from 0 to 1
    text: str

    def __str__(self) -> str:
        where = f"{shown_path(self.path)}:{self.line}"
        confidence = "none" if self.confidence is None else f"{self.confidence:.2f}"
        return f"{where}: [{for_terminal(self.context)}] {confidence} {_preview(self.text)}"


def entries_to_review(config: Config) -> list[str]:
    """Every entry that needs review, in file order, as file:line, why and its text: what a translator who
    pulled the project finds changed under them (a paragraph edited upstream, split or joined, reused from the
    memory), which the counts alone did not point to."""
    return [
        f"{shown_path(path)}:{entry.linenum}: [{for_terminal(entry.msgctxt or '')}] {review_reason(entry)}: "
        f"{_preview(translation(entry))}"
        for path, entry in _live_entries(config)
        if entry_state(entry) == "needs-review"
    ]


def _live_entries(config: Config) -> Iterator[tuple[Path, polib.POEntry]]:
    """Each catalog's counted entries (the title and blocks), catalog by catalog (catalogs that cannot be read as
    the project's, that do not parse or are of another language, are skipped: the summary names them)."""
    for path in map(Path, list_catalogs(config.translations_dir).files):
        try:
            catalog = read_project_catalog(path, config.target_language)
        except CatalogError:
            continue
        yield from ((path, entry) for entry in counted_entries(catalog))


def _preview(text: str) -> str:
    text = " ".join(text.split())
    return for_terminal(text if len(text) <= DRAFT_PREVIEW_CHARS else text[: DRAFT_PREVIEW_CHARS - 1] + "…")


def drafts_by_confidence(config: Config) -> list[DraftConfidence]:
    """Every machine draft or alignment with a confidence, lowest first."""
    drafts = []
    for path, entry in _live_entries(config):
        if is_machine_written(entry):
            confidence = confidence_of(entry)
            drafts.append(DraftConfidence(path, entry.linenum, entry.msgctxt or "", confidence, translation(entry)))
    # A draft whose note gives no confidence (nan, -1, a hand edit, none at all) was left out of the list of
    # every draft: first, as the least known.
    return sorted(drafts, key=lambda draft: (draft.confidence is not None, draft.confidence or 0.0))


def run(config: Config, by_confidence: bool = False, needs_review: bool = False) -> int:
    from toolkit.clean.sources import source_articles, without_catalog_warning

    # source/ and translations/ are each listed once, and what they hold is said once.
    sources = source_articles(config)
    names, passed_over_catalogs, stood_for = catalog_names(config.translations_dir)
    decisions = sourceless_decisions(config, names, sources.ids)
    summaries, errors = summarize_project(config, sources.ids, names=names, decisions=decisions)
    # After the glossary, read with the first catalog: a bad glossary.csv is the project's (exit 2) either way.
    require_translations(config, "count")
    for passed_over in [*sources.passed_over, *passed_over_catalogs]:
        click.echo(f"toolkit: warning: {passed_over}", err=True)
    say_catalogs_without_source(config, decisions)
    say_emptied_source(config, sources.ids)
    untranslated = without_catalog_warning(config, sources.ids, stood_for)
    if untranslated is not None:
        click.echo(f"toolkit: warning: {untranslated}", err=True)
    shared = sources.shared
    say_shared_articles(config, shared)
    say_same_articles(config, summaries, sources.ids)
    from toolkit.site.generation import not_built_note

    kept = not_built_note(config.state_dir)
    if kept is not None:
        click.echo(f"toolkit: warning: {kept}", err=True)
    total = total_of(summaries)
    for line in summary_table(summaries, total, SUMMARY_COLUMNS):
        click.echo(line)
    if total.warnings:
        click.echo("")
        for warning in total.warnings:
            click.echo(str(warning))
    if by_confidence:
        drafts = drafts_by_confidence(config)
        click.echo("")
        listed = "machine drafts and alignments"
        click.echo(f"{listed}, lowest confidence first:" if drafts else f"{listed}: none")
        for draft in drafts:
            click.echo(str(draft))
    if needs_review:
        to_review = entries_to_review(config)
        click.echo("")
        click.echo("needing review:" if to_review else "needing review: none")
        for line in to_review:
            click.echo(line)
    for error in errors:
        click.echo(f"toolkit: {error}", err=True)
    return EXIT_FAILURE if errors or shared else EXIT_OK
