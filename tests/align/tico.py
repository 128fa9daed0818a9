"""Sentence pairs from TICO-19 (../shared/devdata/parallel, CC0) for the alignment tests."""

from __future__ import annotations

from shared_paths import DEVDATA

PARALLEL = DEVDATA / "parallel"


def tico_pairs(start: int, count: int) -> list[tuple[str, str]]:
    arabic = (PARALLEL / "tico19_general.arb.txt").read_text(encoding="utf-8").splitlines()
    english = (PARALLEL / "tico19_general.eng.txt").read_text(encoding="utf-8").splitlines()
    pairs = zip(arabic[start : start + count], english[start : start + count], strict=True)
    return [(source.strip(), target.strip()) for source, target in pairs]
