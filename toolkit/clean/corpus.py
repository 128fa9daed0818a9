"""Corpus-level evidence: a short line that recurs across several articles of a corpus is site furniture.

Only short lines without a final stop are counted. Articles about one story repeat whole sentences of each
other (the seeds do), and a repeated sentence is still the article's text.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass

from toolkit.clean.lines import SourceLine
from toolkit.clean.settings import CorpusThresholds
from toolkit.clean.text import ends_like_sentence, normalize
from toolkit.errors import ToolkitError

# SQLite's page cache for the line counts (its default is 2 MB): each article's lines are looked up once, so
# a bigger cache buys little, and the counts of a large corpus stay on disk rather than in memory.
COUNTS_CACHE_KIB = 512


def countable(text: str, max_words: int) -> bool:
    """Whether a line is the kind corpus evidence may judge: short, and not a sentence."""
    return bool(text) and len(text.split()) <= max_words and not ends_like_sentence(text)


@dataclass(frozen=True)
class CorpusEvidence:
    article_count: int
    line_articles: dict[str, int]  # normalised short line that is furniture -> in how many articles it appears
    thresholds: CorpusThresholds

    def recurring(self, text: str) -> int:
        """In how many articles this line recurs, when that is enough to call it furniture; else 0."""
        if not countable(text, self.thresholds.max_words):
            return 0
        return self.line_articles.get(normalize(text), 0)


class _LineCounts:
    """In how many articles each countable line appears, kept in a private temporary SQLite database, not a
    dict: scraped pages each bring short lines of their own (dates, captions, link texts), megabytes per
    thousand pages, while only the few that recur are ever used."""

    def __init__(self) -> None:
        self._database = sqlite3.connect("")  # "": a temporary file of SQLite's own, gone when closed
        self._database.execute(f"PRAGMA cache_size = {-COUNTS_CACHE_KIB}")
        self._database.execute("CREATE TABLE counts (line TEXT PRIMARY KEY, articles INTEGER NOT NULL) WITHOUT ROWID")

    def add_article(self, lines: set[str]) -> None:
        self._database.executemany(
            "INSERT INTO counts VALUES (?, 1) ON CONFLICT (line) DO UPDATE SET articles = articles + 1",
            ((line,) for line in lines),
        )

    def at_least(self, articles: float) -> dict[str, int]:
        return dict(self._database.execute("SELECT line, articles FROM counts WHERE articles >= ?", (articles,)))

    def close(self) -> None:
        self._database.close()


def furniture_threshold(thresholds: CorpusThresholds, article_count: int) -> float:
    """In how many articles a line must appear to be furniture."""
    return max(thresholds.min_articles, thresholds.min_share * article_count)


def build_corpus_evidence(documents: Iterable[list[SourceLine]], thresholds: CorpusThresholds) -> CorpusEvidence:
    """Count the countable lines over the corpus, one document at a time; only the recurring ones are kept."""
    counts = _LineCounts()
    article_count = 0
    try:
        for lines in documents:
            article_count += 1
            counts.add_article({normalize(line.text) for line in lines if countable(line.text, thresholds.max_words)})
        recurring = counts.at_least(furniture_threshold(thresholds, article_count))
    except sqlite3.Error as error:
        raise ToolkitError(f"cannot count lines in a temporary file: {error}", tempfile.gettempdir()) from None
    finally:
        counts.close()
    return CorpusEvidence(article_count, recurring, thresholds)
