"""What `toolkit status` and `toolkit check` report about one catalog: entry states and warnings. Pure, but
for the keys a run cache keeps a catalog's counts under (`counts_key`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import astuple, dataclass, field, replace
from pathlib import Path

import polib

from toolkit.catalog.checks import (
    ENGINE_CHECK,
    CatalogWarning,
    check_article_date,
    check_block_order,
    check_byte_order_mark,
    check_catalog,
    check_plural_forms,
    ignored_checks,
)
from toolkit.catalog.entries import (
    SOURCE_HEADER,
    STATE_WORDS,
    WARNING_NOTE,
    StateCounts,
    catalog_text_key,
    counted_entries,
    entry_state,
    notes_with_prefix,
    state_counts,
)
from toolkit.catalog.glossary import NO_GLOSSARY, Glossary
from toolkit.catalog.poformat import column_width
from toolkit.catalog.settings import SUMMARY_ROWS
from toolkit.store.cache import code_version, digest

# The run cache's kind for a catalog's counts (`counts_of`), kept by the write-back that leaves the file and by
# the summary that reads it: the first run's summary parses no catalog the catalog stage wrote or merged.
SUMMARY_COUNTS = "summary counts"


@dataclass
class CatalogSummary:
    name: str  # the article id (the file's stem), or "total"
    counts: StateCounts = field(default_factory=StateCounts)  # the title and every block, by state
    warnings: list[CatalogWarning] = field(default_factory=list)
    unreadable: str = ""  # why the catalog could not be read; it then counts nothing, but keeps its row
    # How many warnings there are, also once the warnings themselves are let go (counted_only).
    warning_count: int = 0
    # The article's `Article.text_key` and its source file as the catalog's header names it: sources that hold
    # one article are named by `status` (`SameArticles`).
    text_key: int | None = None
    source: str = ""

    def add(self, other: CatalogSummary) -> None:
        self.counts += other.counts
        self.warnings.extend(other.warnings)
        self.warning_count += other.warning_count

    def counted_only(self) -> CatalogSummary:
        """The summary without its warnings' texts (nor what names its article's text): a project-wide table needs
        only how many there are, and holding every warning of an archive (a dozen per machine-drafted article)
        grows with it."""
        return replace(self, warnings=[], text_key=None, source="")


def summarize(
    catalog: polib.POFile, path: Path, source_language: str, target_language: str, glossary: Glossary = NO_GLOSSARY
) -> CatalogSummary:
    """Count entry states; warnings are the quality checks plus what the engine noted on its drafts."""
    ordered = sorted(_warnings(catalog, path, source_language, target_language, glossary), key=lambda w: w.line)
    return CatalogSummary(
        path.stem,
        state_counts(catalog),
        ordered,
        warning_count=len(ordered),
        text_key=catalog_text_key(catalog),
        source=catalog.metadata.get(SOURCE_HEADER, ""),
    )


def summarize_counts(
    catalog: polib.POFile, path: Path, source_language: str, target_language: str, glossary: Glossary = NO_GLOSSARY
) -> CatalogSummary:
    """`summarize` without the warnings' texts (`CatalogSummary.counted_only`), of a catalog parsed or made in
    memory: its entries need no line numbers."""
    warnings = _warnings(catalog, path, source_language, target_language, glossary)
    return CatalogSummary(path.stem, state_counts(catalog), warning_count=len(warnings))


def _warnings(
    catalog: polib.POFile, path: Path, source_language: str, target_language: str, glossary: Glossary
) -> list[CatalogWarning]:
    source_language = catalog.metadata.get("X-Source-Language") or source_language
    # Not the catalog's own Language: a catalog read is in the target language (`read_project_catalog`), and its
    # translators' form of it ("en_GB", "English") is no key of the checks' tables (length bounds, scale words).
    engine_warnings = [
        CatalogWarning(path, entry.linenum, entry.msgctxt or "", note, ENGINE_CHECK)
        for entry in counted_entries(catalog)
        if entry_state(entry) == "draft" and ENGINE_CHECK not in ignored_checks(entry)
        for note in notes_with_prefix(entry, WARNING_NOTE)
    ]
    checked = check_catalog(catalog, path, source_language, target_language, glossary)
    header_warnings = (
        check_byte_order_mark(catalog, path) + check_article_date(catalog, path) + check_plural_forms(catalog, path)
    )
    return header_warnings + check_block_order(catalog, path) + checked + engine_warnings


def summary_code(source_language: str, target_language: str, glossary: Glossary) -> bytes:
    """What a catalog's summary is made from besides the file: the code that counts and checks, the project's
    languages, the glossary."""
    return digest(code_version("catalog", "translate"), source_language, target_language, glossary)


def counts_key(code: bytes, file_key: bytes | None, path: str) -> bytes:
    """The key of a catalog's summary in the run cache: `summary_code`, the file's content (`RunCache.file_key`)
    and its path."""
    return digest(code, file_key, path)


def counts_of(summary: CatalogSummary) -> tuple[str, tuple[int, ...], int]:
    """What the run cache keeps of a summary under SUMMARY_COUNTS: its name, counts and number of warnings."""
    return summary.name, astuple(summary.counts), summary.warning_count


def from_counts(counts: tuple[str, tuple[int, ...], int]) -> CatalogSummary:
    name, states, warning_count = counts
    return CatalogSummary(name, StateCounts(*states), warning_count=warning_count)


@dataclass
class ProjectSummary:
    """A project's table without a row per article held: the total, and the rows shown (every article of a
    small project; of an archive the first SUMMARY_ROWS, and every catalog that could not be read, which
    the run also names). The warnings' texts are not kept, only how many there are."""

    total: CatalogSummary = field(default_factory=lambda: CatalogSummary("total"))
    rows: list[CatalogSummary] = field(default_factory=list)
    articles: int = 0

    def add(self, summary: CatalogSummary) -> None:
        summary = summary.counted_only()
        self.total.add(summary)
        self.articles += 1
        if len(self.rows) < SUMMARY_ROWS or summary.unreadable:
            self.rows.append(summary)

    @property
    def left_out(self) -> int:
        """The articles counted in the total but given no row."""
        return self.articles - len(self.rows)

    @classmethod
    def of(cls, summaries: Iterable[CatalogSummary]) -> ProjectSummary:
        project = cls()
        for summary in summaries:
            project.add(summary)
        return project


