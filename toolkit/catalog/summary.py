"""What `toolkit status` and `toolkit check` report about one catalog: entry states and warnings. Pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from toolkit.catalog.checks import ENGINE_CHECK, CatalogWarning, check_catalog, ignored_checks
from toolkit.catalog.entries import WARNING_NOTE, is_machine_draft, is_reviewed, notes_with_prefix
from toolkit.catalog.glossary import NO_GLOSSARY, Glossary


@dataclass
class CatalogSummary:
    name: str  # the article id (the file's stem), or "total"
    entries: int = 0  # title and blocks, obsolete ones not counted
    reviewed: int = 0
    machine_drafts: int = 0
    needs_review: int = 0  # fuzzy but not a machine draft: a carried-over or memory translation
    untranslated: int = 0
    warnings: list[CatalogWarning] = field(default_factory=list)
    unreadable: str = ""  # why the catalog could not be read; it then counts nothing, but keeps its row

    def add(self, other: CatalogSummary) -> None:
        self.entries += other.entries
        self.reviewed += other.reviewed
        self.machine_drafts += other.machine_drafts
        self.needs_review += other.needs_review
        self.untranslated += other.untranslated
        self.warnings.extend(other.warnings)


def summarize(
    catalog: polib.POFile, path: Path, source_language: str, target_language: str, glossary: Glossary = NO_GLOSSARY
) -> CatalogSummary:
    """Count entry states; warnings are the quality checks plus what the engine noted on its drafts."""
    source_language = catalog.metadata.get("X-Source-Language") or source_language
    target_language = catalog.metadata.get("Language") or target_language
    summary = CatalogSummary(path.stem)
    engine_warnings = []
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        summary.entries += 1
        if not entry.msgstr:
            summary.untranslated += 1
        elif is_reviewed(entry):
            summary.reviewed += 1
        elif is_machine_draft(entry):
            summary.machine_drafts += 1
            if ENGINE_CHECK not in ignored_checks(entry.flags):
                engine_warnings += [
                    CatalogWarning(path, entry.linenum, entry.msgctxt or "", note, ENGINE_CHECK)
                    for note in notes_with_prefix(entry, WARNING_NOTE)
                ]
        else:
            summary.needs_review += 1
    warnings = check_catalog(catalog, path, source_language, target_language, glossary) + engine_warnings
    summary.warnings = sorted(warnings, key=lambda warning: warning.line)
    return summary


def total_of(summaries: list[CatalogSummary]) -> CatalogSummary:
    total = CatalogSummary("total")
    for summary in summaries:
        total.add(summary)
    return total


# A table column: its header and the number it shows for one summary.
Column = tuple[str, Callable[[CatalogSummary], int]]


def summary_table(summaries: list[CatalogSummary], total: CatalogSummary, columns: Sequence[Column]) -> list[str]:
    """One row per article and the total, numbers right-aligned under their headers. Pure."""
    width = max(len("article"), *(len(summary.name) for summary in [*summaries, total])) + 2

    def row(name: str, values: Sequence[object]) -> str:
        cells = "".join(f"{value:>{len(header) + 2}}" for (header, _), value in zip(columns, values, strict=True))
        return f"{name:<{width}}{cells}"

    def line(summary: CatalogSummary) -> str:
        if summary.unreadable:
            return f"{summary.name:<{width}}  {summary.unreadable}"
        return row(summary.name, [count(summary) for _, count in columns])

    return [row("article", [header for header, _ in columns]), *(line(summary) for summary in [*summaries, total])]
