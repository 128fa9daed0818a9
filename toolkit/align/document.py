"""A document and its translation in, one translation per source block out, with what was left over.

Pure. Blocks and paragraphs are split into sentences by the project's segmentation, the sentences of the whole
document are aligned in one search, and the links are grouped back by source block: a block's translation is
its linked target sentences joined, whichever paragraphs they came from. A block without counterpart stays
empty; a block whose link scores below `MIN_LINK_SCORE` is left out and listed; a block is trusted as little as
its least trusted pair (`trust`); a target paragraph none of whose sentences was linked is reported as unused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from toolkit.align.evidence import Glossary, ngram_counts, sentence_evidence
from toolkit.align.search import Link, Sentence, search
from toolkit.align.settings import MIN_LINK_SCORE, MIN_TRUST
from toolkit.translate.segment import join_line, split_sentences


@dataclass(frozen=True)
class BlockTranslation:
    block: int  # index of the source block
    text: str  # the aligned translation; "" when there is none
    score: float | None  # the lowest score of its links; None when it has no counterpart
    left_out: bool  # it had a counterpart, scored below MIN_LINK_SCORE, and is not given it
    links: tuple[Link, ...]
    trust: float | None  # the lowest trust of its pairs; None when it has no counterpart

    @property
    def trusted(self) -> bool:
        return self.trust is not None and self.trust >= MIN_TRUST


@dataclass(frozen=True)
class Alignment:
    source: list[Sentence]
    target: list[Sentence]
    links: list[Link]
    blocks: list[BlockTranslation]
    unused_paragraphs: list[int]  # target paragraphs none of whose sentences found a counterpart
    unused_sentences: list[int]  # target sentences without counterpart inside paragraphs otherwise used

    @property
    def drafts_used(self) -> bool:
        return bool(self.source) and self.source[0].ngrams is not None

    @property
    def pairs(self) -> list[Link]:
        """The links that pair sentences of both sides."""
        return [link for link in self.links if link.trust is not None]

    @property
    def trusted_pairs(self) -> list[Link]:
        return [link for link in self.pairs if link.trust >= MIN_TRUST]


def split_units(units: list[str], language: str) -> list[list[str]]:
    """Each block or paragraph as its sentences, line by line (a line break always ends a sentence)."""
    return [[sentence for line in unit.split("\n") for sentence in split_sentences(line, language)] for unit in units]


def _sentences(
    units: list[list[str]],
    language: str,
    terms: tuple[str, ...],
    is_source: bool,
    source_language: str,
    draft_of: Mapping[str, str] | None,
) -> list[Sentence]:
    sentences = []
    for index, texts in enumerate(units):
        for position, text in enumerate(texts):
            ngrams = None
            if draft_of is not None:
                ngrams = ngram_counts(draft_of.get(text, "") if is_source else text)
            evidence = sentence_evidence(text, language, terms, is_source, source_language)
            sentences.append(Sentence(text, index, position == 0, len(texts) == 1, evidence, ngrams))
    return sentences


def _block_translation(block: int, links: list[Link], target: list[Sentence], language: str) -> BlockTranslation:
    linked = [link for link in links if link.target]
    if not linked:
        return BlockTranslation(block, "", None, False, tuple(links), None)
    score = min(link.score for link in linked)
    trust = min(link.trust for link in linked)
    if score < MIN_LINK_SCORE:
        return BlockTranslation(block, "", score, True, tuple(links), trust)
    text = join_line([target[index].text for link in linked for index in link.target], language)
    return BlockTranslation(block, text, score, False, tuple(links), trust)


def align_document(
    blocks: list[str],
    paragraphs: list[str],
    source_language: str,
    target_language: str,
    glossary: Glossary = (),
    drafts: Mapping[str, str] | None = None,
    length_only: bool = False,
) -> Alignment:
    """Align `paragraphs` (the translation) with `blocks` (the source), both in document order.

    `drafts` maps each source sentence (as `split_units` gives it) to its machine translation; with it the
    search weighs chrF between draft and candidate above everything else. `length_only`: Gale and Church's
    length model alone, the baseline.
    """
    source_terms, target_terms = tuple(pair[0] for pair in glossary), tuple(pair[1] for pair in glossary)
    source = _sentences(
        split_units(blocks, source_language), source_language, source_terms, True, source_language, drafts
    )
    target = _sentences(
        split_units(paragraphs, target_language), target_language, target_terms, False, source_language, drafts
    )
    links = search(source, target, length_only)

    by_block: dict[int, list[Link]] = {index: [] for index in range(len(blocks))}
    for link in links:
        if link.source:
            by_block[source[link.source[0]].unit].append(link)
    used = {index for link in links if link.source for index in link.target}
    used_paragraphs = {target[index].unit for index in used}
    return Alignment(
        source=source,
        target=target,
        links=links,
        blocks=[_block_translation(block, found, target, target_language) for block, found in by_block.items()],
        unused_paragraphs=[index for index in range(len(paragraphs)) if index not in used_paragraphs],
        unused_sentences=[
            index for index, sentence in enumerate(target) if index not in used and sentence.unit in used_paragraphs
        ],
    )
