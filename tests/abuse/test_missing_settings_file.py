"""A project without toolkit.toml runs on the default settings (the default corpus predates the file), and
every command that builds says so: build, publish, and serve at each rebuild, when the file is gone while it
serves (it rebuilt with the defaults, retitling the site, without a word)."""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.commands.serve import _rebuild
from toolkit.errors import EXIT_OK

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from site_projects import sample_project

SAID = "toolkit.toml: missing, so the default settings are used (site title 'Bilingual news', ar -> en)"


def test_build_without_toolkit_toml_says_the_defaults_are_used(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    built = CliRunner().invoke(cli, ["-C", str(project), "-q", "build"])
    assert built.exit_code == EXIT_OK, built.output
    assert "missing, so the default settings" not in built.stderr

    (project / "toolkit.toml").unlink()
    rebuilt = CliRunner().invoke(cli, ["-C", str(project), "-q", "build"])
    assert rebuilt.exit_code == EXIT_OK, rebuilt.output
    assert f"toolkit: warning: {project / SAID}" in rebuilt.stderr
    again = CliRunner().invoke(cli, ["-C", str(project), "-q", "build"])  # nothing changed: still said
    assert f"toolkit: warning: {project / SAID}" in again.stderr


def test_serve_says_so_when_toolkit_toml_is_gone_while_it_serves(tmp_path: Path, capsys) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    assert _rebuild(project)
    assert "default settings" not in capsys.readouterr().err

    (project / "toolkit.toml").unlink()
    assert _rebuild(project)
    assert f"toolkit: warning: {project / SAID}" in capsys.readouterr().err
