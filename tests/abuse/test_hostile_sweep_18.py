"""Cases from the eighteenth hostile sweep (issue 10): a project moved while a run writes it. Each test failed
before its fix."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from abuse_projects import copy_default_project, run_toolkit, tree_hashes
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import EXIT_FAILURE

ARTICLE = "000_bff552917bc11dca"


@pytest.mark.parametrize(
    ("command", "module", "step"),
    [
        ("publish", "toolkit.commands.publish", "update_catalogs"),
        ("translate", "toolkit.commands.translate", "update_catalogs"),
        ("build", "toolkit.commands.build", "build_site"),
    ],
)
def test_a_project_moved_while_a_run_writes_it_is_not_made_again_at_its_old_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, module: str, step: str
) -> None:
    # `mv news news-2024` while publish drafted: the run's first write made /…/news again, empty, with its
    # catalogs in translations/, the site in site/ and a fresh .toolkit/, and the build, finding no
    # toolkit.toml there, used the default settings: exit 0, the moved project without the run's work and a
    # stray half project at the old path.
    project = copy_default_project(tmp_path / "news")
    assert run_toolkit(project, "-q", "publish").returncode == 0
    source = project / "source" / f"{ARTICLE}.txt"
    (project / "source" / "added.txt").write_text(
        source.read_text(encoding="utf-8").replace("الكرملين", "القصر"), encoding="utf-8"
    )
    moved = tmp_path / "news-2024"
    kept = tree_hashes(project)
    commands = importlib.import_module(module)
    original = getattr(commands, step)

    def moved_first(*arguments, **keywords):
        project.rename(moved)
        return original(*arguments, **keywords)

    monkeypatch.setattr(commands, step, moved_first)
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", command])
    assert result.exit_code == EXIT_FAILURE, result.output
    assert result.stderr == (
        f"toolkit: {project}: the project folder was moved or removed while this run went, so nothing more was "
        "written; run the command again where the project is now\n"
    )
    assert not project.exists()
    assert tree_hashes(moved) == kept
