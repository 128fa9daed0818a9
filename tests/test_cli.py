from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.catalog.store import read_catalog
from toolkit.cli import cli
from toolkit.errors import ClusterError, SiteError
from toolkit.site import search
from toolkit.translate.cluster import worker_pool

REPO = Path(__file__).resolve().parent.parent


def _project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "toolkit.toml", project)
    shutil.copytree(REPO / "translations", project / "translations")
    return project


def test_project_option_works_before_and_after_the_command(tmp_path: Path):
    project = _project_copy(tmp_path)
    runner = CliRunner()
    before = runner.invoke(cli, ["-C", str(project), "status"])
    after = runner.invoke(cli, ["status", "-C", str(project), "-q"])
    assert before.exit_code == after.exit_code == 0, after.output
    assert before.output == after.output
    assert "000_bff552917bc11dca" in after.output


def test_a_missing_project_folder_is_one_line_and_exit_2(tmp_path: Path):
    result = CliRunner().invoke(cli, ["status", "-C", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_the_command_list_gives_whole_sentences_and_each_help_only_its_own_exit_codes():
    listing = CliRunner().invoke(cli, ["--help"]).output.split("Commands:")[1].split("Exit codes")[0]
    summaries = [line.split(None, 1)[1] for line in listing.strip().splitlines()]
    assert summaries and all(summary.endswith(".") and "..." not in summary for summary in summaries)
    status_help = CliRunner().invoke(cli, ["status", "--help"]).output
    assert "Exit codes: 0 success; 1 " in status_help
    assert "4 another run" not in status_help and "3 done" not in status_help
    publish_help = CliRunner().invoke(cli, ["publish", "--help"]).output
    assert "3 done but incomplete" in publish_help and "4 another run" in publish_help


def test_counts_are_plain_english():
    from toolkit.catalog.entries import StateCounts, counted, state_phrase

    assert [counted(1, "block"), counted(2, "block"), counted(0, "entry", "entries")] == [
        "1 block",
        "2 blocks",
        "0 entries",
    ]
    phrase = state_phrase(StateCounts(reviewed=1, drafts=1, needs_review=2, untranslated=0))
    assert phrase == "1 reviewed, 1 machine draft, 2 need review, 0 untranslated"


SEED_ARTICLE = "001_7e7eb9076ff80330"


def _seed_project(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(REPO / "toolkit.toml", folder)
    shutil.copytree(REPO / "source", folder / "source")
    return folder


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder, outside the project, holding decoys under the names the tests give relative."""
    folder = tmp_path / "elsewhere"
    (folder / "source").mkdir(parents=True)
    (folder / "source" / f"{SEED_ARTICLE}.txt").write_text("DECOY HEADLINE\n\nDecoy paragraph.\n", encoding="utf-8")
    (folder / "edition.txt").write_text("Decoy edition.\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


def test_clean_reads_its_paths_in_the_project_folder_given_by_c(tmp_path: Path, elsewhere: Path) -> None:
    project = _seed_project(tmp_path / "project")
    result = CliRunner().invoke(cli, ["-C", str(project), "clean", f"source/{SEED_ARTICLE}.txt"])
    assert result.exit_code == 0, result.output
    assert "DECOY" not in result.output and result.output.strip()


def test_align_reads_its_article_and_translation_in_the_project_folder(
    tmp_path: Path, elsewhere: Path, argos_packages_dir: Path
) -> None:
    project = _seed_project(tmp_path / "project")
    reference = [entry.msgstr for entry in read_catalog(REPO / "translations" / f"{SEED_ARTICLE}.po") if entry.msgid]
    (project / "edition.txt").write_text("\n\n".join(reference) + "\n", encoding="utf-8")
    for given in (["-C", str(project), "align"], ["align", "-C", str(project)]):
        result = CliRunner().invoke(cli, [*given, f"source/{SEED_ARTICLE}.txt", "edition.txt"])
        assert result.exit_code == 0, result.output
    aligned = [entry.msgstr for entry in read_catalog(project / "translations" / f"{SEED_ARTICLE}.po") if entry.msgid]
    assert aligned == reference


def test_init_makes_its_folder_in_the_project_folder(tmp_path: Path, elsewhere: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "init", "newsroom"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "newsroom" / "toolkit.toml").is_file() and not (elsewhere / "newsroom").exists()


def test_models_install_from_reads_the_file_in_the_project_folder(
    tmp_path: Path, elsewhere: Path, argos_packages_dir: Path
) -> None:
    project = _seed_project(tmp_path / "project")
    (project / "damaged.argosmodel").write_bytes(b"not a zip archive")
    result = CliRunner().invoke(cli, ["-C", str(project), "models", "install", "--from", "damaged.argosmodel"])
    assert result.exit_code != 0
    assert str(project / "damaged.argosmodel") in result.output, result.output


@pytest.mark.parametrize("given", ["damaged.argosmodel", "./damaged"])
def test_models_install_takes_a_package_file_given_alone_as_from(
    tmp_path: Path, elsewhere: Path, argos_packages_dir: Path, given: str
) -> None:
    # `toolkit models install FILE.argosmodel` was refused as "give two languages ...; got 1: FILE.argosmodel".
    project = _seed_project(tmp_path / "project")
    (project / given).write_bytes(b"not a zip archive")
    alone = CliRunner().invoke(cli, ["-C", str(project), "models", "install", given])
    with_from = CliRunner().invoke(cli, ["-C", str(project), "models", "install", "--from", given])
    assert alone.exit_code == with_from.exit_code == 1, alone.output
    assert alone.output == with_from.output
    assert str(project / given.removeprefix("./")) in alone.output, alone.output


TWO_LANGUAGES = "give two languages, SOURCE and TARGET (e.g. `ar en`), or none for the project's pair"


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["zh"], f"{TWO_LANGUAGES}; got 1: zh"),
        (["ar", "en", "fr"], f"{TWO_LANGUAGES}; got 3: ar en fr"),
        (["ar", "en", "--from", "x.argosmodel"], "or --from FILE.argosmodel, not both"),
    ],
)
def test_models_install_says_which_arguments_are_wrong(tmp_path: Path, arguments: list[str], said: str) -> None:
    # One language alone was told "not both", as if a package file had been given too.
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "models", "install", *arguments])
    assert result.exit_code == 2
    assert said in " ".join(result.output.split()), result.output


def test_a_c_after_the_command_is_relative_to_the_one_before_as_with_git(tmp_path: Path, elsewhere: Path) -> None:
    _project_copy(tmp_path)
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "status", "-C", "project"])
    assert result.exit_code == 0, result.output
    assert "000_bff552917bc11dca" in result.output


def test_an_install_hint_names_the_toolkit_s_own_folder_never_pypi_s_unrelated_toolkit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # importing it raises ImportError, as when it is not installed
    with pytest.raises(ClusterError, match="Ray, which is not installed") as raised, worker_pool("local", tmp_path):
        pass
    hint = str(raised.value).split("install it with: ", 1)[1]
    assert hint == f"cd {shlex.quote(str(REPO))} && {shlex.quote(sys.executable)} -m pip install -e '.[cluster]'"


class _Installed:
    """A distribution's metadata as importlib gives it: only its direct_url.json."""

    def __init__(self, direct_url: str | None) -> None:
        self._direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        return self._direct_url if name == "direct_url.json" else None


PYTHON = shlex.quote(sys.executable)


@pytest.mark.parametrize(
    ("direct_url", "cluster", "reinstall"),
    [
        (
            '{"url": "file:///home/u/toolkit", "dir_info": {}}',
            "'toolkit[cluster] @ file:///home/u/toolkit'",
            "'toolkit @ file:///home/u/toolkit'",
        ),
        (
            '{"url": "file:///tmp/toolkit-0.1.0-py3-none-any.whl", "archive_info": {"hash": "sha256=00"}}',
            "'toolkit[cluster] @ file:///tmp/toolkit-0.1.0-py3-none-any.whl'",
            "'toolkit @ file:///tmp/toolkit-0.1.0-py3-none-any.whl'",
        ),
        (
            '{"url": "https://example.org/news/toolkit.git", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}',
            "'toolkit[cluster] @ git+https://example.org/news/toolkit.git@abc123'",
            "'toolkit @ git+https://example.org/news/toolkit.git@abc123'",
        ),
        (
            None,
            "'<the toolkit's folder or wheel>[cluster]' (where the toolkit was installed from)",
            "'<the toolkit's folder or wheel>' (where the toolkit was installed from)",
        ),
    ],
)
def test_an_install_hint_fits_a_toolkit_installed_without_e(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, direct_url: str | None, cluster: str, reinstall: str
) -> None:
    # Installed with `pip install .` (or a wheel), the toolkit's folder is site-packages: the hint said
    # `pip install -e '.[cluster]' (in the toolkit's folder)`, which fails there (no pyproject.toml) and, run in
    # a source folder, turns the install into an editable one of whatever that folder holds.
    from importlib import metadata

    from toolkit import errors

    installed = tmp_path / "site-packages" / "toolkit"
    installed.mkdir(parents=True)
    monkeypatch.setattr(errors, "__file__", str(installed / "errors.py"))
    monkeypatch.setattr(metadata, "distribution", lambda name: _Installed(direct_url))
    assert errors.toolkit_install_command("cluster") == f"{PYTHON} -m pip install {cluster}"
    assert errors.toolkit_install_command() == f"{PYTHON} -m pip install {reinstall}"
    assert "-e" not in errors.toolkit_install_command("cluster").split()


def test_a_missing_search_indexer_is_repaired_by_reinstalling_the_toolkit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pagefind.service", None)
    with pytest.raises(SiteError, match=r"reinstall the toolkit: cd .* -m pip install -e \.$"):
        search._indexer()


def test_a_dependency_missing_after_an_update_is_named_with_the_reinstall_not_as_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A `git pull` that brought a new dependency (wordfreq) into pyproject.toml, the venv installed before it.
    from toolkit.commands import clean

    def needs_a_new_dependency(*_arguments, **_options):
        import wordfreq  # noqa: F401

    monkeypatch.setitem(sys.modules, "wordfreq", None)
    monkeypatch.setattr(clean, "run", needs_a_new_dependency)
    result = CliRunner().invoke(cli, ["-C", str(_project_copy(tmp_path)), "clean"])
    assert result.exit_code == 1
    assert "internal error" not in result.output
    assert f"the Python module 'wordfreq', which the toolkit needs, is not installed in {sys.prefix}" in result.output
    reinstall = f"reinstall the toolkit: cd {shlex.quote(str(REPO))} && {PYTHON} -m pip install -e ."
    assert result.output.rstrip().endswith(reinstall)


def _on_a_terminal(arguments: list[str], cwd: Path) -> tuple[int, str]:
    """Run the toolkit with stdout and stderr on a pseudo-terminal: its exit status and what the terminal got."""
    import os
    import pty
    import subprocess

    main, replica = pty.openpty()
    env = {**os.environ, "TERM": "dumb"}
    env.pop("CI", None)
    with subprocess.Popen(
        [sys.executable, "-m", "toolkit", *arguments], stdin=subprocess.DEVNULL, stdout=replica, stderr=replica,
        cwd=cwd, env=env,
    ) as process:  # fmt: skip
        os.close(replica)
        received = bytearray()
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            received += chunk
        status = process.wait(timeout=120)
    os.close(main)
    return status, received.decode("utf-8", "replace")


def test_no_control_character_of_a_name_reaches_a_terminal_raw(tmp_path: Path) -> None:
    # click writes an ESC sequence as it is to a terminal (it strips only colours, and only elsewhere): a
    # catalog or a source folder named with one (OSC 0 retitles the terminal, CSI 2J clears it) acted on the
    # terminal of whoever ran status or publish there.
    project = _project_copy(tmp_path)
    (project / "source").mkdir()
    shutil.copy(next((REPO / "source").glob("*.txt")), project / "source")
    named = "\x1b]0;pwned\x07\x1b[2J\u202eod.po"
    shutil.copy(next((project / "translations").glob("*.po")), project / "translations" / named)
    (project / "source" / "\x9b31mfolder").mkdir()
    status, shown = _on_a_terminal(["status"], project)
    assert status == 0, shown
    assert not set(shown) & {"\x1b", "\x07", "\x9b", "\u202e"}, repr(shown)
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\u202eod.po: no file in source/ makes this article" in shown, shown


def test_the_build_line_counts_in_plain_english(tmp_path: Path) -> None:
    # "1 articles, 1 files written, ... 1 search bundles indexed": a one-article project's every build said so.
    from toolkit.commands.build import report
    from toolkit.site.build import BuildResult

    one = BuildResult(tmp_path, 1, ["articles/a.html"], 3, (), ("pagefind/",))
    assert report(one).startswith("build: 1 article, 1 file written, 3 unchanged, 0 removed, 1 search bundle indexed")
    two = BuildResult(tmp_path, 2, ["a", "b"], 0, (), ("pagefind/b0/", "pagefind/b1/"))
    assert report(two).startswith("build: 2 articles, 2 files written, 0 unchanged, 0 removed, 2 search bundles")