def total_of(summaries: list[CatalogSummary]) -> CatalogSummary:
    total = CatalogSummary("total")
    for summary in summaries:
        total.add(summary)
    return total


# A table column: its header and the number it shows for one summary.
Column = tuple[str, Callable[[CatalogSummary], int]]


def _state_column(state: str) -> Column:
    return STATE_WORDS[state][1], lambda summary: summary.counts.of(state)


# The columns `status` and `publish` both show: the entries (title and blocks), each state, the warnings.
SUMMARY_COLUMNS: tuple[Column, ...] = (
    ("entries", lambda summary: summary.counts.entries),
    *(_state_column(state) for state in STATE_WORDS),
    ("warnings", lambda summary: summary.warning_count),
)


def summary_table(summaries: list[CatalogSummary], total: CatalogSummary, columns: Sequence[Column]) -> list[str]:
    """One row per article and the total, numbers right-aligned under their headers. Pure."""
    # Padded by the columns a name takes on a terminal: a Chinese file name (上海电影节) is twice as wide as
    # its length, and padding by length pushed its numbers out of their columns.
    names = {summary.name: sum(map(column_width, summary.name)) for summary in [*summaries, total]}
    width = max(len("article"), *names.values()) + 2

    def padded(name: str) -> str:
        return name + " " * (width - names.get(name, len(name)))

    def row(name: str, values: Sequence[object]) -> str:
        cells = "".join(f"{value:>{len(header) + 2}}" for (header, _), value in zip(columns, values, strict=True))
        return f"{padded(name)}{cells}"

    def line(summary: CatalogSummary) -> str:
        if summary.unreadable:
            return f"{padded(summary.name)}  {summary.unreadable}"
        return row(summary.name, [count(summary) for _, count in columns])

    return [row("article", [header for header, _ in columns]), *(line(summary) for summary in [*summaries, total])]
