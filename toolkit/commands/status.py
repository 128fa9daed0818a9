"""`toolkit status`: per article and in total, how far the translation is, and what the checks found."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.catalog.store import read_catalog
from toolkit.catalog.summary import CatalogSummary, Column, summarize, summary_table, total_of
from toolkit.config import Config
from toolkit.errors import EXIT_FAILURE, EXIT_OK, CatalogError


def shown_path(path: Path) -> Path:
    """The path relative to the working folder when it is inside it, so editors can open `file:line`."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def summarize_project(config: Config) -> tuple[list[CatalogSummary], list[CatalogError]]:
    """Every catalog under translations/, read strictly; one that does not parse is reported, and its row says
    so instead of counting."""
    summaries, errors = [], []
    for path in sorted(config.translations_dir.glob("*.po")):
        try:
            catalog = read_catalog(path)
        except CatalogError as error:
            error.path = shown_path(path)
            errors.append(error)
            where = f" (line {error.line})" if error.line else ""
            summaries.append(CatalogSummary(path.stem, unreadable=f"not read{where}: {error.message}"))
            continue
        summaries.append(summarize(catalog, shown_path(path), config.source_language, config.target_language))
    return summaries, errors


_COLUMNS: tuple[Column, ...] = (
    ("entries", lambda summary: summary.entries),
    ("reviewed", lambda summary: summary.reviewed),
    ("drafts", lambda summary: summary.machine_drafts),
    ("to review", lambda summary: summary.needs_review),
    ("untranslated", lambda summary: summary.untranslated),
    ("warnings", lambda summary: len(summary.warnings)),
)


def run(config: Config) -> int:
    summaries, errors = summarize_project(config)
    total = total_of(summaries)
    for line in summary_table(summaries, total, _COLUMNS):
        click.echo(line)
    if total.warnings:
        click.echo("")
        for warning in total.warnings:
            click.echo(str(warning))
    for error in errors:
        click.echo(f"toolkit: {error}", err=True)
    return EXIT_FAILURE if errors else EXIT_OK
