"""The best sequence of links between two documents' sentences: one dynamic-programming pass over the whole
document (Gale and Church's search), not a greedy walk, so one unclear sentence cannot derail the rest.

Pure. A link joins 0-3 neighbouring source sentences with 0-3 neighbouring target sentences (the shapes and
their priors are `LINK_PRIORS`); its cost adds the prior, the length model, the anchors, the document's
paragraph structure and, when machine drafts exist, their chrF against the target. A sentence left out
(1-0, 0-1) costs a fixed price, so a link is made only when its evidence beats leaving both sides out.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from functools import cache, reduce

from toolkit.align.evidence import (
    Evidence,
    Finding,
    NgramCounts,
    add_counts,
    anchor_cost,
    anchor_findings,
    chrf,
    length_cost,
)
from toolkit.align.settings import (
    BAND_MIN,
    BAND_SHARE,
    BOUNDARY_MISMATCH_COST,
    CROSS_BLOCK_COST,
    CROSS_PARAGRAPH_COST,
    DRAFT_FLOOR,
    DRAFT_WEIGHT,
    FULL_SEARCH_CELLS,
    GALE_CHURCH_GAP_PRIOR,
    GALE_CHURCH_VARIANCE,
    LENGTH_WEIGHT_WITH_DRAFTS,
    LINK_PRIORS,
    PARTIAL_GAP_COST,
    PRIOR_WEIGHT_WITH_DRAFTS,
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of either side, with where it stands and what it offers as evidence."""

    text: str
    unit: int  # the block (source) or paragraph (target) it belongs to
    first: bool  # it starts its unit
    alone: bool  # it is its unit's only sentence
    evidence: Evidence
    # Source: character n-grams of its machine draft; target: of itself. None when there are no drafts.
    ngrams: NgramCounts | None = None


@dataclass(frozen=True)
class Link:
    source: range  # indexes of the source sentences (empty: a target sentence nobody's counterpart)
    target: range  # indexes of the target sentences (empty: a source sentence without counterpart)
    cost: float
    score: float  # 0-1: the link's posterior probability, over every alignment of the document
    findings: tuple[Finding, ...]


_PRIOR_COSTS = {shape: -math.log(prior) for shape, prior in LINK_PRIORS.items()}
_SHAPES = tuple(LINK_PRIORS)
_LENGTHS = "{} and {} characters"


class _Pricer:
    """Prices links between the two sides, remembering the evidence of every span it has summed."""

    def __init__(self, source: list[Sentence], target: list[Sentence], ratio: float, length_only: bool):
        self.source, self.target, self.ratio, self.length_only = source, target, ratio, length_only
        self.drafts = bool(source) and bool(target) and source[0].ngrams is not None and target[0].ngrams is not None
        self.span_evidence = cache(self._span_evidence)
        self.span_ngrams = cache(self._span_ngrams)

    def _side(self, is_source: bool) -> list[Sentence]:
        return self.source if is_source else self.target

    def _span_evidence(self, is_source: bool, start: int, count: int) -> Evidence:
        return reduce(operator.add, [sentence.evidence for sentence in self._side(is_source)[start : start + count]])

    def _span_ngrams(self, is_source: bool, start: int, count: int) -> NgramCounts:
        return reduce(add_counts, [sentence.ngrams for sentence in self._side(is_source)[start : start + count]])

    def gap_cost(self, sentence: Sentence) -> float:
        if self.drafts:
            # Priced against the draft's evidence alone: leaving a sentence out wins below DRAFT_FLOOR.
            return DRAFT_WEIGHT * (1 - DRAFT_FLOOR) / 2
        if self.length_only:
            return -math.log(GALE_CHURCH_GAP_PRIOR)
        return _PRIOR_COSTS[(1, 0)] + (0.0 if sentence.alone else PARTIAL_GAP_COST)

    def findings(self, i: int, a: int, j: int, b: int, explain: bool = True) -> list[Finding]:
        """Every cost of linking source[i:i+a] with target[j:j+b] (a or b may be 0), prior included; without
        `explain` the anchors are one summed finding (the search prices thousands of links it never shows)."""
        if a == 0 or b == 0:
            gap = self.source[i] if a else self.target[j]
            return [Finding("left out", self.gap_cost(gap), note="no counterpart")]
        source_evidence = self.span_evidence(True, i, a)
        target_evidence = self.span_evidence(False, j, b)
        prior = _PRIOR_COSTS[(a, b)] * (PRIOR_WEIGHT_WITH_DRAFTS if self.drafts else 1.0)
        found = [Finding("prior", prior, (a, b), note="{}-{} link")]
        if self.length_only:
            length = length_cost(source_evidence.length, target_evidence.length, self.ratio, GALE_CHURCH_VARIANCE)
            return [*found, Finding("length", length, (source_evidence.length, target_evidence.length), note=_LENGTHS)]
        length = length_cost(source_evidence.length, target_evidence.length, self.ratio)
        if self.drafts:
            length *= LENGTH_WEIGHT_WITH_DRAFTS
            similarity = chrf(self.span_ngrams(True, i, a), self.span_ngrams(False, j, b))
            found.append(
                Finding("draft", DRAFT_WEIGHT * (1 - similarity) * (a + b) / 2, (similarity,), note="chrF {:.2f}")
            )
        found.append(Finding("length", length, (source_evidence.length, target_evidence.length), note=_LENGTHS))
        if explain:
            found.extend(anchor_findings(source_evidence, target_evidence))
        else:
            found.append(Finding("anchors", anchor_cost(source_evidence, target_evidence)))
        if self.source[i].first != self.target[j].first:
            found.append(Finding("paragraphs", BOUNDARY_MISMATCH_COST, note="starts a paragraph on one side only"))
        blocks = self.source[i + a - 1].unit - self.source[i].unit
        if blocks:
            found.append(Finding("blocks", CROSS_BLOCK_COST * blocks, note="source sentences of two blocks"))
        paragraphs = self.target[j + b - 1].unit - self.target[j].unit
        if paragraphs:
            found.append(Finding("paragraphs", CROSS_PARAGRAPH_COST * paragraphs, note="target of two paragraphs"))
        return found

    def cost(self, i: int, a: int, j: int, b: int) -> float:
        return sum(finding.cost for finding in self.findings(i, a, j, b, explain=False))

    def link(self, i: int, a: int, j: int, b: int, score: float) -> Link:
        found = self.findings(i, a, j, b)
        return Link(range(i, i + a), range(j, j + b), sum(finding.cost for finding in found), score, tuple(found))


