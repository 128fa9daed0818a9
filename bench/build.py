"""Site build speed: a synthetic corpus of 1,000 articles x 20 blocks, built in full, then after one change.

The catalogs are generated in a temporary project from the entries of the repository's own translations/
(real Arabic and English text, numbered so every block is distinct; 70% reviewed, 20% machine drafts, 10%
untranslated). Each build runs in its own process, like `toolkit build`, so its peak memory is its own.
Goals: full build under 10 s, the rebuild after one catalog changes under 1 s. The CPU seconds (the build
and its Pagefind runs) are printed beside the wall-clock time: on a machine shared with other work they
show what the build itself costs.

    .venv/bin/python bench/build.py                  # 1000 articles x 20 blocks
    .venv/bin/python bench/build.py --articles 200 --keep DIR
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent
FULL_BUILD_GOAL_SECONDS = 10.0
REBUILD_GOAL_SECONDS = 1.0
# The mix of states a corpus under review has; drafts and placeholders render differently from reviewed text.
STATE_CYCLE = ("reviewed",) * 7 + ("draft",) * 2 + ("untranslated",)


def _material() -> list[tuple[str, str, str]]:
    """(kind, Arabic, English) of every reviewed block entry in the repository's catalogs."""
    found = []
    for path in sorted((REPO / "translations").glob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgctxt != "title" and entry.msgstr and not entry.obsolete:
                kind = "heading" if "kind: heading" in entry.comment else "paragraph"
                found.append((kind, entry.msgid, entry.msgstr))
    if not found:
        sys.exit("bench/build.py needs the reviewed catalogs in translations/")
    return found


def _catalog(number: int, blocks: int, material: list[tuple[str, str, str]]) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=0)
    article_id = f"synthetic_{number:05d}"
    catalog.metadata = {
        "Project-Id-Version": "bench",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": "en",
        "X-Source-Language": "ar",
        "X-Article-Id": article_id,
        "X-Article-Title": f"مقال رقم {number}",
        "X-Article-Date": f"20{10 + number % 15:02d}-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "X-Article-Outlet": "وطن",
        "X-Article-Source": f"source/{article_id}.txt",
    }
    catalog.append(polib.POEntry(msgctxt="title", msgid=f"مقال رقم {number}", msgstr=f"Article number {number}"))
    for index in range(blocks):
        kind, arabic, english = material[(number * blocks + index) % len(material)]
        state = STATE_CYCLE[(number + index) % len(STATE_CYCLE)]
        entry = polib.POEntry(
            msgctxt=f"b-{number:04x}{index:04x}",
            msgid=f"{arabic} ({number}-{index})",
            msgstr="" if state == "untranslated" else f"{english} ({number}-{index})",
            comment=f"kind: {kind}",
        )
        if state == "draft":
            entry.flags.append("fuzzy")
        catalog.append(entry)
    return catalog


def write_project(project: Path, articles: int, blocks: int) -> None:
    project.mkdir(parents=True)
    shutil.copy2(REPO / "toolkit.toml", project / "toolkit.toml")
    translations = project / "translations"
    translations.mkdir()
    material = _material()
    for number in range(articles):
        _catalog(number, blocks, material).save(str(translations / f"synthetic_{number:05d}.po"))


def child(project: Path) -> None:
    """One build in this process; prints its figures as JSON for the parent."""
    from toolkit.config import load_config
    from toolkit.site.build import build_site

    started = time.perf_counter()
    result = build_site(load_config(project))
    seconds = time.perf_counter() - started
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
                "written": len(result.written),
                "bundles": len(result.bundles_indexed),
                "build_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "indexer_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            }
        )
    )


def run_build(project: Path) -> dict:
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, __file__, "--child", str(project)], capture_output=True, text=True, check=True
    )
    figures = json.loads(finished.stdout)
    figures["process_seconds"] = time.perf_counter() - started
    return figures


def _line(name: str, figures: dict, goal: float) -> str:
    verdict = "meets" if figures["seconds"] < goal else "MISSES"
    return (
        f"{name:<22}{figures['seconds']:6.2f} s (process {figures['process_seconds']:5.2f} s, "
        f"CPU {figures['cpu_seconds']:5.2f} s)  goal < {goal:g} s: "
        f"{verdict}  | {figures['written']} files written, {figures['bundles']} search bundles indexed, "
        f"peak memory {figures['build_rss_mb']:.0f} MB build, "
        f"{figures['indexer_rss_mb']:.0f} MB largest child (render worker or Pagefind)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--blocks", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child)
        return
    workdir = Path(tempfile.mkdtemp(prefix="bench-build-")) if options.keep is None else options.keep
    project = workdir / "project"
    try:
        write_project(project, options.articles, options.blocks)
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"corpus: {options.articles} articles x {options.blocks} blocks in {project}")
        print(f"machine: {os.cpu_count()} cores, load average {load} (other work slows the wall-clock figures)")
        full = run_build(project)
        print(_line("full build", full, FULL_BUILD_GOAL_SECONDS))
        unchanged = run_build(project)
        print(_line("rebuild, no change", unchanged, REBUILD_GOAL_SECONDS))
        changed = project / "translations" / f"synthetic_{options.articles // 2:05d}.po"
        text = changed.read_text(encoding="utf-8")
        changed.write_text(text.replace('msgstr "Article number', 'msgstr "Revised article number', 1), "utf-8")
        one = run_build(project)
        print(_line("rebuild, one PO edited", one, REBUILD_GOAL_SECONDS))
    finally:
        if options.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
