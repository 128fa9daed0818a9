"""Cleaning quality: word F1 of the toolkit's HTML mode beside trafilatura's extract() alone, per page set.

    .venv/bin/python bench/clean_quality.py [--sets wcxb,scrapinghub,arabic] [--worst 5] [--raw]

Sets (../shared/devdata; general/README.md gives the formats and the metric):
  wcxb         120 WCXB development pages, English, cleaned in an `en` project; gold: ground_truth.main_content
  scrapinghub  the 161 English pages of the article-extraction benchmark, `en` project; gold: articleBody
  arabic       the eight Arabic devdata pages, `ar` project; no human gold: trafilatura's extraction without
               comments (include_comments=False) stands in for it. Its defaults keep a comment section's text
               (Sputnik's rules for commenters), which is not the article: that is all trafilatura loses there

The metric is WCXB's word_f1: tokens re.findall(r"\\w+", text.lower()) counted as multisets, F1 of their
overlap, averaged over the pages of a set (a page the toolkit cannot clean scores 0). The toolkit's text is its
blocks (paragraphs, headings, lead), as `toolkit clean` prints them after the title; neither gold holds the
headline. `--worst N` lists the N pages of each set where the toolkit falls furthest below trafilatura, and
`--raw` adds the raw-text mode on the Arabic devdata pages (text/<stem>.raw.txt) against the same stand-in.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config
from toolkit.errors import ToolkitError

REPO = Path(__file__).resolve().parent.parent
DEVDATA = REPO.parent / "shared" / "devdata"
GENERAL = DEVDATA / "general"
NOT_ENGLISH_NOTE = "Language caveat"  # the README paragraph that lists the scrapinghub pages to skip
SETS = ("wcxb", "scrapinghub", "arabic")


@dataclass(frozen=True)
class Page:
    name: str
    html: bytes
    gold: str | None  # None: trafilatura's extraction stands in


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def word_f1(candidate: str, gold: str) -> float:
    predicted, wanted = words(candidate), words(gold)
    overlap = sum((predicted & wanted).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(predicted.values()), overlap / sum(wanted.values())
    return 2 * precision * recall / (precision + recall)


def wcxb_pages() -> Iterator[Page]:
    folder = GENERAL / "wcxb-dev"
    for gold_path in sorted(folder.glob("*.gold.json")):
        stem = gold_path.name.removesuffix(".gold.json")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))["ground_truth"]["main_content"]
        yield Page(stem, gzip.decompress((folder / f"{stem}.html.gz").read_bytes()), gold)


def _not_english(readme: str) -> set[str]:
    caveat = readme[readme.index(NOT_ENGLISH_NOTE) :].split("\n## ")[0]
    return set(re.findall(r"\b[0-9a-f]{64}\b", caveat))


def scrapinghub_pages() -> Iterator[Page]:
    folder = GENERAL / "scrapinghub"
    skipped = _not_english((GENERAL / "README.md").read_text(encoding="utf-8"))
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id in sorted(set(gold) - skipped):
        yield Page(
            page_id[:12], gzip.decompress((folder / f"{page_id}.html.gz").read_bytes()), gold[page_id]["articleBody"]
        )


def arabic_pages() -> Iterator[Page]:
    for path in sorted((DEVDATA / "html").glob("*.html")):
        yield Page(path.stem, path.read_bytes(), None)


@dataclass
class Score:
    page: str
    extractor: float
    toolkit: float


def toolkit_text(page: Page, config: Config) -> str:
    try:
        article = clean_file(Path(f"{page.name}.html"), page.html, config)
    except ToolkitError:
        return ""
    return "\n\n".join(block.text for block in article.blocks)


def score_set(pages: list[Page], config: Config) -> tuple[list[Score], float, float]:
    """Per-page scores, and the seconds trafilatura and the toolkit took over the whole set."""
    scores, extractor_seconds, toolkit_seconds = [], 0.0, 0.0
    for page in pages:
        begun = time.perf_counter()
        extracted = trafilatura.extract(page.html) or ""
        extractor_seconds += time.perf_counter() - begun
        begun = time.perf_counter()
        cleaned = toolkit_text(page, config)
        toolkit_seconds += time.perf_counter() - begun
        gold = page.gold if page.gold is not None else trafilatura.extract(page.html, include_comments=False) or ""
        scores.append(Score(page.name, word_f1(extracted, gold), word_f1(cleaned, gold)))
    return scores, extractor_seconds, toolkit_seconds


def raw_text_scores() -> list[Score]:
    """The raw-text mode on each Arabic devdata page's full visible text, against trafilatura's extraction."""
    config = Config(project_dir=REPO, source_language="ar")
    scores = []
    for path in sorted((DEVDATA / "text").glob("*.raw.txt")):
        stem = path.name.removesuffix(".raw.txt")
        gold = trafilatura.extract((DEVDATA / "html" / f"{stem}.html").read_bytes(), include_comments=False) or ""
        try:
            article = clean_file(path, path.read_bytes(), config)
            kept = "\n\n".join(block.text for block in article.blocks)
        except ToolkitError:
            kept = ""
        scores.append(Score(stem, 1.0, word_f1(kept, gold)))
    return scores


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS))
    parser.add_argument("--worst", type=int, default=0, help="list this many pages per set where the toolkit loses")
    parser.add_argument("--raw", action="store_true", help="also the raw-text mode on the Arabic devdata pages")
    options = parser.parse_args()
    wanted = [name.strip() for name in options.sets.split(",") if name.strip()]
    if unknown := sorted(set(wanted) - set(SETS)):
        parser.error(f"unknown set(s): {', '.join(unknown)}")
    loaders = {"wcxb": wcxb_pages, "scrapinghub": scrapinghub_pages, "arabic": arabic_pages}
    languages = {"wcxb": "en", "scrapinghub": "en", "arabic": "ar"}
    rows = []
    with tempfile.TemporaryDirectory() as project:
        for name in wanted:
            pages = list(loaders[name]())
            if not pages:
                print(f"no pages for {name} under {DEVDATA}", file=sys.stderr)
                return 1
            config = Config(project_dir=Path(project), source_language=languages[name])
            scores, extractor_seconds, toolkit_seconds = score_set(pages, config)
            rows.append((name, scores, extractor_seconds, toolkit_seconds))
    print(f"{'set':12} {'pages':>5} {'trafilatura':>11} {'toolkit':>7} {'worse':>5} {'time':>6}")
    for name, scores, extractor_seconds, toolkit_seconds in rows:
        worse = sum(score.toolkit < score.extractor - 0.01 for score in scores)
        print(
            f"{name:12} {len(scores):5} {mean([s.extractor for s in scores]):11.3f} "
            f"{mean([s.toolkit for s in scores]):7.3f} {worse:5} {toolkit_seconds / extractor_seconds:5.2f}x"
        )
    print("(worse: pages more than 0.01 below trafilatura; time: the toolkit's beside trafilatura's extract())")
    for name, scores, _, _ in rows:
        losses = sorted(scores, key=lambda score: score.toolkit - score.extractor)[: options.worst]
        for score in losses:
            print(f"  {name} {score.page}: trafilatura {score.extractor:.2f}, toolkit {score.toolkit:.2f}")
    if options.raw:
        raw = raw_text_scores()
        print("raw-text mode on the Arabic devdata pages, against trafilatura's extraction:")
        for score in raw:
            print(f"  {score.page:45} {score.toolkit:5.2f}")
        print(f"  {'mean':45} {mean([score.toolkit for score in raw]):5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
