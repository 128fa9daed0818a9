"""`toolkit status`: per article and in total, how far the translation is, and what the checks found."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.catalog.store import read_catalog
from toolkit.catalog.summary import CatalogSummary, summarize
from toolkit.config import Config
from toolkit.errors import EXIT_FAILURE, EXIT_OK, CatalogError

_COLUMNS = ("entries", "reviewed", "drafts", "to review", "untranslated", "warnings")


def shown_path(path: Path) -> Path:
    """The path relative to the working folder when it is inside it, so editors can open `file:line`."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def summarize_project(config: Config) -> tuple[list[CatalogSummary], list[CatalogError]]:
    """Every catalog under translations/, read strictly; one that does not parse is reported and skipped."""
    summaries, errors = [], []
    for path in sorted(config.translations_dir.glob("*.po")):
        try:
            catalog = read_catalog(path)
        except CatalogError as error:
            error.path = shown_path(path)
            errors.append(error)
            continue
        summaries.append(summarize(catalog, shown_path(path), config.source_language, config.target_language))
    return summaries, errors


def _row(summary: CatalogSummary, width: int) -> str:
    values = (
        summary.entries,
        summary.reviewed,
        summary.machine_drafts,
        summary.needs_review,
        summary.untranslated,
        len(summary.warnings),
    )
    cells = "".join(f"{value:>{len(column) + 2}}" for column, value in zip(_COLUMNS, values, strict=True))
    return f"{summary.name:<{width}}{cells}"


def run(config: Config) -> int:
    summaries, errors = summarize_project(config)
    total = CatalogSummary("total")
    for summary in summaries:
        total.add(summary)
    width = max([len("article"), len(total.name), *(len(s.name) for s in summaries)]) + 2
    click.echo(f"{'article':<{width}}" + "".join(f"{column:>{len(column) + 2}}" for column in _COLUMNS))
    for summary in summaries:
        click.echo(_row(summary, width))
    click.echo(_row(total, width))
    if total.warnings:
        click.echo("")
        for warning in total.warnings:
            click.echo(str(warning))
    for error in errors:
        click.echo(f"toolkit: {error}", err=True)
    return EXIT_FAILURE if errors else EXIT_OK
