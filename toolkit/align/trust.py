"""How far each pair of an alignment can be trusted: the probability that its two sides translate each other,
rather than stand side by side because the search had to pair something there.

Pure. The search is monotonic and a pair costs less than leaving two sentences out whenever their lengths fit,
so a translation in another order (reversed, shuffled, a section moved) or of another article is paired
anyway, sentence by sentence, each pair as likely as the next. Its score (the posterior over alignments) says
how sure the search is of the place, not whether the place is right. Trust asks the other question, as
hunalign, Bleualign and vecalign score each pair: how much more likely is what the pair shares if the sides
translate each other than if they were put together by chance?

- Length: the translation's length model, its variance measured on this document's own pairs, against the
  target's sentence lengths as they come (a log-normal over the document); less what any pair the search
  chose gets, since it picked lengths that fit.
- Anchors: a number, name or term both sides share counts as rare as it is (one every sentence holds says
  nothing); one on one side only counts against as often as true pairs lose one of its kind.
- Quotation marks and brackets, as in the search; with machine drafts, their chrF against the target.

Evidence of neighbouring pairs is pooled by a two-state chain along the document (a pair translates, or it
is a chance pairing; states persist from pair to pair, since moved or foreign text comes in stretches): a
pair with little evidence of its own between pairs that translate is trusted, one between chance pairings
is not. Then each pair alone is weighed against exchanging targets with another that shares a rare anchor
with it: where both would fit better exchanged, its target is likely the other's translation. Thresholds are
in `settings`.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from toolkit.align.evidence import Evidence, Finding, anchor_findings
from toolkit.align.settings import (
    ANCHOR_MATCH_BONUS,
    CHAIN_ANCHOR_OCCURRENCES,
    CHANCE_LENGTH_FIT,
    CHANCE_MIN_SENTENCES,
    LEFT_OUT_EVIDENCE,
    LENGTH_FREE_SHARE,
    LENGTH_VARIANCE,
    MIN_LENGTH_SPREAD,
    MIN_LENGTH_VARIANCE,
    SWAP_SLACK,
    SWAP_WEIGHT,
    TRUST_DRAFT_NEUTRAL,
    TRUST_DRAFT_WEIGHT,
    TRUST_MISS_EVIDENCE,
    TRUST_PERSISTENCE,
    TRUST_PRIOR,
)

if TYPE_CHECKING:
    from toolkit.align.search import Link, Sentence

_HALF_LOG_TWO_PI = 0.5 * math.log(2 * math.pi)
_CHI_SQUARE_MEDIAN = 0.455  # the median of a squared standard normal: a variance from a median, robustly


def _log_normal_density(value: float, mean: float, deviation: float) -> float:
    return -0.5 * ((value - mean) / deviation) ** 2 - math.log(deviation) - _HALF_LOG_TWO_PI


class _Chance:
    """What chance gives: how common each anchor is among a side's sentences, how long its sentences are."""

    def __init__(self, source: Sequence[Sentence], target: Sequence[Sentence]):
        self.sentences = (max(len(source), CHANCE_MIN_SENTENCES), max(len(target), CHANCE_MIN_SENTENCES))
        self.holding: tuple[Counter, Counter] = (Counter(), Counter())
        for holding, side in zip(self.holding, (source, target), strict=True):
            for sentence in side:
                holding.update(
                    (kind, anchor) for kind, anchors in sentence.evidence.anchors.items() for anchor in anchors
                )
        logs = [math.log(max(1, sentence.evidence.length)) for sentence in target]
        self.log_mean = statistics.fmean(logs) if logs else 0.0
        self.log_spread = max(MIN_LENGTH_SPREAD, statistics.pstdev(logs) if len(logs) > 1 else 0.0)

    def anchor_evidence(self, kind: str, anchor: object) -> float:
        """log(1 / the chance that a sentence of either side holds it), at most what the search gives it, twice."""
        share = max(
            count[(kind, anchor)] / sentences for count, sentences in zip(self.holding, self.sentences, strict=True)
        )
        return min(2 * ANCHOR_MATCH_BONUS[kind], -math.log(max(share, 1 / max(self.sentences))))

    def length_density(self, target_length: int, target_sentences: int) -> float:
        """log density of a target span's length among the document's spans of as many sentences."""
        length = max(1, target_length)
        mean = self.log_mean + math.log(target_sentences)
        return _log_normal_density(math.log(length), mean, self.log_spread) - math.log(length)


