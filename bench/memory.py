"""Translation memory near matches: the n-gram index beside difflib over every reviewed entry.

10,000 reviewed entries and 1,000 new blocks, made from the Arabic side of the TICO-19 parallel text in
../shared/devdata/parallel (two segments a paragraph; the repository's seed paragraphs when it is missing):
half the new blocks are reviewed paragraphs edited a little (words dropped, replaced or added, as reports of
one story differ), half are paragraphs the memory has never seen. Both ways keep the matches with difflib's
ratio >= NEAR_MATCH_RATIO; the difflib way compares each block with every entry, the index way with the
candidates sharing the most character trigrams. The difflib way runs on the first --sample blocks only (it
takes minutes for all of them) and its time is scaled up; the matches are compared on that sample.

    .venv/bin/python bench/memory.py
    .venv/bin/python bench/memory.py --entries 2000 --blocks 200 --sample 200
"""

from __future__ import annotations

import argparse
import difflib
import random
import time
from pathlib import Path

from toolkit.catalog.memory import Memory, MemoryEntry, near_matches
from toolkit.catalog.settings import NEAR_MATCH_LIMIT, NEAR_MATCH_RATIO

REPO = Path(__file__).resolve().parent.parent
PARALLEL = REPO.parent / "shared" / "devdata" / "parallel" / "tico19_general.arb.txt"


def _segments(parallel: Path) -> list[str]:
    if parallel.is_file():
        return [line.strip() for line in parallel.read_text(encoding="utf-8").splitlines() if line.strip()]
    from synthetic import seed_paragraphs

    return seed_paragraphs()


def _edited(text: str, rng: random.Random, words: list[str]) -> str:
    tokens = text.split()
    for _ in range(max(1, len(tokens) // 12)):
        position = rng.randrange(len(tokens))
        action = rng.choice(("drop", "replace", "add"))
        if action == "drop" and len(tokens) > 3:
            del tokens[position]
        elif action == "replace":
            tokens[position] = rng.choice(words)
        else:
            tokens.insert(position, rng.choice(words))
    return " ".join(tokens)


def corpus(entries: int, blocks: int, parallel: Path) -> tuple[list[MemoryEntry], list[str]]:
    rng = random.Random(9)
    segments = _segments(parallel)
    words = [word for segment in segments for word in segment.split()]
    paragraphs: list[str] = []
    seen: set[str] = set()
    while len(paragraphs) < entries + blocks // 2:
        # Two segments a paragraph; a third once pairs run out (a small corpus such as the seeds).
        paragraph = " ".join(rng.sample(segments, 2 if len(seen) < len(segments) ** 2 // 4 else 3))
        if paragraph not in seen:
            seen.add(paragraph)
            paragraphs.append(paragraph)
    memory = [MemoryEntry(f"a{number // 20:04d}", f"b-{number:08x}", text, f"EN {number}") for number, text in
              enumerate(paragraphs[:entries])]  # fmt: skip
    unseen = paragraphs[entries:]
    new = [_edited(rng.choice(memory).source, rng, words) if number % 2 == 0 else unseen[number // 2]
           for number in range(blocks)]  # fmt: skip
    return memory, new


def difflib_similarity(old: str, new: str, floor: float) -> float:
    """The similarity the memory used before: difflib's ratio, after its cheap upper bounds."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


def difflib_matches(source: str, memory: list[MemoryEntry]) -> list[tuple[float, MemoryEntry]]:
    """The way before the index: difflib's ratio against every entry."""
    scored = [(ratio, item) for item in memory if (ratio := difflib_similarity(item.source, source, NEAR_MATCH_RATIO))]
    scored = [pair for pair in scored if pair[0] >= NEAR_MATCH_RATIO]
    scored.sort(key=lambda pair: -pair[0])
    return scored[:NEAR_MATCH_LIMIT]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--blocks", type=int, default=1_000)
    parser.add_argument("--sample", type=int, default=100, help="blocks the difflib way is timed on")
    parser.add_argument("--parallel", type=Path, default=PARALLEL, help="Arabic text, one segment a line")
    arguments = parser.parse_args()
    entries, blocks = corpus(arguments.entries, arguments.blocks, arguments.parallel)
    sample = blocks[: arguments.sample]

    started = time.perf_counter()
    memory = Memory.of(entries)
    built = time.perf_counter() - started
    started = time.perf_counter()
    indexed = [near_matches(block, memory) for block in blocks]
    index_seconds = time.perf_counter() - started

    started = time.perf_counter()
    exhaustive = [difflib_matches(block, entries) for block in sample]
    difflib_seconds = (time.perf_counter() - started) * len(blocks) / len(sample)

    def contexts(matches):
        return {item.context for _, item in matches}

    # Same or better: every block difflib finds a match for gets one, and the best match is difflib's best
    # or one at least as close (the exact measure ranks what difflib under-rates higher).
    with_match = sum(bool(matches) for matches in exhaustive)
    also_found = sum(bool(indexed[number]) for number, matches in enumerate(exhaustive) if matches)
    same_best = sum(
        bool(matches) and matches[0][1].context in contexts(indexed[number][:1])
        for number, matches in enumerate(exhaustive)
    )
    kept = sum(len(contexts(matches) & contexts(indexed[number])) for number, matches in enumerate(exhaustive))
    total = sum(len(matches) for matches in exhaustive)
    found = sum(bool(matches) for matches in indexed)
    text = arguments.parallel.name if arguments.parallel.is_file() else "the seed paragraphs"
    print(f"{len(entries):,} reviewed entries, {len(blocks):,} new blocks, from {text}")
    print(f"{'way':<28}{'seconds':>10}")
    print(f"{'difflib over all entries':<28}{difflib_seconds:>10.1f}  (timed on {len(sample)} blocks, scaled)")
    print(f"{'trigram index':<28}{built + index_seconds:>10.1f}  (index built in {built:.1f} s)")
    print(f"speed-up: {difflib_seconds / (built + index_seconds):.0f}x")
    print(f"blocks with a near match (index): {found:,} of {len(blocks):,}")
    print(f"on the {len(sample)} sampled blocks: difflib finds a match for {with_match}, the index for {also_found};")
    print(f"  same best suggestion {same_best} of {with_match}; {kept} of difflib's {total} suggestions also offered")


if __name__ == "__main__":
    main()
