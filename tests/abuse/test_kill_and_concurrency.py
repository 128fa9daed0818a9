"""`publish` killed at random moments, and two `publish` runs at once: nothing a translator wrote is lost,
and no process the killed run started is left running.

The kill loop runs the real zh->en test model (TOOLKIT_TEST_MODEL) so that there is real translation work
to interrupt; the concurrency test needs no model.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from abuse_projects import (
    command_environment,
    copy_default_project,
    copy_project,
    descendants,
    published_default_project,
    run_toolkit,
    still_running,
    toolkit_command,
    tree_hashes,
)
from catalog.zh_projects import add_articles, make_project

from toolkit.catalog.store import read_catalog
from toolkit.errors import EXIT_INCOMPLETE, EXIT_INTERRUPTED, EXIT_LOCKED, EXIT_OK
from toolkit.site.settings import PARALLEL_RENDER_MIN

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "site"))
from site_projects import sample_project

KILLS = 8
KILL_SEED = 20260222
ARTICLES_FIRST = 3
ARTICLES_PER_ROUND = 3
PARAGRAPHS = 5


def _reviewed(project: Path) -> dict[tuple[str, str], str]:
    """Every reviewed msgstr by (catalog, msgctxt); every catalog must parse."""
    reviewed = {}
    for path in sorted((project / "translations").glob("*.po")):
        for entry in read_catalog(path):
            if entry.msgstr and not entry.fuzzy and not entry.obsolete:
                reviewed[(path.name, entry.msgctxt or "")] = entry.msgstr
    return reviewed


def _review_some(project: Path) -> None:
    """Do what a translator does: correct every other machine draft and clear its fuzzy flag."""
    for path in sorted((project / "translations").glob("*.po")):
        catalog = polib.pofile(str(path))
        for number, entry in enumerate(catalog):
            if entry.fuzzy and entry.msgstr and number % 2 == 0:
                entry.msgstr = f"Reviewed: {entry.msgstr}"
                entry.flags.remove("fuzzy")
        catalog.save(str(path))


def _site(project: Path) -> dict[str, str]:
    return tree_hashes(project / "site")


# A temporary file beside the file it becomes (toolkit/store/files.py, new_temp_file): `.<name>.<pid>-<n>.tmp`.
_TEMPORARY = re.compile(r"\..+\.\d+-\d+\.tmp", re.DOTALL)


def _left_behind(project: Path) -> list[str]:
    """Every temporary file and build leftover anywhere in the project."""
    return sorted(
        str(path.relative_to(project))
        for path in project.rglob("*")
        if _TEMPORARY.fullmatch(path.name) or path.name.startswith(("site-staging-", "site-manifest.next-"))
    )


# A child of a killed run is killed by the kernel at once; the time allowed is for a machine under load.
CHILD_END_SECONDS = 10
CHILD_START_SECONDS = 120


def _assert_ended(children: dict[int, int]) -> None:
    """Every one of `children` (descendants() of a run just killed) ends; any left is stopped by its PID."""
    deadline = time.monotonic() + CHILD_END_SECONDS
    while (left := still_running(children)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"processes of the killed run left running: {left}"


def _kill_once_it_has_children(project: Path, indexer: Path, stop: signal.Signals) -> dict[int, int]:
    """Run `toolkit build`, send it `stop` as soon as it has started a process; the processes it had. Its
    stderr goes to a file: a pipe would stay open, and a read of it wait, as long as a child left behind."""
    errors = project.parent / "stderr"
    with errors.open("wb") as stderr:
        process = subprocess.Popen(
            toolkit_command(project, "build"),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=command_environment(PAGEFIND_BINARY_PATH=str(indexer)),
        )
    try:
        deadline = time.monotonic() + CHILD_START_SECONDS
        while not (children := descendants(process.pid)) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert children, f"the build started no process: {process.poll()}"
        process.send_signal(stop)
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    # SIGTERM stops a run as Ctrl-C does (toolkit/cli.py); SIGKILL cannot be caught.
    assert process.returncode == (EXIT_INTERRUPTED if stop == signal.SIGTERM else -stop)
    assert b"Traceback" not in errors.read_bytes(), errors.read_text(encoding="utf-8", errors="replace")
    return children


@pytest.mark.parametrize(
    ("articles", "stop"),
    [
        (None, signal.SIGKILL),  # the seed project: the first process is the search indexer
        (None, signal.SIGTERM),
        (PARALLEL_RENDER_MIN + 6, signal.SIGKILL),  # enough articles for render workers, which come first
        (PARALLEL_RENDER_MIN + 6, signal.SIGTERM),  # a stop while they fork (interrupts.uninterrupted)
    ],
)
def test_a_build_killed_while_its_children_run_leaves_no_process(
    tmp_path: Path, articles: int | None, stop: signal.Signals
) -> None:
    project = copy_default_project(tmp_path / "p") if articles is None else sample_project(tmp_path / "p", articles)
    indexer = tmp_path / "indexer"  # an indexer that is still at work whenever the build is killed
    indexer.write_text("#!/bin/sh\nexec sleep 300\n", encoding="utf-8")
    indexer.chmod(0o755)
    _assert_ended(_kill_once_it_has_children(project, indexer, stop))


@pytest.mark.slow
def test_publish_killed_at_random_moments_loses_nothing(tmp_path: Path, model_file: Path, argos_packages_dir: Path):
    project = make_project(tmp_path / "project", model_file, ARTICLES_FIRST, PARAGRAPHS)
    first = run_toolkit(project, "publish")
    assert first.returncode == EXIT_OK, first.stderr
    _review_some(project)
    # A round's worth of new work, run to the end, times the window the kills are drawn from.
    add_articles(project, range(ARTICLES_FIRST, ARTICLES_FIRST + ARTICLES_PER_ROUND), PARAGRAPHS)
    started = time.monotonic()
    assert run_toolkit(project, "publish").returncode == EXIT_OK
    round_seconds = time.monotonic() - started
    reviewed = _reviewed(project)
    assert reviewed

    rng = random.Random(KILL_SEED)
    next_article = ARTICLES_FIRST + ARTICLES_PER_ROUND
    outcomes = []
    for _ in range(KILLS):
        # New articles each round, so that every kill has real translation work to land in.
        add_articles(project, range(next_article, next_article + ARTICLES_PER_ROUND), PARAGRAPHS)
        next_article += ARTICLES_PER_ROUND
        old_site = _site(project)
        errors = tmp_path / "stderr"  # not a pipe, which a child left behind would hold open
        with errors.open("wb") as stderr:
            process = subprocess.Popen(
                toolkit_command(project, "publish"), stdout=subprocess.DEVNULL, stderr=stderr, env=command_environment()
            )
        delay = rng.uniform(0.05, 1.0) * round_seconds
        time.sleep(delay)
        if process.poll() is not None:
            # The round was measured on a busier machine than this one has become (CI runs tests beside it): the
            # window shrinks to what a round takes now, or most kills land after the run ended.
            round_seconds = min(round_seconds, delay)
        children = descendants(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait()
        _assert_ended(children)
        outcomes.append(process.returncode)
        assert b"Traceback" not in errors.read_bytes(), errors.read_text(encoding="utf-8", errors="replace")
        assert _reviewed(project) == reviewed, "a reviewed translation changed"
        killed_site = _site(project)

        finished = run_toolkit(project, "publish")
        assert finished.returncode == EXIT_OK, finished.stderr
        assert _reviewed(project) == reviewed
        new_site = _site(project)
        assert killed_site in (old_site, new_site), "site/ after a kill is neither the old nor the new build"
        for path in (project / "translations").glob("*.po"):
            assert all(entry.msgstr for entry in read_catalog(path) if not entry.obsolete), f"{path} unfinished"
        assert not [path for path in (project / "translations").iterdir() if path.suffix != ".po"]
        assert not _left_behind(project), "a killed run's temporary files outlived the next run"
    assert outcomes.count(-signal.SIGKILL) >= KILLS // 2, f"most runs ended before the kill: {outcomes}"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return published_default_project(tmp_path_factory.mktemp("published"))


@pytest.mark.parametrize("command", ["publish", "build"])
def test_the_temporary_files_a_killed_run_left_are_gone_after_the_next_run(
    published: Path, tmp_path: Path, command: str
) -> None:
    """What a run killed mid-write leaves (its pid, now dead, in each name): the run cache's mark and the build's
    under-way mark in .toolkit/, a compiled template, a catalog. The next run, holding the lock, removes them;
    a file of the user's own that only ends in .tmp stays."""
    project = copy_project(published, tmp_path / "p")
    state = project / ".toolkit"
    (compiled,) = sorted((state / "templates").iterdir())[:1]
    catalog = sorted((project / "translations").glob("*.po"))[0]
    dead = 2**22 + 1  # past the kernel's largest pid: no process has it
    left = [
        state / f".cache.closed.{dead}-0.tmp",
        state / f".site-build-under-way.{dead}-1.tmp",
        compiled.with_name(f".{compiled.name}.{dead}-2.tmp"),
        catalog.with_name(f".{catalog.name}.{dead}-3.tmp"),
    ]
    for path in left:
        path.write_bytes(b"half written")
    (state / "notes.tmp").write_text("mine", encoding="utf-8")
    assert _left_behind(project) == sorted(str(path.relative_to(project)) for path in left)

    result = run_toolkit(project, command)
    assert result.returncode in (EXIT_OK, EXIT_INCOMPLETE), result.stderr
    # build writes no catalog: the one left in translations/ waits for translate or publish, which do.
    assert _left_behind(project) == ([] if command == "publish" else [str(left[3].relative_to(project))])
    assert (state / "notes.tmp").read_text(encoding="utf-8") == "mine"


