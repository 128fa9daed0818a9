"""10,000 synthetic articles go through clean, translate (fake engine) and build whole, within CI's time and
in about the memory 1,000 take.

Each size runs in its own process through bench/scale.py (the script that prints these figures), so that its
peak memory (ru_maxrss) is its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCALE = Path(__file__).resolve().parents[2] / "bench" / "scale.py"
BASELINE_ARTICLES = 1_000
ARTICLES = 10_000
# Flat memory, with room for what must grow (the catalogs' names, SQLite's page cache filling up): ten times
# the articles may take at most this much more peak memory. Measured: 1.13x (40 -> 45 MB); holding every
# article's summary and path, as the build and the catalog stage did before, took 2x.
MAX_PEAK_GROWTH = 1.3


def _scale(project: Path, articles: int) -> dict[str, float]:
    finished = subprocess.run(
        [sys.executable, str(SCALE), str(articles), "--keep", str(project)], capture_output=True, text=True, check=False
    )
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_ten_thousand_articles_are_cleaned_translated_and_built_in_flat_memory(tmp_path: Path):
    baseline = _scale(tmp_path / "baseline", BASELINE_ARTICLES)
    figures = _scale(tmp_path / "project", ARTICLES)
    print({"baseline": baseline, "figures": figures})
    assert figures["errors"] == 0
    assert figures["catalogs_written"] == ARTICLES
    assert figures["drafted"] > ARTICLES * 4
    site = tmp_path / "project" / "site"
    assert len(list((site / "articles").glob("*.html"))) == ARTICLES
    list_pages = sorted(site.glob("index*.html"))
    assert sum(page.read_text(encoding="utf-8").count('href="articles/') for page in list_pages) == ARTICLES
    assert len(list((site / "ar" / "articles").glob("*.html"))) == ARTICLES  # the Arabic interface's copy
    # Every list page and article, in both interfaces.
    assert (site / "sitemap.xml").read_text(encoding="utf-8").count("<url>") == 2 * (ARTICLES + len(list_pages))
    assert figures["peak_rss_mb"] <= MAX_PEAK_GROWTH * baseline["peak_rss_mb"], (baseline, figures)
