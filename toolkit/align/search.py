"""The best sequence of links between two documents' sentences: one dynamic-programming pass over the whole
document (Gale and Church's search), not a greedy walk, so one unclear sentence cannot derail the rest. A long
document is searched within a band along where its two sides meet (the chain of anchors they share, and the
line on which their characters advance together between them), so the work grows with the longer side,
whatever the other's length.

Pure. A link joins 0-3 neighbouring source sentences with 0-3 neighbouring target sentences (the shapes and
their priors are `LINK_PRIORS`); its cost adds the prior, the length model, the anchors, the document's
paragraph structure and, when machine drafts exist, their chrF against the target. A sentence left out
(1-0, 0-1) costs a fixed price, so a link is made only when its evidence beats leaving both sides out.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
import statistics
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache, reduce

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
    ANCHOR_MATCH_BONUS,
    BAND_RADIUS,
    BOUNDARY_MISMATCH_COST,
    CHAIN_ANCHOR_OCCURRENCES,
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
    RATIO_CHAIN_PAIRS,
    RATIO_DISAGREEMENT,
    SPANS_CACHED,
)
from toolkit.align.trust import pair_trusts


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
    # 0-1: the probability that its sides translate each other rather than were paired by chance (trust.py);
    # None for a sentence left out, which pairs nothing.
    trust: float | None = None


_PRIOR_COSTS = {shape: -math.log(prior) for shape, prior in LINK_PRIORS.items()}
_SHAPES = tuple(LINK_PRIORS)
_LENGTHS = "{} and {} characters"


class _Pricer:
    """Prices links between the two sides, remembering the evidence of every span it has summed."""

    def __init__(self, source: list[Sentence], target: list[Sentence], ratio: float, length_only: bool):
        self.source, self.target, self.ratio, self.length_only = source, target, ratio, length_only
        self.drafts = bool(source) and bool(target) and source[0].ngrams is not None and target[0].ngrams is not None
        # The search moves down the document, so the spans it prices again are near each other: a bounded cache
        # keeps them, and memory stays flat in the document's length (a span's n-gram counts are tens of kB).
        self.span_evidence = lru_cache(maxsize=SPANS_CACHED)(self._span_evidence)
        self.span_ngrams = lru_cache(maxsize=SPANS_CACHED)(self._span_ngrams)

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


@dataclass(frozen=True)
class _Window:
    """The cells the search visits: for each count i of source sentences (0..n), the counts of target sentences
    low[i]..high[i]. The cells are stored row after row in flat arrays; row i starts at `start[i]`."""

    low: array
    high: array
    start: array

    @classmethod
    def of(cls, low: list[int], high: list[int]) -> _Window:
        start = array("q", [0])
        for first, last in zip(low, high, strict=True):
            start.append(start[-1] + last - first + 1)
        return cls(array("q", low), array("q", high), start)

    @property
    def cells(self) -> int:
        return self.start[-1]

    def cell(self, i: int, j: int) -> int:
        """The flat index of (i, j); -1 when the window leaves it out."""
        if i < 0 or not self.low[i] <= j <= self.high[i]:
            return -1
        return self.start[i] + j - self.low[i]


def _prefix_lengths(side: list[Sentence]) -> list[int]:
    lengths = [0]
    for sentence in side:
        lengths.append(lengths[-1] + sentence.evidence.length)
    return lengths


def _anchor_chain(source: list[Sentence], target: list[Sentence]) -> list[tuple[int, int]]:
    """Sentence pairs that share anchors rare on both sides (a number, a name, a term found in at most
    CHAIN_ANCHOR_OCCURRENCES sentences of each), reduced to the heaviest chain in document order: where the
    document's two sides meet, found without pricing a link."""
    places: list[dict[tuple[str, object], list[int]]] = [{}, {}]
    for found, side in zip(places, (source, target), strict=True):
        for position, sentence in enumerate(side):
            for kind, anchors in sentence.evidence.anchors.items():
                for anchor in anchors:
                    found.setdefault((kind, anchor), []).append(position)
    weights: dict[tuple[int, int], float] = {}
    for key, rows in places[0].items():
        columns = places[1].get(key, ())
        if 0 < len(columns) <= CHAIN_ANCHOR_OCCURRENCES and len(rows) <= CHAIN_ANCHOR_OCCURRENCES:
            for pair in itertools.product(rows, columns):
                weights[pair] = weights.get(pair, 0.0) + ANCHOR_MATCH_BONUS[key[0]]
    # The heaviest chain increasing on both sides: pairs by row, a row's pairs from the right so that none
    # follows another of its row; a Fenwick tree over columns holds the best chain ending left of each.
    size = len(target) + 1
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)
    pairs = sorted(weights, key=lambda pair: (pair[0], -pair[1]))
    before: list[int] = []
    totals: list[float] = []
    for index, (i, j) in enumerate(pairs):
        best, position = (0.0, -1), j  # the best chain over columns < j
        while position > 0:
            best = max(best, tree[position])
            position -= position & -position
        totals.append(best[0] + weights[(i, j)])
        before.append(best[1])
        position = j + 1
        while position <= size:
            tree[position] = max(tree[position], (totals[index], index))
            position += position & -position
    chain = []
    index = max(range(len(pairs)), key=totals.__getitem__, default=-1)
    while index >= 0:
        chain.append(pairs[index])
        index = before[index]
    return chain[::-1]