def _band(n: int, m: int) -> int | None:
    """How far from the diagonal the search looks; None: everywhere."""
    if (n + 1) * (m + 1) <= FULL_SEARCH_CELLS:
        return None
    return max(abs(n - m) + BAND_MIN, int(BAND_SHARE * max(n, m)))


def _log_add(first: float, second: float) -> float:
    if first == -math.inf:
        return second
    larger, smaller = max(first, second), min(first, second)
    return larger + math.log1p(math.exp(smaller - larger))


def _posteriors(
    costs: dict[tuple[int, int, int, int], float], n: int, m: int
) -> dict[tuple[int, int, int, int], float]:
    """Each possible link's probability of being in the alignment, over every alignment the costs allow
    (forward-backward with costs as negative log-probabilities): low where another reading is nearly as good."""
    forward = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    backward = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    forward[0][0] = backward[n][m] = 0.0
    for (i, j, a, b), cost in costs.items():  # in the search's order: a link's start is always done first
        forward[i][j] = _log_add(forward[i][j], forward[i - a][j - b] - cost)
    for (i, j, a, b), cost in reversed(costs.items()):
        backward[i - a][j - b] = _log_add(backward[i - a][j - b], backward[i][j] - cost)
    total = forward[n][m]
    return {
        key: math.exp(min(0.0, forward[key[0] - key[2]][key[1] - key[3]] - cost + backward[key[0]][key[1]] - total))
        for key, cost in costs.items()
    }


def search(source: list[Sentence], target: list[Sentence], ratio: float, length_only: bool = False) -> list[Link]:
    """The cheapest sequence of links covering every sentence of both sides, in document order; each link
    scored by its posterior probability.

    `length_only` prices links by Gale and Church's length model and priors alone (the baseline bench/align.py
    compares with)."""
    n, m = len(source), len(target)
    pricer = _Pricer(source, target, ratio, length_only)
    band = _band(n, m)
    best = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    costs: dict[tuple[int, int, int, int], float] = {}  # (end i, end j, a, b) -> the link's cost
    best[0][0] = 0.0
    for i in range(n + 1):
        if band is None:
            low, high = 0, m
        else:
            centre = round(i * m / n) if n else 0
            low, high = max(0, centre - band), min(m, centre + band)
        for j in range(low, high + 1):
            for a, b in _SHAPES:
                if a > i or b > j:
                    continue
                previous = best[i - a][j - b]
                if previous == math.inf:
                    continue
                cost = pricer.cost(i - a, a, j - b, b)
                costs[(i, j, a, b)] = cost
                if previous + cost < best[i][j]:
                    best[i][j] = previous + cost
                    back[i][j] = (a, b)
    posteriors = _posteriors(costs, n, m)
    links = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None, "the band left the end of the document unreachable"
        a, b = step
        links.append(pricer.link(i - a, a, j - b, b, posteriors[(i, j, a, b)]))
        i, j = i - a, j - b
    links.reverse()
    return links
