"""What a build costs after site/ was changed by hand: a page deleted, edited, or replaced by a link or a folder, a
search bundle's file deleted or cut short, a file dropped in, every file copied over itself (a site restored from
a backup). Each should cost the damaged files alone: those pages made again, that search bundle indexed again,
everything else carried over.

bench/build.py's synthetic corpus (1,000 articles x 20 blocks by default) is built in full, once with the
toolkit of a git revision (--before, e.g. main) and once with this tree's, in two projects; then each damage in
turn is done to both sites and both are built again, side by side, each build in a process of its own
(bench/build.py's run_build: CPU seconds of the build, its render workers and Pagefind). After each build the
site is compared, file for file and byte for byte, with the one the full build made: a damaged site must be
built back to exactly that.

    .venv/bin/python bench/site_damage.py --before main
    .venv/bin/python bench/site_damage.py --articles 200 --before main --keep DIR
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from build import _files, differences, export_revision, run_build, where_they_differ, write_project  # bench/build.py


def _article(site: Path, articles: int) -> str:
    return f"articles/synthetic_{articles // 2:05d}.html"


def _bundle_file(site: Path, kind: str) -> Path:
    """The first file (by name) of the `kind` folder (fragment, index) of the site's second search bundle."""
    bundles = sorted(path for path in (site / "pagefind").iterdir() if path.is_dir())
    return min((bundles[1] if len(bundles) > 1 else bundles[0]).joinpath(kind).iterdir())


def delete_article(site: Path, articles: int) -> None:
    (site / _article(site, articles)).unlink()


def delete_index(site: Path, articles: int) -> None:
    (site / "ar" / "index.html").unlink()


def edit_article(site: Path, articles: int) -> None:
    page = site / "ar" / _article(site, articles)
    page.write_bytes(page.read_bytes().replace(b"</main>", b"edited by hand</main>"))


def link_article(site: Path, articles: int) -> None:
    page = site / _article(site, articles)
    moved = site.parent / "moved-away.html"
    page.replace(moved)
    page.symlink_to(moved)


def folder_for_article(site: Path, articles: int) -> None:
    page = site / _article(site, articles)
    page.unlink()
    page.mkdir()


def delete_fragment(site: Path, articles: int) -> None:
    _bundle_file(site, "fragment").unlink()


def truncate_index_chunk(site: Path, articles: int) -> None:
    os.truncate(_bundle_file(site, "index"), 10)


def drop_a_file(site: Path, articles: int) -> None:
    (site / "articles" / "notes.txt").write_text("not built\n", encoding="utf-8")


def copy_over_itself(site: Path, articles: int) -> None:
    for path in sorted(path for path in site.rglob("*") if path.is_file()):
        copy = path.with_name(path.name + ".copy")
        shutil.copy2(path, copy)
        copy.replace(path)


def nothing(site: Path, articles: int) -> None:
    return None


DAMAGE: tuple[tuple[str, Callable[[Path, int], None]], ...] = (
    ("nothing changed", nothing),
    ("an article page deleted", delete_article),
    ("a list page deleted", delete_index),
    ("an article page edited", edit_article),
    ("an article page made a link", link_article),
    ("an article page made a folder", folder_for_article),
    ("a search fragment deleted", delete_fragment),
    ("a search index chunk cut short", truncate_index_chunk),
    ("a file dropped into site/", drop_a_file),
    ("every file copied over itself", copy_over_itself),
)


def _figures(figures: dict) -> str:
    return f"CPU {figures['cpu_seconds']:5.2f} s, {figures['written']:4d} written, {figures['bundles']:2d} indexed"


def _as_built(site: Path, reference: dict[str, bytes]) -> str:
    differing = differences(reference, _files(site))
    return "as built" if not differing else f"DIFFERS: {where_they_differ(differing)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--blocks", type=int, default=20)
    parser.add_argument("--before", metavar="REVISION", required=True, help="the git revision to compare with")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-damage-")) if options.keep is None else options.keep
    try:
        after = workdir / "project"
        write_project(after, options.articles, options.blocks)
        before = workdir / "before-project"
        shutil.copytree(after, before)
        old_toolkit = export_revision(options.before, workdir / "before-toolkit")
        sides = ((options.before, before, old_toolkit), ("this tree", after, None))
        print(f"corpus: {options.articles} articles x {options.blocks} blocks; machine load {os.getloadavg()[0]:.1f}")
        for label, project, toolkit in sides:
            print(f"full build, {label}: {_figures(run_build(project, toolkit))}")
        reference = _files(after / "site")
        print(f"the two full builds' sites: {_as_built(before / 'site', reference)}")
        for name, damage in DAMAGE:
            line = [f"{name:<32}"]
            for label, project, toolkit in sides:
                damage(project / "site", options.articles)
                figures = run_build(project, toolkit)
                line.append(f"{label}: {_figures(figures)}, {_as_built(project / 'site', reference)}")
            print(" | ".join(line))
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    finally:
        if options.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
