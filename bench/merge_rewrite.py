"""An article whose reviewed paragraphs were all rewritten upstream: the merge's CPU seconds with split and joined
paragraphs looked for (catalog/merge.py _pieces_carried, since 7072e52) beside the same merge without them, in one
run, and how many new blocks took a gone paragraph's translation.

Two corpora: paragraphs of random Arabic letters (40 words each, --paragraphs of them a side), and the paragraphs of
../shared/devdata/text and the seeds, half of them replacing the other half (raw pages: menus and related links
repeat headlines, where a block is no piece of a paragraph however much it shares).

    .venv/bin/python bench/merge_rewrite.py
    .venv/bin/python bench/merge_rewrite.py --paragraphs 300 3000
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import toolkit.catalog.merge as merge
from toolkit.catalog.entries import CatalogContext
from toolkit.model import Article, Block

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CONTEXT = CatalogContext("bench", "ar", "en")
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _article(paragraphs: list[str]) -> Article:
    blocks = [Block("paragraph", text, line) for line, text in enumerate(paragraphs, start=3)]
    return Article(id="a", source="source/a.txt", title="عنوان", date="2022-02-01", blocks=blocks)


def _measure(name: str, old: list[str], new: list[str]) -> None:
    reviewed = merge.merge_catalog(None, _article(old), CONTEXT)
    for entry in reviewed:
        entry.msgstr = "Reviewed: " + entry.msgid[:20]
    looking = merge._pieces_carried
    timings = {}
    for label, pieces in (("with pieces", looking), ("without", lambda *unused: {})):
        merge._pieces_carried = pieces
        started = time.process_time()
        merged = merge.merge_catalog(reviewed, _article(new), CONTEXT)
        timings[label] = (time.process_time() - started, sum(1 for e in merged if e.fuzzy and e.msgctxt != "title"))
    merge._pieces_carried = looking
    (with_cpu, fuzzy), (without_cpu, fuzzy_without) = timings.values()
    carried = fuzzy - fuzzy_without  # blocks that took a gone paragraph's translation as a split or joined piece
    print(f"{name:<34} {with_cpu:8.2f} s {without_cpu:8.2f} s {with_cpu / without_cpu:6.2f}x  {carried} carried")


def _random_paragraphs(count: int) -> list[str]:
    return [" ".join("".join(random.choices(LETTERS, k=random.randint(3, 8))) for _ in range(40)) for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", type=int, nargs="+", default=[300, 1000, 3000])
    arguments = parser.parse_args()
    print(f"{'article, all rewritten':<34} {'pieces':>10} {'without':>10} {'ratio':>7}")
    random.seed(1)
    for count in arguments.paragraphs:
        _measure(f"random letters, {count} a side", _random_paragraphs(count), _random_paragraphs(count))
    files = sorted((SHARED / "devdata" / "text").glob("*")) + sorted((SHARED / "seeds").glob("*.txt"))
    paragraphs = list(dict.fromkeys(p.strip() for f in files for p in f.read_text(errors="replace").split("\n\n")))
    paragraphs = [p for p in paragraphs if len(p) > 30]
    random.shuffle(paragraphs)
    half = len(paragraphs) // 2
    _measure(f"devdata and seeds, {half} a side", paragraphs[:half], paragraphs[half : 2 * half])


if __name__ == "__main__":
    main()