def _line(
    lengths: tuple[list[int], list[int]], first: tuple[int, int], last: tuple[int, int]
) -> Iterator[tuple[int, int]]:
    """The cells (i, j) of the line from `first` to `last` on which both sides' characters advance together."""
    (i1, j1), (i2, j2) = first, last
    source, target = lengths
    source_span, target_span = source[i2] - source[i1], target[j2] - target[j1]
    yield first
    for i in range(i1 + 1, i2):
        share = (source[i] - source[i1]) / source_span if source_span else (i - i1) / (i2 - i1)
        if target_span:
            yield i, bisect.bisect_left(target, target[j1] + share * target_span, j1, j2)
        else:
            yield i, j1 + round(share * (j2 - j1))
    yield last


def _length_ratio(source: list[Sentence], target: list[Sentence], chain: list[tuple[int, int]]) -> float:
    """Target characters per source character over the whole documents; but when the median over the sentence
    pairs the anchor chain links (at least RATIO_CHAIN_PAIRS) differs more than RATIO_DISAGREEMENT times, one
    side has a section the other lacks, and the pairs' median holds where the sides meet."""
    source_length = sum(sentence.evidence.length for sentence in source)
    target_length = sum(sentence.evidence.length for sentence in target)
    whole = target_length / source_length if source_length and target_length else 1.0
    ratios = [target[j].evidence.length / source[i].evidence.length for i, j in chain if source[i].evidence.length]
    if len(ratios) < RATIO_CHAIN_PAIRS:
        return whole
    paired = statistics.median(ratios)
    return paired if max(paired / whole, whole / paired) > RATIO_DISAGREEMENT else whole


def _window(source: list[Sentence], target: list[Sentence], pricer: _Pricer, chain: list[tuple[int, int]]) -> _Window:
    """Every cell for a short document; else a band along the chain of rare shared anchors that link better
    than leaving both sentences out, from anchor to anchor on the line where both sides' characters advance
    together (without such anchors, one line from start to end). An edition that cut or added a section is
    followed where its anchors go; the rows overlap and move right, so the end is always reached."""
    n, m = len(source), len(target)
    if (n + 1) * (m + 1) <= FULL_SEARCH_CELLS:
        return _Window.of([0] * (n + 1), [m] * (n + 1))
    lengths = (_prefix_lengths(source), _prefix_lengths(target))
    corners = [(0, 0)]
    for i, j in chain:
        if pricer.cost(i, 1, j, 1) < pricer.gap_cost(source[i]) + pricer.gap_cost(target[j]):
            corners += [(i, j), (i + 1, j + 1)]
    corners.append((n, m))
    segments = list(itertools.pairwise(corners))
    line_low, line_high = [m] * (n + 1), [0] * (n + 1)  # the columns the line from corner to corner takes a row
    for first, last in segments:
        for i, j in _line(lengths, first, last):
            line_low[i], line_high[i] = min(line_low[i], j), max(line_high[i], j)
    # BAND_RADIUS sentences to either side of the line; where a stretch has many rows a column, only the columns
    # the line takes within BAND_RADIUS rows. A stretch where one side has many more sentences than the other
    # costs cells in proportion to the longer, not to the product.
    low, high = [m] * (n + 1), [0] * (n + 1)
    for (i1, j1), (i2, j2) in segments:
        for i in range(i1, i2 + 1):
            first, last = line_low[i] - BAND_RADIUS, line_high[min(n, i + 1)] + BAND_RADIUS
            if i2 - i1 >= j2 - j1:
                first = max(first, line_low[max(0, i - BAND_RADIUS)])
                last = min(last, line_high[min(n, i + 1 + BAND_RADIUS)])
            low[i], high[i] = min(low[i], first), max(high[i], last)
    for i in range(n + 1):  # rows overlap and move right, so every cell can be reached
        low[i], high[i] = max(0, low[i]), min(m, high[i])
        if i:
            high[i] = max(high[i], high[i - 1])
    for i in reversed(range(n)):
        low[i] = min(low[i], low[i + 1])
    for i in range(1, n + 1):
        low[i] = min(low[i], high[i - 1])
    low[0], high[n] = 0, m
    return _Window.of(low, high)


