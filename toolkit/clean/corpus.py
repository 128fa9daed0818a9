"""Corpus-level evidence: a short line that recurs across several articles of a corpus is site furniture.

Only short lines without a final stop are counted. Articles about one story repeat whole sentences of each
other (the seeds do), and a repeated sentence is still the article's text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from toolkit.clean.lines import SourceLine
from toolkit.clean.settings import CorpusThresholds
from toolkit.clean.text import normalize

_SENTENCE_END = re.compile(r"[.!?؟。！？][\"'»”’)\]]*$")


def countable(text: str, max_words: int) -> bool:
    """Whether a line is the kind corpus evidence may judge: short, and not a sentence."""
    return bool(text) and len(text.split()) <= max_words and not _SENTENCE_END.search(text)


@dataclass(frozen=True)
class CorpusEvidence:
    article_count: int
    line_articles: dict[str, int]  # normalised short line in min_articles or more -> in how many it appears
    thresholds: CorpusThresholds

    def recurring(self, text: str) -> int:
        """In how many articles this line recurs, when that is enough to call it furniture; else 0."""
        if not countable(text, self.thresholds.max_words):
            return 0
        count = self.line_articles.get(normalize(text), 0)
        needed = max(self.thresholds.min_articles, self.thresholds.min_share * self.article_count)
        return count if count >= needed else 0


def build_corpus_evidence(documents: Iterable[list[SourceLine]], thresholds: CorpusThresholds) -> CorpusEvidence:
    counts: Counter[str] = Counter()
    article_count = 0
    for lines in documents:
        article_count += 1
        counts.update({normalize(line.text) for line in lines if countable(line.text, thresholds.max_words)})
    # A line in fewer articles than min_articles is never furniture, whatever the corpus's size: most short
    # lines (dates, headings, captions) are an article's own, and the evidence is kept while every article
    # is cleaned.
    recurring = {line: count for line, count in counts.items() if count >= thresholds.min_articles}
    return CorpusEvidence(article_count, recurring, thresholds)
