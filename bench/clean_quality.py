"""Development check of the raw-text cleaner on ../shared/devdata (no human gold there).

For each page: word F1 of `toolkit clean` (raw-text mode, on text/<stem>.raw.txt) against trafilatura's
extraction of html/<stem>.html as pseudo-gold, and whether the og:title and the lead (og:description) were
kept. trafilatura's output is not the truth (it keeps some comment rules and misses some paragraphs), so
read the figures as a trend, and read the pages where the two disagree.

    .venv/bin/python bench/clean_quality.py
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections import Counter
from pathlib import Path

import trafilatura

from toolkit.clean.pipeline import clean_file
from toolkit.clean.text import normalize
from toolkit.config import load_config

REPO = Path(__file__).resolve().parent.parent
DEVDATA = REPO.parent / "shared" / "devdata"


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", normalize(text)))


LEAD_CHARS = 80  # descriptions run paragraphs together and are cut anywhere: compare their opening


def lead_of(description: str) -> str:
    """The opening of the description, without a trailing ellipsis, as compared."""
    return normalize(html.unescape(description)).rstrip(".… ")[:LEAD_CHARS]


def f1(candidate: Counter[str], gold: Counter[str]) -> tuple[float, float, float]:
    common = sum((candidate & gold).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision = common / sum(candidate.values())
    recall = common / sum(gold.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def main() -> int:
    config = load_config(REPO)
    pages = sorted((DEVDATA / "text").glob("*.raw.txt"))
    if not pages:
        print(f"no pages under {DEVDATA / 'text'}", file=sys.stderr)
        return 1
    scores = []
    print(f"{'page':45} {'P':>5} {'R':>5} {'F1':>5}  title lead")
    for page in pages:
        stem = page.name.removesuffix(".raw.txt")
        meta = json.loads((DEVDATA / "html" / f"{stem}.meta.json").read_text(encoding="utf-8"))
        gold = trafilatura.extract((DEVDATA / "html" / f"{stem}.html").read_bytes()) or ""
        article = clean_file(page, page.read_bytes(), config)
        kept = "\n".join(block.text for block in article.blocks)
        precision, recall, score = f1(words(kept), words(gold))
        scores.append(score)
        lead = lead_of(meta["og_description"])
        title = normalize(article.title)
        has_title = bool(title) and title in normalize(meta["og_title"])
        if lead in normalize(page.read_text(encoding="utf-8")):
            has_lead = str(any(normalize(block.text).startswith(lead) for block in article.blocks))
        else:
            has_lead = "n/a"  # the description is not the article's first paragraph (a site slogan)
        print(f"{stem:45} {precision:5.2f} {recall:5.2f} {score:5.2f}  {has_title!s:5} {has_lead:5}")
    print(f"{'mean':45} {'':5} {'':5} {sum(scores) / len(scores):5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
