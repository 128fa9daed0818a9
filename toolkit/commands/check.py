"""`toolkit check`: the quality checks over every catalog; a non-zero exit when anything is flagged."""

from __future__ import annotations

import click

from toolkit.catalog.entries import counted, state_phrase
from toolkit.catalog.summary import total_of
from toolkit.commands.status import (
    say_catalogs_without_source,
    say_emptied_source,
    sourceless_decisions,
    summarize_project,
)
from toolkit.config import Config
from toolkit.errors import EXIT_FAILURE, EXIT_OK
from toolkit.store.listing import catalog_names
from toolkit.store.project import require_translations


def run(config: Config) -> int:
    from toolkit.clean.sources import source_article_ids

    # A catalog whose source is gone is checked while its page stays on the site, as the build decides.
    names, passed_over_catalogs, _ = catalog_names(config.translations_dir)
    source_ids = source_article_ids(config)
    decisions = sourceless_decisions(config, names, source_ids)
    summaries, errors = summarize_project(config, source_ids, names=names, decisions=decisions)
    # After the glossary, read with the first catalog: a bad glossary.csv is the project's (exit 2) either way.
    require_translations(config, "check")
    warnings = [warning for summary in summaries for warning in summary.warnings]
    for warning in warnings:
        click.echo(str(warning))
    for error in errors:
        click.echo(f"toolkit: {error}", err=True)
    for passed_over in passed_over_catalogs:
        click.echo(f"toolkit: warning: {passed_over}", err=True)
    say_catalogs_without_source(config, decisions)
    say_emptied_source(config, source_ids)
    counts = total_of(summaries).counts
    click.echo(
        f"check: {counted(len(summaries), 'catalog')} ({counted(counts.entries, 'entry', 'entries')}: "
        f"{state_phrase(counts)}), {counted(len(warnings), 'warning')}, {len(errors)} unreadable",
        err=True,
    )
    return EXIT_FAILURE if warnings or errors else EXIT_OK
