"""One number from 0 to 1 per machine draft: how far the model itself trusts what it wrote.

Pure: the model's scores of a draft's sentences in, a confidence out. What goes into it, and what was tried
and left out, is measured by bench/confidence.py (rank correlation with sentence chrF on held-out news).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from toolkit.translate.engine import SentenceScore


def sentence_confidence(score: SentenceScore) -> float:
    """The geometric mean of the output tokens' probabilities: CTranslate2's score with its length penalty
    taken off. The raw score sums log-probabilities, so long sentences look worse than they are; per token,
    a sentence of any length compares with any other. Nothing came back: 0."""
    if score.output_tokens == 0:
        return 0.0
    return math.exp(min(score.log_prob, 0.0))


def draft_confidence(scores: Sequence[SentenceScore]) -> float | None:
    """The confidence of a draft made of these sentences: its worst sentence's. One garbled sentence spoils a
    paragraph however good the others are, and a translator fixing a paragraph reads all of it. None when
    the translator gave no scores."""
    if not scores:
        return None
    return min(sentence_confidence(score) for score in scores)
