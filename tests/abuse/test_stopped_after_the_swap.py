"""A `publish` stopped (Ctrl-C, or killed) at any moment after its build swapped the new site in: the old site
kept for the next build to stage in (once its removal), the wait for the file system's clock, the seal. The
build left a pending manifest, and the next build found "the swap's outcome unknown" and built every page and
every search bundle again (minutes for an archive). Now the next build tells the outcome by the folder site/
is, checks the files touched since they were staged by their hashes (the pages' and the search bundles'), and
carries the rest: it writes only what an edit made after the stop changed, and the site is whole and the one a
build from scratch gives.

The moments are made exact, not raced for: the child run holds at the chosen point after writing a marker
file, and the signal is sent once the marker is there (as tests/abuse/test_signals_at_the_edges.py does).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from abuse_projects import copy_default_project, run_toolkit, signalled_when_held, tree_hashes

from toolkit.catalog.store import read_catalog, serialize_catalog
from toolkit.errors import EXIT_INTERRUPTED
from toolkit.site.generation import MANIFEST_NAME, PENDING_MANIFEST_NAME
from toolkit.store.identity import RACY_WINDOW_NS

# Runs `python -m toolkit` as the entry point does, holding once at a point of the build's put_in_place: argv[1]
# the marker file, argv[2] the point, argv[3:] the toolkit's arguments.
_CHILD = """
import pathlib, runpy, sys, time
marker, point, arguments = sys.argv[1], sys.argv[2], sys.argv[3:]
from toolkit.site import generation

state = {"swapped": False, "held": False}

def hold():
    if not state["held"]:
        state["held"] = True
        pathlib.Path(marker).write_text("here")
        time.sleep(120)

def wrap(name, before=None, after=None):
    original = getattr(generation, name)
    def wrapped(*args, **kwargs):
        if before is not None and before(*args, **kwargs):
            hold()
        result = original(*args, **kwargs)
        if after is not None and after(*args, **kwargs):
            hold()
        return result
    setattr(generation, name, wrapped)

def swapped(*args):
    state["swapped"] = True
    return point == "swapped"

wrap("swap_into_place", after=swapped)
if point == "old site kept":
    wrap("_keep_as_previous", after=lambda *args: state["swapped"])
if point == "waiting for the clock":
    wrap("seal", before=lambda probe, wait_for_tick=True: state["swapped"] and wait_for_tick)
if point == "sealed":
    wrap("record_seal", after=lambda *args: True)
if point == "staged":
    put_in_place = generation.Generation.put_in_place
    def held(self, site_dir):
        hold()
        return put_in_place(self, site_dir)
    generation.Generation.put_in_place = held
sys.argv = ["toolkit", *arguments]
runpy.run_module("toolkit", run_name="__main__", alter_sys=True)
"""

POINTS = ["swapped", "old site kept", "waiting for the clock", "sealed"]
SUMMARY = re.compile(
    r"build: \d+ articles?, (\d+) files? written, (\d+) unchanged, \d+ removed, (\d+) search bundles? indexed"
)


def _stopped_at(point: str, signum: int, project: Path, tmp_path: Path) -> None:
    done = signalled_when_held(_CHILD, tmp_path / "marker", [point, "-C", str(project), "publish"], signum, (300, 120))
    assert done.returncode == (EXIT_INTERRUPTED if signum == signal.SIGINT else -signum), done.stderr
    assert "Traceback" not in done.stderr


def _edit_keeping_size_and_mtime(path: Path) -> bytes:
    """An edit no signature shows (rsync --inplace -t, cp -p): other bytes of the same length, the old mtime;
    the bytes before it."""
    status = path.stat()
    data = path.read_bytes()
    path.write_bytes(b"X" + data[1:])
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    return data


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed project in a search bundle an article, published once, its catalogs settled (their signatures
    vouch for them, so that a build reads none it need not)."""
    project = copy_default_project(tmp_path_factory.mktemp("built") / "p")
    toml = project / "toolkit.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "search_bundle_articles = 1\n", encoding="utf-8")
    assert run_toolkit(project, "publish").returncode in (0, 3)
    time.sleep(RACY_WINDOW_NS / 1e9 + 0.1)
    return project


def _settled_copies(built: Path, tmp_path: Path, *names: str) -> list[Path]:
    """Copies of `built`, each built once where it is (its own files, linked, sealed), settled by one wait: the
    next build carries every unchanged page and bundle by linking it, as a build in place does."""
    projects = [tmp_path / name for name in names]
    for project in projects:
        subprocess.run(["cp", "-a", str(built), str(project)], check=True)
        assert run_toolkit(project, "build").returncode == 0
    time.sleep(RACY_WINDOW_NS / 1e9 + 0.1)
    return projects


