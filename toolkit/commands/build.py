"""`toolkit build`: translations/*.po and toolkit.toml -> site/, only what changed, swapped in at once."""

from __future__ import annotations

from collections.abc import Callable

import click

from toolkit.catalog.entries import counted
from toolkit.clean.sources import source_articles, without_catalog_warning
from toolkit.config import Config
from toolkit.errors import EXIT_FAILURE, EXIT_OK, shown_path
from toolkit.progress import progress_bar, show_progress
from toolkit.site.build import BuildResult, ProgressBar, build_site, no_progress
from toolkit.store.lock import project_lock
from toolkit.store.project import require_translations


def report(result: BuildResult) -> str:
    bundles = counted(len(result.bundles_indexed), "search bundle")
    return (
        f"build: {counted(result.articles, 'article')}, {counted(len(result.written), 'file')} written, "
        f"{result.kept} unchanged, {len(result.removed)} removed, {bundles} indexed -> "
        f"{shown_path(result.site_dir / 'index.html')}{changed_by_hand_note(result)}"
    )


def changed_by_hand_note(result: BuildResult) -> str:
    """What the build made again because it was changed by hand in site/ ("; rebuilt 1 page changed by hand:
    site/articles/x.html"), the first named and the rest counted; nothing when nothing was."""
    changed = result.changed_by_hand
    if not changed:
        return ""
    noun = "page" if all(name.endswith(".html") for name in changed) else "file"
    more = f" (and {len(changed) - 1} more)" if len(changed) > 1 else ""
    return f"; rebuilt {counted(len(changed), noun)} changed by hand: {shown_path(result.site_dir / changed[0])}{more}"


def built_site(
    config: Config, progress: Callable[[int], ProgressBar], command: str, standing: set[str] | None = None
) -> tuple[BuildResult, bool]:
    """Build under the project's lock and say what the build found (build's and serve's rebuilds alike); the
    flag is whether an article is made by two sources. Each page is built from its catalog, which translate
    leaves as it is while two sources make its article: the page stays as it was, and the build says why, as
    translate and publish do.

    `standing`: the warnings a `serve` session's last rebuild gave, not said again while they stand (an init'ed
    project's unset site.base_url was said at every save a translator made); it becomes this build's."""
    with project_lock(config.state_dir, command):
        sources = source_articles(config)
        result = build_site(config, progress, with_source=sources.ids)
    shared = sources.shared
    if shared:
        # Imported for the error alone: status's module loads the catalog checks, a rebuild's 0.02 s.
        from toolkit.commands.status import say_shared_articles

        say_shared_articles(config, shared)
    untranslated = without_catalog_warning(config, sources.ids, result.catalogs_stood_for)
    warnings = [*sources.passed_over, *result.warnings, *([untranslated] if untranslated else [])]
    for warning in warnings:
        if standing is None or warning not in standing:
            click.echo(f"toolkit: warning: {warning}", err=True)
    if standing is not None:
        standing.clear()
        standing.update(warnings)
    return result, bool(shared)


def run(config: Config, quiet: bool) -> int:
    require_translations(config)
    progress = (lambda total: progress_bar(total, "Building", "article")) if show_progress(quiet) else no_progress
    result, shared = built_site(config, progress, "build")
    click.echo(report(result))
    return EXIT_FAILURE if shared else EXIT_OK