@pytest.mark.slow
def test_two_publish_runs_at_once_one_waits_or_refuses(tmp_path: Path):
    project = copy_default_project(tmp_path / "project")
    for number in range(200):
        source = (project / "source" / "000_bff552917bc11dca.txt").read_text(encoding="utf-8")
        (project / "source" / f"copy_{number:03d}.txt").write_text(f"{source}\nنسخة رقم {number}\n", encoding="utf-8")
    environment = command_environment(ARGOS_PACKAGES_DIR=str(tmp_path / "argos-packages"))
    runs = [
        subprocess.Popen(
            toolkit_command(project, "publish"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for _ in range(2)
    ]
    outcomes = [(run.wait(timeout=600), run.stderr.read()) for run in runs]

    for code, stderr in outcomes:
        assert "Traceback" not in stderr, stderr
        assert code in (EXIT_OK, EXIT_INCOMPLETE, EXIT_LOCKED), stderr
        if code == EXIT_LOCKED:
            assert re.fullmatch(
                r"toolkit: \S+: (toolkit publish \(pid \d+\) is publishing|another toolkit run is working on) "
                r"this project; try again when it ends",
                stderr.strip(),
            ), stderr
    assert any(code != EXIT_LOCKED for code, _ in outcomes)

    after_race = tree_hashes(project)
    _reviewed(project)
    again = run_toolkit(project, "publish", ARGOS_PACKAGES_DIR=str(tmp_path / "argos-packages"))
    assert again.returncode in (EXIT_OK, EXIT_INCOMPLETE), again.stderr
    assert tree_hashes(project) == after_race, "a run after the race had to repair something"