def _log_add(first: float, second: float) -> float:
    if first == -math.inf:
        return second
    larger, smaller = max(first, second), min(first, second)
    return larger + math.log1p(math.exp(smaller - larger))


class _Lattice:
    """The search over a window: the cheapest way to each cell, the last link of that way, every link's
    cost, and the forward and backward sums (over every alignment the window allows) its posteriors need.
    Flat arrays, a cell's links at `cell * len(_SHAPES) + shape`; a link never priced is NaN."""

    def __init__(self, window: _Window, pricer: _Pricer):
        cells = window.cells
        self.window = window
        self.best = array("d", [math.inf]) * cells
        self.forward = array("d", [-math.inf]) * cells
        self.backward = array("d", [-math.inf]) * cells
        self.last = bytearray(cells)  # the shape of the cheapest way's last link, plus 1; 0: none
        self.costs = array("d", [math.nan]) * (cells * len(_SHAPES))
        self._fill(pricer)

    def _fill(self, pricer: _Pricer) -> None:
        window, best, forward, costs = self.window, self.best, self.forward, self.costs
        best[0] = forward[0] = 0.0
        for i in range(len(window.low)):
            for j in range(window.low[i], window.high[i] + 1):
                here = window.cell(i, j)
                for shape, (a, b) in enumerate(_SHAPES):
                    there = window.cell(i - a, j - b)
                    if there < 0 or best[there] == math.inf:
                        continue
                    cost = pricer.cost(i - a, a, j - b, b)
                    costs[here * len(_SHAPES) + shape] = cost
                    forward[here] = _log_add(forward[here], forward[there] - cost)
                    if best[there] + cost < best[here]:
                        best[here] = best[there] + cost
                        self.last[here] = shape + 1
        backward = self.backward
        backward[-1] = 0.0
        for i in reversed(range(len(window.low))):  # the links in the reverse of the order they were priced
            for j in reversed(range(window.low[i], window.high[i] + 1)):
                here = window.cell(i, j)
                for shape in reversed(range(len(_SHAPES))):
                    cost = costs[here * len(_SHAPES) + shape]
                    if cost == cost:
                        a, b = _SHAPES[shape]
                        there = window.cell(i - a, j - b)
                        backward[there] = _log_add(backward[there], backward[here] - cost)

    def posterior(self, i: int, j: int, shape: int) -> float:
        """The probability that the link of `shape` ending at (i, j) is in the alignment (forward-backward with
        costs as negative log-probabilities): low where another reading is nearly as good."""
        a, b = _SHAPES[shape]
        here, there = self.window.cell(i, j), self.window.cell(i - a, j - b)
        cost = self.costs[here * len(_SHAPES) + shape]
        return math.exp(min(0.0, self.forward[there] - cost + self.backward[here] - self.forward[-1]))

    def path(self) -> list[tuple[int, int, int]]:
        """The cheapest way's links from the end back to the start: (end i, end j, shape)."""
        i, j = len(self.window.low) - 1, self.window.high[-1]
        steps = []
        while i or j:
            shape = self.last[self.window.cell(i, j)] - 1
            assert shape >= 0, "the window left the end of the document unreachable"
            steps.append((i, j, shape))
            a, b = _SHAPES[shape]
            i, j = i - a, j - b
        return steps


def search(source: list[Sentence], target: list[Sentence], length_only: bool = False) -> list[Link]:
    """The cheapest sequence of links covering every sentence of both sides, in document order; each link
    scored by its posterior probability, and each pair by how far it can be trusted to translate.

    `length_only` prices links by Gale and Church's length model and priors alone (the baseline bench/align.py
    compares with)."""
    chain = _anchor_chain(source, target)
    # Gale and Church's baseline takes the whole documents' ratio, as they did.
    pricer = _Pricer(source, target, _length_ratio(source, target, [] if length_only else chain), length_only)
    lattice = _Lattice(_window(source, target, pricer, chain), pricer)
    links = []
    for i, j, shape in lattice.path():
        a, b = _SHAPES[shape]
        links.append(pricer.link(i - a, a, j - b, b, lattice.posterior(i, j, shape)))
    links.reverse()
    trusts = pair_trusts(links, source, target, pricer.ratio)
    return [replace(link, trust=trust) for link, trust in zip(links, trusts, strict=True)]
