"""Whether this tree's toolkit builds the same sites as a git revision's, file for file and byte for byte: the
check a change meant only to make the build faster must pass.

Each project is built twice from scratch, once with the toolkit of REVISION and once with this tree's, each
build in its own process: the tests' sample project (150 articles, so the list has two pages), the hostile
project (every XSS payload in the source, the translations and the header), the repository's own catalogs
and bench/build.py's synthetic corpus (90 articles x 20 blocks, enough to render over worker processes).
Every file of both sites is compared, the search index included. Exit status 1 when any differs.

    .venv/bin/python bench/same_site.py main
    .venv/bin/python bench/same_site.py b3e73bc --keep DIR
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests" / "site"), str(REPO / "bench")]

from build import differences, export_revision, where_they_differ, write_project  # noqa: E402  (bench/build.py)
from site_projects import hostile_project, sample_project  # noqa: E402  (tests/site/site_projects.py)

BUILD = (
    "import sys; from pathlib import Path; from toolkit.config import load_config; "
    "from toolkit.site.build import build_site; build_site(load_config(Path(sys.argv[1])))"
)


def _own_project(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copy2(REPO / "toolkit.toml", folder / "toolkit.toml")
    shutil.copytree(REPO / "translations", folder / "translations")
    return folder


def _synthetic_project(folder: Path) -> Path:
    write_project(folder, 90, 20)
    return folder


PROJECTS: dict[str, Callable[[Path], Path]] = {
    "sample": lambda folder: sample_project(folder, articles=150),
    "hostile": hostile_project,
    "repository": _own_project,
    "synthetic": _synthetic_project,
}


def build(project: Path, toolkit_root: Path | None) -> None:
    """One build in a fresh process, with the toolkit of `toolkit_root` (a revision's files) when given."""
    environment = dict(os.environ)
    if toolkit_root is not None:
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(toolkit_root), environment.get("PYTHONPATH")]))
    # In the toolkit's own folder: `python -c` puts the folder it runs in first on the path, ahead of PYTHONPATH.
    subprocess.run([sys.executable, "-c", BUILD, str(project)], check=True, env=environment, cwd=toolkit_root or REPO)


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", help="the git revision to compare with, e.g. main")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="same-site-")) if options.keep is None else options.keep
    differing_in_all = 0
    try:
        old_toolkit = export_revision(options.revision, workdir / "before-toolkit")
        for name, make in PROJECTS.items():
            before, after = make(workdir / f"{name}-before"), make(workdir / f"{name}-after")
            build(before, old_toolkit)
            build(after, None)
            old, new = site_files(before / "site"), site_files(after / "site")
            differing = differences(old, new)
            differing_in_all += len(differing)
            verdict = "the same" if not differing else f"{len(differing)} DIFFER: {where_they_differ(differing)}"
            print(f"{name}: {len(new)} files, {verdict}")
    finally:
        if options.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"against {options.revision}: " + ("every file the same" if not differing_in_all else "SITES DIFFER"))
    sys.exit(1 if differing_in_all else 0)


if __name__ == "__main__":
    main()