def _lengths(link: Link) -> tuple[int, int]:
    (length,) = [finding.shared for finding in link.findings if finding.kind == "length"]
    return length


def length_variance(links: Sequence[Link], ratio: float) -> float:
    """The variance of the length model (per source character) that the document's own pairs show."""
    squares = []
    for link in links:
        source, target = _lengths(link)
        mean = (source + target / ratio) / 2
        if mean:
            squares.append((target / ratio - source) ** 2 / mean)
    if not squares:
        return LENGTH_VARIANCE
    return min(LENGTH_VARIANCE, max(MIN_LENGTH_VARIANCE, statistics.median(squares) / _CHI_SQUARE_MEDIAN))


def _length_evidence(
    lengths: tuple[int, int], target_sentences: int, ratio: float, variance: float, chance: _Chance
) -> float:
    source, target = lengths

    def for_translation(target_length: int) -> float:
        """log p(this target length | a translation) - log p(it | chance)."""
        in_source_units = target_length / ratio
        deviation = math.sqrt(variance * max(1.0, (source + in_source_units) / 2))
        translated = _log_normal_density(in_source_units, source, deviation) - math.log(ratio)
        fit = translated - chance.length_density(target_length, target_sentences)
        # A translation's length is now and then free (a clause added, a phrase cut), as a chance pairing's is.
        return math.log((1 - LENGTH_FREE_SHARE) * math.exp(min(fit, 700.0)) + LENGTH_FREE_SHARE)

    exact_fit = for_translation(max(1, round(source * ratio)))
    return for_translation(target) - CHANCE_LENGTH_FIT * max(0.0, exact_fit)


def _finding_evidence(finding: Finding, sentences: int, chance: _Chance) -> float:
    if finding.kind in ANCHOR_MATCH_BONUS:
        shared = sum(chance.anchor_evidence(finding.kind, anchor) for anchor in finding.shared)
        return shared - TRUST_MISS_EVIDENCE[finding.kind] * len(finding.one_sided)
    if finding.kind in ("quotes", "brackets"):
        return -finding.cost
    if finding.kind == "draft":
        (similarity,) = finding.shared
        return TRUST_DRAFT_WEIGHT * sentences / 2 * (similarity - TRUST_DRAFT_NEUTRAL)
    return 0.0  # the prior and the document's structure are where a pair stands, not what it shares


def pair_evidence(link: Link, ratio: float, variance: float, chance: _Chance) -> float:
    """Nats of evidence that the pair translates rather than was paired by chance (negative: against)."""
    sentences = len(link.source) + len(link.target)
    shared = sum(_finding_evidence(finding, sentences, chance) for finding in link.findings)
    return _length_evidence(_lengths(link), len(link.target), ratio, variance, chance) + shared


def _span(side: Sequence[Sentence], indexes: range) -> Evidence:
    span = side[indexes[0]].evidence
    for index in indexes[1:]:
        span = span + side[index].evidence
    return span


