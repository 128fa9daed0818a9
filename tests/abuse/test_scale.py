"""A 2,000-article synthetic corpus through clean, translate (fake engine) and build completes whole.

The same code as bench/scale.py, which measures 1,000 to 10,000 articles; this only asserts the outcome.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from scale import measure  # noqa: E402

ARTICLES = 2000


def test_two_thousand_articles_are_cleaned_translated_and_built(tmp_path: Path):
    figures = measure(tmp_path / "project", ARTICLES)
    print(figures)
    assert figures["errors"] == 0
    assert figures["catalogs_written"] == ARTICLES
    assert figures["drafted"] > ARTICLES * 4
    site = tmp_path / "project" / "site"
    assert len(list((site / "articles").glob("*.html"))) == ARTICLES
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count('href="articles/') >= ARTICLES
