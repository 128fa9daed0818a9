"""The search's work grows with the longer side, never with the product of the two, whatever their shapes;
and on an edition that added a section of its own, the blocks still find their translations."""

from __future__ import annotations

from collections import Counter

import pytest
from tico import tico_pairs

from toolkit.align import search as search_module
from toolkit.align.document import align_document
from toolkit.align.evidence import Evidence
from toolkit.align.search import Sentence, search
from toolkit.align.settings import BAND_RADIUS, LINK_PRIORS

# Links priced per sentence of both sides at most: every shape, at each cell of a band 2 * BAND_RADIUS + 1
# wide, with room for where bands meet.
LINKS_PER_SENTENCE = len(LINK_PRIORS) * (2 * BAND_RADIUS + 4)


@pytest.fixture
def priced(monkeypatch: pytest.MonkeyPatch):
    """Counts the links the search prices, and fails the test as soon as the count passes a budget of
    LINKS_PER_SENTENCE per sentence (so the quadratic search fails fast instead of running for minutes)."""
    count = Counter()
    cost = search_module._Pricer.cost

    def counted(pricer, i: int, a: int, j: int, b: int) -> float:
        count["links"] += 1
        budget = LINKS_PER_SENTENCE * (len(pricer.source) + len(pricer.target) + 1)
        if count["links"] > budget:
            pytest.fail(f"priced more than {budget} links for {len(pricer.source)} x {len(pricer.target)} sentences")
        return cost(pricer, i, a, j, b)

    monkeypatch.setattr(search_module._Pricer, "cost", counted)
    return count


def _sentences(lengths: list[int], numbers: list[int | None]) -> list[Sentence]:
    """One sentence a unit, `numbers[k]` its one anchor (None: none)."""
    return [
        Sentence(
            "",
            index,
            True,
            True,
            Evidence(length, {"number": Counter({str(number): 1})} if number is not None else {}),
        )
        for index, (length, number) in enumerate(zip(lengths, numbers, strict=True))
    ]


def _side(count: int, start: int = 0) -> list[Sentence]:
    lengths = [40 + (index * 37) % 90 for index in range(start, start + count)]
    return _sentences(lengths, [index if index % 5 == 0 else None for index in range(start, start + count)])


def _covers_both(links, n: int, m: int) -> bool:
    return [i for link in links for i in link.source] == list(range(n)) and [
        j for link in links for j in link.target
    ] == list(range(m))


def test_an_edition_with_a_section_of_its_own_is_aligned_at_a_cost_linear_in_its_length(shared_dir, priced) -> None:
    pairs = tico_pairs(0, 120)
    added = [english for _, english in tico_pairs(400, 360)]  # three times the article, from other reports
    blocks = [arabic for arabic, _ in pairs]
    english = [english for _, english in pairs]
    alignment = align_document(blocks, [*english[:60], *added, *english[60:]], "ar", "en")
    assert priced["links"] > 0
    right = sum(block.text == reference for block, reference in zip(alignment.blocks, english, strict=True))
    assert right >= 0.9 * len(blocks)
    assert alignment.unused_paragraphs[:3] == [60, 61, 62]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        pytest.param(_side(20_000), _side(20), id="20000 x 20"),
        pytest.param(_side(20), _side(20_000), id="20 x 20000"),
        pytest.param(_side(600), _side(1_200), id="600 x 1200"),
        pytest.param(_side(500), _side(500), id="identical"),
        pytest.param(_side(2_000), _side(2_000)[::-1], id="reversed"),
        pytest.param(_side(0), _side(10_000), id="source empty"),
        pytest.param(_side(10_000), _side(0), id="target empty"),
        pytest.param(_side(500), _side(500, start=5_000), id="nothing shared"),
    ],
)
def test_any_two_sides_cost_work_linear_in_their_lengths(source, target, priced) -> None:
    links = search(source, target)
    assert _covers_both(links, len(source), len(target))


def test_identical_sides_pair_every_sentence_with_itself(priced) -> None:
    side = _side(500)
    links = search(side, side)
    assert all(link.source == link.target and len(link.source) == 1 for link in links)


def test_a_huge_block_against_many_paragraphs(shared_dir, priced) -> None:
    pairs = tico_pairs(0, 300)
    alignment = align_document([" ".join(arabic for arabic, _ in pairs)], [english for _, english in pairs], "ar", "en")
    assert len(alignment.target) > 100 and alignment.blocks[0].text
