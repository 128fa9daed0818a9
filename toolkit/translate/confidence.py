"""One number from 0 to 1 per machine draft: how far the model itself trusts what it wrote.

Pure: the model's scores of a draft's sentences in, a confidence out. bench/confidence.py measures it as
Spearman correlation with sentence chrF on held-out news (WMT21 newstest zh->en, 1,948 lines): 0.585 per line
and 0.656 per three-line paragraph, where CTranslate2's raw score gets 0.175 and 0.316. Tried and left out:
the worst sentence instead of the whole draft (0.599 per paragraph: one weak sentence of three does not make
a paragraph bad, and a sentence that came back empty still sinks the draft to 0); a penalty for an
output/input length ratio far from the usual (+0.015 on WMT21, but -0.053 on bench/data lines); the share of
repeated tokens (lower everywhere: the engine already collapses loops and flags them).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from toolkit.translate.engine import SentenceScore


def _tokens(score: SentenceScore) -> int:
    return score.output_tokens + 1  # the end token is scored too


def draft_confidence(scores: Sequence[SentenceScore]) -> float | None:
    """The geometric mean of the probabilities of every token of the draft, all its sentences together:
    CTranslate2's scores with their length penalty taken off. The raw score sums log-probabilities, so long
    sentences look worse than they are; per token, drafts of any length compare. A sentence that came back
    empty makes the draft 0. None when the translator gave no scores."""
    if not scores:
        return None
    if any(score.output_tokens == 0 for score in scores):
        return 0.0
    total = sum(score.log_prob * _tokens(score) for score in scores) / sum(_tokens(score) for score in scores)
    return math.exp(min(total, 0.0))
