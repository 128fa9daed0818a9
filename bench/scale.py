"""Scale: synthetic corpora of 1,000, 5,000 and 10,000 articles through clean, (fake) translate and build.

Each size runs in its own process so that its peak memory (ru_maxrss) is its own. Memory should stay
flat as the corpus grows: the figures are printed beside the 1,000-article run as the baseline, with the
memory each article past the baseline's adds. Before the build's manifest moved to SQLite and the cleaner's
caches were bounded, the peaks were 88 / 232 / 390 MB and then 63 / 101 / 129 MB (1,000 / 5,000 / 10,000).

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


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(project: Path, articles: int) -> dict[str, float]:
    """Generate, then run the three stages in this process: per stage the wall and CPU seconds, and the
    peak RSS reached by its end (so a stage's own memory is its rise over the one before)."""
    from toolkit.catalog.update import update_catalogs
    from toolkit.clean.pipeline import clean_stream
    from toolkit.commands.publish import publish
    from toolkit.commands.status import summarize_project
    from toolkit.config import load_config
    from toolkit.site.build import build_site
    from toolkit.store.cache import run_cache

    write_synthetic_project(project, articles)
    config = load_config(project)
    figures: dict[str, float] = {"articles": articles, "start_peak_mb": _peak_rss_mb()}

    def stage(name: str, work):
        started, cpu = time.perf_counter(), _cpu_seconds()
        outcome = work()
        figures[f"{name}_s"] = time.perf_counter() - started
        figures[f"{name}_cpu_s"] = _cpu_seconds() - cpu
        figures[f"{name}_peak_mb"] = _peak_rss_mb()
        return outcome

    # As publish runs them: the articles stream from the cleaner into the catalogs, so "clean" is the corpus
    # evidence pass and the cleaning itself counts in "translate".
    # With the run cache, as publish runs them (its summary included), so that the re-run below finds it filled.
    with run_cache(config.state_dir) as cache:
        cleaning = stage("clean", lambda: clean_stream(config, cache=cache))
        update = stage(
            "translate", lambda: update_catalogs(config, cleaning.articles, FakeTranslator, no_progress, cache)
        )
        build = stage("build", lambda: build_site(config, no_progress))
        summarize_project(config, cache, keep_warnings=False)
    # Taken before the checks below: listing 10,000 pages with pathlib alone adds several MB of its own.
    figures["peak_rss_mb"] = _peak_rss_mb()
    # Nothing changed: `toolkit publish` itself (no model is loaded, as nothing is pending).
    rerun = stage("rerun", lambda: publish(config, quiet=True))
    figures["rerun_errors"] = len(rerun.errors)
    for name, seconds in rerun.stage_seconds.items():
        figures[f"rerun_{name}_s"] = seconds
    figures["errors"] = len(cleaning.errors) + len(update.errors) + len(build.errors)
    figures["catalogs_written"] = len(update.written)
    figures["drafted"] = update.drafted
    figures["pages"] = sum(1 for _ in config.site_dir.rglob("*.html"))
    return figures


def _one_size(articles: int, keep: Path | None) -> dict[str, float]:
    if keep is not None:
        return measure(keep, articles)
    with tempfile.TemporaryDirectory(prefix="toolkit-scale-") as folder:
        return measure(Path(folder) / "project", articles)


def _rerun_stages(row: dict) -> str:
    stages = [row.get(f"rerun_{name}_s", 0.0) for name in ("clean", "translate", "build")]
    summary = row["rerun_s"] - sum(stages)
    return " / ".join(f"{seconds:.2f}" for seconds in [*stages, summary])


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
        f"{'articles':>8} {'clean s':>8} {'translate s':>11} {'build s':>8} {'total s':>8} {'CPU s':>7} "
        f"{'CPU ms/art':>10} {'peak MB':>8} {'x base':>6} {'kB/art more':>11}  "
        f"{'MB after clean / translate / build':>34} {'errors':>6}  {'no-change publish s':>19}"
        f"  {'(clean / translate / build / summary)':>37}"
    )
    for row in rows:
        total = row["clean_s"] + row["translate_s"] + row["build_s"]
        cpu = row["clean_cpu_s"] + row["translate_cpu_s"] + row["build_cpu_s"]
        stages = f"{row['clean_peak_mb']:.0f} / {row['translate_peak_mb']:.0f} / {row['build_peak_mb']:.0f}"
        extra = row["articles"] - baseline["articles"]
        per_article = f"{1024 * (row['peak_rss_mb'] - baseline['peak_rss_mb']) / extra:.2f}" if extra else "-"
        print(
            f"{row['articles']:>8} {row['clean_s']:>8.1f} {row['translate_s']:>11.1f} {row['build_s']:>8.1f} "
            f"{total:>8.1f} {cpu:>7.1f} {1000 * cpu / row['articles']:>10.1f} {row['peak_rss_mb']:>8.0f} "
            f"{row['peak_rss_mb'] / baseline['peak_rss_mb']:>6.2f} {per_article:>11}  {stages:>34} {row['errors']:>6}"
            f"  {row['rerun_s']:>19.2f}  {_rerun_stages(row):>37}"
        )
    print(
        "clean is the corpus evidence pass; translate cleans each article and runs the catalog stage with a fake "
        "engine; wall times depend on the machine's load, CPU less"
    )
    print(
        "no-change publish: `toolkit publish` again with nothing changed, its cache filled by the first run "
        "(goal: under 3 s at 10,000 articles; about 36 s before the cache)"
    )
    growth = rows[-1]["articles"] / baseline["articles"]
    print(f"baseline: the {baseline['articles']}-article run; the corpus grew {growth:g}x")


if __name__ == "__main__":
    main()
