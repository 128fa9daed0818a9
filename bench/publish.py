"""`toolkit publish`: seconds per stage on the default corpus and on 1,000 synthetic articles, first run and
a re-run with nothing changed (goal: under 1 s for the seeds, no model loaded).

Every run is its own process, so "engine imported" means this run loaded ctranslate2/sentencepiece. The
baseline beside a re-run is what publish replaces: `toolkit translate` then `toolkit build`, as commands.
With TOOLKIT_TEST_MODEL set, a Chinese project of 20 articles is also run with the real model, so that the
first run has real translation to time and the re-run proves it loads no model where one is installed.

    .venv/bin/python bench/publish.py
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import REPO, write_synthetic_project

SYNTHETIC_ARTICLES = 1000
ZH_ARTICLES = 20
RERUN_GOAL_SECONDS = 1.0
ENGINE_MODULES = ("ctranslate2", "sentencepiece")


def probe(project: Path) -> None:
    """One publish in this process; prints its figures as JSON."""
    from toolkit.commands.publish import exit_status, publish
    from toolkit.config import load_config

    started = time.perf_counter()
    result = publish(load_config(project), quiet=True)
    figures = {
        "total_s": time.perf_counter() - started,
        **{f"{stage}_s": seconds for stage, seconds in result.stage_seconds.items()},
        "exit": exit_status(result, strict=False),
        "catalogs_written": len(result.update.written),
        "drafted": result.update.drafted,
        "site_files_written": len(result.build.written),
        "engine_imported": [name for name in ENGINE_MODULES if name in sys.modules],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(figures))


def _probe(project: Path, environment: dict[str, str]) -> dict:
    child = subprocess.run(
        [sys.executable, __file__, "--probe", str(project)], capture_output=True, text=True, env=environment, check=True
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_commands(commands: list[list[str]], environment: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds of running the commands one after the other."""
    started, cpu = time.perf_counter(), _cpu_of_children()
    for command in commands:
        subprocess.run(command, capture_output=True, env=environment, check=False)
    return time.perf_counter() - started, _cpu_of_children() - cpu


def _toolkit(project: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "toolkit", "-C", str(project), *arguments]


def _row(label: str, figures: dict) -> str:
    return (
        f"{label:<34} {figures['total_s']:>7.2f} {figures.get('clean_s', 0):>7.2f} "
        f"{figures.get('translate_s', 0):>9.2f} {figures.get('build_s', 0):>7.2f} {figures['catalogs_written']:>8} "
        f"{figures['drafted']:>7} {figures['site_files_written']:>10} {figures['peak_rss_mb']:>7.0f} "
        f"{figures['exit']:>4}  "
        f"{', '.join(figures['engine_imported']) or 'no'}"
    )


def bench_corpus(label: str, project: Path, environment: dict[str, str], goal: float | None) -> list[str]:
    first = _probe(project, environment)
    again = _probe(project, environment)
    assert "ctranslate2" not in again["engine_imported"], f"{label}: a re-run with nothing changed loaded the engine"
    wall, cpu = _timed_commands([_toolkit(project, "publish")], environment)
    separate_wall, separate_cpu = _timed_commands(
        [_toolkit(project, "translate"), _toolkit(project, "build")], environment
    )
    verdict = "" if goal is None else f" (goal {goal:.0f} s wall: {'met' if wall < goal else 'missed'})"
    return [
        _row(f"{label}: first run", first),
        _row(f"{label}: re-run", again),
        f"  re-run as the command `toolkit publish`: {wall:.2f} s wall, {cpu:.2f} s CPU{verdict}; "
        "baseline `toolkit translate` + `toolkit build`: "
        f"{separate_wall:.2f} s wall, {separate_cpu:.2f} s CPU",
    ]


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--probe":
        probe(Path(sys.argv[2]))
        return
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-publish-") as folder:
        root = Path(folder)
        packages = root / "argos-packages"
        packages.mkdir()
        environment = {**os.environ, "CI": "1", "ARGOS_PACKAGES_DIR": str(packages)}

        default = root / "default"
        default.mkdir()
        shutil.copy2(REPO / "toolkit.toml", default / "toolkit.toml")
        for folder_name in ("source", "translations"):
            shutil.copytree(REPO / folder_name, default / folder_name)
        synthetic = write_synthetic_project(root / "synthetic", SYNTHETIC_ARTICLES)
        corpora = [
            ("seeds (5)", default, RERUN_GOAL_SECONDS),
            (f"synthetic ({SYNTHETIC_ARTICLES}, no model)", synthetic, None),
        ]
        model = os.environ.get("TOOLKIT_TEST_MODEL")
        if model:
            sys.path.insert(0, str(REPO / "tests"))
            from catalog.zh_projects import make_project

            zh = make_project(root / "zh", Path(model), ZH_ARTICLES)
            corpora.append((f"zh ({ZH_ARTICLES}, real model)", zh, None))

        load = os.getloadavg()[0]
        print(f"load average {load:.1f} on {os.cpu_count()} CPUs: wall times grow with it, CPU times much less")
        print(
            f"{'corpus: run':<34} {'total s':>7} {'clean':>7} {'translate':>9} {'build':>7} {'catalogs':>8} "
            f"{'drafted':>7} {'site files':>10} {'peak MB':>7} {'exit':>4}  engine imported"
        )
        for label, project, goal in corpora:
            for line in bench_corpus(label, project, environment, goal):
                print(line, flush=True)


if __name__ == "__main__":
    main()