class _Swaps:
    """What two pairs would say for themselves if they exchanged their targets. The search is monotonic: it
    cannot pair a sentence with its translation further up or down, so in a shuffled translation the sentence
    that shares a pair's names and numbers is often a neighbour's target, not its own."""

    def __init__(
        self,
        links: Sequence[Link],
        source: Sequence[Sentence],
        target: Sequence[Sentence],
        evidence: Callable[[Evidence, Evidence, int, int], float],
    ):
        self.links, self.evidence = links, evidence
        self.spans = [
            (_span(source, link.source), _span(target, link.target)) if link.source and link.target else None
            for link in links
        ]
        self.holding: tuple[dict, dict] = ({}, {})  # (kind, anchor) -> the pairs whose source (target) holds it
        self.paired: dict[tuple[int, int], float] = {}
        for number, spans in enumerate(self.spans):
            for holding, span in zip(self.holding, spans, strict=True) if spans else ():
                for kind, anchors in span.anchors.items():
                    for anchor in anchors:
                        holding.setdefault((kind, anchor), set()).add(number)

    def _paired(self, ours: int, theirs: int) -> float:
        """Trust's evidence, anchors and length, for the source of pair `ours` with the target of pair `theirs`."""
        if (ours, theirs) not in self.paired:  # each exchange is asked of both its pairs
            (source, _), (_, target) = self.spans[ours], self.spans[theirs]
            sentences = (len(self.links[ours].source), len(self.links[theirs].target))
            self.paired[ours, theirs] = self.evidence(source, target, *sentences)
        return self.paired[ours, theirs]

    def gain(self, number: int) -> float:
        """The most the pair and another sharing a rare anchor with it gain by exchanging targets; 0 if none does.
        Either pair's own evidence counts from 0 at worst: what it lacks (a number on one side only) is counted
        against it already, and an exchange that only moves two misses apart says nothing new."""
        rivals: set[int] = set()
        for side, span in enumerate(self.spans[number]):
            for kind, anchors in span.anchors.items():
                for anchor in anchors:
                    holders = self.holding[1 - side].get((kind, anchor), ())
                    if len(holders) <= CHAIN_ANCHOR_OCCURRENCES:  # a common anchor weighs little, and costs much
                        rivals.update(holders)
        rivals.discard(number)
        own = max(0.0, self._paired(number, number))
        gains = (
            self._paired(number, other) + self._paired(other, number) - own - max(0.0, self._paired(other, other))
            for other in rivals
        )
        return max(gains, default=0.0)


def _log_add(first: float, second: float) -> float:
    larger = max(first, second)
    return larger + math.log(math.exp(first - larger) + math.exp(second - larger))


def _pooled(evidence: list[float]) -> list[float]:
    """P(translates) of each pair: forward-backward over the chain of states translates / chance pairing."""
    stay, switch = math.log(TRUST_PERSISTENCE), math.log(1 - TRUST_PERSISTENCE)
    forward = [(math.log(TRUST_PRIOR) + evidence[0], math.log(1 - TRUST_PRIOR))] if evidence else []
    for weight in evidence[1:]:
        translates, chance = forward[-1]
        forward.append(
            (_log_add(translates + stay, chance + switch) + weight, _log_add(translates + switch, chance + stay))
        )
    backward = [(0.0, 0.0)] * len(evidence)
    for index in reversed(range(len(evidence) - 1)):
        translates, chance = backward[index + 1]
        weight = evidence[index + 1]
        backward[index] = (
            _log_add(stay + weight + translates, switch + chance),
            _log_add(switch + weight + translates, stay + chance),
        )
    trusts = []
    for (translates, chance), (after_translates, after_chance) in zip(forward, backward, strict=True):
        difference = (chance + after_chance) - (translates + after_translates)
        trusts.append(1 / (1 + math.exp(min(difference, 700.0))))
    return trusts


def pair_trusts(
    links: Sequence[Link], source: Sequence[Sentence], target: Sequence[Sentence], ratio: float
) -> list[float | None]:
    """Each link's trust, 0-1; None for a sentence left out (it pairs nothing)."""
    pairs = [link for link in links if link.source and link.target]
    chance = _Chance(source, target)
    variance = length_variance(pairs, ratio)
    evidence = [
        pair_evidence(link, ratio, variance, chance) if link.source and link.target else LEFT_OUT_EVIDENCE
        for link in links
    ]

    def paired(source: Evidence, target: Evidence, source_sentences: int, target_sentences: int) -> float:
        sentences = source_sentences + target_sentences
        shared = sum(_finding_evidence(finding, sentences, chance) for finding in anchor_findings(source, target))
        lengths = (source.length, target.length)
        return shared + _length_evidence(lengths, target_sentences, ratio, variance, chance)

    swaps = _Swaps(links, source, target, paired)
    trusts: list[float | None] = []
    for number, (link, trust) in enumerate(zip(links, _pooled(evidence), strict=True)):
        if not link.source or not link.target:
            trusts.append(None)
            continue
        # Outside the chain: a pair whose target is another's says nothing of the stretch around it, which may
        # still translate (counted in the chain, it took the trust of true pairs beside it).
        against = SWAP_WEIGHT * max(0.0, swaps.gain(number) - SWAP_SLACK)
        trusts.append(trust / (trust + (1 - trust) * math.exp(min(against, 700.0))))
    return trusts
