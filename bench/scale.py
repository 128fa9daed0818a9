"""Scale: synthetic corpora of 1,000, 5,000 and 10,000 articles through clean, (fake) translate and build.

Each size runs in its own process so that its peak memory (ru_maxrss) is its own. Memory should stay
flat as the corpus grows: the figures are printed beside the 1,000-article run as the baseline, with the
memory each article past the baseline's adds. Before the build's manifest moved to SQLite and the cleaner's
caches were bounded, the peaks were 88 / 232 / 390 MB and then 63 / 101 / 129 MB (1,000 / 5,000 / 10,000).

    .venv/bin/python bench/scale.py                   # 1000 5000 10000
    .venv/bin/python bench/scale.py 2000 --keep DIR   # one size, project kept in DIR
    .venv/bin/python bench/scale.py 100000 --keep DIR --log run.log   # a long run: partial figures as it goes
    .venv/bin/python bench/scale.py 100000 --keep DIR --build-only    # that project's site built again, alone
    .venv/bin/python bench/scale.py --keep DIR --one-changed   # that project published, then one source changed
                                                               # (each in a process of its own: CPU, peak by stage)
    .venv/bin/python bench/scale.py --keep DIR --one-changed --before main --rounds 3
        # the same, side by side with a git revision's toolkit on a copy of that project (DIR.before, kept for the
        # next time: the copy's first publish reads every file again), the two alternating (ABBA)

With --log, a line goes to the file as each stage starts and ends and every minute between (wall and CPU
seconds, the stage, memory now and at peak, catalogs written so far): a run stopped before its end still shows its
rate per stage and how its memory grew.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from synthetic import FakeTranslator, no_progress, seed_paragraphs, synthetic_article, write_synthetic_project

DEFAULT_SIZES = (1000, 5000, 10000)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _count_files(folder: Path) -> int:
    try:
        with os.scandir(folder) as entries:
            return sum(1 for _ in entries)
    except OSError:
        return 0


class RunLog:
    """Where a long run stands, written as it goes: stage changes at once, and a line every `every` seconds."""

    def __init__(self, file: TextIO | None, project: Path, every: float = 60.0):
        self._file, self._project, self._every = file, project, every
        self._started = time.perf_counter()
        self.stage = "generate"
        self._done = threading.Event()
        if file is not None:
            threading.Thread(target=self._sample, daemon=True).start()

    def line(self, event: str) -> None:
        if self._file is None:
            return
        catalogs = _count_files(self._project / "translations")
        self._file.write(
            f"{time.perf_counter() - self._started:9.1f} s  CPU {_cpu_seconds():8.1f} s  {event:<16} {self.stage:<10} "
            f"rss {_rss_mb():7.1f} MB  "
            f"peak {_peak_rss_mb():7.1f} MB  catalogs {catalogs}  load {os.getloadavg()[0]:.1f}\n"
        )
        self._file.flush()

    def _sample(self) -> None:
        while not self._done.wait(self._every):
            self.line("running")

    def close(self) -> None:
        self._done.set()
        self.line("finished")


def measure(project: Path, articles: int, log: RunLog | None = None) -> dict[str, float]:
    """Generate, then run the three stages in this process: per stage the wall and CPU seconds, and the
    peak RSS reached by its end (so a stage's own memory is its rise over the one before)."""
    from toolkit.catalog.update import update_catalogs
    from toolkit.clean.pipeline import clean_stream
    from toolkit.commands import publish as publish_command
    from toolkit.commands.publish import publish
    from toolkit.commands.rerun import (
        TranslationOutcome,
        noting_warnings,
        recorded_translation,
        summarize_and_record,
        translation_inputs,
        worth_recording,
    )
    from toolkit.config import load_config
    from toolkit.site.build import build_site
    from toolkit.store.cache import run_cache

    log = log or RunLog(None, project)
    log.line("start")
    write_synthetic_project(project, articles)
    config = load_config(project)
    figures: dict[str, float] = {"articles": articles, "start_peak_mb": _peak_rss_mb()}

    def stage(name: str, work: Callable):
        log.stage = name
        log.line("stage starts")
        started, cpu = time.perf_counter(), _cpu_seconds()
        outcome = work()
        figures[f"{name}_s"] = time.perf_counter() - started
        figures[f"{name}_cpu_s"] = _cpu_seconds() - cpu
        figures[f"{name}_peak_mb"] = _peak_rss_mb()
        log.line(f"ends {figures[f'{name}_s']:.1f} s")
        return outcome

    # As publish runs them: the articles stream from the cleaner into the catalogs, so "clean" is the corpus
    # evidence pass and the cleaning itself counts in "translate". With the run cache, and the outcome recorded
    # as publish records it, so that the re-run below finds them.
    with run_cache(config.state_dir) as cache:
        # What publish looks at first: the inputs as they are, against which it checks what it leaves.
        translation_inputs(config, cache)
        cleaning = stage("clean", lambda: clean_stream(config, cache=cache))
        warnings: list[str] = []
        streamed = noting_warnings(config, cleaning.articles, warnings)
        update = stage(
            "translate",
            lambda: update_catalogs(
                config, streamed, FakeTranslator, no_progress, cache, cleaning.digest_of, cleaning.source_names
            ),
        )
        changes = cache.changes_seen
        outcome = None
        source_ids = update.source_ids
        if worth_recording(update, cleaning.errors):
            passed_over = tuple(cleaning.passed_over)
            outcome = TranslationOutcome(update.articles, passed_over, tuple(warnings), source_ids)
        build = stage("build", lambda: build_site(config, no_progress))
        stage("summary", lambda: summarize_and_record(config, cache, source_ids, outcome, changes))
        figures["cache_warnings"] = len(cache.warnings)
    # Taken before the checks below: listing 10,000 pages with pathlib alone adds several MB of its own.
    figures["peak_rss_mb"] = _peak_rss_mb()
    # Whether the no-change publish below can replay the outcome this run recorded, rather than clean and
    # merge again through the per-article cache (a fresh copy of the code once made it miss at 100,000).
    with run_cache(config.state_dir) as cache:
        figures["outcome_recorded"] = recorded_translation(cache, translation_inputs(config, cache)) is not None
    # Nothing changed: `toolkit publish` itself (no model is loaded, as nothing is pending).
    rerun = stage("rerun", lambda: publish(config, quiet=True))
    figures["rerun_errors"] = len(rerun.errors)
    for name, seconds in rerun.stage_seconds.items():
        figures[f"rerun_{name}_s"] = seconds
    # One source edited (a paragraph added): only its article is cleaned, merged, drafted and rebuilt.
    _edit_one_source(config.source_dir)
    # Its new paragraph is drafted by the fake engine: publish itself, with the engine it is handed.
    publish_command.project_translator = lambda config: contextlib.nullcontext(FakeTranslator)
    one_changed = stage("one_changed", lambda: publish(config, quiet=True))
    for name, seconds in one_changed.stage_seconds.items():
        figures[f"one_changed_{name}_s"] = seconds
    figures["one_changed_catalogs_written"] = len(one_changed.update.written)
    figures["one_changed_pages_written"] = sum(1 for name in one_changed.build.written if "articles/" in name)
    figures["errors"] = len(cleaning.errors) + len(update.errors) + len(build.errors)
    figures["catalogs_written"] = len(update.written)
    figures["drafted"] = update.drafted
    figures["pages"] = sum(1 for _ in config.site_dir.rglob("*.html"))
    return figures


def build_only(project: Path) -> dict[str, float]:
    """The site of a kept project built from nothing (its site and manifest removed first) in this process, as
    publish builds it: the build's own peak memory and time, without the stages before it in the process."""
    import shutil

    from toolkit.clean.sources import source_article_ids
    from toolkit.config import load_config
    from toolkit.site.build import build_site
    from toolkit.site.generation import MANIFEST_NAME

    config = load_config(project)
    shutil.rmtree(config.site_dir, ignore_errors=True)
    (config.state_dir / MANIFEST_NAME).unlink(missing_ok=True)
    figures: dict[str, float] = {"articles": _count_files(config.translations_dir), "start_peak_mb": _peak_rss_mb()}
    started, cpu = time.perf_counter(), _cpu_seconds()
    source_ids = source_article_ids(config)
    result = build_site(config, no_progress, skip_bad_catalogs=True, with_source=source_ids)
    figures.update(
        build_s=time.perf_counter() - started,
        build_cpu_s=_cpu_seconds() - cpu,
        build_peak_mb=_peak_rss_mb(),
        files_written=len(result.written),
        errors=len(result.errors),
        load=os.getloadavg()[0],
    )
    return figures


def _edit_one_source(source_dir: Path) -> None:
    """Add a paragraph to the source in the middle of the sorted listing."""
    names = sorted(os.listdir(source_dir))
    paragraph = synthetic_article(time.time_ns() % 10**6, seed_paragraphs()).split("\n\n")[1]
    with (source_dir / names[len(names) // 2]).open("a", encoding="utf-8") as source:
        source.write(f"\n{paragraph}\n")


def _publish_once(project: Path) -> dict[str, float]:
    """One `publish` of a kept project in this (fresh) process with the fake engine: its CPU and wall, and per stage
    its wall seconds and the peak RSS by the stage's end (the process's own, so the peak of a run after one change
    is not the first run's, nor that of the edit, made by the parent: sorting 100,000 paths rose it 29 MB)."""
    from toolkit.commands import publish as publish_command
    from toolkit.commands.publish import publish
    from toolkit.config import load_config

    config = load_config(project)
    publish_command.project_translator = lambda config: contextlib.nullcontext(FakeTranslator)
    figures: dict[str, float] = {"articles": _count_files(config.source_dir), "start_peak_mb": _peak_rss_mb()}
    timed = publish_command._timed

    @contextlib.contextmanager
    def timed_with_peak(seconds: dict[str, float], stage: str):
        with timed(seconds, stage):
            yield
        figures[f"{stage}_peak_mb"] = _peak_rss_mb()

    publish_command._timed = timed_with_peak
    started, cpu = time.perf_counter(), _cpu_seconds()
    result = publish(config, quiet=True)
    figures.update(
        s=time.perf_counter() - started,
        cpu_s=_cpu_seconds() - cpu,
        errors=len(result.errors),
        catalogs_written=len(result.update.written),
        files_written=len(result.build.written),
        peak_mb=_peak_rss_mb(),
        load=os.getloadavg()[0],
    )
    for stage, seconds in result.stage_seconds.items():
        figures[f"{stage}_s"] = seconds
    return figures


def one_changed(project: Path, code: Path | None = None) -> dict[str, float]:
    """A kept project published again as it is (a new toolkit's first run there: its site built afresh),
    then once more after one source changed (a paragraph added), each in a process of its own with the fake
    engine: what one changed source costs an archive of that size, and each run's peak memory stage by stage.
    `code`: a folder holding the toolkit package to run instead of this tree's."""
    figures: dict[str, float] = {}
    environment = None
    if code is not None:
        # Only non-empty entries: an empty one (PYTHONPATH unset) puts the current folder on sys.path.
        entries = [str(code), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(entries)}
    for name in ("settle", "one_changed"):
        if name == "one_changed":
            from toolkit.config import load_config

            _edit_one_source(load_config(project).source_dir)
        command = [sys.executable, __file__, "--keep", str(project), "--publish-once"]
        child = subprocess.run(command, capture_output=True, text=True, check=True, env=environment)
        for key, value in json.loads(child.stdout.strip().splitlines()[-1]).items():
            figures[key if key == "articles" else f"{name}_{key}"] = value
    figures["load"] = os.getloadavg()[0]
    return figures


def _describe_one_changed(label: str, figures: dict[str, float]) -> str:
    stages = " / ".join(
        f"{figures[f'one_changed_{stage}_s']:.2f}" for stage in ("clean", "translate", "build", "summary")
    )
    return (
        f"{label:<12} {figures['one_changed_cpu_s']:>6.2f} {figures['one_changed_s']:>7.2f}  {stages:>27}  "
        f"{figures['one_changed_peak_mb']:>7.1f}  {figures['one_changed_catalogs_written']:>3} / "
        f"{figures['one_changed_files_written']:<4} {figures['load']:>5.1f}"
    )


def one_changed_side_by_side(project: Path, revision: str, rounds: int) -> None:
    """`one_changed` with this tree's toolkit on `project` and with `revision`'s on a copy of it, alternating
    (this tree first, then the other first: whatever favours a place in the order cancels out), each run printed
    as it ends, then the medians."""
    import shutil
    import statistics

    from build import export_revision  # bench/build.py

    other = project.with_name(project.name + ".before")
    if not other.exists():
        print(f"copying {project} to {other} (kept for the next comparison)", file=sys.stderr)
        shutil.copytree(project, other, symlinks=True)
    print(
        f"{'code':<12} {'CPU s':>6} {'wall s':>7}  {'clean / translate / build / summary':>27}  {'peak MB':>7}  "
        f"{'catalogs / files written':<10} {'load':>5}"
    )
    with tempfile.TemporaryDirectory(prefix="toolkit-scale-before-") as folder:
        sides = {"this tree": (project, None), revision[:12]: (other, export_revision(revision, Path(folder) / "code"))}
        runs: dict[str, list[dict[str, float]]] = {label: [] for label in sides}
        for round_number in range(rounds):
            order = list(sides.items())
            for label, (where, code) in order[::-1] if round_number % 2 else order:
                runs[label].append(one_changed(where, code))
                print(_describe_one_changed(label, runs[label][-1]), flush=True)
    medians = {label: statistics.median(run["one_changed_cpu_s"] for run in done) for label, done in runs.items()}
    mine, theirs = medians["this tree"], medians[revision[:12]]
    print(
        f"one source changed at {runs['this tree'][0]['articles']:,} articles, median CPU s of {rounds} runs each: "
        f"this tree {mine:.2f}, {revision} {theirs:.2f} ({mine / theirs:.2f}x); CPU is the publishing process's own "
        "(the build's render workers and Pagefind are children), wall times depend on the machine's load"
    )


def _one_size(articles: int, keep: Path | None, log_path: Path | None = None) -> dict[str, float]:
    if keep is not None:
        if log_path is None:
            return measure(keep, articles)
        with log_path.open("a", encoding="utf-8") as file:
            log = RunLog(file, keep)
            try:
                return measure(keep, articles, log)
            finally:
                log.close()
    with tempfile.TemporaryDirectory(prefix="toolkit-scale-") as folder:
        return measure(Path(folder) / "project", articles)


def _rerun_stages(row: dict) -> str:
    stages = [row.get(f"rerun_{name}_s", 0.0) for name in ("clean", "translate", "build", "summary")]
    other = row["rerun_s"] - sum(stages)
    return " / ".join(f"{seconds:.2f}" for seconds in [*stages, other])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=list(DEFAULT_SIZES))
    parser.add_argument("--keep", type=Path, help="build the (single) project here and keep it")
    parser.add_argument("--log", type=Path, help="with --keep: write where the run stands to this file as it goes")
    parser.add_argument("--json", action="store_true", help="print one JSON line (used for the child runs)")
    parser.add_argument("--build-only", action="store_true", help="with --keep: build that project's site again")
    parser.add_argument(
        "--one-changed",
        action="store_true",
        help="with --keep: publish that project as it is, then with one source changed (CPU and wall of each)",
    )
    parser.add_argument(
        "--before", metavar="REVISION", help="with --one-changed: side by side with this git revision's toolkit"
    )
    parser.add_argument("--rounds", type=int, default=3, help="with --before: runs of each toolkit (default 3)")
    parser.add_argument("--publish-once", action="store_true", help=argparse.SUPPRESS)  # one_changed's children
    options = parser.parse_args()
    if options.publish_once:
        print(json.dumps(_publish_once(options.keep)))
        return
    if options.one_changed:
        if options.keep is None:
            parser.error("--one-changed needs --keep DIR (a project an earlier run kept)")
        if options.before:
            one_changed_side_by_side(options.keep, options.before, options.rounds)
        else:
            print(json.dumps(one_changed(options.keep)))
        return
    if options.build_only:
        if options.keep is None:
            parser.error("--build-only needs --keep DIR (a project an earlier run kept)")
        print(json.dumps(build_only(options.keep)))
        return
    if options.json or options.keep:
        print(json.dumps(_one_size(options.sizes[0], options.keep, options.log)))
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
        f"  {'(clean / translate / build / summary / other)':>45} {'CPU s':>6}  {'one source changed s':>20}"
        f"  {'(catalogs / article pages written)':>34}"
    )
    for row in rows:
        total = row["clean_s"] + row["translate_s"] + row["build_s"]
        cpu = row["clean_cpu_s"] + row["translate_cpu_s"] + row["build_cpu_s"]
        stages = f"{row['clean_peak_mb']:.0f} / {row['translate_peak_mb']:.0f} / {row['build_peak_mb']:.0f}"
        extra = row["articles"] - baseline["articles"]
        per_article = f"{1024 * (row['peak_rss_mb'] - baseline['peak_rss_mb']) / extra:.2f}" if extra else "-"
        changed_written = f"{row['one_changed_catalogs_written']} / {row['one_changed_pages_written']}"
        print(
            f"{row['articles']:>8} {row['clean_s']:>8.1f} {row['translate_s']:>11.1f} {row['build_s']:>8.1f} "
            f"{total:>8.1f} {cpu:>7.1f} {1000 * cpu / row['articles']:>10.1f} {row['peak_rss_mb']:>8.0f} "
            f"{row['peak_rss_mb'] / baseline['peak_rss_mb']:>6.2f} {per_article:>11}  {stages:>34} {row['errors']:>6}"
            f"  {row['rerun_s']:>19.2f}  {_rerun_stages(row):>45} {row['rerun_cpu_s']:>6.2f}"
            f"  {row['one_changed_s']:>20.2f}  {changed_written:>34}"
        )
    print(
        "clean is the corpus evidence pass; translate cleans each article and runs the catalog stage with a fake "
        "engine; wall times depend on the machine's load, CPU less"
    )
    print(
        "no-change publish: `toolkit publish` again with nothing changed, its cache filled by the first run "
        "(goal: under 3 s at 10,000 articles; about 36 s before the cache); one source changed: a paragraph added "
        "to one article, then publish (one catalog and that article's pages in each interface should be written)"
    )
    growth = rows[-1]["articles"] / baseline["articles"]
    print(f"baseline: the {baseline['articles']}-article run; the corpus grew {growth:g}x")


if __name__ == "__main__":
    main()
