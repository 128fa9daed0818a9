from __future__ import annotations

import fcntl
import os
import shutil
import sys
from pathlib import Path

import pytest
from examples import set_quick_run
from shared_paths import REPO, SHARED

# The files that take longest, started first: pytest-xdist hands each worker whole files in collection order
# (--no-loadscope-reorder), and a long file started last keeps one worker busy while the other idles. Measured
# with --durations: with the slow tests, the 10,000-article run, the Ray cluster, the fresh venv and the
# fault-injection sweep; in the quick run, the browser checks (axe on every kind of page and the Nu checker, each
# a file of its own so that the two workers run them at once), the hostile corpus, the real-model runs.
LONGEST_FIRST = (
    "tests/abuse/test_scale.py",
    "tests/catalog/test_cluster.py",
    "tests/test_newcomer.py",
    "tests/abuse/test_fault_injection.py",
    "tests/browser/test_accessibility.py",
    "tests/browser/test_validity.py",
    "tests/browser/",
    "tests/abuse/test_kill_and_concurrency.py",
    "tests/abuse/test_hostile_corpus.py",
    "tests/site/test_site_build.py",
    "tests/catalog/test_translate_zh_model.py",
    "tests/test_publish.py",
    "tests/translate/test_packages.py",
    "tests/catalog/test_memory.py",
    "tests/translate/test_damage_zh_model.py",
)


# The suite starts `python -m toolkit` about 150 times (the CLI as users run it), and each worker imports every
# test module. With bytecode writing off (PYTHONDONTWRITEBYTECODE, as some shells and containers set it), each
# of those processes compiled the toolkit's modules again, and pytest rewrote and compiled every test module in
# every worker of every run. The run writes them as Python does by default, into the __pycache__ folders git
# ignores.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


# Workers for `-n auto`: two a core. Half of a quick run's time on one worker a core was waiting (on Chromium,
# servers, `toolkit` runs that sleep or poll, the file system's flushes), with its core idle. The
# PYTEST_XDIST_AUTO_NUM_WORKERS variable still decides when set; --maxprocesses caps it (pyproject.toml).
WORKERS_A_CORE = 2


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # pytest-xdist's own hook reads it
    return WORKERS_A_CORE * len(os.sched_getaffinity(0))


def pytest_configure(config: pytest.Config) -> None:
    set_quick_run("not slow" in (config.getoption("markexpr") or ""))


def _start_rank(item: pytest.Item) -> int:
    path = item.path.relative_to(REPO).as_posix()
    return next((rank for rank, prefix in enumerate(LONGEST_FIRST) if path.startswith(prefix)), len(LONGEST_FIRST))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_start_rank)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing: the tests read the seeds and devdata from ../shared")
    return SHARED


@pytest.fixture(scope="session")
def model_file() -> Path:
    """The real Argos package; set TOOLKIT_TEST_MODEL (CI does). Set but missing is a failure, not a skip."""
    value = os.environ.get("TOOLKIT_TEST_MODEL")
    if not value:
        pytest.skip("TOOLKIT_TEST_MODEL is not set")
    path = Path(value)
    if not path.is_file():
        pytest.fail(f"TOOLKIT_TEST_MODEL={value} does not exist")
    return path


@pytest.fixture
def argos_packages_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every package install inside the test's own folder."""
    packages = tmp_path / "argos-packages"
    packages.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    return packages


@pytest.fixture(scope="session")
def zh_packages_dir(model_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A packages folder holding the real zh -> en package, installed once per test run (the tests only read it).

    pytest-xdist's workers share their base temporary folders' parent: the first worker to ask installs there,
    under a lock the others wait on (an install unpacks and checks 80 MB: 2 s of CPU). Without workers the
    session's own folder holds it."""
    from toolkit.translate.packages import install_file

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    folder = shared / "argos-zh"
    with open(shared / "argos-zh.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "argos-zh.installed").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("ARGOS_PACKAGES_DIR", str(folder))
                install_file(model_file)
            (shared / "argos-zh.installed").touch()
    return folder


@pytest.fixture
def zh_installed(zh_packages_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(zh_packages_dir))
    return zh_packages_dir
