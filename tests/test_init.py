"""`toolkit init`: a project in one command; outside a project, commands say so and leave nothing behind."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from shared_paths import SEEDS

from toolkit.config import load_config
from toolkit.errors import EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE


def _toolkit(where: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "-q", *arguments], cwd=where, capture_output=True, text=True, timeout=600
    )


def test_init_then_one_article_then_publish_works_on_a_fresh_folder(tmp_path: Path) -> None:
    started = _toolkit(tmp_path, "init", "news")
    assert started.returncode == EXIT_OK, started.stderr
    project = tmp_path / "news"
    assert sorted(path.name for path in project.iterdir()) == [".gitignore", "source", "toolkit.toml", "translations"]
    assert (project / ".gitignore").read_text(encoding="utf-8").splitlines()[-2:] == ["site/", ".toolkit/"]
    config = load_config(project)
    assert (config.source_language, config.target_language, config.site_title) == ("ar", "en", "news")
    assert (project / "toolkit.toml").read_text(encoding="utf-8").count("\n#") >= 5  # explained, not bare

    shutil.copy(SEEDS / "000_bff552917bc11dca.txt", project / "source")
    published = _toolkit(project, "publish", "--strict")
    # No Arabic model here: the catalog is made, the site built, and the missing model named (exit 3).
    assert published.returncode == EXIT_INCOMPLETE, published.stderr
    assert (project / "translations" / "000_bff552917bc11dca.po").is_file()
    assert (project / "site" / "articles" / "000_bff552917bc11dca.html").is_file()
    assert "toolkit models install ar en" in published.stdout


@pytest.mark.parametrize(
    ("folder", "options", "title"),
    [
        ("zh", ("--from", "zh", "--title", '中文新闻 "Chinese" News'), '中文新闻 "Chinese" News'),
        ("الأخبار", (), "الأخبار"),  # the folder's name
        ("zwsp", ("--title", "a\u200bb"), "a\u200bb"),  # a zero-width space, which shows as nothing
    ],
)
def test_init_writes_a_title_as_typed_and_escapes_only_what_cannot_be_seen(
    tmp_path: Path, folder: str, options: tuple[str, ...], title: str
) -> None:
    # A user edits toolkit.toml by hand: "\u4e2d\u6587..." for a Chinese title was unreadable there.
    assert _toolkit(tmp_path, "init", folder, *options).returncode == EXIT_OK
    written = (tmp_path / folder / "toolkit.toml").read_text(encoding="utf-8")
    shown = title.replace('"', '\\"').replace("\u200b", "\\u200b")
    assert f'title = "{shown}"\n' in written
    assert load_config(tmp_path / folder).site_title == title


def test_init_refuses_an_existing_project_and_keeps_a_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.pyc\nsite\n", encoding="utf-8")
    assert _toolkit(tmp_path, "init", "--title", "Gaza wire").returncode == EXIT_OK
    lines = (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["*.pyc", "site"] and lines[-1] == ".toolkit/" and "site/" not in lines
    assert load_config(tmp_path).site_title == "Gaza wire"
    before = (tmp_path / "toolkit.toml").read_bytes()
    again = _toolkit(tmp_path, "init", "--title", "Other")
    assert again.returncode == EXIT_USAGE
    assert "already a toolkit project" in again.stderr
    assert (tmp_path / "toolkit.toml").read_bytes() == before


def test_init_over_a_linked_gitignore_makes_it_a_file_of_its_own_said_in_one_line(tmp_path: Path) -> None:
    """As a linked catalog (tests/abuse/test_linked_catalog.py): the shared file stays as it was."""
    shared = tmp_path / "dotfiles" / "gitignore"
    shared.parent.mkdir()
    shared.write_text("*.pyc\n", encoding="utf-8")
    project = tmp_path / "news"
    project.mkdir()
    (project / ".gitignore").symlink_to(shared)
    started = _toolkit(tmp_path, "init", "news")
    assert started.returncode == EXIT_OK, started.stderr
    assert started.stderr.splitlines() == [
        f"toolkit: warning: {project / '.gitignore'}: was a link to {shared}; now a file of its own with its "
        "content and this run's changes (the linked file is left as it was)"
    ]
    assert shared.read_text(encoding="utf-8") == "*.pyc\n"
    assert (project / ".gitignore").read_text(encoding="utf-8").splitlines()[0] == "*.pyc"


def test_init_with_a_bad_language_leaves_nothing(tmp_path: Path) -> None:
    refused = _toolkit(tmp_path, "init", "news", "--from", "arabic!")
    assert refused.returncode == EXIT_USAGE
    assert "source_language" in refused.stderr and "--from" in refused.stderr
    assert "toolkit.toml" not in refused.stderr, "the file it would have written is not there to blame"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["status"], ["check"], ["build"], ["translate"], ["publish"], ["clean"]])
def test_commands_outside_a_project_say_how_to_start_one_and_leave_nothing(tmp_path: Path, command) -> None:
    result = _toolkit(tmp_path, *command)
    assert result.returncode == EXIT_USAGE
    assert result.stderr.count("\n") == 1 and "not a toolkit project" in result.stderr
    assert "toolkit init" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def init_never_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """init's writing made to fail the test: a regression of the checks below must not put a project into / or
    /etc of the machine running the tests (as root, it did)."""
    from toolkit.commands import init as command

    def refuse(*arguments: object) -> None:
        raise AssertionError("init wrote a project")

    monkeypatch.setattr(command, "_write_project", refuse)


@pytest.mark.parametrize("folder", ["/", "/etc", "/usr", "/var", "/tmp", "/home"])
def test_init_refuses_the_root_and_the_systems_own_folders(init_never_writes: None, folder: str) -> None:
    # `toolkit init /` as root wrote toolkit.toml, source/, translations/ and .gitignore into the root.
    from click.testing import CliRunner

    from toolkit.cli import cli

    result = CliRunner().invoke(cli, ["init", folder])
    assert result.exit_code == EXIT_USAGE, result.output
    assert f"toolkit: {folder}: is " in result.output
    assert "give it a folder of its own" in result.output and "nothing was written" in result.output


def test_init_refuses_a_link_to_the_root(init_never_writes: None, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from toolkit.cli import cli

    (tmp_path / "top").symlink_to("/")
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "top")])
    assert result.exit_code == EXIT_USAGE, result.output
    assert "is the root of the file system" in result.output


def test_init_refuses_the_home_folder_itself_and_takes_a_folder_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    refused = _toolkit(tmp_path, "init", str(home))
    assert refused.returncode == EXIT_USAGE, refused.stderr
    assert f"{home}: is your home folder itself" in refused.stderr
    assert f"such as {home / 'news'}" in refused.stderr
    assert list(home.iterdir()) == []
    assert _toolkit(tmp_path, "init", str(home / "news")).returncode == EXIT_OK


def test_a_home_folder_with_a_source_folder_is_no_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # ~/source (of code, say) made the home folder a project: publish there read it and wrote translations/,
    # site/ and .toolkit/ into the home folder.
    home = tmp_path / "home"
    (home / "source").mkdir(parents=True)
    shutil.copy(SEEDS / "000_bff552917bc11dca.txt", home / "source")
    monkeypatch.setenv("HOME", str(home))
    result = _toolkit(home, "publish")
    assert result.returncode == EXIT_USAGE, result.stderr
    assert f"toolkit: {home}: not a toolkit project: it is your home folder itself" in result.stderr
    assert sorted(path.name for path in home.iterdir()) == ["source"]


@pytest.mark.parametrize("inside", ["source", "translations", "site/x", ".toolkit/a"])
def test_init_refuses_a_folder_another_project_reads_or_replaces(tmp_path: Path, inside: str) -> None:
    # A project in another's translations/ was read as its catalogs' folder; one in site/ was moved out to
    # .toolkit/not-built-* by the other's next build.
    outer = tmp_path / "outer"
    assert _toolkit(tmp_path, "init", str(outer)).returncode == EXIT_OK
    before = sorted(path.relative_to(outer) for path in outer.rglob("*"))
    refused = _toolkit(tmp_path, "init", str(outer / inside))
    assert refused.returncode == EXIT_USAGE, refused.stderr
    assert f"of the toolkit project {outer}, which that project's runs read or replace" in refused.stderr
    assert sorted(path.relative_to(outer) for path in outer.rglob("*")) == before
    # A folder of its own inside the project's folder is a place for a project.
    assert _toolkit(tmp_path, "init", str(outer / "archive")).returncode == EXIT_OK
