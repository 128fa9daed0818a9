"""`toolkit check`: the quality checks over every catalog; a non-zero exit when anything is flagged."""

from __future__ import annotations

import click

from toolkit.catalog.entries import counted, state_phrase
from toolkit.catalog.summary import total_of
from toolkit.commands.status import say_catalogs_without_source, summarize_project
from toolkit.config import Config
from toolkit.errors import EXIT_FAILURE, EXIT_OK
from toolkit.store.listing import list_catalogs


def run(config: Config) -> int:
    # A catalog whose source is gone is checked too: its page may stay on the site (the build decides).
    summaries, errors = summarize_project(config, with_sourceless=True)
    warnings = [warning for summary in summaries for warning in summary.warnings]
    for warning in warnings:
        click.echo(str(warning))
    for error in errors:
        click.echo(f"toolkit: {error}", err=True)
    catalogs = list_catalogs(config.translations_dir)
    for passed_over in catalogs.passed_over:
        click.echo(f"toolkit: warning: {passed_over}", err=True)
    say_catalogs_without_source(config, catalogs.files)
    counts = total_of(summaries).counts
    click.echo(
        f"check: {counted(len(summaries), 'catalog')} ({counted(counts.entries, 'entry', 'entries')}: "
        f"{state_phrase(counts)}), {counted(len(warnings), 'warning')}, {len(errors)} unreadable",
        err=True,
    )
    return EXIT_FAILURE if warnings or errors else EXIT_OK
