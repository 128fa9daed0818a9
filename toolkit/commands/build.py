"""`toolkit build`: translations/*.po and toolkit.toml -> site/, only what changed, swapped in at once."""

from __future__ import annotations

from collections.abc import Callable

import click

from toolkit.clean.pipeline import source_articles
from toolkit.commands.status import say_shared_articles
from toolkit.config import Config
from toolkit.errors import EXIT_FAILURE, EXIT_OK
from toolkit.progress import progress_bar
from toolkit.site.build import BuildResult, ProgressBar, build_site
from toolkit.store.lock import project_lock
from toolkit.store.project import require_translations


def report(result: BuildResult) -> str:
    return (
        f"build: {result.articles} articles, {len(result.written)} files written, {result.kept} unchanged, "
        f"{len(result.removed)} removed, {len(result.bundles_indexed)} search bundles indexed -> "
        f"{result.site_dir / 'index.html'}"
    )


def built_site(
    config: Config, progress: Callable[[int], ProgressBar], command: str
) -> tuple[BuildResult, bool]:
    """Build under the project's lock and say what the build found (build's and serve's rebuilds alike); the
    flag is whether an article is made by two sources. Each page is built from its catalog, which translate
    leaves as it is while two sources make its article: the page stays as it was, and the build says why, as
    translate and publish do."""
    with project_lock(config.state_dir, command):
        sources = source_articles(config)
        result = build_site(config, progress, with_source=sources.ids)
    shared = sources.shared
    say_shared_articles(config, shared)
    for warning in [*sources.passed_over, *result.warnings]:
        click.echo(f"toolkit: warning: {warning}", err=True)
    return result, bool(shared)


def run(config: Config, quiet: bool) -> int:
    require_translations(config)
    result, shared = built_site(config, lambda total: progress_bar(total, "Building", "article", quiet), "build")
    click.echo(report(result))
    return EXIT_FAILURE if shared else EXIT_OK
