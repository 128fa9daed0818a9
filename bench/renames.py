"""Many renamed sources before any build: `toolkit status`, `check` and `translate`, this code beside the code of
a git revision (--before), in one run.

Before a build, these commands work out what the build will decide for each catalog whose source is gone
(catalog/renames.py find_successors): every catalog with a source that the old catalogs' keys may mark is read
and its summary made, and each marked one is compared with the old catalogs. A synthetic project (bench/
synthetic.py, fake engine) of --articles articles, every tenth source then renamed (--renamed of them), in two
states:
  renamed   the sources renamed, nothing run since: --articles catalogs, --renamed of them without a source and
            no successor among the others
  merged    translate run since: each renamed source's new catalog merged from its old one (the old catalogs
            stay until deleted), so each old catalog has a successor; translate is timed here only (nothing is
            left for it to do but say what the build decides)
Each command runs in a process of its own (`python -m toolkit`, the real CLI), the two codes alternating; its CPU
seconds (user + system) and wall seconds are printed with the ratio of this code to the revision's, and whether
the two printed the same (stdout and stderr). `decisions` is the part of status, check and translate that works
out the build's decisions (commands/status.py sourceless_decisions), timed alone in a process of its own, its CPU
and wall seconds those of that call, its output the decisions.

    .venv/bin/python bench/renames.py --before main
    .venv/bin/python bench/renames.py --before main --articles 500 --renamed 50 --commands status
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from big_page import _run, export_revision
from synthetic import FakeTranslator, no_progress, write_synthetic_project

REPO = Path(__file__).resolve().parent.parent
COMMANDS = {"status": ["status"], "check": ["check"], "translate": ["translate"]}
DECISIONS = """
import resource, sys, time
from toolkit.clean.sources import source_articles
from toolkit.commands.status import sourceless_decisions
from toolkit.config import load_config
from toolkit.store.listing import catalog_names

config = load_config(sys.argv[1])
source_ids, names = source_articles(config).ids, catalog_names(config.translations_dir)[0]
usage, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
decisions = sourceless_decisions(config, names, source_ids)
wall, done = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF)
print(done.ru_utime + done.ru_stime - usage.ru_utime - usage.ru_stime, wall)
for name, decided in sorted(decisions.items()):
    print(name, decided)
"""


def translate(project: Path) -> None:
    """What `toolkit translate` does, with the fake engine, in this process."""
    from toolkit.catalog.update import update_catalogs
    from toolkit.clean.pipeline import clean_stream
    from toolkit.config import load_config
    from toolkit.store.cache import run_cache

    config = load_config(project)
    with run_cache(config.state_dir) as cache:
        cleaning = clean_stream(config, cache=cache)
        update_catalogs(
            config, cleaning.articles, FakeTranslator, no_progress, cache, cleaning.digest_of, cleaning.source_names
        )


def _decisions(code: Path, project: Path) -> tuple[float, float, subprocess.CompletedProcess[bytes]]:
    """`sourceless_decisions` alone, with the toolkit in `code`: CPU s and wall s of that call, the outcome."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, "-c", DECISIONS, str(project)], capture_output=True, env=environment, cwd=code
    )
    if done.returncode:
        sys.exit(f"{code}: the decisions failed:\n{done.stderr.decode()[-2000:]}")
    cpu, wall = map(float, done.stdout.split(b"\n", 1)[0].split())
    return cpu, wall, subprocess.CompletedProcess(done.args, 0, done.stdout.split(b"\n", 1)[1], done.stderr)


def rename_sources(project: Path, every: int, count: int) -> None:
    source = project / "source"
    for path in sorted(source.iterdir())[::every][:count]:
        path.rename(path.with_name(path.name.replace("synthetic_", "renamed_", 1)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", metavar="REVISION", required=True, help="the code to compare with (e.g. main)")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--renamed", type=int, default=200)
    parser.add_argument(
        "--commands", default="decisions,status,check,translate", help="which (decisions, status, check, translate)"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-renames-") as scratch:
        root = Path(scratch)
        codes = {"this": REPO, options.before: export_revision(options.before, root / "before")}
        project = write_synthetic_project(root / "project", options.articles)
        translate(project)
        rename_sources(project, max(1, options.articles // options.renamed), options.renamed)
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; CPU s = user + system, children too")
        print(
            f"{'state, command':<24} {'code':<10} {'CPU s':>8} {'wall s':>8}  ratio (this / {options.before}), output"
        )
        for state in ("renamed", "merged"):
            if state == "merged":
                translate(project)
            catalogs = sum(1 for _ in (project / "translations").iterdir())
            print(f"{state}: {catalogs:,} catalogs, {options.renamed:,} sources renamed")
            for command in options.commands.split(","):
                if command == "translate" and state == "renamed":
                    continue  # it would merge the renamed sources' catalogs: the second code would find them made
                figures, outputs = {}, {}
                for label, code in reversed(codes.items()):
                    if command == "decisions":
                        cpu, wall, done = _decisions(code, project)
                    else:
                        cpu, wall, done = _run(code, project, COMMANDS[command])
                    if done.returncode not in (0, 1, 3):  # 1: check's findings; 3: entries left untranslated
                        sys.exit(
                            f"{label}: toolkit {command} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}"
                        )
                    figures[label] = (cpu, wall)
                    outputs[label] = (done.returncode, done.stdout, done.stderr)
                    print(f"  {command:<22} {label:<10} {cpu:>8.2f} {wall:>8.2f}", flush=True)
                (this_cpu, this_wall), (old_cpu, old_wall) = figures["this"], figures[options.before]
                same = "same output" if outputs["this"] == outputs[options.before] else "output DIFFERS"
                print(f"  {command:<22} {'ratio':<10} {this_cpu / old_cpu:>8.2f} {this_wall / old_wall:>8.2f}  {same}")


if __name__ == "__main__":
    main()