def _settled_copy(built: Path, tmp_path: Path) -> Path:
    return _settled_copies(built, tmp_path, "p")[0]


def _edit_a_catalog(project: Path) -> None:
    catalog = sorted((project / "translations").glob("*.po"))[-1]
    entries = read_catalog(catalog)
    entries[1].msgstr += " Edited."
    catalog.write_bytes(serialize_catalog(entries))


@pytest.mark.parametrize(
    ("point", "signum"),
    [
        ("swapped", signal.SIGINT),
        ("old site kept", signal.SIGINT),
        # A run each, about 10 s: in CI only (slow).
        *(pytest.param(point, signal.SIGINT, marks=pytest.mark.slow) for point in POINTS[2:]),
        pytest.param("swapped", signal.SIGKILL, marks=pytest.mark.slow),
        pytest.param("waiting for the clock", signal.SIGKILL, marks=pytest.mark.slow),
    ],
    ids=[*(f"{point}, INT" for point in POINTS), "swapped, KILL", "waiting for the clock, KILL"],
)
def test_a_publish_stopped_after_the_swap_leaves_the_next_build_only_what_changed(
    built: Path, tmp_path: Path, point: str, signum: int
) -> None:
    project = _settled_copy(built, tmp_path)
    _edit_a_catalog(project)
    reference = tmp_path / "reference"  # the same inputs built from scratch
    subprocess.run(["cp", "-a", str(project), str(reference)], check=True)
    subprocess.run(["rm", "-rf", str(reference / "site"), str(reference / ".toolkit")], check=True)
    assert run_toolkit(reference, "build").returncode == 0

    _stopped_at(point, signum, project, tmp_path)
    state = project / ".toolkit"
    assert (state / PENDING_MANIFEST_NAME).exists() or point == "sealed"
    page = sorted((project / "site" / "articles").glob("*.html"))[0]  # an article the build carried
    _edit_keeping_size_and_mtime(page)

    done = run_toolkit(project, "build")
    assert done.returncode == 0, done.stderr
    written, unchanged, indexed = map(int, SUMMARY.search(done.stdout).groups())
    # Only the page edited after the stop is made again; before, every page and every bundle was.
    assert (written, indexed) == (1, 0), done.stdout
    assert unchanged > 20
    assert tree_hashes(project / "site") == tree_hashes(reference / "site")
    assert sorted(path.name for path in state.iterdir() if "manifest" in path.name) == [MANIFEST_NAME]
    again = run_toolkit(project, "build")
    assert SUMMARY.search(again.stdout).groups()[::2] == ("0", "0"), again.stdout


def test_a_search_bundle_file_edited_after_the_stop_is_indexed_anew(built: Path, tmp_path: Path) -> None:
    project = _settled_copy(built, tmp_path)
    _edit_a_catalog(project)
    _stopped_at("old site kept", signal.SIGKILL, project, tmp_path)
    entry = sorted((project / "site" / "pagefind").glob("*/pagefind-entry.json"))[0]
    original = _edit_keeping_size_and_mtime(entry)
    done = run_toolkit(project, "build")
    written, _, indexed = map(int, SUMMARY.search(done.stdout).groups())
    assert (written, indexed) == (0, 1), done.stdout
    assert entry.read_bytes() == original


@pytest.mark.parametrize(
    "signum", [signal.SIGINT, pytest.param(signal.SIGKILL, marks=pytest.mark.slow)], ids=["INT", "KILL"]
)
def test_a_publish_stopped_before_the_swap_leaves_the_next_build_only_what_changed(
    built: Path, tmp_path: Path, signum: int
) -> None:
    # The stopped build linked every carried page and bundle file of the site in place into its staging folder,
    # and that folder's removal (by the build on its way out, or by the next one) took the links away: each a
    # change of the file's ctime past the seal, so the next build made every page and bundle again.
    project, uninterrupted = _settled_copies(built, tmp_path, "p", "uninterrupted")
    _edit_a_catalog(project)
    _edit_a_catalog(uninterrupted)
    expected = SUMMARY.search(run_toolkit(uninterrupted, "build").stdout).groups()
    _stopped_at("staged", signum, project, tmp_path)
    page = sorted((project / "site" / "articles").glob("*.html"))[0]  # an article neither build changes
    original = _edit_keeping_size_and_mtime(page)

    done = run_toolkit(project, "build")
    assert done.returncode == 0, done.stderr
    written, _, indexed = map(int, SUMMARY.search(done.stdout).groups())
    # What the stopped build had to do, and the page edited since; before, 27 files and 4 bundles of 4.
    assert (written, indexed) == (int(expected[0]) + 1, int(expected[2])), (done.stdout, expected)
    assert page.read_bytes() == original
    assert tree_hashes(project / "site") == tree_hashes(uninterrupted / "site")
