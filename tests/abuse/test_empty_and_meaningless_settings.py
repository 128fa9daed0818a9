"""An empty path on the command line (an unset shell variable) and settings of the right type that mean nothing
(a blank title, a date locale for a language the site does not have): each one line naming what is wrong, no
work done. The toolkit.toml cases are in tests/test_config.py, with the other settings it refuses."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.config import load_config


def _parameters(command: click.Command):
    yield from command.params
    for sub in getattr(command, "commands", {}).values():
        yield from _parameters(sub)


def test_every_path_the_command_line_takes_refuses_the_empty_string():
    paths = [parameter for parameter in _parameters(cli) if isinstance(parameter.type, click.Path)]
    assert len(paths) >= 6  # -C (before and after a command), init's folder, clean's paths, --from, align's file
    for parameter in paths:
        with pytest.raises(click.BadParameter, match="is empty"):
            parameter.type.convert("", parameter, None)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    assert CliRunner().invoke(cli, ["init", str(tmp_path / "p")]).exit_code == 0
    (tmp_path / "p" / "source" / "a.txt").write_text("عنوان\n\nفقرة.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "p")
    return tmp_path / "p"


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["clean", ""], "PATHS"),
        (["clean", "source", ""], "PATHS"),
        (["-C", "", "status"], "-C/--project"),
        (["build", "-C", ""], "-C/--project"),
        (["publish", "-C", ""], "-C/--project"),
        (["translate", "-C", ""], "-C/--project"),
        (["check", "-C", ""], "-C/--project"),
        (["serve", "-C", ""], "-C/--project"),
        (["init", ""], "DIRECTORY"),
        (["align", "", "x.txt"], "ARTICLE"),
        (["align", "a", ""], "TRANSLATION_FILE"),
        (["models", "install", "--from", ""], "--from"),
    ],
)
def test_an_empty_path_argument_is_one_line_and_nothing_done(project: Path, arguments: list[str], named: str):
    before = sorted(path.relative_to(project) for path in project.rglob("*"))
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"toolkit: {named} is empty (an unset shell variable?); nothing was done: give a path"
    ]
    assert sorted(path.relative_to(project) for path in project.rglob("*")) == before


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["clean", "https://example.com/news/a.html"], "PATHS"),
        (["-C", "http://example.com/", "status"], "-C/--project"),
        (["align", "a", "HTTPS://example.com/en/a.html"], "TRANSLATION_FILE"),
        (["models", "install", "--from", "https://example.com/translate-ar_en-1_0.argosmodel"], "--from"),
    ],
)
def test_a_web_address_given_for_a_path_is_named_as_one(project: Path, arguments: list[str], named: str):
    # Read as a path, "https://example.com/news/a.html" was "https:/example.com/news/a.html: no such file".
    before = sorted(path.relative_to(project) for path in project.rglob("*"))
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 2
    address = next(argument for argument in arguments if "://" in argument)
    assert result.stderr.splitlines() == [
        f"toolkit: {named} '{address}' is a web address, not a path: save or download it first and give its path;"
        " nothing was done"
    ]
    assert sorted(path.relative_to(project) for path in project.rglob("*")) == before


def test_date_locales_of_the_site_languages_are_taken(tmp_path: Path):
    (tmp_path / "toolkit.toml").write_text('[site]\ndate_locales = { ar = "ar_SY", en = "en_US" }\n', encoding="utf-8")
    assert load_config(tmp_path).site_date_locales == {"ar": "ar_SY", "en": "en_US"}


def test_init_refuses_an_empty_title_and_writes_nothing(tmp_path: Path):
    result = CliRunner().invoke(cli, ["init", "--title", "", str(tmp_path / "p")])
    assert result.exit_code == 2
    assert "site.title is empty" in result.stderr
    assert not (tmp_path / "p").exists()


def test_a_cluster_address_given_on_the_command_line_is_checked_as_the_settings_are(tmp_path: Path):
    (tmp_path / "toolkit.toml").write_text('source_language = "ar"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "translate", "--cluster", "head-node"])
    assert result.exit_code == 2
    assert result.stderr == (
        "toolkit: cluster.address must be a Ray address (host:port, ray://host:port, auto) or 'local', not "
        "'head-node' (given on the command line: --cluster)\n"
    )
