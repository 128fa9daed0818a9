"""Scale: synthetic corpora of 1,000, 5,000 and 10,000 articles through clean, (fake) translate and build.

Each size runs in its own process so that its peak memory (ru_maxrss) is its own. Memory should stay
flat-ish as the corpus grows: the figures are printed beside the 1,000-article run as the baseline.

    .venv/bin/python bench/scale.py                   # 1000 5000 10000
    .venv/bin/python bench/scale.py 2000 --keep DIR   # one size, project kept in DIR
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import FakeTranslator, no_progress, write_synthetic_project

DEFAULT_SIZES = (1000, 5000, 10000)


def measure(project: Path, articles: int) -> dict[str, float]:
    """Generate, then run the three stages in this process; seconds per stage and peak RSS in MB."""
    from toolkit.catalog.update import update_catalogs
    from toolkit.clean.pipeline import clean_corpus
    from toolkit.config import load_config
    from toolkit.site.build import build_site

    write_synthetic_project(project, articles)
    config = load_config(project)
    figures: dict[str, float] = {"articles": articles}
    started = time.perf_counter()
    cleaned, clean_errors = clean_corpus(config)
    figures["clean_s"] = time.perf_counter() - started
    started = time.perf_counter()
    update = update_catalogs(config, cleaned, FakeTranslator, no_progress)
    figures["translate_s"] = time.perf_counter() - started
    started = time.perf_counter()
    build = build_site(config, no_progress)
    figures["build_s"] = time.perf_counter() - started
    figures["errors"] = len(clean_errors) + len(update.errors) + len(build.errors)
    figures["catalogs_written"] = len(update.written)
    figures["drafted"] = update.drafted
    figures["pages"] = sum(1 for _ in config.site_dir.rglob("*.html"))
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def _one_size(articles: int, keep: Path | None) -> dict[str, float]:
    if keep is not None:
        return measure(keep, articles)
    with tempfile.TemporaryDirectory(prefix="toolkit-scale-") as folder:
        return measure(Path(folder) / "project", articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=list(DEFAULT_SIZES))
    parser.add_argument("--keep", type=Path, help="build the (single) project here and keep it")
    parser.add_argument("--json", action="store_true", help="print one JSON line (used for the child runs)")
    options = parser.parse_args()
    if options.json or options.keep:
        print(json.dumps(_one_size(options.sizes[0], options.keep)))
        return

    rows = []
    for size in options.sizes:
        child = subprocess.run(
            [sys.executable, __file__, str(size), "--json"], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
        print(f"  done: {size} articles", file=sys.stderr)
    baseline = rows[0]
    print(
        f"{'articles':>8} {'clean s':>8} {'fake-translate s':>16} {'build s':>8} {'total s':>8} "
        f"{'ms/article':>10} {'peak MB':>8} {'x baseline':>10} {'errors':>6}"
    )
    for row in rows:
        total = row["clean_s"] + row["translate_s"] + row["build_s"]
        print(
            f"{row['articles']:>8} {row['clean_s']:>8.1f} {row['translate_s']:>16.1f} {row['build_s']:>8.1f} "
            f"{total:>8.1f} {1000 * total / row['articles']:>10.1f} {row['peak_rss_mb']:>8.0f} "
            f"{row['peak_rss_mb'] / baseline['peak_rss_mb']:>10.2f} {row['errors']:>6}"
        )
    growth = rows[-1]["articles"] / baseline["articles"]
    print(f"baseline: the {baseline['articles']}-article run; the corpus grew {growth:.0f}x")


if __name__ == "__main__":
    main()
