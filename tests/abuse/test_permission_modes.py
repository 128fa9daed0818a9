"""Real permission modes (issue 10): root reads and writes through any mode, so each run here is a child
process that has dropped to the unprivileged user `nobody`, on a project that user owns, in a folder outside
pytest's private (0700) temporary root. A folder or catalog it may not read or write is one line naming the
path, a non-zero exit, nothing half-written; and once the mode is fixed the next run completes.

The child runs the CLI in-process: the interpreter and the venv live where `nobody` may not read (under a
0700 /root), so every module a command needs is imported by running it as root first. TOOLKIT_DEBUG is set
in the child, so an OSError that slipped past toolkit/store/ would show as a traceback and fail the test.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from abuse_projects import copy_default_project, tree_hashes
from click.testing import CliRunner

import toolkit.translate.packages  # noqa: F401  (imported by translate only when something is pending)
from toolkit.cli import cli
from toolkit.site.generation import PREVIOUS_SITE_NAME

NOBODY = 65534

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or os.geteuid() != 0,
    reason="needs root, to drop to an unprivileged user (as an unprivileged user, chmod 000 is tested as is)",
)


def _as_root(project: Path, *arguments: str) -> int:
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", *arguments])
    assert "Traceback" not in result.output, result.output
    return result.exit_code


def _as_nobody(
    project: Path, *arguments: str, home: Path | None = None, fresh_argos: bool = True
) -> tuple[int, list[str]]:
    """Run `toolkit -C project -q arguments` as nobody, with a home of its own; (exit code, its `toolkit:`
    lines)."""
    output = project.parent / "output.txt"
    output.write_text("", encoding="utf-8")
    os.chown(output, NOBODY, NOBODY)
    if home is None:
        home = project.parent / "home"  # nobody's own, where argostranslate makes its data folders
        home.mkdir(exist_ok=True)
        os.chown(home, NOBODY, NOBODY)
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 98
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.environ["TOOLKIT_DEBUG"] = "1"
            os.environ["HOME"] = str(home)
            # As in a fresh process of nobody's: argostranslate finds its folders from HOME when imported, and
            # an earlier test in this process may have imported it as root.
            for name in [name for name in sys.modules if fresh_argos and name.split(".")[0] == "argostranslate"]:
                del sys.modules[name]
            with open(output, "w", encoding="utf-8") as handle:
                sys.stdout = sys.stderr = handle
                try:
                    cli.main(args=["-C", str(project), "-q", *arguments], prog_name="toolkit")
                    code = 0
                except SystemExit as exit:
                    code = exit.code if isinstance(exit.code, int) else 1
                except BaseException:
                    traceback.print_exc(file=handle)
                    code = 99
                handle.flush()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    text = output.read_text(encoding="utf-8")
    assert "Traceback" not in text, text
    return os.waitstatus_to_exitcode(status), [line for line in text.splitlines() if line.startswith("toolkit: ")]


def _errors(lines: list[str]) -> list[str]:
    return [line for line in lines if not line.startswith("toolkit: warning: ")]


def _give_to_nobody(folder: Path) -> None:
    for root, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            os.lchown(os.path.join(root, name), NOBODY, NOBODY)
    os.chown(folder, NOBODY, NOBODY)


def _leftovers(project: Path) -> list[str]:
    return [
        str(path)
        for path in project.rglob("*")
        if path.name.endswith(".tmp") or path.name.startswith(("site-staging-", "site-manifest.next-"))
    ]


@pytest.fixture(scope="module")
def published() -> Iterator[Path]:
    """The seed project published once as root (which also imports every module the commands use)."""
    holder = Path(tempfile.mkdtemp(prefix="toolkit-permissions-", dir="/tmp"))
    try:
        project = copy_default_project(holder / "published")
        assert _as_root(project, "publish") in (0, 3)
        assert _as_root(project, "build") == 0
        yield project
    finally:
        shutil.rmtree(holder, ignore_errors=True)


@pytest.fixture
def project(published: Path) -> Iterator[Path]:
    """A copy of the published project owned by nobody, in a world-accessible folder of its own."""
    holder = Path(tempfile.mkdtemp(prefix="toolkit-permissions-", dir="/tmp"))
    try:
        holder.chmod(0o777)
        copy = Path(shutil.copytree(published, holder / "p", symlinks=True))
        _give_to_nobody(copy)
        yield copy
    finally:
        for root, folders, _ in os.walk(holder):
            for name in folders:
                os.chmod(os.path.join(root, name), 0o755)
        shutil.rmtree(holder, ignore_errors=True)


@pytest.mark.parametrize("command", ["publish", "translate", "clean"])
def test_a_source_folder_nobody_may_read_is_one_line(project: Path, command: str) -> None:
    source = project / "source"
    catalogs, site = tree_hashes(project / "translations"), tree_hashes(project / "site")
    source.chmod(0o000)
    code, lines = _as_nobody(project, command)
    assert code != 0
    assert len(_errors(lines)) == 1, lines
    assert str(source) in lines[0] and "permission denied" in lines[0]
    assert tree_hashes(project / "translations") == catalogs and tree_hashes(project / "site") == site
    assert not _leftovers(project)
    source.chmod(0o755)
    assert _as_nobody(project, command)[0] in (0, 3)


@pytest.mark.parametrize("command", ["publish", "build", "status"])
def test_a_translations_folder_nobody_may_read_is_one_line(project: Path, command: str) -> None:
    translations = project / "translations"
    translations.chmod(0o000)
    site = tree_hashes(project / "site")
    code, lines = _as_nobody(project, command)
    assert code != 0
    assert len(_errors(lines)) == 1, lines
    assert str(translations) in _errors(lines)[0] and "permission denied" in _errors(lines)[0]
    assert tree_hashes(project / "site") == site
    assert not _leftovers(project)
    translations.chmod(0o755)
    assert _as_nobody(project, command)[0] in (0, 3)


@pytest.mark.parametrize("command", ["publish", "build"])
def test_one_catalog_nobody_may_read_is_named_and_keeps_its_page(project: Path, command: str) -> None:
    catalog = sorted((project / "translations").glob("*.po"))[1]
    page = project / "site" / "articles" / f"{catalog.stem}.html"
    page_bytes = page.read_bytes()
    catalogs = tree_hashes(project / "translations")
    catalog.chmod(0o000)
    code, lines = _as_nobody(project, command)
    assert code == 1
    named = [line for line in _errors(lines) if str(catalog) in line]
    assert len(named) == 1 and "permission denied" in named[0], lines
    assert len(_errors(lines)) == 1, lines
    assert page.read_bytes() == page_bytes
    assert len(list((project / "site" / "articles").glob("*.html"))) == 5
    catalog.chmod(0o644)
    assert tree_hashes(project / "translations") == catalogs
    assert not _leftovers(project)
    assert _as_nobody(project, command)[0] in (0, 3)


def test_a_translations_folder_nobody_may_write_is_one_line_and_nothing_half_written(project: Path) -> None:
    translations = project / "translations"
    removed = sorted(translations.glob("*.po"))[0]
    removed.unlink()
    catalogs = tree_hashes(translations)
    translations.chmod(0o555)
    code, lines = _as_nobody(project, "translate")
    assert code == 1
    assert len(_errors(lines)) == 1 and "permission denied" in _errors(lines)[0], lines
    assert str(translations) in _errors(lines)[0]
    assert tree_hashes(translations) == catalogs
    assert not _leftovers(project)
    translations.chmod(0o755)
    assert _as_nobody(project, "translate")[0] in (0, 3)
    assert removed.exists()


@pytest.mark.parametrize("folder", [".toolkit", "site"])
def test_a_state_or_site_folder_nobody_may_write_stops_the_build(project: Path, folder: str) -> None:
    catalog = sorted((project / "translations").glob("*.po"))[0]
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    site = tree_hashes(project / "site")
    (project / folder).chmod(0o555)
    code, lines = _as_nobody(project, "build")
    assert code == 1
    assert len(_errors(lines)) == 1 and "permission denied" in _errors(lines)[0], lines
    assert str(project / folder) in _errors(lines)[0]
    assert tree_hashes(project / "site") == site
    (project / folder).chmod(0o755)
    assert not _leftovers(project)
    assert _as_nobody(project, "build")[0] == 0


def test_a_home_folder_nobody_may_write_does_not_stop_translate(project: Path) -> None:
    # Importing argostranslate made its folders under $HOME, and failed there; the toolkit has it make none
    # (a package is installed into a folder made then), so translate says only what it lacks: a package.
    removed = sorted((project / "translations").glob("*.po"))[0]
    removed.unlink()
    home = Path(tempfile.mkdtemp(prefix="toolkit-home-", dir="/tmp"))
    try:
        home.chmod(0o555)
        code, lines = _as_nobody(project, "translate", home=home)
        assert list(home.iterdir()) == []
    finally:
        shutil.rmtree(home, ignore_errors=True)
    assert code == 3
    assert len(_errors(lines)) == 1 and "no Argos package for ar -> en" in lines[0], lines


def test_argos_settings_nobody_may_read_are_one_line(project: Path) -> None:
    """argostranslate imported by root (its settings file under root's home), then used by nobody."""
    from argostranslate import settings

    if all(folder.stat().st_mode & stat.S_IXOTH for folder in settings.settings_file.parents):
        pytest.skip(f"{settings.settings_file} is within reach of other users here")
    sorted((project / "translations").glob("*.po"))[0].unlink()
    code, lines = _as_nobody(project, "translate", fresh_argos=False)
    assert code == 1
    assert len(_errors(lines)) == 1, lines
    assert str(settings.settings_file) in lines[0] and "cannot read Argos Translate's settings" in lines[0]


def test_an_old_site_that_cannot_be_removed_after_the_swap_is_named_on_the_next_build(project: Path) -> None:
    (project / "site" / "articles").chmod(0o555)  # the swapped-out site keeps files nobody may delete
    code, lines = _as_nobody(project, "build")
    assert code == 0 and not _errors(lines), lines
    # Kept for the next build to stage in (toolkit/site/generation.py), which cannot: it puts it aside, cannot
    # remove it and says so; so does every build after, until it is removed by hand.
    assert (project / ".toolkit" / PREVIOUS_SITE_NAME / "articles").is_dir()
    for _ in range(2):
        code, lines = _as_nobody(project, "build")
        leftover = [path for path in (project / ".toolkit").iterdir() if path.name.startswith("site-staging-")]
        assert len(leftover) == 1
        message = f"{leftover[0]}: an earlier site or build left here cannot be removed"
        assert code == 0 and len([line for line in lines if message in line]) == 1, lines
